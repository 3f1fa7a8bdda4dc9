"""The settings that apply to a request: sign-up, the idle lock, the quick-exit site, the region.

Every app needs them, so they live at the bottom. The environment gives the values (settings.py);
an app above may change them for a request by registering a provider in its AppConfig.ready
(the clinic app does: a clinic chooses its own in the admin, see care/policy.py). Sign-up that is
invite-only still opens for someone holding an invite; the apps that hand those out say so
through signup_opener_register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class Policy:
    invite_only: bool
    quick_exit_url: str
    idle_timeout_minutes: int
    # The country for crisis lines when the person has not picked one; empty when nobody chose.
    region: str = ""
    # The server is one clinic's own, so what its admin adds (a crisis line, a peer group) is the
    # clinic's. On a server with no clinic, or several, it is the server's, for everyone.
    one_clinic: bool = False


# (the signed-in user or None, the policy so far) -> the policy for them.
PolicyProvider = Callable[[Any, Policy], Policy]
# A request that holds an invite of some kind: sign-up is open to it even when invite-only.
SignupOpener = Callable[[HttpRequest], bool]

_providers: list[PolicyProvider] = []
_signup_openers: list[SignupOpener] = []
_REQUEST_ATTR = "_waypoint_site_policy"


def policy_provider_register(provider: PolicyProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def signup_opener_register(opener: SignupOpener) -> None:
    if opener not in _signup_openers:
        _signup_openers.append(opener)


def environment_policy() -> Policy:
    return Policy(
        invite_only=settings.SIGNUP_MODE == "invite",
        quick_exit_url=settings.QUICK_EXIT_URL,
        idle_timeout_minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES,
    )


def _policy(user: Any) -> Policy:
    policy = environment_policy()
    for provider in _providers:
        policy = provider(user, policy)
    return policy


def policy_for(user_or_request: Any) -> Policy:
    """The settings for this request (worked out once per request) or for this user."""
    if not isinstance(user_or_request, HttpRequest):
        return _policy(user_or_request)
    request = user_or_request
    policy: Policy | None = getattr(request, _REQUEST_ATTR, None)
    if policy is None:
        policy = _policy(getattr(request, "user", None))
        setattr(request, _REQUEST_ATTR, policy)
    return policy


def signup_open(request: HttpRequest) -> bool:
    if not policy_for(request).invite_only:
        return True
    return any(opener(request) for opener in _signup_openers)

"""Site policy: the environment's values, changed through hooks by the apps above (the clinic app)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.test import RequestFactory

from config import site_policy
from config.site_policy import Policy, policy_for, policy_provider_register, signup_open, signup_opener_register


def _request(rf: RequestFactory, **session: Any) -> HttpRequest:
    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = session  # type: ignore[assignment]
    return request


def _five_minute_lock(user: Any, policy: Policy) -> Policy:
    return replace(policy, idle_timeout_minutes=5)


def _holds_test_pass(request: HttpRequest) -> bool:
    return bool(request.session.get("test_pass"))


@pytest.mark.django_db
def test_the_environment_sets_the_policy_and_a_provider_above_can_change_it(rf: RequestFactory, settings: Any) -> None:
    settings.QUICK_EXIT_URL = "https://example.org/weather"
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    assert policy_for(_request(rf)).idle_timeout_minutes == 30
    policy_provider_register(_five_minute_lock)
    try:
        policy = policy_for(_request(rf))
    finally:
        site_policy._providers.remove(_five_minute_lock)
    assert policy.idle_timeout_minutes == 5
    assert policy.quick_exit_url == "https://example.org/weather"


@pytest.mark.django_db
def test_invite_only_sign_up_opens_for_a_request_an_app_says_holds_an_invite(rf: RequestFactory, settings: Any) -> None:
    settings.SIGNUP_MODE = "invite"
    signup_opener_register(_holds_test_pass)
    try:
        closed = signup_open(_request(rf))
        opened = signup_open(_request(rf, test_pass=True))
    finally:
        site_policy._signup_openers.remove(_holds_test_pass)
    assert not closed
    assert opened


@pytest.mark.django_db
def test_sign_up_is_open_to_everyone_when_the_server_says_so(rf: RequestFactory, settings: Any) -> None:
    settings.SIGNUP_MODE = "open"
    assert signup_open(_request(rf))

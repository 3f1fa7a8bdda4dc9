"""Who may open the therapist and clinic-admin pages. Anyone else gets the same 404 as a wrong id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django_htmx.http import reswap, retarget

from accounts.signed_out import login_required_keep_text
from accounts.types import AuthedRequest
from care.models import Membership
from care.selectors import former_clinics_of_therapist, memberships_for_request
from config.htmx import wants_fragment


class MemberRequest(AuthedRequest):
    """A request from a clinic member: their membership is looked up once, fresh each request."""

    membership: Membership


def _role_required(role: str, words: str = "") -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """`words` names a form's text field, shown back if the page is gone by the time it is sent."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = memberships_for_request(request).get(role)
            if membership is None:
                return _not_a_member(request, role, request.POST.get(words, "") if words else "")
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        # The words are read here, before the view's own sensitive_post_parameters: kept out of error reports too.
        # Signed out elsewhere meanwhile, they come back on a page of their own, never the sign-in page instead.
        return login_required_keep_text(sensitive_post_parameters(words)(wrapper)) if words else login_required(wrapper)

    return decorator


@sensitive_variables()
def _not_a_member(request: HttpRequest, role: str, unsent: str = "") -> HttpResponse:
    """The same 404 as for anyone, said plainly to a therapist who used to have clients here.

    They may have been removed while a page was open: what they were writing is shown back to
    copy, and a form sent by htmx (which swaps no 404) gets this page in place of the page's own."""
    clinics = []
    if role == Membership.Role.THERAPIST:
        clinics = former_clinics_of_therapist(request.user)  # type: ignore[arg-type]
    if not clinics:
        raise Http404
    context = {"clinics": clinics, "unsent": unsent if unsent.strip() else ""}
    if wants_fragment(request):
        response = render(request, "care/no_longer_a_therapist.html#gone", context)
        return reswap(retarget(response, "#main"), "innerHTML")
    return render(request, "care/no_longer_a_therapist.html", context, status=404)


therapist_required = _role_required(Membership.Role.THERAPIST)


def therapist_required_keeping(words: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """therapist_required for a page whose form holds the therapist's own words in `words`."""
    return _role_required(Membership.Role.THERAPIST, words=words)


clinic_admin_required = _role_required(Membership.Role.ADMIN)

"""Who may open the therapist and clinic-admin pages. Anyone else gets the same 404 as a wrong id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.types import AuthedRequest
from care.models import Membership
from care.selectors import former_clinics_of_therapist, memberships_for_request


class MemberRequest(AuthedRequest):
    """A request from a clinic member: their membership is looked up once, fresh each request."""

    membership: Membership


def _role_required(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = memberships_for_request(request).get(role)
            if membership is None:
                return _not_a_member(request, role)
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _not_a_member(request: HttpRequest, role: str) -> HttpResponse:
    """The same 404 as for anyone, said plainly to a therapist who used to have clients here."""
    clinics = []
    if role == Membership.Role.THERAPIST:
        clinics = former_clinics_of_therapist(request.user)  # type: ignore[arg-type]
    if not clinics:
        raise Http404
    return render(request, "care/no_longer_a_therapist.html", {"clinics": clinics}, status=404)


therapist_required = _role_required(Membership.Role.THERAPIST)
clinic_admin_required = _role_required(Membership.Role.ADMIN)

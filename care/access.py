"""Who may open the therapist and clinic-admin pages. Anyone else gets the same 404 as a wrong id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from accounts.types import AuthedRequest
from care.models import Membership
from care.selectors import membership_for


class MemberRequest(AuthedRequest):
    """A request from a clinic member: their membership is looked up once, fresh each request."""

    membership: Membership


def _role_required(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for(request.user, role)  # type: ignore[arg-type]
            if membership is None:
                raise Http404
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


therapist_required = _role_required(Membership.Role.THERAPIST)
clinic_admin_required = _role_required(Membership.Role.ADMIN)


def is_fragment(request: HttpRequest) -> bool:
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request

"""Waypoint's own error pages: the same calm layout, the crisis strip, nothing from the request."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from config.request_limits import too_big_answer
from safety.fallback import static_help_response

logger = logging.getLogger(__name__)


def _render(request: HttpRequest, status: int, heading: str, message: str) -> HttpResponse:
    html = render_to_string(
        "errors/error.html", {"status": status, "heading": heading, "message": message}, request=request
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig) and (answer := too_big_answer(request)) is not None:
        return answer(request)
    return _render(request, 400, _("Something about that request didn't work"), _("You could go back and try again."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(
        request, 403, _("This page isn't open to you"), _("If you expected to see it, you could try signing in again.")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404, _("We couldn't find that page"), _("It may have moved, or the link may be mistyped."))


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _render(
            request,
            500,
            _("Something went wrong on our side"),
            _("It wasn't anything you did. What you saved before is safe. You could try again in a moment."),
        )
    except Exception:
        # The layout needs the session and the database; when those are what broke, a page
        # that needs neither still shows the emergency number and where to find help.
        logger.exception("The error page could not be rendered; sending the static help page.")
        return static_help_response(500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(
        request,
        403,
        _("This form timed out"),
        _("For your privacy, forms expire. Go back, copy anything you typed, reload the page and try again."),
    )

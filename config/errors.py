"""Waypoint's own error pages: the same calm layout, the crisis strip, nothing from the request."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.signed_out import words_sent
from config.form_expired import expired_form_answer, from_our_own_page
from config.request_limits import too_big_answer
from safety.fallback import static_help_response

logger = logging.getLogger(__name__)


def _render(request: HttpRequest, status: int, heading: str, message: str, words: str = "") -> HttpResponse:
    html = render_to_string(
        "errors/error.html",
        {"status": status, "heading": heading, "message": message, "words": words},
        request=request,
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig) and (answer := too_big_answer(request)) is not None:
        return answer(request)
    return _render(request, 400, _("That didn't go through"), _("You could go back and try again."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(
        request, 403, _("This page isn't open to you"), _("If you expected to see it, you could try signing in again.")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Nothing that says the person got it wrong: they may be here on a bad day, from a link someone else made.
    return _render(request, 404, _("We couldn't find that page"), _("It may have moved, or it may no longer be here."))


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's pause (asking for a reset link again and again, confirming it's you): its own page
    was a bare "429 Too Many Requests" in English, with no help, no layout and no way on."""
    match = request.resolver_match
    if match is not None and match.url_name == "account_reset_password":
        # Reset links are limited per hour too (ACCOUNT_RATE_LIMITS): "a few minutes" was untrue.
        return _render(
            request,
            429,
            _("That was a lot of tries in a row"),
            _(
                "So sending another link is paused for a while, up to an hour. You could look in your email, "
                "spam too, for one sent already. Nothing you saved is lost."
            ),
        )
    return _render(
        request,
        429,
        _("That was a lot of tries in a row"),
        _("So this is paused for a few minutes. You could try again after that. Nothing you saved is lost."),
    )


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


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    response = _render(
        request,
        405,
        _("This page opens from a form"),
        _("It may have been reloaded, or reached with Back, after a form was sent. What you saved is safe."),
    )
    response["Allow"] = allowed
    return response


class MethodNotAllowedPageMiddleware:
    """A page opened the wrong way (a reloaded or restored tab on an address only a form sends to)
    gets the calm layout with the crisis strip instead of the browser's own blank error: Django's
    require_POST answers 405 with an empty body and there is no handler405 to set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in {"GET", "HEAD"}
            and not getattr(request, "htmx", False)
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            return method_not_allowed(request, response.get("Allow", ""))
        return response


@sensitive_variables()
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if (answer := expired_form_answer(request)) is not None and (response := answer(request)) is not None:
        return response
    # Without JavaScript (which sends the browser's current token), a page drawn before signing in
    # again elsewhere sends an old one. Going back may not bring the words back (no page here is
    # cached), so a form sent from one of our own pages gets them here, to copy. From another site
    # nothing it sent is shown (config/form_expired.py).
    if from_our_own_page(request) and (words := words_sent(request)):
        request.sensitive_post_parameters = "__ALL__"  # type: ignore[attr-defined]
        return _render(
            request,
            403,
            _("This form timed out"),
            _(
                "For your privacy, forms expire after a while, so this is not saved yet. Your words are below "
                "to copy. You could go back, reload the page and paste them in."
            ),
            words=words,
        )
    return _render(
        request,
        403,
        _("This form timed out"),
        _(
            "For your privacy, forms expire after a while. What you saved before is safe. You could go back, "
            "copy anything you typed, then reload the page and send it again."
        ),
    )

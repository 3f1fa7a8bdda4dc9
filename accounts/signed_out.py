"""What a request from a page whose person is signed out meanwhile gets, when that page holds
words: a 401 the page's script understands, never a redirect that would draw the sign-in page in
place of the words."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_variables


def signed_out_response() -> HttpResponse:
    # The page keeps what is typed where it is; waypoint.js shows the idle lock's notice.
    response = HttpResponse(status=401)
    response["HX-Trigger"] = "waypoint:locked"
    return response


# The boxes a person writes in, among everything a save sends, for the views that use the
# decorator below: the journal editor's, a reflection step's answer, a plan step and its
# obstacles, someone added to the plan, a coping idea, a small victory's note, a therapist's note
# or suggested words. In the page's order, so they read back as written.
_WORDS_FIELDS = ("title", "body", "obstacles", "name", "phone", "text", "note", "answer")


@sensitive_variables()
def words_sent(request: HttpRequest) -> str:
    """What the person wrote in a form that could not be saved, in the page's order, to show back
    to copy (never kept anywhere). Only the boxes they write in: never a code, an email or a password."""
    return "\n\n".join(value for name in _WORDS_FIELDS if (value := request.POST.get(name, "").strip()))


@sensitive_variables()
def _signed_out_words(request: HttpRequest) -> HttpResponse:
    """Without JavaScript the page that held the words is gone once its form is sent, and nobody
    is signed in to save them for: they come back here, to copy, instead of a blank page."""
    return render(request, "accounts/signed_out.html", {"words": words_sent(request)}, status=401)


def login_required_keep_text(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like @login_required, but a signed-out save gets a 401 instead of a redirect to the login
    page: with htmx the page keeps the text and can save it after the person signs in again;
    without, the words come back on a page of their own, to copy."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            if request.headers.get("HX-Request") == "true":
                return signed_out_response()
            # The page is drawn before the view's own sensitive_post_parameters has run: should
            # drawing it fail, the error report must not list the words sent.
            request.sensitive_post_parameters = "__ALL__"  # type: ignore[attr-defined]
            return _signed_out_words(request)
        return login_required(view)(request, *args, **kwargs)

    return wrapper

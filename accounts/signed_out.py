"""What a request from a page whose person is signed out meanwhile gets, when that page holds
words: a 401 the page's script understands, never a redirect that would draw the sign-in page in
place of the words."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


def signed_out_response() -> HttpResponse:
    # The page keeps what is typed where it is; waypoint.js shows the idle lock's notice.
    response = HttpResponse(status=401)
    response["HX-Trigger"] = "waypoint:locked"
    return response


def login_required_keep_text(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like @login_required, but a signed-out save gets a 401 instead of a redirect to the login
    page, so the page keeps the text and can save it after the person signs in again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            return signed_out_response()
        return login_required(view)(request, *args, **kwargs)

    return wrapper

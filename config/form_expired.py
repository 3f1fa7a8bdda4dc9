"""A view's own answer when a form's CSRF token is no longer this browser's.

Signing in gives a browser a new token, so a page drawn before someone signed in or out on that
browser sends one the CSRF middleware refuses, and the generic 403 page follows (config/errors.py).
A view whose form holds someone's words, and that needs no account, names a kinder answer here:
the words back in a form with the browser's new token. The token is still checked; the answer
takes nothing and writes nothing.

Only a form sent from one of our own pages is answered so (its Origin is ours, which
config.middleware.NullOriginMiddleware restores from Sec-Fetch-Site). Another site may post to
any address here, with whatever words it likes; given back, they would stand on a Waypoint page,
under "Your words are still here", with a form ready to send them. That request gets the generic
page, which shows nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# None when the request carried nothing worth giving back: the generic page then answers.
ExpiredFormAnswer = Callable[[HttpRequest], HttpResponse | None]


def answers_expired_form(
    answer: ExpiredFormAnswer,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view with its answer to a refused CSRF token. Put it outermost, where the resolver sees it."""

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.expired_form_answer = answer  # type: ignore[attr-defined]
        return view

    return mark


def from_our_own_page(request: HttpRequest) -> bool:
    return request.META.get("HTTP_ORIGIN") == f"{request.scheme}://{request.get_host()}"


def expired_form_answer(request: HttpRequest) -> ExpiredFormAnswer | None:
    if not from_our_own_page(request):
        return None
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, "expired_form_answer", None) if match is not None else None

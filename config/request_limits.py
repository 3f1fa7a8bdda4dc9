"""A view's own answer when a request body is over DATA_UPLOAD_MAX_MEMORY_SIZE.

Django raises RequestDataTooBig the first time request.POST is read, which is in the CSRF
middleware, before the view runs; the generic 400 page would follow, and someone who pasted a
very long text would think it lost. A view that holds writing names a kinder answer here, and
the 400 handler (config/errors.py) gives it. The answer must not read request.POST: it can't.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

TooBigAnswer = Callable[[HttpRequest], HttpResponse]


def answers_too_big(answer: TooBigAnswer) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view with its answer to an over-limit body. Put it outermost, where the resolver sees it."""

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.too_big_answer = answer  # type: ignore[attr-defined]
        return view

    return mark


def too_big_answer(request: HttpRequest) -> TooBigAnswer | None:
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, "too_big_answer", None) if match is not None else None

"""Writing that met a locked journal, carried through the unlock page and saved once it opens (#17).

Without JavaScript, pressing Save is the first request after a long stretch of writing. If the
journal locked meanwhile (after the idle lock and a new sign-in, or "Lock my journal now" in
another tab), turning the save away would lose the words. Instead the unlock page holds them in
hidden fields of its own form (a page that is never cached, and nothing in browser storage), and
the unlock that opens the journal hands them to the view they were sent to, as that view's own
POST: it saves them, or shows the editor again with them, as it would have.

Only views marked keeps_text_when_locked (accounts/middleware.py) may be resumed this way, at
a same-site path, so the unlock form cannot be used to post to anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, ResolverMatch, resolve

from journal.lock_state import journal_unlocked

PREFIX = "carried:"
RESUME_FIELD = "resume"
# The form's own token is stale by the time it returns; the unlock form brings a fresh one.
_NOT_CARRIED = {"csrfmiddlewaretoken"}


@dataclass(frozen=True)
class Carried:
    path: str  # where the writing was sent
    fields: list[tuple[str, str]]  # every submitted value, in order, as (name, value)


def opens_the_lock(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark the unlock pages: they keep the writing they carry through the idle lock (so they are
    keeps_text_when_locked too), but carried writing is never sent on to them."""
    view.opens_the_lock = True  # type: ignore[attr-defined]
    return view


def _resumable(path: str) -> ResolverMatch | None:
    if not path.startswith("/") or path.startswith("//"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    keeps_text = getattr(match.func, "keeps_text_when_locked", False)
    return match if keeps_text and not getattr(match.func, "opens_the_lock", False) else None


def carried_from_locked_post(request: HttpRequest) -> Carried | None:
    """What a writing POST that met the lock sent, if its view keeps text; else None."""
    if request.method != "POST" or _resumable(request.path) is None:
        return None
    fields = [(name, value) for name, values in request.POST.lists() if name not in _NOT_CARRIED for value in values]
    return Carried(path=request.path, fields=fields)


def carried_from_unlock_form(request: HttpRequest) -> Carried | None:
    """The writing an unlock or recovery form brought back in its hidden fields, if any."""
    path = request.POST.get(RESUME_FIELD, "")
    if request.method != "POST" or not path or _resumable(path) is None:
        return None
    fields = [
        (name.removeprefix(PREFIX), value)
        for name, values in request.POST.lists()
        if name.startswith(PREFIX)
        for value in values
    ]
    return Carried(path=path, fields=fields)


def carried_save(request: HttpRequest, carried: Carried, *, lock_key: bytes | None) -> HttpResponse:
    """Run the view the writing was sent to, as its POST, with the journal open for it."""
    match = _resumable(carried.path)
    if match is None:  # checked when it was read; the URLs cannot have changed since
        raise ValueError("not a view that keeps text")
    data = QueryDict(mutable=True)
    for name, value in carried.fields:
        data.appendlist(name, value)
    # The view reads the writing as its own form's POST; the unlock form's fields stay behind.
    request.POST = data  # type: ignore[assignment]
    if lock_key is None:
        return match.func(request, *match.args, **match.kwargs)  # type: ignore[no-any-return]
    with journal_unlocked(request.user.pk, lock_key):
        return match.func(request, *match.args, **match.kwargs)  # type: ignore[no-any-return]

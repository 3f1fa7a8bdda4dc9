"""The part of a share page every audience has: what is offered, and the page's one round trip.

A therapist's share page (care) and a supporter's (supporters) differ only in whom the person
picks and where they land afterwards; each app passes those in. What is being shared, where
"Back" leads, the choices carried from the page it came from, and the words once it is shared
are the same for both, so they live here, once. So does where "Shared." stands on the page they
land on: beside the copies, where its "stop sharing it at any time" can be done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.next_url import safe_next
from safety.selectors import plan_version
from sharing.makers import snapshot_offer
from sharing.snapshots import Snapshot, entry_snapshot, plan_snapshot


@dataclass(frozen=True)
class ShareSource:
    # Made only when the page shows it (or it is stored): a snapshot decrypts the person's words.
    snapshot_for: Callable[[], Snapshot]
    back_url: str
    carried: Sequence[tuple[str, str]] = field(default_factory=tuple)
    # A mark of the words as they are now (a version or a time, never the words): the page carries
    # the one it was drawn with, so Share can tell whether they changed since. "" for no mark.
    version_for: Callable[[], str] = lambda: ""


# Marks "Shared." (share_page). The page it lands on draws it beside the copies (`said_shared`), not
# at the top: on a phone the copy and its "Stop sharing" were two screens below the words saying
# it could be stopped "from this page".
SHARED_TAG = "shared-copy"


def said_shared(request: HttpRequest) -> bool:
    """Whether this page brings "Shared.". Only for a full page: reading the messages uses them up."""
    return any(SHARED_TAG in message.tags.split() for message in messages.get_messages(request))


# The Share form's hidden field carrying the mark of the words the page showed (ShareSource.version_for).
SHOWN_VERSION = "shown_version"


@dataclass(frozen=True)
class Shown:
    """The words a share page reads once, for the page and the copy stored, with their mark."""

    source: ShareSource  # its snapshot_for gives back this one reading
    snapshot: Snapshot
    version: str  # the mark the page drawn now carries
    changed: bool  # Share pressed on a page drawn from words that have changed since


def read_as_shown(request: HttpRequest, source: ShareSource) -> Shown:
    """Read the words once, and whether they are still the ones the pressed page showed.

    The mark is read before the words and, on Share, again after them. A page drawn now never
    carries a mark newer than its words; a copy is stored only if nothing changed from the moment
    the page was drawn until after these words were read, so it is what the page showed.
    """
    version = source.version_for()
    snapshot = source.snapshot_for()
    changed = request.method == "POST" and request.POST.get(SHOWN_VERSION, "") != source.version_for()
    return Shown(
        source=replace(source, snapshot_for=lambda: snapshot), snapshot=snapshot, version=version, changed=changed
    )


def entry_source(*, owner: Any, entry: Any) -> ShareSource:
    return ShareSource(
        snapshot_for=lambda: entry_snapshot(owner=owner, entry=entry),
        back_url=reverse("journal:entry", kwargs={"entry_id": entry.id}),
        # Read with the words themselves: the snapshot opens this same row.
        version_for=lambda: str(entry.version),
    )


def plan_source(*, owner: Any) -> ShareSource:
    return ShareSource(
        snapshot_for=lambda: plan_snapshot(owner=owner),
        back_url=reverse("safety:plan"),
        version_for=lambda: plan_version(owner),
    )


def summary_source(*, owner: Any, params: Mapping[str, str]) -> ShareSource:
    """A summary from the look back, with the span and choices the person made there."""
    offer = snapshot_offer("summary", owner=owner, params=params)
    if offer is None:
        raise Http404
    return ShareSource(snapshot_for=lambda: offer.snapshot, back_url=offer.back_url, carried=offer.carried)


def share_page(
    request: HttpRequest,
    *,
    source: ShareSource,
    form: forms.Form,
    shared: Callable[[forms.Form], HttpResponse],
    template_name: str,
    show_snapshot: bool = True,
    context: Mapping[str, Any] | None = None,
    said: Callable[[], str] | None = None,
) -> HttpResponse:
    """Show what would be shared and whom to share it with; on a valid choice, `shared` stores
    it and says where to go next. `said`, asked once it is stored, gives other words for "Shared."."""
    if request.method == "POST" and form.is_valid():
        response = shared(form)
        words = said() if said is not None else ""
        messages.success(request, words or _("Shared. You can stop sharing it at any time from this page."), SHARED_TAG)
        return response
    return render(
        request,
        template_name,
        {
            "snapshot": source.snapshot_for() if show_snapshot else None,
            "form": form,
            # An offer on another page (home's homework card, a finished reflection) names itself
            # in `next`: "Back" and "Not now" return there, not to the entry, which offers to share
            # it again. The form posts to this same address, so a page drawn again keeps it.
            "back_url": safe_next(request, fallback=source.back_url),
            "carried": source.carried,
            **(context or {}),
        },
    )

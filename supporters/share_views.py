"""Sharing an entry, the safety plan or a summary with one of the person's people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.sent_once import sent_before, sent_now
from accounts.types import AuthedRequest
from journal.models import Entry
from sharing.share_pages import ShareSource, Shown, entry_source, plan_source, read_as_shown, share_page, summary_source
from sharing.snapshots import plan_part
from supporters import selectors, services
from supporters.forms import PlanStepsForm, ShareWithForm
from supporters.models import Supporter


def _get_entry(request: AuthedRequest, entry_id: UUID) -> Entry:
    return get_object_or_404(Entry, id=entry_id, owner=request.user, trashed_at__isnull=True, is_draft=False)


# The Share forms this browser sent lately, by the random value each carries: the same form sent
# again (a double tap, Back and send) lands on their page as the first did, sharing nothing more.
SHARED_SESSION_KEY = "supporters_shared"


def _share(
    request: AuthedRequest,
    source: ShareSource | Shown,
    store: Callable[[Supporter], object],
    *,
    context: dict[str, Any] | None = None,
    preview_only: bool = False,
    show_snapshot: bool = True,
) -> HttpResponse:
    """The share page; with `preview_only`, a POST draws it again (keeping who was chosen) and stores nothing.

    Nor does a POST from a page drawn from words changed since (`shown.changed`, in another tab):
    the page comes again with the words as they are now. Either way the form is drawn afresh, so
    it carries a new one-time value and the next press shares. `source` is what to share, or
    the words already read once with their mark.
    """
    people = selectors.supporters_for(owner=request.user, with_links=False)
    if isinstance(source, Shown):
        shown: Shown | None = source
        source = source.source
    else:
        # With nobody to share with yet the page shows no copy and has no form: the words stay shut.
        shown = read_as_shown(request, source) if people else None
    changed = shown is not None and shown.changed
    if preview_only or changed:
        form = ShareWithForm(initial={"supporter": request.POST.get("supporter", "")}, people=people)
    else:
        form = ShareWithForm(request.POST or None, people=people)

    shared_with: list[Supporter] = []

    def shared(form: forms.Form) -> HttpResponse:
        supporter = selectors.supporter_for_owner(owner=request.user, supporter_id=UUID(form.cleaned_data["supporter"]))
        once = form.cleaned_data["once"]
        if not sent_before(request, SHARED_SESSION_KEY, once, about=supporter.id):
            sent_now(request, SHARED_SESSION_KEY, once, about=supporter.id)  # before the copy
            store(supporter)
        shared_with.append(supporter)
        # At "Shared." (#messages, where focus lands), not at the top of their page.
        return redirect(reverse("supporters:person", args=[supporter.id]) + "#messages")

    def said() -> str:
        # Someone with no link open reads nothing yet: their page above says so, and "Shared." alone
        # beside it read as if they could read it now.
        if shared_with and not selectors.link_is_open(supporter=shared_with[0]):
            return _(
                "Shared. They can read it once they have a link. You can stop sharing it at any time from this page."
            )
        return ""

    show_snapshot = bool(people) and show_snapshot
    return share_page(
        request,
        source=shown.source if shown is not None else source,
        form=form,
        shared=shared,
        template_name="supporters/share.html",
        # With nobody to share with yet, the page says how to add someone and shows no copy.
        show_snapshot=show_snapshot,
        said=said,
        context={
            "people": people,
            "shown_version": shown.version if shown is not None else "",
            "changed_since": changed and show_snapshot,
            **(context or {}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_entry(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _get_entry(request, entry_id)
    return _share(
        request,
        entry_source(owner=request.user, entry=entry),
        lambda supporter: services.share_entry(supporter=supporter, entry=entry),
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_plan(request: AuthedRequest) -> HttpResponse:
    # Decrypted once for the check, the page and the copy stored: what is stored is what the page
    # read, so a step emptied or changed in another tab meanwhile cannot change what goes. And
    # with the mark of the words the page showed: a step whose words changed since is shown again.
    shown = read_as_shown(request, plan_source(owner=request.user))
    snapshot, source = shown.snapshot, shown.source
    if not snapshot.written_steps:
        # A supporter reads only the steps with words, so an empty plan would reach them as an empty
        # page. Nothing is stored, even from a form left open while the last step was cleared.
        # (A therapist can still be shared an empty plan: they may suggest words for it.)
        return render(request, "supporters/share.html", {"nothing_written": True, "back_url": source.back_url})
    # The person may share only some of the written steps, ticked in the Share form itself. Share
    # stores only what the page showed: a step ticked or unticked since is first shown again.
    written = [(step.section.slug, str(step.section.title)) for step in snapshot.written_steps]
    posted = request.POST if request.method == "POST" else None
    steps_form = PlanStepsForm(posted if posted and PLAN_STEPS_CHOSEN in posted else None, written=written)
    if not steps_form.is_bound:
        # The page as first drawn: every written step. With only one there is nothing to choose, so
        # the form carries that one step unseen: a step written in another tab since is not sent
        # along with it, unshown.
        return _share(
            request,
            shown,
            lambda supporter: services.share_plan(supporter=supporter, snapshot=snapshot),
            context={"steps_form": steps_form, "choosing": len(written) > 1, "shown": [slug for slug, _t in written]},
        )
    assert posted is not None
    none_ticked = not steps_form.is_valid()
    chosen: list[str] = [] if none_ticked else steps_form.cleaned_data["steps"]
    changed = set(posted.getlist(PLAN_STEPS_SHOWN)) != set(chosen)
    part = plan_part(snapshot, chosen)
    return _share(
        request,
        replace(shown, source=replace(source, snapshot_for=lambda: part), snapshot=part),
        lambda supporter: services.share_plan(supporter=supporter, snapshot=part),
        context={
            "steps_form": steps_form,
            # One written step and nothing wrong with it: still nothing to choose.
            "choosing": len(written) > 1 or none_ticked,
            "shown": chosen,
            # The words changed too: the line saying so says this as well.
            "shown_again": changed and not none_ticked and not shown.changed,
        },
        preview_only=none_ticked or changed or PLAN_STEPS_SHOW in posted,
        show_snapshot=not none_ticked,
    )


# The fields the step choice adds to the Share form (templates/supporters/share.html): a mark that
# the page asked, the steps it showed, and the button that only shows them again.
PLAN_STEPS_CHOSEN = "chosen"
PLAN_STEPS_SHOWN = "shown"
PLAN_STEPS_SHOW = "show"


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def share_summary(request: AuthedRequest) -> HttpResponse:
    """A summary from the look back, with the span and choices the person made there."""
    source = summary_source(owner=request.user, params=request.POST if request.method == "POST" else request.GET)
    return _share(
        request,
        source,
        lambda supporter: services.share_summary(supporter=supporter, snapshot=source.snapshot_for()),
    )

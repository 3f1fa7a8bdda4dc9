"""Leaving a reflection under way: letting it go, or beginning it again at its first question.

Both ask first, since what the run holds goes; both take the run's row lock (services), so
another tab's Finish, Let go or Start again is met and named truthfully rather than undone.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.types import AuthedRequest
from prompts import selectors, services
from prompts.models import Run


def _finished_before_it_went(request: AuthedRequest, run: Run, *, fresh: bool = False) -> HttpResponse:
    """Let go or Start again pressed on a reflection finished first (in another tab or device, or
    this one before the back button): its entry is in the journal and nothing was removed. The
    person is told so on its thank-you page, not shown a bare 404."""
    if fresh:
        message = _("This reflection was finished, so it is in your journal now. You could begin it again any time.")
    else:
        message = _(
            "This reflection was finished, so it is in your journal now. "
            "If you'd rather not keep it, you can delete it from your journal."
        )
    messages.info(request, message)
    return redirect("prompts:run", run_id=run.id)


@require_http_methods(["GET", "POST"])
@login_required
def run_start_fresh(request: AuthedRequest, run_id: UUID) -> HttpResponse:
    """Asks first, since what this run holds goes; then the reflection begins at its first question."""
    run = selectors.run_for_owner(owner=request.user, run_id=run_id)
    if run is None:
        # Sent from its "Begin again?" page, it was let go, or begun again, in another tab since.
        # Any other address is simply not found, whoever's run it names.
        if request.method == "POST" and "sequence" in request.POST:
            return _gone_before_start_again(request, request.POST["sequence"])
        raise Http404
    if run.is_finished:
        return _finished_before_it_went(request, run, fresh=True)
    # A reflection no longer offered (hidden, or a clinic's after leaving it) can't begin again.
    get_object_or_404(selectors.sequences_visible_to(request.user), id=run.version.sequence_id)
    if request.method == "POST":
        try:
            fresh = services.run_start_fresh(run=run)
        except services.RunFinishedElsewhere:
            return _finished_before_it_went(request, run, fresh=True)
        except Run.DoesNotExist:  # begun again, or let go, in another tab meanwhile
            return _gone_before_start_again(request, str(run.version.sequence_id))
        return redirect("prompts:run", run_id=fresh.id)
    return render(request, "prompts/run_discard.html", {"run": run, "definition": run.definition, "fresh": True})


@require_http_methods(["GET", "POST"])
@login_required
def run_discard(request: AuthedRequest, run_id: UUID) -> HttpResponse:
    run = selectors.run_for_owner(owner=request.user, run_id=run_id)
    if run is None:
        # Sent from its "Let this reflection go?" page, it was let go, or begun again, in another
        # tab since. Any other address is simply not found, whoever's run it names.
        if request.method == "POST" and "sequence" in request.POST:
            return _gone_before_let_go(request, request.POST["sequence"])
        raise Http404
    if run.is_finished:
        return _finished_before_it_went(request, run)
    if request.method == "POST":
        try:
            services.run_discard(run=run)
        except services.RunFinishedElsewhere:
            return _finished_before_it_went(request, run)
        except Run.DoesNotExist:  # let go, or begun again, in another tab meanwhile
            return _gone_before_let_go(request, str(run.version.sequence_id))
        messages.success(request, _("Done. That reflection is gone; everything else is just as it was."))
        return redirect("home")
    return render(request, "prompts/run_discard.html", {"run": run, "definition": run.definition})


def _gone_before_let_go(request: AuthedRequest, sequence_id: str) -> HttpResponse:
    """Let go pressed on a reflection another tab let go or began again first. Let go, what was
    asked is done. Begun again, a new copy is open: "gone" was untrue, so the person is taken to it."""
    fresh = selectors.open_run_of(owner=request.user, sequence_id=sequence_id)
    if fresh is None:
        messages.success(request, _("Done. That reflection is gone; everything else is just as it was."))
        return redirect("home")
    messages.info(
        request,
        _("This reflection was begun again in another tab, so a new copy is still here. You could let it go too."),
    )
    return redirect("prompts:run", run_id=fresh.id)


def _gone_before_start_again(request: AuthedRequest, sequence_id: str) -> HttpResponse:
    """Start again pressed on a reflection another tab began again or let go first. Begun again,
    that new copy is opened rather than cleared too: the other tab may hold new answers. Let go,
    nothing is left to clear; the reflection's own page offers to begin it, and nothing begins
    unasked (the other tab let it go on purpose)."""
    fresh = selectors.open_run_of(owner=request.user, sequence_id=sequence_id)
    if fresh is not None:
        messages.info(request, _("This reflection was already begun again in another tab, so here is that new copy."))
        return redirect("prompts:run", run_id=fresh.id)
    number = selectors.posted_sequence_id(sequence_id)
    if number is None or not selectors.sequences_visible_to(request.user).filter(id=number).exists():
        raise Http404
    messages.info(
        request,
        _("This reflection was let go in another tab, so there is nothing left to clear. You could begin it here."),
    )
    return redirect("prompts:sequence", sequence_id=number)

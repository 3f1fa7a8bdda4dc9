from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.types import AuthedRequest
from config.htmx import wants_fragment
from journal.models import Entry
from progress import look_back as selectors
from progress import look_back_services as services
from progress import preferences
from progress.selectors import victories_in_span
from progress.summary import include_from, summary_snapshot


def _get_entry_for_user(request: AuthedRequest, entry_id: UUID) -> Entry:
    return get_object_or_404(Entry, id=entry_id, owner=request.user, trashed_at__isnull=True)


@require_GET
@login_required
@sensitive_variables()
def look_back(request: AuthedRequest) -> HttpResponse:
    span = selectors.span_from(request.GET.get("span"))
    show_patterns = preferences.patterns_shown(user=request.user)
    look = selectors.look_back(user=request.user, span=span, patterns=show_patterns)
    context = {
        "look": look,
        "spans": selectors.spans(span),
        "victories": victories_in_span(owner=request.user, first=look.counts_from, last=look.last),
    }
    return render(request, "progress/look_back.html", context)


@require_GET
@login_required
@sensitive_variables()
def summary(request: AuthedRequest) -> HttpResponse:
    span = selectors.span_from(request.GET.get("span"))
    snapshot = summary_snapshot(owner=request.user, span=span, include=include_from(request.GET))
    return render(request, "progress/summary.html", {"summary": snapshot, "spans": selectors.spans(span)})


@require_POST
@login_required
@vary_on_headers("HX-Request")
def entry_star(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry = _get_entry_for_user(request, entry_id)
    services.entry_star(entry=entry, starred=request.POST.get("starred") == "1")
    if wants_fragment(request):
        return render(request, "progress/_star_button.html", {"item": entry})
    return redirect("journal:entry", entry_id=entry.id)


@require_POST
@login_required
def patterns(request: AuthedRequest) -> HttpResponse:
    services.patterns_set(owner=request.user, shown=request.POST.get("shown") == "1")
    span = selectors.span_from(request.POST.get("span"))
    return redirect(f"{reverse('progress:look_back')}?span={span.key}#look-back-patterns-heading")

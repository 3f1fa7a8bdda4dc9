"""The page the service worker shows when there is no connection: the region's crisis lines.

Public and the same for everyone in a region (the worker fetches it without cookies), because the
worker keeps a copy of it in Cache Storage; nothing personal may ever be in that copy.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safety import crisis_selectors
from safety.person_region import known_regions


@require_safe
def offline_page(request: HttpRequest, region: str) -> HttpResponse:
    if region != region.upper() or region not in known_regions():
        raise Http404
    try:
        resources = crisis_selectors.region_resources(region)
    except Exception:
        resources = crisis_selectors.fallback_resources(region)
    context = {
        "resources": resources,
        # The strip shows this region's lines, never a guess from the browser or a clinic's choices.
        "crisis_strip": resources,
        "crisis_region_guessed": False,
        # A kept copy is read later, perhaps somewhere else: its lines always say whose they are.
        "crisis_lines_elsewhere": True,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
    return render(request, "safety/offline.html", context)

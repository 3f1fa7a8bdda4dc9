from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safety.crisis_selectors import strip_for_request
from supporters import guide_sources, selectors


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    """The guide for family and friends: public, no account, made to be printed and handed on.

    The urgent section takes the number to call from Waypoint's own crisis data for the reader's
    country (as the crisis strip does), so the guide never carries a number that can go stale.
    """
    sources = {key: guide_sources.sources_for(key) for key in guide_sources.SECTION_KEYS}
    return render(
        request,
        "supporters/guide.html",
        {
            "resources": strip_for_request(request),
            "sources": sources,
            "all_sources": guide_sources.SOURCES,
            "service_sections": selectors.guide_sections_from_service(),
            # Read signed out, it is a supporter's page: the strip's plan would be only a sign-in page.
            "strip_without_plan": not request.user.is_authenticated,
        },
    )

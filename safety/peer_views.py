"""The peer-support directory: groups and moderated communities, open to everyone, signed in or not."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from safety import peer_selectors
from safety.forms import RegionPickForm
from safety.person_region import region_for_request

# ?for=family: the same page for the people around someone (the guide for family and friends links
# it), listing only what is for them, and saying plainly when a country has nothing for them yet.
FOR_FAMILY = "family"


@require_GET
def peer_support(request: HttpRequest) -> HttpResponse:
    # Unlike the help page, choosing a country here is not remembered: this page only reads, and
    # the help page is where the strip's country is set.
    region = region_for_request(request)
    asked = "region" in request.GET
    form = RegionPickForm(request.GET if asked else None, initial={"region": region})
    chosen = ""
    if asked and form.is_valid():
        region = chosen = form.cleaned_data["region"]
    family = request.GET.get("for") == FOR_FAMILY
    directory = peer_selectors.peer_directory(region)
    if family:
        directory = peer_selectors.for_family(directory)
    return render(
        request,
        "safety/peer_support.html",
        {
            "directory": directory,
            "form": form,
            "family": family,
            "for_family": FOR_FAMILY,
            # A country chosen here goes with the link to crisis lines, as the help page's own picker
            # sends it: someone who chose the United Kingdom here met "Call 911" there, not 999.
            "help_url": reverse("safety:help") + (f"?{urlencode({'region': chosen})}" if chosen else ""),
            # Read signed out, the page for family is a supporter's, reached from their guide: as
            # there, the strip's plan would be only a sign-in page and the footer not "your journal".
            "strip_without_plan": family and not request.user.is_authenticated,
        },
    )

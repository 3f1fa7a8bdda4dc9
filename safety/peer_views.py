"""The peer-support directory: groups and moderated communities, open to everyone, signed in or not."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safety import crisis_selectors, peer_selectors
from safety.forms import RegionPickForm


@require_GET
def peer_support(request: HttpRequest) -> HttpResponse:
    # Unlike the help page, choosing a country here is not remembered: this page only reads, and
    # the help page is where the strip's country is set.
    region = crisis_selectors.region_for_request(request)
    form = RegionPickForm(request.GET or None, initial={"region": region})
    if request.GET and form.is_valid():
        region = form.cleaned_data["region"]
    directory = peer_selectors.peer_directory(region)
    return render(request, "safety/peer_support.html", {"directory": directory, "form": form})

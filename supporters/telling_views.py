from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from supporters import telling


# Public, like the guide: the cards hold nothing personal, and the moment of telling is no time
# to be asked to sign in (a locked session, a borrowed phone, a clinic's printed link).
@require_safe
def cards(request: HttpRequest) -> HttpResponse:
    """A few ways to say it, to choose from; each opens on its own, large, to show on a phone."""
    return render(request, "supporters/telling.html", {"cards": telling.CARDS})


@require_safe
def card(request: HttpRequest, key: str) -> HttpResponse:
    chosen = telling.card_for(key)
    if chosen is None:
        raise Http404
    return render(request, "supporters/telling_card.html", {"card": chosen})

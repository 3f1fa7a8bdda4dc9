"""The "Leave quickly" endpoints: the plain link, the beacon safety.js sends, and the page about it.
What leaving does to later requests lives in safety/quick_exit.py."""

from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from safety.quick_exit import mark_just_left, neutral_site


@require_GET
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The no-JavaScript path of "Leave quickly": sign out and go to the neutral site.

    A GET on purpose: it has to work as a plain link, and all it can do is end a session.

    Not a redirect: the strip's button is a form, and the browser holds a form's redirect to the
    page's CSP form-action ('self'), so a redirect to another site was blocked and the person stayed
    on the page. A page that moves on by itself (a meta refresh) is a navigation, not a form.
    """
    site = neutral_site(request)
    logout(request)
    response = render(request, "safety/leaving.html", {"site": site})
    # Another site can open this address too (in a pop-up it closes again): it may sign someone
    # out, but not keep them from every Waypoint page, their plan included, for five minutes.
    # Typed, from a bookmark ("none"), or from a browser too old to say, it is the person's own.
    if request.headers.get("Sec-Fetch-Site", "none") in {"same-origin", "none"}:
        mark_just_left(response)
    return response


@csrf_exempt
@require_POST
def quick_exit_beacon(request: HttpRequest) -> HttpResponse:
    """Where safety.js sends its beacon while the page is already gone.

    Exempt from CSRF because a beacon cannot carry the token. So it asks the browser where the
    request came from instead (Sec-Fetch-Site, which no page can set): a form on another site
    posting here left that site showing (a 204 changes no page) and set the "just left" cookie,
    so every Waypoint page, the safety plan and crisis lines too, went to the everyday site for
    five minutes, again whenever that site liked. A browser too old to say still leaves as before.
    """
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return HttpResponse(status=403)
    logout(request)
    return mark_just_left(HttpResponse(status=204))


@require_GET
def quick_exit_about(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/quick_exit.html")

"""Waypoint on the home screen: the web app manifest and the service worker.

The worker keeps only public things (the app's own static files and one offline page of crisis
lines), so nothing a person wrote can ever sit in Cache Storage. See docs/home-screen.md.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

# Light and dark page backgrounds from static/css/waypoint.css, so the browser's own bar matches.
THEME_LIGHT = "#fbfaf7"
THEME_DARK = "#15181c"
ICON_SIZES = (192, 512)
_PRECACHED_SUFFIXES = (".css", ".js", ".svg", ".png")
# Loaded by every page through django-htmx's {% htmx_script %}.
_THIRD_PARTY_STATIC = ("django_htmx/htmx-2.min.js",)


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The name and icon on the home screen: "Notes" unless the operator chose otherwise."""
    name = settings.HOME_SCREEN_NAME
    icons = [{"src": static("icons/notes.svg"), "sizes": "any", "type": "image/svg+xml"}]
    icons += [
        {"src": static(f"icons/notes-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in ICON_SIZES
    ]
    data = {
        "name": name,
        "short_name": name,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": THEME_LIGHT,
        "theme_color": THEME_LIGHT,
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


def precached_urls() -> list[str]:
    """Every static file of Waypoint's own (with its hashed name when DEBUG is off), plus htmx."""
    names: list[str] = []
    for folder in settings.STATICFILES_DIRS:
        root = Path(folder[1] if isinstance(folder, tuple) else folder)
        names += [
            path.relative_to(root).as_posix()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.suffix in _PRECACHED_SUFFIXES
        ]
    return [static(name) for name in [*names, *_THIRD_PARTY_STATIC]]


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = precached_urls()
    # New static files get new hashed names, so a new list is a new worker: browsers fetch this
    # script again on every visit (no-store) and install the new one when its bytes change.
    digest = hashlib.sha256("\n".join(urls).encode())
    if settings.DEBUG:
        # `make dev` serves unhashed names: an edited stylesheet must still reach the page.
        for folder in settings.STATICFILES_DIRS:
            for path in sorted(Path(folder[1] if isinstance(folder, tuple) else folder).rglob("*")):
                if path.is_file() and path.suffix in _PRECACHED_SUFFIXES:
                    digest.update(path.read_bytes())
    version = digest.hexdigest()[:12]
    response = render(
        request,
        "pwa/sw.js",
        {
            "precache_json": json.dumps(urls),
            "offline_url_pattern": json.dumps(reverse("offline", args=["XX"])),
            "default_region": json.dumps(settings.DEFAULT_CRISIS_REGION),
            "version": version,
        },
        content_type="text/javascript; charset=utf-8",
    )
    # The script lives at the root so its scope can be "/" (every page can fall back offline).
    response["Service-Worker-Allowed"] = "/"
    return response

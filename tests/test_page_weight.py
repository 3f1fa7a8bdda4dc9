"""Page weight: on a phone at night on a weak signal, each page with its CSS and JS stays small.

Measured as a browser on a slow connection receives them: the HTML and every stylesheet and
script it loads from our static files, each gzip-compressed (as whitenoise serves them).
Run with `-s` to see the numbers.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.safety.conftest import crisis_resources  # noqa: F401

pytestmark = pytest.mark.usefixtures("crisis_resources")

LIMIT_BYTES = 60 * 1024
SIGNED_OUT = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/safety/",
    "/safety/help/",
    "/safety/peer-support/",
    "/about/",
    "/people-around-you/guide/",
    "/people-around-you/words/",
    "/people-around-you/words/now/",
]
SIGNED_IN = [
    "/",
    "/journal/",
    "/journal/new/",
    "/journal/calendar/",
    "/reflections/",
    "/safety/",
    "/safety/plan/",
    "/safety/coping/",
    "/safety/ride-the-wave/",
    "/account/settings/",
    "/account/settings/time-zone/",
    "/look-back/",
    "/look-back/victories/",
    "/look-back/summary/",
]
_ASSETS = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/static/[^"]+\.(?:css|js))"')


def _weight(client: Client, url: str) -> tuple[int, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    assets = sorted(set(_ASSETS.findall(html.decode())))
    total = len(gzip.compress(html, 9))
    for asset in assets:
        total += len(gzip.compress((Path(settings.STATIC_ROOT) / asset.removeprefix("/static/")).read_bytes(), 9))
    return total, assets


def _check(client: Client, urls: list[str], who: str) -> None:
    weights = {url: _weight(client, url) for url in urls}
    heaviest = max(weights, key=lambda u: weights[u][0])
    print(f"\nheaviest page {who}: {heaviest} {weights[heaviest][0] / 1024:.1f} KB gzip with its CSS and JS")
    too_heavy = {url: round(w / 1024, 1) for url, (w, _) in weights.items() if w > LIMIT_BYTES}
    assert too_heavy == {}, f"over {LIMIT_BYTES // 1024} KB compressed: {too_heavy}"
    # The measure counts what pages really load: Waypoint's stylesheet and htmx on every one.
    assert all(any("/css/waypoint." in a for a in assets) for _, assets in weights.values())
    assert all(any("htmx" in a for a in assets) for _, assets in weights.values())


@pytest.mark.django_db
def test_every_main_page_for_a_visitor_is_under_60_kb_compressed(client: Client) -> None:
    _check(client, SIGNED_OUT, "signed out")


def test_every_main_page_for_someone_signed_in_is_under_60_kb_compressed(alice_client: Client, alice: Any) -> None:
    _check(alice_client, SIGNED_IN, "signed in")

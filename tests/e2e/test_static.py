from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_load_waypoints_own_stylesheet_and_scripts(page: Page, live_server: Any) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    def note_failure(response: Response) -> None:
        if response.status >= 400:
            failed.append(response.url)

    page.on("response", note_failure)
    page.goto(f"{live_server.url}/accounts/login/")
    rules = page.evaluate("[...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)")
    assert rules > 50
    assert failed == []
    # Served with whitenoise's hashed names, as in production.
    href = page.evaluate("document.querySelector('link[rel=stylesheet]').href")
    assert re.search(r"/static/css/waypoint\.[0-9a-f]{12}\.css$", href), href

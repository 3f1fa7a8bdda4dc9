from __future__ import annotations

import pytest
from django.test import override_settings

from safety.fallback import static_help_response


def test_the_last_resort_page_needs_no_database() -> None:
    # No django_db mark: any database access here would raise.
    with override_settings(DEFAULT_CRISIS_REGION="GB"):
        response = static_help_response(500)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'id="crisis-strip"' in html
    assert 'href="tel:999"' in html
    # It cannot know the person's country: the number says whose it is, always.
    assert "The emergency number in the United Kingdom:" in html
    assert "findahelpline.com" in html
    assert "<title>Waypoint</title>" in html


def test_if_even_the_template_breaks_a_plain_page_still_points_to_help(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("templates unavailable")

    monkeypatch.setattr("safety.fallback.render_to_string", broken)
    html = static_help_response(500).content.decode()
    assert "call your local emergency number" in html

"""A page says which way its language reads: dir="rtl" on <html> for Arabic, Hebrew, Persian or
Urdu, so a translation into one of them is laid out from the right, not only spelled right. Only
English ships; Arabic is offered here the way tests/dates.py offers German."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import translation

from safety.fallback import static_help_response


def test_an_english_page_reads_left_to_right(client: Client, db: None) -> None:
    assert '<html lang="en" dir="ltr">' in client.get("/accounts/login/").content.decode()


def test_a_page_in_a_right_to_left_language_says_so(client: Client, settings: Any, db: None) -> None:
    settings.LANGUAGES = [("en", "English"), ("ar", "العربية")]
    page = client.get("/accounts/login/", headers={"Accept-Language": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_the_help_page_kept_for_errors_takes_the_language_in_use() -> None:
    # Rendered without a request (the database may be what failed), it said lang="en" whatever the page.
    with translation.override("ar"):
        page = static_help_response().content.decode()
    assert '<html lang="ar" dir="rtl">' in page

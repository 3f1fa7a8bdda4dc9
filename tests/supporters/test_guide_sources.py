"""Every section of the guide rests on public guidance that someone checked, and checks again in time."""

from __future__ import annotations

import datetime

from django.utils import timezone

from supporters.guide_sources import SECTION_KEYS, SOURCES, sources_for


def test_every_section_cites_at_least_one_source() -> None:
    uncited = [key for key in SECTION_KEYS if not sources_for(key)]
    assert uncited == []


def test_every_source_was_checked_and_its_review_is_not_overdue() -> None:
    today = timezone.localdate()
    for source in SOURCES:
        assert isinstance(source.checked_on, datetime.date) and source.checked_on <= today, source.key
        # When this fails: read the page again, check the guide still agrees, then move both dates on.
        assert source.review_due >= today, f"{source.key}: review was due on {source.review_due}"
        assert source.review_due > source.checked_on, source.key


def test_every_source_is_the_organisations_own_page_over_https_and_names_real_sections() -> None:
    assert len({source.key for source in SOURCES}) == len(SOURCES)
    for source in SOURCES:
        assert source.url.startswith("https://"), source.key
        assert source.name and source.title and source.supports, source.key
        assert set(source.sections) <= set(SECTION_KEYS), source.key

"""The shipped crisis data file itself: every line names the page that states its number, and only
a confirmed line carries the date someone read that page. A wrong number is a safety failure."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import yaml

from safety.shipped import DATA_FILE, shipped_resources

# The fields each resource has to state itself: a shared YAML default once gave every line, even
# unconfirmed ones, the same checked date.
OWN_FIELDS = ("key", "country", "name", "type", "status", "contacts", "hours", "source_url", "source_name")

# Lines whose source is still a home page because the page that states the number was not in the
# stored copies searched on 2 and 3 December 2026 (see each entry's comment). Shrink this list, never grow it.
STILL_CITING_A_HOME_PAGE = {
    "ie-childline",
    "nz-youthline",
    "in-tele-manas",
    "es-telefono-esperanza",
}


def _raw_resources() -> list[dict[str, Any]]:
    """Each resource's keys exactly as written in the file, before YAML merges anything in."""
    root = yaml.compose(DATA_FILE.read_text(encoding="utf-8"))
    assert root is not None
    resources_node = next(value for key, value in root.value if key.value == "resources")
    return [{key.value: value for key, value in item.value} for item in resources_node.value]


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.").removeprefix("www2.")


def test_every_resource_states_its_own_source_status_and_hours_with_no_shared_defaults() -> None:
    for raw in _raw_resources():
        key = raw["key"].value
        assert "<<" not in raw, f"{key} inherits fields from a YAML default"
        for field in OWN_FIELDS:
            assert field in raw, f"{key} does not state its own {field}"


def test_every_resource_names_a_secure_source_page() -> None:
    for item in shipped_resources():
        url = urlsplit(item["source_url"])
        assert url.scheme == "https" and url.hostname, item["key"]
        assert item["source_name"], item["key"]
        assert item["contacts"], item["key"]


def test_sources_are_the_page_that_states_the_number_not_a_home_page() -> None:
    home_pages = {item["key"] for item in shipped_resources() if urlsplit(item["source_url"]).path in ("", "/")}
    # Equal both ways: a line checked on its own page also leaves the list, so it stays honest.
    assert home_pages == STILL_CITING_A_HOME_PAGE


def test_a_confirmed_line_carries_the_date_it_was_checked_and_when_to_check_again() -> None:
    for item in shipped_resources():
        if item["status"] != "active":
            continue
        checked, due = item.get("verified_on"), item.get("review_due")
        assert isinstance(checked, date) and isinstance(due, date), item["key"]
        assert date(2026, 1, 1) <= checked <= date(2026, 12, 6) < due, item["key"]


def test_an_unconfirmed_line_never_carries_a_checked_date_and_says_why() -> None:
    unconfirmed = [item for item in shipped_resources() if item["status"] == "unverified"]
    assert unconfirmed
    for item in unconfirmed:
        assert "verified_on" not in item and "review_due" not in item, item["key"]
        assert "Not yet confirmed" in item.get("notes", ""), item["key"]


def test_emergency_numbers_cite_an_authority_not_a_crisis_line_site() -> None:
    items = shipped_resources()
    for emergency in (item for item in items if item["type"] == "emergency"):
        line_hosts = {
            _host(item["source_url"])
            for item in items
            if item["country"] == emergency["country"] and item["type"] != "emergency"
        }
        if emergency["key"] in STILL_CITING_A_HOME_PAGE:
            continue
        assert _host(emergency["source_url"]) not in line_hosts, emergency["key"]


def test_every_country_ships_a_confirmed_emergency_number_and_a_line_to_talk_to() -> None:
    items = shipped_resources()
    for country in {item["country"] for item in items}:
        mine = [item for item in items if item["country"] == country]
        assert any(i["type"] == "emergency" and i["status"] == "active" for i in mine), country
        assert any(i["type"] == "crisis_line" and i["status"] == "active" for i in mine), country


def test_age_limits_are_whole_years_in_order() -> None:
    for item in shipped_resources():
        low, high = item.get("age_min"), item.get("age_max")
        if low is not None and high is not None:
            assert isinstance(low, int) and isinstance(high, int) and 0 <= low <= high, item["key"]


def test_numbers_are_dialable_digits_and_keywords_are_single_words() -> None:
    for item in shipped_resources():
        for contact in item["contacts"]:
            if contact["channel"] in ("phone", "sms"):
                assert str(contact["value"]).isdigit(), (item["key"], contact)
            keyword = contact.get("keyword", "")
            assert keyword == "" or keyword.isalpha(), (item["key"], keyword)

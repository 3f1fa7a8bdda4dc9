"""The gentle check where people meet it: after an explicit save in the journal."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from journal.models import Entry
from safety.services import preferences_set_gentle_check

pytestmark = pytest.mark.usefixtures("crisis_resources")

PANEL = 'id="gentle-check-heading"'


def _save(client: Client, body: str) -> Any:
    data = {
        "entry_id": str(uuid.uuid4()),
        "version": "0",
        "title": "",
        "body": body,
        "written_on": timezone.localdate().isoformat(),
        "kind": "free",
    }
    return client.post("/journal/new/", data, follow=True)


def test_the_panel_shows_after_saving_words_that_suggest_danger(alice: Any, alice_client: Client) -> None:
    response = _save(alice_client, "Tonight I want to end my life.")
    html = response.content.decode()
    assert Entry.objects.filter(owner=alice).count() == 1
    assert PANEL in html
    assert 'href="/safety/plan/"' in html and 'href="tel:988"' in html


def test_a_wish_to_disappear_after_harm_tonight_brings_the_panel_with_care_for_the_body(alice_client: Client) -> None:
    # The entry a review found quiet: harm tonight is no alarm on its own; the wish after it is.
    html = _save(alice_client, "It happened again tonight after months… I want to disappear").content.decode()
    assert PANEL in html
    panel = html[html.index(PANEL) : html.index("</section>", html.index(PANEL))]
    assert '<a href="/safety/after/">If you have hurt yourself: the first minutes</a>' in panel
    assert "Saved. It stays private" not in html


def test_it_shows_once_not_on_every_visit(alice: Any, alice_client: Client) -> None:
    _save(alice_client, "I want to end my life.")
    entry = Entry.objects.get(owner=alice)
    assert PANEL not in alice_client.get(f"/journal/{entry.id}/").content.decode()


def test_with_the_check_off_the_entry_is_saved_and_no_panel_shows(alice: Any, alice_client: Client) -> None:
    preferences_set_gentle_check(owner=alice, enabled=False)
    response = _save(alice_client, "I want to end my life.")
    assert Entry.objects.filter(owner=alice).count() == 1
    assert PANEL not in response.content.decode()


def test_an_ordinary_hard_day_is_saved_without_a_panel(alice: Any, alice_client: Client) -> None:
    response = _save(alice_client, "A hard day. I cried on the bus and then felt a bit lighter.")
    assert Entry.objects.filter(owner=alice).count() == 1
    assert PANEL not in response.content.decode()


def test_a_match_stores_nothing_beyond_what_any_save_stores(alice: Any, alice_client: Client) -> None:
    def row_counts() -> dict[str, int]:
        return {model._meta.label: model._default_manager.count() for model in apps.get_models()}

    _save(alice_client, "Warming up: the first save creates keys and preferences.")
    before = row_counts()
    _save(alice_client, "An ordinary note.")
    after_ordinary = row_counts()
    _save(alice_client, "I want to kill myself.")
    after_match = row_counts()
    ordinary_added = {label: after_ordinary[label] - before[label] for label in before}
    match_added = {label: after_match[label] - after_ordinary[label] for label in before}
    assert match_added == ordinary_added
    assert match_added["journal.Entry"] == 1


def test_the_panel_s_numbers_keep_their_order_on_a_right_to_left_page(alice: Any, alice_client: Client) -> None:
    html = _save(alice_client, "Tonight I want to end my life.").content.decode()
    panel = html[html.index(PANEL) : html.index("</section>", html.index(PANEL))]
    # The number sits in a translated sentence; only the number is isolated, the sentence is unchanged.
    # alice chose no country and the test browser names none: the panel says whose number it is.
    assert 'In danger in the United States: <a href="tel:911">call <bdi dir="ltr">911</bdi></a>' in panel
    assert 'Text HOME to <bdi dir="ltr">741741</bdi>' in panel


def test_writing_that_you_hurt_yourself_tonight_brings_the_first_minutes_beside_the_lines(
    alice: Any, alice_client: Client
) -> None:
    html = _save(alice_client, "I hurt myself again tonight, after five months.").content.decode()
    panel = html[html.index(PANEL) : html.index("</section>", html.index(PANEL))]
    assert 'href="/safety/after/"' in panel
    assert "If you have hurt yourself: the first minutes" in panel


def test_kept_words_that_suggest_danger_bring_the_panel_once_they_are_chosen(alice: Any, alice_client: Client) -> None:
    # Words a tab kept when they met a newer version were never checked: no save of them landed.
    # Choosing them on the compare page is the save that lands, so the check reads them there.
    from journal.kept_words import kept_words_keep
    from journal.services import EntryContent, entry_create, entry_update

    entry = entry_create(author=alice, body="The start.")
    laptop = EntryContent("", "From the laptop.", entry.written_on)
    entry = entry_update(entry=entry, expected_version=1, content=laptop)
    kept = kept_words_keep(
        entry=entry, page=uuid.uuid4(), content=EntryContent("", "Tonight I want to end my life.", entry.written_on)
    )
    data = {"choice": "kept", "version": entry.version}
    chosen = alice_client.post(f"/journal/{entry.id}/kept/{kept.id}/", data)
    assert chosen["Location"] == f"/journal/{entry.id}/#messages"  # focus on the panel, as after Save
    html = alice_client.get(chosen["Location"]).content.decode()
    assert PANEL in html
    assert "Done. The entry now holds the words you kept." not in html

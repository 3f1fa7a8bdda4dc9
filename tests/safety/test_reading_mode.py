"""The plan and the coping list to read: the person's words, nothing to change by accident, and
an explicit "Edit" that opens the editing pages at their own addresses."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safety.models import CopingItem, SafetyPreferences
from safety.selectors import plan_for_owner
from safety.services import coping_item_add, coping_item_set_hidden, coping_list_start, plan_contact_add, plan_step_save

pytestmark = pytest.mark.usefixtures("crisis_resources")


def _safety_writes(queries: CaptureQueriesContext) -> list[str]:
    # The session row may be touched by sign-in bookkeeping; nothing of the plan or the list may be.
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "safety_" in q["sql"]
    ]


def test_the_plan_reads_as_the_persons_own_words_with_edit_one_tap_away(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="When I stop answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    html = alice_client.get("/safety/plan/").content.decode()
    assert "When I stop answering texts" in html and "Tiredness" in html
    assert 'href="tel:+447700900123"' in html and 'href="sms:+447700900123"' in html
    assert 'href="/safety/plan/edit/"' in html
    # Nothing here changes the plan: no text boxes, no remove buttons.
    main = html[html.index("<main") : html.index("</main>")]
    assert "<textarea" not in main and "<form" not in main and "Remove" not in main
    # Each step opens its own editing form, which then returns to reading.
    assert 'href="/safety/plan/warning_signs/?back=read#step-warning_signs"' in html


def test_reading_the_plan_writes_nothing(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Walk the dog", obstacles="")
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get("/safety/plan/").status_code == 200
    assert _safety_writes(queries) == []


def test_an_empty_plan_is_a_kind_invitation_to_start(alice_client: Client) -> None:
    html = alice_client.get("/safety/plan/").content.decode()
    assert "Nothing written yet, and that's okay" in html
    assert '<a class="button" href="/safety/plan/edit/">Start my plan</a>' in html
    # The lines where you are are there even before anything is written.
    assert 'href="tel:988"' in html


def test_someone_elses_plan_is_never_shown(alice: Any, bob_client: Client) -> None:
    plan_step_save(owner=alice, section="what_matters", body="My sister's laugh", obstacles="")
    plan_contact_add(owner=alice, section="people", name="Sam Okafor", phone="123")
    for url in ["/safety/plan/", "/safety/plan/edit/"]:
        html = bob_client.get(url).content.decode()
        # Words with a space: a random CSRF token can hold "Sam", never "Sam Okafor".
        assert "My sister" not in html and "Sam Okafor" not in html


def test_a_step_edited_from_reading_goes_back_to_reading(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Racing thoughts", obstacles="")
    form = alice_client.get("/safety/plan/warning_signs/?back=read").content.decode()
    # A plain form (no in-place swap), so saving lands back on the plan to read.
    assert '<input type="hidden" name="back" value="read">' in form
    assert 'hx-post="/safety/plan/warning_signs/"' not in form
    assert 'href="/safety/plan/#step-warning_signs" class="button button-secondary" data-discards>Cancel' in form
    response = alice_client.post(
        "/safety/plan/warning_signs/", {"body": "Racing thoughts at night", "obstacles": "", "back": "read"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/safety/plan/#step-warning_signs"
    assert "Racing thoughts at night" in alice_client.get(response["Location"]).content.decode()


def test_the_way_back_is_a_fixed_word_never_an_address(alice: Any, alice_client: Client) -> None:
    response = alice_client.post(
        "/safety/plan/warning_signs/", {"body": "Racing thoughts", "obstacles": "", "back": "https://example.org/"}
    )
    assert response["Location"] == "/safety/plan/edit/#step-warning_signs"


def test_the_editing_page_saves_at_its_new_address(alice: Any, alice_client: Client) -> None:
    html = alice_client.get("/safety/plan/edit/").content.decode()
    assert "Edit my safety plan" in html and 'href="/safety/plan/"' in html
    assert 'action="/safety/plan/review-date/"' in html
    response = alice_client.post("/safety/plan/on_my_own/", {"body": "Make tea", "obstacles": ""})
    assert response["Location"] == "/safety/plan/edit/#step-on_my_own"
    assert plan_for_owner(alice).step("on_my_own").body == "Make tea"


def test_edit_is_not_read_as_the_name_of_a_step(alice_client: Client) -> None:
    assert alice_client.post("/safety/plan/edit/", {"body": "x", "obstacles": ""}).status_code == 405


def test_the_coping_list_reads_as_a_calm_list(alice: Any, alice_client: Client) -> None:
    coping_list_start(owner=alice)
    item = CopingItem.objects.filter(owner=alice, group="comfort").first()
    assert item is not None
    coping_item_set_hidden(item=item, hidden=True)
    coping_item_add(owner=alice, group="distract", text="Stroke the cat")
    html = alice_client.get("/safety/coping/").content.decode()
    assert "Stroke the cat" in html
    assert "Wrap up in a soft blanket" not in html  # hidden stays hidden when reading
    assert 'href="/safety/coping/edit/"' in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "<input" not in main and "<form" not in main and "Hide" not in main


def test_reading_the_coping_list_first_shows_the_starters_without_saving_them(alice: Any, alice_client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        html = alice_client.get("/safety/coping/").content.decode()
    assert "Wrap up in a soft blanket" in html
    assert _safety_writes(queries) == []
    assert not CopingItem.objects.filter(owner=alice).exists()
    assert not SafetyPreferences.objects.filter(owner=alice).exists()
    # Opening it to edit only reads too (tests/safety/test_coping_views.py); the first change
    # makes the starters the person's own, to change or hide.
    alice_client.get("/safety/coping/edit/")
    assert not CopingItem.objects.filter(owner=alice).exists()
    alice_client.post("/safety/coping/add/", {"group": "distract", "text": "Stroke the cat"})
    html = alice_client.get("/safety/coping/").content.decode()
    assert "Wrap up in a soft blanket" in html and "Stroke the cat" in html


def test_an_empty_coping_list_invites_gently(alice: Any, alice_client: Client) -> None:
    coping_list_start(owner=alice)
    CopingItem.objects.filter(owner=alice).delete()
    html = alice_client.get("/safety/coping/").content.decode()
    assert "Your list is empty for now" in html
    assert '<a class="button" href="/safety/coping/edit/">Add to my list</a>' in html


def test_someone_elses_coping_list_is_never_shown(alice: Any, bob_client: Client) -> None:
    coping_item_add(owner=alice, group="comfort", text="Alice's own idea")
    coping_list_start(owner=alice)
    assert "Alice&#x27;s own idea" not in bob_client.get("/safety/coping/").content.decode()
    assert "Alice&#x27;s own idea" not in bob_client.get("/safety/coping/edit/").content.decode()


@pytest.mark.django_db
def test_a_visitor_is_asked_to_sign_in_for_every_page(client: Client) -> None:
    for url in ["/safety/plan/", "/safety/plan/edit/", "/safety/coping/", "/safety/coping/edit/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url

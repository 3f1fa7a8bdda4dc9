from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journal import lock_services
from journal.lock_state import journal_unlocked
from safety.coping_starters import STARTERS
from safety.import_services import coping_list_import
from safety.models import CopingItem, SafetyPreferences
from safety.selectors import coping_list_for_owner
from tests.journal.locking import lock_journal, unlock_client

STARTER_COUNT = sum(len(ideas) for ideas in STARTERS.values())
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN|SAVEPOINT)\b", re.IGNORECASE)
TOO_LONG = "I make a pot of tea and sit by the window, " * 8  # 344 characters, as a pasted note might be


def _texts(owner: Any) -> list[str]:
    return [item.text for group in coping_list_for_owner(owner) for item in group.shown]


def _group(owner: Any, slug: str) -> list[tuple[str, bool]]:
    group = next(g for g in coping_list_for_owner(owner) if g.slug == slug)
    return [(item.text, item.hidden) for item in group.items]


def _starters(slug: str) -> list[tuple[str, bool]]:
    return [(str(idea), False) for idea in STARTERS[slug]]


def _value_of(html: str, input_id: str) -> str:
    match = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', html)
    assert match is not None, input_id
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


# --- Opening the editor only reads -------------------------------------------------------------


def test_the_editing_page_starts_with_gentle_ideas_in_five_groups(alice: Any, alice_client: Client) -> None:
    html = alice_client.get("/safety/coping/edit/").content.decode()
    for heading in ["Comfort", "Distract", "Express", "Release", "Breathe"]:
        assert heading in html
    assert _value_of(html, "coping-text-starter-comfort-1") == "Wrap up in a soft blanket"
    # Each starter has the same Save and Hide as an idea of the person's own.
    assert 'action="/safety/coping/starters/comfort-1/"' in html
    assert 'action="/safety/coping/starters/comfort-1/hide/"' in html
    assert html.count('class="coping-edit"') == STARTER_COUNT


def test_each_groups_add_button_says_which_group_it_adds_to(alice_client: Client) -> None:
    # A screen reader's list of buttons read "Add" five times, with nothing to tell them apart.
    html = alice_client.get("/safety/coping/edit/").content.decode()
    forms = re.findall(r'<form[^>]*class="coping-add".*?</form>', html, re.DOTALL)
    names = [re.search(r'<button[^>]*aria-label="([^"]*)"[^>]*>\s*Add\s*</button>', form) for form in forms]
    assert [name.group(1) if name else None for name in names] == [
        f"Add to “{group}”" for group in ["Comfort", "Distract", "Express", "Release", "Breathe"]
    ]


def test_opening_the_editor_the_first_time_writes_nothing(alice: Any, alice_client: Client) -> None:
    alice_client.get("/")  # signing in's own bookkeeping (the idle lock's first note), out of the way
    for _visit in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = alice_client.get("/safety/coping/edit/")
        assert response.status_code == 200
        assert [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])] == []
    assert not CopingItem.objects.filter(owner=alice).exists()
    assert not SafetyPreferences.objects.filter(owner=alice).exists()


def test_a_started_list_opens_with_the_persons_own_ideas(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"})
    item = CopingItem.objects.get(owner=alice, starter="comfort-1")
    html = alice_client.get("/safety/coping/edit/").content.decode()
    assert f'action="/safety/coping/{item.id}/"' in html
    assert "/safety/coping/starters/" not in html
    assert _value_of(html, f"coping-text-{item.id}") == "Wrap up in a soft blanket"


def test_the_boxes_let_a_long_paste_through_to_the_server(alice_client: Client) -> None:
    # A browser cuts a paste at maxlength without a word; the server says so kindly instead.
    html = alice_client.get("/safety/coping/edit/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "maxlength" not in main


# --- The first change saves the starters, then makes the change ---------------------------------


def test_adding_first_keeps_every_starter(alice: Any, alice_client: Client) -> None:
    response = alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"})
    assert response.status_code == 302
    assert response["Location"] == "/safety/coping/edit/#coping-comfort"
    assert _group(alice, "comfort") == [*_starters("comfort"), ("Stroke the cat", False)]
    for slug in ["distract", "express", "release", "breathe"]:
        assert _group(alice, slug) == _starters(slug)


def test_adding_with_htmx_returns_just_that_group(alice: Any, alice_client: Client) -> None:
    html = alice_client.post(
        "/safety/coping/add/", {"group": "express", "text": "Dance badly"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert html.lstrip().startswith('<section id="coping-express"')
    assert "Dance badly" in html and "Sing or hum along to music" in html
    # The group comes back with its saved rows, focus ready in the box for the next idea.
    assert "/safety/coping/starters/" not in html
    assert re.search(r'<input[^>]*id="coping-add-express"[^>]*data-focus-after-swap', html)
    assert len(_texts(alice)) == STARTER_COUNT + 1


def test_editing_a_starter_first_changes_just_that_idea(alice: Any, alice_client: Client) -> None:
    alice_client.get("/safety/coping/edit/")
    response = alice_client.post("/safety/coping/starters/release-1/", {"text": "A slow walk round the block"})
    assert response.status_code == 302
    assert response["Location"] == "/safety/coping/edit/#coping-release"
    starters = _starters("release")
    assert _group(alice, "release") == [("A slow walk round the block", False), *starters[1:]]
    for slug in ["comfort", "distract", "express", "breathe"]:
        assert _group(alice, slug) == _starters(slug)


def test_editing_a_starter_with_htmx_keeps_focus_on_that_idea(alice: Any, alice_client: Client) -> None:
    html = alice_client.post(
        "/safety/coping/starters/comfort-2/", {"text": "Hot chocolate in my big mug"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert html.lstrip().startswith('<section id="coping-comfort"')
    item = CopingItem.objects.get(owner=alice, starter="comfort-2")
    assert re.search(rf'<input[^>]*id="coping-text-{item.id}"[^>]*data-focus-after-swap', html)
    assert _value_of(html, f"coping-text-{item.id}") == "Hot chocolate in my big mug"
    assert html.count("data-focus-after-swap") == 1
    starters = _starters("comfort")
    assert _group(alice, "comfort") == [starters[0], ("Hot chocolate in my big mug", False), starters[2]]


def test_hiding_a_starter_first_hides_just_that_idea(alice: Any, alice_client: Client) -> None:
    html = alice_client.post(
        "/safety/coping/starters/distract-3/hide/", {"hidden": "1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "1 hidden idea" in html
    starters = _starters("distract")
    assert _group(alice, "distract") == [*starters[:2], (starters[2][0], True)]
    assert len(_texts(alice)) == STARTER_COUNT - 1
    # Without JavaScript too, and the idea comes back with "Show again".
    response = alice_client.post("/safety/coping/starters/breathe-1/hide/", {"hidden": "1"})
    assert response["Location"] == "/safety/coping/edit/#coping-breathe"
    item = CopingItem.objects.get(owner=alice, starter="breathe-1")
    assert item.hidden
    alice_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "0"})
    assert _group(alice, "breathe") == _starters("breathe")


def test_a_starter_on_a_page_opened_before_the_first_change_still_finds_its_idea(
    alice: Any, alice_client: Client
) -> None:
    # With htmx only the changed group is swapped: the others still show starters, so their
    # changes arrive after the list was saved and land on the rows saved for them.
    alice_client.post(
        "/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"}, headers={"HX-Request": "true"}
    )
    alice_client.post("/safety/coping/starters/express-2/", {"text": "Draw the feeling in colours"})
    alice_client.post("/safety/coping/starters/express-2/hide/", {"hidden": "1"})
    starters = _starters("express")
    assert _group(alice, "express") == [starters[0], ("Draw the feeling in colours", True), starters[2]]
    assert CopingItem.objects.filter(owner=alice).count() == STARTER_COUNT + 1


def test_starter_ideas_are_encrypted_like_your_own(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"})
    assert CopingItem.objects.filter(owner=alice).count() == STARTER_COUNT + 1
    assert all(b"blanket" not in bytes(item.text) for item in CopingItem.objects.filter(owner=alice))


def test_starters_never_come_back_once_you_have_changed_them(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/coping/starters/comfort-1/hide/", {"hidden": "1"})
    CopingItem.objects.filter(owner=alice).delete()
    html = alice_client.get("/safety/coping/edit/").content.decode()
    assert "Wrap up in a soft blanket" not in html
    alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"})
    assert _texts(alice) == ["Stroke the cat"]


def test_an_unknown_starter_is_a_404_and_changes_nothing(alice: Any, alice_client: Client) -> None:
    for url in [
        "/safety/coping/starters/comfort-4/",
        "/safety/coping/starters/comfort-0/hide/",
        "/safety/coping/starters/sleep-1/",
        "/safety/coping/starters/comfort/hide/",
    ]:
        assert alice_client.post(url, {"text": "x", "hidden": "1"}).status_code == 404, url
    assert alice_client.post("/safety/coping/add/", {"group": "sleep", "text": "x"}).status_code == 404
    assert not CopingItem.objects.filter(owner=alice).exists()
    assert not SafetyPreferences.objects.filter(owner=alice).exists()


def test_a_list_brought_back_from_an_export_has_no_starters_to_change(alice: Any, alice_client: Client) -> None:
    coping_list_import(owner=alice, items=[("comfort", "A warm bath", False)])
    assert alice_client.post("/safety/coping/starters/comfort-1/", {"text": "x"}).status_code == 404
    assert _texts(alice) == ["A warm bath"]


# --- Mistakes keep the person's words ----------------------------------------------------------


def test_an_empty_idea_gets_a_kind_message(alice_client: Client) -> None:
    response = alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "  "})
    assert response.status_code == 422
    assert "Type a few words first" in response.content.decode()


def test_a_too_long_new_idea_is_refused_kindly_and_kept_in_its_box(alice: Any, alice_client: Client) -> None:
    response = alice_client.post("/safety/coping/add/", {"group": "distract", "text": TOO_LONG})
    assert response.status_code == 422
    html = response.content.decode()
    assert "This is longer than one idea can hold (300 characters)." in html
    assert _value_of(html, "coping-add-distract") == TOO_LONG
    assert re.search(r'<input[^>]*id="coping-add-distract"[^>]*aria-invalid="true"', html)
    # Nothing was cut short and saved; the other groups' boxes stay empty.
    assert all(len(text) <= 300 for text in _texts(alice)) and TOO_LONG.strip()[:300] not in _texts(alice)
    assert _value_of(html, "coping-add-comfort") == ""

    fragment = alice_client.post(
        "/safety/coping/add/", {"group": "distract", "text": TOO_LONG}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200  # htmx swaps only a 2xx
    assert _value_of(fragment.content.decode(), "coping-add-distract") == TOO_LONG


def test_a_too_long_change_is_refused_kindly_and_kept_in_its_box(alice: Any, alice_client: Client) -> None:
    html = alice_client.post(
        "/safety/coping/starters/comfort-3/", {"text": TOO_LONG}, headers={"HX-Request": "true"}
    ).content.decode()
    item = CopingItem.objects.get(owner=alice, starter="comfort-3")
    assert "This is longer than one idea can hold (300 characters)." in html
    assert _value_of(html, f"coping-text-{item.id}") == TOO_LONG
    assert re.search(rf'<input[^>]*id="coping-text-{item.id}"[^>]*aria-invalid="true"', html)
    assert re.search(rf'<input[^>]*id="coping-text-{item.id}"[^>]*data-focus-after-swap', html)
    # The idea keeps its saved words, and the others show theirs.
    assert _group(alice, "comfort") == _starters("comfort")
    assert _value_of(html, "coping-add-comfort") == ""

    page = alice_client.post(f"/safety/coping/{item.id}/", {"text": TOO_LONG})
    assert page.status_code == 422
    assert _value_of(page.content.decode(), f"coping-text-{item.id}") == TOO_LONG


def test_an_idea_of_exactly_the_limit_is_saved(alice: Any, alice_client: Client) -> None:
    text = TOO_LONG[:300]
    assert alice_client.post("/safety/coping/add/", {"group": "comfort", "text": text}).status_code == 302
    assert text.strip() in _texts(alice)


# --- Only the person's own ---------------------------------------------------------------------


def test_you_can_edit_and_hide_an_idea_and_bring_it_back(alice: Any, alice_client: Client) -> None:
    alice_client.post("/safety/coping/add/", {"group": "release", "text": "Stretch"})
    item = CopingItem.objects.filter(owner=alice, group="release").first()
    assert item is not None
    alice_client.post(f"/safety/coping/{item.id}/", {"text": "A slow walk round the block"})
    assert "A slow walk round the block" in _texts(alice)
    alice_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "1"})
    assert "A slow walk round the block" not in _texts(alice)
    html = alice_client.get("/safety/coping/edit/").content.decode()
    assert "1 hidden idea" in html
    alice_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "0"})
    assert "A slow walk round the block" in _texts(alice)


def test_someone_else_cannot_change_your_ideas(alice: Any, bob: Any, alice_client: Client, bob_client: Client) -> None:
    alice_client.post("/safety/coping/add/", {"group": "comfort", "text": "Stroke the cat"})
    item = CopingItem.objects.get(owner=alice, starter="comfort-1")
    assert bob_client.post(f"/safety/coping/{item.id}/", {"text": "x"}).status_code == 404
    assert bob_client.post(f"/safety/coping/{item.id}/hide/", {"hidden": "1"}).status_code == 404
    # A starter's key names an idea in the list of whoever sends it: Bob's change is his own.
    bob_client.post("/safety/coping/starters/comfort-1/", {"text": "Bob's blanket"})
    bob_client.post("/safety/coping/starters/comfort-2/hide/", {"hidden": "1"})
    item.refresh_from_db()
    assert item.hidden is False
    assert _group(alice, "comfort") == [*_starters("comfort"), ("Stroke the cat", False)]
    assert _group(bob, "comfort")[0] == ("Bob's blanket", False)
    assert SafetyPreferences.objects.get(owner=bob).coping_started


def test_with_the_plan_locked_the_editor_asks_for_the_passphrase_before_anything_is_typed(
    alice: Any, alice_client: Client
) -> None:
    _recovery, lock_key = lock_journal(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    # Saving the starters will need the plan's key, so the page asks for it first, as it does
    # once the list is saved, rather than after a new idea has been typed.
    response = alice_client.get("/safety/coping/edit/")
    assert response.status_code == 302 and response["Location"].startswith("/journal/unlock/")
    assert not CopingItem.objects.filter(owner=alice).exists()

    opened = unlock_client(alice_client, alice, lock_key)
    assert "Wrap up in a soft blanket" in opened.get("/safety/coping/edit/").content.decode()
    assert opened.post("/safety/coping/starters/comfort-1/", {"text": "My blue blanket"}).status_code == 302
    with journal_unlocked(alice.pk, lock_key):
        assert _group(alice, "comfort")[0] == ("My blue blanket", False)


@pytest.mark.django_db
def test_no_starter_idea_is_pain_based_or_needs_a_medical_caution() -> None:
    words = " ".join(str(idea).lower() for ideas in STARTERS.values() for idea in ideas)
    for avoided in ["ice", "cold", "elastic", "rubber band", "snap", "sprint", "run hard", "pain", "hurt"]:
        assert f" {avoided}" not in f" {words}", avoided


@pytest.mark.django_db
def test_the_sign_in_page_says_the_coping_list_opens_after_it_and_help_opens_without(client: Client) -> None:
    # "Something from my coping list" after 5-4-3-2-1, tapped by someone without an account at
    # night, met only "Sign in to your journal", with no word of the list or of help without one.
    html = client.get("/safety/coping/", follow=True).content.decode()
    assert "Your coping list opens once you sign in." in html
    assert 'Crisis lines don\'t need an account: <a href="/safety/help/">get help now</a>.' in html
    assert "Your coping list opens" not in client.get("/accounts/login/?next=/safety/plan/").content.decode()

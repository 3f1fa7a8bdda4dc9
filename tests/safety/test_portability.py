"""The safety plan, coping list and wave count travel in the export and come back once."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal.portability import JSON_NAME, export_archive
from safety import selectors, services
from safety.models import CopingItem, PlanContact


def _plan_and_list(person: Any) -> None:
    services.plan_step_save(owner=person, section="warning_signs", body="Not sleeping", obstacles="Late nights")
    services.plan_step_save(owner=person, section="on_my_own", body="Cold water on my face", obstacles="")
    services.plan_contact_add(owner=person, section="people", name="Sam", phone="07700 900123")
    services.plan_set_review(owner=person, review_on=date(2026, 6, 1))
    services.coping_item_add(owner=person, group="comfort", text="A warm blanket")
    services.coping_item_set_hidden(
        item=services.coping_item_add(owner=person, group="distract", text="Sorting the bookshelf"), hidden=True
    )
    services.wave_ridden(owner=person, note_in_journal=False)
    services.wave_ridden(owner=person, note_in_journal=False)


def _files(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return {name: zf.read(name).decode() for name in zf.namelist()}


def _import(client: Client, archive: bytes) -> str:
    upload = SimpleUploadedFile("waypoint.zip", archive)
    return client.post("/journal/import/", {"archive": upload}, follow=True).content.decode()


def _plan_words(person: Any) -> list[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    plan = selectors.plan_for_owner(person)
    return [
        (step.section.slug, step.body, step.obstacles, tuple((c.name, c.phone) for c in step.contacts))
        for step in plan.steps
    ]


def _ideas(person: Any) -> list[tuple[str, str, bool]]:
    groups = selectors.coping_list_for_owner(person)
    return sorted((item.group, item.text, item.hidden) for group in groups for item in group.items)


def test_the_export_holds_the_plan_and_coping_list_to_read_and_to_import(alice: Any) -> None:
    _plan_and_list(alice)
    files = _files(export_archive(user=alice))
    plan_md, coping_md = files["safety-plan.md"], files["coping-list.md"]
    assert "## 1. Warning signs and triggers" in plan_md
    assert "Not sleeping" in plan_md and "Late nights" in plan_md
    assert "- Sam: 07700 900123" in plan_md
    assert "A warm blanket" in coping_md
    assert "Sorting the bookshelf (hidden from the list)" in coping_md
    document = json.loads(files[JSON_NAME])
    assert document["safety_plan"]["review_on"] == "2026-06-01"
    assert {"section": "people", "name": "Sam", "phone": "07700 900123"} in document["safety_plan"]["contacts"]
    assert {"group": "comfort", "text": "A warm blanket", "hidden": False} in document["coping_list"]
    assert document["ride_the_wave"] == {"times": 2}


def test_the_coping_list_in_the_export_keeps_each_idea_as_written(alice: Any) -> None:
    services.coping_item_add(owner=alice, group="comfort", text="*Really* hot tea")
    coping_md = _files(export_archive(user=alice))["coping-list.md"]
    assert "- \\*Really\\* hot tea" in coping_md


def test_nothing_of_the_plan_is_in_the_zip_when_there_is_no_plan(alice: Any) -> None:
    files = _files(export_archive(user=alice))
    assert "safety-plan.md" not in files and "coping-list.md" not in files
    assert json.loads(files[JSON_NAME])["safety_plan"] is None


def test_importing_brings_the_plan_and_list_back_once(alice: Any, bob: Any, bob_client: Client) -> None:
    _plan_and_list(alice)
    archive = export_archive(user=alice)
    page = _import(bob_client, archive)
    assert "3 parts of your safety plan" in page
    assert "2 ideas in your coping list" in page
    assert _plan_words(bob) == _plan_words(alice)
    assert selectors.plan_for_owner(bob).review_on == date(2026, 6, 1)
    assert _ideas(bob) == _ideas(alice)
    assert selectors.waves_ridden_for(bob) == 2

    assert "Everything in that file was already here." in _import(bob_client, archive)
    assert PlanContact.objects.filter(owner=bob).count() == 1
    assert CopingItem.objects.filter(owner=bob).count() == 2
    assert selectors.waves_ridden_for(bob) == 2


def test_the_starter_ideas_are_not_added_on_top_of_an_imported_list(alice: Any, bob: Any, bob_client: Client) -> None:
    _plan_and_list(alice)
    bob_client.get("/safety/coping/edit/")  # Bob looked at the starters first, and changed nothing
    _import(bob_client, export_archive(user=alice))
    assert "Wrap up in a soft blanket" not in bob_client.get("/safety/coping/edit/").content.decode()
    # Nor with his first change, which saves the starters of a list that never had any.
    bob_client.post("/safety/coping/add/", {"group": "express", "text": "Dance badly"})
    assert _ideas(bob) == sorted([*_ideas(alice), ("express", "Dance badly", False)])


def test_a_coping_list_never_changed_is_not_in_the_export(alice: Any, alice_client: Client) -> None:
    # Its starter ideas live in the code until the first change; opening the editor saves nothing.
    alice_client.get("/safety/coping/edit/")
    files = _files(export_archive(user=alice))
    assert "coping-list.md" not in files
    assert json.loads(files[JSON_NAME])["coping_list"] is None
    alice_client.post("/safety/coping/starters/comfort-1/hide/", {"hidden": "1"})
    document = json.loads(_files(export_archive(user=alice))[JSON_NAME])
    assert {"group": "comfort", "text": "Wrap up in a soft blanket", "hidden": True} in document["coping_list"]
    assert len(document["coping_list"]) == 15


def test_a_plan_section_written_differently_here_is_kept_and_the_person_is_told(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    _plan_and_list(alice)
    services.plan_step_save(owner=bob, section="warning_signs", body="Bob's newer words", obstacles="")
    services.plan_set_review(owner=bob, review_on=date(2026, 9, 9))
    page = _import(bob_client, export_archive(user=alice))
    assert "Some of it was different in the file (1 part of your safety plan)" in page
    assert "kept what you have here" in page
    plan = selectors.plan_for_owner(bob)
    assert plan.step("warning_signs").body == "Bob's newer words"
    assert plan.step("on_my_own").body == "Cold water on my face"
    assert plan.review_on == date(2026, 9, 9)


def test_the_wave_count_never_goes_down(alice: Any, bob: Any, bob_client: Client) -> None:
    _plan_and_list(alice)
    for _ in range(5):
        services.wave_ridden(owner=bob, note_in_journal=False)
    _import(bob_client, export_archive(user=alice))
    assert selectors.waves_ridden_for(bob) == 5


def test_a_plan_that_cant_be_read_changes_nothing(alice: Any, alice_client: Client) -> None:
    _plan_and_list(alice)
    before = (_plan_words(alice), _ideas(alice))
    document = json.loads(_files(export_archive(user=alice))[JSON_NAME])
    document["coping_list"].append({"group": "comfort", "text": "New idea"})
    document["safety_plan"]["contacts"].append({"section": "warning_signs", "name": "Nobody", "phone": ""})
    upload = SimpleUploadedFile("w.json", json.dumps(document).encode())
    page = alice_client.post("/journal/import/", {"archive": upload}).content.decode()
    assert "Part of this file (your safety plan) can&#x27;t be read" in page
    assert (_plan_words(alice), _ideas(alice)) == before


def test_when_only_different_words_are_in_the_file_nothing_new_is_added_and_it_says_so(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    services.plan_step_save(owner=alice, section="warning_signs", body="Older words", obstacles="")
    services.plan_step_save(owner=bob, section="warning_signs", body="Newer words", obstacles="")
    page = _import(bob_client, export_archive(user=alice))
    assert "Nothing new was added. Some of it was different in the file (1 part of your safety plan)" in page
    assert selectors.plan_for_owner(bob).step("warning_signs").body == "Newer words"


def test_someone_whose_number_changed_here_is_not_added_again_with_the_old_number(
    alice: Any, alice_client: Client
) -> None:
    # Sam's number changed after the export (removed and added again: the plan has no edit for a
    # number). Importing the older file put a second Sam in the step, with the number that no
    # longer reaches them, and said "Brought back: 1 part of your safety plan".
    services.plan_contact_add(owner=alice, section="people", name="Sam", phone="07700 900123")
    services.plan_contact_add(owner=alice, section="people", name="Mum", phone="07700 900456")
    services.plan_contact_add(owner=alice, section="people", name="Mum", phone="01632 960000")
    archive = export_archive(user=alice)
    (sam,) = [c for c in selectors.plan_for_owner(alice).step("people").contacts if c.name == "Sam"]
    services.plan_contact_delete(contact=PlanContact.objects.get(pk=sam.id))
    services.plan_contact_add(owner=alice, section="people", name="Sam", phone="07700 900999")
    page = _import(alice_client, archive)
    assert "Nothing new was added. Some of it was different in the file (1 part of your safety plan)" in page
    assert sorted((c.name, c.phone) for c in selectors.plan_for_owner(alice).step("people").contacts) == [
        ("Mum", "01632 960000"),
        ("Mum", "07700 900456"),
        ("Sam", "07700 900999"),
    ]


def test_two_people_of_one_name_in_the_file_both_come_back(alice: Any, bob: Any, bob_client: Client) -> None:
    services.plan_contact_add(owner=alice, section="people", name="Mum", phone="07700 900456")
    services.plan_contact_add(owner=alice, section="people", name="Mum", phone="01632 960000")
    _import(bob_client, export_archive(user=alice))
    assert _plan_words(bob) == _plan_words(alice)

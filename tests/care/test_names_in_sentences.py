"""A name in a sentence reads as the person wrote it, once, with one full stop after it.

A therapist the clinic shows as "Theo P." read "Your clients will see you as Theo P.." on the page
inviting them, and their client "A copy is shared with Theo P.." under an entry. Names of two or
more therapists were joined with a bare ", " ("Theo Park, Tess Lin"), no "and", in no language but
English, and one <bdi> around them all gave the list the direction of its first name.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care import members
from care.models import Clinic, Link, Membership
from care.services import homework_assign, invitation_create, share_entry
from journal.services import EntryContent, entry_update
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from tests.care.conftest import client_for, link_people, member, write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(email="op@example.com", is_staff=True, is_superuser=True)


def test_an_invited_therapist_named_with_a_stop_reads_one_stop(operator: Any, clinic: Clinic) -> None:
    invite = members.staff_invite_create(clinic=clinic, role="therapist", display_name="Theo P.", actor=operator)
    newcomer = Client()
    page = newcomer.get(f"/care/join/?code={invite.invite.code}").content.decode()
    assert "Your clients will see you as <bdi>Theo P.</bdi>." not in page
    assert "Your clients will see you as <bdi>Theo P.</bdi>" in page
    signup = newcomer.post("/care/join/", {"code": invite.invite.code})
    words = html.unescape(newcomer.get(signup["Location"]).content.decode())
    assert "Your clients will see you as Theo P. After you confirm your email" in words


def test_an_invited_admin_named_with_a_stop_reads_one_stop(operator: Any, clinic: Clinic) -> None:
    invite = members.staff_invite_create(clinic=clinic, role="admin", display_name="Ada L.", actor=operator)
    page = Client().get(f"/care/join/?code={invite.invite.code}").content.decode()
    assert "shown as <bdi>Ada L.</bdi>." not in page
    assert "shown as <bdi>Ada L.</bdi>" in page


def test_joining_a_clinic_named_with_a_stop_says_it_once(operator: Any) -> None:
    clinic = Clinic.objects.create(name="Harbour & Co.", key="harbour-co")
    invite = members.staff_invite_create(clinic=clinic, role="therapist", display_name="Sam Lee", actor=operator)
    bobs = client_for(UserFactory(email="bob@example.com"))
    bobs.post("/care/join/", {"code": invite.invite.code})
    page = html.unescape(bobs.get("/care/clients/").content.decode())
    assert "You have joined Harbour & Co.." not in page
    assert "You have joined Harbour & Co." in page
    assert "People who linked with you at <bdi>Harbour & Co.</bdi> You see only" in page


def test_the_entry_names_a_therapist_with_a_stop_once(clinic: Clinic, alice: Any, alice_client: Client) -> None:
    link = link_people(member(clinic, "theo@example.com", name="Theo P."), alice)
    entry = write(alice, "words")
    share_entry(link=link, entry=entry)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "A copy is shared with <bdi>Theo P.</bdi>." not in page
    assert "A copy is shared with <bdi>Theo P.</bdi>" in page


def test_a_therapist_who_suggested_homework_with_a_stop_is_named_once(
    library: None, clinic: Clinic, alice: Any, alice_client: Client
) -> None:
    link = link_people(member(clinic, "theo@example.com", name="Theo P."), alice)
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause)
    run = run_finish(run=run_start(owner=alice, sequence=pause), answers={"0": "A long shift"})
    assert run.entry is not None
    share_entry(link=link, entry=run.entry)
    page = alice_client.get(reverse("home")).content.decode()
    assert "You did this one." in page
    assert "A copy is shared with <bdi>Theo P.</bdi>" in page
    assert "<bdi>Theo P.</bdi>." not in page


def test_already_linked_with_a_therapist_with_a_stop_says_it_once(clinic: Clinic, alice: Any) -> None:
    theo = member(clinic, "theo@example.com", name="Theo P.")
    code = invitation_create(membership=Membership.objects.get(user=theo)).code
    alice_client = client_for(alice)
    alice_client.post(f"/care/accept/{code}/")
    alice_client.post(f"/care/accept/{code}/")  # "Yes" pressed again in a tab still open on the question
    page = alice_client.get("/care/").content.decode()
    assert "You are already linked with Theo P.." not in page
    assert "You are already linked with Theo P." in page


def test_two_therapists_are_one_list_each_in_their_own_bdi(
    clinic: Clinic, tess: Any, alice: Any, alice_client: Client
) -> None:
    links: list[Link] = [
        link_people(member(clinic, "theo@example.com", name="Theo Park"), alice),
        link_people(tess, alice),
        link_people(member(clinic, "dana@example.com", name="דנה כהן"), alice),
    ]
    entry = write(alice, "words for all three")
    for link in links:
        share_entry(link=link, entry=entry)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "A copy is shared with <bdi>Tess Lin</bdi>, <bdi>Theo Park</bdi> and <bdi>דנה כהן</bdi>." in page

    edited = EntryContent(title="", body="fewer words", written_on=entry.written_on)
    entry_update(entry=entry, expected_version=entry.version, content=edited)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert (
        "<bdi>Tess Lin</bdi>, <bdi>Theo Park</bdi> and <bdi>דנה כהן</bdi> still see the copies you shared, "
        "from before your later changes."
    ) in page


def test_a_name_with_markup_in_it_stays_words_in_the_list(clinic: Clinic, alice: Any, alice_client: Client) -> None:
    links = [
        link_people(member(clinic, "theo@example.com", name="<b>Theo</b>"), alice),
        link_people(member(clinic, "tess@example.com", name="Tess & Co"), alice),
    ]
    entry = write(alice, "words")
    for link in links:
        share_entry(link=link, entry=entry)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "<bdi>&lt;b&gt;Theo&lt;/b&gt;</bdi> and <bdi>Tess &amp; Co</bdi>" in page

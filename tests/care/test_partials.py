"""The care pieces on other apps' pages: homework on home, share buttons, the nav and the clinic name."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Clinic, Link
from care.services import homework_assign, share_entry
from journal.services import EntryContent, entry_update
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from supporters.services import link_make, supporter_add
from tests.care.conftest import client_for, write


def _pause() -> Sequence:
    return Sequence.objects.get(clinic_key="", slug="pause-for-kindness")


@pytest.mark.django_db
def test_homework_shows_on_home_from_the_therapist(library: None, link: Link, alice_client: Client) -> None:
    homework_assign(link=link, sequence=_pause(), note="When you have a quiet moment")
    page = alice_client.get(reverse("home")).content.decode()
    assert "Suggested reflections" in page and "Pause for kindness" in page
    assert "from <bdi>Theo Park</bdi>" in page and "When you have a quiet moment" in page
    assert reverse("prompts:sequence", args=[_pause().id]) in page


@pytest.mark.django_db
def test_finished_homework_offers_sharing_once(library: None, link: Link, alice: Any, alice_client: Client) -> None:
    homework_assign(link=link, sequence=_pause())
    run = run_finish(run=run_start(owner=alice, sequence=_pause()), answers={})
    page = alice_client.get(reverse("home")).content.decode()
    assert "You did this one." in page and reverse("care:share_entry", args=[run.entry_id]) in page
    share_entry(link=link, entry=run.entry)  # type: ignore[arg-type]
    assert reverse("care:share_entry", args=[run.entry_id]) not in alice_client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_clinics_own_reflection_opens_for_the_linked_person_only(
    library: None, link: Link, alice_client: Client, bob_client: Client
) -> None:
    from prompts.services import sequence_save

    ours = sequence_save(definition=_pause().latest.definition, clinic_key="harbour").sequence  # type: ignore[union-attr]
    url = reverse("prompts:sequence", args=[ours.id])
    assert alice_client.get(url).status_code == 200
    assert bob_client.get(url).status_code == 404


@pytest.mark.django_db
def test_no_homework_means_nothing_on_home(alice_client: Client) -> None:
    assert "Suggested reflections" not in alice_client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_entry_and_plan_pages_offer_sharing_only_when_linked(
    link: Link, alice: Any, alice_client: Client, bob: Any, bob_client: Client
) -> None:
    entry = write(alice, "words")
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "Share with <bdi>Theo Park</bdi>" in page and reverse("care:share_entry", args=[entry.id]) in page
    assert reverse("care:share_plan") in alice_client.get(reverse("safety:plan")).content.decode()
    bob_entry = write(bob, "words")
    # Someone with no therapist is offered only sharing with the people they trust.
    assert (
        reverse("care:share_entry", args=[bob_entry.id])
        not in bob_client.get(reverse("journal:entry", args=[bob_entry.id])).content.decode()
    )
    assert reverse("care:share_plan") not in bob_client.get(reverse("safety:plan")).content.decode()


@pytest.mark.django_db
def test_the_entry_page_says_when_a_copy_is_shared(link: Link, alice: Any, alice_client: Client) -> None:
    entry = write(alice, "words")
    share_entry(link=link, entry=entry)
    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "A copy is shared with <bdi>Theo Park</bdi>." in page


@pytest.mark.django_db
def test_after_editing_a_shared_entry_the_page_says_the_therapist_still_has_the_old_copy(
    link: Link, alice: Any, alice_client: Client
) -> None:
    # Someone who takes a line out after sharing read only "A copy is shared", and could believe
    # their therapist no longer sees it.
    entry = write(alice, "words I regret")
    share_entry(link=link, entry=entry)
    url = reverse("journal:entry", args=[entry.id])
    assert "before your later changes" not in alice_client.get(url).content.decode()
    edited = EntryContent(title="", body="words", written_on=entry.written_on)
    entry_update(entry=entry, expected_version=entry.version, content=edited)

    page = alice_client.get(url).content.decode()
    assert (
        "<bdi>Theo Park</bdi> still sees the copy you shared, from before your later changes. "
        "Sharing it again replaces it with this version."
    ) in page


@pytest.mark.django_db
def test_saving_a_shared_entry_with_the_same_words_does_not_call_the_copy_older(
    link: Link, alice: Any, alice_client: Client
) -> None:
    # Opening the editor and pressing Save (or an autosave after typing a letter and taking it
    # back) changes nothing; the page used to say the therapist had an older copy all the same.
    entry = write(alice, "words I shared", title="Tuesday")
    share_entry(link=link, entry=entry)
    same = {
        "entry_id": str(entry.id),
        "version": entry.version,
        "title": "Tuesday",
        "body": "words I shared",
        "written_on": entry.written_on.isoformat(),
        "kind": entry.kind,
        "mood": "",
        "urge": "",
        "tags": "",
    }
    alice_client.post("/journal/autosave/", same, headers={"HX-Request": "true"})
    alice_client.post(reverse("journal:entry_edit", args=[entry.id]), same)

    page = alice_client.get(reverse("journal:entry", args=[entry.id])).content.decode()
    assert "A copy is shared with <bdi>Theo Park</bdi>." in page
    assert "before your later changes" not in page


@pytest.mark.django_db
def test_clients_and_audit_links_show_only_for_those_roles(theo_client: Client, ada: Any, alice_client: Client) -> None:
    clients, audit = f'href="{reverse("care:dashboard")}"', f'href="{reverse("care:audit")}"'
    theo_page = theo_client.get(reverse("home")).content.decode()
    assert clients in theo_page and audit not in theo_page
    assert audit in client_for(ada).get(reverse("home")).content.decode()
    alice_page = alice_client.get(reverse("home")).content.decode()
    assert clients not in alice_page and audit not in alice_page


@pytest.mark.django_db
def test_a_clinics_own_server_shows_its_name_on_every_page(clinic: Clinic, client: Client) -> None:
    assert "Harbour Clinic" in client.get(reverse("account_login")).content.decode()


@pytest.mark.django_db
def test_with_several_clinics_only_members_and_linked_people_see_a_name(
    link: Link, other_clinic: Clinic, alice_client: Client, bob_client: Client, client: Client
) -> None:
    assert "Harbour Clinic" in alice_client.get(reverse("home")).content.decode()
    assert "Harbour Clinic" not in bob_client.get(reverse("home")).content.decode()
    assert "Hillside Practice" not in client.get(reverse("account_login")).content.decode()


@pytest.mark.django_db
def test_with_several_clinics_signed_out_pages_name_none_of_them(
    link: Link, other_clinic: Clinic, alice: Any, client: Client
) -> None:
    # Harbour was made first: the name a signed-out page once showed, whoever was reading it.
    supporter = supporter_add(owner=alice, name="Sam")
    reader = reverse("supporters:read", args=[link_make(supporter=supporter, days=7, with_code=False).token])
    for url in (reverse("account_login"), reverse("safety:help"), reader):
        page = client.get(url).content.decode()
        assert "Harbour Clinic" not in page and "Hillside Practice" not in page, url


@pytest.mark.django_db
def test_the_settings_page_leads_to_the_therapist_page(alice_client: Client) -> None:
    assert reverse("care:index") in alice_client.get(reverse("accounts:settings")).content.decode()


@pytest.mark.django_db
def test_the_header_pieces_cost_one_query_per_page_once_warm(
    link: Link, alice: Any, django_assert_max_num_queries: Any
) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    def header() -> str:
        request = RequestFactory().get("/")
        request.user = alice
        return render_to_string("care/_nav.html", request=request) + render_to_string(
            "care/_clinic_name.html", request=request
        )

    header()
    with django_assert_max_num_queries(1):
        assert "Harbour Clinic" in header()


@pytest.mark.django_db
def test_settings_lead_to_linking_with_a_therapist(alice_client: Client) -> None:
    # The settings page leaves a place for it; the clinic app fills it.
    page = alice_client.get(reverse("accounts:settings")).content.decode()
    assert "Your therapist" in page and reverse("care:index") in page

"""An entry's own page says who it is shared with, and leads to where sharing it stops.

A person who shared last week's entry with their partner and then changed their mind opened the
entry: it offered "Share with someone you trust" and nothing more, as if it were shared with
nobody. Stopping was two pages away (People you trust, then their page), for someone who had to
remember that. The therapist's line on the same page already said so ("A copy is shared with …").

Someone with no link open cannot read their copy yet, and the line says so: it said "Sam can still
read the copy you shared" while Sam's own page said "They can't open it yet".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry
from journal.portability import export_archive
from journal.services import EntryContent, entry_create, entry_update
from supporters import limits, services
from supporters.models import Supporter, SupporterLink, SupporterShare


def _trusted(owner: Any, name: str) -> Supporter:
    """Someone the person trusts, with a link open: they can read what is shared with them."""
    supporter = services.supporter_add(owner=owner, name=name, email="")
    services.link_make(supporter=supporter, days=7, with_code=False)
    return supporter


def _entry_page(client: Client, entry: Any) -> str:
    response = client.get(reverse("journal:entry", args=[entry.id]))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_entry_names_who_has_a_copy_and_leads_to_their_page(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="A hard week", body="I want Sam to know.")
    sam = _trusted(alice, "Sam")
    assert "A copy is shared with" not in _entry_page(alice_client, entry), "shared with nobody yet"
    copy = services.share_entry(supporter=sam, entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi>." in page
    assert f'href="{reverse("supporters:person", args=[sam.id])}#shared-heading">Manage sharing</a>' in page
    services.share_stop(copy=copy)
    assert "A copy is shared with" not in _entry_page(alice_client, entry), "stopped: nobody has it"


def test_two_people_each_keep_their_own_direction_and_lead_to_the_list(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="for both")
    for name in ["Sam", "דוד כהן"]:
        services.share_entry(supporter=_trusted(alice, name), entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi> and <bdi>דוד כהן</bdi>." in page
    assert f'href="{reverse("supporters:people")}">Manage sharing</a>' in page


def test_after_a_change_it_says_they_still_read_the_copy_from_before(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="the first words")
    services.share_entry(supporter=_trusted(alice, "Sam"), entry=entry)
    content = EntryContent(title="", body="a line taken out", written_on=entry.written_on)
    entry_update(entry=entry, content=content, expected_version=entry.version)
    page = _entry_page(alice_client, entry)
    assert "<bdi>Sam</bdi> can still read the copy you shared, from before your later changes." in page


def test_after_a_change_the_one_with_the_new_version_is_named_too(alice: Any, alice_client: Client) -> None:
    # Sam's copy is from before the change, Jo's from after: the page named Sam alone, and a person
    # who wanted Jo to stop reading it was told nothing of Jo here.
    entry = entry_create(author=alice, title="", body="the first words")
    services.share_entry(supporter=_trusted(alice, "Sam"), entry=entry)
    content = EntryContent(title="", body="a line taken out", written_on=entry.written_on)
    entry = entry_update(entry=entry, content=content, expected_version=entry.version)
    services.share_entry(supporter=_trusted(alice, "Jo"), entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Jo</bdi>." in page
    assert "<bdi>Sam</bdi> can still read the copy you shared, from before your later changes." in page
    assert "<bdi>Jo</bdi> can still read" not in page and "shared with <bdi>Sam</bdi>" not in page


def test_three_people_are_one_list_in_the_reader_s_language(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="for all three")
    for name in ["Sam", "Jo", "<b>Ana</b>"]:
        services.share_entry(supporter=_trusted(alice, name), entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi>, <bdi>Jo</bdi> and <bdi>&lt;b&gt;Ana&lt;/b&gt;</bdi>." in page


def test_a_name_ending_in_a_full_stop_ends_the_sentence_once(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="for Sam")
    services.share_entry(supporter=_trusted(alice, "Sam P."), entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam P.</bdi>." not in page
    assert "A copy is shared with <bdi>Sam P.</bdi>\n" in page


def test_someone_with_no_link_yet_is_told_the_copy_waits_for_them(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="the first words")
    sam = services.supporter_add(owner=alice, name="Sam", email="")
    services.share_entry(supporter=sam, entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy waits for <bdi>Sam</bdi> until they have a link." in page
    assert "A copy is shared with <bdi>Sam</bdi>" not in page

    content = EntryContent(title="", body="a line taken out", written_on=entry.written_on)
    entry_update(entry=entry, content=content, expected_version=entry.version)
    page = _entry_page(alice_client, entry)
    assert (
        "A copy from before your later changes waits for <bdi>Sam</bdi> until they have a link. "
        "Sharing it again replaces it with this version."
    ) in page
    assert "can still read" not in page, "Sam's own page says they can't open it yet"

    services.link_make(supporter=sam, days=7, with_code=False)
    page = _entry_page(alice_client, entry)
    assert "<bdi>Sam</bdi> can still read the copy you shared, from before your later changes." in page
    assert "waits for" not in page


def test_each_person_is_named_in_the_line_that_fits_them(alice: Any, alice_client: Client) -> None:
    # Jo's link ended (Stop sharing everything, then shared again); Sam's works; Ana has none yet.
    entry = entry_create(author=alice, title="", body="for three")
    jo = _trusted(alice, "Jo")
    services.sharing_stop_all(supporter=jo)
    for supporter in [_trusted(alice, "Sam"), jo, services.supporter_add(owner=alice, name="Ana", email="")]:
        services.share_entry(supporter=supporter, entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi>." in page
    assert "Copies wait for <bdi>Jo</bdi> and <bdi>Ana</bdi> until they have a link." in page
    assert f'href="{reverse("supporters:people")}">Manage sharing</a>' in page


def test_a_copy_whose_link_ran_out_is_not_said_to_wait_for_a_new_one(alice: Any, alice_client: Client) -> None:
    # Sam's link ran out five minutes ago. What it showed goes at the hourly tidy-up, or at once when
    # a new link is made (supporters/services.py), as Sam's own page says; the entry said "A copy
    # waits for Sam until they have a link", and making one for them deleted it.
    entry = entry_create(author=alice, title="", body="before it ran out")
    sam = _trusted(alice, "Sam")
    services.share_entry(supporter=sam, entry=entry)
    SupporterShare.objects.update(shared_at=timezone.now() - timedelta(hours=1))
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    page = _entry_page(alice_client, entry)
    assert "waits for" not in page and "can still read" not in page
    assert (
        "<bdi>Sam</bdi> can't open their copy now: their link ran out, and Waypoint deletes it within the hour."
    ) in page

    # Shared again since it ran out, the new copy does wait for their next link.
    services.share_entry(supporter=sam, entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy waits for <bdi>Sam</bdi> until they have a link." in page
    assert "within the hour" not in page


def test_several_copies_whose_links_ran_out_are_one_line(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="for both")
    for name in ["Sam", "Jo"]:
        services.share_entry(supporter=_trusted(alice, name), entry=entry)
    _trusted(alice, "Ana")  # whose link works: nothing of hers is said here
    SupporterShare.objects.update(shared_at=timezone.now() - timedelta(hours=1))
    ran_out = timezone.now() - timedelta(minutes=5)
    SupporterLink.objects.filter(supporter__copies__isnull=False).update(expires_at=ran_out)
    page = _entry_page(alice_client, entry)
    assert (
        "<bdi>Sam</bdi> and <bdi>Jo</bdi> can't open their copies now: their links ran out, "
        "and Waypoint deletes them within the hour."
    ) in page
    assert "A copy is shared with" not in page and "waits for" not in page


def test_three_people_in_three_lines_from_one_look(alice: Any, alice_client: Client) -> None:
    # Sam's link works, Jo has none yet, Ana's ran out after the copy was shared: each copy is sorted
    # on its own, in the one query the page asks, and nobody is named in two lines.
    entry = entry_create(author=alice, title="", body="for three")
    sam, ana = _trusted(alice, "Sam"), _trusted(alice, "Ana")
    for supporter in [sam, services.supporter_add(owner=alice, name="Jo", email=""), ana]:
        services.share_entry(supporter=supporter, entry=entry)
    SupporterShare.objects.filter(supporter=ana).update(shared_at=timezone.now() - timedelta(hours=1))
    SupporterLink.objects.filter(supporter=ana).update(expires_at=timezone.now() - timedelta(minutes=5))
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi>." in page
    assert "A copy waits for <bdi>Jo</bdi> until they have a link." in page
    assert (
        "<bdi>Ana</bdi> can't open their copy now: their link ran out, and Waypoint deletes it within the hour." in page
    )
    assert page.count("<bdi>") == 3


def test_an_ended_link_does_not_count_against_the_new_one(alice: Any, alice_client: Client) -> None:
    # Sam's first link ran out and the hourly tidy-up ended it; the entry, shared after, waits. Then
    # a new link: Sam has two links, one ended and one open, and reads the copy.
    entry = entry_create(author=alice, title="", body="after the first link")
    sam = _trusted(alice, "Sam")
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    assert services.links_expired_end() == 1
    services.share_entry(supporter=sam, entry=entry)
    page = _entry_page(alice_client, entry)
    assert "A copy waits for <bdi>Sam</bdi> until they have a link." in page
    assert "within the hour" not in page, "the ended link ran out before the copy was shared"

    services.link_make(supporter=sam, days=7, with_code=False)
    assert sam.links.count() == 2
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi>." in page
    assert "waits for" not in page and "within the hour" not in page


def test_a_link_paused_after_wrong_codes_still_reads_the_copy(alice: Any, alice_client: Client) -> None:
    # Too many wrong codes pause the code's page for about 15 minutes; the link itself stays open,
    # and what is shared stays there for Sam once the right code is typed.
    entry = entry_create(author=alice, title="", body="for Sam")
    sam = services.supporter_add(owner=alice, name="Sam", email="")
    link = services.link_make(supporter=sam, days=7, with_code=True).link
    services.share_entry(supporter=sam, entry=entry)
    for _ in range(limits.WRONG_CODES_PER_LINK):
        limits.miss_note(RequestFactory().get("/"), link_id=link.id)
    assert limits.link_blocked(link.id)
    page = _entry_page(alice_client, entry)
    assert "A copy is shared with <bdi>Sam</bdi>." in page
    assert "waits for" not in page and "can't open" not in page


def test_an_entry_brought_from_a_server_whose_clock_ran_ahead_is_shared_as_it_is(
    alice: Any, bob: Any, bob_client: Client
) -> None:
    # An export may hold moments up to a day ahead (its server's clock ran fast). An entry kept such
    # a moment as when it was last saved: shared right after the move, its page said Sam's copy
    # was "from before your later changes", though nothing had changed since.
    entry = entry_create(author=alice, title="Moved", body="Brought along.")
    Entry.objects.filter(pk=entry.pk).update(updated_at=timezone.now() + timedelta(hours=3))
    bob_client.post(reverse("journal:import"), {"archive": SimpleUploadedFile("w.zip", export_archive(user=alice))})
    (theirs,) = Entry.objects.filter(owner=bob)
    services.share_entry(supporter=_trusted(bob, "Sam"), entry=theirs)
    page = _entry_page(bob_client, theirs)
    assert "A copy is shared with <bdi>Sam</bdi>." in page
    assert "from before your later changes" not in page

"""The person's side: a second tap on Stop, Delete or Remove, kind form messages, and quiet logs."""

from __future__ import annotations

import logging
import re
import smtplib
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.services import entry_create
from sharing.snapshots import plan_snapshot
from supporters import people_views, services
from supporters.models import Supporter, SupporterReply, SupporterShare
from tests.journal.lock_helpers import Locked, locked_alice_fixture  # noqa: F401  (fixture)
from tests.journal.locking import PASSPHRASE
from tests.journal.test_unlock_views import _hidden_fields
from tests.supporters.test_supporters import _add, _make_link

ADDRESS = "robin.private@example.com"


@pytest.fixture
def sam(alice: Any, alice_client: Client) -> dict[str, Any]:
    """Alice shares an entry with Sam, and Sam writes back."""
    entry = entry_create(author=alice, title="", body="for Sam")
    supporter = _add(alice_client)
    copy = services.share_entry(supporter=supporter, entry=entry)
    url, _code = _make_link(alice_client, supporter)
    assert Client().post(url, {"body": "I am here, Sam"}).status_code == 302
    return {"supporter": supporter, "copy": copy, "reply": SupporterReply.objects.get()}


def _calm(response: Any, client: Client, message: str) -> str:
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert message in page
    return page


# --- Replies waiting -----------------------------------------------------------------------------


def test_the_list_of_people_says_who_wrote_back(alice: Any, alice_client: Client, sam: dict[str, Any]) -> None:
    # Their page tells the supporter a reply waits on the person's page of the people they trust; the list
    # is where the person comes first, so it says so there, not only on that supporter's own page.
    services.supporter_add(owner=alice, name="Jo")
    page = alice_client.get(reverse("supporters:people")).content.decode()
    # Named, so it is clear whose page the replies are on, and a link to where the person reads them.
    to_them = reverse("supporters:person", args=[sam["supporter"].id]) + "#replies"
    wrote_back = f'<a href="{to_them}"><span><bdi>Sam</bdi> wrote back (1 reply)</span></a>'
    assert page.count("wrote back") == 1 and wrote_back in page
    assert "I am here, Sam" not in page, "the words stay on their page"
    Client().post(_make_link(alice_client, sam["supporter"])[0], {"body": "and again"})
    page = alice_client.get(reverse("supporters:people")).content.decode()
    assert f'<a href="{to_them}"><span><bdi>Sam</bdi> wrote back (2 replies)</span></a>' in page
    assert 'id="replies"' in alice_client.get(to_them).content.decode()
    alice_client.post(reverse("supporters:reply_delete", args=[sam["reply"].id]))
    assert wrote_back in alice_client.get(reverse("supporters:people")).content.decode()


def test_each_stop_sharing_button_says_what_it_stops(alice: Any, alice_client: Client, sam: dict[str, Any]) -> None:
    # Two things shared in one minute (an entry and the plan, say) were two buttons both named
    # "Stop sharing (2 March 2026, 09:15)": a screen reader could not tell which was which.
    services.share_plan(supporter=sam["supporter"], snapshot=plan_snapshot(owner=alice))
    SupporterShare.objects.update(shared_at=datetime(2026, 3, 2, 9, 15, tzinfo=UTC))
    page = " ".join(alice_client.get(reverse("supporters:person", args=[sam["supporter"].id])).content.decode().split())
    names = re.findall(r'Stop sharing<span class="visually-hidden">(.*?)</span></button>', page)
    assert len(names) == 2 and len(set(names)) == 2, names
    assert " (Your safety plan, 2 March 2026, 09:15)" in names


def test_the_people_page_leads_to_groups_of_people_who_understand(alice_client: Client) -> None:
    # The guide linked the peer directory and this page did not, though someone with nobody to add
    # yet looks here first. All of it: no ?for=family, which is the guide's view for supporters.
    page = alice_client.get(reverse("supporters:people")).content.decode()
    peers = reverse("safety:peer_support")
    assert f'<a href="{peers}">Groups and communities of people who understand</a>' in page
    assert alice_client.get(peers).status_code == 200


# --- A second tap -------------------------------------------------------------------------------


def test_a_second_tap_on_stop_sharing_says_it_had_already_stopped(alice_client: Client, sam: dict[str, Any]) -> None:
    url = reverse("supporters:copy_stop", args=[sam["copy"].id])
    assert alice_client.post(url).status_code == 302
    second = alice_client.post(url)
    assert second["Location"] == reverse("supporters:person", args=[sam["supporter"].id])
    page = _calm(second, alice_client, "Sharing had already stopped. It is no longer on their page.")
    assert "no longer open it" not in page
    assert not SupporterShare.objects.exists()


def test_back_to_a_copy_after_stopping_it_says_it_had_already_stopped(
    alice_client: Client, bob_client: Client, sam: dict[str, Any]
) -> None:
    url = reverse("supporters:copy", args=[sam["copy"].id])
    assert bob_client.get(url).status_code == 404
    alice_client.post(reverse("supporters:copy_stop", args=[sam["copy"].id]))
    alice_client.get(reverse("supporters:person", args=[sam["supporter"].id]))  # "Sharing stopped." is read
    back = alice_client.get(url)
    assert back["Location"] == reverse("supporters:person", args=[sam["supporter"].id])
    page = _calm(back, alice_client, "Sharing had already stopped. It is no longer on their page.")
    assert "for Sam" not in page
    assert bob_client.get(url).status_code == 404
    assert alice_client.get(reverse("supporters:copy", args=[uuid.uuid4()])).status_code == 404


def test_stop_after_stopping_everything_says_it_had_already_stopped(alice_client: Client, sam: dict[str, Any]) -> None:
    alice_client.post(reverse("supporters:stop_all", args=[sam["supporter"].id]))
    response = alice_client.post(reverse("supporters:copy_stop", args=[sam["copy"].id]))
    _calm(response, alice_client, "Sharing had already stopped.")


def test_back_to_stop_everything_after_stopping_says_nothing_is_shared_now(
    alice_client: Client, sam: dict[str, Any]
) -> None:
    url = reverse("supporters:stop_all", args=[sam["supporter"].id])
    assert "Stop sharing everything with <bdi>Sam</bdi>?" in alice_client.get(url).content.decode()
    alice_client.post(url)
    # The Back button brings the page again: it must not ask as if nothing had happened.
    page = alice_client.get(url).content.decode()
    assert "Nothing is shared with <bdi>Sam</bdi> now" in page
    assert "Stop sharing everything" not in page, "no button to press again"


def test_a_second_tap_on_delete_says_the_reply_was_already_deleted(alice_client: Client, sam: dict[str, Any]) -> None:
    url = reverse("supporters:reply_delete", args=[sam["reply"].id])
    assert alice_client.post(url).status_code == 302
    second = alice_client.post(url)
    assert second["Location"] == reverse("supporters:person", args=[sam["supporter"].id])
    page = _calm(second, alice_client, "That reply was already deleted.")
    assert "I am here, Sam" not in page


def test_a_second_tap_on_remove_says_they_were_already_removed(alice_client: Client, sam: dict[str, Any]) -> None:
    url = reverse("supporters:remove", args=[sam["supporter"].id])
    assert alice_client.post(url).status_code == 302
    second = alice_client.post(url)
    assert second["Location"] == reverse("supporters:people")
    _calm(second, alice_client, "They were already removed.")
    assert not Supporter.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [("person", "get"), ("stop_all", "get"), ("stop_all", "post"), ("link_make", "post"), ("remove", "get")],
)
def test_their_pages_left_open_after_removing_them_say_they_were_removed(
    alice_client: Client, bob_client: Client, sam: dict[str, Any], name: str, method: str
) -> None:
    # The back button after Remove, or a second tab still on their page: the site's "We couldn't
    # find that page" would leave the person wondering whether their words are still shared.
    supporter_id = sam["supporter"].id
    assert alice_client.post(reverse("supporters:remove", args=[supporter_id])).status_code == 302
    alice_client.get(reverse("supporters:people"))  # the message about removing them is read
    url = reverse(f"supporters:{name}", args=[supporter_id])
    response = getattr(alice_client, method)(url, {"days": 7} if name == "link_make" else {})
    assert response["Location"] == reverse("supporters:people")
    _calm(response, alice_client, "They were already removed. Nothing about them is kept.")
    assert not Supporter.objects.exists()
    assert getattr(bob_client, method)(url).status_code == 404, "only this browser knows they were removed"


def test_someone_elses_ids_stay_404_before_and_after_they_are_stopped(
    alice_client: Client, bob_client: Client, sam: dict[str, Any]
) -> None:
    stop = reverse("supporters:copy_stop", args=[sam["copy"].id])
    delete = reverse("supporters:reply_delete", args=[sam["reply"].id])
    remove = reverse("supporters:remove", args=[sam["supporter"].id])
    for url in (stop, delete, remove):
        assert bob_client.post(url).status_code == 404, url
    for url in (stop, delete):
        assert alice_client.post(url).status_code == 302
    for url in (stop, delete):
        assert bob_client.post(url).status_code == 404, "the same as an id that never was: " + url
    assert alice_client.post(remove).status_code == 302
    assert bob_client.post(remove).status_code == 404
    assert bob_client.get(remove).status_code == 404


def test_ids_that_never_were_are_still_404(alice_client: Client, sam: dict[str, Any]) -> None:
    for name in ("copy_stop", "reply_delete", "remove"):
        assert alice_client.post(reverse(f"supporters:{name}", args=[uuid.uuid4()])).status_code == 404, name


def test_someone_added_while_the_journal_was_locked_elsewhere_is_added_once_it_opens(
    locked_alice: Locked, alice_client: Client
) -> None:
    # "Lock my journal now" in another tab: the name and address typed here used to be lost on
    # the way to the unlock page, which then opened the journal instead of their page.
    response = alice_client.post(reverse("supporters:people"), {"name": "Aunt Rosa", "email": "rosa@example.com"})
    assert response.status_code == 423
    assert "held on this page" in response.content.decode()
    assert not Supporter.objects.exists()
    fields = _hidden_fields(response.content.decode())
    opened = alice_client.post(reverse("journal:unlock"), {**fields, "passphrase": PASSPHRASE})
    supporter = Supporter.objects.get()
    assert opened["Location"] == reverse("supporters:person", args=[supporter.id]) + "#messages"
    page = alice_client.get(opened["Location"]).content.decode()
    assert "Aunt Rosa" in page and "rosa@example.com" in page


def test_someone_added_on_the_way_to_sharing_while_locked_goes_back_to_sharing_once_it_opens(
    locked_alice: Locked, alice_client: Client
) -> None:
    share = reverse("supporters:share_plan")
    people = f"{reverse('supporters:people')}?then={share}"
    form = _hidden_fields(alice_client.get(people).content.decode())
    response = alice_client.post(people, {**form, "name": "Aunt Rosa", "email": ""})
    assert response.status_code == 423
    opened = alice_client.post(
        reverse("journal:unlock"), {**_hidden_fields(response.content.decode()), "passphrase": PASSPHRASE}
    )
    # Back to sharing, as without the lock; the unlock page had dropped the way back.
    assert opened.status_code == 302 and opened["Location"] == f"{share}#messages"
    assert Supporter.objects.count() == 1


def test_a_way_back_carried_through_the_unlock_page_goes_nowhere_but_a_sharing_page(
    locked_alice: Locked, alice_client: Client
) -> None:
    elsewhere = "https://elsewhere.example/"
    response = alice_client.post(
        f"{reverse('supporters:people')}?then={elsewhere}", {"name": "Aunt Rosa", "email": "", "then": elsewhere}
    )
    # Whatever the hidden field says when it comes back (anyone can write a form that posts here).
    fields = {**_hidden_fields(response.content.decode()), "carried:then": elsewhere}
    opened = alice_client.post(reverse("journal:unlock"), {**fields, "passphrase": PASSPHRASE})
    assert opened["Location"] == reverse("supporters:person", args=[Supporter.objects.get().id]) + "#messages"


# --- Kind messages ------------------------------------------------------------------------------


def test_a_very_long_email_address_gets_one_kind_message(alice_client: Client) -> None:
    response = alice_client.post(reverse("supporters:people"), {"name": "Sam", "email": "a" * 330 + "@x.com"})
    page = response.content.decode()
    assert response.status_code == 200 and "look like an email address" in page
    assert "Ensure this value" not in page
    assert not Supporter.objects.exists()


def test_a_link_without_a_length_gets_a_kind_message(alice_client: Client) -> None:
    supporter = _add(alice_client)
    response = alice_client.post(reverse("supporters:link_make", args=[supporter.id]), {})
    page = response.content.decode()
    assert response.status_code == 200 and "Choose how long the link works." in page
    assert "This field is required" not in page


# --- Logs ---------------------------------------------------------------------------------------


def test_a_refused_email_logs_neither_the_address_nor_a_traceback(
    alice_client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    supporter = _add(alice_client, name="Robin", email=ADDRESS)

    def refuse(self: Any, messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"5.1.1 User unknown")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with caplog.at_level(logging.DEBUG):
        response = alice_client.post(
            reverse("supporters:link_make", args=[supporter.id]), {"days": 7, "send_email": "on"}
        )
    assert response.status_code == 200, "the link is shown even so"
    formatted = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert "Could not email a supporter's link (SMTPRecipientsRefused)." in formatted
    assert ADDRESS not in formatted and "robin.private" not in formatted


def test_a_second_remove_that_began_before_the_first_finished_lands_calmly(
    alice_client: Client, sam: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = reverse("supporters:remove", args=[sam["supporter"].id])
    second_tap = Client()
    second_tap.cookies = alice_client.cookies
    first: list[Any] = []
    find = people_views._get_supporter

    def first_tap_lands_meanwhile(request: Any, supporter_id: Any) -> Any:
        if not first:
            first.append(None)
            first[0] = alice_client.post(url)  # the whole first tap, after the second read its session
        return find(request, supporter_id)

    monkeypatch.setattr(people_views, "_get_supporter", first_tap_lands_meanwhile)
    second = second_tap.post(url)
    assert [first[0].status_code, first[0]["Location"]] == [302, reverse("supporters:people") + "#messages"]
    assert [second.status_code, second["Location"]] == [302, reverse("supporters:people")]
    assert not Supporter.objects.exists()


def test_a_second_person_with_the_same_name_is_asked_for_a_word_more(alice: Any, alice_client: Client) -> None:
    # Two people called "Sam" read the same in every "Share with" list: a copy could go to the wrong one.
    services.supporter_add(owner=alice, name="Sam")
    response = alice_client.post(reverse("supporters:people"), {"name": "  sam ", "email": ADDRESS})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone called “sam” is already in your list. A word more could tell them apart" in page
    assert f'value="{ADDRESS}"' in page, "what was typed stays in the form"
    assert Supporter.objects.filter(owner=alice).count() == 1

    response = alice_client.post(reverse("supporters:people"), {"name": "Sam from work"})
    assert response.status_code == 302
    assert Supporter.objects.filter(owner=alice).count() == 2


def test_a_second_person_with_the_same_address_is_pointed_to_the_first(
    alice: Any, alice_client: Client, bob: Any
) -> None:
    # Two links to one inbox: stopping sharing with one would leave the other open.
    services.supporter_add(owner=alice, name="Alex", email="alex@example.com")
    services.supporter_add(owner=bob, name="Alex", email="other@example.com")
    response = alice_client.post(reverse("supporters:people"), {"name": "My partner", "email": " ALEX@Example.com "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This address is already in your list, for “Alex”." in page
    assert 'value="My partner"' in page, "what was typed stays in the form"
    assert Supporter.objects.filter(owner=alice).count() == 1

    response = alice_client.post(reverse("supporters:people"), {"name": "My partner", "email": "other@example.com"})
    assert response.status_code == 302, "an address in someone else's list is not taken"
    assert Supporter.objects.filter(owner=alice).count() == 2


def test_someone_elses_names_never_count_as_taken(alice_client: Client, bob: Any) -> None:
    services.supporter_add(owner=bob, name="Sam")
    assert alice_client.post(reverse("supporters:people"), {"name": "Sam"}).status_code == 302


# --- Adding someone on the way to sharing -------------------------------------------------------


def test_adding_someone_from_share_goes_back_to_sharing_with_them_to_choose(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="a hard evening")
    share = reverse("supporters:share_entry", args=[entry.id])
    add_link = re.search(r'href="([^"]+)">Add someone you trust', alice_client.get(share).content.decode())
    assert add_link
    response = alice_client.post(add_link.group(1).replace("&amp;", "&"), {"name": "Sam", "email": ""})
    # Back where they were, now able to pick Sam, not on Sam's page told to find the entry again.
    # At "Added" (#messages, where focus lands), not at the top of the page.
    assert response.status_code == 302 and response["Location"] == f"{share}#messages"
    page = alice_client.get(share).content.decode()
    assert "Added. Nothing is shared with them until you choose to share something." in page
    assert "Sam" in page and "a hard evening" in page
    assert not SupporterShare.objects.exists(), "adding someone shares nothing"


@pytest.mark.parametrize("then", ["https://elsewhere.example/", "//elsewhere.example/", "/journal/", "/nowhere/"])
def test_adding_someone_goes_nowhere_but_a_sharing_page(alice_client: Client, then: str) -> None:
    response = alice_client.post(f"{reverse('supporters:people')}?then={then}", {"name": "Sam", "email": ""})
    supporter = Supporter.objects.get()
    assert response["Location"] == reverse("supporters:person", args=[supporter.id]) + "#messages"


# --- A copy's own page -----------------------------------------------------------------------------


def test_a_copys_page_says_plainly_when_they_cannot_open_it_now(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    copy = services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="for Sam"))
    page = reverse("supporters:copy", args=[copy.id])

    # Shared before any link: nothing reaches them yet.
    before = alice_client.get(page).content.decode()
    assert "What you shared with <bdi>Sam</bdi>" in before and "they can read it once you make a link" in before
    assert "the copy they read" not in before

    # With a link that works: this is what they read.
    _make_link(alice_client, supporter)
    live = alice_client.get(page).content.decode()
    assert "What <bdi>Sam</bdi> sees" in live and "This is the copy they read, word for word." in live

    # The link ran out (the hourly tidy-up has not come yet): the page says they can't open it now.
    supporter.links.update(expires_at=timezone.now())
    ran_out = alice_client.get(page).content.decode()
    assert "Their link ran out: they can't open this now" in ran_out
    assert "What <bdi>Sam</bdi> sees" not in ran_out and "the copy they read" not in ran_out


def test_a_long_pasted_name_is_kept_in_its_box_with_a_kind_message(alice: Any, alice_client: Client) -> None:
    # A maxlength in the page let the browser drop the end of a pasted name without a word.
    page = alice_client.get(reverse("supporters:people")).content.decode()
    box = re.search(r'<input[^>]*name="name"[^>]*>', page)
    assert box is not None and "maxlength" not in box.group(0)
    name = "Sam from the Tuesday group, who always texts back " * 3
    response = alice_client.post(reverse("supporters:people"), {"name": name, "email": ""})
    page = response.content.decode()
    assert "A shorter name, please: up to 60 characters." in page
    assert f'value="{name}"' in page, "every word of it is still in the box"
    assert not Supporter.objects.filter(owner=alice).exists()

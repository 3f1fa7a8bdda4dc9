"""Stopping sharing with a supporter while the journal is locked: it deletes copies under keys of
their own and opens nothing of the person's, so it needs no passphrase, one person at a time."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.services import entry_create
from supporters import services
from supporters.models import Supporter, SupporterLink, SupporterShare
from tests.dates import ASKS_FOR_GERMAN, in_german, offer_german
from tests.journal.conftest import reauthenticate
from tests.journal.locking import lock_journal
from tests.supporters.test_supporters import _add, _make_link


def _page(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [], f"sent to {response.redirect_chain} instead of the page"
    return html.unescape(response.content.decode())


def test_someone_who_forgot_their_passphrase_stops_sharing_with_one_person_and_not_the_other(
    alice: Any, alice_client: Client
) -> None:
    entry = entry_create(author=alice, title="Tuesday by the sea", body="I rang Sam before it got worse")
    sam, robin = _add(alice_client, "Sam Rivers"), _add(alice_client, "Robin Hale")
    to_sam = services.share_entry(supporter=sam, entry=entry)
    to_robin = services.share_entry(supporter=robin, entry=entry)
    for supporter in (sam, robin):
        _make_link(alice_client, supporter)
    lock_journal(alice)  # and this browser never opens it again: the passphrase is forgotten

    people = _page(alice_client, reverse("supporters:people"))
    assert "Sam Rivers" not in people and "Robin Hale" not in people  # their names stay locked
    assert "You can still see what you shared and stop sharing it, one person at a time." in people
    assert people.count("Someone you added on") == 2

    sams_link = SupporterLink.objects.get(supporter=sam, ended_at__isnull=True)
    services.reply_add(link=sams_link, body="Thinking of you, call me any time")
    their_page = _page(alice_client, reverse("supporters:person", args=[sam.id]))
    assert "Stop sharing" in their_page and "A journal entry" in their_page
    # Stopping needs no passphrase; reading does: the shared words and their reply stay locked.
    assert "Thinking of you" not in their_page
    assert "What they wrote back shows here once you open your journal." in their_page
    # On the list, a reply is counted without the name, which stays locked.
    people = _page(alice_client, reverse("supporters:people"))
    assert "They wrote back (1 reply)" in people and "Sam Rivers" not in people
    copy_page = alice_client.get(reverse("supporters:copy", args=[to_sam.id]))
    assert copy_page.status_code == 302 and reverse("journal:unlock") in copy_page["Location"]

    stopped = alice_client.post(reverse("supporters:copy_stop", args=[to_sam.id]), follow=True)
    assert "Sharing stopped. It is no longer on their page." in html.unescape(stopped.content.decode())
    assert not SupporterShare.objects.filter(id=to_sam.id).exists()
    assert SupporterShare.objects.filter(id=to_robin.id).exists()  # Robin still has theirs

    confirm = _page(alice_client, reverse("supporters:stop_all", args=[robin.id]))
    assert "Stop sharing everything with <bdi>someone you added on" in confirm
    alice_client.post(reverse("supporters:stop_all", args=[robin.id]))
    assert not SupporterShare.objects.filter(id=to_robin.id).exists()
    assert not SupporterLink.objects.filter(supporter=robin, ended_at__isnull=True).exists()


def test_a_link_asked_for_from_a_page_left_open_while_the_journal_locked_changes_nothing(
    alice: Any, alice_client: Client
) -> None:
    # Making a link reads their address (under the journal's key). Asked only after the new link
    # was made, the locked journal ended their working link and made one nobody would ever see.
    sam = _add(alice_client, "Sam Rivers", email="sam@example.com")
    _make_link(alice_client, sam)
    working = SupporterLink.objects.get(supporter=sam)
    lock_journal(alice)

    response = alice_client.post(reverse("supporters:link_make", args=[sam.id]), {"days": 7, "once": "a1"})

    assert response.status_code in (302, 423)
    assert list(SupporterLink.objects.filter(supporter=sam)) == [working]
    working.refresh_from_db()
    assert working.is_live


def test_the_page_for_letting_a_journal_go_says_sharing_can_be_stopped_without_it(
    alice: Any, alice_client: Client
) -> None:
    # Someone who lost both secrets and only wants one person to stop reading must not think
    # letting everything go is the only way.
    _add(alice_client, "Sam Rivers")
    lock_journal(alice)
    reauthenticate(alice_client)  # the let-go page asks "confirm it's you" first

    page = _page(alice_client, reverse("journal:lock_let_go"))

    assert "To stop sharing with only some of them, you don't need to let anything go" in page
    assert f'<a href="{reverse("supporters:people")}">the people you trust</a>' in page


def test_two_people_added_in_the_same_minute_are_still_told_apart_while_locked(
    alice: Any, alice_client: Client
) -> None:
    # Adding two people one after the other takes seconds: by the minute alone, a person who
    # forgot their passphrase saw two alike names and could not tell whose sharing to stop.
    sam, robin = _add(alice_client, "Sam Rivers"), _add(alice_client, "Robin Hale")
    minute = timezone.make_aware(datetime(2026, 3, 14, 21, 5))
    Supporter.objects.filter(pk=sam.pk).update(created_at=minute + timedelta(seconds=8))
    Supporter.objects.filter(pk=robin.pk).update(created_at=minute + timedelta(seconds=40))
    lock_journal(alice)

    people = _page(alice_client, reverse("supporters:people"))
    names = re.findall(r"Someone you added on [^<]+", people)
    assert len(names) == 2 and len(set(names)) == 2, names
    for supporter, name in ((sam, names[0]), (robin, names[1])):
        # Their own page, and the question before stopping, say the same name as the list.
        assert name in _page(alice_client, reverse("supporters:person", args=[supporter.id]))
        confirm = _page(alice_client, reverse("supporters:stop_all", args=[supporter.id]))
        assert name[0].lower() + name[1:] in confirm


def test_a_locked_name_gives_the_day_it_was_added_the_way_the_persons_language_writes_dates(
    alice: Any, alice_client: Client, settings: Any
) -> None:
    offer_german(settings)
    sam = _add(alice_client, "Sam Rivers")
    lock_journal(alice)
    response = alice_client.get(reverse("supporters:person", args=[sam.id]), headers=ASKS_FOR_GERMAN)
    page = html.unescape(response.content.decode())
    added = in_german(timezone.localdate(sam.created_at))
    assert re.search(rf"added on {re.escape(added)}, \d\d:\d\d:\d\d", page), page

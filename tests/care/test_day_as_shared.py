"""A therapist's lists of copies give an entry's day as it was shared, never the entry's day now."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from care.models import Link, SharedItem, ShareEvent
from care.services import share_entry, share_revoke
from journal.services import EntryContent, entry_update
from tests.care.conftest import write

MOVED_TO = date(2026, 1, 2)


def _shared_then_moved(link: Link, alice: Any) -> tuple[SharedItem, date]:
    """An entry shared, then moved to another day and not shared again: the copy and its day as shared."""
    entry = write(alice, "the words shared", title="Tuesday")
    shared_on = entry.written_on
    item = share_entry(link=link, entry=entry)
    changed = EntryContent(title="Tuesday", body="the words shared", written_on=MOVED_TO)
    entry_update(entry=entry, expected_version=entry.version, content=changed)
    return item, shared_on


@pytest.mark.django_db
def test_a_day_changed_after_sharing_is_not_shown_to_the_therapist(link: Link, alice: Any, theo_client: Client) -> None:
    # Nothing about the change is the therapist's to see.
    item, shared_on = _shared_then_moved(link, alice)
    changed_day, shared_day = date_format(MOVED_TO), date_format(shared_on)
    copy = theo_client.get(reverse("care:shared_item", args=[link.id, item.id])).content.decode()
    for url in (reverse("care:dashboard"), reverse("care:client", args=[link.id])):
        page = theo_client.get(url).content.decode()
        assert changed_day not in page, url
        assert f"Journal entry · {shared_day}" in page, url
    assert changed_day not in copy and shared_day in copy, "the copy itself says the day it was shared with"


@pytest.mark.django_db
def test_the_person_sees_the_day_their_copy_holds(link: Link, alice: Any, alice_client: Client) -> None:
    # "What you are sharing" gave the entry's day now: a person who moved an entry to another day
    # after sharing it read that day there, while their therapist's copy still said the first one.
    _item, shared_on = _shared_then_moved(link, alice)
    page = alice_client.get(reverse("care:index")).content.decode()
    assert f"Journal entry · {date_format(shared_on)}" in page
    assert date_format(MOVED_TO) not in page


@pytest.mark.django_db
def test_the_sharing_log_keeps_the_day_as_shared(link: Link, alice: Any, theo_client: Client) -> None:
    # Opened or stopped after the entry moved to another day, its log lines gave the day now.
    item, shared_on = _shared_then_moved(link, alice)
    theo_client.get(reverse("care:shared_item", args=[link.id, item.id]))
    item_id = item.id  # gone from the item once it is deleted
    share_revoke(item=item)
    days = dict(ShareEvent.objects.filter(item_id=item_id).values_list("action", "written_on"))
    assert days == {"shared": shared_on, "viewed": shared_on, "stopped": shared_on}


BEFORE = [("care", "0015_shareevent_log_index")]
AFTER = [("care", "0016_shareditem_written_on")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_a_copy_shared_before_the_change_keeps_its_day_as_shared(link: Link, alice: Any, theo_client: Client) -> None:
    entry = write(alice, "the words shared", title="Tuesday")
    shared_day = date_format(entry.written_on)
    share_entry(link=link, entry=entry)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    changed = EntryContent(title="Tuesday", body="the words shared", written_on=MOVED_TO)
    entry_update(entry=entry, expected_version=entry.version, content=changed)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert f"Journal entry · {shared_day}" in page
    assert date_format(changed.written_on) not in page

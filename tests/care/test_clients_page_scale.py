"""The clients page costs the same with 3 clients as with 25, however much each has shared."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.models import SharedItem
from care.services import share_entry, shared_item_open
from tests.care.conftest import link_people, write
from tests.factories import UserFactory

# The marks a therapist sees, counted as marks: an unopened row's link also says them in its
# name (aria-label), for a screen reader.
NEW = '<span class="care-unopened">shared something new</span>'
UNOPENED = '<span class="care-unopened">not opened yet</span>'


def _clients_with_shares(theo: Any, clients: int, *, first: int = 0) -> list[SharedItem]:
    """`clients` people linked with theo, each having shared three entries, the first one opened."""
    items = []
    for number in range(first, first + clients):
        person = UserFactory(email=f"client{number:02d}@example.com")
        link = link_people(theo, person)
        shared = [share_entry(link=link, entry=write(person, f"Day {day}")) for day in range(3)]
        shared_item_open(item=shared[0], therapist=theo)
        items += shared
    return items


def _dashboard_queries(client: Client) -> tuple[list[str], str]:
    client.get(reverse("care:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("care:dashboard")).content.decode()
    return [query["sql"] for query in queries.captured_queries], page


@pytest.mark.django_db
def test_the_clients_page_costs_the_same_with_three_clients_as_with_twenty_five(theo: Any, theo_client: Client) -> None:
    _clients_with_shares(theo, 3)
    few, _ = _dashboard_queries(theo_client)
    _clients_with_shares(theo, 22, first=3)
    many, page = _dashboard_queries(theo_client)

    assert len(few) == len(many) <= 7, f"{len(few)} queries with 3 clients, {len(many)} with 25"
    assert page.count(NEW) == 25
    # "Not opened yet" is read from each copy, not looked up in the sharing log for every copy
    # each client ever shared (what made the page slow as sharing went on).
    assert not [sql for sql in many if re.search(r'FROM "care_shareevent"', sql)]


@pytest.mark.django_db
def test_a_client_whose_copies_were_all_opened_is_not_marked_new(theo: Any, theo_client: Client) -> None:
    items = _clients_with_shares(theo, 2)
    for item in items[:3]:  # everything client00 shared
        shared_item_open(item=item, therapist=theo)
    _, page = _dashboard_queries(theo_client)
    row = re.search(r'<li class="care-row"><a class="care-email"[^>]*>client00@example.com.*?</li>', page, re.S)
    assert row is not None and "shared something new" not in row.group(0)
    assert page.count(NEW) == 1
    assert page.count(UNOPENED) == 2


BEFORE = [("care", "0013_shareevent_link_index_dropped")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_copies_opened_before_the_change_still_read_as_opened(theo: Any, theo_client: Client) -> None:
    opened, waiting, _ = _clients_with_shares(theo, 1)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # and back: the log still has every opening
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # On to the newest, as the model the page reads has every column added since.
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert SharedItem.objects.get(pk=opened.pk).opened
    assert not SharedItem.objects.get(pk=waiting.pk).opened
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert page.count(UNOPENED) == 2

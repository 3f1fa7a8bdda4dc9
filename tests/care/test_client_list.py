"""The therapist's list of clients, as read on a phone between sessions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.models import Link, Membership
from care.services import invitation_create, share_entry
from tests.care.conftest import link_people, write
from tests.factories import UserFactory

# The marks a therapist sees. Counted as marks, not as words: an unopened row's link also says
# them in its name (aria-label), for a screen reader.
NEW = '<span class="care-unopened">shared something new</span>'
UNOPENED = '<span class="care-unopened">not opened yet</span>'


@pytest.mark.django_db
def test_clients_are_listed_by_address_so_one_is_quick_to_find(theo: Any, theo_client: Client) -> None:
    for email in ("zoe@example.com", "amir@example.com", "mina@example.com"):
        link_people(theo, UserFactory(email=email))
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    positions = [page.index(email) for email in ("amir@example.com", "mina@example.com", "zoe@example.com")]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_what_is_shared_and_not_opened_yet_is_marked_until_it_is_opened(
    link: Link, alice: Any, theo: Any, theo_client: Client
) -> None:
    quiet = link_people(theo, UserFactory(email="quiet@example.com"))
    item = share_entry(link=link, entry=write(alice, "Tonight was hard"))
    dashboard = theo_client.get(reverse("care:dashboard")).content.decode()
    client_page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert _row(dashboard, "alice@example.com").count(NEW) == 1
    assert "shared something new" not in _row(dashboard, "quiet@example.com")
    assert dashboard.count(UNOPENED) == 1 and client_page.count(UNOPENED) == 1
    assert "not opened yet" not in theo_client.get(reverse("care:client", args=[quiet.id])).content.decode()

    theo_client.get(reverse("care:shared_item", args=[link.id, item.id]))
    dashboard = theo_client.get(reverse("care:dashboard")).content.decode()
    assert "shared something new" not in dashboard and "not opened yet" not in dashboard
    assert "not opened yet" not in theo_client.get(reverse("care:client", args=[link.id])).content.decode()


@pytest.mark.django_db
def test_the_newest_fifty_are_marked_from_their_own_openings_in_as_many_queries_however_much_was_shared(
    link: Link, alice: Any, theo: Any, theo_client: Client
) -> None:
    items = [share_entry(link=link, entry=write(alice, f"Day {n}")) for n in range(5)]
    with CaptureQueriesContext(connection) as few:
        theo_client.get(reverse("care:dashboard"))
    items += [share_entry(link=link, entry=write(alice, f"Day {n}")) for n in range(5, 120)]
    newest, oldest = items[-1], items[0]
    for opened in (newest, oldest):
        theo_client.get(reverse("care:shared_item", args=[link.id, opened.id]))

    with CaptureQueriesContext(connection) as many:
        dashboard = theo_client.get(reverse("care:dashboard")).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    shown = dashboard[dashboard.index('id="recent-heading"') :]
    assert shown.count('class="care-row"') == 50
    assert "not opened yet" not in _item_row(shown, newest)
    assert UNOPENED in _item_row(shown, items[-2])
    assert shown.count(UNOPENED) == 49

    # The newest fifty are picked inside the query, not after reading all 120 (which SQLite
    # sorted in full, with their text, the page slowing as sharing went on).
    listing = [q["sql"] for q in many.captured_queries if '"care_shareditem"."opened_at"' in q["sql"]]
    assert len(listing) == 1
    assert "LIMIT 50)" in listing[0]


def _item_row(page: str, item: Any) -> str:
    """The line for this shared copy in a list of them."""
    href = reverse("care:shared_item", args=[item.link_id, item.id])
    found = re.search(rf'<li class="care-row">\s*<a href="{re.escape(href)}"[^>]*>.*?</li>', page, re.S)
    assert found is not None, href
    return found.group(0)


def _row(page: str, email: str) -> str:
    """The client list's line for this address."""
    found = re.search(rf'<li class="care-row"><a class="care-email"[^>]*>{re.escape(email)}.*?</li>', page, re.S)
    assert found is not None, email
    return found.group(0)


@pytest.mark.django_db
def test_a_clients_page_shows_what_they_shared_before_the_homework_form(
    link: Link, alice: Any, theo_client: Client
) -> None:
    share_entry(link=link, entry=write(alice, "Tonight was hard"))
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    # On a phone the form alone is most of a screen: what they shared came two screens down.
    assert page.index("Journal entry ·") < page.index("Suggest a reflection")


@pytest.mark.django_db
def test_with_clients_the_list_comes_before_the_codes_and_before_that_the_codes_come_first(
    theo: Any, theo_client: Client
) -> None:
    membership = Membership.objects.get(user=theo)
    invitation_create(membership=membership)
    invitation_create(membership=membership)
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert page.index('id="invitations-heading"') < page.index('id="clients-heading"'), "nobody yet: codes first"

    link_people(theo, UserFactory(email="amir@example.com"))
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert page.count('id="clients-heading"') == 1
    assert page.index('id="clients-heading"') < page.index('id="invitations-heading"'), "clients first"

"""The "not opened yet" marks stay quick to work out as a clinic's sharing history grows."""

from __future__ import annotations

import pytest
from django.db import connection

from care.models import ShareEvent


@pytest.mark.django_db
def test_each_copy_finds_its_own_openings_without_reading_the_link_s_whole_log() -> None:
    # The therapist's pages ask whether this link's log has a line about a copy (an opening, a
    # stop: care/views/therapist.py), and until copies kept their own opened_at, the clients page
    # asked it for every copy. With the link's index alone, 25 clients with 800 log lines each
    # took ~0.4 s on SQLite; an index on exactly what it filters by, ~6 ms. A timing test would be
    # flaky on a shared machine, so this checks the index is there, on both databases.
    table = ShareEvent._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["link_id", "item_id", "action"] in indexed


@pytest.mark.django_db
def test_lookups_by_link_alone_share_those_indexes_instead_of_keeping_another() -> None:
    # A link's cascade and the database's foreign key checks look up by the link alone; an index
    # that starts with the link serves them (EXPLAIN on SQLite shows it), so an index on the link
    # by itself was only one more to write on every opening.
    table = ShareEvent._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    by_link = [c["columns"] for c in constraints.values() if c["index"] and c["columns"][0] == "link_id"]
    assert sorted(by_link) == [["link_id", "at", "id"], ["link_id", "item_id", "action"]]
    assert any(c["foreign_key"] == ("care_link", "id") for c in constraints.values()), "the link is still checked"

"""A person's sharing log reads its newest lines in its index's order, however long the log grows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from care import selectors
from care.models import Link, ShareEvent
from care.services import share_entry
from tests.care.conftest import client_for, write


def _long_log(link: Link, lines: int) -> None:
    now = timezone.now()
    ShareEvent.objects.bulk_create(
        ShareEvent(link=link, item_id=link.pk, kind="entry", action="viewed", at=now - timedelta(days=n + 1))
        for n in range(lines)
    )


def _plan(sql: str, params: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [str(row[-1]) for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_log_is_read_newest_first_from_its_index_not_sorted_whole(alice: Any, link: Link) -> None:
    _long_log(link, 250)
    newest = share_entry(link=link, entry=write(alice, "Tonight"))
    log = selectors.share_log_for_person(alice, [link])
    assert [(event.item_id, event.action) for event in log[:1]] == [(newest.id, "shared")]
    assert len(list(log)) == 200
    if connection.vendor == "sqlite":
        plan = _plan(*log.query.sql_with_params())
        assert not [step for step in plan if "TEMP B-TREE" in step], plan
        assert any("care_shareevent_log_idx" in step for step in plan), plan


@pytest.mark.django_db
def test_the_persons_page_shows_only_their_own_log(alice: Any, bob: Any, link: Link, theo: Any) -> None:
    share_entry(link=link, entry=write(alice, "Tonight"))
    # Bob's own page with alice's link named: his log is still only his (nothing of alice's).
    assert list(selectors.share_log_for_person(bob, [link])) == []
    page = client_for(alice).get(reverse("care:index")).content.decode()
    assert "Shared" in page


BEFORE = [("care", "0014_shareditem_opened_at")]
AFTER = [("care", "0015_shareevent_log_index")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_the_log_index_comes_and_goes_with_its_migration() -> None:
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(connection.introspection.get_constraints(cursor, ShareEvent._meta.db_table))

    MigrationExecutor(connection).migrate(BEFORE)
    assert "care_shareevent_log_idx" not in indexes()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    assert "care_shareevent_log_idx" in indexes()

"""Migration 0005: replies that came before seen_at existed are not announced on home as new."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from supporters import services

BEFORE = [("supporters", "0003_share_kind_summary")]
AFTER = [("supporters", "0005_replies_before_seen_at_seen")]
LINE = "Someone you trust wrote back."


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_a_reply_from_before_the_upgrade_is_not_announced_as_new(alice: Any, alice_client: Client) -> None:
    supporter = services.supporter_add(owner=alice, name="Sam Rivers")
    link = services.link_make(supporter=supporter, days=7, with_code=False).link
    services.reply_add(link=link, body="Thinking of you")
    # The reply as it was kept before seen_at: the column goes, the row stays.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    home = alice_client.get("/").content.decode()
    assert LINE not in home

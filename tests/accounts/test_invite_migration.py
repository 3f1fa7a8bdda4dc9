"""Migration 0004: invite codes given out before it was applied still work and are no longer stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.utils import timezone

from accounts.invites import invite_find
from accounts.models import InviteCode

BEFORE = [("accounts", "0003_user_region_asked")]
AFTER = [("accounts", "0004_invitecode_code_hash")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_an_invite_code_given_out_before_the_change_still_opens_sign_up() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("accounts", "InviteCode").objects.create(
        code="K7M2PQ4RW9", note="for a client", expires_at=timezone.now() + timedelta(days=3)
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    assert "K7M2PQ4RW9" not in str(InviteCode.objects.values().get())
    assert invite_find("k7m2-pq4r-w9") is not None
    with override_settings(SIGNUP_MODE="invite"):
        assert Client().post("/account/invite/", {"code": "K7M2PQ4RW9"})["Location"] == "/accounts/signup/"

"""Migration 0009: codes given out before it was applied still work, once, and are no longer stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from care import services
from care.models import Invitation, Link

BEFORE = [("care", "0008_share_kind_summary")]
AFTER = [("care", "0009_invitation_code_hash")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_an_invitation_given_out_before_the_change_still_works_once(alice: Any, bob: Any, theo: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    clinic = old.get_model("care", "Clinic").objects.get()
    old.get_model("care", "Invitation").objects.create(code="K7M2PQ4R", therapist_id=theo.pk, clinic=clinic)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    stored = Invitation.objects.values().get()
    assert "K7M2PQ4R" not in str(stored)
    link = services.invitation_accept(code="k7m2-pq4r", person=alice)
    assert Link.objects.filter(pk=link.pk, therapist=theo).exists()
    with pytest.raises(services.InvitationUnusable):
        services.invitation_accept(code="K7M2PQ4R", person=bob)

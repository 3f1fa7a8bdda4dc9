"""A safety plan step written while the journal is locked (#17): the plan stays outside the lock
unless the person chose otherwise, so its words land as they would with the journal open."""

from __future__ import annotations

import pytest
from django.test import Client

from safety.selectors import plan_for_owner
from tests.journal.lock_helpers import Locked, locked_alice_fixture  # noqa: F401  (fixture)


@pytest.mark.parametrize("going_for_help", [False, True])
def test_a_step_is_kept_while_the_journal_is_locked_as_the_plan_stays_open(
    locked_alice: Locked, alice_client: Client, going_for_help: bool
) -> None:
    # Save lands, and so do the words sent as the page goes for help (waypoint.js).
    drawn = {"drawn_body": "", "drawn_obstacles": ""} if going_for_help else {}
    response = alice_client.post("/safety/plan/on_my_own/", {"body": "Go for a walk, put on", "obstacles": "", **drawn})
    assert response.status_code == 302
    assert plan_for_owner(locked_alice.user).step("on_my_own").body == "Go for a walk, put on"

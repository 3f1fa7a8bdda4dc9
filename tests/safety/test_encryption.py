"""Everything a person writes in the safety module is covered by key rotation and verification."""

from __future__ import annotations

from typing import Any

import pytest

from journal.key_lifecycle import keys_verify, user_data_key_rotate
from journal.keyring import DecryptionError, encrypted_models, forget_user_keyring
from safety.models import PlanContact, PlanStep
from safety.selectors import coping_list_for_owner, plan_for_owner, waves_ridden_for
from safety.services import (
    coping_item_add,
    plan_contact_add,
    plan_step_save,
    wave_ridden,
)


@pytest.fixture
def written(alice: Any) -> None:
    plan_step_save(owner=alice, section="what_matters", body="My sister", obstacles="Forgetting")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="123")
    coping_item_add(owner=alice, group="comfort", text="Warm socks")
    wave_ridden(owner=alice, note_in_journal=False)


def test_every_encrypted_safety_field_is_registered_with_the_keyring() -> None:
    registered = {entry.label: set(entry.fields) for entry in encrypted_models()}
    assert registered["safety.PlanStep"] == {"body", "obstacles"}
    assert registered["safety.PlanContact"] == {"name", "phone"}
    assert registered["safety.CopingItem"] == {"text"}
    assert registered["safety.SafetyPreferences"] == {"waves_ridden"}


def test_verify_opens_every_safety_record(written: None) -> None:
    report = keys_verify()
    assert report.ok, report.failures
    assert report.checked >= 6


def test_rotating_a_persons_key_keeps_their_plan_readable(alice: Any, written: None) -> None:
    old = bytes(PlanStep.objects.get(owner=alice).body)
    user_data_key_rotate(user_id=alice.pk)
    forget_user_keyring(alice)
    assert bytes(PlanStep.objects.get(owner=alice).body) != old
    plan = plan_for_owner(alice)
    assert plan.step("what_matters").body == "My sister"
    assert plan.step("people").contacts[0].name == "Sam"
    assert "Warm socks" in [item.text for group in coping_list_for_owner(alice) for item in group.items]
    assert waves_ridden_for(alice) == 1


def test_a_ciphertext_moved_to_another_row_does_not_open(alice: Any, written: None) -> None:
    first = PlanContact.objects.get(owner=alice)
    second = plan_contact_add(owner=alice, section="people", name="Jo", phone="456")
    PlanContact.objects.filter(pk=second.pk).update(name=first.name)
    with pytest.raises(DecryptionError):
        plan_for_owner(alice)

"""Item keys: one random key per shared snapshot, wrapped by the server key, never a data key."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from journal.keyring import DecryptionError, item_key_create, item_keyring, user_keyring

PURPOSE = "care.SharedItem"


def test_an_item_opens_with_its_own_key_and_nothing_else(db: None) -> None:
    item_id = uuid.uuid4()
    wrapped, key_id, ring = item_key_create(purpose=PURPOSE, item_id=item_id)
    blob = ring.encrypt("shared words", model=PURPOSE, field="snapshot", record_id=item_id)
    assert b"shared words" not in blob
    reopened = item_keyring(wrapped=wrapped, server_key_id=key_id, purpose=PURPOSE, item_id=item_id)
    assert reopened.decrypt(blob, model=PURPOSE, field="snapshot", record_id=item_id) == "shared words"
    _, _, other = item_key_create(purpose=PURPOSE, item_id=item_id)
    with pytest.raises(DecryptionError):
        other.decrypt(blob, model=PURPOSE, field="snapshot", record_id=item_id)


def test_a_wrapped_item_key_moved_to_another_item_does_not_open(db: None) -> None:
    wrapped, key_id, _ = item_key_create(purpose=PURPOSE, item_id=uuid.uuid4())
    with pytest.raises(DecryptionError):
        item_keyring(wrapped=wrapped, server_key_id=key_id, purpose=PURPOSE, item_id=uuid.uuid4())


def test_an_item_key_is_not_the_persons_data_key(alice: Any) -> None:
    item_id = uuid.uuid4()
    _, _, ring = item_key_create(purpose=PURPOSE, item_id=item_id)
    blob = user_keyring(alice).encrypt("mine", model=PURPOSE, field="snapshot", record_id=item_id)
    with pytest.raises(DecryptionError):
        ring.decrypt(blob, model=PURPOSE, field="snapshot", record_id=item_id)

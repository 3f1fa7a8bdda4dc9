"""Sealing and opening shared copies: the one code path every audience's copies go through."""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from journal.keyring import UserKeyring
from sharing.models import SharedCopy
from sharing.snapshots import Snapshot, open_ring, seal


@sensitive_variables("snapshot")
def copy_seal(copy: SharedCopy, snapshot: Snapshot) -> None:
    """Fill an unsaved copy with the snapshot, under a new key of its own. The caller saves it."""
    sealed = seal(snapshot.to_json(), purpose=copy.PURPOSE, item_id=copy.id, field_name="snapshot")
    copy.kind = snapshot.kind
    copy.wrapped_key, copy.server_key_id, copy.snapshot = sealed.wrapped_key, sealed.server_key_id, sealed.blob


def copy_ring(copy: SharedCopy) -> UserKeyring:
    """The copy's own key: what opens the copy and anything sealed with it (a suggestion, a reply)."""
    return open_ring(
        wrapped_key=copy.wrapped_key, server_key_id=copy.server_key_id, purpose=copy.PURPOSE, item_id=copy.id
    )


@sensitive_variables()
def copy_read(copy: SharedCopy) -> Snapshot:
    text = copy_ring(copy).decrypt(copy.snapshot, model=copy.PURPOSE, field="snapshot", record_id=copy.id)
    return Snapshot.from_json(text)

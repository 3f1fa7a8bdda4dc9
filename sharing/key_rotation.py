"""Server key rotation for every audience's shared copies (and other rows sealed the same way).

Each copy has its own random key wrapped by a server key; `keys_rewrap` and `keys_verify` reach
them through the hooks registered in SharingConfig.ready.
"""

from __future__ import annotations

from journal.keyring import (
    DecryptionError,
    KeyringError,
    active_server_key,
    item_key_rewrap,
    wrap_is_legacy,
    wrap_needs_rewrap,
)
from sharing.audiences import sealed_tables
from sharing.copies import copy_read, copy_ring


def copy_key_ids() -> set[str]:
    """The server keys that still wrap a shared copy's key."""
    ids: set[str] = set()
    for model, _field in sealed_tables():
        ids |= set(model._default_manager.values_list("server_key_id", flat=True).distinct())
    return ids


def copy_keys_rewrap() -> int:
    """Move every copy's key to the active server key (called by `keys_rewrap`). Returns how many moved.

    Every copy is looked at, not only those under an older key: keys wrapped before subkeys sit
    under the active key too, and only the keyring can tell them apart.
    """
    active = active_server_key().key_id
    moved = 0
    for model, _field in sealed_tables():
        manager = model._default_manager
        for copy in manager.only("id", "wrapped_key", "server_key_id").iterator(chunk_size=500):
            if not wrap_needs_rewrap(copy.wrapped_key, server_key_id=copy.server_key_id, active_key_id=active):
                continue
            wrapped, key_id = item_key_rewrap(
                wrapped=copy.wrapped_key, server_key_id=copy.server_key_id, purpose=copy.PURPOSE, item_id=copy.id
            )
            moved += manager.filter(pk=copy.pk).update(wrapped_key=wrapped, server_key_id=key_id)
    return moved


def copy_keys_verify() -> tuple[int, list[str]]:
    """Open every shared copy. Returns (checked, failures by record id)."""
    checked, failures = 0, []
    for model, field in sealed_tables():
        for row in model._default_manager.iterator(chunk_size=200):
            checked += 1
            try:
                if field == "snapshot":
                    copy_read(row)  # the snapshot must also still make sense as a copy
                else:
                    copy_ring(row).decrypt(getattr(row, field), model=row.PURPOSE, field=field, record_id=row.id)
            except (DecryptionError, KeyringError, ValueError):
                failures.append(f"{row._meta.label} {row.pk}")
    return checked, failures


def copy_keys_old_format() -> int:
    """How many copies' keys are still wrapped the way they were before subkeys (keys_verify says)."""
    total = 0
    for model, _field in sealed_tables():
        wraps = model._default_manager.values_list("wrapped_key", flat=True).iterator(chunk_size=500)
        total += sum(wrap_is_legacy(wrapped) for wrapped in wraps if wrapped)
    return total

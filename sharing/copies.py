"""Sealing and opening shared copies: the one code path every audience's copies go through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import JournalLocked, UserKeyring, user_keyring
from journal.selectors import entry_name
from sharing.models import SharedCopy
from sharing.snapshots import Snapshot, open_ring, seal


@sensitive_variables("snapshot")
def copy_seal(copy: SharedCopy, snapshot: Snapshot) -> None:
    """Fill an unsaved copy with the snapshot, under a new key of its own. The caller saves it."""
    sealed = seal(snapshot.to_json(), purpose=copy.PURPOSE, item_id=copy.id, field_name="snapshot")
    copy.kind = snapshot.kind
    copy.wrapped_key, copy.server_key_id, copy.snapshot = sealed.wrapped_key, sealed.server_key_id, sealed.blob


def copy_ring(copy: Any) -> UserKeyring:
    """The row's own key: what opens a copy and anything sealed with it (a suggestion), or any
    other row sealed the same way (a reply)."""
    return open_ring(
        wrapped_key=copy.wrapped_key, server_key_id=copy.server_key_id, purpose=copy.PURPOSE, item_id=copy.id
    )


@sensitive_variables()
def copy_read(copy: SharedCopy) -> Snapshot:
    text = copy_ring(copy).decrypt(copy.snapshot, model=copy.PURPOSE, field="snapshot", record_id=copy.id)
    return Snapshot.from_json(text)


@sensitive_variables()
def copies_name_entries(*, owner: User, copies: Sequence[SharedCopy]) -> None:
    """Name each copy of an entry by what the person knows the entry by (its title, or its first
    words), for their own list of what they share: two entries of one day were two alike lines,
    and the one to stop sharing was found only by opening each.

    Opened with their own keyring, which the page has often opened already; the copies come with
    their entries (select_related), so the page asks nothing more however many there are. While
    their journal is locked here, nothing is opened and the lines say the kind and the day.
    """
    with_entries = [copy for copy in copies if copy.entry_id is not None]
    if not with_entries:
        return
    try:
        ring = user_keyring(owner)
    except JournalLocked:
        return
    for copy in with_entries:
        if copy.entry is not None:
            copy.entry_name = entry_name(ring=ring, entry=copy.entry)


@sensitive_variables("text")
def sealed_fill(row: Any, *, field: str, text: str) -> None:
    """Fill an unsaved row of a sealed model (PURPOSE, wrapped_key, server_key_id) with its text."""
    sealed = seal(text, purpose=row.PURPOSE, item_id=row.id, field_name=field)
    row.wrapped_key, row.server_key_id = sealed.wrapped_key, sealed.server_key_id
    setattr(row, field, sealed.blob)


@sensitive_variables()
def sealed_text(row: Any, *, field: str) -> str:
    return copy_ring(row).decrypt(getattr(row, field), model=row.PURPOSE, field=field, record_id=row.id)

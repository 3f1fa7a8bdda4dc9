"""Server key rotation for care's own keys: shared copies, their suggestions, and homework notes.

Each of those has its own random key wrapped by a server key; `keys_rewrap` and `keys_verify`
reach them through the hooks registered in CareConfig.ready.
"""

from __future__ import annotations

from care.models import Assignment as Homework
from care.models import SharedItem
from care.services import plan_suggestion_text, shared_item_read
from care.snapshots import ITEM_PURPOSE, NOTE_PURPOSE, open_ring
from journal.keyring import (
    DecryptionError,
    KeyringError,
    active_server_key,
    item_key_rewrap,
    wrap_is_legacy,
    wrap_needs_rewrap,
)


def item_key_ids() -> set[str]:
    """The server keys that still wrap a shared item's or a homework note's key."""
    shared = SharedItem.objects.values_list("server_key_id", flat=True).distinct()
    notes = Homework.objects.exclude(server_key_id="").values_list("server_key_id", flat=True).distinct()
    return set(shared) | set(notes)


def item_keys_rewrap() -> int:
    """Move every item key to the active server key (called by `keys_rewrap`). Returns how many moved.

    Every item is looked at, not only those under an older key: keys wrapped before subkeys sit
    under the active key too, and only the keyring can tell them apart.
    """
    active = active_server_key().key_id
    moved = 0
    for item in SharedItem.objects.only("id", "wrapped_key", "server_key_id").iterator(chunk_size=500):
        if not wrap_needs_rewrap(item.wrapped_key, server_key_id=item.server_key_id, active_key_id=active):
            continue
        wrapped, key_id = item_key_rewrap(
            wrapped=item.wrapped_key, server_key_id=item.server_key_id, purpose=ITEM_PURPOSE, item_id=item.id
        )
        moved += SharedItem.objects.filter(pk=item.pk).update(wrapped_key=wrapped, server_key_id=key_id)
    notes = Homework.objects.filter(note_key__isnull=False).exclude(server_key_id="")
    for homework in notes.only("id", "note_key", "server_key_id").iterator(chunk_size=500):
        if not wrap_needs_rewrap(homework.note_key or b"", server_key_id=homework.server_key_id, active_key_id=active):
            continue
        wrapped, key_id = item_key_rewrap(
            wrapped=homework.note_key or b"",
            server_key_id=homework.server_key_id,
            purpose=NOTE_PURPOSE,
            item_id=homework.id,
        )
        moved += Homework.objects.filter(pk=homework.pk).update(note_key=wrapped, server_key_id=key_id)
    return moved


def item_keys_verify() -> tuple[int, list[str]]:
    """Open every shared copy, suggestion and homework note. Returns (checked, failures by record id)."""
    checked, failures = 0, []
    # Suggestions come with their items, 200 at a time, not one query per shared item.
    for item in SharedItem.objects.prefetch_related("suggestions").iterator(chunk_size=200):
        checked += 1
        try:
            shared_item_read(item)
            for suggestion in item.suggestions.all():
                checked += 1
                plan_suggestion_text(suggestion)
        except (DecryptionError, KeyringError, ValueError):
            failures.append(f"care.SharedItem {item.pk}")
    for homework in Homework.objects.filter(note_key__isnull=False).iterator(chunk_size=200):
        checked += 1
        try:
            open_ring(
                wrapped_key=homework.note_key or b"",
                server_key_id=homework.server_key_id,
                purpose=NOTE_PURPOSE,
                item_id=homework.id,
            ).decrypt(homework.note or b"", model=NOTE_PURPOSE, field="note", record_id=homework.id)
        except (DecryptionError, KeyringError):
            failures.append(f"care.Assignment {homework.pk}")
    return checked, failures


def item_keys_old_format() -> int:
    """How many item keys are still wrapped the way they were before subkeys (keys_verify says)."""
    shared = SharedItem.objects.values_list("wrapped_key", flat=True).iterator(chunk_size=500)
    notes = Homework.objects.filter(note_key__isnull=False).values_list("note_key", flat=True).iterator(chunk_size=500)
    return sum(wrap_is_legacy(wrapped) for wrapped in (*shared, *notes) if wrapped)

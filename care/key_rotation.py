"""Server key rotation for care's own keys: homework notes (and checking suggestions).

A homework note has its own random key wrapped by a server key; `keys_rewrap` and `keys_verify`
reach it through the hooks registered in CareConfig.ready. Shared copies are sharing's (its
key_rotation module); a suggestion is sealed with its shared copy's key, so it moves with it and
is only checked here.
"""

from __future__ import annotations

from care.models import NOTE_PURPOSE, PlanSuggestion
from care.models import Assignment as Homework
from care.suggestions import plan_suggestion_text
from journal.keyring import (
    DecryptionError,
    KeyringError,
    active_server_key,
    item_key_rewrap,
    wrap_is_legacy,
    wrap_needs_rewrap,
)
from sharing.snapshots import open_ring


def item_key_ids() -> set[str]:
    """The server keys that still wrap a homework note's key."""
    return set(Homework.objects.exclude(server_key_id="").values_list("server_key_id", flat=True).distinct())


def item_keys_rewrap() -> int:
    """Move every homework note's key to the active server key. Returns how many moved."""
    active = active_server_key().key_id
    moved = 0
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
    """Open every suggestion and homework note. Returns (checked, failures by record id)."""
    checked, failures = 0, []
    for suggestion in PlanSuggestion.objects.select_related("item").iterator(chunk_size=200):
        checked += 1
        try:
            plan_suggestion_text(suggestion)
        except (DecryptionError, KeyringError, ValueError):
            failures.append(f"care.PlanSuggestion {suggestion.pk}")
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
    """How many homework notes' keys are still wrapped the way they were before subkeys."""
    notes = Homework.objects.filter(note_key__isnull=False).values_list("note_key", flat=True).iterator(chunk_size=500)
    return sum(wrap_is_legacy(wrapped) for wrapped in notes if wrapped)

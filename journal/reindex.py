"""After a data-key rotation (journal/keyring.py's after_rotate hooks, registered in apps.py), the
keyed digests that let the database find a mood or a tag without reading it follow the new key."""

from __future__ import annotations

import json
from typing import Any

from journal.keyring import UserKeyring
from journal.models import Entry, Tag
from journal.services import ENTRY, TAG, mood_digest, tag_digest


def entries_reindex(user_id: Any, ring: UserKeyring) -> None:
    """After a data-key rotation: mood blind indexes follow the new key."""
    for entry in Entry.objects.filter(owner_id=user_id).only("pk", "feelings"):
        mood = json.loads(ring.decrypt(entry.feelings, model=ENTRY, field="feelings", record_id=entry.pk))["mood"]
        Entry.objects.filter(pk=entry.pk).update(mood_index=mood_digest(ring, mood))


def tags_reindex(user_id: Any, ring: UserKeyring) -> None:
    """After a data-key rotation: tag blind indexes follow the new key."""
    for tag in Tag.objects.filter(owner_id=user_id):
        name = ring.decrypt(tag.name, model=TAG, field="name", record_id=tag.pk)
        Tag.objects.filter(pk=tag.pk).update(digest=tag_digest(ring, name))

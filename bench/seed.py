"""A person's journal grown to a size, through the app's own encryption code.

`make bench` uses it in this tree, and `make bench-compare` copies this package into an older
tree and runs it there with that tree's code on the path: so it asks the code what it offers
(an older entry has fewer fields; an older search has no chunks) instead of assuming today's.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from datetime import date, timedelta
from typing import Any

from bench.journal_text import journal_text


def populate(user: Any, upto: int, *, body_chars: int) -> list[Any]:
    """Grow the person's journal to `upto` entries, the newer ones first: entry n was written n // 3
    days ago, so a year holds ~1,100 of them at every size. Encrypted by the app's own code, saved
    in bulk, then put in search chunks as housekeeping does for an old journal (where the code
    has them)."""
    from journal.keyring import user_keyring
    from journal.models import Entry
    from journal.services import EntryContent, _encrypted_fields, entry_create

    known = {field.name for field in dataclasses.fields(EntryContent)}
    ring = user_keyring(user)
    if not user.journal_tags.exists():
        entry_create(author=user, body="warm up", tags=["sleep", "walk", "friends"])
    tags = list(user.journal_tags.all())
    have = Entry.objects.filter(owner=user).count() - 1  # less the warm-up entry
    rng = random.Random(42 + have)
    today = date.today()
    batch: list[Any] = []
    links: list[Any] = []
    for n in range(have, upto):
        entry_id = uuid.uuid4()
        fields: dict[str, Any] = {
            "title": f"Entry {n}" if n % 3 else "",
            "body": journal_text(rng, body_chars, rare=n % 200 == 0),
            "written_on": today - timedelta(days=n // 3),
            "mood": 1 + n % 5,
            "urge": n % 11,
            "setback": n % 50 == 0,  # a few noted setbacks, so the look back draws its marks too
        }
        content = EntryContent(**{name: value for name, value in fields.items() if name in known})
        batch.append(
            Entry(
                id=entry_id,
                owner=user,
                written_on=content.written_on,
                **_encrypted_fields(ring=ring, entry_id=entry_id, content=content),
            )
        )
        links.append(Entry.tags.through(entry_id=entry_id, tag_id=tags[n % len(tags)].pk))
        if len(batch) == 1000:
            Entry.objects.bulk_create(batch)
            Entry.tags.through.objects.bulk_create(links)
            batch, links = [], []
    Entry.objects.bulk_create(batch)
    Entry.tags.through.objects.bulk_create(links)
    try:
        from journal.search_index import unchunked_fill
    except ImportError:  # before search chunks (f35f012): search decrypts every entry instead
        pass
    else:
        unchunked_fill()  # seeded in bulk like an old journal: housekeeping chunks it
    return list(Entry.objects.filter(owner=user).values_list("pk", flat=True))

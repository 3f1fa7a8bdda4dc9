"""Renaming a tag. Its name is encrypted and found by a keyed digest (journal/services.py), so a
new name is a new digest; a name the person already uses for another tag joins the two."""

from __future__ import annotations

from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from journal.keyring import user_keyring
from journal.models import Entry, Tag
from journal.services import TAG, tag_digest, tag_names_clean


@sensitive_variables("name", "new_name")
@transaction.atomic
def tag_rename(*, tag: Tag, name: str) -> Tag:
    """Give the person's tag a new name on every entry that carries it, and return the tag that
    now has that name: this one, or (when they already had a tag by that name, in any case) that
    one, now on the entries of both. A spelling typed in a hurry two years ago can be put right
    without opening hundreds of entries."""
    names = tag_names_clean([name])
    if not names:
        raise ValueError("A tag needs a name.")
    new_name = names[0]
    ring = user_keyring(tag.owner)
    digest = tag_digest(ring, new_name)
    keeper = Tag.objects.filter(owner_id=tag.owner_id, digest=digest).exclude(pk=tag.pk).first()
    if keeper is not None:
        links = Entry.tags.through.objects
        already = links.filter(tag_id=keeper.pk).values("entry_id")
        links.filter(tag_id=tag.pk).exclude(entry_id__in=already).update(tag_id=keeper.pk)
        tag.delete()  # with the links left: entries that had both tags keep the one
        tag = keeper
    tag.digest = digest
    tag.name = ring.encrypt(new_name, model=TAG, field="name", record_id=tag.pk)
    tag.save(update_fields=["digest", "name"])
    return tag

"""Server key rotation carries shared copies and homework notes along, and never strands them."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from care.homework import homework_for_link
from care.models import NOTE_PURPOSE, Assignment, Link, SharedItem
from care.services import homework_assign, share_entry, shared_item_read
from journal import keyring
from prompts.models import Sequence
from tests.care.conftest import write
from tests.journal.conftest import own_key_file  # noqa: F401
from tests.journal.legacy_wraps import legacy_wrap_item_key


def run(*args: str) -> None:
    call_command(*args, stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_shared_copies_and_notes_follow_the_server_key_rotation(
    own_key_file: Path,  # noqa: F811
    library: None,
    link: Link,
    alice: Any,
) -> None:
    item = share_entry(link=link, entry=write(alice, "shared words"))
    homework_assign(link=link, sequence=Sequence.objects.get(slug="pause-for-kindness"), note="a quiet note")
    run("keys_add")
    run("keys_activate", "k2")
    with pytest.raises(CommandError, match="shared copies"):
        run("keys_retire", "k1")
    run("keys_rewrap")
    assert set(SharedItem.objects.values_list("server_key_id", flat=True)) == {"k2"}
    assert set(Assignment.objects.values_list("server_key_id", flat=True)) == {"k2"}
    run("keys_retire", "k1")
    keyring.forget_user_keyring(alice)
    item.refresh_from_db()
    assert shared_item_read(item).body == "shared words"
    assert homework_for_link(link)[0].note == "a quiet note"


@pytest.mark.django_db
def test_the_check_opens_every_shared_copy_and_names_a_broken_one(library: None, link: Link, alice: Any) -> None:
    from sharing.key_rotation import copy_keys_verify as item_keys_verify

    good = share_entry(link=link, entry=write(alice, "fine"))
    broken = share_entry(link=link, entry=write(alice, "to be broken"))
    assert item_keys_verify() == (2, [])
    SharedItem.objects.filter(pk=broken.pk).update(snapshot=good.snapshot)
    checked, failures = item_keys_verify()
    assert checked == 2 and failures == [f"care.SharedItem {broken.pk}"]


@pytest.mark.django_db
def test_keys_verify_and_so_backup_restore_cover_shared_copies(library: None, link: Link, alice: Any) -> None:
    good = share_entry(link=link, entry=write(alice, "fine"))
    broken = share_entry(link=link, entry=write(alice, "to be broken"))
    run("keys_verify")
    SharedItem.objects.filter(pk=broken.pk).update(snapshot=good.snapshot)
    errors = StringIO()
    with pytest.raises(CommandError, match="did not decrypt"):
        call_command("keys_verify", stdout=StringIO(), stderr=errors)
    assert f"care.SharedItem {broken.pk}" in errors.getvalue()
    assert "to be broken" not in errors.getvalue()


def _as_wrapped_before_subkeys(wrapped: Any, *, server_key_id: str, purpose: str, item_id: Any) -> bytes:
    server_key = keyring.server_keyring().get(server_key_id)
    plain = keyring.unwrap_item_key(wrapped, server_key=server_key, purpose=purpose, item_id=item_id)
    return legacy_wrap_item_key(plain, server_key=server_key, purpose=purpose, item_id=item_id)


@pytest.mark.django_db
def test_shared_copies_and_notes_wrapped_before_subkeys_still_open_and_keys_rewrap_moves_them(
    library: None, link: Link, alice: Any
) -> None:
    item = share_entry(link=link, entry=write(alice, "shared before subkeys"))
    homework = homework_assign(link=link, sequence=Sequence.objects.get(slug="pause-for-kindness"), note="old note")
    SharedItem.objects.filter(pk=item.pk).update(
        wrapped_key=_as_wrapped_before_subkeys(
            item.wrapped_key, server_key_id=item.server_key_id, purpose=item.PURPOSE, item_id=item.id
        )
    )
    Assignment.objects.filter(pk=homework.pk).update(
        note_key=_as_wrapped_before_subkeys(
            homework.note_key, server_key_id=homework.server_key_id, purpose=NOTE_PURPOSE, item_id=homework.id
        )
    )
    item.refresh_from_db()
    assert keyring.wrap_is_legacy(item.wrapped_key)
    assert shared_item_read(item).body == "shared before subkeys"
    assert homework_for_link(link)[0].note == "old note"
    out = StringIO()
    call_command("keys_verify", stdout=out, stderr=StringIO())
    assert "2 of them are still wrapped the way they were before subkeys" in out.getvalue()

    run("keys_rewrap")  # the same server key (k1) throughout: only the format says they must move
    item.refresh_from_db()
    homework.refresh_from_db()
    assert not keyring.wrap_is_legacy(item.wrapped_key) and not keyring.wrap_is_legacy(homework.note_key or b"")
    assert shared_item_read(item).body == "shared before subkeys"
    assert homework_for_link(link)[0].note == "old note"

"""Each thing a server key wraps has its own subkey; what servers wrapped before subkeys keeps opening."""

from __future__ import annotations

import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import call_command

from accounts.mfa_adapter import MFAAdapter
from journal import keyring, server_wraps
from journal.keyring import DecryptionError, ServerKey, user_keyring
from journal.models import DataKey
from journal.selectors import entry_texts
from journal.services import entry_create
from tests.journal.legacy_wraps import (
    data_keys_to_legacy,
    legacy_fingerprint,
    legacy_server_encrypt,
    legacy_wrap_data_key,
    legacy_wrap_item_key,
)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _key() -> ServerKey:
    return ServerKey("k1", keyring.new_server_key_secret())


def test_every_purpose_has_a_subkey_of_its_own_that_is_not_the_raw_key() -> None:
    key = _key()
    subkeys = [keyring.server_subkey(key, purpose) for purpose in keyring.SUBKEY_PURPOSES]
    assert len(subkeys) == 4
    assert len(set(subkeys)) == 4
    assert key.secret not in subkeys
    # The same key file gives the same subkeys after a restart; another key gives others.
    assert keyring.server_subkey(ServerKey("k1", key.secret), server_wraps.WRAP_DATA_KEY) == subkeys[0]
    assert keyring.server_subkey(_key(), server_wraps.WRAP_DATA_KEY) != subkeys[0]


def _opens_with(key: ServerKey, body: bytes, ad: bytes) -> list[str]:
    """Which of the raw key and its subkeys open this nonce|ciphertext (with the right associated data)."""
    candidates = {"raw": key.secret} | {p.decode(): keyring.server_subkey(key, p) for p in keyring.SUBKEY_PURPOSES}
    opened = []
    for name, secret in candidates.items():
        try:
            AESGCM(secret).decrypt(body[:12], body[12:], ad)
        except InvalidTag:
            continue
        opened.append(name)
    return opened


def test_a_data_key_wrap_opens_with_its_own_subkey_only(db: None) -> None:
    key, user_id = _key(), uuid.uuid4()
    wrapped = keyring.wrap_data_key(b"d" * 32, server_key=key, user_id=user_id, version=1)
    ad = server_wraps.associated_data(server_wraps._DATA_KEY_AD, str(user_id), "1", "k1")
    assert _opens_with(key, wrapped[1:], ad) == ["waypoint/v1/wrap-data-key"]
    with pytest.raises(DecryptionError):
        keyring.unwrap_item_key(wrapped, server_key=key, purpose="care.SharedItem", item_id=user_id)


def test_an_item_key_wrap_opens_with_its_own_subkey_only(db: None) -> None:
    key, item_id = _key(), uuid.uuid4()
    wrapped = keyring.wrap_item_key(b"i" * 32, server_key=key, purpose="care.SharedItem", item_id=item_id)
    ad = server_wraps.associated_data(server_wraps._ITEM_KEY_AD, "care.SharedItem", str(item_id), "k1")
    assert _opens_with(key, wrapped[1:], ad) == ["waypoint/v1/wrap-item-key"]
    with pytest.raises(DecryptionError):
        keyring.unwrap_data_key(wrapped, server_key=key, user_id=item_id, version=1)


def test_an_mfa_secret_opens_with_its_own_subkey_only(db: None) -> None:
    import base64

    key = keyring.active_server_key()
    token = keyring.server_encrypt(SECRET, purpose="allauth.mfa")
    assert token.startswith(f"wp2${key.key_id}$")
    body = base64.urlsafe_b64decode(token.rpartition("$")[2])
    ad = server_wraps.associated_data(server_wraps._SECRET_AD, "allauth.mfa", key.key_id)
    assert _opens_with(key, body, ad) == ["waypoint/v1/server-secret"]


def test_the_backup_fingerprint_comes_from_its_own_subkey_not_the_raw_key() -> None:
    key = _key()
    assert keyring.server_key_fingerprint(key) == keyring.server_key_fingerprint(ServerKey("k1", key.secret))
    assert keyring.server_key_fingerprint(key) != legacy_fingerprint(key)
    assert keyring.legacy_server_key_fingerprint(key) == legacy_fingerprint(key)


def test_writing_whose_data_key_was_wrapped_before_subkeys_still_opens_and_keys_rewrap_moves_it(
    alice: Any, bob: Any
) -> None:
    entry = entry_create(author=alice, body="written before subkeys")
    entry_create(author=bob, body="bob's too")
    assert data_keys_to_legacy() == 2
    assert all(keyring.wrap_is_legacy(w) for w in DataKey.objects.values_list("wrapped", flat=True))

    keyring.forget_user_keyring(alice)
    assert entry_texts(user=alice, entry=entry).body == "written before subkeys"
    assert "2 of them are still wrapped the way they were before subkeys" in run("keys_verify")

    # Same server key, so only the format tells keys_rewrap these need moving.
    assert "Rewrapped 2 keys" in run("keys_rewrap")
    rows = list(DataKey.objects.all())
    assert {row.server_key_id for row in rows} == {"k1"}
    assert not any(keyring.wrap_is_legacy(row.wrapped) for row in rows)
    keyring.forget_user_keyring(alice)
    assert entry_texts(user=alice, entry=entry).body == "written before subkeys"
    verified = run("keys_verify")
    assert "All" in verified and "before subkeys" not in verified
    assert "Rewrapped 0 keys" in run("keys_rewrap")


def test_a_data_key_wrapped_before_subkeys_under_a_retired_key_moves_in_the_same_rotation(
    own_key_file: Path, alice: Any
) -> None:
    entry = entry_create(author=alice, body="older still")
    data_keys_to_legacy()
    run("keys_add")
    run("keys_activate", "k2")
    run("keys_rewrap")
    run("keys_retire", "k1")
    row = DataKey.objects.get(user=alice)
    assert row.server_key_id == "k2" and not keyring.wrap_is_legacy(row.wrapped)
    keyring.forget_user_keyring(alice)
    assert entry_texts(user=alice, entry=entry).body == "older still"


def test_an_old_wrap_that_was_changed_does_not_open(alice: Any) -> None:
    user_keyring(alice)
    row = DataKey.objects.get(user=alice)
    server_key = keyring.server_keyring().get(row.server_key_id)
    old = bytearray(legacy_wrap_data_key(b"k" * 32, server_key=server_key, user_id=alice.pk, version=1))
    old[-1] ^= 1
    with pytest.raises(DecryptionError):
        keyring.unwrap_data_key(bytes(old), server_key=server_key, user_id=alice.pk, version=1)
    # An old-format wrap for someone else does not open as alice's either.
    other = legacy_wrap_data_key(b"k" * 32, server_key=server_key, user_id=uuid.uuid4(), version=1)
    with pytest.raises(DecryptionError):
        keyring.unwrap_data_key(other, server_key=server_key, user_id=alice.pk, version=1)


def test_an_item_key_wrapped_before_subkeys_still_opens() -> None:
    key, item_id = _key(), uuid.uuid4()
    old = legacy_wrap_item_key(b"i" * 32, server_key=key, purpose="care.SharedItem", item_id=item_id)
    assert keyring.wrap_is_legacy(old)
    assert keyring.unwrap_item_key(old, server_key=key, purpose="care.SharedItem", item_id=item_id) == b"i" * 32


def test_an_mfa_secret_encrypted_before_subkeys_still_works_and_keys_rewrap_moves_it(alice: Any) -> None:
    TOTP.activate(alice, SECRET)
    authenticator = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    old = legacy_server_encrypt(SECRET, server_key=keyring.active_server_key(), purpose="allauth.mfa")
    authenticator.data = {**authenticator.data, "secret": old}
    authenticator.save()
    assert MFAAdapter().decrypt(old) == SECRET
    assert "1 of them are still wrapped the way they were before subkeys" in run("keys_verify")

    run("keys_rewrap")
    stored = Authenticator.objects.get(pk=authenticator.pk).data["secret"]
    assert stored.startswith("wp2$") and not keyring.server_token_is_legacy(stored)
    assert MFAAdapter().decrypt(stored) == SECRET
    assert "before subkeys" not in run("keys_verify")


def test_no_module_but_the_server_key_modules_touches_a_raw_server_key() -> None:
    # The rule the subkeys rest on: one place derives and uses them. A new `.secret` elsewhere
    # would be a new purpose keyed with the raw key, sharing it with everything else again.
    root = Path(__file__).resolve().parents[2]
    allowed = {
        root / "journal" / "server_keys.py",
        root / "journal" / "server_wraps.py",
        # allauth's authenticator-app form keeps the person's TOTP secret as `.secret`: not a server key.
        root / "accounts" / "mfa_forms.py",
    }
    apps = [p for p in root.iterdir() if (p / "apps.py").exists() or p.name == "config"]
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in app.rglob("*.py")
        if path not in allowed and ".secret" in path.read_text(encoding="utf-8").replace(".secret_", "")
    ]
    assert apps and offenders == []

from __future__ import annotations

import base64
import os
import pwd
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest

from journal import keyring
from journal.keyring import DecryptionError, KeyringError, user_keyring
from journal.models import DataKey

MODEL = "journal.Entry"


def test_text_comes_back_exactly_as_written(alice: Any) -> None:
    record_id = uuid.uuid4()
    text = "A hard day. Écrit à minuit 🌙\n" * 40
    blob = user_keyring(alice).encrypt(text, model=MODEL, field="body", record_id=record_id)
    assert text.encode() not in blob
    assert user_keyring(alice).decrypt(blob, model=MODEL, field="body", record_id=record_id) == text


def test_the_data_key_is_stored_only_wrapped(alice: Any) -> None:
    user_keyring(alice)
    row = DataKey.objects.get(user=alice)
    assert row.version == 1
    assert len(bytes(row.wrapped)) == 1 + 12 + 32 + 16  # format, nonce, key, tag: never the bare 32 bytes


def test_a_ciphertext_copied_to_another_person_does_not_open(alice: Any, bob: Any) -> None:
    record_id = uuid.uuid4()
    blob = user_keyring(alice).encrypt("only mine", model=MODEL, field="body", record_id=record_id)
    with pytest.raises(DecryptionError):
        user_keyring(bob).decrypt(blob, model=MODEL, field="body", record_id=record_id)


@pytest.mark.parametrize(
    ("model", "field", "other_record"),
    [(MODEL, "title", False), ("safety.PlanStep", "body", False), (MODEL, "body", True)],
)
def test_a_ciphertext_moved_to_another_field_model_or_record_does_not_open(
    alice: Any, model: str, field: str, other_record: bool
) -> None:
    record_id = uuid.uuid4()
    ring = user_keyring(alice)
    blob = ring.encrypt("only here", model=MODEL, field="body", record_id=record_id)
    with pytest.raises(DecryptionError):
        ring.decrypt(blob, model=model, field=field, record_id=uuid.uuid4() if other_record else record_id)


def test_any_changed_byte_is_noticed(alice: Any) -> None:
    record_id = uuid.uuid4()
    ring = user_keyring(alice)
    blob = ring.encrypt("do not touch", model=MODEL, field="body", record_id=record_id)
    for position in range(len(blob)):
        tampered = bytearray(blob)
        tampered[position] ^= 0x01
        with pytest.raises(DecryptionError):
            ring.decrypt(bytes(tampered), model=MODEL, field="body", record_id=record_id)


def test_lengths_are_padded_to_buckets(alice: Any) -> None:
    ring = user_keyring(alice)
    short = ring.encrypt("a", model=MODEL, field="body", record_id=1)
    longer = ring.encrypt("a" * 50, model=MODEL, field="body", record_id=1)
    assert len(short) == len(longer)


def test_the_keyring_is_cached_per_person_not_shared(alice: Any, bob: Any) -> None:
    assert user_keyring(alice) is user_keyring(alice)
    assert user_keyring(alice) is not user_keyring(bob)
    assert user_keyring(bob).user_id == str(bob.pk)


def test_a_new_data_key_is_wrapped_with_the_active_server_key(alice: Any, settings: Any) -> None:
    first, second = (base64.b64encode(bytes([n]) * 32).decode() for n in (1, 2))
    settings.WAYPOINT_KEYS = f"k2:{second},k1:{first}"
    user_keyring(alice)
    assert DataKey.objects.get(user=alice).server_key_id == "k2"


@pytest.mark.parametrize("value", ["k1", "k1:not-base64!", f"k1:{base64.b64encode(b'short').decode()}", "bad id:AAAA"])
def test_unusable_keys_are_refused_with_a_message(settings: Any, value: str) -> None:
    settings.WAYPOINT_KEYS = value
    with pytest.raises(KeyringError, match="WAYPOINT_KEYS"):
        keyring.read_server_keyring()


def test_a_missing_key_file_says_what_to_do(settings: Any, tmp_path: Path) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "nowhere"
    with pytest.raises(KeyringError, match="keys_create"):
        keyring.server_keyring()


def test_a_key_file_waypoint_may_not_read_says_whose_it_should_be(
    own_key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_read = Path.read_text

    def refused(path: Path, *args: Any, **kwargs: Any) -> str:
        if path == own_key_file:
            raise PermissionError(13, "Permission denied")
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refused)
    user = pwd.getpwuid(os.geteuid()).pw_name
    with pytest.raises(KeyringError, match=rf"running as {user}[\s\S]*chown {user} {own_key_file} && chmod 600"):
        keyring.read_server_keyring()


def test_a_key_file_path_that_names_a_folder_says_so(settings: Any, tmp_path: Path) -> None:
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path
    with pytest.raises(KeyringError, match="WAYPOINT_KEY_FILE has to name the key file itself"):
        keyring.read_server_keyring()


def test_a_key_file_that_cannot_be_read_for_another_reason_says_what_to_do(
    own_key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_read = Path.read_text

    def failing(path: Path, *args: Any, **kwargs: Any) -> str:
        if path == own_key_file:
            raise OSError(5, "Input/output error")
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", failing)
    with pytest.raises(KeyringError) as raised:
        keyring.read_server_keyring()
    assert "Input/output error" in str(raised.value) and "restore the key file" in str(raised.value)
    assert "folder" not in str(raised.value) and "itself" not in str(raised.value)


def test_a_key_file_overwritten_with_something_else_says_so_without_a_traceback(own_key_file: Path) -> None:
    own_key_file.write_bytes(b"\xff\xfe\x00PK\x03\x04 not a key")
    with pytest.raises(KeyringError, match="is not a Waypoint key file"):
        keyring.read_server_keyring()


def test_the_key_file_is_private(own_key_file: Path) -> None:
    assert stat.S_IMODE(own_key_file.stat().st_mode) == 0o600
    assert len(keyring.read_server_keyring().keys) == 1


def test_server_secrets_round_trip_and_stay_bound_to_their_purpose() -> None:
    token = keyring.server_encrypt("JBSWY3DPEHPK3PXP", purpose="allauth.mfa")
    assert "JBSWY3DPEHPK3PXP" not in token
    assert keyring.server_decrypt(token, purpose="allauth.mfa") == "JBSWY3DPEHPK3PXP"
    with pytest.raises(DecryptionError):
        keyring.server_decrypt(token, purpose="something.else")


def test_blind_index_matches_equal_tags_only_for_the_same_person(alice: Any, bob: Any) -> None:
    ring = user_keyring(alice)
    assert ring.blind_index("sleep", purpose="tag") == ring.blind_index("sleep", purpose="tag")
    assert ring.blind_index("sleep", purpose="tag") != ring.blind_index("walk", purpose="tag")
    assert ring.blind_index("sleep", purpose="tag") != user_keyring(bob).blind_index("sleep", purpose="tag")


def _replace_key_file_from_another_process(path: Path, keys: list[keyring.ServerKey]) -> None:
    # What keys_activate in another process does: a new file renamed into place. This process
    # is not told (no forget_server_keyring), exactly like a running gunicorn worker.
    new = path.with_name("keys.new")
    new.write_text(keyring.format_server_keys(keys))
    new.replace(path)


def test_a_running_process_wraps_new_data_keys_with_the_key_activated_by_another(
    own_key_file: Path, alice: Any, bob: Any
) -> None:
    user_keyring(alice)
    first = keyring.server_keyring().active
    second = keyring.ServerKey("k2", keyring.new_server_key_secret())
    _replace_key_file_from_another_process(own_key_file, [second, first])

    user_keyring(bob)  # bob's first use makes his data key, here and now
    assert DataKey.objects.get(user=bob).server_key_id == "k2"
    keyring.forget_user_keyring(alice)
    assert user_keyring(alice)  # alice's, still under k1, opens as before


def test_a_key_file_that_cannot_be_read_stops_new_wrapping_but_not_reading(
    own_key_file: Path, alice: Any, bob: Any
) -> None:
    record_id = uuid.uuid4()
    blob = user_keyring(alice).encrypt("mine", model=MODEL, field="body", record_id=record_id)
    own_key_file.write_text("k1:half-copied")

    with pytest.raises(KeyringError):
        user_keyring(bob)  # no data key wrapped with a key the file no longer shows
    assert not DataKey.objects.filter(user=bob).exists()
    keyring.forget_user_keyring(alice)
    assert user_keyring(alice).decrypt(blob, model=MODEL, field="body", record_id=record_id) == "mine"

"""The optional lock's keys (journal/lock_keys.py), tested as an attacker would try them."""

from __future__ import annotations

import pytest

from journal import lock_keys
from journal.lock_keys import KdfParams, WrongSecret
from journal.server_wraps import DecryptionError

# Cheap Argon2id for the tests; the stored parameters are what a real seal is opened with.
FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)
SALT = b"0123456789abcdef"


def test_the_passphrase_opens_the_lock_key_and_nothing_else_does() -> None:
    lock_key = lock_keys.new_lock_key()
    key = lock_keys.passphrase_key("the tide comes back", salt=SALT, params=FAST)
    sealed = lock_keys.lock_key_seal_by_passphrase(lock_key, key=key, user_id=7)
    assert lock_key not in sealed

    again = lock_keys.passphrase_key("the tide comes back", salt=SALT, params=FAST)
    assert lock_keys.lock_key_open_by_passphrase(sealed, key=again, user_id=7) == lock_key

    wrong = lock_keys.passphrase_key("the tide comes back!", salt=SALT, params=FAST)
    with pytest.raises(WrongSecret):
        lock_keys.lock_key_open_by_passphrase(sealed, key=wrong, user_id=7)
    # Another person's row with the same passphrase: the seal names its owner.
    with pytest.raises(WrongSecret):
        lock_keys.lock_key_open_by_passphrase(sealed, key=again, user_id=8)
    # A different salt or cost is a different key.
    assert lock_keys.passphrase_key("the tide comes back", salt=b"f" * 16, params=FAST) != key
    assert lock_keys.passphrase_key("the tide comes back", salt=SALT, params=KdfParams(1024, 2, 1)) != key


def test_a_passphrase_typed_on_another_device_in_another_unicode_form_still_opens() -> None:
    composed = "café à la mer"  # é as one character
    decomposed = "cafe\u0301 a\u0300 la mer"  # e + combining accent, as some keyboards send it
    assert composed != decomposed
    assert lock_keys.passphrase_key(composed, salt=SALT, params=FAST) == lock_keys.passphrase_key(
        decomposed, salt=SALT, params=FAST
    )


def test_the_stored_cost_comes_back_as_it_was_and_the_default_is_argon2ids_recommended_one() -> None:
    assert KdfParams.from_dict(FAST.as_dict()) == FAST
    assert KdfParams().as_dict() == {"memory_kib": 65536, "iterations": 3, "lanes": 1}
    assert len(lock_keys.passphrase_key("x", salt=SALT, params=KdfParams())) == 32


def test_a_recovery_key_is_easy_to_copy_by_hand_and_forgiving_to_type_back() -> None:
    shown = lock_keys.new_recovery_key()
    groups = shown.split("-")
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    assert not set(shown) & set("ILOU")  # no letters that pass for digits or each other
    assert shown != lock_keys.new_recovery_key()

    typed = shown.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert lock_keys.recovery_key_key(typed) == lock_keys.recovery_key_key(shown)
    for not_one in ["", shown[:-1], shown + "A", shown.replace(shown[0], "U", 1), "correct horse battery staple"]:
        with pytest.raises(ValueError):
            lock_keys.recovery_key_key(not_one)


def test_the_recovery_key_opens_the_same_lock_key_and_a_different_one_does_not() -> None:
    lock_key = lock_keys.new_lock_key()
    recovery = lock_keys.new_recovery_key()
    sealed = lock_keys.lock_key_seal_by_recovery(lock_key, key=lock_keys.recovery_key_key(recovery), user_id=7)
    assert lock_keys.lock_key_open_by_recovery(sealed, key=lock_keys.recovery_key_key(recovery), user_id=7) == lock_key
    with pytest.raises(WrongSecret):
        other = lock_keys.recovery_key_key(lock_keys.new_recovery_key())
        lock_keys.lock_key_open_by_recovery(sealed, key=other, user_id=7)
    # A recovery seal is not a passphrase seal, even under the same key bytes.
    with pytest.raises(WrongSecret):
        lock_keys.lock_key_open_by_passphrase(sealed, key=lock_keys.recovery_key_key(recovery), user_id=7)


def test_a_data_key_sealed_under_the_lock_key_is_bound_to_its_person_and_version() -> None:
    lock_key, data_key = lock_keys.new_lock_key(), lock_keys.new_lock_key()
    sealed = lock_keys.data_key_seal(data_key, lock_key=lock_key, user_id=7, version=2)
    assert lock_keys.data_key_open(sealed, lock_key=lock_key, user_id=7, version=2) == data_key
    for user_id, version in [(8, 2), (7, 1)]:
        with pytest.raises(DecryptionError):
            lock_keys.data_key_open(sealed, lock_key=lock_key, user_id=user_id, version=version)
    with pytest.raises(DecryptionError):
        lock_keys.data_key_open(sealed, lock_key=lock_keys.new_lock_key(), user_id=7, version=2)


def test_an_unlocked_session_needs_both_the_cookie_and_the_session_row() -> None:
    lock_key = lock_keys.new_lock_key()
    cookie, row = lock_keys.session_seal(lock_key, user_id=7)
    assert lock_key not in row and lock_key.hex() not in cookie
    assert lock_keys.session_open(cookie, row, user_id=7) == lock_key

    # A copied session row with a cookie of its own making, or someone else's cookie: nothing.
    other_cookie, other_row = lock_keys.session_seal(lock_key, user_id=7)
    for forged in [other_cookie, "00" * 32, "not hex", ""]:
        with pytest.raises(WrongSecret):
            lock_keys.session_open(forged, row, user_id=7)
    # The right cookie with another row, or for another person: nothing.
    with pytest.raises(WrongSecret):
        lock_keys.session_open(cookie, other_row, user_id=7)
    with pytest.raises(WrongSecret):
        lock_keys.session_open(cookie, row, user_id=8)
    with pytest.raises(DecryptionError):
        lock_keys.session_open(cookie, b"short", user_id=7)

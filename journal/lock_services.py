"""Turning the optional lock on and off, opening it, and changing its secrets (#17).

Each function that changes the lock takes the person's lock key (from the passphrase or the
recovery key, opened by `lock_open_*`), never the passphrase alone: the slow Argon2id step is
paid once, where the person typed it. Turning the lock on or off rewraps the person's data keys
only; no record is re-encrypted, so it takes milliseconds whatever the journal's size.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal

from journal import keyring, lock_keys
from journal.lock_keys import KdfParams, WrongSecret
from journal.models import DataKey, JournalLock

__all__ = [
    "WrongSecret",
    "check_lock_key",
    "journal_let_go",
    "lock_is_on",
    "lock_let_go",
    "lock_open_with_passphrase",
    "lock_open_with_recovery_key",
    "lock_passphrase_change",
    "lock_plan_choose",
    "lock_plan_is_locked",
    "lock_recovery_key_replace",
    "lock_turn_off",
    "lock_turn_on",
    "plan_goes_with_the_lock",
]


class LockAlreadyOn(Exception):
    pass


def lock_is_on(user: Any) -> bool:
    return JournalLock.objects.filter(user_id=user.pk).exists()


def _seal_by_passphrase(lock_key: bytes, *, user_id: Any, passphrase: str, params: KdfParams) -> dict[str, Any]:
    salt = lock_keys.new_salt()
    key = lock_keys.passphrase_key(passphrase, salt=salt, params=params)
    return {
        "salt": salt,
        "kdf": params.as_dict(),
        "by_passphrase": lock_keys.lock_key_seal_by_passphrase(lock_key, key=key, user_id=user_id),
    }


def _seal_by_recovery(lock_key: bytes, *, user_id: Any) -> tuple[str, bytes]:
    recovery_key = lock_keys.new_recovery_key()
    key = lock_keys.recovery_key_key(recovery_key)
    return recovery_key, lock_keys.lock_key_seal_by_recovery(lock_key, key=key, user_id=user_id)


def _rewrap_data_keys(*, user_id: Any, lock_key: bytes, lock: bool, scopes: tuple[str, ...]) -> None:
    """Every data-key version of the person in these scopes: sealed under the lock key (lock=True) or not."""
    rows = DataKey.objects.select_for_update().filter(user_id=user_id, scope__in=scopes).order_by("scope", "version")
    for row in rows:
        opened = keyring.data_key_unwrap_server_layer(row)
        if row.locked:
            owner = keyring.key_owner(user_id, row.scope)
            opened = lock_keys.data_key_open(opened, lock_key=lock_key, user_id=owner, version=row.version)
        wrapped, server_key_id = keyring.data_key_wrap(
            opened, user_id=user_id, version=row.version, lock_key=lock_key if lock else None, scope=row.scope
        )
        DataKey.objects.filter(pk=row.pk).update(wrapped=wrapped, server_key_id=server_key_id, locked=lock)


def _plan_split(*, user_id: Any) -> None:
    """Give the person their own plan key and move the plan's records to it from the journal's.

    Runs while the journal key still opens (before it is sealed, or with the lock key held), in
    the transaction that turns the lock on, so the plan is never left under a key the lock
    closes. Once split, the plan stays on its own key, lock or no lock: nothing moves back.
    """
    if DataKey.objects.filter(user_id=user_id, scope=keyring.PLAN).exists():
        return
    journal_ring = keyring.load_user_keyring(user_id)
    # Unlocked and server-wrapped: outside the lock until the person chooses otherwise.
    keyring.data_key_create(user_id=user_id, version=1, scope=keyring.PLAN)
    plan_ring = keyring.load_scope_keyring(user_id, keyring.PLAN)
    assert plan_ring is not None
    for registered in keyring.encrypted_models(scope=keyring.PLAN):
        for row in registered.rows_for(user_id):
            changes = {}
            for name in registered.fields:
                value = getattr(row, name)
                if value:
                    text = journal_ring.decrypt(value, model=registered.label, field=name, record_id=row.pk)
                    changes[name] = plan_ring.encrypt(text, model=registered.label, field=name, record_id=row.pk)
            if changes:
                # Not an edit: no version bump, no updated_at (a queryset update skips save()).
                registered.model._default_manager.filter(pk=row.pk).update(**changes)


def lock_turn_on(*, user: Any, passphrase: str, params: KdfParams | None = None) -> tuple[str, bytes]:
    """Lock the person's journal with their passphrase.

    The safety plan and coping list move to a key of their own first, which stays outside the
    lock (lock_plan_choose locks it too, if the person asks). Returns (the recovery key, to show
    once; the lock key, to keep this session open).
    """
    params = params or lock_keys.DEFAULT_KDF
    if lock_is_on(user):
        raise LockAlreadyOn
    keyring.user_keyring(user)  # a person who never wrote gets their first data key now, unlocked
    lock_key = lock_keys.new_lock_key()
    recovery_key, by_recovery = _seal_by_recovery(lock_key, user_id=user.pk)
    # Argon2id (a quarter of a second, 64 MiB) before the transaction, not while holding rows.
    by_passphrase = _seal_by_passphrase(lock_key, user_id=user.pk, passphrase=passphrase, params=params)
    with transaction.atomic():
        _hold_person(user.pk)
        if JournalLock.objects.filter(user_id=user.pk).exists():
            raise LockAlreadyOn
        _plan_split(user_id=user.pk)
        JournalLock.objects.create(user_id=user.pk, by_recovery=by_recovery, **by_passphrase)
        _rewrap_data_keys(user_id=user.pk, lock_key=lock_key, lock=True, scopes=(keyring.JOURNAL,))
        if DataKey.objects.filter(user_id=user.pk, scope=keyring.JOURNAL, locked=False).exists():
            raise RuntimeError("A data key was added while the lock was being turned on; nothing was changed.")
    keyring.forget_user_keyring(user)
    return recovery_key, lock_key


def _hold_person(user_id: Any) -> None:
    # One row lock per person, taken by every change to their data keys (here and in key
    # rotation), so a rotation cannot add an unlocked key while the lock is being turned on.
    get_user_model().objects.select_for_update().filter(pk=user_id).first()


def lock_open_with_passphrase(*, user: Any, passphrase: str) -> bytes:
    """The person's lock key; WrongSecret if the passphrase is not theirs (or there is no lock)."""
    lock = JournalLock.objects.filter(user_id=user.pk).first()
    if lock is None:
        raise WrongSecret
    key = lock_keys.passphrase_key(passphrase, salt=bytes(lock.salt), params=KdfParams.from_dict(lock.kdf))
    return lock_keys.lock_key_open_by_passphrase(lock.by_passphrase, key=key, user_id=user.pk)


def lock_open_with_recovery_key(*, user: Any, recovery_key: str) -> bytes:
    """The person's lock key; ValueError if it cannot be a recovery key, WrongSecret if not theirs."""
    key = lock_keys.recovery_key_key(recovery_key)
    lock = JournalLock.objects.filter(user_id=user.pk).first()
    if lock is None:
        raise WrongSecret
    return lock_keys.lock_key_open_by_recovery(lock.by_recovery, key=key, user_id=user.pk)


def lock_passphrase_change(*, user: Any, lock_key: bytes, passphrase: str, params: KdfParams | None = None) -> None:
    """A new passphrase: the lock key is sealed again; no data key and no record changes."""
    sealed = _seal_by_passphrase(
        lock_key, user_id=user.pk, passphrase=passphrase, params=params or lock_keys.DEFAULT_KDF
    )
    with transaction.atomic():
        lock = JournalLock.objects.select_for_update().get(user_id=user.pk)
        # The lock key given must be this lock's: proven by opening one of its data keys with it.
        check_lock_key(user_id=user.pk, lock_key=lock_key)
        for name, value in sealed.items():
            setattr(lock, name, value)
        lock.save()


def lock_recovery_key_replace(*, user: Any, lock_key: bytes) -> str:
    """A new recovery key (the old one stops working). Returns it, to show once."""
    recovery_key, by_recovery = _seal_by_recovery(lock_key, user_id=user.pk)
    with transaction.atomic():
        lock = JournalLock.objects.select_for_update().get(user_id=user.pk)
        check_lock_key(user_id=user.pk, lock_key=lock_key)
        lock.by_recovery = by_recovery
        lock.save()
    return recovery_key


def lock_turn_off(*, user: Any, lock_key: bytes) -> None:
    """Back to the server key alone: the data keys (the plan's too) lose their inner layer, the lock
    is deleted. The plan keeps its own key, simply unlocked again."""
    with transaction.atomic():
        JournalLock.objects.select_for_update().get(user_id=user.pk)
        check_lock_key(user_id=user.pk, lock_key=lock_key)
        _rewrap_data_keys(user_id=user.pk, lock_key=lock_key, lock=False, scopes=(keyring.JOURNAL, keyring.PLAN))
        JournalLock.objects.filter(user_id=user.pk).delete()
    keyring.forget_user_keyring(user)


# Sent inside lock_let_go's transaction, before anything is deleted, with user_id= and scopes=
# (the data-key scopes let go): apps above journal end what depends on those records, as sharing
# ends the copies of shared entries with a "sharing stopped" line.
journal_let_go = Signal()


def plan_goes_with_the_lock(user: Any) -> bool:
    """Whether letting the lock go takes the safety plan too: the person locked it with the
    journal, or the lock is older than the plan's own key and the plan is still under the journal's."""
    return lock_plan_is_locked(user) or not DataKey.objects.filter(user_id=user.pk, scope=keyring.PLAN).exists()


def lock_let_go(*, user: Any) -> None:
    """For a person who lost both the passphrase and the recovery key: what is under the lock can
    never be opened again, so it goes, with its keys and the lock, and an empty journal without a
    lock takes its place (a new data key is made at the next write).

    Needs no secret: nothing of the old journal is read. Each registered model's rows under the
    lost keys are deleted, or only their encrypted fields blanked (`let_go="blank"`, for rows that
    hold more than the person's words). Raises JournalLock.DoesNotExist when there is no lock (a
    second tap).
    """
    with transaction.atomic():
        _hold_person(user.pk)
        JournalLock.objects.select_for_update().get(user_id=user.pk)
        scopes = (keyring.JOURNAL, keyring.PLAN) if plan_goes_with_the_lock(user) else (keyring.JOURNAL,)
        journal_let_go.send(sender=JournalLock, user_id=user.pk, scopes=scopes)
        for scope in scopes:
            for registered in keyring.encrypted_models(scope=scope):
                rows = registered.model._default_manager.filter(**{f"{registered.owner_field}_id": user.pk})
                if registered.let_go == "blank":
                    rows.update(**dict.fromkeys(registered.fields))
                else:
                    rows.delete()
        DataKey.objects.filter(user_id=user.pk, scope__in=scopes).delete()
        JournalLock.objects.filter(user_id=user.pk).delete()
    keyring.forget_user_keyring(user)


def lock_plan_is_locked(user: Any) -> bool:
    """Whether the person chose to lock their safety plan and coping list with their journal."""
    return DataKey.objects.filter(user_id=user.pk, scope=keyring.PLAN, locked=True).exists()


def lock_plan_choose(*, user: Any, lock_key: bytes, locked: bool) -> None:
    """Lock the safety plan and coping list with the journal's lock (locked=True), or keep them
    outside it, readable after sign-in alone (False, the default). Needs the lock on and its key.

    Raises JournalLock.DoesNotExist when the lock is off, DecryptionError for a lock key that is
    not this lock's.
    """
    with transaction.atomic():
        _hold_person(user.pk)
        JournalLock.objects.select_for_update().get(user_id=user.pk)
        check_lock_key(user_id=user.pk, lock_key=lock_key)
        with keyring.journal_unlocked(user.pk, lock_key):
            _plan_split(user_id=user.pk)  # a lock turned on before the plan had a key of its own
        _rewrap_data_keys(user_id=user.pk, lock_key=lock_key, lock=locked, scopes=(keyring.PLAN,))
    keyring.forget_user_keyring(user)


def check_lock_key(*, user_id: Any, lock_key: bytes) -> None:
    """DecryptionError unless `lock_key` opens this person's lock (one of its locked data keys)."""
    rows = list(DataKey.objects.filter(user_id=user_id, scope=keyring.JOURNAL, locked=True)[:1])
    if not rows:
        # Nothing to prove the key against: never seal an unproven key (that would lock them out).
        raise keyring.DecryptionError("This journal has no locked data key to check the lock key against.")
    with keyring.journal_unlocked(user_id, lock_key):
        keyring._open_data_keys(user_id, rows)  # DecryptionError if the key is not this lock's

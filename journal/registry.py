"""The registry of what is encrypted where, so rotation and verification (journal/key_lifecycle.py)
reach every app's records without importing them. journal/keyring.py re-exports all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from journal.keyring import UserKeyring


@dataclass(frozen=True)
class EncryptedModel:
    model: type[models.Model]
    fields: tuple[str, ...]
    owner_field: str
    # Runs inside a data-key rotation after the re-encryption, e.g. to recompute blind indexes.
    after_rotate: Callable[[Any, UserKeyring], None] | None = None
    # Which of the person's data keys holds it: "journal", or "plan" for the safety plan and
    # coping list, which stay outside the optional lock unless the person locks them too.
    scope: str = "journal"
    # When a locked journal is let go (journal/lock_services.py): "delete" the rows, or "blank"
    # only the encrypted fields of a row that holds more than them (a setting, a therapist's words).
    let_go: str = "delete"

    @property
    def label(self) -> str:
        return str(self.model._meta.label)

    def rows_for(self, user_id: Any | None = None) -> Iterator[models.Model]:
        queryset = self.model._default_manager.all()
        if user_id is not None:
            queryset = queryset.filter(**{f"{self.owner_field}_id": user_id})
        return queryset.only("pk", f"{self.owner_field}_id", *self.fields).order_by("pk").iterator(chunk_size=500)

    def owner_id(self, row: models.Model) -> Any:
        return getattr(row, f"{self.owner_field}_id")


_registry: dict[str, EncryptedModel] = {}


def register_encrypted_model(
    model: type[models.Model],
    *,
    fields: Sequence[str],
    owner_field: str = "owner",
    after_rotate: Callable[[Any, UserKeyring], None] | None = None,
    scope: str = "journal",
    let_go: str = "delete",
) -> None:
    """Declare which fields of a model hold ciphertext, so rotation and verification cover them.

    Call it from your AppConfig.ready(). The fields must be encrypted with
    model=Model._meta.label, field=<field name>, record_id=row.pk, by
    `keyring_for(<the owner>, Model._meta.label)`, which picks the keyring of `scope`.
    """
    if scope not in SCOPES:
        raise ValueError(f"A data-key scope is one of {SCOPES}, not {scope!r}.")
    if let_go not in ("delete", "blank"):
        raise ValueError(f"let_go is 'delete' or 'blank', not {let_go!r}.")
    entry = EncryptedModel(model, tuple(fields), owner_field, after_rotate, scope, let_go)
    _registry[entry.label] = entry


# The data-key scopes (DataKey.Scope's values), kept here so this module imports no model.
SCOPES = ("journal", "plan")


def encrypted_models(scope: str | None = None) -> list[EncryptedModel]:
    """Every registered model, or only those of one scope."""
    return sorted((e for e in _registry.values() if scope is None or e.scope == scope), key=lambda e: e.label)


def scope_of(label: str) -> str:
    """The data-key scope a model's records are under ("journal" for any model not registered)."""
    entry = _registry.get(label)
    return entry.scope if entry is not None else "journal"


@dataclass(frozen=True)
class ServerWrapped:
    label: str
    key_ids: Callable[[], set[str]]
    rewrap: Callable[[], int]
    # Opens everything held under these keys: (how many checked, failing record ids, never content).
    verify: Callable[[], tuple[int, list[str]]] | None = None
    # How many are still wrapped the way they were before subkeys (keys_verify reports it).
    old_format: Callable[[], int] | None = None


_server_wrapped: dict[str, ServerWrapped] = {}


def register_server_wrapped(
    label: str,
    *,
    key_ids: Callable[[], set[str]],
    rewrap: Callable[[], int],
    verify: Callable[[], tuple[int, list[str]]] | None = None,
    old_format: Callable[[], int] | None = None,
) -> None:
    """Declare secrets wrapped directly by a server key (MFA secrets, shared-item keys).

    `key_ids()` returns the server key ids still in use; `rewrap()` moves them all to the active
    key and returns how many moved. keys_rewrap calls every rewrap; keys_retire refuses to remove
    a key that any of them still uses, so nothing is ever left without its key. `verify()`, if
    given, is run by keys_verify (and so by backup_restore); `old_format()`, if given, counts
    what is still wrapped the way it was before subkeys, which keys_rewrap must also move.
    """
    _server_wrapped[label] = ServerWrapped(label, key_ids, rewrap, verify, old_format)


def server_wrapped() -> list[ServerWrapped]:
    return sorted(_server_wrapped.values(), key=lambda w: w.label)

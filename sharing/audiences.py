"""The audiences a person can share with, as their apps (above this one) register them.

Sharing itself does not know who reads a copy. Each audience says which model holds its copies,
how to stop one (its own log line, its own audit), and how to name the readers of some copies
when the person is told that moving an entry to the trash ends them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sharing.models import SharedCopy


@dataclass(frozen=True)
class Audience:
    key: str
    model: type[SharedCopy]
    revoke: Callable[[Any], None]
    # The names of whoever holds these copies, for "this also stops sharing it with …".
    reader_names: Callable[[Sequence[Any]], list[str]]


_AUDIENCES: dict[str, Audience] = {}


def audience_register(audience: Audience) -> None:
    _AUDIENCES[audience.key] = audience


def audiences() -> tuple[Audience, ...]:
    return tuple(_AUDIENCES.values())


def entry_has_copies(entry: Any) -> bool:
    """Whether anyone, of any audience, holds a copy of this entry (journal's "Saved" asks)."""
    return any(audience.model._default_manager.filter(entry_id=entry.pk).exists() for audience in audiences())


# Other rows sealed under their own key the same way (a supporter's reply): their text field.
_SEALED: dict[str, tuple[type[Any], str]] = {}


def sealed_register(model: type[Any], *, field: str) -> None:
    """A model whose rows carry PURPOSE, wrapped_key, server_key_id and one sealed text field."""
    _SEALED[model._meta.label] = (model, field)


def sealed_tables() -> tuple[tuple[type[Any], str], ...]:
    """Every table of sealed rows: each audience's copies, then the others registered."""
    return (*((audience.model, "snapshot") for audience in audiences()), *_SEALED.values())

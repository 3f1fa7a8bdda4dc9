"""Things an app above this one can offer to share, made into snapshots by that app.

An entry and the safety plan are journal's and safety's, below sharing, so sharing makes their
snapshots itself (sharing/snapshots.py). A look-back summary is progress's, beside the audiences:
progress registers a maker here, and a therapist's or a supporter's share page asks for it by
kind without importing progress.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sharing.snapshots import Snapshot


@dataclass(frozen=True)
class Maker:
    kind: str
    # The snapshot the person would share now, from what they chose on the page it came from.
    make: Callable[[Any, Mapping[str, str]], Snapshot]
    # That page's address, for "Back"; and the choices the share form carries as hidden fields.
    page_url: Callable[[], str]
    params: tuple[str, ...]


_MAKERS: dict[str, Maker] = {}


def snapshot_maker_register(maker: Maker) -> None:
    _MAKERS[maker.kind] = maker


@dataclass(frozen=True)
class Offer:
    snapshot: Snapshot
    back_url: str
    carried: list[tuple[str, str]]


def snapshot_offer(kind: str, *, owner: Any, params: Mapping[str, str]) -> Offer | None:
    """What the person is about to share, where they came from, and the choices to carry on."""
    maker = _MAKERS.get(kind)
    if maker is None:
        return None
    carried = [(name, str(params[name])) for name in maker.params if params.get(name)]
    back = maker.page_url() + (f"?{urlencode(carried)}" if carried else "")
    return Offer(snapshot=maker.make(owner, params), back_url=back, carried=carried)

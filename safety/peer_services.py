"""Writes for the peer-support directory: loading the shipped layer, and a clinic hiding an entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from safety.crisis_selectors import resources_cache_clear
from safety.models import PeerSupport
from safety.services import LoadResult
from safety.shipped import shipped_peer_support

# The fields the data file owns. The clinic layer (hidden, clinic_order, clinic entries) is never here.
PEER_SHIPPED_FIELDS = (
    "country",
    "subregion",
    "name",
    "led_by",
    "format",
    "moderation",
    "audience",
    "age_min",
    "age_max",
    "cost",
    "description",
    "url",
    "source_url",
    "source_name",
    "verified_on",
    "review_due",
    "status",
    "priority",
)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _shipped_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "country": str(item["country"]).upper(),
        "subregion": item.get("subregion", ""),
        "name": str(item["name"]),
        "led_by": item["led_by"],
        "format": item["format"],
        "moderation": item["moderation"],
        "audience": item["audience"],
        "age_min": None if item.get("age_min") is None else int(item["age_min"]),
        "age_max": None if item.get("age_max") is None else int(item["age_max"]),
        "cost": item.get("cost", ""),
        "description": str(item["description"]).strip(),
        "url": item["url"],
        "source_url": item.get("source_url", ""),
        "source_name": item.get("source_name", ""),
        "verified_on": _as_date(item.get("verified_on")),
        "review_due": _as_date(item.get("review_due")),
        "status": item.get("status", PeerSupport.Status.ACTIVE),
        "priority": int(item.get("priority", 100)),
    }


@transaction.atomic
def peer_support_load(*, items: list[dict[str, Any]] | None = None) -> LoadResult:
    """Bring the shipped layer in line with the data file. Safe to run any number of times."""
    items = shipped_peer_support() if items is None else items
    existing = {e.key: e for e in PeerSupport.objects.filter(layer=PeerSupport.Layer.SHIPPED)}
    created = updated = unchanged = 0
    for item in items:
        values = _shipped_values(item)
        entry = existing.pop(item["key"], None)
        if entry is None:
            PeerSupport.objects.create(key=item["key"], layer=PeerSupport.Layer.SHIPPED, **values)
            created += 1
        elif any(getattr(entry, name) != values[name] for name in PEER_SHIPPED_FIELDS):
            for name in PEER_SHIPPED_FIELDS:
                setattr(entry, name, values[name])
            entry.save(update_fields=list(PEER_SHIPPED_FIELDS))
            updated += 1
        else:
            unchanged += 1
    # Gone from the data file: stop showing it, but keep the row so a clinic's history stays readable.
    retired = 0
    for entry in existing.values():
        if entry.status != PeerSupport.Status.SUSPENDED:
            entry.status = PeerSupport.Status.SUSPENDED
            entry.save(update_fields=["status"])
            retired += 1
    resources_cache_clear()
    return LoadResult(created=created, updated=updated, unchanged=unchanged, retired=retired)


def peer_support_set_hidden(*, entry: PeerSupport, hidden: bool) -> PeerSupport:
    """Hide or show an entry for a clinic. Unlike a crisis line, any entry may be hidden."""
    entry.hidden = hidden
    entry.save(update_fields=["hidden"])
    return entry

"""Reads for the peer-support page: the entries of a region and the international ones."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

from accounts.regions import in_region, region_name
from config.site_data import site_data
from safety.crisis_lines import ages_text
from safety.models import PeerSupport
from safety.person_region import known_regions


@dataclass(frozen=True)
class PeerEntryView:
    name: str
    led_by: str
    format: str
    moderation: str
    audience: str
    description: str
    url: str
    subregion: str = ""
    age_min: int | None = None
    age_max: int | None = None
    cost: str = ""
    source_url: str = ""
    source_name: str = ""
    verified_on: date | None = None
    review_due: date | None = None
    from_clinic: bool = False
    # Listed for family and friends: "For you" would then speak to them, not to the person.
    read_by_family: bool = False

    @property
    def facts(self) -> tuple[str, ...]:
        """What it is, in the current language: "Online", "Moderated", "For you"…"""
        choices = (
            (PeerSupport.Led, self.led_by),
            (PeerSupport.Format, self.format),
            (PeerSupport.Moderation, self.moderation),
        )
        facts = [str(kind(value).label) for kind, value in choices if value in kind.values]
        if self.read_by_family and self.audience == PeerSupport.Audience.BOTH:
            facts.append(gettext("For family and friends, and for the person they support"))
        elif self.audience in PeerSupport.Audience.values:
            facts.append(str(PeerSupport.Audience(self.audience).label))
        return tuple(facts)

    @property
    def ages(self) -> str:
        return ages_text(self.age_min, self.age_max)

    @property
    def is_past_review(self) -> bool:
        return self.review_due is not None and self.review_due < timezone.localdate()


@dataclass(frozen=True)
class PeerDirectory:
    region: str
    local: tuple[PeerEntryView, ...]
    international: tuple[PeerEntryView, ...]

    @property
    def region_name(self) -> str:
        return region_name(self.region)

    @property
    def in_region(self) -> str:
        """Where, for a sentence: "We haven't listed peer support in the Netherlands yet"."""
        return in_region(self.region)


def _view(entry: PeerSupport) -> PeerEntryView:
    return PeerEntryView(
        name=entry.name,
        led_by=entry.led_by,
        format=entry.format,
        moderation=entry.moderation,
        audience=entry.audience,
        description=entry.description,
        url=entry.url,
        subregion=entry.subregion,
        age_min=entry.age_min,
        age_max=entry.age_max,
        cost=entry.cost,
        source_url=entry.source_url,
        source_name=entry.source_name,
        verified_on=entry.verified_on,
        review_due=entry.review_due,
        from_clinic=entry.layer == PeerSupport.Layer.CLINIC,
    )


def visible_entries(entries: list[PeerSupport]) -> list[PeerSupport]:
    """Only confirmed entries, less what the clinic hid, in the clinic's order then the shipped one.

    A shipped entry is shown only once someone has checked it (an active status and a date); a
    clinic's own group is active when the clinic adds it, and says "added by your clinic".
    """
    shown = [
        e
        for e in entries
        if e.status == PeerSupport.Status.ACTIVE
        and not e.hidden
        and (e.layer == PeerSupport.Layer.CLINIC or (e.verified_on is not None and e.source_url))
    ]
    return sorted(shown, key=lambda e: (e.effective_order, e.name))


def for_family(directory: PeerDirectory) -> PeerDirectory:
    """Only what is for the people around someone (for family and friends, or for both)."""
    family = (PeerSupport.Audience.SUPPORTERS, PeerSupport.Audience.BOTH)
    return replace(
        directory,
        local=tuple(replace(e, read_by_family=True) for e in directory.local if e.audience in family),
        international=tuple(replace(e, read_by_family=True) for e in directory.international if e.audience in family),
    )


def _load(region: str) -> PeerDirectory:
    entries = list(PeerSupport.objects.filter(country__in=[region, PeerSupport.INTERNATIONAL]))
    shown = visible_entries(entries)
    return PeerDirectory(
        region=region,
        local=tuple(_view(e) for e in shown if e.country == region),
        international=tuple(_view(e) for e in shown if e.country == PeerSupport.INTERNATIONAL),
    )


def peer_directory(region: str) -> PeerDirectory:
    """The entries for a region and the international ones. Read once per process, like the crisis
    lines (config/site_data.py); saving an entry or loading the data file reads it again."""
    region = region.upper()
    if region not in known_regions():
        # Only the countries Waypoint knows are kept, so no made-up code grows what a process holds.
        return _load(region)
    return site_data(f"safety:peer:{region}", lambda: _load(region))

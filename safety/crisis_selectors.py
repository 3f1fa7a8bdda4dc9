"""Reads for the crisis strip and the help page: kept per region, safe when the database is down.

What the lines look like on a page is in safety/crisis_lines.py; which country a request gets, in
safety/person_region.py.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest

from config.site_data import site_data, site_data_changed
from safety.crisis_lines import ContactView, DirectoryView, RegionResources, ResourceView
from safety.models import CrisisResource, ResourceContact, contact_href
from safety.person_region import known_regions, request_region
from safety.shipped import shipped_directory, shipped_resources

logger = logging.getLogger(__name__)


def _directory() -> tuple[DirectoryView, ...]:
    return tuple(
        DirectoryView(name=d["name"], url=d["url"], source_name=d.get("source_name", "")) for d in shipped_directory()
    )


def _contact_view(contact: ResourceContact) -> ContactView:
    return ContactView(
        channel=contact.channel,
        href=contact_href(contact.channel, contact.value, contact.keyword),
        display=contact.display or contact.value,
        keyword=contact.keyword,
    )


def _resource_view(resource: CrisisResource) -> ResourceView:
    return ResourceView(
        name=resource.name,
        kind=resource.kind,
        contacts=tuple(_contact_view(c) for c in resource.contacts.all()),
        is_24_7=resource.is_24_7,
        hours=resource.hours,
        timezone=resource.timezone,
        languages=resource.languages,
        cost=resource.cost,
        audience=resource.audience,
        age_min=resource.age_min,
        age_max=resource.age_max,
        notes=resource.notes,
        subregion=resource.subregion,
        source_url=resource.source_url,
        source_name=resource.source_name,
        verified_on=resource.verified_on,
        review_due=resource.review_due,
        status=resource.status,
        from_clinic=resource.layer == CrisisResource.Layer.CLINIC,
        country=resource.country,
    )


def visible_resources(resources: list[CrisisResource]) -> tuple[list[CrisisResource], list[CrisisResource]]:
    """Split into (emergency numbers, lines to show), applying the clinic layer safely.

    The emergency number is always shown. Unconfirmed and suspended lines are not. A clinic may hide
    lines, but if that leaves no line open to anyone day and night, the best hidden one comes back
    (a youth line or a non-urgent route does not count: an adult in crisis cannot use it).
    """
    ordered = sorted(resources, key=lambda r: (r.effective_order, r.name))
    emergency = [r for r in ordered if r.kind == CrisisResource.Kind.EMERGENCY]
    active = [
        r for r in ordered if r.kind != CrisisResource.Kind.EMERGENCY and r.status == CrisisResource.Status.ACTIVE
    ]
    lines = [r for r in active if not r.hidden]
    if not any(r.is_open_line for r in lines):
        returning = next((r for r in active if r.hidden and r.is_open_line), None)
        if returning is not None:
            lines = sorted([*lines, returning], key=lambda r: (r.effective_order, r.name))
    return emergency, lines


def _load_region(region: str) -> RegionResources:
    resources = list(CrisisResource.objects.filter(country=region).prefetch_related("contacts"))
    emergency, lines = visible_resources(resources)
    return RegionResources(
        region=region,
        emergency=tuple(_resource_view(r) for r in emergency),
        lines=tuple(_resource_view(r) for r in lines),
        directory=_directory(),
    )


def region_resources(region: str) -> RegionResources:
    """Every resource to show for a region. Read once per process (config/site_data.py); saving a
    resource, a clinic's edit or loading crisis data makes every process read it again."""
    region = region.upper()
    if region in known_regions():
        loaded = site_data(f"safety:region:{region}", lambda: _load_region(region))
    else:
        # Kept only for the countries Waypoint knows, so no made-up code grows what a process holds.
        loaded = _load_region(region)
    if not loaded.emergency:
        # Nothing loaded yet (a fresh install): the shipped file still knows the number to call.
        return fallback_resources(region)
    return loaded


def resources_cache_clear(*regions: str) -> None:
    """Every process reads the crisis lines again (of every region: a contact names none)."""
    site_data_changed()


def fallback_resources(region: str) -> RegionResources:
    """The shipped emergency number and directory only, read from the data file, no database."""
    region = region.upper()
    emergency = [r for r in shipped_resources() if r["country"] == region and r["type"] == "emergency"]
    if not emergency:
        region = settings.DEFAULT_CRISIS_REGION
        emergency = [r for r in shipped_resources() if r["country"] == region and r["type"] == "emergency"]
    views = tuple(
        ResourceView(
            name=r["name"],
            kind=r["type"],
            contacts=tuple(
                ContactView(
                    channel=c["channel"],
                    href=contact_href(c["channel"], str(c["value"]), c.get("keyword", "")),
                    display=c.get("display") or str(c["value"]),
                    keyword=c.get("keyword", ""),
                )
                for c in r["contacts"]
            ),
            status=r.get("status", "active"),
            verified_on=r.get("verified_on"),
            source_name=r.get("source_name", ""),
            source_url=r.get("source_url", ""),
            country=r["country"],
        )
        for r in emergency
    )
    return RegionResources(region=region, emergency=views, lines=(), directory=_directory(), fallback=True)


def strip_for_request(request: HttpRequest) -> RegionResources:
    """What the strip shows on this page. Never raises: a broken page still shows a number to call."""
    region = request_region(request).region
    try:
        return region_resources(region)
    except Exception:
        logger.exception("Could not read crisis resources; showing the shipped emergency number.")
        return fallback_resources(region)

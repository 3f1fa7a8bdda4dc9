"""Reads for the crisis strip and the help page: kept per region, safe when the database is down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, gettext

from accounts.regions import REGIONS, in_region, region_name
from config.ltr import ltr
from config.site_data import site_data, site_data_changed
from safety.models import (
    CrisisResource,
    ResourceContact,
    contact_href,
)
from safety.shipped import shipped_directory, shipped_regions, shipped_resources

logger = logging.getLogger(__name__)

SESSION_REGION_KEY = "safety_region"
STRIP_LINES = 2


@dataclass(frozen=True)
class ContactView:
    channel: str
    href: str
    display: str
    keyword: str = ""

    @property
    def is_call(self) -> bool:
        return self.channel == ResourceContact.Channel.PHONE

    @property
    def is_text(self) -> bool:
        return self.channel == ResourceContact.Channel.SMS

    def _phrase(self) -> tuple[str, dict[str, str]]:
        """The label's words, in the current language, and the values that go into them."""
        if self.is_call:
            return gettext("Call %(number)s"), {"number": self.display}
        if self.is_text and self.keyword:
            return gettext("Text %(keyword)s to %(number)s"), {"keyword": self.keyword, "number": self.display}
        if self.is_text:
            return gettext("Text %(number)s"), {"number": self.display}
        if self.channel == ResourceContact.Channel.CHAT:
            return gettext("Chat at %(site)s"), {"site": self.display}
        if self.channel == ResourceContact.Channel.EMAIL:
            return gettext("Email %(address)s"), {"address": self.display}
        return "%(display)s", {"display": self.display}

    @property
    def label(self) -> str:
        """What a link says, in the current language: "Call 116 123", "Text SHOUT to 85258"."""
        phrase, values = self._phrase()
        return phrase % values

    @property
    def label_html(self) -> SafeString:
        """The label for a page: its number kept left to right (config.ltr), in order on a right-to-left page."""
        phrase, values = self._phrase()
        html = {key: ltr(value) if key == "number" else conditional_escape(value) for key, value in values.items()}
        return mark_safe(conditional_escape(phrase) % html)  # noqa: S308 - the phrase and each value are escaped


@dataclass(frozen=True)
class ResourceView:
    name: str
    kind: str
    contacts: tuple[ContactView, ...]
    is_24_7: bool = True
    hours: str = "24/7"
    timezone: str = ""
    languages: str = ""
    cost: str = ""
    audience: str = ""
    age_min: int | None = None
    age_max: int | None = None
    notes: str = ""
    subregion: str = ""
    source_url: str = ""
    source_name: str = ""
    verified_on: date | None = None
    review_due: date | None = None
    status: str = CrisisResource.Status.ACTIVE
    from_clinic: bool = False

    @property
    def is_unconfirmed(self) -> bool:
        return self.status == CrisisResource.Status.UNVERIFIED

    @property
    def is_confirmed(self) -> bool:
        """Only a confirmed line says when it was checked: a date beside "not yet confirmed" misleads."""
        return self.status == CrisisResource.Status.ACTIVE and self.verified_on is not None

    @property
    def ages(self) -> str:
        """For example "For people aged 5 to 25", translated; empty when the service has no age limit."""
        return ages_text(self.age_min, self.age_max)

    @property
    def language_names(self) -> str:
        """The languages a line answers in, as people read them: "English, Spanish", not "en, es"."""
        return ", ".join(language_name(code) for code in self.languages.split(",") if code.strip())

    @property
    def is_for_everyone(self) -> bool:
        """A line anyone can use in a crisis, as opposed to a youth line or a non-urgent route."""
        return (
            self.kind not in (CrisisResource.Kind.YOUTH, CrisisResource.Kind.NON_URGENT)
            and self.age_min is None
            and self.age_max is None
        )

    @property
    def is_past_review(self) -> bool:
        return self.review_due is not None and self.review_due < timezone.localdate()

    @property
    def quick_contacts(self) -> tuple[ContactView, ...]:
        """Calls and texts, the ones that work with a tap on a phone."""
        return tuple(c for c in self.contacts if c.is_call or c.is_text)


@dataclass(frozen=True)
class DirectoryView:
    name: str
    url: str
    source_name: str = ""


@dataclass(frozen=True)
class RegionResources:
    region: str
    emergency: tuple[ResourceView, ...]
    lines: tuple[ResourceView, ...]
    directory: tuple[DirectoryView, ...] = field(default_factory=tuple)
    # True when the database could not be read and only the shipped emergency number is shown.
    fallback: bool = False

    @property
    def region_name(self) -> str:
        return region_name(self.region)

    @property
    def in_region(self) -> str:
        """Where, for a sentence: "We haven't listed peer support in the Netherlands yet"."""
        return in_region(self.region)

    @property
    def talk_lines(self) -> tuple[ResourceView, ...]:
        return tuple(line for line in self.lines if line.is_for_everyone)

    @property
    def youth_lines(self) -> tuple[ResourceView, ...]:
        return tuple(
            line for line in self.lines if not line.is_for_everyone and line.kind != CrisisResource.Kind.NON_URGENT
        )

    @property
    def non_urgent_lines(self) -> tuple[ResourceView, ...]:
        return tuple(line for line in self.lines if line.kind == CrisisResource.Kind.NON_URGENT)

    @property
    def strip_lines(self) -> tuple[ResourceView, ...]:
        # The strip is for anyone on any page: a youth line or a GP route would be the wrong first tap.
        return tuple(line for line in self.talk_lines if line.quick_contacts)[:STRIP_LINES]

    @property
    def emergency_contacts(self) -> tuple[ContactView, ...]:
        return tuple(contact for resource in self.emergency for contact in resource.contacts)


def known_regions() -> set[str]:
    return set(REGIONS) | shipped_regions()


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
        )
        for r in emergency
    )
    return RegionResources(region=region, emergency=views, lines=(), directory=_directory(), fallback=True)


def _guess_region_from_browser(request: HttpRequest) -> str | None:
    # Only a first guess: "en-GB" suggests GB. The person's own choice always wins.
    header: str = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    regions = known_regions()
    for part in header.split(","):
        tag = part.split(";")[0].strip()
        pieces = tag.replace("_", "-").split("-")
        if len(pieces) >= 2 and pieces[-1].upper() in regions:
            return pieces[-1].upper()
    return None


# A higher app (a clinic) may say which country its people are in. The hook keeps safety from
# importing the clinic app; the person's own choice always wins over it.
RegionDefault = Callable[[HttpRequest], str]
_region_defaults: list[RegionDefault] = []


def region_default_register(provider: RegionDefault) -> None:
    if provider not in _region_defaults:
        _region_defaults.append(provider)


def _chosen_region(request: HttpRequest) -> str | None:
    """The country the person, or their clinic, chose; None when Waypoint can only guess."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.region:
        return str(user.region)
    regions = known_regions()
    for provider in _region_defaults:
        region = provider(request)
        if region in regions:
            return region
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_REGION_KEY) if session is not None else None
    return str(chosen) if chosen in regions else None


def region_for_request(request: HttpRequest) -> str:
    chosen = _chosen_region(request)
    if chosen:
        return chosen
    # An operator who set the server's country knows where its people are; a browser's language
    # is only a guess (a phone in the UK set to US English would have shown "Call 911").
    if settings.DEFAULT_CRISIS_REGION_CHOSEN:
        return str(settings.DEFAULT_CRISIS_REGION)
    return _guess_region_from_browser(request) or settings.DEFAULT_CRISIS_REGION


def region_is_a_guess(request: HttpRequest) -> bool:
    """True until the person (or their clinic) says where they are: the strip then offers the
    international directory beside the guessed country's lines."""
    try:
        return _chosen_region(request) is None
    except Exception:
        return True


def browser_country_without_lines(request: HttpRequest) -> str | None:
    """The country a visitor's browser names when Waypoint has no lines for it ("ja-JP": JP), so the
    page can say so before the default country's numbers. None whenever Waypoint knows better: a
    chosen country, the operator's country, or a browser country that has lines."""
    try:
        if _chosen_region(request) is not None or settings.DEFAULT_CRISIS_REGION_CHOSEN:
            return None
        if _guess_region_from_browser(request) is not None:
            return None
        header: str = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        for part in header.split(","):
            pieces = part.split(";")[0].strip().replace("_", "-").split("-")
            # "es-419" names a continent, not a country: only two letters name one.
            if len(pieces) >= 2 and len(pieces[-1]) == 2 and pieces[-1].isalpha():
                return pieces[-1].upper()
    except Exception:
        logger.exception("Could not read the browser's country.")
    return None


def strip_for_request(request: HttpRequest) -> RegionResources:
    """What the strip shows on this page. Never raises: a broken page still shows a number to call."""
    try:
        region = region_for_request(request)
    except Exception:
        logger.exception("Could not tell the region for the crisis strip; using the default.")
        region = settings.DEFAULT_CRISIS_REGION
    try:
        return region_resources(region)
    except Exception:
        logger.exception("Could not read crisis resources; showing the shipped emergency number.")
        return fallback_resources(region)


def language_name(code: str) -> str:
    """A language code from the data ("en", "pt-br") as its name in the page's language; anything
    else (a clinic may type "English" or "BSL" in the admin) is shown as it was written."""
    code = code.strip()
    try:
        return str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return code


def ages_text(age_min: int | None, age_max: int | None) -> str:
    """For example "For people aged 5 to 25", translated; empty without an age limit. Crisis lines
    and peer-support groups say it the same way."""
    if age_min is not None and age_max is not None:
        return gettext("For people aged %(youngest)s to %(oldest)s") % {
            "youngest": age_min,
            "oldest": age_max,
        }
    if age_max is not None:
        return gettext("For people aged %(oldest)s and under") % {"oldest": age_max}
    if age_min is not None:
        return gettext("For people aged %(youngest)s and over") % {"youngest": age_min}
    return ""

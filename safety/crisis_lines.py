"""A crisis line as a page shows it: its contacts, and a region's lines sorted for the strip and the help page.

Plain frozen values, built by safety/crisis_selectors.py from the database or the shipped file, so a
process can keep them and a page can read them without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, gettext

from accounts.regions import in_region, region_name
from config.ltr import ltr
from safety.models import CrisisResource, ResourceContact

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
    def label_html(self) -> SafeString:
        """What a link says, in the current language ("Call 116 123", "Text SHOUT to 85258"), its
        number kept left to right (config.ltr), in order on a right-to-left page."""
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
    # Whose line it is (ISO 3166 alpha-2): pages name it when the lines may not be the person's.
    country: str = ""

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

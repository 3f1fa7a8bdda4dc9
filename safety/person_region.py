"""Which country's crisis lines a request gets, worked out once per request.

The strip, "Get help now" and "If you have hurt yourself" all read the same answer, so they cannot
disagree about where the person is: the country the person chose (in their settings, or as a
visitor on the help page), their clinic's country, the operator's, or a guess from the browser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.conf import settings
from django.http import HttpRequest

from accounts.regions import REGIONS
from safety.language_countries import SPOKEN_MAINLY_IN
from safety.shipped import shipped_regions

logger = logging.getLogger(__name__)

SESSION_REGION_KEY = "safety_region"
_REQUEST_ATTR = "_waypoint_region"


class RegionFrom(StrEnum):
    CHOSEN = "chosen"  # by the person, or by their clinic
    OPERATOR = "operator"  # DEFAULT_CRISIS_REGION, set for the whole server
    GUESSED = "guessed"  # from the browser's language, or the default when it names none


@dataclass(frozen=True)
class RequestRegion:
    region: str
    source: RegionFrom
    # The country the browser names when Waypoint has no lines for it ("ja-JP", or "ja" alone: JP),
    # so the pages say so before the default country's numbers. Empty whenever Waypoint knows better.
    no_lines_for: str = ""
    # The browser's first country is this one ("en-GB" and GB), so its lines are the person's own.
    browser_agrees: bool = False

    @property
    def is_guess(self) -> bool:
        """True until the person (or their clinic) says where they are: the strip then offers the
        international directory beside the lines. An operator's country counts: a visitor may be elsewhere."""
        return self.source != RegionFrom.CHOSEN

    @property
    def may_be_elsewhere(self) -> bool:
        """True when the lines shown are neither the country the person chose nor the one their
        browser names: pages then say whose they are ("United States: 988"), so nobody in Japan
        reads 988 as their own number."""
        return self.is_guess and not self.browser_agrees


@cache
def known_regions() -> frozenset[str]:
    # Both lists ship with the code, so one set per process: every signed-in page asked for it
    # up to three times, building a set of ~250 countries each time.
    return frozenset(REGIONS) | shipped_regions()


# A higher app (a clinic) may say which country its people are in. The hook keeps safety from
# importing the clinic app; the person's own choice always wins over it.
RegionDefault = Callable[[HttpRequest], str]
_region_defaults: list[RegionDefault] = []


def region_default_register(provider: RegionDefault) -> None:
    if provider not in _region_defaults:
        _region_defaults.append(provider)


def request_region(request: HttpRequest) -> RequestRegion:
    """The region for this request. Never raises: a broken page still shows the default's number."""
    found: RequestRegion | None = getattr(request, _REQUEST_ATTR, None)
    if found is None:
        try:
            found = _resolve(request)
        except Exception:
            logger.exception("Could not tell the region for the crisis lines; using the default.")
            found = RequestRegion(region=settings.DEFAULT_CRISIS_REGION, source=RegionFrom.GUESSED)
        setattr(request, _REQUEST_ATTR, found)
    return found


def region_for_request(request: HttpRequest) -> str:
    return request_region(request).region


def visitor_region_set(request: HttpRequest, region: str) -> None:
    """A visitor's choice on the help page sets the strip on that page and the pages that follow."""
    request.session[SESSION_REGION_KEY] = region
    if hasattr(request, _REQUEST_ATTR):
        delattr(request, _REQUEST_ATTR)


def _resolve(request: HttpRequest) -> RequestRegion:
    chosen = _chosen_region(request)
    if chosen:
        return RequestRegion(region=chosen, source=RegionFrom.CHOSEN)
    country = _browser_country(request)
    # An operator who set the server's country knows where its people are; a browser's language
    # is only a guess (a phone in the UK set to US English would have shown "Call 911").
    if settings.DEFAULT_CRISIS_REGION_CHOSEN:
        region = str(settings.DEFAULT_CRISIS_REGION)
        return RequestRegion(region=region, source=RegionFrom.OPERATOR, browser_agrees=country == region)
    # Only a guess: "en-GB" suggests GB. The person's own choice always wins.
    if country in known_regions():
        return RequestRegion(region=country, source=RegionFrom.GUESSED, browser_agrees=True)
    if not country:
        country = _country_of_language(request)
    return RequestRegion(region=settings.DEFAULT_CRISIS_REGION, source=RegionFrom.GUESSED, no_lines_for=country)


def _chosen_region(request: HttpRequest) -> str | None:
    """The country the person, or their clinic, chose; None when Waypoint can only guess."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.region:
        return str(user.region)
    regions = known_regions()
    # A visitor's choice on the help page is their own, so it wins over their clinic's country:
    # otherwise the strip beside that page's numbers would give another country's.
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_REGION_KEY) if session is not None else None
    if chosen in regions:
        return str(chosen)
    for provider in _region_defaults:
        region = provider(request)
        if region in regions:
            return region
    return None


def _browser_country(request: HttpRequest) -> str:
    """The country the browser's first choice of language names, or "" when it names none clearly.

    The first tag, in the browser's order of preference, that names a place decides: "ja-JP, en-US"
    is Japan (phones there often list English second; the US's 988 would reach nobody), while
    "en, en-US" and "en-US, ja-JP" are the United States. A place in another language than the first
    choice is no clear sign of where the person is ("ja, en-US"), and neither is a continent
    ("es-419, en-US"): the pages then offer the directory beside the default's lines, and say there
    are no lines for a country its first language is mainly spoken in (_country_of_language).
    """
    tags = _preferred_tags(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    if not tags:
        return ""
    first_language = tags[0].split("-")[0]
    for tag in tags:
        named, country = _tag_place(tag)
        if named:
            return country if tag.split("-")[0] == first_language else ""
    return ""


def _country_of_language(request: HttpRequest) -> str:
    """The country without lines here where the browser's first language is mainly spoken ("ja": JP),
    or "". Only ever to say there are no lines there: a language alone never picks a country's
    numbers, so one that has lines here is no answer ("" then, and the default's lines are named)."""
    tags = _preferred_tags(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    country = SPOKEN_MAINLY_IN.get(tags[0].split("-")[0], "") if tags else ""
    return "" if country in known_regions() else country


def _preferred_tags(header: str) -> list[str]:
    """Accept-Language's tags, lower case, most wanted first (by q, then by the header's order)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, *params = part.split(";")
        tag = tag.strip().replace("_", "-").lower()
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0:
            weighted.append((-weight, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def _tag_place(tag: str) -> tuple[bool, str]:
    """(whether the tag names a place, the country it names): "zh-hant-tw" (True, "TW"), "es-419"
    (True, ""): a continent, not a country; "en" (False, "")."""
    for piece in tag.split("-")[1:]:
        if len(piece) == 1:
            break  # an extension ("de-u-co-phonebk"): nothing after it is a place
        if len(piece) == 2 and piece.isalpha():
            return True, piece.upper()
        if len(piece) == 3 and piece.isdigit():
            return True, ""
    return False, ""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

# The countries Waypoint ships crisis resources for (see safety/). Names are translated.
REGIONS: dict[str, StrOrPromise] = {
    "AU": _("Australia"),
    "BR": _("Brazil"),
    "CA": _("Canada"),
    "FR": _("France"),
    "DE": _("Germany"),
    "IN": _("India"),
    "IE": _("Ireland"),
    "NL": _("Netherlands"),
    "NZ": _("New Zealand"),
    "ZA": _("South Africa"),
    "ES": _("Spain"),
    "GB": _("United Kingdom"),
    "US": _("United States"),
}


def region_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(name)) for code, name in REGIONS.items()), key=lambda c: c[1])

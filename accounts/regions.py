from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from config.site_name import site_named_for_params

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


# Each country as it sits in a sentence: "in the Netherlands", "in France". A whole phrase each,
# not "in" + a name: English needs "the" for some, and other languages join the preposition and
# the article to the name ("aux Pays-Bas", "in den Niederlanden"), so a translator needs all of it.
IN_REGIONS: dict[str, StrOrPromise] = {
    "AU": pgettext_lazy("where a person is", "in Australia"),
    "BR": pgettext_lazy("where a person is", "in Brazil"),
    "CA": pgettext_lazy("where a person is", "in Canada"),
    "FR": pgettext_lazy("where a person is", "in France"),
    "DE": pgettext_lazy("where a person is", "in Germany"),
    "IN": pgettext_lazy("where a person is", "in India"),
    "IE": pgettext_lazy("where a person is", "in Ireland"),
    "NL": pgettext_lazy("where a person is", "in the Netherlands"),
    "NZ": pgettext_lazy("where a person is", "in New Zealand"),
    "ZA": pgettext_lazy("where a person is", "in South Africa"),
    "ES": pgettext_lazy("where a person is", "in Spain"),
    "GB": pgettext_lazy("where a person is", "in the United Kingdom"),
    "US": pgettext_lazy("where a person is", "in the United States"),
}


def region_name(code: str) -> str:
    """The country's name on its own, as in a list to choose from."""
    return str(REGIONS.get(code, code))


def in_region(code: str) -> str:
    """Where the person is, ready for a sentence: "in the United Kingdom"."""
    phrase = IN_REGIONS.get(code)
    if phrase is not None:
        return str(phrase)
    # A country Waypoint has no phrase for (a clinic's or newly shipped code): its name after "in".
    return pgettext("where a person is, a country without its own phrase", "in %(country)s") % {
        "country": region_name(code)
    }


# A country the list does not have (an old or edited address, a form left open across an update):
# Waypoint's words wherever a country is picked, never Django's "Select a valid choice. XX is not
# one of the available choices."
NOT_LISTED = site_named_for_params(
    _("%(site)s has nothing listed for that country yet. You could choose one from the list.")
)


def region_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(name)) for code, name in REGIONS.items()), key=lambda c: c[1])

"""`{% line_name line %}` and `{% lines_heading resources %}`: whose crisis lines a page shows.

One rule for every page that shows a line, so none of them can forget it: when the lines may not
be the person's own country's (`crisis_lines_elsewhere`, from safety/person_region.py), they say
whose they are, "988 Suicide & Crisis Lifeline (United States)", so someone in Japan does not read
988 as their number. A page read later, perhaps somewhere else (the printed plan, the downloaded
file, the offline copy), sets `crisis_lines_elsewhere` to True for its lines. A list under a heading
that already names the country ("Emergency number in the United States") sets `country_in_heading`,
so the country is not said twice.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from accounts.regions import region_name
from safety.crisis_lines import RegionResources, ResourceView
from safety.plan_sections import Section

register = template.Library()


def lines_named(context: Any) -> bool:
    """Whether the lines in this part of the page say whose they are."""
    return bool(context.get("crisis_lines_elsewhere")) and not context.get("country_in_heading")


@register.simple_tag(takes_context=True)
def line_name(context: Any, line: ResourceView) -> str:
    """The line's name, with its country when the page names it: "Samaritans (United Kingdom)"."""
    if not line.country or not lines_named(context):
        return line.name
    return gettext("%(name)s (%(country)s)") % {"name": line.name, "country": region_name(line.country)}


@register.simple_tag(takes_context=True)
def lines_heading(context: Any, resources: RegionResources) -> str:
    """A heading over a list of lines: "Crisis lines in the United States", or "where you are" only when they are."""
    if lines_named(context):
        return gettext("Crisis lines %(in_place)s") % {"in_place": resources.in_region}
    return gettext("Crisis lines where you are")


@register.simple_tag(takes_context=True)
def step_hint(context: Any, section: Section, resources: RegionResources) -> str:
    """A plan step's hint; the step that lists crisis lines says "in the United States", not "where
    you are", when they may be another country's."""
    if section.hint_lines_elsewhere and lines_named(context):
        return str(section.hint_lines_elsewhere) % {"in_place": resources.in_region}
    return str(section.hint)


@register.simple_tag(takes_context=True)
def emergency_where(context: Any, resources: RegionResources) -> str:
    """Said before "Call 911" buttons when the number may not be the person's; empty otherwise."""
    if lines_named(context):
        return gettext("The emergency number %(in_place)s:") % {"in_place": resources.in_region}
    return ""

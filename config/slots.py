"""Named places in a page that apps above fill, so no template names a template of an app above it.

A template marks the place, with any values the filler needs:

    {% load slots %}
    {% slot "journal.entry" item=view.entry %}

and each app with something to show there registers it in its AppConfig.ready, either a template
(rendered exactly as an {% include %} at that place would be, with the slot's values added) or a
function (context, **values) -> HTML:

    slot_register("journal.entry", "care/_share_button.html", kind="entry")
    slot_register("base.main_top", gentle_check_panel)

Fillers render in the order they were registered; a slot nobody fills renders nothing. A reader
finds what fills a slot by searching for its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.template.context import Context
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# (the template context, the slot's values) -> HTML; plain text is escaped.
SlotFunction = Callable[..., str]


@dataclass(frozen=True)
class _Filler:
    render: str | SlotFunction
    values: dict[str, Any] = field(default_factory=dict)


_slots: dict[str, list[_Filler]] = {}


def slot_register(name: str, filler: str | SlotFunction, **values: Any) -> None:
    """Fill the slot `name` with a template name or a function, plus values of the filler's own."""
    fillers = _slots.setdefault(name, [])
    entry = _Filler(filler, values)
    if entry not in fillers:  # ready() can run twice in tests; a filler shows once
        fillers.append(entry)


def slot_unregister(name: str, filler: str | SlotFunction) -> None:
    _slots[name] = [entry for entry in _slots.get(name, []) if entry.render != filler]


def render_included(context: Context, template_name: str, **values: Any) -> SafeString:
    """What {% include %} does: the template, in the same context with the values pushed on top."""
    if context.template is None:
        raise template.TemplateSyntaxError("A slot renders only inside a template.")
    included = context.template.engine.get_template(template_name)
    with context.push(**values):
        return included.render(context)


def _render(entry: _Filler, context: Context, values: dict[str, Any]) -> SafeString:
    values = {**entry.values, **values}
    if callable(entry.render):
        return conditional_escape(entry.render(context, **values))
    return render_included(context, entry.render, **values)


@register.simple_tag(takes_context=True)
def slot(context: Context, name: str, **values: Any) -> SafeString:
    # Each part is escaped unless it is HTML already (a rendered template, or marked safe).
    return format_html_join("", "{}", ((_render(entry, context, values),) for entry in _slots.get(name, [])))

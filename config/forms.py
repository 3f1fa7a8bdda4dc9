from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# A one-line box for a person's own words. dir="auto": they write in any script. autocomplete="off":
# Chromium otherwise keeps what was typed in a box, keyed by the box's name, and offers it back in
# any site's box of that name (a "q" search box, a "name" field) to whoever uses the browser next.
# Widgets copy their attrs, so sharing this dict is safe.
OWN_WORDS = {"dir": "auto", "autocomplete": "off"}


class DescribedForm(forms.Form):
    """Help and errors are read out with their field: aria-describedby points at both.

    The ids match templates/_field.html (`<auto_id>_helptext`, `<auto_id>_error`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # The field's own id, so a form given its own auto_id (two on one page) points at its own help.
            auto_id = self[name].auto_id
            described = [f"{auto_id}_helptext"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class DayField(forms.DateField):
    """A day chosen in the browser's date box: the journal's day, a small victory's, the safety
    plan's review date. A browser without a date picker lets any text through, and Django's own
    "Enter a valid date." is not how Waypoint speaks, so every such box says this, in one place."""

    default_error_messages = {
        "invalid": _("That date doesn't exist on the calendar. Could you check the day and month?"),
    }

    def __init__(self, **kwargs: Any) -> None:
        # The date box reads and writes year-month-day whatever the language of the page.
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


def characters(limit: int) -> str:
    """A length limit as people read it, in the page's language: "20,000", not "20000" (the journal
    said "100,000" while a reflection said "20000")."""
    return str(number_format(limit, force_grouping=True))


# For messages made when a module loads: the number is written in the language of the page that shows it.
characters_lazy = lazy(characters, str)

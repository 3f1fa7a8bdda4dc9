from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

if TYPE_CHECKING:  # a development-only package: its alias is for the type checker
    from django_stubs_ext import StrOrPromise

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


def _attributes(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{conditional_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class InlineSelect(forms.Select):
    """Django's <select>, the same HTML to the byte as its templates write (select.html, one
    select_option.html and attrs.html per option), written out in Python. The templates cost one
    include per option and one more for its attributes: on Settings, the cheapest signed-in page
    (issue #16's bench), the country list alone was a fifth of the page's time. Options, the one
    selected, ids and aria attributes all come from Django's own get_context."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


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


# What a box over its limit says unless its field has words of its own. Keyed on "limit_value"
# (the number), so each language picks its plural form; "limit" is the number as people write it.
TOO_LONG = ngettext_lazy(
    "This holds up to %(limit)s character, so it isn't saved yet. "
    "Everything you wrote is still here. You could shorten it a little.",
    "This holds up to %(limit)s characters, so it isn't saved yet. "
    "Everything you wrote is still here. You could shorten it a little.",
    "limit_value",
)


def too_long_params(limit: int, length: int | None = None) -> dict[str, Any]:
    """What a too-long message can say: the numbers for its plural ("limit_value", Django's own name,
    and "show_value", the length typed) and as people read them ("limit", "length", "over")."""
    params: dict[str, Any] = {"limit_value": limit, "limit": characters(limit)}
    if length is not None:
        params |= {"show_value": length, "length": characters(length), "over": characters(length - limit)}
    return params


class TooLong(MaxLengthValidator):
    """A length limit said kindly and the same way in every box: "5,000", not "5000", and the plural
    the page's language has for the number. The message is an ngettext_lazy pair keyed on
    "limit_value" (or on "show_value" when it counts what was typed), using too_long_params' names."""

    def __init__(self, limit: int, message: StrOrPromise = TOO_LONG, code: str = "max_length") -> None:
        super().__init__(limit, message)
        self.code = code

    def __call__(self, value: Any) -> None:
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(self.message, code=self.code, params=too_long_params(self.limit_value, length))


class WordsField(forms.CharField):
    """A box for someone's own words that holds up to `limit` characters. Over it, the form says so
    with `too_long` (or TOO_LONG) and what was typed goes back in the box, every word of it.

    No maxlength in the page: a browser cuts a longer paste short without a word, so the limit is
    checked here alone. A box that should stop at its limit as it is typed says so in its widget."""

    def __init__(self, *, limit: int, too_long: StrOrPromise = TOO_LONG, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Set once the widget is made, so the page gets no maxlength; read where the same limit is
        # needed elsewhere (an import holds to the form's own).
        self.max_length = limit
        self.validators.append(TooLong(limit, too_long))

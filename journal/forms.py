from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from config.forms import OWN_WORDS, DayField, DescribedForm, TooLong, WordsField
from config.site_name import site_named
from journal.models import Entry
from journal.services import MAX_BODY_CHARS, MAX_TAG_CHARS, MAX_TAGS, MAX_TITLE_CHARS, EntryContent

# The choice a feeling and an urge start on; the urge's hint names it, from this one translation.
NOT_NOTED = _("Not noted")

EARLIEST_DATE = date(1900, 1, 1)


def latest_date() -> date:
    """The last day an entry can be about: tomorrow, for someone writing just after midnight elsewhere."""
    return timezone.localdate() + timedelta(days=1)


def written_on_allowed(day: date) -> bool:
    """The days an entry can be about: the editor and import both hold to this (the calendar shows them)."""
    return EARLIEST_DATE <= day <= latest_date()


# The hidden fields only go wrong when the page itself was changed; the text is still worth keeping.
_DAMAGED_PAGE = _("This page was changed, so it can't be saved as it is. You could copy your text into a new entry.")
_DAMAGED = {"invalid": _DAMAGED_PAGE, "required": _DAMAGED_PAGE, "min_value": _DAMAGED_PAGE}

# Keyed on the number ("limit_value"), so each language picks its plural form (see config.forms.TooLong).
TOO_LONG_MESSAGE = ngettext_lazy(
    "This entry is longer than one entry can hold (up to %(limit)s character), so it isn't saved yet. "
    "Everything you wrote is still here. You could move part of it into a new entry.",
    "This entry is longer than one entry can hold (up to %(limit)s characters), so it isn't saved yet. "
    "Everything you wrote is still here. You could move part of it into a new entry.",
    "limit_value",
)
# Keyed on the length typed ("show_value"): it is the number the word "characters" follows.
_BODY_TOO_LONG = ngettext_lazy(
    "This entry is %(length)s character; one entry holds up to %(limit)s. Everything you wrote "
    "is still here. You could move part of it into a new entry.",
    "This entry is %(length)s characters; one entry holds up to %(limit)s. Everything you wrote "
    "is still here. You could move part of it into a new entry.",
    "show_value",
)
_TITLE_TOO_LONG = ngettext_lazy(
    "Titles can be up to %(limit)s character, and this one is %(over)s over. Could you shorten it a little?",
    "Titles can be up to %(limit)s characters, and this one is %(over)s over. Could you shorten it a little?",
    "limit_value",
)


# An over-long title alone does not stop a save: the rest is kept under the title the entry had,
# and the long one stays in its box with this message (a paste is never cut short silently).
TITLE_TOO_LONG = "title_too_long"


class EntryForm(DescribedForm):
    """The editor. No maxlength attributes: a browser would cut pasted text without a word."""

    entry_id = forms.UUIDField(widget=forms.HiddenInput, error_messages=_DAMAGED)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages=_DAMAGED)
    # This editor page's own id, chosen as it is drawn: words it keeps beside a newer version
    # (journal/kept_words.py) are kept once per page. Not required: a page drawn before it existed
    # still saves. Never restored by the browser (autocomplete="off"): a tab duplicated with the
    # same id would be taken for this page, and a save from one over the other's newer words would
    # be taken for the page's own (journal/editor_views.py) and land without a word.
    page = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"autocomplete": "off"}))
    title = forms.CharField(label=_("Title"), required=False, strip=False, widget=forms.TextInput(attrs=OWN_WORDS))
    body = WordsField(
        label=_("What's on your mind"),
        required=False,
        strip=False,
        limit=MAX_BODY_CHARS,
        too_long=_BODY_TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true", "dir": "auto"}),
    )
    written_on = DayField(
        label=_("Written on"),
        help_text=_("You can change it to write about another day."),
        error_messages={"required": _("Which day is this entry about? Could you pick one?")},
    )
    mood = forms.TypedChoiceField(
        label=_("How are you feeling?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", NOT_NOTED), *Entry.Mood.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("That feeling isn't one of the choices. Could you pick one again?")},
    )
    urge = forms.TypedChoiceField(
        label=_("Any urges? How strong, from 0 to 10"),
        help_text=format_lazy(
            _("0 means none, 10 the strongest. Leave it on “{choice}” if you'd rather not note it."), choice=NOT_NOTED
        ),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", NOT_NOTED), *((n, str(n)) for n in range(11))],
        error_messages={"invalid_choice": _("Urges go from 0 to 10. Could you pick one of those?")},
    )
    # Never asked for and never assumed: a day is marked only when the person ticks this.
    setback = forms.BooleanField(
        label=_("Note a setback on this day"),
        help_text=_(
            "Only if you want to, for a day with self-harm. Your look back shows it quietly, as part of your path. "
            "It takes nothing away."
        ),
        required=False,
    )
    tags = forms.CharField(
        label=_("Tags"),
        help_text=_("Separate them with commas, for example: sleep, friends."),
        required=False,
        widget=forms.TextInput(attrs=OWN_WORDS),
    )
    kind = forms.ChoiceField(
        label=_("Kind of entry"),
        choices=Entry.Kind.choices,
        initial=Entry.Kind.FREE,
        error_messages={
            "invalid_choice": _("Could you choose a kind of entry from the list?"),
            "required": _("Could you choose a kind of entry from the list?"),
        },
    )

    def clean_title(self) -> str:
        # Measured without the spaces around it (the box keeps them: strip=False), so not a WordsField.
        title: str = self.cleaned_data["title"].strip()
        TooLong(MAX_TITLE_CHARS, _TITLE_TOO_LONG, code=TITLE_TOO_LONG)(title)
        return title

    def clean_written_on(self) -> date:
        written_on: date = self.cleaned_data["written_on"]
        if not written_on_allowed(written_on):
            raise forms.ValidationError(
                _("Entries can be about any day from 1900 up to today. Could you pick a day in that range?")
            )
        return written_on

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        if len(names) > MAX_TAGS or any(len(name) > MAX_TAG_CHARS for name in names):
            raise forms.ValidationError(
                ngettext_lazy(
                    "Up to %(count)s tag of up to %(chars)s characters fits here.",
                    "Up to %(count)s tags of up to %(chars)s characters each fit here.",
                    "count",
                ),
                params={"count": MAX_TAGS, "chars": MAX_TAG_CHARS},
            )
        return names

    def error_summary(self) -> list[tuple[str, str, str]]:
        """Every problem as (field label, id to jump to, message), so nothing is rejected without
        saying where. Hidden fields have no place on the page: their message stands alone."""
        summary: list[tuple[str, str, str]] = []
        for name, errors in self.errors.items():
            label, anchor = "", ""
            if name in self.fields and not self[name].is_hidden:
                bound = self[name]
                # A group of radio buttons has no one id; the first choice is where to jump.
                label, anchor = str(bound.label), bound.id_for_label or bound.subwidgets[0].id_for_label
            summary.extend((label, anchor, str(error)) for error in errors)
        return summary

    def only_the_title_too_long(self) -> bool:
        """The one problem is a title past its limit: everything else can still be kept."""
        problems = self.errors.as_data()
        return list(problems) == ["title"] and all(error.code == TITLE_TOO_LONG for error in problems["title"])

    def content(self, *, title: str | None = None) -> EntryContent:
        """What is saved; `title` stands in for one too long to keep."""
        return EntryContent.from_fields(
            {**self.cleaned_data, "title": self.title_to_keep() if title is None else title}
        )

    def title_to_keep(self) -> str:
        # Missing from cleaned_data when it was too long to keep.
        return str(self.cleaned_data.get("title", ""))

    def is_empty(self) -> bool:
        return not (self.title_to_keep() or self.cleaned_data["body"].strip())


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to look for"),
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs=OWN_WORDS),
        error_messages={"required": _("There's nothing to look for yet. You could type a word or two.")},
    )
    # How many pages of results to show ("Show more" asks for one more). A hidden field nobody
    # types in: anything odd means the first page rather than an error the person can't see.
    pages = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_pages(self) -> int:
        value = (self.cleaned_data.get("pages") or "")[:6]
        return int(value) if value.isascii() and value.isdigit() and 1 <= int(value) <= 500 else 1


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=site_named(_("Your %(site)s export")),
        help_text=site_named(_("The .zip file (or the .json inside it) that %(site)s gave you.")),
        error_messages={
            "required": site_named(_("Choose the file first: the .zip (or .json) that %(site)s gave you.")),
            "empty": _("That file is empty, so there is nothing to bring back. The download may not have finished."),
            "invalid": _("That didn't arrive as a file. Could you choose it again?"),
        },
    )


# The browser's date box catches these first; a link typed or edited by hand still gets our words.
_PRINT_DAY_ERRORS = {
    "required": _("Which day? You could pick one."),
    "invalid": _("That isn't a day we can read. You could pick one, like 2026-03-14."),
}


class PrintRangeForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=_PRINT_DAY_ERRORS
    )
    end = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=_PRINT_DAY_ERRORS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The first day comes after the last one. Could you swap them?"))
        return data


class TagRenameForm(forms.Form):
    name = WordsField(
        label=_("New name"),
        limit=MAX_TAG_CHARS,
        too_long=ngettext_lazy(
            "A tag's name holds up to %(limit)s character. You could shorten it a little.",
            "A tag's name holds up to %(limit)s characters. You could shorten it a little.",
            "limit_value",
        ),
        widget=forms.TextInput(attrs=OWN_WORDS),
        error_messages={"required": _("A tag needs a name. You could type the one you'd like.")},
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        # Commas separate tags in the editor's box: a name with one would come back as two tags.
        if "," in name:
            raise forms.ValidationError(_("A tag's name can't hold a comma, since commas separate tags."))
        return name

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from config.forms import OWN_WORDS, DayField, DescribedForm, WordsField
from journal.forms import EARLIEST_DATE, latest_date
from progress.models import VictoryKind
from progress.services import NOTE_CHARS

_NOTE_TOO_LONG = ngettext_lazy(
    "A note here holds up to %(limit)s character. Your words are still here; you could shorten them.",
    "A note here holds up to %(limit)s characters. Your words are still here; you could shorten them.",
    "limit_value",
)


class VictoryNoteForm(DescribedForm):
    note = WordsField(
        label=_("A few words about it"),
        help_text=_("Only if you like. It stays private unless you share it."),
        required=False,
        limit=NOTE_CHARS,
        too_long=_NOTE_TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 3, **OWN_WORDS}),
    )


class VictoryAddForm(VictoryNoteForm):
    kind = forms.ChoiceField(
        label=_("What was it?"),
        choices=VictoryKind.choices,
        initial=VictoryKind.OTHER,
        error_messages={
            "invalid_choice": _("Could you choose one from the list?"),
            "required": _("Could you choose one from the list?"),
        },
    )
    about_on = DayField(
        label=_("Which day"),
        error_messages={"required": _("Could you choose the day it happened?")},
    )

    field_order = ["kind", "about_on", "note"]

    def clean_about_on(self) -> date:
        about_on: date = self.cleaned_data["about_on"]
        # The journal's own days (journal/forms.py): up to tomorrow, for someone just past midnight
        # ahead of the server's time zone, so a victory can be about any day an entry can.
        if not EARLIEST_DATE <= about_on <= latest_date():
            raise forms.ValidationError(
                _("It can be any day from 1900 up to today. Could you pick a day in that range?")
            )
        return about_on

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.invites import code_letters_only
from care.models import Link
from care.selectors import is_for_a_moment, sequence_title
from config.forms import OWN_WORDS, WordsField
from prompts.models import Sequence

NOTE_MAX = 1000
SUGGESTION_MAX = 5000
# More letters than any code has: what is typed is not a code (services.code_clean keeps no more).
_CODE_LETTERS_MAX = 16

_CHECK_THE_CODE = _("A code is eight letters and numbers. Could you check it and try again?")
# Keyed on the number ("limit_value"), so each language picks its plural form (see config.forms.TooLong).
_NOTE_TOO_LONG = ngettext_lazy(
    "A note here holds up to %(limit)s character. Your words are still here; you could shorten them.",
    "A note here holds up to %(limit)s characters. Your words are still here; you could shorten them.",
    "limit_value",
)
_SUGGESTION_TOO_LONG = ngettext_lazy(
    "A suggestion holds up to %(limit)s character. Your words are still here; you could shorten them.",
    "A suggestion holds up to %(limit)s characters. Your words are still here; you could shorten them.",
    "limit_value",
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your therapist"),
        help_text=_("Eight letters and numbers. Spaces don't matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Type the code your therapist gave you.")},
    )

    def clean_code(self) -> str:
        # Only its letters and digits count; with none left, or far too many, there is no code to look up.
        code = code_letters_only(self.cleaned_data["code"])
        if not code or len(code) > _CODE_LETTERS_MAX:
            raise forms.ValidationError(_CHECK_THE_CODE)
        return code


class ShareForm(forms.Form):
    link = forms.ChoiceField(
        label=_("Share with"),
        error_messages={
            "invalid_choice": _("Pick someone you are linked with."),
            "required": _("Choose who to share it with. Nothing has been shared."),
        },
    )

    def __init__(self, *args: Any, links: list[Link], ended: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The open links the page has read already, oldest first: listing and checking them asks
        # the database nothing more (a model choice read them again, twice, to draw the list).
        self._links = {str(link.pk): link for link in links}
        # The person's links that have ended, by id, with the name of whom each was with.
        self._ended = ended or {}
        field: Any = self.fields["link"]
        choices = [(key, getattr(link, "therapist_name", "")) for key, link in self._links.items()]
        # With two therapists or more, nobody is chosen for the person: the first in the list was,
        # and a quick "Share" sent a reflection one therapist suggested to the other.
        blank = [("", _("Choose who"))] if len(choices) > 1 else []
        field.choices = blank + choices

    def clean_link(self) -> Link:
        return self._links[self.cleaned_data["link"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = self._ended.get(str(self.data.get("link", "")))
        if name is not None and self.has_error("link", "invalid_choice"):
            # Chosen while the link was open, ended since (in another tab, or by the clinic): "Pick
            # someone you are linked with" stood above "Share with" and the one therapist left, and
            # a second tap would have shared it with someone they had not chosen.
            self.errors.pop("link")
            self.add_error(
                "link",
                format_html(gettext("Your link with <bdi>{}</bdi> has ended, so nothing was shared with them."), name),
            )
        return cleaned


# The form field's type argument exists only for the type checker: Django's class takes none at runtime.
if TYPE_CHECKING:
    _ModelChoiceField = forms.ModelChoiceField[Sequence]
else:
    _ModelChoiceField = forms.ModelChoiceField


class _SequenceChoice(_ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = sequence_title(obj)
        return f"{title} ({_('your clinic')})" if obj.clinic_key else title


class AssignForm(forms.Form):
    sequence = _SequenceChoice(
        queryset=Sequence.objects.none(),
        label=_("Reflection"),
        empty_label=None,
        error_messages={"invalid_choice": _("Pick one of the reflections in the list.")},
    )
    note = WordsField(
        label=_("A note for them"),
        limit=NOTE_MAX,
        too_long=_NOTE_TOO_LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **OWN_WORDS}),
        help_text=_("They see it beside the reflection on their home page."),
    )
    due_on = forms.DateField(
        label=_("If you like, a date to aim for"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Not for reflections meant for a hard moment, such as After a setback."),
        error_messages={"invalid": _("Use a date like 2026-12-01, or leave it empty.")},
    )

    def __init__(self, *args: Any, sequences: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sequence"].queryset = sequences  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()
        # Sent back by htmx with a mistake, focus starts on the first field to fix, which reads out
        # its label and message, as waypoint.js does for a whole page (focusFirstMistake).
        first = next((name for name in self.fields if name in self.errors), None)
        if first is not None:
            self.fields[first].widget.attrs["data-focus-after-swap"] = ""

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError(_("That date has passed. You could pick today or a later day."))
        return due_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sequence = cleaned.get("sequence")
        if sequence is not None and cleaned.get("due_on") is not None and is_for_a_moment(sequence):
            self.add_error(
                "due_on",
                _("This reflection is for a moment when it comes, so it has no date. You could leave the date empty."),
            )
        return cleaned


def _lines(text: str) -> list[str]:
    return text.strip().splitlines()


class SuggestionForm(forms.Form):
    body = WordsField(
        label=_("Your suggested words for this step"),
        limit=SUGGESTION_MAX,
        too_long=_SUGGESTION_TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 6, **OWN_WORDS}),
        help_text=_("They see your suggestion labelled as yours, and decide whether to take it."),
        error_messages={"required": _("Write the words you would suggest, or go back.")},
    )

    def __init__(self, *args: Any, shared_words: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The words the step had in the copy: the box starts with them.
        self.shared_words = shared_words

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        # Sent as it started, it reached the person as "new words" that were their own. Lines
        # compared, not line endings: a step saved through htmx holds "\n", and this plain form
        # sends the same words back with "\r\n".
        if _lines(body) == _lines(self.shared_words):
            raise forms.ValidationError(
                _("These are the words they already have. You could change them before sending, or go back.")
            )
        return body

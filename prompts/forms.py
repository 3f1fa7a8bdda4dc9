from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from config.forms import OWN_WORDS, WordsField
from prompts.checkin import FEELINGS, SITUATIONS
from prompts.definition_checks import parse_yaml
from prompts.definitions import DefinitionError, SequenceDefinition, Step

ANSWER_MAX = 20_000
# "keep" is no button: the page sends it as it goes away (prompts.js), so words typed and not
# yet sent are kept where they were, with the reflection left at the step it had reached.
ACTIONS = ("next", "skip", "back", "stop", "keep")


class StepForm(forms.Form):
    """One step's answer. Every answer is optional: an empty box is as welcome as a full one."""

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], required=False)
    position = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        if step.kind == "write":
            self.fields["answer"] = WordsField(
                required=False,
                limit=ANSWER_MAX,
                strip=True,
                widget=forms.Textarea(attrs=OWN_WORDS),
                too_long=ngettext_lazy(
                    "This is longer than one answer can hold (%(limit)s character). "
                    "You could keep the rest for your journal.",
                    "This is longer than one answer can hold (%(limit)s characters). "
                    "You could keep the rest for your journal.",
                    "limit_value",
                ),
            )
        elif step.kind == "scale":
            self.fields["answer"] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(n, str(n)) for n in range(1, step.points + 1)],
                error_messages={"invalid_choice": _("Pick a point on the line, or skip this one.")},
            )
        elif step.kind == "choice":
            choices = [(option, option) for option in step.options]
            message = {"invalid_choice": _("Pick from the options shown, or skip this one.")}
            if step.multiple:
                self.fields["answer"] = forms.MultipleChoiceField(
                    required=False, choices=choices, error_messages=message
                )
            else:
                self.fields["answer"] = forms.ChoiceField(required=False, choices=choices, error_messages=message)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # "Skip this one" leaves the answer out, so an answer that could not be kept (too long, an
        # option no longer offered) must not stop the person moving on.
        if cleaned.get("action") == "skip" and "answer" in self.errors:
            del self.errors["answer"]
            cleaned["answer"] = None
        return cleaned

    def answer(self) -> Any:
        return self.cleaned_data.get("answer")

    def chosen_action(self) -> str:
        return self.cleaned_data.get("action") or "next"


class CheckinForm(forms.Form):
    feelings = forms.MultipleChoiceField(
        label=_("A few words for how you feel"),
        choices=FEELINGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    situation = forms.ChoiceField(
        label=_("Is any of these true right now?"),
        choices=SITUATIONS,
        required=False,
        widget=forms.RadioSelect,
    )


class DailyWriteForm(forms.Form):
    body = WordsField(
        label=_("Your words"),
        limit=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 5, **OWN_WORDS}),
        error_messages={"required": _("There's nothing here yet. Write as much or as little as you like.")},
        too_long=ngettext_lazy(
            "This is longer than one note can hold (%(limit)s character).",
            "This is longer than one note can hold (%(limit)s characters).",
            "limit_value",
        ),
    )


class SequenceYamlForm(forms.Form):
    """For clinics: a sequence written as YAML, checked by the same rules as the shipped library."""

    definition = forms.CharField(
        label=_("Sequence (YAML)"),
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "spellcheck": "true"}),
        required=False,
        help_text=_("Same format as the files in prompts/library. Several sequences can be separated by ---."),
    )
    upload = forms.FileField(label=_("Or upload a .yaml file"), required=False)
    clinic_key = forms.CharField(
        label=_("Clinic"),
        max_length=64,
        required=False,
        help_text=_("Leave empty to add it to the shared library everybody sees."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("upload")
        text = cleaned.get("definition") or ""
        source = "the text box"
        if upload is not None:
            if upload.size > 200_000:
                raise forms.ValidationError(_("That file is larger than a sequence needs (200 KB at most)."))
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("That file isn't plain UTF-8 text.")) from error
            source = upload.name
        if not text.strip():
            raise forms.ValidationError(_("Paste a sequence or choose a file."))
        try:
            cleaned["definitions"] = parse_yaml(text, source=source)
        except DefinitionError as error:
            raise forms.ValidationError([forms.ValidationError(problem) for problem in error.problems]) from error
        except yaml.YAMLError as error:
            raise forms.ValidationError(_("That isn't valid YAML.")) from error
        return cleaned

    def definitions(self) -> list[SequenceDefinition]:
        result: list[SequenceDefinition] = self.cleaned_data["definitions"]
        return result

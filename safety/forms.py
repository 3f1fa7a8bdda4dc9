from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.regions import NOT_LISTED, region_choices
from accounts.sent_once import once_field
from config.forms import OWN_WORDS, DayField, DescribedForm, WordsField
from config.site_name import site_named
from safety.models import CopingItem

if TYPE_CHECKING:  # a development-only package: its alias is for the type checker
    from django_stubs_ext import StrOrPromise

_TEXT_MAX = 5000


class _FocusAfterSwap(DescribedForm):
    """Marks the field focus lands on once htmx swaps the form in (focusAfterSwap, static/js/waypoint.js):
    the first one to look at again, or else `focus_field`, so keyboards never drop to <body>."""

    focus_field = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with_errors = [name for name in self.fields if self.is_bound and name in self.errors]
        name = with_errors[0] if with_errors else self.focus_field
        if name:
            self.fields[name].widget.attrs["data-focus-after-swap"] = True


class PlanStepForm(_FocusAfterSwap):
    focus_field = "body"

    # Over the limit, both say config.forms.TOO_LONG: "This holds up to 5,000 characters, so it isn't saved yet…"
    body = WordsField(
        label=_("In your own words"),
        required=False,
        limit=_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, **OWN_WORDS}),
    )
    obstacles = WordsField(
        label=_("What might get in the way?"),
        help_text=_("And what could help with that."),
        required=False,
        limit=_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, **OWN_WORDS}),
    )

    def __init__(self, *args: Any, section: str, **kwargs: Any) -> None:
        # Each step's form has ids of its own: several steps can be open at once on the editing
        # page, and a shared id_body would label (and focus) the first step's box from every other.
        super().__init__(*args, auto_id=f"id_{section}_%s", **kwargs)


class PlanContactForm(_FocusAfterSwap):
    name = WordsField(
        label=_("Name"),
        limit=200,
        widget=forms.TextInput(attrs=OWN_WORDS),
        too_long=ngettext_lazy(
            "A name here holds up to %(limit)s character. Could you shorten it?",
            "A name here holds up to %(limit)s characters. Could you shorten it?",
            "limit_value",
        ),
    )
    phone = WordsField(
        label=_("Phone number"),
        limit=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
        too_long=ngettext_lazy(
            "A phone number here holds up to %(limit)s character. Could you shorten it?",
            "A phone number here holds up to %(limit)s characters. Could you shorten it?",
            "limit_value",
        ),
    )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not any(ch.isdigit() for ch in phone):
            raise forms.ValidationError(_("That doesn't look like a phone number yet. You could leave it empty."))
        return phone


class ReviewDateForm(DescribedForm):
    review_on = DayField(
        label=_("A date to look at it again"),
        help_text=_("Only if you'd like one. Nothing reminds you or expires."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sent by htmx, the section comes back whole and Save date goes with it: focus would fall
        # to the page, and the message about the date would go unheard (see focusAfterSwap).
        if self.is_bound and "review_on" in self.errors:
            self.fields["review_on"].widget.attrs["data-focus-after-swap"] = ""


def _idea_field(empty_message: StrOrPromise) -> forms.CharField:
    # Over the limit, the person's words stay in the box with the message (templates/safety/coping.html).
    return WordsField(
        label=_("Idea"),
        limit=300,
        widget=forms.TextInput(attrs=OWN_WORDS),
        error_messages={"required": empty_message},
        too_long=ngettext_lazy(
            "This is longer than one idea can hold (%(limit)s character). "
            "You could shorten it, or split it into two ideas.",
            "This is longer than one idea can hold (%(limit)s characters). "
            "You could shorten it, or split it into two ideas.",
            "limit_value",
        ),
    )


class CopingItemForm(DescribedForm):
    text = _idea_field(_("Type a few words, or hide this idea instead."))


class CopingAddForm(DescribedForm):
    group = forms.ChoiceField(choices=CopingItem.Group.choices, widget=forms.HiddenInput)
    text = _idea_field(_("Type a few words first, then add it."))


class SafetySettingsForm(DescribedForm):
    gentle_check = forms.BooleanField(
        label=_("Show a gentle check after I save"),
        help_text=site_named(
            _(
                "If something you save in your journal, today's prompt or a reflection sounds like you might be "
                "in danger right now, %(site)s shows your safety plan and crisis lines. Nothing is sent to anyone "
                "and nothing about it is kept."
            )
        ),
        required=False,
    )
    show_wave_count = forms.BooleanField(
        label=_("Show how many times I've ridden the wave"),
        help_text=_("A count on the timer's last page that only ever goes up. It stays hidden unless you turn it on."),
        required=False,
    )


class RegionPickForm(DescribedForm):
    # Reached from an old or edited address (?region=JP): the page answers in our words, never with
    # Django's "Select a valid choice. JP is not one of the available choices."
    region = forms.ChoiceField(
        label=_("Show help for"),
        choices=region_choices,
        error_messages={
            # The help page and the peer-support page both ask this: words that fit either.
            "required": _("Could you choose a country from the list?"),
            "invalid_choice": NOT_LISTED,
        },
    )


class WaveDoneForm(forms.Form):
    # A fresh random value in each Finish form (and again each time the JavaScript timer starts), so
    # a double tap on Finish counts the wave once. Not a count, and nothing the person wrote.
    once = once_field({"data-wave-once": True})
    note_in_journal = forms.BooleanField(label=_("Note it in my journal as something that helped"), required=False)
    # Sent by the step-by-step pages' Finish (without JavaScript), which had no timer.
    steps = forms.BooleanField(required=False)

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.sent_once import once_field
from config.forms import OWN_WORDS, WordsField
from config.site_name import site_named
from supporters.link_secrets import CODE_LENGTH, code_clean
from supporters.selectors import SupporterView
from supporters.services import LINK_DAYS, NAME_CHARS, REPLY_CHARS


class SupporterForm(forms.Form):
    name = WordsField(
        label=_("Their name"),
        limit=NAME_CHARS,
        too_long=ngettext_lazy(
            "A shorter name, please: up to %(limit)s character.",
            "A shorter name, please: up to %(limit)s characters.",
            "limit_value",
        ),
        help_text=_("However you think of them, for example “Mum” or “Sam”. Only you see it."),
        error_messages={"required": _("Add a name, so you know who this is.")},
        widget=forms.TextInput(attrs=OWN_WORDS),
    )
    email = forms.EmailField(
        label=_("Their email address"),
        required=False,
        # Not Django's 320: its "Ensure this value has at most…" would sit beside our own message.
        # An address that long is not an email address, and the message below says so kindly.
        max_length=None,
        help_text=site_named(
            _("Only if you want %(site)s to email them their link. Nothing you wrote is ever in the email.")
        ),
        error_messages={"invalid": _("That doesn't look like an email address. Could you check it?")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, taken: Iterable[str] = (), addresses: Iterable[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The names already in the person's list, as they read them (opened by the view).
        self.taken = {_same_name(name) for name in taken}
        # The addresses already there, with whose they are (address, name).
        self.addresses = {_same_address(address): name for address, name in addresses}

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        # The same inbox under two names gets two links: stopping sharing with one would leave the
        # other open, and the person would believe it had all stopped.
        owner = self.addresses.get(_same_address(email)) if email else None
        if owner is not None:
            raise forms.ValidationError(
                _(
                    "This address is already in your list, for “%(name)s”. "
                    "You could share with them there, so everything reaches one page."
                ),
                code="taken",
                params={"name": owner},
            )
        return email

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        # Two people called "Sam" read the same in every "Share with" list, so the person could
        # not tell which one a copy went to.
        if _same_name(name) in self.taken:
            raise forms.ValidationError(
                _(
                    "Someone called “%(name)s” is already in your list. A word more could tell them apart, "
                    "like “%(name)s from work”."
                ),
                code="taken",
                params={"name": name},
            )
        return name


def _days_label(days: int) -> str:
    return str(ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days})


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _same_address(address: str) -> str:
    # Mail services treat Sam@Example.com and sam@example.com as one inbox.
    return address.strip().casefold()


class LinkForm(forms.Form):
    # A fresh random value in each "Make a link" form, so the same form sent twice (a reload of the
    # page after it, a phone restoring the tab) is known and makes nothing new. Not the link, and
    # nothing the person wrote.
    once = once_field()
    days = forms.TypedChoiceField(
        label=_("The link works for"),
        coerce=int,
        choices=[(days, _days_label(days)) for days in LINK_DAYS],
        initial=7,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose how long the link works."),
            "required": _("Choose how long the link works."),
        },
    )
    with_code = forms.BooleanField(
        label=_("Also ask for a code that I tell them myself"),
        required=False,
        help_text=_("Safer if the link could reach someone else: the page opens only with the code."),
    )
    send_email = forms.BooleanField(
        label=_("Email them the link"),
        required=False,
        help_text=_(
            "The email gives the link and says only that someone who trusts them made a private page for them."
        ),
    )

    def link_choices(self) -> dict[str, str]:
        """The choices sent, those that are valid, as a form would send them again (never `once`)."""
        self.is_valid()
        chosen = {name: self.cleaned_data.get(name) for name in ("days", "with_code", "send_email")}
        return {name: "on" if value is True else str(value) for name, value in chosen.items() if value}


class ShareWithForm(forms.Form):
    # As in LinkForm: a double tap on Share must not share a summary twice (each is its own copy).
    once = once_field()
    supporter = forms.TypedChoiceField(
        label=_("Share with"),
        error_messages={"invalid_choice": _("Choose one of your people."), "required": _("Choose one of your people.")},
    )

    def __init__(self, *args: Any, people: list[SupporterView], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supporter"]
        # No one is chosen for the person: on a phone a tap on Share must not go to whoever sorts first.
        # With one person there is no one else it could go to.
        blank = [] if len(people) == 1 else [("", _("Choose someone"))]
        field.choices = [*blank, *((str(view.id), view.name) for view in people)]  # type: ignore[attr-defined]


class PlanStepsForm(forms.Form):
    """Which written steps of the plan a supporter will read: every one unless the person chooses."""

    steps = forms.MultipleChoiceField(
        label=_("Steps they will see"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one step to share."),
            # A step emptied in another tab since this page was drawn.
            "invalid_choice": _("One of those steps has nothing written in it now. Could you choose again?"),
        },
    )

    def __init__(self, *args: Any, written: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["steps"]
        field.choices = list(written)  # type: ignore[attr-defined]
        field.initial = [slug for slug, _title in field.choices]  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code they told you"),
        # No max_length: the check below says kindly what a code looks like, whatever was pasted.
        help_text=_("Eight letters and numbers. Spaces don't matter."),
        error_messages={"required": _("Type the code they told you.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = code_clean(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(_("A code is eight letters and numbers. Could you check it and try again?"))
        return code


# Keyed on the number ("limit_value"), so each language picks its plural form (see config.forms.TooLong).
_REPLY_TOO_LONG = ngettext_lazy(
    "That's a little long: up to %(limit)s character. Your words are still here.",
    "That's a little long: up to %(limit)s characters. Your words are still here.",
    "limit_value",
)


class ReplyForm(forms.Form):
    # A fresh random value in each reply box, as in LinkForm: a double tap on Send, or the page
    # after it sent again by Back or a reload, must not put the same words before the person twice.
    once = once_field()
    body = WordsField(
        # Not the box's heading ("A few words back"): a screen reader would say the same words twice.
        # The code page shows this box without that heading, so the label names it on its own too.
        label=_("Your words to them"),
        limit=REPLY_CHARS,
        too_long=_REPLY_TOO_LONG,
        help_text=site_named(
            _("It waits for them in %(site)s, on their page of the people they trust. Short is fine.")
        ),
        error_messages={"required": _("Write a few words first.")},
        widget=forms.Textarea(attrs={"rows": 4, **OWN_WORDS}),
    )


class RepliesSeenForm(forms.Form):
    """What a page that showed replies sends back: whose (none for all), and when it was drawn."""

    supporter = forms.UUIDField(required=False, widget=forms.HiddenInput)
    shown_at = forms.DateTimeField(required=False)

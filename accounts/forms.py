from __future__ import annotations

from functools import cache
from typing import Any

from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ReauthenticateForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
    SignupForm,
)
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.regions import NOT_LISTED, region_choices
from accounts.time_zones import time_zone_choices
from config.forms import InlineSelect
from config.site_name import site_named


class RegionForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Where are you?"),
        help_text=_("We use this only to show crisis lines that work where you are."),
        choices=region_choices,
        widget=InlineSelect,
        error_messages={"invalid_choice": NOT_LISTED},
    )


def _time_zone_choices() -> list[tuple[str, str]]:
    # Called for each form, so the first line speaks the request's language and names the server's zone.
    # Short: a select shows one line, and at 320 px "Not chosen (times show in UTC)" lost its "UTC";
    # the sentence above the list (accounts/_zone_in_use.html) says it in full.
    return [("", _("Not chosen (%(zone)s)") % {"zone": settings.TIME_ZONE}), *time_zone_choices()]


class TimeZoneSelect(forms.Select):
    """The list of ~600 zones, written out in Python: Django's select template renders each option
    through templates of its own, which took ~50 ms and made Settings, where it stood, the slowest page
    there is. The options but the first are the same for everyone, so they are escaped once a process."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = "" if value is None else str(value)
        options = [
            format_html('<option value="{}"{}>{}</option>', option, " selected" if option == chosen else "", label)
            if option == chosen or not option
            else _zone_option(str(option), str(label))
            for option, label in self.choices
        ]
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("\n".join(options)))  # noqa: S308 - each option is built by format_html


@cache
def _zone_option(option: str, label: str) -> SafeString:
    return format_html('<option value="{}">{}</option>', option, label)


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Times of day in your journal and look back follow this. Choose a place on the same clock as you."),
        choices=_time_zone_choices,
        widget=TimeZoneSelect,
        required=False,
        error_messages={"invalid_choice": _("That time zone isn't in the list. You could choose one from it.")},
    )


class FirstRegionForm(forms.Form):
    """The one question after a first sign-in. Nothing is pre-chosen: a wrong guess would show the
    wrong numbers, and the strip already offers a worldwide directory until this is answered."""

    region = forms.ChoiceField(
        label=_("Which country are you in?"),
        help_text=site_named(
            _("%(site)s uses this only to show crisis lines that work where you are. You can change it in Settings.")
        ),
        choices=lambda: [("", _("Choose a country")), *region_choices()],
        widget=InlineSelect,
        error_messages={
            "required": _("Choose a country from the list, or skip this for now."),
            "invalid_choice": NOT_LISTED,
        },
    )


# The longest code Waypoint makes, with room for the spaces and dashes people type in it.
_LONGEST_CODE = 32


class InviteForm(forms.Form):
    # No max_length: a browser cuts a pasted code at it without a word, and Django's own message
    # for a long one ("Ensure this value has at most…") is not how Waypoint speaks.
    code = forms.CharField(
        label=_("Invite code"),
        error_messages={"required": _("Type or paste the code your clinic gave you.")},
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if len(code) > _LONGEST_CODE:
            raise forms.ValidationError(
                _("That is longer than an invite code. Could you check it and paste only the code?")
            )
        return code


class _ResetLinkAfterTheButton:
    """allauth puts "Forgot your password?" in the password's help, which stands before the input:
    Tab from the email met the link first, and Enter there left the page. The pages show the link
    after their button instead (templates/account/_forgot_password.html)."""

    field_with_the_link = "password"
    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.field_with_the_link].help_text = ""


class SignInForm(_ResetLinkAfterTheButton, LoginForm):  # type: ignore[misc]  # allauth ships without type hints
    pass


def focus_unless_sent_back(form: Any, field: str) -> None:
    """The page opens in this box, the one it is there for. Not when sent back: then focus goes to
    the mistake (waypoint.js, focusFirstMistake)."""
    if not form.is_bound:
        form.fields[field].widget.attrs["autofocus"] = True


class ConfirmItsYouForm(_ResetLinkAfterTheButton, ReauthenticateForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page is there for this one box, and a keyboard took 18 Tabs past the menu to reach it.
        focus_unless_sent_back(self, "password")


class _SaysBothPasswordProblemsAtOnce:
    """allauth compares the two new passwords only once the first passes the rules, so a short one
    hid that the two were different: a person fixed one thing, sent the form, then met the other.

    "The two passwords are different" stands with the first box, not the second as allauth puts it:
    both come back empty, and focus goes to the box with the mistake (waypoint.js). On the second, a
    person typed the password there, sent it, and met "Could you fill this in?" on the first."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]
    _errors: Any

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        second = self._errors.get("password2")
        different = [error for error in second.as_data() if error.code != "required"] if second else []
        if "password1" in self.fields and different:
            del self._errors["password2"]
            self.add_error("password1", different)  # type: ignore[attr-defined]
        first = self["password1"].data if "password1" in self.fields else ""  # type: ignore[index]
        if (
            first
            and "password2" in cleaned
            and self.has_error("password1")  # type: ignore[attr-defined]
            and first != cleaned["password2"]
        ):
            # The same words allauth's own message has in locale/en (it cannot be reused: its msgid says "must").
            self.add_error(  # type: ignore[attr-defined]
                "password1", _("The two passwords are different. Could you type it in both boxes again?")
            )
        return cleaned


class PasswordChangeForm(_SaysBothPasswordProblemsAtOnce, _ResetLinkAfterTheButton, ChangePasswordForm):  # type: ignore[misc]
    field_with_the_link = "oldpassword"


class PasswordSetForm(_SaysBothPasswordProblemsAtOnce, SetPasswordForm):  # type: ignore[misc]
    pass


class PasswordFromResetLinkForm(_SaysBothPasswordProblemsAtOnce, ResetPasswordKeyForm):  # type: ignore[misc]
    pass


class SignUpForm(_SaysBothPasswordProblemsAtOnce, SignupForm):  # type: ignore[misc]
    def try_save(self, request: HttpRequest) -> tuple[Any, HttpResponse | None]:
        if self.account_already_exists:
            # A new account's password is hashed (Argon2, about a tenth of a second); an address in
            # use only gets an email, so sign-up answered ten times faster and told anyone timing it
            # that the address has an account here. The same work, thrown away, evens it out.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)  # type: ignore[no-any-return]

"""allauth's two-step forms: a phone's number pad for the code, and the passkey form in our words.

An authenticator app's code and a recovery code are both digits; without inputmode a phone opens
its full keyboard for them, letters first, at the one moment someone is reading six digits off
another screen.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.forms import focus_unless_sent_back
from config.forms import OWN_WORDS, WordsField


def _number_pad(form: Any) -> None:
    form.fields["code"].widget.attrs["inputmode"] = "numeric"


class NumberPadCode:
    """Opens a phone's number pad for the form's code box, and the page opens in it; goes before
    allauth's form in the bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _number_pad(self)
        # "One more step" and "Confirm it's you" with a code are there for this one box, as the
        # password's "Confirm it's you" is (ConfirmItsYouForm): a keyboard took 13 Tabs past the
        # help strip and the menu to reach it. Not when sent back: then focus goes to the mistake
        # (waypoint.js, focusFirstMistake).
        focus_unless_sent_back(self, "code")


# allauth ships without type hints, so mypy sees its forms as Any.
class CodeAuthenticateForm(NumberPadCode, AuthenticateForm):  # type: ignore[misc]
    pass


class CodeReauthenticateForm(NumberPadCode, ReauthenticateForm):  # type: ignore[misc]
    pass


class CodeActivateTOTPForm(ActivateTOTPForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # allauth's own __init__ made a new key on every visit to the page. A phone reloads a tab
        # it left for the authenticator app (and Back reloads it: pages are never cached), so the
        # key the app had just taken no longer matched, and every code from it "didn't work".
        # The key waiting in this session stays until it is turned on (allauth then clears it).
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)
        self.secret = totp_auth.get_totp_secret(regenerate=False)
        _number_pad(self)

    def clean_code(self) -> str:
        # The adapter's "incorrect_code" also speaks of recovery codes, which this box does not
        # take and which nobody has yet while setting the app up.
        try:
            return str(super().clean_code())
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "incorrect_code":
                raise
            raise forms.ValidationError(
                _("That code didn't work. The app's codes change every 30 seconds, so a fresh one may help."),
                code="incorrect_code",
            ) from None


# Room for "Phone in the blue case" or "Work laptop, second drawer"; allauth keeps the name in the
# key's data with no limit of its own, and 5,000 characters filled the list and every button on it.
PASSKEY_NAME_CHARS = 60


class PasskeyAddForm(AddWebAuthnForm):  # type: ignore[misc]
    """allauth's box read "Enabling passwordless operation … imposes additional requirements"."""

    # The key's name is the person's own words, in whatever script they write. The box stops at
    # the limit as it is typed or pasted; the name is not checked against it (see clean_name).
    name = forms.CharField(required=False, widget=forms.TextInput(attrs={**OWN_WORDS, "maxlength": PASSKEY_NAME_CHARS}))
    if mfa_settings.PASSKEY_LOGIN_ENABLED:
        passwordless = forms.BooleanField(
            label=_("Use it to sign in without a password"),
            required=False,
            help_text=_(
                "Your phone or key then asks for your fingerprint, face or PIN each time. "
                "Without this, it is a second step after your password."
            ),
        )

    def clean_name(self) -> str:
        # A name another of their keys has made two "Remove My phone" buttons on the list that nobody
        # listening could tell apart. The browser has made the key by now, so the name is not turned
        # back (that would strand it on the phone): it takes a number, as "Passkey 2" does.
        # A name longer than the box allows (only from a page that was changed) is shortened, for
        # the same reason: asking again would mean making a second key, and the first would stay
        # on the phone, unknown here. The list shows the name it kept, and Rename is beside it.
        name = str(super().clean_name()).strip()[:PASSKEY_NAME_CHARS].rstrip()
        taken = {
            str((data or {}).get("name", ""))
            for data in Authenticator.objects.filter(
                user_id=self.user.pk, type=Authenticator.Type.WEBAUTHN
            ).values_list("data", flat=True)
        }
        number = 1
        numbered = name
        while numbered in taken:
            number += 1
            suffix = f" {number}"
            numbered = name[: PASSKEY_NAME_CHARS - len(suffix)].rstrip() + suffix
        return numbered


class PasskeyRenameForm(EditWebAuthnForm):  # type: ignore[misc]
    """Renaming a key keeps its name its own: two keys of one name made two "Remove My phone"
    buttons on the list, which nobody listening could tell apart."""

    # The person's own words, as on the add form, and the box stops at the limit as that one does.
    # A longer name (pasted where the box's own limit is missing, or an old one) is turned back
    # with what was typed still in the box.
    name = WordsField(
        label=_("Name"),
        limit=PASSKEY_NAME_CHARS,
        widget=forms.TextInput(attrs={**OWN_WORDS, "maxlength": PASSKEY_NAME_CHARS}),
        too_long=ngettext_lazy(
            "A key's name holds up to %(limit)s character. Could you shorten it?",
            "A key's name holds up to %(limit)s characters. Could you shorten it?",
            "limit_value",
        ),
    )

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        others = Authenticator.objects.filter(user_id=self.instance.user_id, type=self.instance.type).exclude(
            pk=self.instance.pk
        )
        if any(str((key.data or {}).get("name", "")) == name for key in others):
            raise forms.ValidationError(
                _("Another of your keys has this name. A different one keeps them apart on your list.")
            )
        return name

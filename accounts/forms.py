from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.regions import region_choices


class RegionForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Where are you?"),
        help_text=_("We use this only to show crisis lines that work where you are."),
        choices=region_choices,
    )


class FirstRegionForm(forms.Form):
    """The one question after a first sign-in. Nothing is pre-chosen: a wrong guess would show the
    wrong numbers, and the strip already offers a worldwide directory until this is answered."""

    region = forms.ChoiceField(
        label=_("Which country are you in?"),
        help_text=_(
            "Waypoint uses this only to show crisis lines that work where you are. You can change it in Settings."
        ),
        choices=lambda: [("", _("Choose a country")), *region_choices()],
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

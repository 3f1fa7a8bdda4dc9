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


class InviteForm(forms.Form):
    code = forms.CharField(label=_("Invite code"), max_length=32)

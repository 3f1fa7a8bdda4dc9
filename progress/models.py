from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LookBackPreferences(models.Model):
    """A person's own choices for their look back. No row means the defaults."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="look_back_preferences"
    )
    # Observations from someone's own hard moments are not for everyone: one press turns them off.
    show_patterns = models.BooleanField(_("show patterns you might notice"), default=True)

    class Meta:
        verbose_name = _("look back preferences")
        verbose_name_plural = _("look back preferences")

    def __str__(self) -> str:
        return f"look back preferences {self.pk}"

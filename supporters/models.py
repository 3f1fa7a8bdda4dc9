from django.db import models
from django.utils.translation import gettext_lazy as _


class GuideSection(models.Model):
    """A section the clinic or service running this Waypoint adds to the guide for family and friends.

    Site content written by the operator for everyone who reads the guide (local groups, how to
    reach the service), never anything about a person, so it is stored as plain text.
    """

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(
        _("text"),
        max_length=4000,
        help_text=_("Plain text. A blank line starts a new paragraph. Links and formatting are not shown."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections with a lower number come first.")
    )
    shown = models.BooleanField(_("shown"), default=True, help_text=_("Untick to hide this section from the guide."))

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("guide section from your service")
        verbose_name_plural = _("guide sections from your service")

    def __str__(self) -> str:
        return self.title

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VictoryKind(models.TextChoices):
    """What a small victory was. Kept in code only: in the database the kind is ciphertext."""

    ENTRY = "entry", _("An entry I wrote")
    URGE = "urge", _("An urge that passed")
    CONVERSATION = "talk", _("A conversation")
    HELP = "help", _("A day I asked for help")
    OTHER = "other", _("Something else")


class Victory(models.Model):
    """Something the person chose to keep as a small victory.

    Only the person adds or removes one: nothing in Waypoint takes one away, so the count of them
    never goes down on its own (a setback written in the journal changes nothing here).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="victories")
    # Encrypted, as the note is: a plain "an urge that passed" beside a date would tell anyone
    # holding the database that the person had an urge that day.
    kind = models.BinaryField(editable=False)
    # The entry it was marked on. Trashing the entry leaves the victory (the link only stops
    # showing); emptying the trash deletes the entry and leaves the victory without a link.
    entry = models.ForeignKey(
        "journal.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    about_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The person's own words, under their keyring; empty bytes when there is no note.
    note = models.BinaryField(editable=False, blank=True, default=b"")

    class Meta:
        ordering = ["-about_on", "-created_at"]
        indexes = [models.Index(fields=["owner", "-about_on", "-created_at"], name="progress_victory_newest")]
        constraints = [
            # One mark per entry: a second tap on "Mark as a small victory" adds nothing.
            models.UniqueConstraint(fields=["owner", "entry"], name="progress_victory_one_per_entry")
        ]

    def __str__(self) -> str:
        return f"victory {self.id}"


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

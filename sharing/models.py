"""The shape every shared copy and every line of a sharing log has, whoever the audience is.

Both are abstract: each audience (a therapist's link in care, a supporter in supporters) keeps its
own table with a foreign key to itself, so stopping, ending a link or deleting a supporter takes
its copies by cascade. The columns, the sealing and the reading are the same for all of them.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShareKind(models.TextChoices):
    ENTRY = "entry", _("Journal entry")
    REFLECTION = "reflection", _("Reflection")
    PLAN = "plan", _("Safety plan")
    SUMMARY = "summary", _("Summary")


class SharedCopy(models.Model):
    """A snapshot of one thing a person chose to share. Deleting the row shreds key and text."""

    # The name the copy's key and text are bound to (associated data). Fixed per audience once
    # copies exist: changing it would make every stored copy unreadable.
    PURPOSE: ClassVar[str]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=12, choices=ShareKind.choices)
    # Deleting the original deletes the copy too: nothing outlives what the person removed.
    entry = models.ForeignKey("journal.Entry", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("safety.SafetyPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    wrapped_key = models.BinaryField(editable=False)
    server_key_id = models.CharField(max_length=32)
    snapshot = models.BinaryField(editable=False)
    shared_at = models.DateTimeField(default=timezone.now)

    # Not a column: an entry's title or first words, for the person's own list of what they share
    # while their journal is open (sharing.copies.copies_name_entries). Never stored.
    entry_name = ""

    class Meta:
        abstract = True
        ordering = ["-shared_at"]


class ShareLogEvent(models.Model):
    """One line of a person's sharing log: what, when, and each opening. Never any content."""

    # A plain id, not a key: the log outlives the copy it describes.
    item_id = models.UUIDField()
    kind = models.CharField(max_length=12, choices=ShareKind.choices)
    written_on = models.DateField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

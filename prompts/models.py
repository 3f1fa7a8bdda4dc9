from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prompts.definitions import SequenceDefinition, from_content


class Sequence(models.Model):
    """A reflection people can walk through. What it says lives in its versions."""

    slug = models.SlugField(_("short name"), max_length=60)
    # Empty for Waypoint's own library. A clinic's sequences carry the clinic's key; when clinics
    # arrive (a later issue) this becomes the link to them. Until then only their creator sees them.
    clinic_key = models.CharField(
        _("clinic"),
        max_length=64,
        blank=True,
        default="",
        db_index=True,
        help_text=_("Leave empty for the shared library. A clinic's own sequences are only shown to that clinic."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(
        _("shown to people"), default=True, help_text=_("Untick to hide it. Reflections already begun stay readable.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reflection sequence")
        constraints = [models.UniqueConstraint(fields=["clinic_key", "slug"], name="prompts_sequence_clinic_slug")]
        ordering = ["clinic_key", "slug"]

    def __str__(self) -> str:
        return f"{self.clinic_key}/{self.slug}" if self.clinic_key else self.slug

    @property
    def latest(self) -> SequenceVersion | None:
        # A list of sequences fetched with prefetch_related("versions") already holds them all:
        # picking from those saves a query per sequence.
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            return max(prefetched, key=lambda version: version.number, default=None)
        return self.versions.order_by("-number").first()


class SequenceVersion(models.Model):
    """The exact words of a sequence at one moment. Never edited, so past answers keep their questions."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content: models.JSONField[Any] = models.JSONField(editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sequence version")
        constraints = [models.UniqueConstraint(fields=["sequence", "number"], name="prompts_version_number")]
        ordering = ["sequence", "-number"]

    def __str__(self) -> str:
        return f"{self.sequence} v{self.number}"

    @property
    def definition(self) -> SequenceDefinition:
        cached: SequenceDefinition | None = getattr(self, "_definition", None)
        if cached is None:
            cached = from_content(slug=self.sequence.slug, version=self.number, content=self.content)
            self._definition = cached
        return cached


class Run(models.Model):
    """One person going through one version of a sequence. Answers are encrypted with their key."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        FINISHED = "finished", _("finished")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prompt_runs")
    # PROTECT: a version somebody answered can never disappear from under their answers.
    version = models.ForeignKey(SequenceVersion, on_delete=models.PROTECT, related_name="runs")
    position = models.PositiveIntegerField(default=0)
    answers = models.BinaryField(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The journal entry a finished reflection became. Deleting that entry deletes this run and
    # its answers too, so nothing written outlives the entry the person chose to remove.
    entry = models.ForeignKey("journal.Entry", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("reflection")
        indexes = [models.Index(fields=["owner", "status", "-updated_at"], name="prompts_run_owner_status")]

    def __str__(self) -> str:
        # Admin lists and logs see only ids, never what someone wrote.
        return f"run {self.id}"

    @property
    def definition(self) -> SequenceDefinition:
        return self.version.definition

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.FINISHED

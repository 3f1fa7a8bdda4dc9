from __future__ import annotations

import re
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CrisisResource(models.Model):
    """A place to turn in a crisis: shipped in safety/data/ or added by a clinic in the admin."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency number")
        CRISIS_LINE = "crisis_line", _("Crisis line")
        TEXT = "text", _("Text line")
        CHAT = "chat", _("Chat")
        YOUTH = "youth", _("For young people")
        SPECIALIST = "specialist", _("Specialist service")
        NON_URGENT = "non_urgent", _("When it isn't an emergency")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        UNVERIFIED = "unverified", _("Not yet confirmed")
        SUSPENDED = "suspended", _("Suspended")

    class Layer(models.TextChoices):
        SHIPPED = "shipped", _("Shipped with Waypoint")
        CLINIC = "clinic", _("Added by your clinic")

    # Stable id from the data file; empty for a clinic's own services.
    key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    layer = models.CharField(_("layer"), max_length=10, choices=Layer.choices, default=Layer.CLINIC, editable=False)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 two-letter code, for example GB."))
    subregion = models.CharField(_("area within the country"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.CRISIS_LINE)
    hours = models.CharField(_("hours"), max_length=200, default="24/7", help_text=_('"24/7" or a schedule.'))
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True, help_text=_("Comma-separated."))
    cost = models.CharField(_("cost"), max_length=100, blank=True)
    audience = models.CharField(_("who it is for"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("youngest age it serves"), null=True, blank=True, help_text=_("Empty when there is no lower limit.")
    )
    age_max = models.PositiveSmallIntegerField(
        _("oldest age it serves"), null=True, blank=True, help_text=_("Empty when there is no upper limit.")
    )
    notes = models.TextField(_("notes"), blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    verified_on = models.DateField(_("checked on"), null=True, blank=True)
    review_due = models.DateField(_("check again by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    priority = models.IntegerField(_("shipped order"), default=100, editable=False)
    # The clinic layer: the loader never writes these, so a clinic's choices survive reloads.
    clinic_order = models.IntegerField(
        _("order at your clinic"),
        null=True,
        blank=True,
        help_text=_("Lower numbers come first. Empty keeps the default."),
    )
    hidden = models.BooleanField(
        _("hidden by your clinic"),
        default=False,
        help_text=_("The emergency number and the last line open day and night always stay visible."),
    )

    class Meta:
        verbose_name = _("crisis resource")
        ordering = ["country", "priority", "name"]
        indexes = [models.Index(fields=["country"])]

    def __str__(self) -> str:
        return f"{self.country} · {self.name}"

    @property
    def is_24_7(self) -> bool:
        return self.hours.strip().lower() in {"24/7", "24h", "24 hours"}

    @property
    def is_open_line(self) -> bool:
        """A line anyone in the country can call day and night: the kind the 24/7 rule keeps visible.

        A youth line, a non-urgent route or a line for one area cannot stand in for it: someone in
        crisis elsewhere, or an adult, could not use it.
        """
        return (
            self.is_24_7
            and not self.subregion
            and self.kind not in (self.Kind.EMERGENCY, self.Kind.NON_URGENT, self.Kind.YOUTH)
            and self.age_min is None
            and self.age_max is None
        )

    @property
    def effective_order(self) -> int:
        return self.priority if self.clinic_order is None else self.clinic_order

    def clean(self) -> None:
        super().clean()
        self.country = (self.country or "").upper()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The oldest age needs to be the same as the youngest, or more.")})
        if not (self.hidden or self.status == self.Status.SUSPENDED):
            return
        if self.kind == self.Kind.EMERGENCY:
            raise ValidationError(_("The emergency number always stays visible."))
        if self.is_open_line and self.status != self.Status.UNVERIFIED and not self._another_24_7_line_is_visible():
            raise ValidationError(_("This is the last line open day and night for this country, so it stays visible."))

    def _another_24_7_line_is_visible(self) -> bool:
        others = (
            CrisisResource.objects.filter(country=self.country.upper(), status=self.Status.ACTIVE, hidden=False)
            .exclude(kind=self.Kind.EMERGENCY)
            .exclude(pk=self.pk)
        )
        return any(other.is_open_line for other in others)


class ResourceContact(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        SMS = "sms", _("Text message")
        CHAT = "chat", _("Chat")
        WEB = "web", _("Website")
        EMAIL = "email", _("Email")

    resource = models.ForeignKey(CrisisResource, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    value = models.CharField(_("number or address"), max_length=300)
    keyword = models.CharField(_("keyword to text"), max_length=40, blank=True)
    display = models.CharField(_("shown as"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.display or self.value

    def clean(self) -> None:
        super().clean()
        # The link is followed as typed: "www.…" without its https:// led to a page of Waypoint's
        # own that is not there, from the crisis strip on every page; a number without digits dials nothing.
        value = self.value.strip()
        if self.channel in (self.Channel.WEB, self.Channel.CHAT) and not value.lower().startswith(
            ("https://", "http://")
        ):
            raise ValidationError(
                {
                    "value": _(
                        "A website needs its whole address, starting with https://, such as https://www.samaritans.org."
                    )
                }
            )
        if self.channel in (self.Channel.PHONE, self.Channel.SMS) and not dial_string(value).lstrip("+"):
            raise ValidationError({"value": _("A number needs its digits, such as 0100 000 000.")})


class PeerSupport(models.Model):
    """A peer-support group or moderated community, shipped in safety/data/ or added by a clinic.

    Its own table rather than a kind of CrisisResource: the crisis lines' rules (the emergency
    number and the last line open day and night always stay visible) have nothing to say here,
    and a peer group must never count as, or crowd out, a line to call in a crisis.
    """

    INTERNATIONAL = "INT"

    class Led(models.TextChoices):
        PEER = "peer", _("Run by people with lived experience")
        PROFESSIONAL = "professional", _("Run by professionals")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        IN_PERSON = "in_person", _("In person")
        MIXED = "mixed", _("Online and in person")

    class Moderation(models.TextChoices):
        MODERATED = "moderated", _("Moderated")
        FACILITATED = "facilitated", _("Led by a trained facilitator")
        ONE_TO_ONE = "one_to_one", _("One to one with a trained volunteer")

    class Audience(models.TextChoices):
        PERSON = "person", _("For you")
        SUPPORTERS = "supporters", _("For family and friends")
        BOTH = "both", _("For you, and for family and friends")

    # The same three statuses as a crisis line: only an active entry is shown.
    Status = CrisisResource.Status
    Layer = CrisisResource.Layer

    key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    layer = models.CharField(_("layer"), max_length=10, choices=Layer.choices, default=Layer.CLINIC, editable=False)
    country = models.CharField(
        _("country"),
        max_length=3,
        help_text=_("ISO 3166 two-letter code, for example GB, or INT for an online community open to any country."),
    )
    subregion = models.CharField(_("area within the country"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    led_by = models.CharField(_("run by"), max_length=12, choices=Led.choices, default=Led.PEER)
    format = models.CharField(_("how it meets"), max_length=10, choices=Format.choices, default=Format.ONLINE)
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.MODERATED
    )
    audience = models.CharField(_("who it is for"), max_length=10, choices=Audience.choices, default=Audience.PERSON)
    age_min = models.PositiveSmallIntegerField(_("youngest age it serves"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age it serves"), null=True, blank=True)
    cost = models.CharField(_("cost"), max_length=100, blank=True)
    description = models.TextField(_("what it is, in a sentence or two"))
    url = models.URLField(_("where to find it"))
    source_url = models.URLField(_("source address"), blank=True)
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    verified_on = models.DateField(_("checked on"), null=True, blank=True)
    review_due = models.DateField(_("check again by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    priority = models.IntegerField(_("shipped order"), default=100, editable=False)
    # The clinic layer: the loader never writes these, so a clinic's choices survive reloads.
    clinic_order = models.IntegerField(
        _("order at your clinic"), null=True, blank=True, help_text=_("Lower numbers come first.")
    )
    hidden = models.BooleanField(_("hidden by your clinic"), default=False)

    class Meta:
        verbose_name = _("peer-support entry")
        verbose_name_plural = _("peer support")
        ordering = ["country", "priority", "name"]
        indexes = [models.Index(fields=["country"])]

    def __str__(self) -> str:
        return f"{self.country} · {self.name}"

    @property
    def effective_order(self) -> int:
        return self.priority if self.clinic_order is None else self.clinic_order

    def clean(self) -> None:
        super().clean()
        self.country = (self.country or "").upper()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The oldest age needs to be the same as the youngest, or more.")})


class SafetyPreferences(models.Model):
    """A person's own safety settings. The wave count is encrypted: it is nobody else's business."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_preferences")
    gentle_check = models.BooleanField(_("gentle check after saving"), default=True)
    # Off unless the person asks: a number on a hard page can read as a score to keep up.
    show_wave_count = models.BooleanField(_("show the wave count"), default=False)
    waves_ridden = models.BinaryField(editable=False, null=True)
    # Starter ideas are added once; a person who removes them all never sees them come back.
    coping_started = models.BooleanField(default=False)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("safety preferences")
        verbose_name_plural = _("safety preferences")

    def __str__(self) -> str:
        return str(self.id)


class SafetyPlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan")
    review_on = models.DateField(_("look at it again on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("safety plan")

    def __str__(self) -> str:
        return str(self.id)


class PlanStep(models.Model):
    """One section of a plan in the person's own words; both texts are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="steps")
    # Kept beside the plan so the keyring can find whose key opens each row.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=20)
    body = models.BinaryField(editable=False)
    obstacles = models.BinaryField(editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "section"], name="one_step_per_section")]

    def __str__(self) -> str:
        return str(self.id)


class PlanContact(models.Model):
    """Someone to call or text, in the people or professionals section. Name and number are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="contacts")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=20)
    name = models.BinaryField(editable=False)
    phone = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return str(self.id)


class CopingItem(models.Model):
    class Group(models.TextChoices):
        COMFORT = "comfort", _("Comfort")
        DISTRACT = "distract", _("Distract")
        EXPRESS = "express", _("Express")
        RELEASE = "release", _("Release")
        BREATHE = "breathe", _("Breathe")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coping_items")
    group = models.CharField(max_length=10, choices=Group.choices)
    text = models.BinaryField(editable=False)
    hidden = models.BooleanField(default=False)
    # The key of the starter idea this row was saved from (safety/coping_starters.py), "" for the
    # person's own: a change sent from the page that showed the starters before they were saved
    # finds its row by it. It says no more than the seeded rows' shared created_at already does.
    starter = models.CharField(max_length=20, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "starter"], condition=~models.Q(starter=""), name="one_row_per_starter"
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


# "ext. 24", "x24", "extension 24" or "#24" at the end of a number as people write it.
_EXTENSION = re.compile(r"(?i)\s*(?:ext(?:ension)?\.?|x|#)\s*(\d+)\s*$")
# "+44 (0)20 …": the 0 in brackets is dialled only from inside the country, never after the +.
_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")


def dial_string(value: str, *, extension: bool = True) -> str:
    """A number as a person typed it, as a phone dials it: ASCII digits, a leading + kept, the
    "(0)" after a country code dropped, and an extension dialled after a pause (","), or left
    off for a text. Digits typed on another script's keyboard (Arabic-Indic, full-width) become 0-9."""
    value = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value).strip()
    match = _EXTENSION.search(value)
    ext = match.group(1) if match and any(ch.isdigit() for ch in value[: match.start()]) else ""
    if ext and match:
        value = value[: match.start()]
    if value.startswith("+"):
        value = _TRUNK_ZERO.sub("", value)
    digits = ("+" if value.startswith("+") else "") + "".join(ch for ch in value if ch.isdigit())
    return f"{digits},{ext}" if ext and extension else digits


def contact_href(channel: str, value: str, keyword: str = "") -> str:
    """The link a tap follows: tel:, sms: (with the keyword filled in), mailto: or the web address."""
    if channel == ResourceContact.Channel.PHONE:
        return f"tel:{dial_string(value)}"
    digits = dial_string(value, extension=False)
    if channel == ResourceContact.Channel.SMS:
        return f"sms:{digits}?&body={keyword}" if keyword else f"sms:{digits}"
    if channel == ResourceContact.Channel.EMAIL:
        return f"mailto:{value}"
    return value

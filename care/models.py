"""Clinics, therapists and the people who choose to link with them.

Nothing here holds a person's words in the clear: a shared item is a snapshot under its own
random key (wrapped by the server key), and deleting that row is what "stop sharing" means.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.invites import code_letters_only
from accounts.regions import region_choices
from accounts.secret_codes import code_new, keyed_hash
from sharing.models import SharedCopy, ShareKind, ShareLogEvent

INVITATION_DAYS = 7
# What a homework note's key and text are bound to; fixed once notes exist.
NOTE_PURPOSE = "care.Assignment"
# Long enough to write a paragraph without touching the page; short enough for a shared computer.
IDLE_MINUTES_MIN = 2
IDLE_MINUTES_MAX = 240


class Clinic(models.Model):
    name = models.CharField(_("name shown on pages"), max_length=100)
    # The same key the prompts app stores on a clinic's own reflection sequences.
    key = models.SlugField(
        _("short name"),
        max_length=64,
        unique=True,
        help_text=_("Used to find this clinic's own reflections. Letters, numbers and hyphens."),
    )
    # Each setting below is blank by default, which means "as the server's environment says".
    invite_only = models.BooleanField(
        _("only people with an invite can create an account"),
        default=False,
        help_text=_(
            "Then people need an invite: a code from People and invite codes, a link a therapist makes for a "
            "client, or, for staff, an invite at the bottom of this page."
        ),
    )
    quick_exit_url = models.URLField(
        _("quick exit goes to"),
        blank=True,
        # An https page only: this is where someone lands when they need the screen to look ordinary.
        validators=[URLValidator(schemes=["https"])],
        help_text=_("An everyday https site, such as a local weather page. Leave empty to use the server's."),
    )
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("lock after this many minutes without activity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(IDLE_MINUTES_MIN), MaxValueValidator(IDLE_MINUTES_MAX)],
        help_text=_("Between 2 and 240. Leave empty to use the server's."),
    )
    region = models.CharField(
        _("country its people are in"),
        max_length=2,
        blank=True,
        choices=region_choices,
        help_text=_(
            "Crisis lines for this country are shown until a person picks their own. Leave empty to use the server's."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clinic")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        THERAPIST = "therapist", _("Therapist")
        ADMIN = "admin", _("Clinic admin")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    display_name = models.CharField(
        _("name people see"), max_length=100, help_text=_('How clients see this person, for example "Sam Lee".')
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clinic member")
        # One clinic per role: a therapist's clients can never straddle two clinics.
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="care_one_clinic_per_role")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"


class StaffInvite(models.Model):
    """An invite code that makes its new account a therapist or an admin at this clinic."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="staff_invites")
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices)
    display_name = models.CharField(
        _("name people see"), max_length=100, help_text=_('How clients see this person, for example "Sam Lee".')
    )
    # Made when the invite is saved; redeeming it at sign-up is what adds the membership.
    invite = models.OneToOneField(
        "accounts.InviteCode", on_delete=models.CASCADE, related_name="staff_invite", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invite to join the clinic")
        verbose_name_plural = _("invites to join the clinic")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"


# Short enough to read out in a session.
INVITATION_CODE_LENGTH = 8
# What an invitation code's hash is keyed by; fixed once invitations exist (migration 0009 uses it).
INVITATION_CODE_PURPOSE = "care.invitation"


def _new_code() -> str:
    # Named by migration 0001, from when the code itself was stored; new codes come from services.
    return code_new(INVITATION_CODE_LENGTH)


def invitation_code_hash(code: str) -> str:
    """All the database keeps of a code: keyed by the server's secret, so a copied database can
    neither use it nor try every eight-letter code against it."""
    return keyed_hash(INVITATION_CODE_PURPOSE, code_letters_only(code)[:16])


def _invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    # Invite-only server: the link opens sign-up once, for this account only (a forwarded link opens nothing).
    signed_up = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The code itself, known only to the request that made it, which shows it once.
    code: str = ""

    class Meta:
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"invitation {self.id}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class Link(models.Model):
    """A person and a therapist, linked because the person said yes. Ending it is one click."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links")
    # Empty once the therapist's account is deleted: the link has ended by then (care/members.py),
    # and the person keeps it, with the name they knew, and its log.
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="care_clients"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="links")

    class EndedBecause(models.TextChoices):
        OPEN = "", _("Still open")
        PERSON = "person", _("The person ended it")
        THERAPIST_LEFT = "left", _("The therapist left the clinic")

    show_homework_status = models.BooleanField(_("let them see when homework is done"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_because = models.CharField(max_length=8, choices=EndedBecause.choices, blank=True, default="")
    # The name the person knows their therapist by, as it was when they linked or last changed:
    # if the therapist leaves the clinic, the membership that held it goes, and the person's log
    # and notice still need to say who it was.
    therapist_name = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("link")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "therapist"], condition=Q(ended_at__isnull=True), name="care_one_open_link"
            )
        ]

    def __str__(self) -> str:
        return f"link {self.id}"


class Assignment(models.Model):
    """Homework: a reflection suggested by the therapist. The note is encrypted under its own key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="assignments")
    sequence = models.ForeignKey("prompts.Sequence", on_delete=models.CASCADE, related_name="+")
    note = models.BinaryField(editable=False, null=True)
    note_key = models.BinaryField(editable=False, null=True)
    server_key_id = models.CharField(max_length=32, blank=True)
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"homework {self.id}"


class SharedItem(SharedCopy):
    """A copy shared with a therapist: sharing's copy, held by the link it was shared over."""

    PURPOSE = "care.SharedItem"
    # The kinds are sharing's; the name stays so care's code reads as it always has.
    Kind = ShareKind

    # No index of its own: the first one below starts with the link, so it serves every lookup by
    # link (a client's page, a link's cascade, foreign key checks) as well.
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="shared_items", db_index=False)
    # When the therapist first opened it (the person's log has every opening). Kept on the copy
    # so "not opened yet" is read from the row, not looked up in the log for every copy a
    # therapist has: the clients page did that for all of them, 11-25 ms for 25 clients with 300 each.
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    # An entry's day as the copy holds it, for the therapist's lists. The entry's own day, read
    # live there, told them the person had changed it since, which they never shared.
    written_on = models.DateField(null=True, blank=True, editable=False)

    class Meta(SharedCopy.Meta):
        verbose_name = _("shared item")
        indexes = [
            # The clients page's newest copies across all of a therapist's clients, picked from
            # this index alone: with the link's index, SQLite read every copy's row, text and all,
            # to sort them (3.3 ms for 25 clients with 300 copies each; 0.65 ms with this one).
            models.Index(fields=["link", "shared_at", "id"], name="care_shareditem_newest_idx"),
            # Which clients shared something not opened yet: one look per client, at the copies
            # still waiting only (most are opened), however many they have shared. In order, so a
            # client's page reads its newest waiting copies from here: through the index above,
            # SQLite walked every opened copy of the link to find the waiting ones.
            models.Index(
                fields=["link", "shared_at", "id"],
                condition=Q(opened_at__isnull=True),
                name="care_shareditem_waiting_idx",
            ),
        ]

    @property
    def opened(self) -> bool:
        return self.opened_at is not None

    def __str__(self) -> str:
        return f"shared item {self.id}"


class PlanSuggestion(models.Model):
    """A therapist's suggested words for one step of a shared plan, and the person's answer.

    The row stays after the answer so the therapist can see it was taken or not; it goes with
    the shared copy.
    """

    class Decision(models.TextChoices):
        WAITING = "", _("Waiting for an answer")
        TAKEN = "taken", _("Taken into the plan")
        KEPT = "kept", _("They kept their own words")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(SharedItem, on_delete=models.CASCADE, related_name="suggestions")
    # The person whose plan it is: their keyring holds `replaced`.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=20)
    # Encrypted with the shared item's key, so revoking the share shreds suggestions too.
    body = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    # After taking the suggestion: the person's own words it replaced, under the person's own
    # keyring (never the item key), so they can put them back. Emptied once they can't any more.
    replaced = models.BinaryField(editable=False, null=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"suggestion {self.id}"


class ShareEvent(ShareLogEvent):
    """The person's log of sharing with a therapist: what, when, each opening. Never content."""

    class Action(models.TextChoices):
        SHARED = "shared", _("Shared")
        VIEWED = "viewed", _("Opened by your therapist")
        SUGGESTED = "suggested", _("Your therapist suggested a change")
        STOPPED = "stopped", _("Sharing stopped")
        TAKEN = "taken", _("You used their suggested words")
        KEPT = "kept", _("You kept your own words")
        PUT_BACK = "put_back", _("You put your own words back")

    # No index of its own: the ones below start with the link, so they serve every lookup by link
    # (a link's cascade, the database's own foreign key checks) as well, and another index would
    # only be one more to write on every opening.
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="share_events", db_index=False)
    action = models.CharField(max_length=12, choices=Action.choices)

    class Meta(ShareLogEvent.Meta):
        indexes = [
            # The therapist's pages ask whether this link's log has a line about a copy (an opening,
            # a stop: care/views/therapist.py), as "not opened yet" once asked for every copy. The
            # link's own index alone made that read the link's whole log each time: ~0.4 s for 25
            # clients with 800 lines each.
            models.Index(fields=["link", "item_id", "action"], name="care_shareevent_opened_idx"),
            # A person's log, newest first (care/selectors.py share_log_for_person): read in this
            # index's order, the newest 200 lines are the first 200 it holds. With the index above,
            # SQLite read and sorted the link's whole log: 26.6 ms at 20,000 lines, 0.3 ms with this.
            models.Index(fields=["link", "at", "id"], name="care_shareevent_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id}"


class AuditEvent(models.Model):
    """Who did what, when, at a clinic. Ids and action names only, never anything anyone wrote."""

    class Action(models.TextChoices):
        INVITATION_CREATED = "invitation_created", _("Created an invitation")
        INVITATION_CANCELLED = "invitation_cancelled", _("Took back an invitation")
        HOMEWORK_ASSIGNED = "homework_assigned", _("Suggested homework")
        SHARED_ITEM_OPENED = "shared_item_opened", _("Opened a shared item")
        SHARED_ITEM_REFUSED = "shared_item_refused", _("Tried to open an item not shared with them")
        # Shared with them before: a page or bookmark from then, not a look at something never theirs.
        SHARED_ITEM_NO_LONGER = "shared_item_no_longer", _("Opened an item the client no longer shares with them")
        LINK_ENDED_MEMBER_LEFT = "link_ended_member_left", _("A link ended because its therapist left the clinic")
        PLAN_CHANGE_SUGGESTED = "plan_change_suggested", _("Suggested a safety plan change")
        CLIENT_LIST_OPENED = "client_list_opened", _("Opened the client list")
        CLIENT_OPENED = "client_opened", _("Opened a client's page")
        CLINIC_CHANGED = "clinic_changed", _("Changed clinic settings")
        MEMBER_CHANGED = "member_changed", _("Changed a clinic member")
        MEMBER_JOINED = "member_joined", _("Joined the clinic")
        AUDIT_OPENED = "audit_opened", _("Opened the audit log")
        AUDIT_DOWNLOADED = "audit_downloaded", _("Downloaded the audit log")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=32, choices=Action.choices)
    target = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["clinic", "-at"], name="care_audit_clinic_at")]

    def __str__(self) -> str:
        # The heading of its page in the admin: in words, as the list says it, not the action's code.
        return f"{self.who}: {self.get_action_display()}"

    @property
    def who(self) -> str:
        return audit_who(actor_label=self.actor_label, action=self.action)


# What "Who" says when nobody did it: these happen on their own when a therapist's account closes
# (they deleted it, or the operator did). A blank cell read as a record missing, or someone hidden.
_NOBODY: dict[str, object] = {
    AuditEvent.Action.LINK_ENDED_MEMBER_LEFT: _("No one: it ended when the therapist's account closed"),
    AuditEvent.Action.MEMBER_CHANGED: _("No one: the member's account closed"),
    AuditEvent.Action.INVITATION_CANCELLED: _("No one: taken back when the therapist's account closed"),
}


def audit_who(*, actor_label: str, action: str) -> str:
    """The audit log's "Who": the address of whoever acted, kept after their account goes too."""
    return actor_label or str(_NOBODY.get(action, ""))

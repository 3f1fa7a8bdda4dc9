import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharing.models import SharedCopy, ShareKind, ShareLogEvent


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


# What a supporter's name and email address are bound to in the person's keyring.
SUPPORTER_LABEL = "supporters.Supporter"


class Supporter(models.Model):
    """Someone a person trusts: a partner, a parent, a friend. They need no account.

    The name and the email address are the person's own words, encrypted with their keyring
    (model label supporters.Supporter). Deleting the row takes the supporter's links, copies,
    replies and log with it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporters")
    name = models.BinaryField(editable=False)
    email = models.BinaryField(editable=False, null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supporter")
        ordering = ["created_at"]

    def __str__(self) -> str:
        # Admin lists and logs see only ids, never what someone wrote.
        return f"supporter {self.id}"


class SupporterLink(models.Model):
    """The private address a supporter reads from. Only hashes of its secret and code are kept.

    So the database alone cannot open a supporter's page, and the person sees the address once,
    when it is made. A link ends when the person stops sharing, makes a new one, or it expires;
    an ended link is kept so its address says kindly that sharing has stopped.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty when the person did not ask for a code to be told in person.
    code_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("supporter's link")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"supporter link {self.id}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class SupporterShare(SharedCopy):
    """A copy shared with a supporter: sharing's copy, held by the supporter it was shared with."""

    PURPOSE = "supporters.SupporterShare"

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="copies")

    class Meta(SharedCopy.Meta):
        verbose_name = _("copy shared with a supporter")

    def __str__(self) -> str:
        return f"supporter copy {self.id}"


class SupporterEvent(ShareLogEvent):
    """The person's log of sharing with a supporter: what, when, each opening. Never content."""

    class Action(models.TextChoices):
        SHARED = "shared", _("Shared")
        OPENED = "opened", _("They opened it")
        REPLIED = "replied", _("They wrote back")
        STOPPED = "stopped", _("Sharing stopped")

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    # The copy, or the reply a "they wrote back" line is about; an opening is of the whole page.
    # It outlives what it names, so a second tap on "Stop" or "Delete" can say it is done already.
    item_id = models.UUIDField(null=True, blank=True)  # type: ignore[assignment]
    kind = models.CharField(max_length=12, blank=True, choices=ShareKind.choices)

    class Meta(ShareLogEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.action} {self.item_id}"


class SupporterReply(models.Model):
    """A few words a supporter wrote back. Sealed under its own key, like a shared copy, because
    the person may not be there to lend theirs; it goes when the supporter is removed."""

    PURPOSE = "supporters.SupporterReply"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="replies")
    wrapped_key = models.BinaryField(editable=False)
    server_key_id = models.CharField(max_length=32)
    body = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # When the person was shown that it came: until then, their home page says someone wrote back
    # (never who, nor what). Set by a POST only, so opening a page never writes.
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reply from a supporter")
        verbose_name_plural = _("replies from supporters")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"supporter reply {self.id}"

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, IntegerField, Model, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.names import names_list
from journal.keyring import JournalLocked, user_keyring
from prompts.models import Sequence as PromptSequence
from sharing.copies import copy_read, sealed_text
from sharing.snapshots import Snapshot
from supporters import link_secrets
from supporters.models import SUPPORTER_LABEL as LABEL
from supporters.models import GuideSection, Supporter, SupporterEvent, SupporterLink, SupporterReply, SupporterShare


def guide_sections_from_service() -> list[GuideSection]:
    """The sections the clinic or service running this Waypoint added and left shown, in order."""
    return list(GuideSection.objects.filter(shown=True))


# --- Supporters, as the person sees them --------------------------------------------------------


@dataclass(frozen=True)
class SupporterView:
    supporter: Supporter
    name: str
    email: str
    link: SupporterLink | None  # the newest link, open or not
    copies: int
    replies: int = 0  # counted for the list of people only
    unseen: int = 0  # of those, the replies the person has not been shown yet
    # The journal is locked and this request cannot open it: no name or address, only when they
    # were added. Asked for only by the pages that stop sharing (see `_ring_or_none`).
    locked: bool = False

    @property
    def id(self) -> UUID:
        return self.supporter.id

    @property
    def link_is_live(self) -> bool:
        return self.link is not None and self.link.is_live


@sensitive_variables()
def _name(supporter: Supporter, ring: Any) -> str:
    return ring.decrypt(supporter.name, model=LABEL, field="name", record_id=supporter.id)  # type: ignore[no-any-return]


def _view(
    supporter: Supporter, ring: Any, *, link: SupporterLink | None, copies: int, replies: int = 0, unseen: int = 0
) -> SupporterView:
    if ring is None:
        # To the second: two people added one after the other fall in the same minute, and were
        # then two alike "someone you added on …" with nothing else to tell them apart.
        when = timezone.localtime(supporter.created_at)
        added = f"{formats.date_format(when, 'DATE_FORMAT')}, {formats.time_format(when, 'H:i:s')}"
        name = _("someone you added on %(when)s") % {"when": added}
        return SupporterView(supporter, name, "", link, copies, replies, unseen, locked=True)
    name = _name(supporter, ring)
    email = ring.decrypt(supporter.email, model=LABEL, field="email", record_id=supporter.id) if supporter.email else ""
    return SupporterView(
        supporter=supporter, name=name, email=email, link=link, copies=copies, replies=replies, unseen=unseen
    )


def _count_per_supporter(model: type[Model], **only: Any) -> Coalesce:
    """How many rows of `model` each supporter has (of those matching `only`), as its own subquery:
    counting copies and replies over one join would multiply the rows before counting them."""
    counted = (
        model._default_manager.filter(supporter=OuterRef("pk"), **only)
        .order_by()
        .values("supporter")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _ring_or_none(owner: User, *, names_optional: bool) -> Any:
    """The person's keyring; with `names_optional`, None while their journal is locked here.

    Stopping sharing deletes copies under keys of their own and opens nothing of the person's,
    so someone who forgot their passphrase can still stop sharing with one person and keep
    sharing with another. Those pages show each supporter by when they were added instead.
    """
    try:
        return user_keyring(owner)
    except JournalLocked:
        if not names_optional:
            raise
        return None


def supporters_for(*, owner: User, with_links: bool = True, names_optional: bool = False) -> list[SupporterView]:
    """The person's supporters by name; with their newest link unless only names are needed.

    With how many replies each has sent: their page tells the supporter a reply waits for the
    person here, and the list is where the person looks first.
    """
    found = Supporter.objects.filter(owner=owner).annotate(
        copy_count=_count_per_supporter(SupporterShare),
        reply_count=_count_per_supporter(SupporterReply),
        unseen_count=_count_per_supporter(SupporterReply, seen_at__isnull=True),
    )
    if with_links:
        found = found.prefetch_related(Prefetch("links", queryset=SupporterLink.objects.order_by("-created_at")))
    supporters = list(found)
    if not supporters:
        return []
    ring = _ring_or_none(owner, names_optional=names_optional)
    views = [
        _view(
            s,
            ring,
            link=next(iter(s.links.all()), None) if with_links else None,
            copies=s.copy_count,
            replies=s.reply_count,
            unseen=s.unseen_count,
        )
        for s in supporters
    ]
    if ring is None:
        return views  # in the order they were added, which their names then say
    return sorted(views, key=lambda view: view.name.casefold())


def supporters_exist(*, owner: User) -> bool:
    return Supporter.objects.filter(owner=owner).exists()


def supporter_for_owner(*, owner: User, supporter_id: UUID) -> Supporter:
    supporter = get_object_or_404(Supporter, id=supporter_id, owner=owner)
    supporter.owner = owner  # already at hand: its keyring opens the name without another query
    return supporter


def supporter_view(*, supporter: Supporter, copies: int = 0, names_optional: bool = False) -> SupporterView:
    ring = _ring_or_none(supporter.owner, names_optional=names_optional)
    link = supporter.links.order_by("-created_at").first()
    return _view(supporter, ring, link=link, copies=copies)


def link_is_open(*, supporter: Supporter) -> bool:
    """Whether they have a link that works now, so can read what is shared with them."""
    return supporter.links.filter(ended_at__isnull=True, expires_at__gt=timezone.now()).exists()


def copies_for(*, supporter: Supporter) -> list[SupporterShare]:
    return list(supporter.copies.select_related("entry").order_by("-shared_at"))


def copy_for_owner_or_none(*, owner: User, copy_id: UUID) -> SupporterShare | None:
    return SupporterShare.objects.select_related("supporter").filter(id=copy_id, supporter__owner=owner).first()


def gone_from_log(*, owner: User, item_id: UUID, action: str) -> UUID | None:
    """The supporter whose copy or reply this was, if the person's own log names it; else None.

    Only the person's own log is asked, so an id of someone else's is the same as one never made.
    """
    found: UUID | None = (
        SupporterEvent.objects.filter(supporter__owner=owner, item_id=item_id, action=action)
        .values_list("supporter_id", flat=True)
        .first()
    )
    return found


def log_for(*, supporter: Supporter) -> list[SupporterEvent]:
    return list(supporter.events.all()[:100])


@dataclass(frozen=True)
class ReplyView:
    reply: SupporterReply
    body: str


@sensitive_variables()
def replies_for(*, supporter: Supporter) -> list[ReplyView]:
    return [ReplyView(reply, sealed_text(reply, field="body")) for reply in supporter.replies.all()[:50]]


def replies_unseen_exist(*, owner: User) -> bool:
    """Whether someone the person trusts wrote back since they were last shown: one query, as the
    home page asks it on every visit. A removed supporter's replies went with them."""
    return SupporterReply.objects.filter(supporter__owner=owner, seen_at__isnull=True).exists()


def replies_readable(*, owner: User) -> bool:
    """Whether their words can be shown now: a journal locked here keeps them back too."""
    return _ring_or_none(owner, names_optional=True) is not None


def supporters_with_unseen_replies(*, owner: User) -> list[UUID]:
    """Whoever has a reply waiting, in the order the list of people shows them (by name, or by when
    they were added while the journal is locked here): one query, as the list's own."""
    return [view.id for view in supporters_for(owner=owner, with_links=False, names_optional=True) if view.unseen]


def reply_for_owner_or_none(*, owner: User, reply_id: UUID) -> SupporterReply | None:
    return SupporterReply.objects.filter(id=reply_id, supporter__owner=owner).first()


def names_of(copies: Sequence[SupporterShare]) -> list[str]:
    """The names of whoever holds these copies, for the person's own pages (their keyring)."""
    supporters = {copy.supporter_id: copy.supporter for copy in copies}
    if not supporters:
        return []
    ring = user_keyring(next(iter(supporters.values())).owner)
    return [_view(s, ring, link=None, copies=0).name for s in supporters.values()]


@dataclass(frozen=True)
class EntryHolders:
    """Some of the people holding a copy of one entry: whose copy is as the entry is now, and whose
    is from before its later changes (each copy is named once, in one of the two)."""

    current: list[str] = field(default_factory=list)
    older: list[str] = field(default_factory=list)

    # "Sam and דוד כהן": each name in its own <bdi>, so a name written right to left keeps its
    # place in the list (one <bdi> around them all took its direction from the first name).
    @property
    def current_shown(self) -> SafeString:
        return names_list(self.current)

    @property
    def older_shown(self) -> SafeString:
        return names_list(self.older)

    @property
    def everyone(self) -> list[str]:
        return [*self.current, *self.older]

    @property
    def everyone_shown(self) -> SafeString:
        return names_list(self.everyone)


@dataclass(frozen=True)
class EntryShared:
    """Everyone holding a copy of one entry, by whether they can read it now."""

    # A link open now: they can read their copy.
    reading: EntryHolders
    # No link open: their copy waits for their next link.
    waiting: EntryHolders
    # Their link ran out after the copy was shared: the hourly tidy-up deletes the copy, and so does
    # a new link (supporters/services.py), so it does not wait for one.
    going: EntryHolders
    # Where "Manage sharing" leads: the one person's page, or the list of people for several.
    supporter_id: UUID | None


# Each copy of an entry with its supporter's name, and when the last of their links not ended yet
# runs or ran out (None with none): the latest is enough, as some link is open exactly when it is
# later than now, and the tidy-up deletes by the last one it ends. Built once: only the entry and
# the person change, and building the subquery again on every entry page cost more than asking it
# (bench/pages.py). Only ever filtered, which copies it: never evaluated itself, so it holds no
# rows between requests.
_COPIES_WITH_LINK = (
    SupporterShare.objects.annotate(
        open_until=Subquery(
            SupporterLink.objects.filter(supporter=OuterRef("supporter_id"), ended_at__isnull=True)
            .order_by("-expires_at")
            .values("expires_at")[:1]
        )
    )
    .select_related("supporter")
    .only("shared_at", "supporter__name")
    .order_by("supporter__created_at")
)


def _can_read(copy: SupporterShare, now: datetime) -> bool:
    """Whether their link is open now: one not ended that has not run out (link_is_open)."""
    return copy.open_until is not None and copy.open_until > now  # type: ignore[attr-defined]


def _going(copy: SupporterShare, now: datetime) -> bool:
    """Whether, with no link open, one that ran out after this copy was shared waits for the hourly
    tidy-up, which ends it and deletes what it showed (services._link_expired_end): the copy goes,
    and a new link does not bring it back."""
    open_until: datetime | None = copy.open_until  # type: ignore[attr-defined]
    return open_until is not None and copy.shared_at <= open_until <= now


@sensitive_variables()
def entry_holders(*, owner: User, entry: Any) -> EntryShared | None:
    """The people this entry is shared with, for its own page; None when it is shared with nobody.

    One query, which also says of each copy whether its holder can read it now, waits for a link,
    or had a link that ran out since. The names are opened with the keyring the page already opened
    the entry with: names only, so two people of one name read the same in any line.
    """
    copies = list(_COPIES_WITH_LINK.filter(entry_id=entry.pk, supporter__owner=owner))
    if not copies:
        return None
    now = timezone.now()
    ring = user_keyring(owner)
    changed_at = getattr(entry, "updated_at", None)
    shared = EntryShared(
        reading=EntryHolders(),
        waiting=EntryHolders(),
        going=EntryHolders(),
        supporter_id=copies[0].supporter_id if len(copies) == 1 else None,
    )
    for copy in copies:
        held = shared.reading if _can_read(copy, now) else shared.going if _going(copy, now) else shared.waiting
        (held.older if changed_at and copy.shared_at < changed_at else held.current).append(_name(copy.supporter, ring))
    return shared


# --- The supporter's side ---------------------------------------------------------------------


def link_for_token(token: str) -> SupporterLink | None:
    """The link this address is for, open or ended, or None for an address that never was."""
    if not token or len(token) > 100:
        return None
    return SupporterLink.objects.filter(token_hash=link_secrets.token_hash(token)).select_related("supporter").first()


def copies_for_link(link: SupporterLink) -> list[tuple[SupporterShare, Snapshot]]:
    """What the supporter reads: the copies, opened with their own keys only (never the person's)."""
    return [(copy, copy_read(copy)) for copy in link.supporter.copies.order_by("-shared_at")]


# The guided letter to someone close (prompts/library/what-id-like-you-to-know.yaml).
LETTER_SLUG = "what-id-like-you-to-know"


def letter_sequence_id() -> int | None:
    """The shipped letter's reflection, to offer it beside the people it could be written to."""
    found: int | None = (
        PromptSequence.objects.filter(slug=LETTER_SLUG, clinic_key="").values_list("id", flat=True).first()
    )
    return found

"""Every write about supporters: adding them, their links, sharing copies with them, replies.

A supporter's copies are sharing's copies (sharing/copies.py), the same snapshot, key and log
design as a therapist's; this module says who they belong to and writes the person's log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journal.keyring import user_keyring
from journal.models import Entry
from safety.services import plan_get_or_create
from sharing.copies import copy_seal, sealed_fill
from sharing.snapshots import Snapshot, entry_snapshot
from supporters import link_secrets
from supporters.models import SUPPORTER_LABEL as LABEL
from supporters.models import Supporter, SupporterEvent, SupporterLink, SupporterReply, SupporterShare

NAME_CHARS = 60
REPLY_CHARS = 1000
# The choices a person has for how long a link works, in days.
LINK_DAYS = (1, 7, 30, 90)


@sensitive_variables("name", "email")
def supporter_add(*, owner: User, name: str, email: str = "") -> Supporter:
    name, email = name.strip(), email.strip()
    if not name or len(name) > NAME_CHARS:
        raise ValueError("A supporter has a short name.")
    supporter = Supporter(owner=owner)
    ring = user_keyring(owner)
    supporter.name = ring.encrypt(name, model=LABEL, field="name", record_id=supporter.id)
    supporter.email = ring.encrypt(email, model=LABEL, field="email", record_id=supporter.id) if email else None
    supporter.save(force_insert=True)
    return supporter


@transaction.atomic
def supporter_remove(*, supporter: Supporter) -> None:
    """Everything about them goes: links, copies and their keys, replies, the log."""
    supporter.delete()


def _event(
    *, supporter: Supporter, action: str, copy: SupporterShare | None = None, reply: SupporterReply | None = None
) -> None:
    written_on = copy.entry.written_on if copy is not None and copy.entry_id and copy.entry else None
    SupporterEvent.objects.create(
        supporter=supporter,
        action=action,
        item_id=copy.id if copy else (reply.id if reply else None),
        kind=copy.kind if copy else "",
        written_on=written_on,
    )


# --- Links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewLink:
    """A link just made: the token and code are shown to the person this once and never stored."""

    link: SupporterLink
    token: str
    code: str


@transaction.atomic
def link_make(*, supporter: Supporter, days: int, with_code: bool) -> NewLink:
    """A new private address. Any earlier one ends: only the newest can be open."""
    if days not in LINK_DAYS:
        raise ValueError(f"A link lasts one of {LINK_DAYS} days.")
    now = timezone.now()
    # One that ran out but waits for the hourly tidy-up ends now as it would have then, taking what
    # it showed with it. Ended below with the others, it would have been skipped by the tidy-up for
    # good, and everything it showed would have come back on the new link.
    for expired in SupporterLink.objects.filter(supporter=supporter, ended_at__isnull=True, expires_at__lte=now):
        _link_expired_end(expired)
    SupporterLink.objects.filter(supporter=supporter, ended_at__isnull=True).update(ended_at=now)
    token = link_secrets.token_new()
    link = SupporterLink(
        supporter=supporter, token_hash=link_secrets.token_hash(token), expires_at=now + timedelta(days=days)
    )
    code = link_secrets.code_new() if with_code else ""
    if code:
        link.code_hash = link_secrets.code_hash(code, link_id=link.id)
    link.save(force_insert=True)
    return NewLink(link=link, token=token, code=code)


@transaction.atomic
def sharing_stop_all(*, supporter: Supporter) -> None:
    """Stop sharing everything with them at once: every copy and its key go, and the link ends."""
    for copy in supporter.copies.select_related("entry"):
        share_stop(copy=copy)
    now = timezone.now()
    SupporterLink.objects.filter(supporter=supporter, ended_at__isnull=True).update(ended_at=now)
    # Stopping is the person stepping back from them: their replies stay on their page, but the
    # home page no longer calls the person to come and read them.
    supporter.replies.filter(seen_at__isnull=True).update(seen_at=now)


def links_expired_end() -> int:
    """Housekeeping: a link that has expired ends, and with no open link left, the copies go.

    The page already refuses an expired link the moment it expires; this makes sure the copies
    do not wait in the database for someone to press a button.
    """
    now = timezone.now()
    ended = 0
    for link in SupporterLink.objects.filter(ended_at__isnull=True, expires_at__lte=now).select_related("supporter"):
        with transaction.atomic():
            _link_expired_end(link)
            ended += 1
    return ended


def _link_expired_end(link: SupporterLink) -> None:
    """End a link that has run out; with no open link left, what it showed goes too."""
    SupporterLink.objects.filter(pk=link.pk).update(ended_at=link.expires_at)
    if not SupporterLink.objects.filter(supporter=link.supporter, ended_at__isnull=True).exists():
        # Only what the link showed: something shared since waits for the next link.
        for copy in link.supporter.copies.filter(shared_at__lte=link.expires_at).select_related("entry"):
            share_stop(copy=copy)


# --- Sharing copies ---------------------------------------------------------------------------


@sensitive_variables("snapshot")
def _store(
    *, supporter: Supporter, snapshot: Snapshot, entry: Entry | None = None, plan_id: Any = None
) -> SupporterShare:
    copy = SupporterShare(supporter=supporter, entry=entry, plan_id=plan_id)
    copy_seal(copy, snapshot)
    copy.save(force_insert=True)
    _event(supporter=supporter, action=SupporterEvent.Action.SHARED, copy=copy)
    return copy


@transaction.atomic
def share_entry(*, supporter: Supporter, entry: Entry) -> SupporterShare:
    """Share a copy of the entry as it is now. Sharing again replaces the earlier copy."""
    if entry.owner_id != supporter.owner_id:
        raise ValueError("Only the person's own entry can be shared with their supporter.")
    supporter.copies.filter(entry=entry).delete()
    return _store(supporter=supporter, snapshot=entry_snapshot(owner=supporter.owner, entry=entry), entry=entry)


@sensitive_variables("snapshot")
@transaction.atomic
def share_plan(*, supporter: Supporter, snapshot: Snapshot) -> SupporterShare:
    """Share the plan as the person's Share page read it (only the steps they chose, if they did).

    The page's own reading, not a new one: what is stored is exactly what they saw, even if a
    step changes in another tab meanwhile, and their words are opened once.
    """
    if snapshot.kind != "plan":
        raise ValueError("Only a plan is shared this way.")
    plan = plan_get_or_create(owner=supporter.owner)
    supporter.copies.filter(plan=plan).delete()
    return _store(supporter=supporter, snapshot=snapshot, plan_id=plan.id)


@transaction.atomic
def share_summary(*, supporter: Supporter, snapshot: Snapshot) -> SupporterShare:
    """Share a look-back summary, as made for the person on their own page. Each one is its own copy."""
    if snapshot.kind != "summary":
        raise ValueError("Only a summary is shared this way.")
    return _store(supporter=supporter, snapshot=snapshot)


@transaction.atomic
def share_stop(*, copy: SupporterShare) -> None:
    """Delete the copy and its key together: nothing of it can be opened again."""
    _event(supporter=copy.supporter, action=SupporterEvent.Action.STOPPED, copy=copy)
    copy.delete()


# --- The supporter's side ---------------------------------------------------------------------


def page_opened(*, link: SupporterLink) -> None:
    """The supporter opened what was shared: one line in the person's log, no content."""
    _event(supporter=link.supporter, action=SupporterEvent.Action.OPENED)


@sensitive_variables("body")
@transaction.atomic
def reply_add(*, link: SupporterLink, body: str) -> SupporterReply:
    body = body.strip()
    if not body or len(body) > REPLY_CHARS:
        raise ValueError("A reply is a few words.")
    reply = SupporterReply(supporter=link.supporter)
    sealed_fill(reply, field="body", text=body)
    reply.save(force_insert=True)
    _event(supporter=link.supporter, action=SupporterEvent.Action.REPLIED, reply=reply)
    return reply


def replies_mark_seen(*, owner: User, supporter: Supporter | None = None, shown_before: datetime | None = None) -> int:
    """The person was shown these replies had come: the home page stops saying someone wrote back.

    `shown_before` is when the page that showed them was drawn, so a reply that came in after it
    (and was never on that page) still waits to be seen.
    """
    found = SupporterReply.objects.filter(supporter__owner=owner, seen_at__isnull=True)
    if supporter is not None:
        found = found.filter(supporter=supporter)
    if shown_before is not None:
        found = found.filter(created_at__lte=shown_before)
    return found.update(seen_at=timezone.now())


def reply_delete(*, reply: SupporterReply) -> None:
    reply.delete()

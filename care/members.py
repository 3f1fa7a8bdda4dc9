"""Writes about who works at a clinic: inviting staff, joining, and what a therapist's leaving ends.

A link is between a person and a therapist *at a clinic*: the person said yes to that. When the
therapist is no longer a therapist there (removed, made admin only, or moved to another clinic),
their links there end, the copies shared on them are deleted, and both sides are told why; their
codes nobody has used yet stop working. Nothing moves to a colleague: the person never agreed to
share with anyone else.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.invites import invite_create
from accounts.models import InviteCode, User
from care.models import AuditEvent, Clinic, Invitation, Link, Membership, StaffInvite
from care.services import audit_record, invitation_cancel, link_end


@transaction.atomic
def staff_invite_create(*, clinic: Clinic, role: str, display_name: str, actor: User | None) -> StaffInvite:
    """A new invite to join the clinic. Its code is on `staff_invite.invite.code` only, to show once."""
    invite = invite_create(note=f"{clinic.key}: {role}")
    staff_invite = StaffInvite.objects.create(clinic=clinic, role=role, display_name=display_name, invite=invite)
    audit_record(clinic=clinic, actor=actor, action=AuditEvent.Action.MEMBER_CHANGED, target=f"invite {invite.pk}")
    return staff_invite


@transaction.atomic
def staff_invite_delete(*, staff_invite: StaffInvite, actor: User | None) -> None:
    # The code goes with it, unless someone already signed up with it (then it is their history).
    invite = staff_invite.invite
    target = f"invite {invite.pk}"  # read before deleting: Django clears pk on delete()
    staff_invite.delete()
    if invite.used_at is None:
        invite.delete()
    audit_record(clinic=staff_invite.clinic, actor=actor, action=AuditEvent.Action.MEMBER_CHANGED, target=target)


@transaction.atomic
def staff_invite_redeemed(*, user: User) -> Membership | None:
    """Called once someone has signed up: if their invite code came from a clinic, they join it."""
    staff_invite = StaffInvite.objects.filter(invite__used_by=user).select_related("clinic").first()
    if staff_invite is None:
        return None
    return _membership_from(staff_invite=staff_invite, user=user)


def _membership_from(*, staff_invite: StaffInvite, user: User) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=staff_invite.role,
        defaults={"clinic": staff_invite.clinic, "display_name": staff_invite.display_name},
    )
    if created:
        # Its own action: "Changed a clinic member" beside a new therapist's address read as that
        # therapist having changed someone.
        audit_record(clinic=membership.clinic, actor=user, action=AuditEvent.Action.MEMBER_JOINED, target=user.pk)
    return membership


@transaction.atomic
def staff_invite_join(*, staff_invite: StaffInvite, user: User) -> Membership | None:
    """Someone who already has an account uses a clinic's invite with it.

    Returns None, leaving the invite unused, if they already hold that role (one clinic per role)
    or someone else used the invite first.
    """
    if Membership.objects.filter(user=user, role=staff_invite.role).exists():
        return None
    now = timezone.now()
    taken = InviteCode.objects.filter(pk=staff_invite.invite_id, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now, used_by=user
    )
    if not taken:
        return None
    # This invite, not whichever of their used invites is newest: it may be their second role.
    return _membership_from(staff_invite=staff_invite, user=user)


@transaction.atomic
def clinic_links_settle(*, clinic: Clinic, actor: User | None) -> int:
    """Bring the clinic's open links in line with its members, after they change.

    Each link keeps the name its therapist goes by now, so it is still right once they have left;
    links whose therapist is no longer a therapist here end, and their unused codes are taken back
    (said yes to later, one would link a person with nobody here). Returns how many links ended.
    """
    therapists = Membership.objects.filter(clinic=clinic, role=Membership.Role.THERAPIST)
    open_links = Link.objects.filter(clinic=clinic, ended_at__isnull=True)
    for user_id, name in therapists.values_list("user_id", "display_name"):
        open_links.filter(therapist_id=user_id).exclude(therapist_name=name).update(therapist_name=name)
    departed = open_links.exclude(therapist_id__in=therapists.values("user_id"))
    ended = 0
    for link in departed.select_for_update(of=("self",)):
        link_end(link=link, because=Link.EndedBecause.THERAPIST_LEFT)
        audit_record(clinic=clinic, actor=actor, action=AuditEvent.Action.LINK_ENDED_MEMBER_LEFT, target=link.pk)
        ended += 1
    unused = Invitation.objects.filter(clinic=clinic, used_at__isnull=True)
    for invitation in unused.exclude(therapist_id__in=therapists.values("user_id")):
        invitation_cancel(invitation=invitation, actor=actor)
    return ended


@transaction.atomic
def staff_account_deleting(user: User) -> None:
    """Their account is going: at each clinic they leave as if removed there, so their clients
    read that the link ended and why, and keep the link's log (the link keeps their name)."""
    clinics = set(Clinic.objects.filter(memberships__user=user))
    clinics |= set(Clinic.objects.filter(links__therapist=user, links__ended_at__isnull=True))
    for membership in Membership.objects.filter(user=user).select_related("clinic"):
        membership.delete()
        audit_record(clinic=membership.clinic, actor=None, action=AuditEvent.Action.MEMBER_CHANGED, target=user.pk)
    for clinic in clinics:
        clinic_links_settle(clinic=clinic, actor=None)

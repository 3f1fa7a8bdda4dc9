"""Joining a clinic as a therapist or admin: the page a clinic's invite link opens.

Its own path, so a therapist is never shown the client's welcome: it says what the role means,
opens sign-up for this invite, and after confirming their email they land on their own page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.code_limits import code_missed, code_tries_paused
from accounts.invites import invite_code_hash, invite_meant_for, invite_to_session
from accounts.models import User
from accounts.types import AuthedRequest
from care import members, policy, selectors
from care.models import Membership, StaffInvite
from care.policy import staff_first_page
from config.names import stop_once_text


def _not_usable(request: HttpRequest) -> HttpResponse:
    return render(request, "care/join.html", {"staff_invite": None}, status=404)


@require_http_methods(["GET", "POST"])
def join(request: AuthedRequest) -> HttpResponse:
    # The code comes in the link's query (?code=, which the logs leave out) and back in the form.
    code = request.POST.get("code") or request.GET.get("code") or ""
    if not code.strip():
        return _not_usable(request)
    if (paused := code_tries_paused(request)) is not None:
        return paused
    staff_invite = selectors.staff_invite_for_code(code)
    if staff_invite is None and (joined := _joined_with(request, code)) is not None:
        # Their own link, opened again after joining (from the email, say): no "ask for a new one".
        return _join_signed_in(request, joined)
    if staff_invite is None:
        code_missed(request)
        return _not_usable(request)
    if not request.user.is_authenticated:
        if request.method == "POST":
            # Sign-up opens for this code even on an invite-only server; using it there joins the clinic.
            invite_to_session(request, staff_invite.invite)
            # The code goes along in the query (which the logs leave out), so the sign-up page's "Sign in"
            # can lead back here for someone who has an account already.
            query = urlencode({"next": staff_first_page(staff_invite.role), "code": staff_invite.invite.code})
            return redirect(f"{reverse('account_signup')}?{query}")
        # Someone with an account already signs in and comes back here to join with it, without
        # finding the link again (the code stays in the query, which the logs leave out).
        back = f"{reverse('care:join')}?{urlencode({'code': staff_invite.invite.code})}"
        sign_in = f"{reverse('account_login')}?{urlencode({'next': back})}"
        return render(request, "care/join.html", {"staff_invite": staff_invite, "sign_in_url": sign_in})
    return _join_signed_in(request, staff_invite)


@require_http_methods(["GET", "POST"])
@login_required
def join_pending(request: AuthedRequest) -> HttpResponse:
    """The invite this browser pressed "Create your account" on, named by the session, never by its code.

    Someone with an account already is only emailed that they have one (sign-up says nothing more,
    so nobody learns which addresses have accounts): signing in leads here, and they join as from
    the link, by pressing Join once signed in.
    """
    staff_invite = policy.staff_invite_from_session(request)
    if staff_invite is None or not (staff_invite.invite.is_usable or _still_joined(request.user, staff_invite)):
        return _not_usable(request)
    if not (_still_joined(request.user, staff_invite) or invite_meant_for(request, request.user)):
        # On a shared browser, whoever signs in next is not shown someone else's invite, nor its
        # clinic: only the account whose address sign-up was tried with. The invite's own link still works.
        return _not_usable(request)
    return _join_signed_in(request, staff_invite, action=reverse("care:join_pending"))


def _joined_with(request: HttpRequest, code: str) -> StaffInvite | None:
    """The invite this signed-in account joined its clinic with, while it is still a member there."""
    if not request.user.is_authenticated:
        return None
    staff_invite = (
        StaffInvite.objects.filter(invite__code_hash=invite_code_hash(code), invite__used_by=request.user)
        .select_related("clinic", "invite")
        .first()
    )
    return staff_invite if staff_invite is not None and _still_joined(request.user, staff_invite) else None


def _still_joined(user: User, staff_invite: StaffInvite) -> bool:
    """This account used the invite and is still a member with it: nothing is wrong, it was theirs."""
    return (
        staff_invite.invite.used_by_id == user.pk
        and Membership.objects.filter(user=user, role=staff_invite.role, clinic=staff_invite.clinic).exists()
    )


def _join_signed_in(request: AuthedRequest, staff_invite: StaffInvite, *, action: str = "") -> HttpResponse:
    user = request.user
    current = Membership.objects.filter(user=user, role=staff_invite.role).select_related("clinic").first()
    if request.method == "POST" and current is None:
        membership = members.staff_invite_join(staff_invite=staff_invite, user=user)
        if membership is None:  # someone used the code a moment before
            return _not_usable(request)
        clinic = membership.clinic.name
        messages.success(request, stop_once_text(_("You have joined %(clinic)s.") % {"clinic": clinic}, clinic))
        return redirect(staff_first_page(membership.role))
    return render(
        request,
        "care/join.html",
        {
            "staff_invite": staff_invite,
            "current": current,
            "first_page": staff_first_page(staff_invite.role),
            # The session's invite is joined from its own address: its code is not known here.
            "action": action or reverse("care:join"),
        },
    )

"""Accepting a therapist's invitation: by a code typed on the care page, by the link with its code,
or after signing in or up, by the invitation this browser opened before (kept in the session)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.code_limits import code_missed, code_tries_paused
from accounts.reauth import confirm_its_you, recently_signed_in
from accounts.types import AuthedRequest
from care import selectors, services
from care.forms import CodeForm
from care.models import Invitation, Link, Membership, invitation_code_hash
from care.policy import INVITATION_SESSION_KEY, invitation_to_session, invitation_waiting
from care.views.person import index_context
from config.names import stop_once_text


@require_POST
@login_required
def accept_code(request: AuthedRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return render(request, "care/person.html", index_context(request, code_form=form), status=200)
    if (paused := code_tries_paused(request)) is not None:
        return paused
    # What they typed stays in the box, so a code read over the phone can be checked letter by letter.
    invitation = _usable_invitation(request, services.code_clean(form.cleaned_data["code"]), code_form=form)
    if isinstance(invitation, HttpResponse):
        return invitation
    if invitation.therapist_id == request.user.pk:
        return _own_code(request)
    # Kept by its id in the session, as a link opened before signing in is: the code stays out
    # of the address, and so out of the browser's history.
    invitation_to_session(request, invitation)
    return redirect("care:accept_pending")


# The link this browser made by saying yes, by its id: Back to the question, or the same question
# answered in a second tab, then says they are linked instead of "we can't find your invitation".
LINKED_SESSION_KEY = "waypoint_care_linked"


def _invitation_for_code(code: str) -> Invitation | None:
    return Invitation.objects.filter(code_hash=invitation_code_hash(code)).select_related("clinic").first()


def _usable_invitation(
    request: HttpRequest, code: str, *, code_form: CodeForm | None = None
) -> Invitation | HttpResponse:
    """The usable invitation a code names, or the page to show instead: "you are already linked"
    where the code was spent by saying yes, or (a miss, counted towards a pause) "this code doesn't work"."""
    found = _invitation_for_code(code)
    if found is not None and found.is_usable:
        return found
    if (link := _open_link_through(request, found)) is not None:
        return _already_linked(request, link)
    code_missed(request)
    return _not_working(request, code_form=code_form)


def _open_link_through(request: HttpRequest, invitation: Invitation | None) -> Link | None:
    """This person's open link with the therapist of a used invitation: the code is spent because
    they said yes to it (or are linked with that therapist anyway), so nothing is wrong."""
    if invitation is None or invitation.used_at is None or not request.user.is_authenticated:
        return None
    return Link.objects.filter(
        person=request.user, therapist_id=invitation.therapist_id, clinic_id=invitation.clinic_id, ended_at__isnull=True
    ).first()


def _link_made_here(request: AuthedRequest) -> Link | None:
    link_id = request.session.get(LINKED_SESSION_KEY)
    if not isinstance(link_id, str):
        return None
    try:
        return Link.objects.filter(pk=link_id, person=request.user, ended_at__isnull=True).first()
    except ValidationError:  # not a link's id
        return None


def _already_linked(request: HttpRequest, link: Link) -> HttpResponse:
    """Said yes already: Back to the question, a second tab, or the link opened again. Saying
    "this code doesn't work" would send them to ask for a new one they don't need."""
    name = selectors.therapist_name_now(link)
    if request.method == "POST":
        messages.info(request, stop_once_text(_("You are already linked with %(name)s.") % {"name": name}, name))
        return redirect("care:index")
    return render(request, "care/accept.html", {"invitation": None, "linked_with": name})


def _therapist_name(invitation: Invitation) -> str:
    therapist = Membership.objects.filter(
        user_id=invitation.therapist_id, role=Membership.Role.THERAPIST, clinic=invitation.clinic
    ).first()
    return therapist.display_name if therapist else ""


def _not_working(request: HttpRequest, *, pending: bool = False, code_form: CodeForm | None = None) -> HttpResponse:
    """The kind page for a code or an invitation that cannot be used (any more, or by this person)."""
    context = {
        "invitation": None,
        "pending": pending,
        "code_form": code_form or CodeForm(),
        "sign_in_for_care": f"{reverse('account_login')}?{urlencode({'next': reverse('care:index')})}",
    }
    return render(request, "care/accept.html", context, status=404)


def _own_code(request: HttpRequest) -> HttpResponse:
    """A therapist opening the link they made, to see it works: it is for their client, not a fault."""
    return render(request, "care/accept.html", {"invitation": None, "own_code": True}, status=404)


def _accept_signed_out(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """Someone opening their therapist's link before they have signed in, or have an account."""
    if invitation is None:
        return _not_working(request)
    # Kept (by its id, never the code) so a server that is invite-only still lets this person
    # create an account, and so signing in (or confirming a new email) leads back to it.
    invitation_to_session(request, invitation)
    # Back to the page that reads the invitation from the session: the code stays out of the
    # sign-in page's address, and out of what allauth keeps in the session while it confirms an email.
    back = urlencode({"next": reverse("care:accept_pending")})
    return render(
        request,
        "care/accept.html",
        {
            "invitation": invitation,
            "therapist_name": _therapist_name(invitation),
            "sign_in_url": f"{reverse('account_login')}?{back}",
            # Taken by the account this link already made: signing in is the way now.
            "sign_up_url": f"{reverse('account_signup')}?{back}" if invitation.signed_up_id is None else "",
        },
    )


def _confirm_first(request: AuthedRequest, invitation: Invitation) -> HttpResponse | None:
    """ "Confirm it's you" before the question is asked or answered, unless the person signed in or
    confirmed a few minutes ago: a browser left signed in must not let anyone link the account
    with a therapist, who could then be shared with in a tap. Back by the page that reads the
    invitation from the session (by its id), so no code is in an address."""
    if recently_signed_in(request):
        return None
    invitation_to_session(request, invitation)
    why = _("We ask so nobody else using this device can link your account with someone.")
    return confirm_its_you(request, then=reverse("care:accept_pending"), why=why)


def _accepted(request: AuthedRequest, link: Link) -> HttpResponse:
    request.session.pop(INVITATION_SESSION_KEY, None)
    request.session[LINKED_SESSION_KEY] = str(link.pk)
    messages.success(request, _("You are linked. Nothing is shared until you choose to share it."))
    return redirect("care:index")


@require_http_methods(["GET", "POST"])
def accept(request: AuthedRequest, code: str) -> HttpResponse:
    """The therapist's link, with its code: the way in for someone who got it by email or on paper."""
    if (paused := code_tries_paused(request)) is not None:
        return paused
    invitation = _usable_invitation(request, code)
    if isinstance(invitation, HttpResponse):
        return invitation
    if not request.user.is_authenticated:
        if request.method == "POST":
            # Signed out since the page opened: signing in leads back by the session, as from the link.
            invitation_to_session(request, invitation)
            return redirect_to_login(reverse("care:accept_pending"))
        return _accept_signed_out(request, invitation)
    if invitation.therapist_id == request.user.pk:
        return _own_code(request)
    if (confirm := _confirm_first(request, invitation)) is not None:
        return confirm
    if request.method == "POST":
        try:
            link = services.invitation_accept(code=code, person=request.user)
        except services.InvitationUnusable:
            return _not_working(request)
        return _accepted(request, link)
    accept_url = reverse("care:accept", kwargs={"code": services.code_clean(code)})
    context = {"invitation": invitation, "therapist_name": _therapist_name(invitation), "accept_url": accept_url}
    return render(request, "care/accept.html", context)


@require_http_methods(["GET", "POST"])
def accept_pending(request: AuthedRequest) -> HttpResponse:
    """The invitation this browser opened before signing in or up, named in the session by its id (or,
    signed in, the one this account was created through: see policy.invitation_waiting).

    Where signing in and signing up lead back to, so no code is in the address. It asks the same
    question as the link itself, and saying yes uses the invitation the session names.
    """
    invitation = invitation_waiting(request)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(reverse("care:accept_pending"))
        return (
            _accept_signed_out(request, invitation) if invitation is not None else _not_working(request, pending=True)
        )
    # Only someone who could say yes to it sees it: not its own therapist, and not another account
    # than the one it opened sign-up for.
    if (
        invitation is None
        or invitation.therapist_id == request.user.pk
        or invitation.signed_up_id not in (None, request.user.pk)
    ):
        if invitation is None and (link := _link_made_here(request)) is not None:
            return _already_linked(request, link)
        return _not_working(request, pending=True)
    if (confirm := _confirm_first(request, invitation)) is not None:
        return confirm
    if request.method == "POST":
        try:
            link = services.invitation_use(invitation=invitation, person=request.user)
        except services.InvitationUnusable:
            return _not_working(request, pending=True)
        return _accepted(request, link)
    context = {
        "invitation": invitation,
        "therapist_name": _therapist_name(invitation),
        "accept_url": reverse("care:accept_pending"),
    }
    return render(request, "care/accept.html", context)

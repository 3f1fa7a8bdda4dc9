"""The therapist's side: clients, invitations, homework, and the items clients chose to share."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from care import selectors, services
from care.access import MemberRequest, is_fragment, therapist_required
from care.forms import AssignForm, SuggestionForm
from care.models import AuditEvent, Invitation, Link, SharedItem
from safety.plan_sections import SECTIONS_BY_SLUG


def _get_link_for_therapist(request: MemberRequest, link_id: UUID) -> Link:
    # The clinic check means a therapist who moved clinics leaves their old clients behind.
    return get_object_or_404(
        Link.objects.select_related("person", "clinic"),
        id=link_id,
        therapist=request.user,
        clinic=request.membership.clinic,
        ended_at__isnull=True,
    )


def _get_shared_item_for_therapist(request: MemberRequest, link: Link, item_id: UUID) -> SharedItem:
    return get_object_or_404(SharedItem.objects.select_related("entry", "link__clinic"), id=item_id, link=link)


def _dashboard_context(request: MemberRequest) -> dict[str, Any]:
    membership = request.membership
    return {
        "membership": membership,
        "clients": list(selectors.clients_for(membership)),
        "invitations": list(selectors.open_invitations_for(membership)),
        "shared_items": list(selectors.shared_items_for_therapist(membership)[:50]),
    }


@require_GET
@therapist_required
@vary_on_headers("HX-Request")
def dashboard(request: MemberRequest) -> HttpResponse:
    services.audit_record(
        clinic=request.membership.clinic, actor=request.user, action=AuditEvent.Action.CLIENT_LIST_OPENED
    )
    return render(request, "care/dashboard.html", _dashboard_context(request))


@require_POST
@therapist_required
@vary_on_headers("HX-Request")
def invitation_create(request: MemberRequest) -> HttpResponse:
    invitation = services.invitation_create(membership=request.membership)
    if is_fragment(request):
        context = {**_dashboard_context(request), "new_invitation": invitation}
        return render(request, "care/dashboard.html#invitations", context)
    return redirect("care:dashboard")


@require_POST
@therapist_required
def invitation_cancel(request: MemberRequest, invitation_id: UUID) -> HttpResponse:
    """Take back a code that was not used yet, e.g. one sent to the wrong person."""
    invitation = get_object_or_404(
        Invitation,
        id=invitation_id,
        therapist=request.user,
        clinic=request.membership.clinic,
        used_at__isnull=True,
    )
    services.invitation_cancel(invitation=invitation, actor=request.user)
    messages.success(request, _("That code no longer works."))
    return redirect("care:dashboard")


def _client_context(request: MemberRequest, link: Link, form: AssignForm | None = None) -> dict[str, Any]:
    return {
        "link": link,
        "homework": selectors.homework_for_link(link),
        "shared_items": list(selectors.shared_items_for_link(link)),
        "form": form or AssignForm(sequences=selectors.sequences_for_clinic(link.clinic)),
    }


@require_GET
@therapist_required
@vary_on_headers("HX-Request")
@sensitive_variables()
def client(request: MemberRequest, link_id: UUID) -> HttpResponse:
    link = _get_link_for_therapist(request, link_id)
    services.audit_record(
        clinic=link.clinic, actor=request.user, action=AuditEvent.Action.CLIENT_OPENED, target=link.id
    )
    return render(request, "care/client.html", _client_context(request, link))


@require_POST
@therapist_required
@vary_on_headers("HX-Request")
@sensitive_post_parameters("note")
@sensitive_variables()
def assign(request: MemberRequest, link_id: UUID) -> HttpResponse:
    link = _get_link_for_therapist(request, link_id)
    form = AssignForm(request.POST, sequences=selectors.sequences_for_clinic(link.clinic))
    if form.is_valid():
        services.homework_assign(link=link, **form.cleaned_data)
        if not is_fragment(request):
            return redirect("care:client", link_id=link.id)
        form = AssignForm(sequences=selectors.sequences_for_clinic(link.clinic))
    template = "care/client.html#homework" if is_fragment(request) else "care/client.html"
    return render(request, template, _client_context(request, link, form))


@require_GET
@therapist_required
@sensitive_variables()
def shared_item(request: MemberRequest, link_id: UUID, item_id: UUID) -> HttpResponse:
    link = _get_link_for_therapist(request, link_id)
    item = _get_shared_item_for_therapist(request, link, item_id)
    snapshot = services.shared_item_open(item=item, therapist=request.user)
    return render(request, "care/shared_item.html", {"link": link, "item": item, "snapshot": snapshot})


@require_http_methods(["GET", "POST"])
@therapist_required
@sensitive_post_parameters("body")
@sensitive_variables()
def plan_suggest(request: MemberRequest, link_id: UUID, item_id: UUID, section: str) -> HttpResponse:
    link = _get_link_for_therapist(request, link_id)
    item = _get_shared_item_for_therapist(request, link, item_id)
    if item.kind != SharedItem.Kind.PLAN or section not in SECTIONS_BY_SLUG:
        raise Http404
    snapshot = services.shared_item_read(item)
    step = next((s for s in snapshot.steps if s.section.slug == section), None)
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_valid():
            services.plan_suggestion_create(
                item=item, section=section, body=form.cleaned_data["body"], therapist=request.user
            )
            return redirect("care:shared_item", link_id=link.id, item_id=item.id)
    else:
        form = SuggestionForm(initial={"body": step.body if step else ""})
    return render(
        request,
        "care/plan_suggest.html",
        {"link": link, "item": item, "section": SECTIONS_BY_SLUG[section], "step": step, "form": form},
    )

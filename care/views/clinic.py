"""The clinic admin's page: the audit log of who did what and when, never what anyone wrote."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from care import services
from care.access import MemberRequest, clinic_admin_required, is_fragment
from care.models import AuditEvent

PAGE_SIZE = 50


@require_GET
@clinic_admin_required
@vary_on_headers("HX-Request")
def audit(request: MemberRequest) -> HttpResponse:
    clinic = request.membership.clinic
    if request.GET.get("page") in (None, "", "1"):
        services.audit_record(clinic=clinic, actor=request.user, action=AuditEvent.Action.AUDIT_OPENED)
    events = AuditEvent.objects.filter(clinic=clinic).order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "care/audit.html#events" if is_fragment(request) else "care/audit.html"
    return render(request, template, {"clinic": clinic, "page": page})

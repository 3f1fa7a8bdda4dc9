"""The clinic admin's pages: the audit log of who did what and when, never what anyone wrote."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from care import services
from care.access import MemberRequest, clinic_admin_required
from care.models import AuditEvent, Clinic, audit_who
from config.htmx import wants_fragment

PAGE_SIZE = 50
# A spreadsheet runs a cell starting with one of these as a formula; actor labels are emails
# people chose, so a leading apostrophe keeps them as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _events_for(clinic: Clinic) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(clinic=clinic).order_by("-at", "-id")


@require_GET
@clinic_admin_required
@vary_on_headers("HX-Request")
def audit(request: MemberRequest) -> HttpResponse:
    clinic = request.membership.clinic
    # A write on GET the walk allows, as for every opening at a clinic; turning pages is not another.
    services.audit_record_opening(clinic=clinic, actor=request.user)
    page = Paginator(_events_for(clinic), PAGE_SIZE).get_page(request.GET.get("page"))
    if not wants_fragment(request):
        return render(request, "care/audit.html", {"clinic": clinic, "page": page})
    response = render(request, "care/audit.html#events", {"clinic": clinic, "page": page})
    # Older and Newer put the page in the address, as links without htmx do: a reload or Back
    # from another page came to the newest actions again, the admin's place lost.
    return push_url(response, f"{request.path}?page={page.number}")


def _csv_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@require_GET
@clinic_admin_required
def audit_export(request: MemberRequest) -> HttpResponse:
    """The whole log as CSV, the same columns as the page. No-store comes from PrivacyHeadersMiddleware."""
    clinic = request.membership.clinic
    services.audit_record(clinic=clinic, actor=request.user, action=AuditEvent.Action.AUDIT_DOWNLOADED)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # Only the date in the name: it lands in a downloads folder other people may see.
    response["Content-Disposition"] = f'attachment; filename="waypoint-audit-log-{timezone.localdate():%Y-%m-%d}.csv"'
    # The byte-order mark is how spreadsheet programs know the file is UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("When"), _("Who"), _("What"), _("Reference")])
    labels = dict(AuditEvent.Action.choices)
    rows = _events_for(clinic).values_list("at", "actor_label", "action", "target")
    for at, actor_label, action, target in rows.iterator(chunk_size=2000):
        when = timezone.localtime(at).isoformat(timespec="seconds")
        who = audit_who(actor_label=actor_label, action=action)
        writer.writerow([_csv_cell(str(cell)) for cell in (when, who, labels.get(action, action), target)])
    return response

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.middleware import keeps_text_when_locked
from accounts.signed_out import login_required_keep_text
from accounts.types import AuthedRequest
from config.htmx import wants_fragment
from safety import crisis_selectors, selectors, services
from safety.forms import (
    PlanContactForm,
    PlanStepForm,
    RegionPickForm,
    ReviewDateForm,
    SafetySettingsForm,
)
from safety.models import PlanContact
from safety.person_region import request_region, visitor_region_set
from safety.plan_markdown import plan_markdown
from safety.plan_sections import SECTIONS_BY_SLUG
from safety.plan_step_beacon import saved_elsewhere_since
from safety.urge_selectors import preferences_for

# --- Help and the hub (open to everyone, signed in or not) ---------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/index.html")


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """Every resource for a region plus the international directory. Never behind a sign-in."""
    here = request_region(request)
    region, no_lines_for, elsewhere = here.region, here.no_lines_for, here.may_be_elsewhere
    form = RegionPickForm(request.GET or None, initial={"region": region})
    if request.GET and form.is_valid():
        region = form.cleaned_data["region"]
        no_lines_for, elsewhere = "", False
        if not request.user.is_authenticated:
            # A visitor's choice also sets the strip, on this page and the pages that follow.
            visitor_region_set(request, region)
    try:
        resources = crisis_selectors.region_resources(region)
    except Exception:
        resources = crisis_selectors.fallback_resources(region)
    context = {"resources": resources, "form": form, "no_lines_for": no_lines_for, "lines_elsewhere": elsewhere}
    return render(request, "safety/help.html", context)


# --- The safety plan -------------------------------------------------------------------------


def _get_contact_for_user(request: AuthedRequest, contact_id: UUID) -> PlanContact:
    return get_object_or_404(PlanContact, id=contact_id, owner=request.user)


def _section_or_404(section: str) -> str:
    if section not in SECTIONS_BY_SLUG:
        raise Http404
    return section


# The per-step editing page was opened from the reading page: saving or cancelling goes back there.
PLAN_BACK_TO_READING = "read"


def _plan_context(request: AuthedRequest, plan: selectors.PlanView | None = None, **extra: Any) -> dict[str, Any]:
    # A plan the view has just read is not read (and decrypted) a second time.
    plan = plan if plan is not None else selectors.plan_for_owner(request.user)
    context: dict[str, Any] = {
        "plan": plan,
        "editing": "",
        "form": None,
        "contact_form": PlanContactForm(),
        "contact_section": "",
        "review_form": ReviewDateForm(initial={"review_on": plan.review_on}),
        "back_to_reading": False,
        "back_word": PLAN_BACK_TO_READING,
        # Where focus lands once htmx swaps a step in (plan.html): its "Edit" button (back from
        # Cancel), its heading (after a save or a removal), a new contact's row, or "" when a
        # form field is marked instead (safety/forms.py).
        "step_focus": "edit",
        "new_contact_id": None,
    }
    context.update(extra)
    return context


def _render_step(
    request: AuthedRequest, section: str, status: int = 200, plan: selectors.PlanView | None = None, **extra: Any
) -> HttpResponse:
    context = _plan_context(request, plan, **extra)
    if wants_fragment(request):
        context["step"] = context["plan"].step(section)
        # htmx only swaps 2xx responses: a kind error message has to arrive as a 200.
        return render(request, "safety/plan.html#step", context)
    return render(request, "safety/plan.html", context, status=status)


def _back_to_plan(section: str, *, to_reading: bool = False) -> HttpResponse:
    """After a save without JavaScript: back to the page the person started from, at that step."""
    url = reverse("safety:plan" if to_reading else "safety:plan_edit")
    return redirect(f"{url}#step-{section}")


def _came_from_reading(request: HttpRequest) -> bool:
    # A fixed word, never a URL, so no one can build a link that sends the person elsewhere.
    return (request.POST if request.method == "POST" else request.GET).get("back") == PLAN_BACK_TO_READING


@require_GET
@login_required
@sensitive_variables()
def plan(request: AuthedRequest) -> HttpResponse:
    """The plan to read, calm and short; editing is one explicit tap away, at its own address."""
    return render(request, "safety/plan_read.html", {"plan": selectors.plan_for_owner(request.user)})


@require_GET
@login_required
@vary_on_headers("HX-Request")
def plan_edit(request: AuthedRequest) -> HttpResponse:
    context = _plan_context(request)
    if request.GET.get("review") == "saved":
        # Back from Save date without JavaScript, at #review, the page's foot: the words go there,
        # where the person is, not to the messages at the top of the page, out of sight.
        context["review_saved"] = _review_saved_words(context["plan"].review_on)
    return render(request, "safety/plan.html", context)


@keeps_text_when_locked
@require_http_methods(["GET", "POST"])
@login_required_keep_text  # signed out elsewhere meanwhile: the words come back, never the sign-in page instead
@vary_on_headers("HX-Request")
@sensitive_post_parameters()
@sensitive_variables()
def plan_step(request: AuthedRequest, section: str) -> HttpResponse:
    """Edit one step in place: HTMX swaps just this section; without JavaScript it is a full page."""
    section = _section_or_404(section)
    to_reading = _came_from_reading(request)
    if request.method == "POST":
        form = PlanStepForm(request.POST, section=section)
        if form.is_valid():
            if saved_elsewhere_since(request, section):
                return HttpResponse(status=409)
            services.plan_step_save(owner=request.user, section=section, **form.cleaned_data)
            if wants_fragment(request):
                return _render_step(request, section, step_focus="heading")
            return _back_to_plan(section, to_reading=to_reading)
        return _render_step(request, section, status=422, editing=section, form=form, back_to_reading=to_reading)
    plan = selectors.plan_for_owner(request.user)
    step = plan.step(section)
    form = PlanStepForm(initial={"body": step.body, "obstacles": step.obstacles}, section=section)
    return _render_step(request, section, plan=plan, editing=section, form=form, back_to_reading=to_reading)


@keeps_text_when_locked  # a name and number typed in are the person's words too
@require_POST
@login_required_keep_text
@vary_on_headers("HX-Request")
@sensitive_post_parameters()
@sensitive_variables()
def plan_contact_add(request: AuthedRequest, section: str) -> HttpResponse:
    section = _section_or_404(section)
    if not SECTIONS_BY_SLUG[section].has_contacts:
        raise Http404
    form = PlanContactForm(request.POST)
    # keep_words, here and on removing: the step's own words stay as the page has them (plan.html),
    # so an editor open beside "Add someone" keeps what is half written in it.
    if form.is_valid():
        contact = services.plan_contact_add(
            owner=request.user, section=section, put_back_at=_put_back_at(request), **form.cleaned_data
        )
        if wants_fragment(request):
            return _render_step(request, section, step_focus="contact", new_contact_id=str(contact.id), keep_words=True)
        return _back_to_plan(section)
    return _render_step(
        request, section, status=422, contact_form=form, contact_section=section, step_focus="", keep_words=True
    )


@require_POST
@login_required
@vary_on_headers("HX-Request")
@sensitive_variables()
def plan_contact_delete(request: AuthedRequest, contact_id: UUID) -> HttpResponse:
    contact = _get_contact_for_user(request, contact_id)
    section = contact.section
    # A mis-tap must not lose a safe person's number: the step comes back with Undo, which holds
    # the name and number in the page only (never stored anywhere) and puts them back in place.
    removed = selectors.contact_for_owner(request.user, contact)
    added_at = contact.created_at.isoformat()
    services.plan_contact_delete(contact=contact)
    return _render_step(
        request,
        section,
        step_focus="removed",
        removed=removed,
        removed_section=section,
        removed_added_at=added_at,
        keep_words=True,
    )


def _put_back_at(request: HttpRequest) -> datetime | None:
    """When a contact that Undo brings back was first added; None for a new one, or nonsense."""
    try:
        when = datetime.fromisoformat(request.POST.get("put_back_at", ""))
    except ValueError:
        return None
    return when if timezone.is_aware(when) else None


def _review_saved_words(review_on: date | None) -> str:
    if review_on is None:
        return _("Saved. No date for now.")
    return _("Saved. You'd like to look at it again on %(date)s.") % {"date": date_format(review_on, "DATE_FORMAT")}


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_review(request: AuthedRequest) -> HttpResponse:
    """The date to look at the plan again. Saving says so where the date is (a plain page reload
    at the foot of a long page showed nothing to say it was kept)."""
    form = ReviewDateForm(request.POST)
    if form.is_valid():
        review_on = form.cleaned_data["review_on"]
        services.plan_set_review(owner=request.user, review_on=review_on)
        if wants_fragment(request):
            form = ReviewDateForm(initial={"review_on": review_on})
            context = {"review_form": form, "review_saved": _review_saved_words(review_on)}
            return render(request, "safety/plan.html#review", context)
        return redirect(f"{reverse('safety:plan_edit')}?review=saved#review")
    if wants_fragment(request):
        # htmx only swaps 2xx responses: the kind message has to arrive as a 200.
        return render(request, "safety/plan.html#review", {"review_form": form})
    return render(request, "safety/plan.html", _plan_context(request, review_form=form), status=422)


@require_GET
@login_required
@sensitive_variables()
def plan_print(request: AuthedRequest) -> HttpResponse:
    return render(request, "safety/plan_print.html", {"plan": selectors.plan_for_owner(request.user)})


@require_GET
@login_required
@sensitive_variables()
def plan_download(request: AuthedRequest) -> HttpResponse:
    text = plan_markdown(
        plan=selectors.plan_for_owner(request.user),
        resources=crisis_selectors.strip_for_request(request),
        request=request,
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    # A neutral file name: downloads folders are often shared too.
    response["Content-Disposition"] = 'attachment; filename="waypoint-plan.md"'
    return response


# --- The person's safety settings ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def safety_settings(request: AuthedRequest) -> HttpResponse:
    # A read on GET: someone who only looks at their settings leaves no row behind.
    preferences = preferences_for(request.user)
    data = request.POST if request.method == "POST" else None
    initial = {"gentle_check": preferences.gentle_check, "show_wave_count": preferences.show_wave_count}
    form = SafetySettingsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_set_gentle_check(owner=request.user, enabled=form.cleaned_data["gentle_check"])
        services.preferences_set_wave_count(owner=request.user, shown=form.cleaned_data["show_wave_count"])
        messages.success(request, _("Saved."))
        return redirect("safety:settings")
    return render(request, "safety/settings.html", {"form": form})

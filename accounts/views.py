from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.code_limits import code_missed, code_tries_paused
from accounts.forms import FirstRegionForm, InviteForm, RegionForm, TimeZoneForm
from accounts.invites import invite_find, invite_route, invite_to_session
from accounts.middleware import LAST_SEEN_KEY, idle_timeout_seconds, seconds_before_lock
from accounts.services import user_set_region, user_set_time_zone, user_skip_region_question
from accounts.time_zones import time_zone_label, zone_for
from accounts.types import AuthedRequest
from config import next_url
from config.account_marker import account_marker
from config.htmx import wants_fragment
from config.site_policy import policy_for


def _zone_in_use(request: AuthedRequest) -> str:
    # The zone in a sentence that wraps: a select shows one line, and at 320 px a long name
    # ("America / Argentina / ComodRivadavia") is cut. A name that no longer works counts as none.
    return time_zone_label(request.user.time_zone) if zone_for(request.user.time_zone) else ""


@login_required
@require_http_methods(["GET", "POST"])
def settings_index(request: AuthedRequest) -> HttpResponse:
    form = RegionForm(request.POST or None, initial={"region": request.user.crisis_region})
    if request.method == "POST" and form.is_valid():
        user_set_region(user=request.user, region=form.cleaned_data["region"])
        messages.success(request, _("Saved. The help shown on every page now fits where you are."))
        return redirect("accounts:settings")
    # The zone in words and a link, not the list: its ~600 names made this page, the cheapest signed-in
    # one and the one issue #16's bench measures, 46 KB of HTML where 12 KB say the same.
    context = {"form": form, "zone_chosen": _zone_in_use(request), "site_zone": settings.TIME_ZONE}
    return render(request, "accounts/settings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def time_zone_page(request: AuthedRequest) -> HttpResponse:
    """The list of zones, on a page of its own; and where the device's own zone is saved in one press
    (Settings, or a page where times of day matter, which the offer's next brings the person back to)."""
    if request.method == "GET":
        zone_form = TimeZoneForm(initial={"time_zone": request.user.time_zone})
    else:
        zone_form = TimeZoneForm(request.POST)
        if wants_fragment(request):
            return _time_zone_saved_in_place(request, zone_form)
        if zone_form.is_valid():
            return _time_zone_saved(request, zone_form.cleaned_data["time_zone"])
    context = {"zone_form": zone_form, "zone_chosen": _zone_in_use(request), "site_zone": settings.TIME_ZONE}
    return render(request, "accounts/time_zone.html", context)


def _said_saved(name: str) -> str:
    if name:
        return _("Saved. Times now follow %(zone)s.") % {"zone": time_zone_label(name)}
    return _("Saved. Times now follow %(zone)s, the site's own time zone.") % {"zone": settings.TIME_ZONE}


def _time_zone_saved_in_place(request: AuthedRequest, zone_form: TimeZoneForm) -> HttpResponse:
    """The editor's one-line offer (accounts/_device_time_zone.html, in_place): answered where it
    stood, so the words being written there stay on the page and nothing asks before leaving."""
    if zone_form.is_valid():
        user_set_time_zone(user=request.user, time_zone=zone_form.cleaned_data["time_zone"])
        said = _said_saved(zone_form.cleaned_data["time_zone"])
        context = {"saved": True, "said": f"{said} {_('You can change it in Settings whenever you like.')}"}
    else:
        # A name this server's tz database lacks: nothing changes, and the list is a link away.
        context = {"saved": False, "said": _("That time zone isn't in the list. You could choose one from it.")}
    return render(request, "accounts/_device_time_zone.html#saved", context)


def _time_zone_saved(request: AuthedRequest, name: str) -> HttpResponse:
    user_set_time_zone(user=request.user, time_zone=name)
    saved = _said_saved(name)
    came_from = _safe_next(request, fallback="")
    if came_from:
        # Back where they were, told where to change it; #messages puts focus on what just happened.
        saved += " " + _("You can change it in Settings whenever you like.")
        messages.success(request, saved)
        return HttpResponseRedirect(came_from.split("#")[0] + "#messages")
    messages.success(request, saved)
    # At "Saved" (#messages takes focus): the list is a page of its own, and Settings' top is many
    # tab stops before the word.
    return HttpResponseRedirect(reverse("accounts:settings") + "#messages")


def _safe_next(request: HttpRequest, *, fallback: str = "/") -> str:
    """The "next" asked for when it is a path on this site, else the fallback."""
    return next_url.safe_next(request, fallback=fallback)


@login_required
@require_http_methods(["GET", "POST"])
def region_question(request: AuthedRequest) -> HttpResponse:
    """Asked once, after the first sign-in: which country's crisis lines to show. Skippable."""
    next_url = _safe_next(request)
    form = FirstRegionForm(request.POST or None)
    if request.method == "POST":
        # A URL, never a view name: redirect() would try to reverse an odd "next" and fail.
        if "skip" in request.POST:
            user_skip_region_question(user=request.user)
            return HttpResponseRedirect(next_url)
        if form.is_valid():
            user_set_region(user=request.user, region=form.cleaned_data["region"])
            messages.success(request, _("Saved. The help shown on every page now fits where you are."))
            return HttpResponseRedirect(next_url)
    return render(request, "accounts/region_question.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def invite_redeem(request: HttpRequest) -> HttpResponse:
    if not policy_for(request).invite_only and request.method == "GET" and not request.GET.get("code"):
        # Anyone can sign up here; a code still matters when it comes from a clinic's admin.
        return redirect("account_signup")
    form = InviteForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        if (paused := code_tries_paused(request)) is not None:
            return paused
        invite = invite_find(form.cleaned_data["code"])
        # A clinic's staff code or a therapist's invitation leads to the clinic app's own page.
        elsewhere = invite_route(request=request, code=form.cleaned_data["code"], invite=invite)
        if elsewhere:
            return redirect(elsewhere)
        if invite is not None:
            invite_to_session(request, invite)
            return redirect("account_signup")
        code_missed(request)
        form.add_error("code", _("That code didn't work. It may have expired or been used already."))
    return render(request, "accounts/invite.html", {"form": form})


@require_GET
def locked(request: HttpRequest) -> HttpResponse:
    """Where an idle session ends up. Also reached by idle.js when the time runs out."""
    # Read before signing out: on a server with several clinics the lock is the person's clinic's.
    minutes = idle_timeout_seconds(request) // 60
    if request.user.is_authenticated:
        logout(request)
    return render(
        request,
        "accounts/locked.html",
        {
            "next": next_url.safe_next(request, fallback=""),
            "minutes": minutes,
            "saved": request.GET.get("saved") == "1",
        },
    )


@require_POST
@login_required
def still_here(request: HttpRequest) -> HttpResponse:
    request.session[LAST_SEEN_KEY] = int(time.time())
    return HttpResponse(status=204)


@require_GET
def idle_status(request: HttpRequest) -> JsonResponse:
    """Seconds left before the lock, counting activity in every tab. Does not count as activity.
    At 0 the middleware has already locked this very request: the page reads its redirect as 0."""
    if not request.user.is_authenticated:
        return JsonResponse({"remaining": 0})
    now = int(time.time())
    remaining = seconds_before_lock(request, now - request.session.get(LAST_SEEN_KEY, now))
    # Whose session this is now: a page kept by the lock resumes only for its own account.
    return JsonResponse({"remaining": max(remaining, 0), "account": account_marker(request.user.pk)})

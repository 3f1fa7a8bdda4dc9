"""Tools for an urge (ride the wave, talk to someone, 5-4-3-2-1) and the first minutes after self-harm.

All of them open to everyone, signed in or not: someone may reach for them before they ever sign up.
None of them ever sends a person to the unlock page: with their plan locked with their journal
(#17), they work without what is under the plan's key, and say so (safety/urge_selectors.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.sent_once import sent_before, sent_now
from journal.lock_session import unlock_url
from safety import services, urge_selectors
from safety.after_harm import care_sources
from safety.crisis_selectors import strip_for_request
from safety.forms import WaveDoneForm
from safety.urge_steps import URGE_STEPS, WAVE_CHOICES


def _wave_position(request: HttpRequest) -> tuple[int | None, int]:
    """The chosen length and step from the query; anything odd falls back to the start."""
    minutes = request.GET.get("minutes", "")
    minutes_value = int(minutes) if minutes in {str(m) for m in WAVE_CHOICES} else None
    try:
        # One past the last step is the finish.
        step_number = max(0, min(int(request.GET.get("step", "0")), len(URGE_STEPS) + 1))
    except ValueError:
        step_number = 0
    if minutes_value is None:
        return None, 0
    return minutes_value, step_number


def _timer_href(minutes: int | None, step_number: int, **extra: str) -> str:
    base = reverse("safety:urge_timer")
    if minutes is None:
        return base
    query = "&".join([f"minutes={minutes}", f"step={step_number}", *(f"{k}={v}" for k, v in extra.items())])
    return f"{base}?{query}"


def _talk_href(minutes: int | None, step_number: int) -> str:
    base = reverse("safety:urge_talk")
    return f"{base}?minutes={minutes}&step={step_number}" if minutes is not None else base


def _people(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"people": (), "people_locked": False}
    people = urge_selectors.people_to_talk_to(request.user)
    return {
        "people": people.contacts,
        "people_locked": people.locked,
        "unlock_href": unlock_url(request.get_full_path()) if people.locked else "",
    }


def _wave_count(request: HttpRequest) -> int | None:
    if not request.user.is_authenticated:
        return None
    return urge_selectors.wave_count_to_show(request.user)


@require_GET
@sensitive_variables()
def urge_timer(request: HttpRequest) -> HttpResponse:
    """Ride the wave. With JavaScript, a timer with paced breathing; without it, one step per page."""
    minutes, step_number = _wave_position(request)
    stopped = minutes is not None and 0 < step_number <= len(URGE_STEPS) and request.GET.get("stop") == "1"
    finished = minutes is not None and step_number > len(URGE_STEPS)
    step = URGE_STEPS[step_number - 1] if 0 < step_number <= len(URGE_STEPS) and not stopped else None
    # The start page holds the whole JavaScript timer, its talk panel and its finish too.
    at_start = minutes is None
    context: dict[str, Any] = {
        "choices": WAVE_CHOICES,
        "at_start": at_start,
        "minutes": minutes,
        "step_number": step_number,
        "step": step,
        "finished": finished,
        "stopped": stopped,
        "next_href": _timer_href(minutes, step_number + 1),
        "stop_href": _timer_href(minutes, step_number, stop="1"),
        "talk_href": _talk_href(minutes, step_number),
        "total_steps": len(URGE_STEPS),
        "done_form": WaveDoneForm(initial={"note_in_journal": True}),
        "wave_count": _wave_count(request) if at_start or finished else None,
        **(_people(request) if at_start else {"people": ()}),
    }
    return render(request, "safety/urge_timer.html", context)


@require_GET
@sensitive_variables()
def urge_talk(request: HttpRequest) -> HttpResponse:
    """ "It's getting stronger": the people, lines and number to reach now (the page without JavaScript)."""
    minutes, step_number = _wave_position(request)
    context = {"back_href": _timer_href(minutes, step_number), "in_steps": minutes is not None, **_people(request)}
    return render(request, "safety/urge_talk.html", context)


# What the finish page says, kept in the session by the POST that did the work so the page it
# redirects to (and every reload of it) says the same without writing anything. Only these
# flags: never the count, nothing the person wrote.
WAVE_DONE_SESSION_KEY = "safety_wave_done"
# The random value of each Finish form already sent (accounts/sent_once.py).
WAVES_FINISHED_SESSION_KEY = "safety_waves_finished"


@require_http_methods(["GET", "POST"])
def urge_done(request: HttpRequest) -> HttpResponse:
    """The finish: the POST counts the wave (and notes it) once, then redirects here, so a reload
    or a restored tab shows the same calm page and never counts it again."""
    user = request.user
    if not isinstance(user, User):
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        # Finish is only offered signed in; a tab restored after signing out goes back to the timer.
        return redirect("safety:urge_timer")
    if request.method == "POST":
        _urge_finish(request, user)
        return redirect("safety:urge_done")
    return render(request, "safety/urge_done.html", _urge_done_context(request, user))


def _urge_finish(request: HttpRequest, user: User) -> None:
    form = WaveDoneForm(request.POST)
    valid = form.is_valid()
    once = form.cleaned_data["once"] if valid else ""
    if sent_before(request, WAVES_FINISHED_SESSION_KEY, once, about=user.pk):
        # The same Finish sent twice (a double tap): the first one counted it, and its page says so.
        return
    sent_now(request, WAVES_FINISHED_SESSION_KEY, once, about=user.pk)  # before the count
    note = bool(valid and form.cleaned_data["note_in_journal"])
    steps = bool(valid and form.cleaned_data["steps"])
    ridden = services.wave_ridden(owner=user, note_in_journal=note, steps=steps)
    counted = ridden.count is not None
    request.session[WAVE_DONE_SESSION_KEY] = {
        "counted": counted,
        "noted": ridden.noted,
        # Asked for, and the journal locked: the page says it is not there.
        "note_left_out": note and not ridden.noted,
    }


def _urge_done_context(request: HttpRequest, user: User) -> dict[str, Any]:
    done = request.session.get(WAVE_DONE_SESSION_KEY)
    if not isinstance(done, dict):
        # Nothing finished in this session (an old tab, a bookmark): the calm page, with no count
        # and no word about the plan's lock.
        return {"wave_count": None, "noted": False, "note_left_out": False, "counted": True}
    counted = bool(done.get("counted"))
    # A count only ever comes up for someone who turned it on: to anyone else, a wave left uncounted
    # (the plan locked with the journal) is not news, only a note they asked for and didn't get.
    say_not_counted = not counted and urge_selectors.preferences_for(user).show_wave_count
    note_left_out = bool(done.get("note_left_out"))
    return {
        "wave_count": urge_selectors.wave_count_to_show(user) if counted else None,
        "noted": bool(done.get("noted")),
        "note_left_out": note_left_out and not say_not_counted,
        "say_not_counted": say_not_counted,
        # Locked with the plan: once the journal is open, the finish page's Finish counts it (and notes it).
        "finish_unlock_href": unlock_url(_timer_href(WAVE_CHOICES[0], len(URGE_STEPS) + 1))
        if say_not_counted or (not counted and note_left_out)
        else "",
    }


@require_GET
def grounding(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/grounding.html")


@require_GET
def after_harm(request: HttpRequest) -> HttpResponse:
    """Public information only: the same page for everyone in a country, with nothing personal on it."""
    return render(request, "safety/after_harm.html", {"care": care_sources(strip_for_request(request).region)})

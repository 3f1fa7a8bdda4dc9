from __future__ import annotations

import json
from contextlib import suppress
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.middleware import keeps_text_when_locked
from accounts.signed_out import login_required_keep_text
from accounts.types import AuthedRequest
from config.htmx import wants_fragment
from journal.after_save import entry_has_shared_copy
from journal.lock_session import journal_locked_here
from journal.services import entry_create
from prompts import checkin, links, selectors, services
from prompts.forms import CheckinForm, DailyWriteForm, StepForm
from prompts.models import Run, Sequence
from prompts.reflection import answer_text, answered_pairs
from prompts.step_posted import known_answers, unsent_words
from safety.crisis_lines import ContactView
from safety.crisis_selectors import strip_for_request
from safety.gentle_check import gentle_check_after_save


def _get_run_for_user(request: AuthedRequest, run_id: UUID) -> Run:
    return get_object_or_404(Run.objects.select_related("version__sequence", "owner"), id=run_id, owner=request.user)


def _get_sequence_for_user(request: AuthedRequest, sequence_id: int) -> Sequence:
    return get_object_or_404(selectors.sequences_visible_to(request.user), id=sequence_id)


def _emergency_calls(request: HttpRequest) -> tuple[ContactView, ...]:
    """The emergency number(s) to call in the person's region, as the crisis strip shows them."""
    return tuple(contact for contact in strip_for_request(request).emergency_contacts if contact.is_call)


def _home_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    return {
        "runs": selectors.runs_in_progress(request.user),
        "daily_prompt": selectors.daily_prompt(timezone.localdate()),
        "checkin_form": CheckinForm(),
        "daily_form": DailyWriteForm(),
        "safety_plan_url": links.url_for("safety:plan"),
        "help_url": links.help_url(),
        **extra,
    }


@require_safe  # GET, and HEAD for uptime checks
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "prompts/welcome.html")
    authed: AuthedRequest = request  # type: ignore[assignment]
    # Signed in to a locked journal: the page says so before the person writes in its prompt.
    return render(request, "prompts/home.html", _home_context(authed, journal_locked=journal_locked_here(authed)))


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """What Waypoint is and is not, in plain words: public and printable, for clinics to hand out."""
    return render(
        request,
        "prompts/about.html",
        {"emergency_calls": _emergency_calls(request), "help_url": links.help_url()},
    )


@require_POST
@login_required
@vary_on_headers("HX-Request")
@sensitive_post_parameters()
def checkin_suggest(request: AuthedRequest) -> HttpResponse:
    """Turn a few feeling words into one suggestion. Nothing is saved, so nothing can be seen later."""
    form = CheckinForm(request.POST)
    suggestion = None
    if form.is_valid():
        suggestion = checkin.suggest(feelings=form.cleaned_data["feelings"], situation=form.cleaned_data["situation"])
    context = _home_context(request, checkin_form=form, suggestion=suggestion, checked_in=True)
    context["suggested"] = (
        selectors.library_item(request.user, suggestion.slug) if suggestion and suggestion.slug else None
    )
    if suggestion is not None and (suggestion.get_help or suggestion.body_first):
        context["emergency_calls"] = _emergency_calls(request)
    if suggestion is not None and suggestion.body_first:
        # The same first-minutes page the setback reflection's body card points to.
        context["after_harm_url"] = links.url_for("safety:after_harm")
    if suggestion is not None and suggestion.urge_tools:
        context["urge_timer_url"] = links.url_for("safety:urge_timer")
    template = "prompts/home.html#checkin" if wants_fragment(request) else "prompts/home.html"
    return render(request, template, context)


@keeps_text_when_locked
@require_POST
@login_required_keep_text  # signed out elsewhere meanwhile: the words come back, never the sign-in page instead
@sensitive_post_parameters("body")
@sensitive_variables("form")
def daily_write(request: AuthedRequest) -> HttpResponse:
    form = DailyWriteForm(request.POST)
    prompt = selectors.daily_prompt(timezone.localdate())
    if not form.is_valid():
        return render(request, "prompts/home.html", _home_context(request, daily_form=form), status=200)
    entry_create(author=request.user, title=prompt, body=form.cleaned_data["body"])
    if gentle_check_after_save(request, [form.cleaned_data["body"]]):
        return redirect(reverse("home") + "#messages")  # its panel is #messages, where "Saved" would be
    messages.success(request, _("Saved in your journal. It stays private unless you share it."))
    # At "Saved" (#messages takes focus): the home page comes back with the same prompt and an
    # empty box, and focus at the top left a keyboard or screen reader unsure the words were kept.
    return redirect(reverse("home") + "#messages")


@require_GET
@login_required
def library(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "prompts/library.html",
        {"items": selectors.library_for(request.user), "runs": selectors.runs_in_progress(request.user)},
    )


@require_GET
@login_required
@sensitive_variables("collected")
def sequence_detail(request: AuthedRequest, sequence_id: int) -> HttpResponse:
    sequence = _get_sequence_for_user(request, sequence_id)
    version = sequence.latest
    if version is None:
        raise Http404
    runs = [item for item in selectors.runs_in_progress(request.user) if item.run.version.sequence_id == sequence.id]
    definition = version.definition
    collected = selectors.collected_answers(request.user, sequence) if definition.collect else []
    return render(
        request,
        "prompts/sequence.html",
        {
            "sequence": sequence,
            "definition": definition,
            "runs": runs,
            "collected": collected,
            "help_url": links.help_url(),
        },
    )


@require_POST
@login_required
def sequence_start(request: AuthedRequest, sequence_id: int) -> HttpResponse:
    sequence = _get_sequence_for_user(request, sequence_id)
    if sequence.latest is None:
        raise Http404
    run, new = services.run_begin(owner=request.user, sequence=sequence)
    if not new:
        messages.info(request, _("You began this one before. Here is where you left off."))
    return redirect("prompts:run", run_id=run.id)


@sensitive_variables("answers", "newer", "value", "seen", "kept", "seen_choice", "unsent")
def _render_run(
    request: AuthedRequest,
    run: Run,
    answers: dict[str, Any],
    form: StepForm | None = None,
    status: int = 200,
    newer: Any = None,
    unsent: str = "",
    saved: bool = False,
    panel: bool = False,
) -> HttpResponse:
    """The run's page, or with htmx its step; after an answer was saved (saved), #run-top too,
    holding the gentle check's panel when that answer brought it (panel: it takes focus)."""
    definition = run.definition
    context: dict[str, Any] = {"run": run, "definition": definition, "help_url": links.help_url(), "panel": panel}
    if run.is_finished:
        context["unsent"] = unsent
        pairs = answered_pairs(definition, answers)
        context["pairs"] = pairs if definition.note else []
        # "each question beside your answer" is untrue of a reflection gone through without a word.
        context["answered"] = bool(pairs)
        # "Go to your journal" opens this reflection's entry (base.html's menu once overwrote a
        # page's journal_url with the list's; its names are menu_* now: tests/config/test_base_menu.py).
        context["entry_url"] = _journal_url(run)
    else:
        step = definition.steps[run.position]
        value = answers.get(str(run.position))
        # The answer this page opens with, so a save from it can tell if another tab wrote since.
        seen, kept = (value if isinstance(value, str) else ""), ""
        seen_choice = json.dumps(value)
        if form is not None and form.is_bound:
            # Whatever was typed comes back, even when it couldn't be saved as it was.
            posted = request.POST
            value = posted.getlist("answer") if step.kind == "choice" and step.multiple else posted.get("answer")
            # Still what the page first knew; once both versions are shown, the newer one.
            seen, kept = (newer, "") if newer is not None else (posted.get("seen", seen), posted.get("kept", ""))
            seen_choice = json.dumps(newer) if newer is not None else posted.get("seen_choice", seen_choice)
        context.update(
            step=step,
            position=run.position,
            number=run.position + 1,
            total=len(definition.steps),
            is_last=run.position + 1 == len(definition.steps),
            value=value,
            values=value if isinstance(value, list) else [value],
            scale_points=list(range(1, step.points + 1)),
            pause_minutes=max(1, round(step.seconds / 60)),
            step_links=[(link.label, links.url_for(link.to)) for link in step.links],
            emergency_calls=_emergency_calls(request) if step.emergency else (),
            after_harm_url=links.url_for("safety:after_harm") if step.emergency else None,
            form=form,
            errors=form.errors.get("answer") if form is not None else None,
            seen=seen,
            kept=kept,
            seen_choice=seen_choice,
            newer=newer,
            newer_choice=answer_text(step, newer) if newer is not None and step.kind != "write" else "",
            # Shown beside a newer answer: an emptied box or nothing marked is not "still here below".
            own_empty=newer is not None and getattr(form, "cleaned_data", {}).get("answer") in (None, "", []),
        )
    template = "prompts/run.html"
    if wants_fragment(request):
        template = "prompts/run.html#answered" if saved else "prompts/run.html#step"
    return render(request, template, context, status=status)


@sensitive_variables("unsent")
def _run_gone(request: AuthedRequest) -> HttpResponse:
    """A step sent from a page whose reflection was let go (or begun again) in another tab since:
    a 404 htmx leaves unshown made Next seem to do nothing. This says why and keeps the words."""
    unsent = ""
    if "seen" in request.POST and request.POST.get("action") != "skip":  # a write step's box
        unsent = request.POST.get("answer", "").strip()
    context = {"gone": True, "unsent": unsent, "help_url": links.help_url()}
    template = "prompts/run.html#step" if wants_fragment(request) else "prompts/run.html"
    response = render(request, template, context, status=404)
    response["Waypoint-Run"] = "gone"  # prompts.js swaps this 404 in where the step was
    return response


@sensitive_variables("answers", "unsent")
def _finished_elsewhere(request: AuthedRequest, run: Run, answers: dict[str, Any], shown: int) -> HttpResponse:
    if request.POST.get("action") == "keep":
        return HttpResponse(status=204)
    # Finished from another tab after this page opened: the thank-you must not take away
    # words typed here that never reached the journal.
    steps = run.definition.steps
    unsent = unsent_words(request, steps[shown], answers.get(str(shown))) if shown < len(steps) else ""
    return _render_run(request, run, answers, unsent=unsent)


def _journal_url(run: Run) -> str:
    entry_id = getattr(run, "entry_id", None)
    if entry_id is not None:
        try:
            return reverse("journal:entry", kwargs={"entry_id": entry_id})
        except Exception:  # noqa: S110 - the journal's page names are its own; the list always works
            pass
    return reverse("journal:index")


@keeps_text_when_locked
@require_http_methods(["GET", "POST"])
@login_required_keep_text  # signed out meanwhile: a 401 keeps the step and its words on the page
@vary_on_headers("HX-Request")
@sensitive_post_parameters("answer", "seen", "kept", "seen_choice")
@sensitive_variables("answers", "form", "answer", "written", "known", "unsent")
def run_step(request: AuthedRequest, run_id: UUID) -> HttpResponse:
    try:
        run = _get_run_for_user(request, run_id)
    except Http404:
        if request.method == "POST" and request.POST.get("action") != "keep":
            return _run_gone(request)
        raise
    answers = selectors.run_answers(run)
    if request.method == "GET":
        return _render_run(request, run, answers)
    steps = run.definition.steps
    posted = request.POST.get("position", "")
    # isdigit() alone lets "²" and a thousand digits through to int(): a server error.
    shown = (
        int(posted)
        if posted.isascii() and posted.isdigit() and len(posted) < 6 and int(posted) < len(steps)
        else run.position
    )
    if run.is_finished:
        return _finished_elsewhere(request, run, answers, shown)
    if request.POST.get("action") == "keep":
        # The page is going away with words typed and not sent (prompts.js): nobody reads this
        # answer, so the words are kept if they fit, and the reflection stays where it was.
        # Newer words saved from another tab meanwhile stay: this page's are still on it.
        form = StepForm(request.POST, step=steps[shown])
        if form.is_valid():
            known = known_answers(request, form.step)
            # Nobody reads the answer: a run finished or let go meanwhile keeps nothing, quietly.
            with suppress(services.AnswerChangedElsewhere, services.RunFinishedElsewhere, Run.DoesNotExist):
                services.run_step_keep(run=run, answers=answers, position=shown, answer=form.answer(), known=known)
        return HttpResponse(status=204)
    # A form from another tab, or from the browser's back button, answers the step it showed.
    run.position = shown
    form = StepForm(request.POST, step=steps[run.position])
    if not form.is_valid():
        return _render_run(request, run, answers, form=form, status=200)
    action = form.chosen_action()
    answer = form.answer()
    try:
        known = known_answers(request, form.step)
        services.run_step_submit(run=run, answers=answers, answer=answer, action=action, known=known)
    except services.AnswerChangedElsewhere as changed:
        # Another tab saved a newer answer here after this page opened: both are shown, nothing is replaced.
        return _render_run(request, run, answers, form=form, newer=changed.newer)
    except services.RunFinishedElsewhere:
        # Finished in another tab while this step was on its way (the two met at the row lock).
        run.refresh_from_db()
        return _finished_elsewhere(request, run, selectors.run_answers(run), shown)
    except Run.DoesNotExist:
        return _run_gone(request)  # let go in another tab while this step was on its way
    # Only words the person wrote (not a chosen option); a skipped step keeps what it had.
    written = [answer] if action != "skip" and form.step.kind == "write" else []
    checked = gentle_check_after_save(request, written)
    if action == "stop":
        if not checked:
            messages.success(request, _("Saved. You can pick this up from the home page whenever you like."))
        # "Saved" or the panel, both at #messages: one address either way, so a shared phone's
        # history never tells which stop brought the panel.
        if wants_fragment(request):
            return HttpResponseClientRedirect(reverse("home") + "#messages")
        return redirect(reverse("home") + "#messages")
    if wants_fragment(request):
        # The next step swaps in either way, no new page in the history: the panel comes with it,
        # out of band, into #run-top (run.html: where base.html puts it on a whole page), focus on it.
        return _render_run(request, run, answers, saved=True, panel=checked)
    # One address with or without the panel, which is #messages (base.html's main_top slot): focus
    # lands on it, and without it the page opens at its top as before.
    return redirect(reverse("prompts:run", kwargs={"run_id": run.id}) + "#messages")


@require_GET
@login_required
@sensitive_variables("answers")
def run_note(request: AuthedRequest, run_id: UUID) -> HttpResponse:
    """A page with only the note on it, for printing."""
    run = _get_run_for_user(request, run_id)
    if not (run.is_finished and run.definition.note):
        raise Http404
    answers = selectors.run_answers(run)
    # Once the entry the run became is shared, "it stays private unless you share it" is untrue.
    shared = run.entry_id is not None and entry_has_shared_copy(entry=run.entry)
    return render(
        request,
        "prompts/run_note.html",
        {"run": run, "definition": run.definition, "pairs": answered_pairs(run.definition, answers), "shared": shared},
    )

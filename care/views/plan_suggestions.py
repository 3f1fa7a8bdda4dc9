"""A therapist's suggested words for the person's safety plan: the cards on the care page, and
the person's answer (take them, keep their own, put their own back, or let the way back go)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from accounts.types import AuthedRequest
from care import selectors, suggestions
from care.models import PlanSuggestion
from safety.plan_sections import SECTIONS_BY_SLUG
from safety.selectors import plan_step_words


def _get_suggestion_for_person(request: AuthedRequest, suggestion_id: UUID) -> PlanSuggestion:
    return get_object_or_404(
        PlanSuggestion.objects.select_related("item__link"),
        id=suggestion_id,
        item__link__person=request.user,
        item__link__ended_at__isnull=True,
    )


@sensitive_variables()
def suggestion_cards(person: Any, names: dict[object, str]) -> tuple[list[PlanSuggestion], list[PlanSuggestion]]:
    """Waiting suggestions beside the person's own words now, and taken ones they can still undo.

    The person's own words come from their plan, with their keyring, on their own page only.
    """
    found = list(
        selectors.suggestions_for_person(person).filter(
            Q(decision=PlanSuggestion.Decision.WAITING) | Q(replaced__isnull=False)
        )
    )
    if not found:
        return [], []
    words = plan_step_words(person)
    waiting, undoable = [], []
    for suggestion in found:
        card: Any = suggestion
        card.text = suggestions.plan_suggestion_text(suggestion)
        card.therapist_name = names.get(suggestion.item.link_id, "")
        card.section_title = SECTIONS_BY_SLUG[suggestion.section].title
        card.current = words.get(suggestion.section, "")
        if suggestion.decision == PlanSuggestion.Decision.WAITING:
            waiting.append(suggestion)
        elif suggestions.plan_suggestion_can_undo(suggestion, current=card.current):
            replaced = suggestions.plan_suggestion_replaced(suggestion, owner=person)
            card.before = replaced.own if replaced else ""
            undoable.append(suggestion)
        # Otherwise they changed this step since taking the words: that change is theirs to keep,
        # and saving it let go of the way back (care.suggestions.plan_suggestions_forget_stale).
    return waiting, undoable


@require_POST
@login_required
@sensitive_variables()
def suggestion_decide(request: AuthedRequest, suggestion_id: UUID) -> HttpResponse:
    suggestion = _get_suggestion_for_person(request, suggestion_id)
    decision = request.POST.get("decision")
    answered = _("You have already answered this one. Your plan is as you left it.")
    if decision == "accept":
        done = suggestions.plan_suggestion_accept(suggestion=suggestion)
        message = _("Your plan has the suggested words now. Your own words are kept here if you want them back.")
    elif decision == "reject":
        done = suggestions.plan_suggestion_reject(suggestion=suggestion)
        message = _("You kept your own words. Your plan stays as it was.")
    elif decision == "undo":
        done = suggestions.plan_suggestion_undo(suggestion=suggestion)
        message = _("Your own words are back in your plan.")
        answered = _("This step has changed since, so it stays as it is now.")
    elif decision == "keep":
        suggestions.plan_suggestion_undo_forget(suggestion=suggestion)
        done, message = True, _("Your plan keeps the new words. Your earlier words are deleted.")
    else:
        # Only a form changed by hand, or sent without a button pressed: the site's own page, which
        # says it didn't go through (a bare 400 was a blank page, without help or a way on).
        raise BadRequest
    messages.success(request, message if done else answered)
    anchor = _suggestion_anchor(request, suggestion, taken=decision == "accept" and done)
    return redirect(reverse("care:index") + anchor)


def _suggestion_anchor(request: AuthedRequest, suggestion: PlanSuggestion, *, taken: bool) -> str:
    """Where the care page opens after an answer: a heading that is drawn and takes the focus.

    Taken words open at their own card (to put them back); otherwise at the suggestions while
    any remain, and once the last is answered, at what they share, or linking if nothing is open.
    """
    waiting, undoable = suggestion_cards(request.user, {})
    if taken and any(card.pk == suggestion.pk for card in undoable):
        return f"#suggestion-{suggestion.id}"
    if waiting or undoable:
        return "#suggestions-heading"
    return "#shared-heading" if selectors.open_links_for_request(request) else "#code-heading"

"""What a posted reflection step says beyond its answer: what the page knew was saved there, and
which typed words are not saved yet. Read by prompts/views.py before the step is saved."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from prompts.definitions import Step
from prompts.reflection import same_words


def known_answers(request: HttpRequest, step: Step) -> tuple[Any, ...] | None:
    """What the page sending a step knew was saved there. A write step: the answer it opened with
    ("seen") and the last words its beacon sent ("kept", prompts.js). A scale or a choice: the
    answer it opened with ("seen_choice", as JSON). None from a page that doesn't say."""
    if step.kind in ("scale", "choice") and "seen_choice" in request.POST:
        return _seen_choice(request.POST["seen_choice"])
    if step.kind != "write" or "seen" not in request.POST:
        return None
    return tuple(request.POST.get(name, "") for name in ("seen", "kept"))


def _seen_choice(posted: str) -> tuple[Any, ...] | None:
    """The posted "seen_choice", only in a shape a page draws (nothing, a number, a word, or a
    list of words or of numbers); anything else, hand-made, counts as not said, never an error."""
    try:
        value = json.loads(posted or "null")
    except (ValueError, RecursionError):
        return None
    if value is None or (isinstance(value, int | str) and not isinstance(value, bool)):
        return (value,)
    if isinstance(value, list) and (
        all(isinstance(item, str) for item in value)
        or all(isinstance(item, int) and not isinstance(item, bool) for item in value)
    ):
        return (value,)
    return None


@sensitive_variables("typed", "stored")
def unsent_words(request: HttpRequest, step: Step, stored: Any) -> str:
    """Words posted for a write step that its stored answer doesn't already hold."""
    # Skip says "leave this out", so only words sent to be kept count.
    wanted = step.kind == "write" and request.POST.get("action", "next") != "skip"
    typed = request.POST.get("answer", "").strip() if wanted else ""
    if not typed or (isinstance(stored, str) and same_words(stored, typed)):
        return ""
    return typed

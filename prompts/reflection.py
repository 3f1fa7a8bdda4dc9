"""How a finished reflection reads in the journal: each question followed by its answer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from prompts.definitions import SequenceDefinition, Step


def answer_text(step: Step, answer: Any) -> str:
    if step.kind == "scale":
        return _("%(value)s, on a line from “%(low)s” (1) to “%(high)s” (%(points)s)") % {
            "value": answer,
            "low": step.low,
            "high": step.high,
            "points": step.points,
        }
    if step.kind == "choice":
        chosen = answer if isinstance(answer, list) else [answer]
        return "\n".join(f"- {option}" for option in chosen)
    return str(answer)


def answered_pairs(definition: SequenceDefinition, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(question, answer) for every step the person answered, in order. Skipped steps leave no trace."""
    pairs = []
    for index, step in enumerate(definition.steps):
        answer = answers.get(str(index))
        if step.takes_answer and answer not in (None, "", []):
            pairs.append((step.question, answer_text(step, answer)))
    return pairs


def reflection_body(definition: SequenceDefinition, answers: dict[str, Any]) -> str:
    pairs = answered_pairs(definition, answers)
    if not pairs:
        return _("You went through this reflection without writing anything down. That is okay too.")
    return "\n\n".join(f"{question}\n{answer}" for question, answer in pairs)


def same_words(one: str, other: str) -> bool:
    """Whether two answers to a write step say the same: a box's line breaks come back as CRLF,
    a hidden field's as they were, and a box's answer is stripped."""

    def plain(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n").strip()

    return plain(one) == plain(other)

"""Checking a sequence field by field, whether it comes from a shipped file or an upload.

The loader, the admin upload and the export all go through here, so a sequence is valid in exactly
one sense everywhere.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from prompts.definitions import QUESTION_MAX, DefinitionError, Link, SequenceDefinition, Step
from prompts.language import avoided_words, method_words

STEP_KINDS = ("write", "scale", "choice", "pause", "reading")
# Where a step may point. Names only (never free URLs), so a clinic upload cannot link off-site.
LINK_TARGETS = ("safety:urge_timer", "safety:plan", "safety:help", "safety:index", "journal:index")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A sequence whose reading cards mention these needs a content note before it begins
# (safe-messaging guidance). One note for the whole sequence, so every card can stay open.
_NEEDS_CONTENT_NOTE = re.compile(r"self-harm|harm|hurt|suicid|injur|wound", re.IGNORECASE)

HINT_MAX = 160
BODY_MAX = 700

_SEQUENCE_KEYS = {
    "slug",
    "title",
    "purpose",
    "minutes",
    "version",
    "closing",
    "note",
    "note_title",
    "collect",
    "content_note",
    "steps",
}
_STEP_KEYS: dict[str, set[str]] = {
    "write": {"kind", "question", "hint", "links"},
    "scale": {"kind", "question", "hint", "links", "low", "high", "points"},
    "choice": {"kind", "question", "hint", "links", "options", "multiple"},
    "pause": {"kind", "question", "hint", "links", "seconds", "breathe_in", "breathe_out"},
    "reading": {"kind", "question", "hint", "links", "body", "emergency"},
}


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, where: str, name: str, message: str) -> None:
        self.problems.append(f"{self.source}, {where}, field '{name}': {message}")

    def text(self, data: dict[str, Any], name: str, where: str, *, required: bool, limit: int) -> str:
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(where, name, "this needs to be text.")
            return ""
        text = " ".join(value.split())
        if required and not text:
            self.problem(where, name, "this is needed.")
        if len(text) > limit:
            self.problem(where, name, f"this is {len(text)} characters; keep it under {limit}.")
        self.language(text, where, name)
        return text

    def language(self, value: str, where: str, name: str) -> None:
        words = avoided_words(value)
        if words:
            quoted = ", ".join(f"'{w}'" for w in dict.fromkeys(words))
            self.problem(where, name, f"uses {quoted}, which the language guide asks us to avoid.")
        if methods := method_words(value):
            quoted = ", ".join(f"'{w}'" for w in dict.fromkeys(methods))
            self.problem(
                where,
                name,
                f"names a way of self-harm or suicide ({quoted}). Safe messaging means never naming one; "
                "you could speak of 'a hard moment' or 'the urge' instead.",
            )

    def integer(self, data: dict[str, Any], name: str, where: str, *, default: int, low: int, high: int) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, name, "this needs to be a whole number.")
            return default
        if not low <= value <= high:
            self.problem(where, name, f"this needs to be between {low} and {high}.")
        return value

    def flag(self, data: dict[str, Any], name: str, where: str) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.problem(where, name, "this needs to be true or false.")
            return False
        return value

    def unknown(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for name in sorted(set(data) - allowed):
            self.problem(where, str(name), "this field isn't known here; check the spelling.")


def validate(data: Any, *, source: str) -> SequenceDefinition:
    """Turn parsed YAML into a SequenceDefinition, or raise DefinitionError listing every problem."""
    check = _Checker(source)
    if not isinstance(data, dict):
        raise DefinitionError([f"{source}: a sequence needs to be a mapping of fields (slug, title, steps, ...)."])
    where = "sequence"
    check.unknown(data, _SEQUENCE_KEYS, where)
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 60:
        check.problem(where, "slug", "this needs lower-case letters, digits and hyphens, up to 60 characters.")
        slug = ""
    title = check.text(data, "title", where, required=True, limit=80)
    purpose = check.text(data, "purpose", where, required=True, limit=300)
    closing = check.text(data, "closing", where, required=False, limit=BODY_MAX)
    minutes = check.integer(data, "minutes", where, default=0, low=1, high=120)
    version = check.integer(data, "version", where, default=0, low=1, high=100_000)
    note = check.flag(data, "note", where)
    note_title = check.text(data, "note_title", where, required=False, limit=80)
    if note_title and not note:
        check.problem(where, "note_title", "a note title needs 'note: true' as well.")
    collect = check.flag(data, "collect", where)
    content_note = check.text(data, "content_note", where, required=False, limit=HINT_MAX)
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        check.problem(where, "steps", "a sequence needs at least one step.")
        raw_steps = []
    elif len(raw_steps) > 30:
        check.problem(where, "steps", "keep a sequence to 30 steps or fewer.")
    for number, raw in enumerate(raw_steps, start=1):
        step = _validate_step(raw, number, check)
        if step is not None:
            steps.append(step)
    touching = [n for n, step in enumerate(steps, start=1) if _touches_self_harm(step)]
    if touching and not content_note:
        check.problem(
            where,
            "content_note",
            f"step {touching[0]} touches on self-harm; add a short content note for the sequence, "
            "shown once before it begins.",
        )
    if check.problems:
        raise DefinitionError(check.problems)
    return SequenceDefinition(
        slug=slug,
        title=title,
        purpose=purpose,
        minutes=minutes,
        version=version,
        steps=tuple(steps),
        closing=closing,
        note=note,
        note_title=note_title,
        collect=collect,
        content_note=content_note,
        source=source,
    )


def _validate_step(raw: Any, number: int, check: _Checker) -> Step | None:
    where = f"step {number}"
    if not isinstance(raw, dict):
        check.problem(where, "kind", "each step needs to be a mapping of fields.")
        return None
    kind = raw.get("kind")
    if kind not in STEP_KINDS:
        check.problem(where, "kind", f"this needs to be one of: {', '.join(STEP_KINDS)}.")
        return None
    where = f"step {number} ({kind})"
    allowed = _STEP_KEYS[kind]
    if kind == "reading" and "content_note" in raw:
        allowed = allowed | {"content_note"}
        check.problem(
            where,
            "content_note",
            "content notes now sit once on the sequence (beside 'title'), so every card stays open; move it there.",
        )
    check.unknown(raw, allowed, where)
    values: dict[str, Any] = {
        "kind": kind,
        "question": check.text(raw, "question", where, required=True, limit=QUESTION_MAX),
        "hint": check.text(raw, "hint", where, required=False, limit=HINT_MAX),
        "links": _validate_links(raw.get("links"), where, check),
    }
    if kind == "scale":
        values["low"] = check.text(raw, "low", where, required=True, limit=40)
        values["high"] = check.text(raw, "high", where, required=True, limit=40)
        values["points"] = check.integer(raw, "points", where, default=5, low=3, high=10)
    elif kind == "choice":
        options = raw.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 12:
            check.problem(where, "options", "a choice needs between 2 and 12 options.")
            options = []
        cleaned = []
        for index, option in enumerate(options, start=1):
            if not isinstance(option, str) or not option.strip() or len(option) > 120:
                check.problem(where, f"options[{index}]", "each option needs to be text, up to 120 characters.")
                continue
            check.language(option, where, f"options[{index}]")
            cleaned.append(" ".join(option.split()))
        if len(set(cleaned)) != len(cleaned):
            check.problem(where, "options", "two options say the same thing.")
        values["options"] = tuple(cleaned)
        values["multiple"] = check.flag(raw, "multiple", where)
    elif kind == "pause":
        values["seconds"] = check.integer(raw, "seconds", where, default=60, low=10, high=900)
        values["breathe_in"] = check.integer(raw, "breathe_in", where, default=4, low=2, high=10)
        values["breathe_out"] = check.integer(raw, "breathe_out", where, default=6, low=2, high=12)
    elif kind == "reading":
        values["body"] = check.text(raw, "body", where, required=True, limit=BODY_MAX)
        values["emergency"] = check.flag(raw, "emergency", where)
    return Step(**values)


def _touches_self_harm(step: Step) -> bool:
    return step.kind == "reading" and bool(_NEEDS_CONTENT_NOTE.search(f"{step.question} {step.body}"))


def _validate_links(raw: Any, where: str, check: _Checker) -> tuple[Link, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 4:
        check.problem(where, "links", "links need to be a list of up to 4 items with 'label' and 'to'.")
        return ()
    links = []
    for index, item in enumerate(raw, start=1):
        name = f"links[{index}]"
        if not isinstance(item, dict) or set(item) != {"label", "to"}:
            check.problem(where, name, "each link needs exactly 'label' and 'to'.")
            continue
        if item["to"] not in LINK_TARGETS:
            check.problem(where, f"{name}.to", f"this needs to be one of: {', '.join(LINK_TARGETS)}.")
            continue
        label = check.text(item, "label", where, required=True, limit=60)
        links.append(Link(label=label, to=item["to"]))
    return tuple(links)


def parse_yaml(text: str, *, source: str) -> list[SequenceDefinition]:
    """Every sequence in a YAML text (one document, or several separated by ---)."""
    try:
        documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        raise DefinitionError([f"{source}: this isn't valid YAML{line}."]) from error
    if not documents:
        raise DefinitionError([f"{source}: this file is empty."])
    definitions: list[SequenceDefinition] = []
    problems: list[str] = []
    for index, document in enumerate(documents, start=1):
        name = source if len(documents) == 1 else f"{source} (sequence {index})"
        try:
            definitions.append(validate(document, source=name))
        except DefinitionError as error:
            problems.extend(error.problems)
    if problems:
        raise DefinitionError(problems)
    return definitions

"""Reads Waypoint's own library from prompts/library/*.yaml and stores it, version by version."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from prompts.definition_checks import parse_yaml
from prompts.definitions import DefinitionError, SequenceDefinition
from prompts.language import avoided_words, method_words

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
DAILY_FILE = "daily-prompts.yaml"


def read_library(directory: Path = LIBRARY_DIR) -> list[SequenceDefinition]:
    """Every sequence in the directory, or DefinitionError naming every file, step and field at fault."""
    definitions: list[SequenceDefinition] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == DAILY_FILE:
            continue
        try:
            found = parse_yaml(path.read_text(encoding="utf-8"), source=path.name)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        for definition in found:
            if len(found) == 1 and definition.slug != path.stem:
                problems.append(f"{path.name}, sequence, field 'slug': name the file {definition.slug}.yaml.")
            if definition.slug in seen:
                other = seen[definition.slug]
                problems.append(f"{path.name}, sequence, field 'slug': '{definition.slug}' is also in {other}.")
            seen[definition.slug] = path.name
            definitions.append(definition)
    if problems:
        raise DefinitionError(problems)
    return definitions


def read_daily_prompts(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    prompts = data.get("daily_prompts") if isinstance(data, dict) else None
    if not isinstance(prompts, list) or len(prompts) < 2:
        raise DefinitionError([f"{path.name}, field 'daily_prompts': list at least two prompts."])
    problems = []
    for number, prompt in enumerate(prompts, start=1):
        if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > 200:
            problems.append(f"{path.name}, prompt {number}, field 'daily_prompts': this needs to be short text.")
        elif words := avoided_words(prompt) or method_words(prompt):
            problems.append(f"{path.name}, prompt {number}, field 'daily_prompts': uses '{words[0]}'.")
    if problems:
        raise DefinitionError(problems)
    return [" ".join(prompt.split()) for prompt in prompts]


@cache
def daily_prompts() -> list[str]:
    return read_daily_prompts(LIBRARY_DIR / DAILY_FILE)


def library_load(directory: Path = LIBRARY_DIR) -> list[tuple[str, int, bool]]:
    """Store every shipped sequence; returns (slug, version number, newly created) for each. Idempotent."""
    from prompts.services import sequence_save

    definitions = read_library(directory)
    read_daily_prompts(directory / DAILY_FILE)
    results = []
    for definition in definitions:
        saved = sequence_save(definition=definition)
        results.append((definition.slug, saved.version.number, saved.created))
    return results

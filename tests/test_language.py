"""Every word Waypoint ships is checked against the avoid list in the language guide.

People read these pages on their worst days, so words that scold, count, label or reset are
kept out of templates, the reflection library, shipped data, gettext strings in Python, and
strings in our own JavaScript, and the translations in our own catalogues (locale/), which replace
a library's wording wherever it shows. Matching is whole-word and case-insensitive (prompts/language.py).
The same text names no method of self-harm or suicide (safe messaging): the library loader already
refuses a sequence that does, and this holds every page, email and script to it too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from prompts.language import avoided_words, method_words

ROOT = Path(__file__).resolve().parent.parent
# Every app of ours (any folder with an apps.py), so a new app is linted from its first commit.
APPS = sorted({"config", *(path.parent.name for path in ROOT.glob("*/apps.py"))})
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}

# The reviewed allow-list: (file, phrase, why it may stay). Keep it short; every line is a decision.
ALLOWED: list[tuple[str, str, str]] = [
    (
        "templates/account/email/password_reset_key_subject.txt",
        "Reset your password",
        "An account action named the way every email client and password manager expects; "
        "it is about a password, never about a person's progress.",
    ),
]

# Attributes whose values people read or hear (screen readers announce aria-label and title).
_SPOKEN_ATTRIBUTES = re.compile(
    r"""\s(?:aria-label|aria-description|title|alt|placeholder|content|label|data-[\w-]+)\s*=\s*("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)


def template_text(source: str) -> str:
    """The words a template shows: its text, translated strings and spoken attribute values."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.DOTALL)
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", text, flags=re.DOTALL)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1.*?%\}""", r"\2", text, flags=re.DOTALL)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.DOTALL)
    spoken = [value[1:-1] for value in _SPOKEN_ATTRIBUTES.findall(text)]
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join([text, *spoken])


def yaml_text(source: str) -> str:
    def strings(node: Any) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    return "\n".join(s for doc in yaml.safe_load_all(source) for s in strings(doc))


def python_text(source: str) -> str:
    """Only strings marked for translation: those are the ones people see."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in GETTEXT:
                found += [
                    arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
    return "\n".join(found)


def catalogue_text(source: str) -> str:
    """The translations in a gettext catalogue (msgstr), which are what people read; a msgid is the
    library's own wording that ours replaces, so it may say what we never would."""
    found: list[str] = []
    in_msgstr = False
    for raw in source.splitlines():
        line = raw.strip()
        if line.startswith("msgstr"):
            in_msgstr = True
            found.append("")
            line = line.partition(" ")[2]
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr and line.startswith('"'):
            found[-1] += ast.literal_eval(line)
    return "\n".join(found)


def javascript_text(source: str) -> str:
    source = re.sub(r"//[^\n]*|/\*.*?\*/", " ", source, flags=re.DOTALL)
    return "\n".join(m.group(2) for m in re.finditer(r"""(["'])((?:\\.|(?!\1).)*)\1""", source))


def shipped_files() -> list[Path]:
    files = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    for app in APPS:
        files += (ROOT / app / "templates").rglob("*.html")
        files += [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
        files += (ROOT / app).rglob("*.yaml")
        files += (ROOT / app).rglob("*.yml")
    files += (ROOT / "static" / "js").glob("*.js")
    files += (ROOT / "locale").rglob("*.po")
    return sorted(files)


def shown_text(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return python_text(source)
    if path.suffix in {".yaml", ".yml"}:
        return yaml_text(source)
    if path.suffix == ".js":
        return javascript_text(source)
    if path.suffix == ".po":
        return catalogue_text(source)
    return template_text(source)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", shipped_files(), ids=relative)
def test_shipped_words_stay_kind(path: Path) -> None:
    text = shown_text(path)
    for name, phrase, _reason in ALLOWED:
        if name == relative(path):
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    found = sorted(set(avoided_words(text)))
    assert not found, f"{relative(path)} uses {found}; see the language guide for kinder words."
    methods = sorted(set(method_words(text)))
    assert not methods, f"{relative(path)} names a method ({methods}); safe messaging never describes one."


def test_the_lint_finds_avoided_words_where_people_would_read_them() -> None:
    template = '{% load i18n %}<p>{% translate "You failed" %}</p><button aria-label="Reset">x</button>'
    assert avoided_words(template_text(template)) == ["failed", "reset"]
    assert avoided_words(python_text('x = _("Your clean streak")')) == ["clean", "streak"]
    assert avoided_words(yaml_text("steps:\n  - question: You must try")) == ["must"]
    assert avoided_words(javascript_text('status.textContent = "Weak signal";')) == ["weak"]


def test_the_lint_finds_method_words_where_people_would_read_them() -> None:
    template = '{% load i18n %}<p>{% translate "Hide the razor" %}</p><a title="Lethal dose">x</a>'
    assert method_words(template_text(template)) == ["razor", "lethal dose"]
    assert method_words(python_text('x = _("An overdose")')) == ["overdose"]
    assert method_words(javascript_text('cue.textContent = "cut yourself some slack";')) == []


def test_the_lint_reads_the_translations_in_our_catalogues_not_the_wording_they_replace() -> None:
    catalogue = (
        "# a comment that must not count\n"
        'msgid "You must type the same password each time."\n'
        'msgstr "The two passwords are different."\n\n'
        'msgid "Too many failed login attempts."\n'
        'msgstr ""\n'
        '"You failed too "\n'
        '"often."\n\n'
        'msgid "%d entry"\n'
        'msgid_plural "%d entries"\n'
        'msgstr[0] "%d clean entry"\n'
        'msgstr[1] "%d entries"\n'
    )
    assert avoided_words(catalogue_text(catalogue)) == ["failed", "clean"]
    assert "locale/en/LC_MESSAGES/django.po" in [relative(path) for path in shipped_files()]


def test_the_lint_leaves_code_and_comments_alone() -> None:
    template = '{# a reset comment #}<div class="clean-box" hx-on="reset">{% if failed %}{% endif %}</div>'
    assert avoided_words(template_text(template)) == []
    assert avoided_words(python_text('logger.info("failed to connect")')) == []


def test_whole_words_only() -> None:
    assert avoided_words("cleaning the kitchen, a mustard seed, unweakened") == []
    assert avoided_words("Should you like, SHOULD") == ["should", "should"]


def test_every_allowed_phrase_is_still_needed() -> None:
    for name, phrase, reason in ALLOWED:
        path = ROOT / name
        assert reason
        assert path.exists(), f"{name} is gone; remove it from the allow-list"
        assert phrase.lower() in shown_text(path).lower(), f"{name} no longer says {phrase!r}; remove it"

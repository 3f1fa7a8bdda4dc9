"""Every box where a person types their own words carries dir="auto".

People write Waypoint in any language. Without dir="auto" a box is left to right whatever is typed
in it, so a line in Arabic or Hebrew starts at the left and its full stop lands on the wrong side.
This walks every form of ours and every hand-written <input>/<textarea> in templates/, so a new
box cannot forget it. Boxes that hold no one's words (codes, keys, links) are allowed below.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from django import forms

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))

# Boxes that hold no one's words, each with why. Keep it short: every line is a decision.
NOT_WORDS_FIELDS: set[tuple[str, str]] = {
    ("accounts.forms.InviteForm", "code"),  # an invite code
    ("care.forms.CodeForm", "code"),  # a code from a therapist
    ("accounts.mfa_forms.CodeAuthenticateForm", "code"),  # a two-step code (digits)
    ("accounts.mfa_forms.CodeReauthenticateForm", "code"),  # a two-step code (digits)
    ("accounts.mfa_forms.CodeActivateTOTPForm", "code"),  # a two-step code (digits)
    ("supporters.forms.CodeForm", "code"),  # a supporter's code
    ("journal.unlock_forms.RecoveryForm", "recovery_key"),  # a recovery key
    ("prompts.forms.SequenceYamlForm", "definition"),  # YAML for clinics, read as code
    ("prompts.forms.SequenceYamlForm", "clinic_key"),  # a clinic's key
    # allauth's, never shown: sign-up asks only for an email (ACCOUNT_SIGNUP_FIELDS), so its form drops it.
    ("accounts.forms.SignUpForm", "username"),
}
NOT_WORDS_BOXES: set[tuple[str, str]] = {
    ("supporters/link_made.html", "supporter-link"),  # a link to copy
    ("allauth/elements/field.html", "{{ attrs.id }}"),  # allauth's own boxes: emails, passwords, codes
}

_TAG = re.compile(r"<(input|textarea)\b((?:[^>{]|\{[^}]*\})*)>", re.IGNORECASE)
_ATTR = re.compile(r"""\b([\w-]+)\s*=\s*"([^"]*)\"""")
_TYPED_IN = {"text", "search"}


def _typed_in(widget: forms.Widget) -> bool:
    if isinstance(widget, forms.Textarea):
        return True
    if isinstance(widget, (forms.DateInput, forms.DateTimeInput, forms.TimeInput)):
        return False
    kind = widget.attrs.get("type", getattr(widget, "input_type", None))
    return isinstance(widget, forms.TextInput) and kind in _TYPED_IN


def _our_forms() -> Iterator[tuple[str, type[forms.Form]]]:
    for app in APPS:
        for path in sorted((ROOT / app).glob("*forms*.py")):
            module = importlib.import_module(f"{app}.{path.stem}")
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, forms.Form):
                    yield f"{module.__name__}.{name}", cls


def _form_boxes() -> Iterator[tuple[str, str, forms.Widget]]:
    for label, cls in _our_forms():
        for name, field in cls.base_fields.items():
            yield label, name, field.widget
    # A reflection's answer box exists only for a step that asks for writing.
    from prompts.forms import StepForm

    step_form = StepForm(step=SimpleNamespace(kind="write"))  # type: ignore[arg-type]
    yield "prompts.forms.StepForm", "answer", step_form.fields["answer"].widget


def _template_boxes() -> Iterator[tuple[str, str, dict[str, str]]]:
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in _TAG.finditer(path.read_text()):
            attrs = dict(_ATTR.findall(match.group(2)))
            if match.group(1).lower() == "input" and attrs.get("type", "text") not in _TYPED_IN:
                continue  # hidden, checkbox, tel, email, password, a type chosen by the template…
            yield str(path.relative_to(TEMPLATES)), attrs.get("id", "?"), attrs


def test_the_walk_finds_the_boxes_people_write_in() -> None:
    # Guards the walk itself: if it found nothing, the tests below would pass for the wrong reason.
    fields = {(label, name) for label, name, widget in _form_boxes() if _typed_in(widget)}
    assert {("journal.forms.EntryForm", "body"), ("safety.forms.PlanStepForm", "body")} <= fields
    assert ("safety.forms.CopingAddForm", "text") in fields
    boxes = {(template, box) for template, box, _ in _template_boxes()}
    assert ("safety/coping.html", "coping-add-{{ group.slug }}") in boxes
    assert ("prompts/run.html", "answer") in boxes


def test_every_form_box_for_a_persons_words_takes_its_own_direction() -> None:
    missing = [
        f"{label}.{name}"
        for label, name, widget in _form_boxes()
        if _typed_in(widget) and (label, name) not in NOT_WORDS_FIELDS and widget.attrs.get("dir") != "auto"
    ]
    assert not missing, f'these boxes need dir="auto" (or a place in NOT_WORDS_FIELDS): {missing}'


def test_every_hand_written_box_for_a_persons_words_takes_its_own_direction() -> None:
    missing = [
        f"{template} #{box}"
        for template, box, attrs in _template_boxes()
        if (template, box) not in NOT_WORDS_BOXES and attrs.get("dir") != "auto"
    ]
    assert not missing, f'these boxes need dir="auto" (or a place in NOT_WORDS_BOXES): {missing}'


def test_the_allow_list_names_only_boxes_that_exist() -> None:
    # A box renamed or removed leaves its line behind: the list stays as short as what it allows.
    fields = {(label, name) for label, name, widget in _form_boxes() if _typed_in(widget)}
    assert fields >= NOT_WORDS_FIELDS, NOT_WORDS_FIELDS - fields
    boxes = {(template, box) for template, box, _ in _template_boxes()}
    assert boxes >= NOT_WORDS_BOXES, NOT_WORDS_BOXES - boxes


# Names people and clinics chose, put inside Waypoint's own sentences ("Share with {{ name }}").
_NAME_VALUES = re.compile(r"therapist_name|display_name|clinic\.name|person\.name|shared_with|^clinics\b|^left$")
_BLOCK = re.compile(r"\{% blocktranslate([^%]*)%\}(.*?)\{% endblocktranslate %\}", re.DOTALL)


def _names_outside_bdi(text: str) -> Iterator[str]:
    for args, body in _BLOCK.findall(text):
        for key, value in re.findall(r"(\w+)=(\S+)", args):
            # names_list (config/names.py) puts each name in its own <bdi> already.
            if not _NAME_VALUES.search(value) or value.endswith("|names_list"):
                continue
            for found in re.finditer(r"\{\{ " + re.escape(key) + r" \}\}", body):
                if not body[: found.start()].endswith("<bdi>"):
                    yield f"{key}={value}: …{body[max(0, found.start() - 30) : found.end()]}"


def test_names_inside_our_sentences_keep_their_own_direction() -> None:
    """A therapist called "د. ليلى" or a clinic with a Hebrew name, inside an English sentence:
    without <bdi> the name and the punctuation beside it ("…, since 3 May") can swap places."""
    missing = [
        f"{path.relative_to(TEMPLATES)}: {where}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for where in _names_outside_bdi(path.read_text())
    ]
    assert missing == []


def test_the_walk_finds_names_in_sentences() -> None:
    assert list(
        _names_outside_bdi("{% blocktranslate with name=link.therapist_name %}Hi {{ name }}{% endblocktranslate %}")
    )
    # A list of names through names_list is isolated name by name; a bare list is not.
    assert not list(
        _names_outside_bdi("{% blocktranslate with c=clinics|names_list %}At {{ c }}{% endblocktranslate %}")
    )
    assert list(_names_outside_bdi("{% blocktranslate with clinics=clinics %}At {{ clinics }}{% endblocktranslate %}"))
    assert not list(
        _names_outside_bdi(
            "{% blocktranslate with name=link.therapist_name %}Hi <bdi>{{ name }}</bdi>{% endblocktranslate %}"
        )
    )

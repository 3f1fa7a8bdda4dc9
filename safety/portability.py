"""The safety module's sections of an export: the plan, the coping list and the wave count.

Registered in SafetyConfig.ready(); the journal's export walks them without knowing they exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from config.markdown import markdown_escape
from journal.export_sections import (
    ExportSection,
    SectionResult,
    as_bool,
    as_date,
    as_dict,
    as_list,
    as_str,
    expect,
)
from safety import import_services, selectors, services
from safety.forms import CopingItemForm, PlanContactForm, PlanStepForm
from safety.models import CopingItem
from safety.plan_markdown import plan_markdown
from safety.plan_sections import CONTACT_SECTIONS, SECTIONS_BY_SLUG
from safety.selectors import PersonContact, PlanView, StepView


def _limit(form: type[forms.Form], name: str) -> int:
    """The same limit the page holds to, read off its form."""
    field = form.base_fields[name]
    assert isinstance(field, forms.CharField) and field.max_length is not None
    return field.max_length


_STEP_CHARS = _limit(PlanStepForm, "body")
_NAME_CHARS = _limit(PlanContactForm, "name")
_PHONE_CHARS = _limit(PlanContactForm, "phone")
_IDEA_CHARS = _limit(CopingItemForm, "text")
MAX_CONTACTS = 200
MAX_IDEAS = 2_000


# --- The safety plan -------------------------------------------------------------------------


@sensitive_variables()
def _plan_dump(user: User) -> dict[str, Any] | None:
    plan = selectors.plan_for_owner(user)
    if plan.is_empty and plan.review_on is None:
        return None
    return {
        "review_on": plan.review_on.isoformat() if plan.review_on else None,
        "steps": [
            {"section": step.section.slug, "body": step.body, "obstacles": step.obstacles}
            for step in plan.steps
            if step.body or step.obstacles
        ],
        "contacts": [
            {"section": step.section.slug, "name": contact.name, "phone": contact.phone}
            for step in plan.steps
            for contact in step.contacts
        ],
    }


@sensitive_variables()
def _plan_view(data: dict[str, Any]) -> PlanView:
    texts = {step["section"]: step for step in data["steps"]}
    steps = tuple(
        StepView(
            section=section,
            body=texts.get(slug, {}).get("body", ""),
            obstacles=texts.get(slug, {}).get("obstacles", ""),
            contacts=tuple(
                PersonContact(id="", name=c["name"], phone=c["phone"]) for c in data["contacts"] if c["section"] == slug
            ),
        )
        for slug, section in SECTIONS_BY_SLUG.items()
    )
    review_on = as_date(data["review_on"]) if data["review_on"] else None
    return PlanView(steps=steps, review_on=review_on)


@sensitive_variables()
def _plan_markdown(data: dict[str, Any]) -> dict[str, str]:
    # The same Markdown as the plan page's own download, crisis lines left out: they are not the person's.
    return {"safety-plan.md": plan_markdown(plan=_plan_view(data))}


@sensitive_variables()
def _plan_parse(data: Any) -> dict[str, Any]:
    plan = as_dict(data)
    steps = []
    for raw in as_list(plan.get("steps", []), limit=len(SECTIONS_BY_SLUG)):
        step = as_dict(raw)
        expect(step["section"] in SECTIONS_BY_SLUG)
        steps.append(
            (
                step["section"],
                as_str(step.get("body", ""), limit=_STEP_CHARS),
                as_str(step.get("obstacles", ""), limit=_STEP_CHARS),
            )
        )
    expect(len({section for section, _body, _obstacles in steps}) == len(steps))
    contacts = []
    for raw in as_list(plan.get("contacts", []), limit=MAX_CONTACTS):
        contact = as_dict(raw)
        expect(contact["section"] in CONTACT_SECTIONS)
        name = as_str(contact["name"], limit=_NAME_CHARS)
        expect(bool(name.strip()))
        contacts.append((contact["section"], name, as_str(contact.get("phone", ""), limit=_PHONE_CHARS)))
    review_on = plan.get("review_on")
    return {"steps": steps, "contacts": contacts, "review_on": None if review_on is None else as_date(review_on)}


@sensitive_variables()
def _plan_parts(user: User) -> int:
    plan = selectors.plan_for_owner(user)
    return sum(1 for step in plan.steps if step.body or step.obstacles) + sum(len(s.contacts) for s in plan.steps)


SAFETY_PLAN = ExportSection(
    key="safety_plan",
    name=gettext_lazy("your safety plan"),
    dump=lambda scope: _plan_dump(scope.user),
    markdown=_plan_markdown,
    parse=_plan_parse,
    write=lambda user, data: import_services.plan_import(owner=user, **data),
    describe=lambda n: (
        ngettext("%(count)s part of your safety plan", "%(count)s parts of your safety plan", n) % {"count": n}
    ),
    count=_plan_parts,
)


# --- The coping list -------------------------------------------------------------------------


@sensitive_variables()
def _coping_dump(user: User) -> list[dict[str, Any]] | None:
    items = [
        {"group": item.group, "text": item.text, "hidden": item.hidden}
        for group in selectors.coping_list_for_owner(user)
        for item in group.items
    ]
    return items or None


@sensitive_variables()
def _coping_markdown(items: list[dict[str, Any]]) -> dict[str, str]:
    lines = ["# " + _("Things that help me"), ""]
    for value, label in CopingItem.Group.choices:
        ideas = [item for item in items if item["group"] == value]
        if ideas:
            lines += ["## " + str(label), ""]
            lines += [
                "- " + markdown_escape(item["text"]) + (" " + _("(hidden from the list)") if item["hidden"] else "")
                for item in ideas
            ]
            lines.append("")
    return {"coping-list.md": "\n".join(lines)}


@sensitive_variables()
def _coping_parse(data: Any) -> list[tuple[str, str, bool]]:
    items = []
    for raw in as_list(data, limit=MAX_IDEAS):
        item = as_dict(raw)
        expect(item["group"] in CopingItem.Group.values)
        text = as_str(item["text"], limit=_IDEA_CHARS)
        expect(bool(text.strip()))
        items.append((item["group"], text, as_bool(item.get("hidden", False))))
    return items


COPING_LIST = ExportSection(
    key="coping_list",
    name=gettext_lazy("your coping list"),
    dump=lambda scope: _coping_dump(scope.user),
    markdown=_coping_markdown,
    parse=_coping_parse,
    write=lambda user, items: import_services.coping_list_import(owner=user, items=items),
    describe=lambda n: (
        ngettext("%(count)s idea in your coping list", "%(count)s ideas in your coping list", n) % {"count": n}
    ),
    count=lambda user: CopingItem.objects.filter(owner=user).count(),
)


# --- Riding the wave -------------------------------------------------------------------------


def _waves_parse(data: Any) -> int:
    count = as_dict(data)["times"]
    expect(isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 1_000_000)
    return int(count)


def _waves_write(user: User, count: int) -> SectionResult:
    return services.waves_ridden_import(owner=user, count=count)


RIDE_THE_WAVE = ExportSection(
    key="ride_the_wave",
    name=gettext_lazy("how many times you rode the wave"),
    dump=lambda scope: {"times": n} if (n := selectors.waves_ridden_for(scope.user)) else None,
    # Only a number, not words: it travels in the JSON, and the person's notes are journal entries.
    markdown=lambda data: {},
    parse=_waves_parse,
    write=_waves_write,
    describe=lambda n: _("the number of times you rode the wave"),
    # Not listed on the export page: the count stays out of sight unless the person looks for it.
    count=lambda user: 0,
)

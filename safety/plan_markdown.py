"""The safety plan as a Markdown file: the plan page's download and the export's copy of it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from config.markdown import markdown_escape
from safety.selectors import PlanView


@sensitive_variables()
def _as_written(plan: PlanView) -> PlanView:
    # The person's words are escaped, so a step that starts "#1 reason" or "- my sister" reads as
    # written in a Markdown reader rather than as a heading or a list. Our own words are Markdown.
    steps = tuple(
        replace(
            step,
            body=markdown_escape(step.body),
            obstacles=markdown_escape(step.obstacles),
            contacts=tuple(
                replace(contact, name=markdown_escape(contact.name), phone=markdown_escape(contact.phone))
                for contact in step.contacts
            ),
        )
        for step in plan.steps
    )
    return replace(plan, steps=steps)


@sensitive_variables()
def plan_markdown(*, plan: PlanView, resources: Any = None, request: HttpRequest | None = None) -> str:
    context = {"plan": _as_written(plan), "resources": resources, "today": timezone.localdate()}
    return render_to_string("safety/plan.md", context, request=request)

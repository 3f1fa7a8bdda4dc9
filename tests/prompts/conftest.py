from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from prompts.models import Sequence


@pytest.fixture
def library(db: None) -> None:
    """Waypoint's shipped reflections, loaded as `manage.py setup` loads them."""
    call_command("prompts_load", verbosity=0)


@pytest.fixture
def loaded_library(transactional_db: None) -> None:
    """The shipped reflections, for browser tests (the live server sees only committed rows)."""
    call_command("prompts_load", verbosity=0)


@pytest.fixture
def setback(library: None) -> Sequence:
    return Sequence.objects.get(clinic_key="", slug="after-a-setback")


def sequence(slug: str) -> Sequence:
    return Sequence.objects.get(clinic_key="", slug=slug)


def step_post(position: int, action: str = "next", answer: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {"position": position, "action": action}
    if answer is not None:
        data["answer"] = answer
    return data

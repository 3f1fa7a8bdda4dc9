from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from prompts.models import Sequence
from safety.models import CrisisResource


@pytest.mark.django_db
def test_setup_loads_shipped_data_and_running_it_again_changes_nothing() -> None:
    call_command("setup", stdout=StringIO())
    sequences, resources = Sequence.objects.count(), CrisisResource.objects.count()
    assert sequences >= 8
    assert resources > 0
    call_command("setup", stdout=StringIO())
    assert (Sequence.objects.count(), CrisisResource.objects.count()) == (sequences, resources)

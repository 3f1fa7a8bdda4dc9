from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from prompts.loader import LIBRARY_DIR, daily_prompts, read_library
from prompts.models import Sequence, SequenceVersion

SHIPPED = {
    "pause-for-kindness",
    "after-a-setback",
    "understanding-what-happened",
    "ride-the-wave",
    "small-victories",
    "talk-to-someone",
    "next-therapy-session",
    "a-kinder-letter",
    "what-id-like-you-to-know",
}


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, target)
    return target


def test_all_nine_sequences_ship_and_load(db: None) -> None:
    call_command("prompts_load", verbosity=0)
    assert set(Sequence.objects.values_list("slug", flat=True)) == SHIPPED
    assert SequenceVersion.objects.count() == len(SHIPPED)


def test_loading_twice_changes_nothing(db: None) -> None:
    call_command("prompts_load", verbosity=0)
    call_command("prompts_load", verbosity=0)
    assert SequenceVersion.objects.count() == len(SHIPPED)


def test_changed_words_become_a_new_version_and_the_old_one_stays(db: None, library_copy: Path) -> None:
    call_command("prompts_load", directory=library_copy, verbosity=0)
    path = library_copy / "small-victories.yaml"
    path.write_text(path.read_text().replace("Who helped, even in a small way?", "Who was there for you?"))
    call_command("prompts_load", directory=library_copy, verbosity=0)
    versions = SequenceVersion.objects.filter(sequence__slug="small-victories").order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].definition.steps[2].question == "Who helped, even in a small way?"
    assert versions[1].definition.steps[2].question == "Who was there for you?"


def test_a_broken_file_stops_the_load_with_file_step_and_field(db: None, library_copy: Path) -> None:
    path = library_copy / "a-kinder-letter.yaml"
    path.write_text(path.read_text().replace("kind: write", "kind: essay", 1))
    with pytest.raises(CommandError, match=r"a-kinder-letter.yaml, step 2, field 'kind'"):
        call_command("prompts_load", directory=library_copy, verbosity=0)
    assert not Sequence.objects.exists()


def test_a_file_named_differently_from_its_slug_is_pointed_out(library_copy: Path) -> None:
    (library_copy / "small-victories.yaml").rename(library_copy / "wins.yaml")
    with pytest.raises(Exception, match=r"wins.yaml, sequence, field 'slug': name the file small-victories.yaml"):
        read_library(library_copy)


def test_daily_prompts_are_plenty_and_distinct() -> None:
    prompts = daily_prompts()
    assert len(prompts) >= 28
    assert len(set(prompts)) == len(prompts)

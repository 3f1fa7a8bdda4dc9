"""The gentle check measured on realistic sentences (gentle_check_cases.yaml).

Every "react" sentence must bring the panel; the "quiet" ones may bring it no more often than
when the matcher was written. To see the rates: pytest tests/safety/test_gentle_check_cases.py -s
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safety.gentle_check import sounds_like_danger

CASES = yaml.safe_load((Path(__file__).parent / "gentle_check_cases.yaml").read_text(encoding="utf-8"))
REACT = [(group, text) for group, texts in CASES["react"].items() for text in texts]
QUIET = [(group, text) for group, texts in CASES["quiet"].items() for text in texts]

# Measured when the matcher was written: 6 of 98 quiet sentences bring the panel (a holiday's
# "last entry", "the means to get to the appointment now", "tonight is the night of the concert",
# "finish it tonight/tomorrow" and "end it with Jo"). 7 of 114 since wishes not to be here react:
# "I'm so embarrassed I want to disappear" reads as "I'm so ashamed I want to disappear" does, and
# after self-harm shame is the one the panel is for. Lower it when phrases improve; raising it
# needs a reason in the commit.
FALSE_ALARMS_AT_MOST = 7


@pytest.mark.parametrize(("group", "text"), REACT, ids=[f"{g}: {t}" for g, t in REACT])
def test_every_sentence_of_danger_now_brings_the_panel(group: str, text: str) -> None:
    assert sounds_like_danger(text) is True


def test_false_alarms_stay_as_rare_as_measured() -> None:
    false_alarms = [text for _group, text in QUIET if sounds_like_danger(text)]
    hits = sum(sounds_like_danger(text) for _group, text in REACT)
    print(
        f"\ngentle check: {hits}/{len(REACT)} danger sentences react ({hits / len(REACT):.1%}); "
        f"{len(false_alarms)}/{len(QUIET)} quiet sentences react ({len(false_alarms) / len(QUIET):.1%})"
    )
    assert len(false_alarms) <= FALSE_ALARMS_AT_MOST, false_alarms


def test_the_set_is_wide_enough_to_mean_something() -> None:
    assert len(REACT) >= 60 and len(QUIET) >= 60
    assert {"youth-words", "means-at-hand", "plans-for-tonight", "goodbye"} <= set(CASES["react"])
    assert {"past-told-as-past", "film-book-news", "someone-else", "urge-that-passed"} <= set(CASES["quiet"])

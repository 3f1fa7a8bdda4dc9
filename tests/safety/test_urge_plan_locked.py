"""Ride the wave for a person who locked their safety plan with their journal (#17).

The urge pages open to everyone, signed out too, so locking the plan must never put them behind
the passphrase: while the journal is locked they show the crisis lines and the emergency number
without the plan's people, say where those went, and link to the unlock page and back.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from journal import lock_services
from journal.keyring import journal_unlocked
from journal.models import Entry
from safety.models import SafetyPreferences
from safety.selectors import waves_ridden_for
from safety.services import crisis_resources_load, plan_contact_add, wave_ridden
from tests.journal.locking import PASSPHRASE, lock_journal

SAM = "Sam Reyes"
TIMER = "/safety/ride-the-wave/"
TALK = "/safety/ride-the-wave/talk/"
FINISH = "/safety/ride-the-wave/?minutes=5&step=8"
DONE = "/safety/ride-the-wave/done/"
UNLOCK = "/journal/unlock/"
PEOPLE_LATER = "The people from your safety plan show here once your journal is open."
NOT_COUNTED = "Your safety plan is locked with your journal, so this isn't in your wave count yet."
NOTE_LEFT_OUT = "Your journal is locked, so nothing was added to it. That doesn't change what you just did."


def _unlock_link(next_path: str) -> str:
    return f'href="{UNLOCK}?next={quote(next_path, safe="")}"'


@pytest.fixture
def lock_key(alice: Any) -> bytes:
    """Alice rode the wave once, shows her count, has Sam in her plan, and locked it all."""
    crisis_resources_load()
    plan_contact_add(owner=alice, section="people", name=SAM, phone="+44 7700 900123")
    wave_ridden(owner=alice, note_in_journal=False)
    SafetyPreferences.objects.filter(owner=alice).update(show_wave_count=True)
    _recovery, key = lock_journal(alice)
    return key


@pytest.fixture
def plan_locked(alice: Any, lock_key: bytes) -> bytes:
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)
    return lock_key


@pytest.fixture
def locked(alice: Any) -> Client:
    """Signed in, and this browser holds no lock key: the journal (and a plan locked with it) is shut."""
    client = Client()
    client.force_login(alice)
    return client


def _waves(person: Any, lock_key: bytes) -> int:
    with journal_unlocked(person.pk, lock_key):
        return waves_ridden_for(person)


def _unlock(client: Client, next_path: str) -> str:
    response = client.post(UNLOCK, {"passphrase": PASSPHRASE, "next": next_path})
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize(
    "url", [TIMER, TALK, f"{TALK}?minutes=5&step=4", FINISH, "/safety/ride-the-wave/?minutes=5&step=4"]
)
def test_every_urge_page_opens_with_the_crisis_lines_and_no_names(locked: Client, plan_locked: bytes, url: str) -> None:
    response = locked.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "I'm not safe right now" in html
    assert SAM not in html and "tel:+447700900123" not in html
    if url.startswith(TALK) or url == TIMER:  # the pages with the "talk to someone" panel
        assert '<a class="button" href="tel:911"><span>Call <bdi dir="ltr">911</bdi></span></a>' in html
        assert 'href="tel:988"' in html and "Crisis lines in the United States" in html
        assert PEOPLE_LATER in html
        assert "add people you trust to your safety plan" not in html


def test_the_open_my_journal_link_comes_back_to_the_same_page_with_the_people(
    locked: Client, plan_locked: bytes
) -> None:
    page = f"{TALK}?minutes=5&step=4"
    html = locked.get(page).content.decode()
    assert f"{_unlock_link(page)}>Open my journal</a>" in html

    assert _unlock(locked, page) == page
    back = locked.get(page).content.decode()
    assert SAM in back and 'href="tel:+447700900123"' in back
    assert PEOPLE_LATER not in back
    # The timer's own panel (the page with JavaScript) has them again too.
    assert SAM in locked.get(TIMER).content.decode()


def test_finishing_while_the_plan_is_locked_says_so_and_counts_after_opening_the_journal(
    alice: Any, locked: Client, plan_locked: bytes
) -> None:
    finish = locked.get(FINISH).content.decode()
    assert "You stayed with it" in finish and ">Finish</button>" in finish
    assert "Times you rode the wave" not in finish  # the count is locked with the plan

    done = locked.post(DONE, {"note_in_journal": "on"}, follow=True)
    assert done.redirect_chain == [(DONE, 302)] and done.status_code == 200
    html = done.content.decode()
    assert "You rode the wave" in html
    assert NOT_COUNTED in html
    assert "It's in your journal" not in html and "Times you rode the wave" not in html
    assert _waves(alice, plan_locked) == 1
    assert not Entry.objects.filter(owner=alice).exists()
    assert f"{_unlock_link(FINISH)}>Open my journal</a>" in html
    # Reloaded (or the tab restored later), it says the same and still counts nothing.
    reloaded = locked.get(DONE).content.decode()
    assert NOT_COUNTED in reloaded and f"{_unlock_link(FINISH)}>Open my journal</a>" in reloaded
    assert "It's in your journal" not in reloaded and "Times you rode the wave" not in reloaded
    assert _waves(alice, plan_locked) == 1

    # Open the journal from there: back at the finish, where Finish counts it and notes it.
    assert _unlock(locked, FINISH) == FINISH
    assert "Times you rode the wave so far: 1" in locked.get(FINISH).content.decode()
    counted = locked.post(DONE, {"note_in_journal": "on"}, follow=True).content.decode()
    assert "Times you rode the wave: 2" in counted
    assert "It's in your journal as something that helped." in counted
    assert NOT_COUNTED not in counted
    assert _waves(alice, plan_locked) == 2
    assert Entry.objects.filter(owner=alice, kind=Entry.Kind.COPING).count() == 1


def test_with_only_the_journal_locked_the_wave_counts_and_the_page_says_the_note_is_not_there(
    alice: Any, locked: Client, lock_key: bytes
) -> None:
    assert not lock_services.lock_plan_is_locked(alice)
    html = locked.post(DONE, {"note_in_journal": "on"}, follow=True).content.decode()
    assert "Times you rode the wave: 2" in html
    assert NOTE_LEFT_OUT in html
    assert NOT_COUNTED not in html
    assert not Entry.objects.filter(owner=alice).exists()
    reloaded = locked.get(DONE).content.decode()
    assert NOTE_LEFT_OUT in reloaded and "Times you rode the wave: 2" in reloaded
    assert _waves(alice, lock_key) == 2
    # Not asked for, nothing to say about it.
    assert NOTE_LEFT_OUT not in locked.post(DONE, {}, follow=True).content.decode()
    assert _waves(alice, lock_key) == 3


def test_finishing_while_the_plan_is_locked_says_nothing_about_a_count_to_someone_who_never_turned_it_on(
    alice: Any, locked: Client, plan_locked: bytes
) -> None:
    SafetyPreferences.objects.filter(owner=alice).update(show_wave_count=False)
    quiet = locked.post(DONE, {}, follow=True).content.decode()
    assert "You rode the wave" in quiet
    assert "wave count" not in quiet and "Times you rode the wave" not in quiet
    assert ">Open my journal</a>" not in quiet
    # Asked to note it in the journal: told it isn't there, and where to open the journal, still with no count.
    asked = locked.post(DONE, {"note_in_journal": "on"}, follow=True).content.decode()
    assert "wave count" not in asked and NOTE_LEFT_OUT in asked
    assert f"{_unlock_link(FINISH)}>Open my journal</a>" in asked
    assert not Entry.objects.filter(owner=alice).exists()


def test_a_locked_plan_with_no_people_in_it_says_nothing_about_people(alice: Any, locked: Client) -> None:
    crisis_resources_load()
    _recovery, key = lock_journal(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=key, locked=True)
    html = locked.get(TALK).content.decode()
    assert PEOPLE_LATER not in html
    assert "Crisis lines in the United States" in html


def test_the_urge_pages_write_nothing_while_the_plan_is_locked(alice: Any, locked: Client, plan_locked: bytes) -> None:
    def stored() -> bytes:
        return bytes(SafetyPreferences.objects.get(owner=alice).waves_ridden or b"")

    before = stored()
    for url in (TIMER, TALK, FINISH, "/safety/grounding/", "/safety/help/"):
        assert locked.get(url).status_code == 200, url
    assert before and stored() == before
    assert not Entry.objects.filter(owner=alice).exists()

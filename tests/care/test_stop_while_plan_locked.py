"""The care page while the safety plan is locked with the journal: what is shared can still be
seen and stopped without the passphrase, and suggestions for the plan wait for it."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

from care import services, suggestions
from care.models import Link, SharedItem
from journal import lock_services
from journal.lock_session import unlock_url
from journal.services import entry_create
from safety.services import plan_step_save
from tests.journal.locking import lock_journal


def test_a_person_whose_plan_is_locked_too_can_still_stop_sharing_with_their_therapist(
    alice: Any, alice_client: Client, theo: Any, link: Link
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="My sister's laugh", obstacles="")
    plan = services.share_plan(link=link)
    entry = services.share_entry(link=link, entry=entry_create(author=alice, title="", body="Tuesday"))
    suggestions.plan_suggestion_create(item=plan, section="warning_signs", body="A short walk", therapist=theo)
    _recovery_key, lock_key = lock_journal(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)

    page = alice_client.get("/care/")

    assert page.status_code == 200, page.get("Location")
    text = html.unescape(page.content.decode())
    assert "Your therapist's suggestions for it will show here once you open it." in text
    assert "My sister's laugh" not in text and "A short walk" not in text
    assert text.count("Stop sharing") >= 2
    alice_client.post(f"/care/shared/{entry.id}/stop/")
    assert list(SharedItem.objects.filter(link=link)) == [plan]


def test_a_locked_journal_keeps_the_copy_a_therapist_reads_behind_its_passphrase(
    alice: Any, alice_client: Client, link: Link
) -> None:
    # The copy has its own key, so its page opened without the passphrase: whoever held the
    # signed-in device read the shared entry, while the supporter's copy page asked to unlock.
    plan_step_save(owner=alice, section="warning_signs", body="My sister's laugh", obstacles="")
    entry = services.share_entry(link=link, entry=entry_create(author=alice, title="By the sea", body="I rang Sam"))
    plan = services.share_plan(link=link)
    lock_journal(alice)

    for item in (entry, plan):
        page = alice_client.get(f"/care/shared/{item.id}/")
        # To the unlock page, and back to this copy once the journal is open.
        assert page.status_code == 302 and page["Location"] == unlock_url(f"/care/shared/{item.id}/")
        assert "I rang Sam" not in page.content.decode() and "sister" not in page.content.decode()
    listed = html.unescape(alice_client.get("/care/").content.decode())
    assert "By the sea" not in listed and "I rang Sam" not in listed
    assert listed.count("Stop sharing") >= 2  # what is shared can still be stopped

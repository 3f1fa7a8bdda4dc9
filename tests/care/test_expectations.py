"""What a person is told about sharing and suggested reflections, and what their therapist is shown.

Sharing is not an alarm: the share and link pages say the therapist is not alerted and may not read
it before the next session, with the crisis help for the person's own region one tap away. The
person reads the same status words their therapist sees, and never school words.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care.models import AuditEvent, Link, Membership
from care.services import (
    homework_assign,
    invitation_create,
    link_end,
    link_set_homework_status,
    share_entry,
    share_revoke,
)
from prompts.models import Run, Sequence
from prompts.selectors import run_answers
from prompts.services import run_start, run_step_keep, run_step_submit
from tests.care.conftest import client_for, write

pytestmark = pytest.mark.django_db

NOT_ALERTED = "Your therapist is not alerted when you share something, and may not read it before your next session."
DANGER = "If you are in danger now, you don't have to wait for them."


def _sequence(slug: str) -> Sequence:
    return Sequence.objects.get(clinic_key="", slug=slug)


def _help_link(page: str) -> str:
    found = re.search(r'<a href="([^"]+)">Crisis lines where you are</a>', page)
    assert found is not None, "the way to help now sits beside the words"
    return found.group(1)


def test_the_share_page_says_the_therapist_is_not_alerted_and_where_help_is(
    link: Link, alice: Any, alice_client: Client
) -> None:
    entry = write(alice, "A hard evening")
    for url in (reverse("care:share_entry", args=[entry.id]), reverse("care:share_plan")):
        page = alice_client.get(url).content.decode()
        assert NOT_ALERTED in page and DANGER in page, url
        assert _help_link(page) == reverse("safety:help")


def test_the_link_pages_say_it_too(theo: Any, link: Link, alice_client: Client, bob_client: Client) -> None:
    index = alice_client.get(reverse("care:index")).content.decode()
    assert NOT_ALERTED in index and DANGER in index
    code = invitation_create(membership=Membership.objects.get(user=theo)).code
    accept = bob_client.get(reverse("care:accept", args=[code])).content.decode()
    assert "Link with <bdi>Theo Park</bdi>?" in accept
    assert NOT_ALERTED in accept and DANGER in accept
    assert _help_link(accept) == reverse("safety:help")


def test_the_help_it_points_to_is_for_the_persons_own_region(link: Link, alice: Any, alice_client: Client) -> None:
    call_command("crisis_resources_load", verbosity=0)
    alice.region = "GB"
    alice.save(update_fields=["region"])
    page = alice_client.get(reverse("care:share_plan")).content.decode()
    help_page = alice_client.get(_help_link(page)).content.decode()
    assert re.search(r'<option value="GB" selected>', help_page), "the help page opens on her own country"
    assert "Samaritans" in help_page


def test_the_person_sees_the_same_status_words_as_their_therapist(
    library: None, link: Link, alice: Any, alice_client: Client, theo_client: Client
) -> None:
    pause = _sequence("pause-for-kindness")
    homework_assign(link=link, sequence=pause)
    home = alice_client.get(reverse("home")).content.decode()
    assert "What <bdi>Theo Park</bdi> sees" not in home, "nothing is shown while she keeps it to herself"

    link_set_homework_status(link=link, show=True)
    client_page = reverse("care:client", args=[link.id])
    assert "What <bdi>Theo Park</bdi> sees: Not started" in alice_client.get(reverse("home")).content.decode()
    assert "Not started" in theo_client.get(client_page).content.decode()

    run_start(owner=alice, sequence=pause)
    assert "What <bdi>Theo Park</bdi> sees: Started" in alice_client.get(reverse("home")).content.decode()
    therapist_page = theo_client.get(client_page).content.decode()
    assert "Started" in therapist_page and "Begun" not in therapist_page


def test_a_reflection_left_as_it_was_is_not_shown_as_started_on_a_later_suggestion(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    # Begun last week, suggested today: opening it and leaving (the page keeps the words it holds)
    # or pressing "Stop for now" with nothing changed is not taking the suggestion up.
    pause = _sequence("pause-for-kindness")
    run = run_start(owner=alice, sequence=pause)
    run_step_keep(run=run, answers=run_answers(run), position=0, answer="Some words from last week")
    last_week = timezone.now() - timedelta(days=7)
    Run.objects.filter(pk=run.pk).update(started_at=last_week, updated_at=last_week)
    homework_assign(link=link, sequence=pause)
    link_set_homework_status(link=link, show=True)

    run = Run.objects.get(pk=run.pk)
    run_step_keep(run=run, answers=run_answers(run), position=0, answer="Some words from last week")
    run_step_submit(run=run, answers=run_answers(run), answer="Some words from last week", action="stop")
    assert "What <bdi>Theo Park</bdi> sees: Not started" in alice_client.get(reverse("home")).content.decode()

    run_step_submit(run=run, answers=run_answers(run), answer="Some words from today", action="stop")
    assert "What <bdi>Theo Park</bdi> sees: Started" in alice_client.get(reverse("home")).content.decode()


def test_a_reflection_for_a_moment_has_no_date_on_either_side(
    library: None, link: Link, alice_client: Client, theo_client: Client
) -> None:
    url = reverse("care:assign", args=[link.id])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    setback = _sequence("after-a-setback")
    note = "Only if it would help, after a hard night."
    response = theo_client.post(url, {"sequence": setback.pk, "note": note, "due_on": tomorrow})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This reflection is for a moment when it comes, so it has no date." in body
    assert note in body, "the therapist's note is still in the box"
    assert not link.assignments.exists()

    # One set with a date before this rule still shows the person none.
    homework_assign(link=link, sequence=setback, due_on=timezone.localdate() + timedelta(days=3))
    homework_assign(
        link=link, sequence=_sequence("pause-for-kindness"), due_on=timezone.localdate() + timedelta(days=3)
    )
    home = alice_client.get(reverse("home")).content.decode()
    assert "for whenever you need it" in home
    assert home.count("if you can, by") == 1, "only the reflection for a day has a date to aim for"


def test_a_date_to_aim_for_that_has_passed_is_not_shown_to_the_person(
    library: None, link: Link, alice_client: Client, theo_client: Client
) -> None:
    # Suggested 'if you can, by' today; opened again the next night, the date is behind her.
    today = timezone.localdate()
    homework_assign(link=link, sequence=_sequence("pause-for-kindness"), due_on=today)
    home = alice_client.get(reverse("home")).content.decode()
    assert f"if you can, by {today:%-d %B}" in home, "a date still ahead (today) is shown"

    yesterday = today - timedelta(days=1)
    link.assignments.update(due_on=yesterday)
    home = alice_client.get(reverse("home")).content.decode()
    assert "Pause for kindness" in home, "the suggestion is still there, whenever it suits her"
    assert "if you can, by" not in home and f"{yesterday:%-d %B}" not in home, "no date gone by, as if missed"
    therapist_page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert f"by {yesterday:%-d %B %Y}" in therapist_page, "the therapist still sees the date they suggested"


def test_the_person_never_reads_school_words(
    library: None, link: Link, alice: Any, alice_client: Client, theo_client: Client
) -> None:
    homework_assign(link=link, sequence=_sequence("pause-for-kindness"))
    link_set_homework_status(link=link, show=True)
    entry = write(alice, "Something to share")
    pages = [
        reverse("home"),
        reverse("care:index"),
        reverse("care:link_end", args=[link.id]),
        reverse("care:share_entry", args=[entry.id]),
    ]
    for url in pages:
        text = re.sub(r"<[^>]+>", " ", alice_client.get(url).content.decode()).lower()
        for word in ("homework", "not begun", "due "):
            assert word not in text, f"{url} says {word!r}"
    assert "Suggested reflections" in alice_client.get(reverse("home")).content.decode()
    assert "Homework" in theo_client.get(reverse("care:client", args=[link.id])).content.decode()


def test_a_therapist_opening_what_is_not_shared_is_in_the_clinics_audit_log(
    link: Link, alice: Any, theo: Any, theo_client: Client, ada: Any, uma: Any
) -> None:
    item = share_entry(link=link, entry=write(alice, "Shared, then not"))
    stopped_id = item.id
    share_revoke(item=item)
    never_shared = write(alice, "Never shared").id
    for item_id in (stopped_id, never_shared):
        for url in (
            reverse("care:shared_item", args=[link.id, item_id]),
            reverse("care:plan_suggest", args=[link.id, item_id, "on_my_own"]),
        ):
            assert theo_client.get(url).status_code == 404
    refused = AuditEvent.objects.filter(action=AuditEvent.Action.SHARED_ITEM_REFUSED)
    no_longer = AuditEvent.objects.filter(action=AuditEvent.Action.SHARED_ITEM_NO_LONGER)
    assert {(e.actor, e.clinic_id, e.target) for e in refused} == {
        (theo, link.clinic_id, str(never_shared)),
    }, "ids only, in the therapist's own clinic's log"
    assert refused.count() == 2
    assert {(e.actor, e.clinic_id, e.target) for e in no_longer} == {(theo, link.clinic_id, str(stopped_id))}
    assert no_longer.count() == 2

    # Uma, at another clinic, trying Theo's link goes in her own clinic's log, not Harbour's.
    client_for(uma).get(reverse("care:shared_item", args=[link.id, stopped_id]))
    assert refused.filter(actor=uma).exclude(clinic=link.clinic).count() == 1

    log = client_for(ada).get(reverse("care:audit")).content.decode()
    assert "Tried to open an item not shared with them" in log and str(never_shared) in log
    assert "Opened an item the client no longer shares with them" in log and str(stopped_id) in log
    assert "Shared, then not" not in log and "Never shared" not in log


def test_a_copy_replaced_or_on_an_ended_link_is_no_longer_shared_in_the_audit_log(
    link: Link, alice: Any, theo: Any, theo_client: Client, ada: Any
) -> None:
    """What a clinic admin reads: a copy shared with the therapist before is not told as a look at
    something never theirs; an id never shared on their link still is, even once the link ended."""
    entry = write(alice, "Shared twice")
    replaced_id = share_entry(link=link, entry=entry).id
    share_entry(link=link, entry=entry)
    kept = share_entry(link=link, entry=write(alice, "Shared until the link ended"))
    theo_client.get(reverse("care:shared_item", args=[link.id, kept.id]))
    never_shared = write(alice, "Never shared").id
    assert theo_client.get(reverse("care:shared_item", args=[link.id, replaced_id])).status_code == 404
    link_end(link=link)
    for item_id in (kept.id, never_shared):
        assert theo_client.get(reverse("care:shared_item", args=[link.id, item_id])).status_code == 404

    actions = dict(
        AuditEvent.objects.filter(
            action__in=[AuditEvent.Action.SHARED_ITEM_NO_LONGER, AuditEvent.Action.SHARED_ITEM_REFUSED]
        ).values_list("target", "action")
    )
    assert actions == {
        str(replaced_id): AuditEvent.Action.SHARED_ITEM_NO_LONGER,
        str(kept.id): AuditEvent.Action.SHARED_ITEM_NO_LONGER,
        str(never_shared): AuditEvent.Action.SHARED_ITEM_REFUSED,
    }
    export = client_for(ada).get(reverse("care:audit_export")).content.decode()
    assert export.count("Opened an item the client no longer shares with them") == 2
    for words in ("Shared twice", "Shared until the link ended", "Never shared"):
        assert words not in export


def test_a_copy_opened_before_the_persons_account_went_is_no_longer_shared_in_the_audit_log(
    link: Link, alice: Any, theo_client: Client
) -> None:
    item = share_entry(link=link, entry=write(alice, "Shared, then the account went"))
    theo_client.get(reverse("care:shared_item", args=[link.id, item.id]))
    alice.delete()
    assert theo_client.get(reverse("care:shared_item", args=[link.id, item.id])).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SHARED_ITEM_NO_LONGER, target=str(item.id)).count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SHARED_ITEM_REFUSED).exists()

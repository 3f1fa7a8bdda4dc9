from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN_KEY
from care.homework import homework_for_link
from care.models import Assignment, AuditEvent, Invitation, Link, SharedItem, ShareEvent, invitation_code_hash
from care.services import link_end, share_entry, share_plan
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from tests.care.conftest import write


def _pause() -> Sequence:
    return Sequence.objects.get(clinic_key="", slug="pause-for-kindness")


@pytest.mark.django_db
def test_the_dashboard_lists_clients_and_shared_items_newest_first(link: Link, alice: Any, theo_client: Client) -> None:
    older = share_entry(link=link, entry=write(alice, "older"))
    SharedItem.objects.filter(pk=older.pk).update(shared_at=timezone.now() - timedelta(days=1))
    share_plan(link=link)
    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert "alice@example.com" in page
    assert page.index("Safety plan") < page.index("Journal entry"), "newest first"
    assert "older" not in page, "the list names items; it never shows their words"


@pytest.mark.django_db
def test_a_new_code_appears_with_its_link_and_expiry(theo_client: Client) -> None:
    response = theo_client.post(reverse("care:invitation_create"), headers={"HX-Request": "true"})
    invitation = Invitation.objects.get()
    body = response.content.decode()
    code = re.search(r'class="care-code">([A-Z0-9]+)<', body)
    assert code is not None and invitation.code_hash == invitation_code_hash(code.group(1))
    assert reverse("care:accept", args=[code.group(1)]) in body
    assert "works until" in body and "<html" not in body
    assert AuditEvent.objects.filter(action="invitation_created").exists()


@pytest.mark.django_db
def test_assigning_homework_shows_it_with_its_note_and_date(library: None, link: Link, theo_client: Client) -> None:
    due = timezone.localdate() + timedelta(days=3)
    response = theo_client.post(
        reverse("care:assign", args=[link.id]),
        {"sequence": _pause().id, "note": "Just the first step is fine", "due_on": due.isoformat()},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    # Their note shows once, on the new suggestion's line; the form is cleared for the next one.
    assert "Pause for kindness" in body
    assert '<span class="visually-hidden">Your note: </span><p dir="auto">Just the first step is fine</p>' in body
    assert body.count("Just the first step is fine") == 1
    assert Assignment.objects.get().due_on == due
    assert "They keep whether they started or finished it to themselves" in body
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert '<p dir="auto">Just the first step is fine</p>' in page, "still there when they come back"


@pytest.mark.django_db
def test_a_suggestion_without_a_note_shows_no_empty_note(library: None, link: Link, theo_client: Client) -> None:
    theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": _pause().id, "note": ""})
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert "Pause for kindness" in page and "Your note:" not in page


@pytest.mark.django_db
def test_a_date_in_the_past_gets_a_kind_message_and_keeps_the_note(
    library: None, link: Link, theo_client: Client
) -> None:
    response = theo_client.post(
        reverse("care:assign", args=[link.id]),
        {"sequence": _pause().id, "note": "keep me", "due_on": "2001-01-01"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "That date has passed" in body and "keep me" in body
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_another_clinics_own_reflections_cannot_be_assigned(library: None, link: Link, theo_client: Client) -> None:
    from prompts.services import sequence_save

    theirs = sequence_save(definition=_pause().latest.definition, clinic_key="hillside").sequence  # type: ignore[union-attr]
    ours = Sequence.objects.create(clinic_key="harbour", slug="ours")
    from prompts.models import SequenceVersion

    SequenceVersion.objects.create(sequence=ours, number=1, content=_pause().latest.content, digest="x")  # type: ignore[union-attr]
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert f'value="{ours.id}"' in page and f'value="{theirs.id}"' not in page
    theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": theirs.id})
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_homework_status_shows_only_when_the_person_allows_it(
    library: None, link: Link, alice: Any, theo_client: Client
) -> None:
    theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": _pause().id})
    run = run_start(owner=alice, sequence=_pause())
    run_finish(run=run, answers={})
    url = reverse("care:client", args=[link.id])
    assert "Finished" not in theo_client.get(url).content.decode()
    Link.objects.filter(pk=link.pk).update(show_homework_status=True)
    assert "Finished" in theo_client.get(url).content.decode()


@pytest.mark.django_db
def test_opening_a_shared_item_is_read_only_and_logged_for_the_person(
    link: Link, alice: Any, theo_client: Client
) -> None:
    item = share_entry(link=link, entry=write(alice, "my words"))
    page = theo_client.get(reverse("care:shared_item", args=[link.id, item.id])).content.decode()
    assert "my words" in page and "<textarea" not in page and "Suggest a change" not in page
    assert ShareEvent.objects.filter(item_id=item.id, action="viewed").count() == 1
    assert AuditEvent.objects.filter(action="shared_item_opened", target=str(item.id)).exists()


@pytest.mark.django_db
def test_a_shared_plan_shows_its_therapist_every_step_to_suggest_words_for(
    link: Link, alice: Any, theo_client: Client
) -> None:
    # A supporter reads only the written steps; a therapist may suggest words for an empty one.
    from safety.services import plan_step_save

    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = share_plan(link=link)
    page = theo_client.get(reverse("care:shared_item", args=[link.id, item.id])).content.decode()
    assert 'aria-label="Suggest a change: Warning signs and triggers"' in page
    assert "Nothing here yet." in page


@pytest.mark.django_db
def test_a_shared_plan_takes_labelled_suggestions(link: Link, alice: Any, theo_client: Client) -> None:
    from safety.services import plan_step_save

    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = share_plan(link=link)
    url = reverse("care:plan_suggest", args=[link.id, item.id, "on_my_own"])
    assert "Music" in theo_client.get(url).content.decode(), "starts from the shared words"
    empty = theo_client.post(url, {"body": ""}).content.decode()
    assert "Write the words you would suggest" in empty
    assert theo_client.post(url, {"body": "Music, then a bath"}).status_code == 302
    assert item.suggestions.count() == 1
    assert theo_client.get(reverse("care:plan_suggest", args=[link.id, item.id, "nowhere"])).status_code == 404


# --- Words written while access ends, or while the session locks --------------------------------


@pytest.mark.django_db
def test_a_note_sent_after_the_link_ended_is_shown_back_to_copy_and_never_kept(
    library: None, link: Link, alice_client: Client, theo_client: Client
) -> None:
    alice_client.post(reverse("care:link_end", args=[link.id]))
    words = "A thoughtful note for you, written slowly"
    response = theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": _pause().id, "note": words})
    page = response.content.decode()
    assert response.status_code == 404 and "This is no longer shared with you" in page
    # Their whole page: "They chose to stop sharing it" named an "it" the therapist never opened.
    assert "They chose to end the link. That choice is always theirs." in page and "sharing it" not in page
    assert f'<textarea id="unsent-words" readonly rows="8" dir="auto" data-unsent>\n{words}</textarea>' in page
    assert "What you wrote wasn't sent, and Waypoint kept no copy." in page
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_with_htmx_the_note_takes_the_page_instead_of_a_reload_that_would_lose_it(
    library: None, link: Link, alice_client: Client, theo_client: Client
) -> None:
    alice_client.post(reverse("care:link_end", args=[link.id]))
    words = "A thoughtful note for you"
    response = theo_client.post(
        reverse("care:assign", args=[link.id]),
        {"sequence": _pause().id, "note": words},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    # htmx swaps only a success, into the page's main content; a reload would have lost the words.
    assert response.status_code == 200 and "HX-Refresh" not in response
    assert response["HX-Retarget"] == "#main" and response["HX-Reswap"] == "innerHTML"
    assert "This is no longer shared with you" in body and words in body and "<html" not in body
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_a_note_too_long_for_the_box_is_kept_in_it_with_a_kind_word(
    library: None, link: Link, theo_client: Client
) -> None:
    page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    textarea = re.search(r'<textarea name="note"[^>]*>', page)
    assert textarea is not None and "maxlength" not in textarea.group(0), "the browser would cut pasted words off"
    words = "x" * 1001
    response = theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": _pause().id, "note": words})
    page = response.content.decode()
    assert "A note here holds up to 1,000 characters. Your words are still here; you could shorten them." in page
    assert words in page and "Ensure this value" not in page
    assert not Assignment.objects.exists()


def _idle(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_without_javascript_a_note_sent_after_the_idle_lock_is_kept_then_locks(
    library: None, link: Link, theo_client: Client
) -> None:
    _idle(theo_client, 45 * 60)
    words = "Twenty minutes spent on this note"
    response = theo_client.post(reverse("care:assign", args=[link.id]), {"sequence": _pause().id, "note": words})
    assert response["Location"] == "/account/locked/?saved=1"
    assert homework_for_link(link)[0].note == words
    assert theo_client.get(reverse("care:dashboard"))["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_without_javascript_a_suggestion_sent_after_the_idle_lock_is_kept_then_locks(
    link: Link, theo_client: Client
) -> None:
    item = share_plan(link=link)
    _idle(theo_client, 45 * 60)
    url = reverse("care:plan_suggest", args=[link.id, item.id, "on_my_own"])
    response = theo_client.post(url, {"body": "Music, then a bath"})
    assert response["Location"] == "/account/locked/?saved=1"
    assert item.suggestions.count() == 1


@pytest.mark.django_db
def test_after_the_last_client_ends_the_link_the_page_does_not_welcome_them_as_new(
    link: Link, alice: Any, theo_client: Client
) -> None:
    # "Welcome", "Nobody yet" and "Nothing has been shared with you yet" read as if their clients
    # had never been, or had been lost.
    share_entry(link=link, entry=write(alice, "words"))
    link_end(link=link)

    page = theo_client.get(reverse("care:dashboard")).content.decode()
    assert "Welcome, <bdi>Theo Park</bdi>" not in page
    assert "Nobody yet." not in page and "Nothing has been shared with you yet." not in page
    assert "Nobody is linked with you right now." in page
    assert "Nothing is shared with you right now." in page

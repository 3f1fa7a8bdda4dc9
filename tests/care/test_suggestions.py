"""A therapist's suggested words for a shared safety plan: seen beside the person's own, answered
by the person, undone once if they like, and the answer (never the person's words) shown back."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care import services, suggestions
from care.models import Link, PlanSuggestion, SharedItem, ShareEvent
from journal import keyring, lock_services
from journal.key_lifecycle import keys_verify, user_data_key_rotate
from journal.lock_keys import KdfParams
from safety.selectors import plan_for_owner
from safety.services import plan_step_save
from tests.care.conftest import client_for, link_people, therapist_of

FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)  # Argon2id's cost is stored per seal

# Words the person wrote after sharing: their own, never their therapist's to see.
PRIVATE = f"private-{uuid.uuid4().hex}"


@pytest.fixture
def plan_item(link: Link, alice: Any) -> SharedItem:
    """Alice shared her plan with Theo, then kept writing in it on her own."""
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="Being tired")
    plan_step_save(owner=alice, section="warning_signs", body="Not sleeping", obstacles="")
    item = services.share_plan(link=link)
    plan_step_save(owner=alice, section="on_my_own", body=f"Music and {PRIVATE}", obstacles="Being tired")
    return item


def _suggest(item: SharedItem, body: str, section: str = "on_my_own") -> PlanSuggestion:
    return suggestions.plan_suggestion_create(item=item, section=section, body=body, therapist=therapist_of(item.link))


def _decide(client: Client, suggestion: PlanSuggestion, decision: str) -> str:
    url = reverse("care:suggestion_decide", args=[suggestion.id])
    return client.post(url, {"decision": decision}, follow=True).content.decode()


def _step_of_copy(item: SharedItem, section: str = "on_my_own") -> str:
    item.refresh_from_db()
    return next(s.body for s in services.shared_item_read(item).steps if s.section.slug == section)


def _section(page: str, slug: str) -> str:
    """One step's part of a page, up to the next step."""
    start = page.index(f'id="step-{slug}"')
    following = re.compile(r'id="step-[a-z_]+"').search(page, start + 1)
    return page[start : following.start() if following else len(page)]


# --- The person sees both, chooses, and can put their words back -------------------------------


@pytest.mark.django_db
def test_the_person_sees_their_own_words_now_beside_the_suggested_ones(
    plan_item: SharedItem, alice_client: Client
) -> None:
    _suggest(plan_item, "Music, then a walk")
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Your words now" in page and f"Music and {PRIVATE}" in page, "their plan as it is, not the old copy"
    assert "<bdi>Theo Park</bdi>'s suggested words" in page and "Music, then a walk" in page
    assert "Use the suggested words" in page and "Keep my own words" in page
    # The therapist sees the answer and its date (care/views/therapist.py): said before deciding.
    assert "Your therapist will see which you chose, and when, under the plan you shared." in page
    assert "whether you used their words or kept yours, and when" in page, "in what they will see"


@pytest.mark.django_db
def test_using_the_suggested_words_can_be_undone_and_puts_the_persons_own_words_back(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    suggestion = _suggest(plan_item, "Music, then a walk")
    page = _decide(alice_client, suggestion, "accept")
    assert plan_for_owner(alice).step("on_my_own").body == "Music, then a walk"
    assert plan_for_owner(alice).step("on_my_own").obstacles == "Being tired", "the rest of the step stays"
    assert "Your own words are kept here" in page
    assert "In your plan now" in page and "Your words before" in page and f"Music and {PRIVATE}" in page
    assert "Put my words back" in page

    page = _decide(alice_client, suggestion, "undo")
    assert "Your own words are back in your plan." in page
    assert plan_for_owner(alice).step("on_my_own").body == f"Music and {PRIVATE}"
    assert "Put my words back" not in page and PRIVATE not in page, "done once, the old words are not kept"
    assert PlanSuggestion.objects.get().replaced is None

    _decide(alice_client, suggestion, "undo")
    assert plan_for_owner(alice).step("on_my_own").body == f"Music and {PRIVATE}", "a second time changes nothing"


@pytest.mark.django_db
def test_the_replaced_words_are_kept_under_the_persons_own_keyring_and_nowhere_in_the_clear(
    plan_item: SharedItem, alice: Any
) -> None:
    suggestion = _suggest(plan_item, "A walk")
    suggestions.plan_suggestion_accept(suggestion=suggestion)
    stored = bytes(PlanSuggestion.objects.get().replaced or b"")
    assert stored and PRIVATE.encode() not in stored
    replaced = suggestions.plan_suggestion_replaced(PlanSuggestion.objects.get(), owner=alice)
    assert replaced is not None and replaced.own == f"Music and {PRIVATE}"
    assert (
        suggestions.plan_suggestion_replaced(PlanSuggestion.objects.get(), owner=therapist_of(plan_item.link)) is None
    )


@pytest.mark.django_db
def test_rotating_the_persons_key_keeps_the_way_back_open(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    suggestion = _suggest(plan_item, "A walk")
    suggestions.plan_suggestion_accept(suggestion=suggestion)
    user_data_key_rotate(user_id=alice.pk)
    keyring.forget_user_keyring(alice)
    report = keys_verify()
    assert report.ok, report.failures
    _decide(client_for(alice), suggestion, "undo")
    assert plan_for_owner(alice).step("on_my_own").body == f"Music and {PRIVATE}"


@pytest.mark.django_db
def test_keeping_the_new_words_lets_the_old_ones_go(plan_item: SharedItem, alice: Any, alice_client: Client) -> None:
    suggestion = _suggest(plan_item, "A walk")
    _decide(alice_client, suggestion, "accept")
    page = _decide(alice_client, suggestion, "keep")
    assert "Your plan keeps the new words." in page and PRIVATE not in page
    assert PlanSuggestion.objects.get().replaced is None
    assert plan_for_owner(alice).step("on_my_own").body == "A walk"


@pytest.mark.django_db
def test_changing_the_step_again_ends_the_way_back_so_that_change_is_never_undone(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    suggestion = _suggest(plan_item, "A walk")
    _decide(alice_client, suggestion, "accept")
    plan_step_save(owner=alice, section="on_my_own", body="A walk, and tea", obstacles="")
    # Deleted by the save itself, not later by a page that reads them (no writes on GET).
    assert PlanSuggestion.objects.get().replaced is None, "the old words are deleted, not just hidden"
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Put my words back" not in page and PRIVATE not in page
    page = _decide(alice_client, suggestion, "undo")
    assert "This step has changed since" in page
    assert plan_for_owner(alice).step("on_my_own").body == "A walk, and tea"


@pytest.mark.django_db
def test_saving_the_step_with_the_suggested_words_unchanged_keeps_the_way_back(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    suggestion = _suggest(plan_item, "A walk")
    _decide(alice_client, suggestion, "accept")
    plan_step_save(owner=alice, section="on_my_own", body="A walk", obstacles="Rain")
    assert PlanSuggestion.objects.get().replaced is not None
    assert "Put my words back" in alice_client.get(reverse("care:index")).content.decode()
    _decide(alice_client, suggestion, "undo")
    assert plan_for_owner(alice).step("on_my_own").body == f"Music and {PRIVATE}"


@pytest.mark.django_db
def test_stopping_sharing_the_plan_deletes_the_kept_words_as_the_card_says(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    suggestion = _suggest(plan_item, "A walk")
    page = _decide(alice_client, suggestion, "accept")
    assert "share your plan again or stop sharing it" in page
    alice_client.post(reverse("care:share_stop", args=[plan_item.id]))
    assert not PlanSuggestion.objects.exists()
    page = alice_client.get(reverse("care:index")).content.decode()
    assert "Put my words back" not in page and PRIVATE not in page
    assert plan_for_owner(alice).step("on_my_own").body == "A walk", "the plan itself keeps what they chose"


@pytest.mark.django_db
def test_using_another_suggestion_for_the_same_step_ends_the_earlier_way_back(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    first, second = _suggest(plan_item, "A walk"), _suggest(plan_item, "A bath")
    _decide(alice_client, first, "accept")
    _decide(alice_client, second, "accept")
    assert list(PlanSuggestion.objects.exclude(replaced=None).values_list("pk", flat=True)) == [second.pk]
    _decide(alice_client, second, "undo")
    assert plan_for_owner(alice).step("on_my_own").body == "A walk", "one step back, to the words just before"


@pytest.mark.django_db
def test_a_second_press_of_use_changes_nothing_more(plan_item: SharedItem, alice: Any, alice_client: Client) -> None:
    suggestion = _suggest(plan_item, "A walk")
    _decide(alice_client, suggestion, "accept")
    page = _decide(alice_client, suggestion, "accept")
    assert "You have already answered this one." in page
    assert ShareEvent.objects.filter(action="taken").count() == 1
    replaced = suggestions.plan_suggestion_replaced(PlanSuggestion.objects.get(), owner=alice)
    assert replaced is not None and replaced.own == f"Music and {PRIVATE}", "the words kept are still their own"


@pytest.mark.django_db
def test_an_unknown_answer_changes_nothing(plan_item: SharedItem, alice: Any, alice_client: Client) -> None:
    suggestion = _suggest(plan_item, "A walk")
    url = reverse("care:suggestion_decide", args=[suggestion.id])
    for sent in ({"decision": "maybe"}, {}):
        response = alice_client.post(url, sent)
        assert response.status_code == 400
        # The site's own page, with its help: a bare 400 was a blank page without a way on.
        assert "That didn't go through" in response.content.decode()
    assert PlanSuggestion.objects.get().decision == ""


@pytest.mark.django_db
def test_another_persons_suggestion_cannot_be_answered(plan_item: SharedItem, bob_client: Client) -> None:
    suggestion = _suggest(plan_item, "A walk")
    response = bob_client.post(reverse("care:suggestion_decide", args=[suggestion.id]), {"decision": "accept"})
    assert response.status_code == 404
    assert PlanSuggestion.objects.get().decision == ""


@pytest.mark.django_db
def test_using_suggested_words_changes_only_that_step_of_the_therapists_copy(
    plan_item: SharedItem, alice: Any, alice_client: Client
) -> None:
    plan_step_save(owner=alice, section="warning_signs", body=f"Not sleeping, {PRIVATE}", obstacles="")
    suggestion = _suggest(plan_item, "A walk")
    _decide(alice_client, suggestion, "accept")
    assert _step_of_copy(plan_item) == "A walk"
    assert _step_of_copy(plan_item, "warning_signs") == "Not sleeping", "later private changes stay private"
    _decide(alice_client, suggestion, "undo")
    assert _step_of_copy(plan_item) == "Music", "back to what was shared, never the words written since"


# --- Gentle notices where the person already is ------------------------------------------------


@pytest.mark.django_db
def test_the_plan_page_notes_a_waiting_suggestion_on_its_step(plan_item: SharedItem, alice_client: Client) -> None:
    suggestion = _suggest(plan_item, "A walk")
    page = alice_client.get(reverse("safety:plan")).content.decode()
    step = _section(page, "on_my_own")
    assert "<bdi>Theo Park</bdi> suggested new words for this step." in step
    assert f'href="{reverse("care:index")}#suggestion-{suggestion.id}"' in step
    assert "suggested new words" not in _section(page, "warning_signs")
    assert "A walk" not in page, "the words themselves wait on the page where the person decides"

    fragment = alice_client.get(reverse("safety:plan_step", args=["on_my_own"]), headers={"HX-Request": "true"})
    assert "<bdi>Theo Park</bdi> suggested new words for this step." in fragment.content.decode()

    _decide(alice_client, suggestion, "reject")
    assert "suggested new words" not in alice_client.get(reverse("safety:plan")).content.decode()


@pytest.mark.django_db
def test_home_notes_waiting_suggestions_and_links_to_where_the_person_decides(
    library: None, plan_item: SharedItem, alice_client: Client
) -> None:
    assert "suggested new words" not in alice_client.get(reverse("home")).content.decode()
    _suggest(plan_item, "A walk")
    page = alice_client.get(reverse("home")).content.decode()
    assert "<bdi>Theo Park</bdi> suggested new words for a step of your safety plan." in page
    assert f'href="{reverse("care:index")}#suggestions-heading"' in page
    _suggest(plan_item, "Calling Sam", section="warning_signs")
    assert "There are 2 suggested changes to your safety plan." in alice_client.get(reverse("home")).content.decode()


# --- The therapist: a confirmation, a waiting step, and the answer --------------------------------


@pytest.mark.django_db
def test_the_words_sent_back_unchanged_are_not_a_suggestion(plan_item: SharedItem, theo_client: Client) -> None:
    """The box starts with the step's words from the copy; sent as they were, the person read that
    their therapist "suggested new words" that were their own."""
    url = reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "warning_signs"])
    response = theo_client.post(url, {"body": "Not sleeping\n"})
    assert response.status_code == 200
    assert "These are the words they already have." in response.content.decode()
    assert not PlanSuggestion.objects.filter(item=plan_item).exists()
    assert theo_client.post(url, {"body": "Not sleeping, or sleeping all day"}).status_code == 302


@pytest.mark.django_db
def test_a_list_of_lines_sent_back_unchanged_is_not_a_suggestion(link: Link, alice: Any, theo_client: Client) -> None:
    """Saved with JavaScript (htmx), a step's lines end in "\n"; the therapist's plain form sends
    them back with "\r\n", as every browser does. The same words, all the same."""
    plan_step_save(owner=alice, section="warning_signs", body="Not sleeping\nPacing at night", obstacles="")
    item = services.share_plan(link=link)
    url = reverse("care:plan_suggest", args=[item.link_id, item.id, "warning_signs"])
    response = theo_client.post(url, {"body": "Not sleeping\r\nPacing at night\r\n"})
    assert "These are the words they already have." in response.content.decode()
    assert not PlanSuggestion.objects.filter(item=item).exists()
    assert theo_client.post(url, {"body": "Not sleeping\r\nPacing at night\r\nNot eating"}).status_code == 302


@pytest.mark.django_db
def test_sending_a_suggestion_confirms_it_and_the_step_shows_it_waiting(
    plan_item: SharedItem, theo_client: Client
) -> None:
    url = reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "on_my_own"])
    response = theo_client.post(url, {"body": "A walk"})
    assert response["Location"].endswith("#step-on_my_own")
    page = theo_client.get(response["Location"]).content.decode()
    assert "Sent. alice@example.com sees your words labelled as yours" in page
    step = _section(page, "on_my_own")
    assert "Waiting for alice@example.com's answer." in step
    assert "Waiting for" not in _section(page, "warning_signs")
    assert "You already suggested a change here." in theo_client.get(url).content.decode()


@pytest.mark.django_db
def test_the_therapist_learns_the_answer_but_never_the_persons_own_words(
    plan_item: SharedItem, alice_client: Client, theo_client: Client
) -> None:
    url = reverse("care:shared_item", args=[plan_item.link_id, plan_item.id])
    first = _suggest(plan_item, "A walk")
    _decide(alice_client, first, "reject")
    page = theo_client.get(url).content.decode()
    assert "alice@example.com kept their own words" in page and PRIVATE not in page

    second = _suggest(plan_item, "A bath")
    _decide(alice_client, second, "accept")
    page = theo_client.get(url).content.decode()
    assert "alice@example.com used your suggested words" in page and "A bath" in page
    assert PRIVATE not in page

    _decide(alice_client, second, "undo")
    page = theo_client.get(url).content.decode()
    assert "alice@example.com kept their own words" in page
    assert "A bath" not in page and PRIVATE not in page, "the copy shows the shared words again"


@pytest.mark.django_db
def test_showing_the_answer_never_opens_the_persons_data_key(
    plan_item: SharedItem, alice_client: Client, theo_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggestion = _suggest(plan_item, "A walk")
    _decide(alice_client, suggestion, "accept")
    person = str(plan_item.link.person_id)
    load = keyring.load_user_keyring

    def refuse_the_person(user_id: Any) -> Any:
        assert str(user_id) != person, "a therapist's page opened the person's data key"
        return load(user_id)

    monkeypatch.setattr(keyring, "load_user_keyring", refuse_the_person)
    page = theo_client.get(reverse("care:shared_item", args=[plan_item.link_id, plan_item.id])).content.decode()
    assert "used your suggested words" in page


# --- The sharing log --------------------------------------------------------------------------


@pytest.mark.django_db
def test_coming_back_from_a_suggestion_is_not_logged_as_another_opening(
    plan_item: SharedItem, theo_client: Client
) -> None:
    link_id, item_id = plan_item.link_id, plan_item.id
    theo_client.get(reverse("care:shared_item", args=[link_id, item_id]))
    suggest = reverse("care:plan_suggest", args=[link_id, item_id, "on_my_own"])
    theo_client.get(suggest)
    theo_client.post(suggest, {"body": "A walk"}, follow=True)
    actions = list(ShareEvent.objects.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["shared", "viewed", "suggested"]

    theo_client.get(reverse("care:shared_item", args=[link_id, item_id]))
    assert ShareEvent.objects.filter(action="viewed").count() == 2, "opening it again later is logged as ever"


@pytest.mark.django_db
def test_the_persons_answers_are_in_their_sharing_log(plan_item: SharedItem, alice_client: Client) -> None:
    first, second = _suggest(plan_item, "A walk"), _suggest(plan_item, "Calling Sam", section="warning_signs")
    _decide(alice_client, first, "accept")
    _decide(alice_client, second, "reject")
    _decide(alice_client, first, "undo")
    actions = list(ShareEvent.objects.filter(item_id=plan_item.id).values_list("action", flat=True))
    assert actions[:3] == ["put_back", "kept", "taken"]
    page = alice_client.get(reverse("care:index")).content.decode()
    for label in ("You used their suggested words", "You kept your own words", "You put your own words back"):
        assert label in page
    history = alice_client.get(reverse("care:shared_copy", args=[plan_item.id])).content.decode()
    assert "You put your own words back" in history
    assert "suggested a change to this plan" not in history, "nothing is waiting any more"


# --- After access ends --------------------------------------------------------------------------


NO_LONGER = "This is no longer shared with you"
NOT_FOUND = "We couldn&#x27;t find that page"


def _not_found(client: Client, url: str, method: str = "get", **kwargs: Any) -> str:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404, url
    return str(response.content.decode())


@pytest.mark.django_db
def test_after_sharing_stops_the_therapist_is_told_plainly(
    plan_item: SharedItem, alice_client: Client, theo_client: Client
) -> None:
    alice_client.post(reverse("care:share_stop", args=[plan_item.id]))
    for url, method in (
        (reverse("care:shared_item", args=[plan_item.link_id, plan_item.id]), "get"),
        (reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "on_my_own"]), "get"),
        (reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "on_my_own"]), "post"),
    ):
        page = _not_found(theo_client, url, method)
        assert NO_LONGER in page and NOT_FOUND not in page and "Music" not in page


@pytest.mark.django_db
def test_a_copy_replaced_by_sharing_again_says_so_not_that_they_stopped_sharing(
    plan_item: SharedItem, alice: Any, theo_client: Client
) -> None:
    old_url = reverse("care:shared_item", args=[plan_item.link_id, plan_item.id])
    assert theo_client.get(old_url).status_code == 200
    newer = services.share_plan(link=plan_item.link)  # the person shares their plan again, as it is now
    # An open tab reloaded, or the page from the browser's history: the person did not stop sharing.
    page = _not_found(theo_client, old_url)
    assert "There is a newer copy of this" in page and "They chose to stop sharing it" not in page
    assert "They shared it with you again, so this copy was replaced." in page
    assert f'href="{reverse("care:client", args=[plan_item.link_id])}"' in page and "Music" not in page
    suggest = reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "on_my_own"])
    assert _unsent(_not_found(theo_client, suggest, "post", data={"body": "A step that might help"}))

    # The newer copy, once stopped, says that, as any stopped copy does.
    client_for(alice).post(reverse("care:share_stop", args=[newer.id]))
    page = _not_found(theo_client, reverse("care:shared_item", args=[plan_item.link_id, newer.id]))
    assert NO_LONGER in page and "newer copy" not in page


def _unsent(page: str) -> str:
    """What the page shows back in the box of words that were not sent, or "" without one."""
    found = re.search(r'<textarea id="unsent-words" readonly[^>]*>\n(.*?)</textarea>', page, flags=re.S)
    return found.group(1) if found else ""


@pytest.mark.django_db
def test_a_suggestion_sent_after_sharing_stopped_is_shown_back_to_copy_and_never_kept(
    plan_item: SharedItem, alice_client: Client, theo_client: Client
) -> None:
    url = reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "warning_signs"])
    assert theo_client.get(url).status_code == 200
    alice_client.post(reverse("care:share_stop", args=[plan_item.id]))
    words = "Perhaps noticing when you stop replying to friends <could> be a sign.\nAnd sleep."
    page = _not_found(theo_client, url, "post", data={"body": words})
    assert NO_LONGER in page
    assert "What you wrote wasn't sent, and Waypoint kept no copy." in page
    assert _unsent(page) == "Perhaps noticing when you stop replying to friends &lt;could&gt; be a sign.\nAnd sleep."
    assert not PlanSuggestion.objects.exists()
    # Opening the page, with nothing written, shows no box.
    assert "unsent-words" not in _not_found(theo_client, url)


@pytest.mark.django_db
def test_a_suggestion_too_long_for_the_box_is_kept_in_it_with_a_kind_word(
    plan_item: SharedItem, theo_client: Client
) -> None:
    url = reverse("care:plan_suggest", args=[plan_item.link_id, plan_item.id, "on_my_own"])
    textarea = re.search(r"<textarea[^>]*>", theo_client.get(url).content.decode())
    assert textarea is not None and "maxlength" not in textarea.group(0), "the browser would cut pasted words off"
    words = "A long, careful suggestion. " * 200  # 5,600 characters
    response = theo_client.post(url, {"body": words})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A suggestion holds up to 5,000 characters. Your words are still here; you could shorten them." in page
    assert words.strip() in page and "Ensure this value" not in page
    assert not PlanSuggestion.objects.exists()


@pytest.mark.django_db
def test_after_the_link_ends_every_page_of_it_says_so_without_naming_the_person(
    library: None, plan_item: SharedItem, alice_client: Client, theo_client: Client
) -> None:
    link = plan_item.link
    alice_client.post(reverse("care:link_end", args=[link.id]))
    urls = [
        (reverse("care:client", args=[link.id]), "get"),
        (reverse("care:assign", args=[link.id]), "post"),
        (reverse("care:shared_item", args=[link.id, plan_item.id]), "get"),
        (reverse("care:plan_suggest", args=[link.id, plan_item.id, "on_my_own"]), "get"),
    ]
    for url, method in urls:
        page = _not_found(theo_client, url, method)
        assert NO_LONGER in page and "alice@example.com" not in page, url
    response = theo_client.post(urls[1][0], headers={"HX-Request": "true"})
    assert response.status_code == 404 and response["HX-Refresh"] == "true", "htmx reloads to show the page"


@pytest.mark.django_db
def test_ids_that_were_never_theirs_get_the_same_plain_not_found_as_made_up_ones(
    plan_item: SharedItem, alice_client: Client, tess: Any, uma: Any, bob: Any, theo_client: Client
) -> None:
    link = plan_item.link
    other_link = link_people(link.therapist, bob)
    alice_client.post(reverse("care:share_stop", args=[plan_item.id]))
    made_up = uuid.uuid4()
    # Tess (the same clinic) and Uma (another clinic) never had Alice's link or her plan.
    for therapist in (tess, uma):
        client = client_for(therapist)
        for url in (
            reverse("care:client", args=[link.id]),
            reverse("care:shared_item", args=[link.id, plan_item.id]),
            reverse("care:shared_item", args=[made_up, made_up]),
        ):
            page = _not_found(client, url)
            assert NOT_FOUND in page and NO_LONGER not in page, (therapist.email, url)
    # Theo's stopped item, asked for under his other client's link, was never shared there.
    page = _not_found(theo_client, reverse("care:shared_item", args=[other_link.id, plan_item.id]))
    assert NOT_FOUND in page and NO_LONGER not in page
    page = _not_found(theo_client, reverse("care:shared_item", args=[link.id, made_up]))
    assert NOT_FOUND in page and NO_LONGER not in page


@pytest.mark.django_db
def test_with_the_journal_locked_a_suggestion_is_taken_and_undone_without_the_passphrase(
    plan_item: SharedItem, alice: Any
) -> None:
    # The plan stays outside the lock (#17), and so do the words a suggestion replaced in it.
    lock_services.lock_turn_on(user=alice, passphrase="the tide", params=FAST)
    client = client_for(alice)  # signed in, no lock key in this browser
    suggestion = _suggest(plan_item, "Music, then a walk")
    page = _decide(client, suggestion, "accept")
    assert "Your words before" in page and f"Music and {PRIVATE}" in page
    keyring.forget_user_keyring(alice)
    assert plan_for_owner(alice).step("on_my_own").body == "Music, then a walk"
    _decide(client, suggestion, "undo")
    keyring.forget_user_keyring(alice)
    assert plan_for_owner(alice).step("on_my_own").body == f"Music and {PRIVATE}"
    # Sharing the plan again needs nothing from the journal either.
    again = services.share_plan(link=plan_item.link)
    assert any(step.body == f"Music and {PRIVATE}" for step in services.shared_item_read(again).steps)
    assert keys_verify().ok

"""The small victories pages: gathered, added, changed, removed, and marked where they happened."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry
from journal.services import entry_create, entry_trash
from progress import selectors, services
from progress.models import Victory, VictoryKind

pytestmark = pytest.mark.django_db

VICTORIES = "/look-back/victories/"


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_pages_are_for_signed_in_people_only(client: Client) -> None:
    response = client.get(VICTORIES)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_gathers_them_newest_first_with_no_total(alice: Any, alice_client: Client) -> None:
    today = timezone.localdate()
    services.victory_add(owner=alice, kind=VictoryKind.HELP, about_on=today - timedelta(days=2), note="older one")
    services.victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=today, note="newer one")
    response = alice_client.get(VICTORIES)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = _text(response)
    # A running total beside "nothing here is counted" read as a score to keep up (language.md).
    assert "so far" not in text and "2 small victories" not in text
    assert "Anything can be a small victory" in text
    assert text.index("newer one") < text.index("older one")
    assert "A conversation" in text and "A day I asked for help" in text


def test_with_none_yet_it_invites_without_a_count(alice_client: Client) -> None:
    text = _text(alice_client.get(VICTORIES))
    assert "Nothing kept here yet" in text
    assert "so far" not in text


def test_adding_one_keeps_it_and_says_so(alice: Any, alice_client: Client) -> None:
    today = timezone.localdate()
    response = alice_client.post(
        reverse("progress:victory_add"),
        {"kind": "talk", "about_on": today.isoformat(), "note": "Told Mum"},
        follow=True,
    )
    text = _text(response)
    assert "Kept as a small victory." in text
    assert "Told Mum" in text
    (view,) = selectors.victories_for(owner=alice)
    assert (view.kind, view.about_on, view.note) == ("talk", today, "Told Mum")


def test_the_add_form_starts_on_today(alice_client: Client) -> None:
    assert f'value="{timezone.localdate().isoformat()}"' in alice_client.get(VICTORIES).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "nonsense", "about_on": "2026-01-02"}, "Could you choose one from the list?"),
        ({"kind": "talk", "about_on": "2026-02-30"}, "doesn&#x27;t exist on the calendar"),
        ({"kind": "talk", "about_on": "2999-01-01"}, "any day from 1900 up to today"),
        ({"kind": "talk", "about_on": "2026-01-02", "note": "x" * 501}, "holds up to 500 characters"),
    ],
)
def test_bad_input_gets_a_kind_message_and_the_words_stay(
    alice_client: Client, data: dict[str, str], message: str
) -> None:
    words = "My own words, kept <b>safe</b>"
    data = {"note": words, **data}
    response = alice_client.post(reverse("progress:victory_add"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert data["note"].replace("<", "&lt;").replace(">", "&gt;") in html
    assert not Victory.objects.exists()


def test_another_persons_victory_is_not_found(alice: Any, bob_client: Client) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="alice's")
    for name in ("progress:victory_note", "progress:victory_remove"):
        url = reverse(name, args=[victory.id])
        assert bob_client.get(url).status_code == 404
        assert bob_client.post(url, {"note": "bob's"}).status_code == 404
    assert selectors.victory_view(victory=Victory.objects.get()).note == "alice's"


def test_an_unknown_id_is_not_found(alice_client: Client) -> None:
    assert alice_client.get(reverse("progress:victory_note", args=[uuid.uuid4()])).status_code == 404


def test_changing_the_note(alice: Any, alice_client: Client) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="before")
    url = reverse("progress:victory_note", args=[victory.id])
    assert "before" in alice_client.get(url).content.decode()
    response = alice_client.post(url, {"note": "after"})
    assert response.status_code == 302
    assert selectors.victory_view(victory=Victory.objects.get()).note == "after"


def test_a_too_long_note_keeps_the_words_and_the_old_note(alice: Any, alice_client: Client) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="before")
    long_words = "y" * 600
    response = alice_client.post(reverse("progress:victory_note", args=[victory.id]), {"note": long_words})
    assert response.status_code == 422
    assert long_words in response.content.decode()
    assert selectors.victory_view(victory=Victory.objects.get()).note == "before"


def test_removing_a_small_victory_asks_in_plain_words_and_leaves_the_rest(alice: Any, alice_client: Client) -> None:
    mistake = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="by mistake")
    services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="a real one")
    url = reverse("progress:victory_remove", args=[mistake.id])
    # It names what goes (a small victory), not "this mark", which meant nothing to a person.
    page = _text(alice_client.get(url))
    asking = re.sub(r"<[^>]*>", " ", page[page.index("<main") : page.index("</main>")])
    assert "Remove this from your small victories?" in asking
    assert "If you kept this by mistake, you can take it off the list." in asking
    assert "Remove from small victories" in asking and not re.search(r"\bmark\b", asking, re.IGNORECASE)
    assert Victory.objects.count() == 2, "asking removes nothing"
    text = _text(alice_client.post(url, follow=True))
    assert "Everything else you kept is still here." in text
    assert [v.note for v in selectors.victories_for(owner=alice)] == ["a real one"]


def test_an_entry_page_offers_the_mark_and_marking_goes_back_to_the_entry(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, body="I went for a walk instead")
    page = reverse("journal:entry", args=[entry.id])
    assert "Mark as a small victory" in alice_client.get(page).content.decode()

    response = alice_client.post(reverse("progress:victory_mark_entry", args=[entry.id]))
    assert response.status_code == 302 and response["Location"] == page
    text = _text(alice_client.get(page))
    assert "Kept as a small victory." in text
    # A second tap keeps nothing twice, and says so.
    again = _text(alice_client.post(reverse("progress:victory_mark_entry", args=[entry.id]), follow=True))
    assert "This one is already kept as a small victory." in again
    assert alice_client.get(VICTORIES).content.decode().count(page) == 1


def test_marking_another_persons_or_a_trashed_entry_is_not_found(
    alice: Any, bob_client: Client, alice_client: Client
) -> None:
    entry = entry_create(author=alice, body="alice's")
    assert bob_client.post(reverse("progress:victory_mark_entry", args=[entry.id])).status_code == 404
    entry_trash(entry=entry)
    assert alice_client.post(reverse("progress:victory_mark_entry", args=[entry.id])).status_code == 404
    assert not Victory.objects.exists()


def test_a_draft_offers_no_mark_and_a_mark_sent_anyway_is_refused_kindly(alice: Any, alice_client: Client) -> None:
    draft = entry_create(author=alice, body="half a thought", is_draft=True)
    page = reverse("journal:entry", args=[draft.id])
    later = "Once you finish this entry and press Save, you can mark it as a small victory."
    shown = _text(alice_client.get(page))
    assert "Mark as a small victory" not in shown
    assert reverse("progress:victory_mark_entry", args=[draft.id]) not in shown
    assert later in shown and "Star this to remember it" in shown

    response = alice_client.post(reverse("progress:victory_mark_entry", args=[draft.id]))
    assert response.status_code == 302 and response["Location"] == page
    landed = _text(alice_client.get(page))
    assert landed.count(later) == 2  # the message, and the note where the button will be
    assert "Kept as a small victory." not in landed
    assert not Victory.objects.exists()


def test_marking_is_a_post_only(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, body="words")
    assert alice_client.get(reverse("progress:victory_mark_entry", args=[entry.id])).status_code == 405
    assert alice_client.get(reverse("progress:victory_mark_urge")).status_code == 405
    assert not Victory.objects.exists()


def test_after_riding_the_wave_the_urge_can_be_kept(alice: Any, alice_client: Client) -> None:
    done = alice_client.post(reverse("safety:urge_done"), {}, follow=True)
    html = done.content.decode()
    assert "You can keep this as a small victory." in html
    assert reverse("progress:victory_mark_urge") in html

    response = alice_client.post(reverse("progress:victory_mark_urge"), follow=True)
    assert response.redirect_chain[-1][0] == VICTORIES
    text = _text(response)
    assert "Kept as a small victory." in text and "An urge that passed" in text
    assert [v.kind for v in selectors.victories_for(owner=alice)] == ["urge"]


def test_nothing_kept_goes_after_a_setback_entry(alice: Any, alice_client: Client) -> None:
    alice_client.post(reverse("progress:victory_mark_urge"))
    alice_client.post(reverse("progress:victory_mark_urge"))
    assert _text(alice_client.get(VICTORIES)).count('<h3 class="victory-kind">An urge that passed</h3>') == 2
    today = timezone.localdate().isoformat()
    alice_client.post(
        "/journal/new/",
        {
            "entry_id": str(uuid.uuid4()),
            "version": "0",
            "title": "",
            "body": "It happened again tonight.",
            "written_on": today,
            "mood": "1",
            "urge": "10",
            "tags": "",
            "kind": "free",
        },
    )
    assert Entry.objects.filter(owner=alice).count() == 1, "the setback entry was written"
    assert _text(alice_client.get(VICTORIES)).count('<h3 class="victory-kind">An urge that passed</h3>') == 2


def test_the_page_title_stays_neutral(alice: Any, alice_client: Client) -> None:
    services.victory_add(owner=alice, kind=VictoryKind.URGE, note="title-sentinel")
    html = alice_client.get(VICTORIES).content.decode()
    assert re.search(r"<title>\s*Waypoint\s*</title>", html)


def test_an_entry_dated_tomorrow_is_kept_as_a_victory_about_that_day(alice: Any, alice_client: Client) -> None:
    # The journal takes tomorrow, for someone writing just after midnight ahead of the server's zone.
    tomorrow = timezone.localdate() + timedelta(days=1)
    entry = entry_create(author=alice, body="just after midnight", written_on=tomorrow)
    page = reverse("journal:entry", args=[entry.id])
    response = alice_client.post(reverse("progress:victory_mark_entry", args=[entry.id]), follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "Kept as a small victory." in _text(response)
    (view,) = selectors.victories_for(owner=alice)
    assert (view.kind, view.about_on, view.entry_id) == ("entry", tomorrow, entry.pk)


def test_the_add_form_takes_the_days_an_entry_can_be_about(alice: Any, alice_client: Client) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    url = reverse("progress:victory_add")
    later = alice_client.post(url, {"kind": "talk", "about_on": (tomorrow + timedelta(days=1)).isoformat()})
    assert later.status_code == 422 and "any day from 1900 up to today" in later.content.decode()
    assert alice_client.post(url, {"kind": "talk", "about_on": tomorrow.isoformat()}).status_code == 302
    assert [v.about_on for v in selectors.victories_for(owner=alice)] == [tomorrow]


def test_a_second_tap_on_remove_lands_where_the_first_did(alice: Any, alice_client: Client) -> None:
    mistake = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="by mistake")
    services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="a real one")
    url = reverse("progress:victory_remove", args=[mistake.id])
    first = alice_client.post(url)
    second = alice_client.post(url, follow=True)
    assert first.status_code == 302 and first["Location"] == VICTORIES
    assert second.redirect_chain == [(VICTORIES, 302)]
    assert "Everything else you kept is still here." in _text(second)
    # The back button to the question finds the list too, not a missing page.
    assert alice_client.get(url)["Location"] == VICTORIES
    assert [v.note for v in selectors.victories_for(owner=alice)] == ["a real one"]


def test_its_note_page_left_open_after_removing_it_gives_the_words_back(
    alice: Any, alice_client: Client, bob_client: Client
) -> None:
    # A second tab on "Change the note", or the back button after Remove: the site's 404 there
    # lost the words typed in the note.
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="by mistake")
    alice_client.post(reverse("progress:victory_remove", args=[victory.id]))
    alice_client.get(VICTORIES)  # the message about removing it is read
    url = reverse("progress:victory_note", args=[victory.id])
    sent = alice_client.post(url, {"note": "I asked for help at work"})
    assert sent.status_code == 200
    page = _text(sent)
    assert "That small victory was removed, so your note wasn&#x27;t saved." in page
    assert re.search(r'<textarea name="note"[^>]*data-unsent[^>]*>\s*I asked for help at work</textarea>', page)
    assert not Victory.objects.exists(), "the words come back; nothing is kept by itself"
    back = alice_client.get(url, follow=True)
    assert back.redirect_chain == [(VICTORIES, 302)] and "That small victory was removed." in _text(back)
    assert bob_client.post(url, {"note": "x"}).status_code == 404 and bob_client.get(url).status_code == 404


def test_ids_that_were_never_yours_stay_not_found_after_a_removal(
    alice: Any, alice_client: Client, bob_client: Client
) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="alice's")
    url = reverse("progress:victory_remove", args=[victory.id])
    assert bob_client.post(url).status_code == 404
    alice_client.post(url)
    assert bob_client.post(url).status_code == 404, "Bob learns nothing of Alice's removing it"
    assert bob_client.get(url).status_code == 404
    never = reverse("progress:victory_remove", args=[uuid.uuid4()])
    assert alice_client.post(never).status_code == 404
    assert alice_client.get(never).status_code == 404


def test_a_second_tap_while_the_first_is_still_removing_lands_calmly(
    alice: Any, alice_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="by mistake")
    url = reverse("progress:victory_remove", args=[victory.id])
    second_tap = Client()
    second_tap.cookies = alice_client.cookies
    answers: list[Any] = []
    remove = services.victory_remove

    def remove_then_tap_again(*, victory: Any) -> None:
        remove(victory=victory)
        answers.append(second_tap.post(url))  # arrives before the first tap has answered

    monkeypatch.setattr("progress.victory_views.services.victory_remove", remove_then_tap_again)
    first = alice_client.post(url)
    assert [first.status_code, first["Location"]] == [302, VICTORIES]
    assert [answers[0].status_code, answers[0]["Location"]] == [302, VICTORIES]
    assert not Victory.objects.exists()


def test_a_second_tap_that_began_before_the_first_finished_lands_calmly(
    alice: Any, alice_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    victory = services.victory_add(owner=alice, kind=VictoryKind.OTHER, note="by mistake")
    url = reverse("progress:victory_remove", args=[victory.id])
    second_tap = Client()
    second_tap.cookies = alice_client.cookies
    first: list[Any] = []
    find = selectors.victory_for_owner

    def first_tap_lands_meanwhile(*, owner: Any, victory_id: Any) -> Any:
        if not first:
            first.append(None)
            first[0] = alice_client.post(url)  # the whole first tap, after the second read its session
        return find(owner=owner, victory_id=victory_id)

    monkeypatch.setattr("progress.victory_views.selectors.victory_for_owner", first_tap_lands_meanwhile)
    second = second_tap.post(url)
    assert [first[0].status_code, first[0]["Location"]] == [302, VICTORIES]
    assert [second.status_code, second["Location"]] == [302, VICTORIES]
    assert not Victory.objects.exists()

"""A reply waiting for the person: a quiet line on their home page until they have been shown it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from supporters import services
from supporters.models import Supporter, SupporterReply
from tests.journal.locking import lock_journal

LINE = "Someone you trust wrote back."
SEEN = reverse("supporters:replies_seen")


def _wrote_back(owner: Any, name: str = "Sam Rivers", body: str = "Thinking of you, call me any time") -> Supporter:
    supporter = services.supporter_add(owner=owner, name=name)
    link = services.link_make(supporter=supporter, days=7, with_code=False).link
    services.reply_add(link=link, body=body)
    return supporter


def _home(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _on_load_form(page: str) -> dict[str, str] | None:
    """The fields of the form the page sends by itself once loaded, or None when it has none."""
    form = re.search(r'<form hx-post="' + re.escape(SEEN) + r'" hx-trigger="load"[^>]*>(.*?)</form>', page, re.S)
    if form is None:
        return None
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(1)))


def test_home_says_someone_wrote_back_and_read_it_leads_to_their_words(alice: Any, alice_client: Client) -> None:
    sam = _wrote_back(alice)
    home = _home(alice_client)
    assert LINE in home and f'action="{SEEN}"' in home and "Read it" in home
    # A shared device: nobody's name and none of their words on the home page.
    assert "Sam" not in home and "Thinking of you" not in home

    response = alice_client.post(SEEN)
    assert response.status_code == 302
    assert response["Location"] == reverse("supporters:person", args=[sam.id]) + "#replies"
    their_page = alice_client.get(response["Location"]).content.decode()
    assert "Thinking of you, call me any time" in their_page
    # The browser focuses a fragment's target only when it can take focus: without tabindex,
    # focus stayed on the page's body and a screen reader began again at the top.
    target = re.search(r'<section [^>]*id="replies"[^>]*>', their_page)
    assert target is not None and 'tabindex="-1"' in target.group(0)
    assert 'aria-labelledby="replies-heading"' in target.group(0) and 'id="replies-heading"' in their_page
    assert LINE not in _home(alice_client)


def test_with_two_people_waiting_read_it_lands_on_the_first_of_them_in_the_list(
    alice: Any, alice_client: Client
) -> None:
    services.supporter_add(owner=alice, name="Ali Moss")  # first in the list, nothing from them
    _wrote_back(alice, "Sam Rivers")
    robin = _wrote_back(alice, "Robin Hale")
    response = alice_client.post(SEEN)
    # At the top of the list the person had to hunt for whose words were new. The record's id,
    # never a name: the address stays in the browser's history.
    assert response["Location"] == reverse("supporters:people") + f"#supporter-{robin.id}"
    people = alice_client.get(response["Location"]).content.decode()
    # The browser focuses a fragment's target only when it can take focus.
    row = re.search(rf'<li [^>]*id="supporter-{robin.id}"[^>]*>(.*?)</li>', people, re.S)
    assert row is not None and 'tabindex="-1"' in row.group(0)
    assert "Robin Hale" in row.group(1) and reverse("supporters:person", args=[robin.id]) + "#replies" in row.group(1)
    assert LINE not in _home(alice_client)


def test_with_two_people_waiting_and_the_journal_locked_read_it_lands_on_the_first_added(
    alice: Any, alice_client: Client
) -> None:
    sam = _wrote_back(alice, "Sam Rivers")
    _wrote_back(alice, "Robin Hale")
    lock_journal(alice)
    # Locked, the list goes by when each was added: Sam first.
    response = alice_client.post(SEEN)
    assert response["Location"] == reverse("supporters:people") + f"#supporter-{sam.id}"
    people = alice_client.get(response["Location"]).content.decode()
    assert re.search(rf'<li [^>]*id="supporter-{sam.id}" tabindex="-1"', people)


def test_another_persons_reply_is_not_on_their_home_and_cannot_be_marked(
    alice: Any, alice_client: Client, bob: Any, bob_client: Client
) -> None:
    bobs = _wrote_back(bob)
    assert LINE not in _home(alice_client)
    # Someone else's supporter is a 404, and marking one's own leaves theirs waiting.
    assert alice_client.post(SEEN, {"supporter": str(bobs.id)}).status_code == 404
    alice_client.post(SEEN)
    assert LINE in _home(bob_client)


def test_opening_the_people_page_marks_what_it_showed_by_a_post_it_sends(alice: Any, alice_client: Client) -> None:
    _wrote_back(alice)
    page = alice_client.get(reverse("supporters:people")).content.decode()
    assert LINE in _home(alice_client), "opening the page wrote nothing"
    fields = _on_load_form(page)
    assert fields is not None and "supporter" not in fields

    # A reply that came after the page was drawn was never on it: it still waits.
    later = _wrote_back(alice, "Robin Hale")
    after_drawn = datetime.fromisoformat(fields["shown_at"]) + timedelta(microseconds=1)
    SupporterReply.objects.filter(supporter=later).update(created_at=after_drawn)
    response = alice_client.post(SEEN, fields, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert list(SupporterReply.objects.filter(seen_at__isnull=True).values_list("supporter", flat=True)) == [later.id]
    assert LINE in _home(alice_client)

    page = alice_client.get(reverse("supporters:people")).content.decode()
    alice_client.post(SEEN, _on_load_form(page), headers={"HX-Request": "true"})
    assert LINE not in _home(alice_client)
    # With nothing left unseen, the page sends nothing.
    assert _on_load_form(alice_client.get(reverse("supporters:people")).content.decode()) is None


def test_their_own_page_marks_only_their_replies(alice: Any, alice_client: Client) -> None:
    sam = _wrote_back(alice, "Sam Rivers")
    robin = _wrote_back(alice, "Robin Hale")
    page = alice_client.get(reverse("supporters:person", args=[sam.id])).content.decode()
    fields = _on_load_form(page)
    assert fields is not None and fields["supporter"] == str(sam.id)
    alice_client.post(SEEN, fields, headers={"HX-Request": "true"})
    assert list(SupporterReply.objects.filter(seen_at__isnull=True).values_list("supporter", flat=True)) == [robin.id]


def test_a_locked_journal_still_says_someone_wrote_back_and_their_page_marks_nothing(
    alice: Any, alice_client: Client
) -> None:
    sam = _wrote_back(alice)
    lock_journal(alice)
    # The list of people says "They wrote back" without a name then; home says as little.
    home = _home(alice_client)
    assert LINE in home and "Sam" not in home
    # Their page keeps the words behind the passphrase: it shows none, so it marks none.
    page = alice_client.get(reverse("supporters:person", args=[sam.id])).content.decode()
    assert "What they wrote back shows here once you open your journal." in page
    assert _on_load_form(page) is None
    people = alice_client.get(reverse("supporters:people")).content.decode()
    assert "They wrote back (1 reply)" in people and _on_load_form(people) is not None


def test_read_it_with_the_journal_locked_keeps_the_line_until_the_words_can_be_read(
    alice: Any, alice_client: Client
) -> None:
    sam = _wrote_back(alice)
    lock_journal(alice)
    response = alice_client.post(SEEN)
    assert response["Location"] == reverse("supporters:person", args=[sam.id]) + "#replies"
    assert (
        "What they wrote back shows here once you open your journal."
        in alice_client.get(response["Location"]).content.decode()
    )
    # Nothing of theirs was read: home still says someone wrote back.
    assert LINE in _home(alice_client)


@pytest.mark.parametrize("how", ["stop", "remove"])
def test_no_line_for_someone_the_person_stopped_sharing_with_or_removed(
    alice: Any, alice_client: Client, how: str
) -> None:
    sam = _wrote_back(alice)
    assert LINE in _home(alice_client)
    if how == "stop":
        services.sharing_stop_all(supporter=sam)
    else:
        services.supporter_remove(supporter=sam)
    assert LINE not in _home(alice_client)


def test_marking_replies_seen_is_a_post_only(alice: Any, alice_client: Client) -> None:
    _wrote_back(alice)
    assert alice_client.get(SEEN).status_code == 405
    assert LINE in _home(alice_client)


def test_a_changed_form_gets_the_sites_own_page_and_marks_nothing(alice: Any, alice_client: Client) -> None:
    _wrote_back(alice)
    for sent in ({"supporter": "not-an-id"}, {"shown_at": "the day after"}):
        response = alice_client.post(SEEN, sent)
        assert response.status_code == 400
        assert "That didn't go through" in response.content.decode(), "not a blank page"
    assert LINE in _home(alice_client)

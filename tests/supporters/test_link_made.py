"""The page after "Make a link", sent again (a reload, a phone restoring the tab), makes nothing new.

The link is shown once and never kept. A second, identical POST must not end it, make another or
email the supporter again; it says calmly what happened and what they could do."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.services import entry_create
from supporters import people_views, services
from supporters.models import Supporter, SupporterLink
from tests.dates import ASKS_FOR_GERMAN, in_german, offer_german
from tests.supporters.test_supporters import _add

EMAIL = "robin@example.com"


def _form_once(client: Client, supporter: Supporter) -> str:
    """The random value in the "Make a link" form on the person's page, as a browser would send it."""
    page = client.get(reverse("supporters:person", args=[supporter.id])).content.decode()
    found = re.search(r'<input type="hidden" name="once" value="([^"]+)"[^>]*autocomplete="off"', page)
    assert found is not None, "the form carries its own value, and the browser is asked not to restore it"
    return found.group(1)


def _link_on(page: str) -> str:
    found = re.search(r'id="supporter-link"[^>]*value="([^"]+)"', page)
    assert found is not None
    return found.group(1).replace("http://testserver", "")


@pytest.fixture
def robin(alice: Any, alice_client: Client) -> Supporter:
    supporter = _add(alice_client, name="Robin", email=EMAIL)
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, body="for Robin"))
    return supporter


def test_sending_the_same_form_again_makes_no_second_link_and_no_second_email(
    alice_client: Client, client: Client, robin: Supporter
) -> None:
    fields = {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"}
    url = reverse("supporters:link_make", args=[robin.id])
    first = alice_client.post(url, fields)
    link = _link_on(first.content.decode())
    assert len(mail.outbox) == 1

    again = alice_client.post(url, fields)
    page = again.content.decode()
    assert again.status_code == 200 and "Their link was made a moment ago" in page
    assert "nothing new was made, and no email was sent" in page
    assert "you could make a new one" in page
    assert 'id="supporter-link"' not in page and "/for-you/" not in page
    assert SupporterLink.objects.count() == 1 and len(mail.outbox) == 1
    # The link shown the first time still opens.
    opened = client.get(link)
    assert opened.status_code == 200 and "Open it" in opened.content.decode()


def test_a_fresh_form_still_makes_a_new_link(alice_client: Client, client: Client, robin: Supporter) -> None:
    url = reverse("supporters:link_make", args=[robin.id])
    first = _link_on(alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 7}).content.decode())
    second = _link_on(alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 30}).content.decode())
    assert first != second and SupporterLink.objects.count() == 2
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200


def test_the_session_keeps_the_forms_value_never_the_link(alice_client: Client, robin: Supporter) -> None:
    once = _form_once(alice_client, robin)
    page = alice_client.post(
        reverse("supporters:link_make", args=[robin.id]), {"once": once, "days": 7, "with_code": "on"}
    )
    text = page.content.decode()
    token = _link_on(text).rstrip("/").rsplit("/", 1)[-1]
    code = re.search(r'class="supporter-code"[^>]*><strong>([A-Z0-9]+)</strong>', text)
    assert code is not None
    stored = repr(dict(alice_client.session.items()))
    assert once in stored and token not in stored and code.group(1) not in stored


def test_a_double_tap_that_began_before_the_first_finished_makes_no_second_link(
    alice_client: Client, robin: Supporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"}
    url = reverse("supporters:link_make", args=[robin.id])
    second_tap = Client()
    second_tap.cookies = alice_client.cookies
    first: list[Any] = []
    find = people_views._get_supporter

    def first_tap_lands_meanwhile(request: Any, supporter_id: Any) -> Any:
        if not first:
            first.append(None)
            first[0] = alice_client.post(url, fields)  # the whole first tap, after the second read its session
        return find(request, supporter_id)

    monkeypatch.setattr(people_views, "_get_supporter", first_tap_lands_meanwhile)
    second = second_tap.post(url, fields)
    assert 'id="supporter-link"' in first[0].content.decode()
    assert "Their link was made a moment ago" in second.content.decode()
    assert SupporterLink.objects.count() == 1 and len(mail.outbox) == 1


def _their_page_says_it_ends(html: str) -> re.Match[str] | None:
    """The end as the supporter's page says it without JavaScript (the text) and gives it to their
    device to read in its own clock (the instant)."""
    return re.search(
        r'This page works until <time datetime="([^"]+)" data-clock="datetime" data-device-clock>([^<]+)</time>, '
        r"(?:or until they stop sharing|unless they end it sooner)",
        html,
    )


def test_the_email_and_their_page_say_the_time_the_link_ends_as_the_persons_page_does(
    alice_client: Client, client: Client, robin: Supporter
) -> None:
    page = alice_client.post(reverse("supporters:link_make", args=[robin.id]), {"days": 1, "send_email": "on"})
    made = page.content.decode()
    ends = re.search(r"It works until ([^<]+), or until you stop sharing", made)
    assert ends is not None and re.search(r"\d\d:\d\d$", ends.group(1)), "the person is told the day and the time"
    # A date alone ("until 7 December") reads as the whole of that day; the link ends that afternoon.
    # The supporter may live on another clock, so the zone is named.
    assert f"The link works until {ends.group(1)} (UTC)." in mail.outbox[0].body
    url = _link_on(made)
    client.post(url, {"open": "1"})
    theirs = _their_page_says_it_ends(client.get(url).content.decode())
    assert theirs is not None and theirs.group(2) == f"{ends.group(1)} (UTC)"
    link = SupporterLink.objects.get(supporter=robin)
    assert datetime.fromisoformat(theirs.group(1)) == link.expires_at


def test_with_a_zone_of_their_own_the_email_and_the_supporters_page_never_name_it(
    alice: Any, alice_client: Client, client: Client, robin: Supporter
) -> None:
    # Fourteen hours ahead of the site's clock: the person's own pages read the link's end in it.
    # Their zone says where they are, which they did not share: the supporter reads the site's
    # clock, named, in the email and on their page alike (and their own device's, with JavaScript).
    alice.time_zone = "Pacific/Kiritimati"
    alice.save(update_fields=["time_zone"])
    page = alice_client.post(reverse("supporters:link_make", args=[robin.id]), {"days": 1, "send_email": "on"})
    url = _link_on(page.content.decode())
    client.post(url, {"open": "1"})
    html = client.get(url).content.decode()
    theirs = _their_page_says_it_ends(html)
    assert theirs is not None and theirs.group(2).endswith(" (UTC)")
    assert f"The link works until {theirs.group(2)}." in mail.outbox[0].body
    assert "Kiritimati" not in mail.outbox[0].body and "Kiritimati" not in html


def test_the_emails_end_date_is_written_the_way_the_persons_language_writes_dates(
    alice_client: Client, robin: Supporter, settings: Any
) -> None:
    offer_german(settings)
    url = reverse("supporters:link_make", args=[robin.id])
    alice_client.post(url, {"days": 7, "send_email": "on"}, headers=ASKS_FOR_GERMAN)
    link = SupporterLink.objects.get(supporter=robin)
    ends = timezone.localtime(link.expires_at)
    assert f"The link works until {in_german(ends.date())} {ends:%H:%M} (UTC)." in mail.outbox[0].body


def test_one_account_cannot_fill_someones_inbox_but_the_link_is_still_made(
    alice_client: Client, client: Client, robin: Supporter
) -> None:
    url = reverse("supporters:link_make", args=[robin.id])
    for _ in range(5):
        alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"})
    assert len(mail.outbox) == 5

    sixth = alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"})
    page = sixth.content.decode()
    assert len(mail.outbox) == 5
    assert "so it didn't send this one" in page and "couldn't send the email just now" not in page
    # The link is made and shown, to send themselves.
    assert client.get(_link_on(page)).status_code == 200


def test_other_accounts_cannot_keep_emailing_the_same_address(
    alice_client: Client, bob_client: Client, robin: Supporter
) -> None:
    url = reverse("supporters:link_make", args=[robin.id])
    for _ in range(5):
        alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"})
    bobs = _add(bob_client, name="Robin", email=EMAIL.upper())
    bob_client.post(
        reverse("supporters:link_make", args=[bobs.id]),
        {"once": _form_once(bob_client, bobs), "days": 7, "send_email": "on"},
    )
    assert len(mail.outbox) == 5


def test_the_page_says_when_the_link_ends_once_and_shows_no_leftovers_of_a_merge(
    alice_client: Client, robin: Supporter
) -> None:
    url = reverse("supporters:link_make", args=[robin.id])
    page = alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"})
    text = page.content.decode()
    assert text.count("It works until") == 1
    assert text.count("has emailed them the link") == 1
    assert "<<<<<<<" not in text and ">>>>>>>" not in text


def test_the_page_says_once_how_long_the_link_works_and_what_happened_to_the_email(
    alice_client: Client, robin: Supporter, settings: Any
) -> None:
    # The page had two versions of these lines at once, with a merge's <<<<<<< marks between them.
    settings.SITE_NAME = "Harbour Journal"
    url = reverse("supporters:link_make", args=[robin.id])
    for _ in range(6):
        page = alice_client.post(url, {"once": _form_once(alice_client, robin), "days": 7, "send_email": "on"})
    text = page.content.decode()
    assert text.count("It works until") == 1
    assert text.count("so it didn't send this one") == 1
    assert "Harbour Journal has sent a lot of these emails today" in text
    assert "<<<<<<<" not in text and ">>>>>>>" not in text and "Waypoint" not in text

"""The supporter's page never loses words they wrote, whatever stands in the way of sending them."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN_KEY
from config.account_marker import FIELD, account_marker
from journal.services import entry_create
from supporters import selectors, services
from supporters.limits import MISSES_PER_ADDRESS, WRONG_CODES_PER_LINK
from supporters.models import Supporter, SupporterEvent, SupporterLink, SupporterReply
from tests.supporters.test_supporters import _add, _make_link, _open

WORDS = "I took a long time to find these words for you"


def _textareas(page: str) -> dict[str, str]:
    """Each textarea on the page by its name (or id), with the words in it as a person sees them."""
    found = re.findall(r"<textarea([^>]*)>(.*?)</textarea>", page, flags=re.S)
    areas = {}
    for attrs, text in found:
        name = re.search(r'(?:name|id)="([^"]+)"', attrs)
        assert name is not None
        areas[name.group(1)] = html.unescape(text).strip("\n")
    return areas


def _textarea_tags(page: str) -> list[str]:
    return re.findall(r"<textarea[^>]*>", page)


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _replies(supporter: Supporter) -> list[str]:
    return [view.body for view in selectors.replies_for(supporter=supporter)]


def _openings() -> int:
    return SupporterEvent.objects.filter(action=SupporterEvent.Action.OPENED).count()


@pytest.fixture
def behind_a_code(alice: Any, alice_client: Client) -> dict[str, Any]:
    """Alice shares an entry with Sam through a link that also asks for a code."""
    entry = entry_create(author=alice, title="", body="behind a code")
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry)
    url, code = _make_link(alice_client, supporter, with_code="on")
    return {"supporter": supporter, "url": url, "code": code}


def _an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    later = time.time() + 61 * 60
    monkeypatch.setattr("supporters.reader_views.time.time", lambda: later)


# --- A link with a code: the code asked again while they wrote ----------------------------------


def test_a_reply_written_past_the_codes_hour_comes_back_beside_the_code_and_is_sent_with_it(
    client: Client, behind_a_code: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, code = behind_a_code["url"], behind_a_code["code"]
    assert client.post(url, {"code": code}).status_code == 302
    assert _openings() == 1
    _an_hour_later(monkeypatch)

    asked = client.post(url, {"body": WORDS})
    page = asked.content.decode()
    assert asked.status_code == 200 and "The code they told you" in page
    assert _textareas(page)["body"] == WORDS, "the words are in the form the code page sends"
    assert all("data-unsent" in tag for tag in _textarea_tags(page)), "held nowhere else (waypoint.js)"
    assert "your words are not sent yet" in page and "behind a code" not in page
    assert not SupporterReply.objects.exists()
    assert WORDS not in str(dict(client.session.items())), "the words wait in the page, not the session"

    # They can still change the words before sending them with the code.
    sent = client.post(url, {"code": code, "body": WORDS + " Always."})
    assert sent.status_code == 302 and sent["Location"].startswith(url)
    assert _replies(behind_a_code["supporter"]) == [WORDS + " Always."]
    after = client.get(sent["Location"]).content.decode()
    assert "Sent. It waits for them" in after and "behind a code" in after
    assert _openings() == 1, "a reply is part of the visit, not another opening"


def test_a_reply_from_a_phone_that_forgot_the_page_is_kept_until_the_code_is_typed(
    client: Client, behind_a_code: dict[str, Any]
) -> None:
    # No session at all: the browser dropped its cookie while they were writing.
    url, code = behind_a_code["url"], behind_a_code["code"]
    wrong = client.post(url, {"code": "AAAA-AAAA", "body": WORDS})
    page = wrong.content.decode()
    assert "doesn&#x27;t match" in page and _textareas(page)["body"] == WORDS
    empty = client.post(url, {"code": "", "body": WORDS}).content.decode()
    assert "Type the code they told you." in empty and _textareas(empty)["body"] == WORDS
    assert not SupporterReply.objects.exists()
    assert client.post(url, {"code": code, "body": WORDS}).status_code == 302
    assert _replies(behind_a_code["supporter"]) == [WORDS]


def test_words_sent_with_a_code_keep_the_limit_on_wrong_codes(client: Client, behind_a_code: dict[str, Any]) -> None:
    url, code = behind_a_code["url"], behind_a_code["code"]
    for _try in range(WRONG_CODES_PER_LINK):
        assert client.post(url, {"code": "AAAA-AAAA", "body": WORDS}).status_code == 200
    paused = client.post(url, {"code": code, "body": WORDS})
    assert paused.status_code == 429
    page = paused.content.decode()
    assert "Please wait a few minutes" in page and _textareas(page)["words-not-sent"] == WORDS
    # An invitation, not an order, and no "wrong" for someone who may only have mistyped.
    assert "You could try again in about 15 minutes." in page and "wrong" not in page
    assert not SupporterReply.objects.exists()


def test_a_pause_after_wrong_codes_points_to_the_code_not_the_link(
    client: Client, behind_a_code: dict[str, Any]
) -> None:
    # A partner who misheard the code read "check the link is whole": the link was whole (it had
    # found their page) and nothing said to check the code. The guide stays one tap away, as on
    # the other pages that turn a supporter away.
    url = behind_a_code["url"]
    for _try in range(WRONG_CODES_PER_LINK):
        client.post(url, {"code": "AAAA-AAAA"})
    paused = client.post(url, {"code": "AAAA-AAAA"})
    assert paused.status_code == 429
    page = _main(paused.content.decode())
    assert "A code is easy to mishear. While you wait, you could check it with the person who told you." in page
    assert "check it is whole" not in page
    assert reverse("supporters:guide") in page


def test_a_pause_after_guessed_addresses_still_points_to_the_link(
    client: Client, behind_a_code: dict[str, Any]
) -> None:
    for attempt in range(MISSES_PER_ADDRESS):
        client.post(reverse("supporters:read", args=[f"guess{attempt}"]), {"open": "1"})
    paused = client.get(behind_a_code["url"])
    assert paused.status_code == 429
    page = _main(paused.content.decode())
    assert "check it is whole" in page and "mishear" not in page
    assert reverse("supporters:guide") in page


def test_a_too_long_reply_sent_with_the_right_code_comes_back_with_the_copies(
    client: Client, behind_a_code: dict[str, Any]
) -> None:
    words = "y" * 1001
    response = client.post(behind_a_code["url"], {"code": behind_a_code["code"], "body": words})
    page = response.content.decode()
    assert response.status_code == 200 and "a little long" in page
    assert _textareas(page)["body"] == words and "behind a code" in page
    assert not SupporterReply.objects.exists()
    assert _openings() == 1, "the copies were shown: that is an opening"


# --- Sharing stopped while they wrote ----------------------------------------------------------


@pytest.fixture
def shared_link(alice: Any, alice_client: Client) -> dict[str, Any]:
    entry = entry_create(author=alice, title="", body="shared for a while")
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry)
    url, _code = _make_link(alice_client, supporter)
    return {"supporter": supporter, "url": url}


def test_words_sent_after_sharing_stopped_are_shown_back_to_copy_and_not_kept(
    alice_client: Client, client: Client, shared_link: dict[str, Any]
) -> None:
    _open(client, shared_link["url"])
    alice_client.post(reverse("supporters:stop_all", args=[shared_link["supporter"].id]))
    response = client.post(shared_link["url"], {"body": WORDS})
    page = response.content.decode()
    assert response.status_code == 410 and "Nothing is shared with you here now" in page
    assert _textareas(page)["words-not-sent"] == WORDS and "sent, because this link has ended" in page
    assert [tag for tag in _textarea_tags(page) if "readonly" in tag], "shown to copy, not to send"
    assert not SupporterReply.objects.exists()
    assert "shared for a while" not in page


def test_words_sent_to_an_expired_link_are_shown_back(client: Client, shared_link: dict[str, Any]) -> None:
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(shared_link["url"], {"body": WORDS})
    assert response.status_code == 410 and _textareas(response.content.decode())["words-not-sent"] == WORDS
    assert not SupporterReply.objects.exists()


def test_an_ended_link_without_words_shows_no_empty_box(alice_client: Client, shared_link: dict[str, Any]) -> None:
    alice_client.post(reverse("supporters:stop_all", args=[shared_link["supporter"].id]))
    page = Client().get(shared_link["url"]).content.decode()
    assert "<textarea" not in page and "Your words are still here" not in page


# --- After the person removes them: nothing about them is left, and the page still speaks to them ---


def test_a_removed_supporters_link_is_their_calm_page_not_the_sites_mistyped_one(
    alice_client: Client, client: Client, shared_link: dict[str, Any]
) -> None:
    _open(client, shared_link["url"])
    alice_client.post(reverse("supporters:remove", args=[shared_link["supporter"].id]))
    response = client.get(shared_link["url"])
    page = response.content.decode()
    assert response.status_code == 404 and "There is nothing to show at this link" in page
    assert "mistyped" not in page and "Go to the home page" not in page
    assert 'href="/people-around-you/guide/"' in page
    assert 'href="/safety/plan/"' not in page, "no plan they would have to sign in to"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # The same page as an address that never was: it doesn't tell anyone there was someone here.
    never = client.get(reverse("supporters:read", args=["an-address-that-never-was"]))
    assert never.status_code == 404 and _main(never.content.decode()) == _main(page)


def test_words_sent_after_being_removed_are_shown_back_to_copy_and_not_kept(
    alice_client: Client, client: Client, shared_link: dict[str, Any]
) -> None:
    _open(client, shared_link["url"])
    alice_client.post(reverse("supporters:remove", args=[shared_link["supporter"].id]))
    response = client.post(shared_link["url"], {"body": WORDS})
    page = response.content.decode()
    assert response.status_code == 404 and "There is nothing to show at this link" in page
    assert _textareas(page)["words-not-sent"] == WORDS
    assert not SupporterReply.objects.exists()
    # Held nowhere else: waypoint.js keeps the page (covered) at the idle lock, and asks before leaving.
    assert all("data-unsent" in tag for tag in _textarea_tags(page))


# --- Long words are never cut by the browser ---------------------------------------------------


def test_the_reply_box_has_no_browser_limit_and_a_long_reply_keeps_every_word(
    client: Client, shared_link: dict[str, Any]
) -> None:
    page = _open(client, shared_link["url"])
    tags = _textarea_tags(page)
    assert tags and not [tag for tag in tags if "maxlength" in tag], "a browser would cut pasted words silently"
    words = "the end matters " * 70  # well over 1,000 characters, as if pasted
    response = client.post(shared_link["url"], {"body": words})
    page = response.content.decode()
    assert response.status_code == 200 and "a little long: up to 1,000 characters" in page
    assert _textareas(page)["body"].strip() == words.strip(), "every word is still there, the tail too"
    assert not [tag for tag in _textarea_tags(page) if "maxlength" in tag]
    assert not SupporterReply.objects.exists()


def test_a_long_pasted_code_gets_a_kind_message(client: Client, behind_a_code: dict[str, Any]) -> None:
    response = client.post(behind_a_code["url"], {"code": "ABCD EFGH IJKL MNOP QRST"})
    page = response.content.decode()
    assert "A code is eight letters and numbers" in page
    assert "Ensure this value" not in page
    assert 'maxlength="20"' not in page


def test_a_second_reply_that_needs_mending_is_not_called_sent(client: Client, shared_link: dict[str, Any]) -> None:
    _open(client, shared_link["url"])
    sent = client.post(shared_link["url"], {"body": "thinking of you"})
    assert sent["Location"] == shared_link["url"] + "?sent=1#reply-sent"
    assert client.get(sent["Location"]).content.decode().count("Sent. It waits for them") == 1
    # From that page, an empty second reply gets a kind word, not "Sent" again.
    again = client.post(sent["Location"].split("#")[0], {"body": "  "}).content.decode()
    assert "Write a few words first." in again and "Sent. It waits for them" not in again
    assert _replies(shared_link["supporter"]) == ["thinking of you"]


def _once(page: str) -> str:
    """The random value the page's reply box sends with the words, as the browser would send it."""
    found = re.search(r'name="once" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_send_pressed_twice_puts_the_reply_before_them_once(client: Client, shared_link: dict[str, Any]) -> None:
    page = _open(client, shared_link["url"])
    sent = {"body": "thinking of you", "once": _once(page)}
    first = client.post(shared_link["url"], sent)
    # The second tap on Send (or Back and the form sent again) lands on the same "Sent" page.
    second = client.post(shared_link["url"], sent)
    assert first["Location"] == second["Location"] == shared_link["url"] + "?sent=1#reply-sent"
    assert _replies(shared_link["supporter"]) == ["thinking of you"]
    # A new box on the page after it is a new reply, even with the same words.
    client.post(shared_link["url"], {**sent, "once": _once(client.get(first["Location"]).content.decode())})
    assert _replies(shared_link["supporter"]) == ["thinking of you", "thinking of you"]


# --- A supporter who has a Waypoint account of their own -----------------------------------------


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
@pytest.mark.parametrize("with_code", [False, True], ids=["plain", "code"])
def test_a_reply_sent_after_their_own_accounts_idle_lock_is_not_lost(
    alice: Any, alice_client: Client, bob: Any, with_code: bool
) -> None:
    # Bob has his own Waypoint account, signed in on his phone, and Alice's link opens there. He
    # takes a long time over a few words back; his own session's idle lock comes meanwhile. The
    # reply needs no account: he is signed out (his journal stays private) and his words still go,
    # or come back to him with the code asked again. Before, they met his lock and were gone.
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="for Bob"))
    url, code = _make_link(alice_client, supporter, **({"with_code": "on"} if with_code else {}))
    reader = Client()
    reader.force_login(bob)
    if with_code:
        assert reader.post(url, {"code": code}).status_code == 302
    else:
        _open(reader, url)
    session = reader.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()

    response = reader.post(url, {"body": WORDS})

    # Signed out of his own account, as the idle lock means to do.
    assert reader.get(reverse("journal:index"))["Location"].startswith(reverse("account_login"))
    if with_code:
        # The opening was kept in the session that ended: the code is asked again, his words beside it.
        assert response.status_code == 200
        page = response.content.decode()
        assert 'name="code"' in page and _textareas(page)["body"] == WORDS
        assert _replies(supporter) == []
        assert reader.post(url, {"code": code, "body": WORDS}).status_code == 302
    else:
        assert response.status_code == 302 and "sent=1" in response["Location"]
    assert _replies(supporter) == [WORDS]


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
def test_their_page_opened_again_after_their_own_accounts_idle_lock_opens_signed_out(
    alice: Any, alice_client: Client, bob: Any
) -> None:
    # Bob reloads Alice's page for him after his own session went idle: signed out, and the page
    # itself, not "You were signed out" about a journal that is not the one he came to read.
    supporter = _add(alice_client)
    url, _code = _make_link(alice_client, supporter)
    reader = Client()
    reader.force_login(bob)
    _open(reader, url)
    session = reader.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()

    response = reader.get(url)

    assert response.status_code == 200
    assert 'name="open"' in response.content.decode(), "the session that held the opening has ended"
    assert reader.get(reverse("journal:index"))["Location"].startswith(reverse("account_login"))
    # Every other page still says it is locked.
    reader.force_login(bob)
    session = reader.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    assert reader.get(reverse("supporters:guide"))["Location"].startswith(reverse("accounts:locked"))


def _sign_in(browser: Client, email: str) -> None:
    """A real sign-in through the form, as on a phone: Django gives the browser a new CSRF token."""
    from tests.factories import PASSWORD

    browser.get(reverse("account_login"))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        reverse("account_login"), {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def _sign_out(browser: Client) -> None:
    token = browser.cookies["csrftoken"].value
    assert browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def _form_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


@pytest.fixture
def for_bob(alice: Any, alice_client: Client) -> dict[str, Any]:
    """Alice shares an entry with Bob through a link without a code."""
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="for Bob"))
    url, _code = _make_link(alice_client, supporter)
    return {"supporter": supporter, "url": url}


def _bobs_page_then_carol_signs_in(for_bob: dict[str, Any], bob: Any) -> tuple[Client, str]:
    """Bob reads Alice's page signed in to his own account; in another tab he signs out and Carol
    signs in on the same phone. Returns the browser and the page he is still writing on."""
    from tests.factories import UserFactory

    carol: Any = UserFactory(email="carol@example.com")
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, bob.email)
    url = for_bob["url"]
    first = browser.get(url).content.decode()
    assert browser.post(url, {"open": "1", "csrfmiddlewaretoken": _form_token(first)}).status_code == 302
    page = browser.get(url).content.decode()
    assert "for Bob" in page
    _sign_out(browser)
    _sign_in(browser, carol.email)
    return browser, page


def test_a_reply_sent_after_another_account_signed_in_comes_back_to_send_again(
    for_bob: dict[str, Any], bob: Any
) -> None:
    # Without JavaScript the form still holds the CSRF token from before Carol signed in, and
    # signing in gives a browser a new one. The token is still checked: nothing is taken with the
    # old one. But the words come back in a form with the new token, to send with one more press.
    browser, page = _bobs_page_then_carol_signs_in(for_bob, bob)
    url = for_bob["url"]

    refused = browser.post(url, {"body": WORDS, "csrfmiddlewaretoken": _form_token(page)}, headers=FROM_OUR_PAGE)

    assert refused.status_code == 403
    assert "no-store" in refused["Cache-Control"] and refused["X-Robots-Tag"] == "noindex, nofollow"
    again = refused.content.decode()
    assert _replies(for_bob["supporter"]) == [], "the old token sends nothing"
    assert _textareas(again)["body"] == WORDS
    assert all("data-unsent" in tag for tag in _textarea_tags(again)), "held nowhere else (waypoint.js)"
    assert "press Send once more" in again
    assert f'action="{url}"' in again and "for Bob" not in again, "the words only, never the copies"
    sent = browser.post(url, {"body": WORDS, "csrfmiddlewaretoken": _form_token(again)})
    assert sent.status_code == 302 and "sent=1" in sent["Location"]
    assert _replies(for_bob["supporter"]) == [WORDS]


def test_a_reply_sent_with_javascript_after_another_account_signed_in_goes(for_bob: dict[str, Any], bob: Any) -> None:
    # With JavaScript the form takes the browser's new token as it is sent, and carries the mark
    # of the account the page was drawn for (Bob's). The reply saves nothing into any account, so
    # whose page it was does not matter here: it goes, where a journal's save would be refused.
    browser, _page = _bobs_page_then_carol_signs_in(for_bob, bob)
    token = browser.cookies["csrftoken"].value
    url = for_bob["url"]

    sent = browser.post(url, {"body": WORDS, "csrfmiddlewaretoken": token, FIELD: account_marker(bob.pk)})

    assert sent.status_code == 302 and "sent=1" in sent["Location"]
    assert _replies(for_bob["supporter"]) == [WORDS]
    # Carol is still signed in as herself, and her journal still refuses a page drawn for Bob.
    refused = browser.post(
        reverse("journal:new"), {"body": "x", "csrfmiddlewaretoken": token, FIELD: account_marker(bob.pk)}
    )
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("accounts:locked"))


def test_a_forged_reply_from_another_site_sends_nothing(for_bob: dict[str, Any]) -> None:
    # No token at all (another site's form): refused, nothing taken, whatever it carried.
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(for_bob["url"], {"body": WORDS})
    assert refused.status_code == 403
    assert _replies(for_bob["supporter"]) == [] and _openings() == 0


# What a browser sends with a form from one of our own pages, under Referrer-Policy: no-referrer.
FROM_OUR_PAGE = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
        {},
    ],
    ids=["no-referrer", "named-origin", "no-origin"],
)
def test_another_sites_form_never_puts_its_words_on_a_page_of_ours(
    for_bob: dict[str, Any], bob: Any, headers: dict[str, str]
) -> None:
    # Any site can post to a supporter's address (any address: nothing is looked up), with words
    # of its choosing. Given back, they would stand on a Waypoint page as "Your words are still
    # here", in a form with this browser's token, one press from being sent. Only a form from one
    # of our own pages gets its words back; this gets the generic page, which shows nothing of it.
    browser, page = _bobs_page_then_carol_signs_in(for_bob, bob)
    forged = "Waypoint is closing. Call this number now"
    for url in (for_bob["url"], reverse("supporters:read", args=["made-up"])):
        refused = browser.post(url, {"body": forged, "csrfmiddlewaretoken": _form_token(page)}, headers=headers)
        assert refused.status_code == 403
        shown = refused.content.decode()
        assert forged not in shown and "press Send once more" not in shown
        assert "This form timed out" in shown
    assert _replies(for_bob["supporter"]) == []


def test_a_reply_from_a_page_drawn_for_another_account_still_goes(alice: Any, alice_client: Client, bob: Any) -> None:
    # Bob's page was drawn while he was signed in (waypoint.js marks its forms as his); his idle
    # lock came, and someone else signed in on this browser since. A reply needs no account, so
    # waypoint.js lets Send go while the page is locked: it must reach Alice, not the locked page
    # (which also signed out whoever was signed in), and the words must not be lost.
    supporter = _add(alice_client)
    url, _code = _make_link(alice_client, supporter)
    reader = Client()
    reader.force_login(alice)
    _open(reader, url)

    response = reader.post(url, {"body": WORDS, FIELD: account_marker(bob.pk)})

    assert response.status_code == 302 and "sent=1" in response["Location"]
    assert _replies(supporter) == [WORDS]
    # The session of whoever is signed in now is left as it is.
    assert reader.get(reverse("journal:index")).status_code == 200
    # Everywhere else, a page drawn for another account still never saves here.
    other = reader.post(reverse("journal:new"), {"body": WORDS, FIELD: account_marker(bob.pk)})
    assert other["Location"].startswith(reverse("accounts:locked"))


def test_a_reply_refused_for_its_old_token_after_the_idle_lock_still_comes_back(
    for_bob: dict[str, Any], bob: Any
) -> None:
    # Carol signed in (a new token), then left the phone long enough for her idle lock; Bob, in his
    # tab without JavaScript, presses Send. The lock signs Carol out, and the words still come
    # back to send again, not the locked page with nothing on it.
    browser, page = _bobs_page_then_carol_signs_in(for_bob, bob)
    session = browser.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()

    refused = browser.post(
        for_bob["url"], {"body": WORDS, "csrfmiddlewaretoken": _form_token(page)}, headers=FROM_OUR_PAGE
    )

    assert refused.status_code == 403
    again = refused.content.decode()
    assert _textareas(again)["body"] == WORDS and "press Send once more" in again
    assert "_auth_user_id" not in browser.session, "Carol is signed out all the same"
    assert _replies(for_bob["supporter"]) == []
    sent = browser.post(for_bob["url"], {"body": WORDS, "csrfmiddlewaretoken": _form_token(again)})
    assert sent.status_code == 302 and "sent=1" in sent["Location"]
    assert _replies(for_bob["supporter"]) == [WORDS]


def test_the_code_page_points_to_the_person_not_to_whoever_sent_the_link(
    client: Client, behind_a_code: dict[str, Any]
) -> None:
    # The link often comes in Waypoint's own email: "ask the person who sent you the link" pointed
    # at an address where nobody reads a reply.
    page = _main(client.get(behind_a_code["url"]).content.decode())
    assert "you could ask the person who made this page for you" in page
    assert "sent you the link" not in page

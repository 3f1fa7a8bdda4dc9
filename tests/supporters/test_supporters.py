"""Sharing with someone who has no account: the person's side, the supporter's side, and stopping."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from journal import keyring
from journal.services import entry_create, entry_trash
from supporters import services
from supporters.limits import MISSES_PER_ADDRESS
from supporters.models import Supporter, SupporterEvent, SupporterLink, SupporterReply, SupporterShare
from tests.share_helpers import as_shown


def _add(client: Client, name: str = "Sam", email: str = "") -> Supporter:
    response = client.post(reverse("supporters:people"), {"name": name, "email": email})
    assert response.status_code == 302
    return Supporter.objects.latest("created_at")


def _make_link(client: Client, supporter: Supporter, **fields: Any) -> tuple[str, str]:
    """Make a link from the person's page; returns the address and code shown once."""
    response = client.post(reverse("supporters:link_make", args=[supporter.id]), {"days": 7, **fields})
    assert response.status_code == 200
    page = response.content.decode()
    url = re.search(r'id="supporter-link"[^>]*value="([^"]+)"', page)
    assert url is not None, "the link is on the page"
    code = re.search(r'class="supporter-code"[^>]*><strong>([A-Z0-9]+)</strong>', page)
    return url.group(1).replace("http://testserver", ""), code.group(1) if code else ""


def _open(client: Client, url: str) -> str:
    """Press "Open it" on the supporter's page; returns the page it leads to."""
    response = client.post(url, {"open": "1"})
    assert response.status_code == 302 and response["Location"] == url
    return client.get(url).content.decode()


def _openings() -> int:
    return SupporterEvent.objects.filter(action=SupporterEvent.Action.OPENED).count()


@pytest.fixture
def shared(alice: Any, alice_client: Client) -> dict[str, Any]:
    """Alice adds Sam, shares one entry with him (and keeps another private), and makes a link."""
    entry = entry_create(author=alice, title="For Sam", body="I had a hard week and I want you to know.")
    private = entry_create(author=alice, title="Only mine", body="words nobody else reads")
    supporter = _add(alice_client)
    share = reverse("supporters:share_entry", args=[entry.id])
    response = alice_client.post(share, as_shown(alice_client, share, supporter=supporter.id))
    assert response.status_code == 302
    url, _code = _make_link(alice_client, supporter)
    return {"entry": entry, "private": private, "supporter": supporter, "url": url}


def test_adding_someone_keeps_their_name_encrypted_and_shares_nothing(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client, name="Mum", email="mum@example.com")
    assert b"Mum" not in bytes(supporter.name) and b"mum@example.com" not in bytes(supporter.email or b"")
    page = alice_client.get(reverse("supporters:people")).content.decode()
    assert "Mum" in page and "Nothing shared" in page
    assert not SupporterShare.objects.exists()


def test_the_person_sees_exactly_what_will_be_shared_before_sharing(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="Before", body="the words they would read")
    _add(alice_client)
    page = alice_client.get(reverse("supporters:share_entry", args=[entry.id])).content.decode()
    assert "the words they would read" in page and "Sam" in page
    assert not SupporterShare.objects.exists(), "looking at the preview shares nothing"


def test_sharing_before_adding_anyone_says_how_to_add_someone(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="not yet")
    page = alice_client.get(reverse("supporters:share_entry", args=[entry.id])).content.decode()
    assert "First add the person" in page and "not yet" not in page


def test_the_supporter_reads_the_shared_copy_and_nothing_else(client: Client, shared: dict[str, Any]) -> None:
    first = client.get(shared["url"])
    assert first.status_code == 200 and "Open it" in first.content.decode()
    assert first["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in first["Cache-Control"]
    _open(client, shared["url"])
    response = client.get(shared["url"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "I had a hard week" in page
    assert "words nobody else reads" not in page and "Only mine" not in page
    assert "alice" not in page.lower(), "nothing about the person that was not shared, not even their address"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert reverse("supporters:guide") in page, "how to respond links the guide"
    assert "If you are worried about them right now" in page


def test_the_copy_is_the_moment_of_sharing_not_later_edits(alice: Any, client: Client, shared: dict[str, Any]) -> None:
    from journal.services import EntryContent, entry_update

    entry = shared["entry"]
    content = EntryContent(title="For Sam", body="changed afterwards", written_on=entry.written_on)
    entry_update(entry=entry, content=content, expected_version=entry.version)
    page = _open(client, shared["url"])
    assert "I had a hard week" in page and "changed afterwards" not in page


def test_a_visit_alone_logs_nothing_and_shows_no_copy(client: Client, shared: dict[str, Any]) -> None:
    page = client.get(shared["url"]).content.decode()
    assert "Open it" in page and "lets them know it reached you" in page
    assert "I had a hard week" not in page and "A few words back" not in page
    assert _openings() == 0


def test_a_link_scanner_opens_nothing(alice_client: Client, shared: dict[str, Any]) -> None:
    # Mail and chat apps check a link with a fresh, cookieless GET (or HEAD), sometimes many times.
    for _visit in range(3):
        page = Client().get(shared["url"]).content.decode()
        assert "I had a hard week" not in page
    assert Client().head(shared["url"]).status_code == 405
    # A POST without this browser's CSRF token, as a scanner would send, is refused.
    assert Client(enforce_csrf_checks=True).post(shared["url"], {"open": "1"}).status_code == 403
    assert _openings() == 0
    page = alice_client.get(reverse("supporters:person", args=[shared["supporter"].id])).content.decode()
    assert "They opened it" not in page


def test_pressing_open_logs_one_opening_and_reloading_adds_none(
    alice_client: Client, client: Client, shared: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    assert "I had a hard week" in _open(client, shared["url"])
    assert _openings() == 1
    for _reload in range(3):
        page = client.get(shared["url"]).content.decode()
        assert "I had a hard week" in page and "A few words back" in page
    assert _openings() == 1, "reloading within the hour is the same opening"
    page = alice_client.get(reverse("supporters:person", args=[shared["supporter"].id])).content.decode()
    assert "They opened it" in page

    # An hour later (a shared computer, or the next day) the page asks again; that is a new opening.
    later = time.time() + 61 * 60
    monkeypatch.setattr("supporters.reader_views.time.time", lambda: later)
    assert "I had a hard week" not in client.get(shared["url"]).content.decode()
    assert _openings() == 1
    assert "I had a hard week" in _open(client, shared["url"])
    assert _openings() == 2


def test_an_ended_link_cannot_be_opened(alice_client: Client, client: Client, shared: dict[str, Any]) -> None:
    alice_client.post(reverse("supporters:stop_all", args=[shared["supporter"].id]))
    assert client.post(shared["url"], {"open": "1"}).status_code == 410
    assert _openings() == 0


def test_a_reply_reaches_the_person_and_is_sealed(alice_client: Client, client: Client, shared: dict[str, Any]) -> None:
    response = client.post(shared["url"], {"body": "Thank you for telling me. I'm here."})
    assert response.status_code == 302
    reply = SupporterReply.objects.get()
    assert b"I'm here" not in bytes(reply.body)
    page = alice_client.get(reverse("supporters:person", args=[shared["supporter"].id])).content.decode()
    assert "Thank you for telling me. I&#x27;m here." in page and "They wrote back" in page


def test_a_too_long_reply_is_kept_on_the_page_with_a_kind_message(client: Client, shared: dict[str, Any]) -> None:
    words = "x" * 1001
    response = client.post(shared["url"], {"body": words})
    page = response.content.decode()
    assert response.status_code == 200 and words in page and "a little long" in page
    assert not SupporterReply.objects.exists()


def test_stopping_everything_shows_the_no_longer_shared_page(
    alice_client: Client, client: Client, shared: dict[str, Any]
) -> None:
    supporter = shared["supporter"]
    alice_client.post(reverse("supporters:stop_all", args=[supporter.id]))
    response = client.get(shared["url"])
    assert response.status_code == 410
    page = response.content.decode()
    assert "Nothing is shared with you here now" in page and "I had a hard week" not in page
    assert not SupporterShare.objects.exists(), "the copy and its key are gone"


def test_stopping_one_copy_takes_it_off_the_supporters_page(
    alice_client: Client, client: Client, shared: dict[str, Any]
) -> None:
    copy = SupporterShare.objects.get()
    response = alice_client.post(reverse("supporters:copy_stop", args=[copy.id]), follow=True)
    # Their link still opens, so the person is told what changed on it, not that it no longer opens.
    told = response.content.decode()
    assert "Sharing stopped. It is no longer on their page." in told and "no longer open it" not in told
    page = _open(client, shared["url"])
    assert "I had a hard week" not in page and "Nothing is shared on this page right now" in page
    # Its end no longer says "or until they stop sharing" beside "Nothing is shared".
    assert "unless they end it sooner" in page and "until they stop sharing" not in page


def test_a_new_link_ends_the_old_one(alice_client: Client, client: Client, shared: dict[str, Any]) -> None:
    new_url, _code = _make_link(alice_client, shared["supporter"])
    assert client.get(shared["url"]).status_code == 410
    assert "I had a hard week" in _open(client, new_url)


def test_an_expired_link_stops_at_once_and_housekeeping_deletes_the_copies(
    client: Client, shared: dict[str, Any]
) -> None:
    SupporterShare.objects.update(shared_at=timezone.now() - timedelta(hours=1))
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(shared["url"]).status_code == 410
    assert SupporterShare.objects.exists()
    assert services.links_expired_end() == 1
    assert not SupporterShare.objects.exists()


def test_a_new_link_made_after_one_ran_out_does_not_bring_back_what_it_showed(
    alice: Any, alice_client: Client, client: Client, shared: dict[str, Any]
) -> None:
    # "When the link runs out, what it showed them is deleted." Within the hour before the tidy-up,
    # a new link used to end the old one itself, so the tidy-up passed it by and every copy came back.
    SupporterShare.objects.update(shared_at=timezone.now() - timedelta(hours=1))
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    later = services.share_entry(supporter=shared["supporter"], entry=entry_create(author=alice, body="shared since"))
    new_url, _code = _make_link(alice_client, shared["supporter"])
    page = _open(client, new_url)
    assert "I had a hard week" not in page and "shared since" in page
    assert list(SupporterShare.objects.all()) == [later]
    assert services.links_expired_end() == 0


def test_a_link_with_a_code_opens_only_with_the_code(alice_client: Client, client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, title="", body="behind a code")
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry)
    url, code = _make_link(alice_client, supporter, with_code="on")
    assert len(code) == 8
    page = client.get(url).content.decode()
    assert "behind a code" not in page and "The code they told you" in page
    assert "Open it" not in client.post(url, {"open": "1"}).content.decode(), "the button is no way round the code"
    wrong = client.post(url, {"code": "AAAA-AAAA"})
    assert "doesn&#x27;t match" in wrong.content.decode() and "behind a code" not in wrong.content.decode()
    assert _openings() == 0
    # The right code is the supporter opening it: logged once, and straight to the copies.
    assert client.post(url, {"code": code.lower()[:4] + " " + code.lower()[4:]}).status_code == 302
    assert _openings() == 1
    assert "behind a code" in client.get(url).content.decode()
    assert "behind a code" in client.get(url).content.decode()
    assert _openings() == 1, "reloading is not another opening"
    assert "behind a code" not in Client().get(url).content.decode(), "another browser still needs the code"
    assert _openings() == 1


def test_guessing_addresses_is_slowed_down(client: Client, shared: dict[str, Any]) -> None:
    for attempt in range(MISSES_PER_ADDRESS):
        assert client.post(reverse("supporters:read", args=[f"guess{attempt}"]), {"open": "1"}).status_code == 404
    assert client.get(shared["url"]).status_code == 429


def test_looking_at_an_address_that_never_was_counts_nothing(client: Client, shared: dict[str, Any]) -> None:
    # A GET writes nothing, not even a count: the address has 256 bits, so a guess by GET is noise
    # (a chat app checking a mistyped link), never a way in.
    for attempt in range(MISSES_PER_ADDRESS * 2):
        assert client.get(reverse("supporters:read", args=[f"guess{attempt}"])).status_code == 404
    assert client.get(shared["url"]).status_code == 200


def test_a_changed_address_or_another_persons_ids_are_404(
    bob_client: Client, client: Client, shared: dict[str, Any]
) -> None:
    token = shared["url"].rstrip("/").rsplit("/", 1)[1]
    assert (
        client.get(reverse("supporters:read", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])).status_code
        == 404
    )
    supporter, copy = shared["supporter"], SupporterShare.objects.get()
    for url in (
        reverse("supporters:person", args=[supporter.id]),
        reverse("supporters:copy", args=[copy.id]),
        reverse("supporters:stop_all", args=[supporter.id]),
        reverse("supporters:remove", args=[supporter.id]),
        reverse("supporters:share_entry", args=[shared["entry"].id]),
    ):
        assert bob_client.get(url).status_code == 404, url
    assert bob_client.post(reverse("supporters:copy_stop", args=[copy.id])).status_code == 404
    assert bob_client.post(reverse("supporters:link_make", args=[supporter.id]), {"days": 7}).status_code == 404
    assert SupporterShare.objects.exists()


def test_the_supporters_page_never_opens_the_persons_data_key(
    client: Client, shared: dict[str, Any], alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    load = keyring.load_user_keyring

    def refuse(user_id: Any) -> Any:
        assert str(user_id) != str(alice.pk), "the supporter's page opened the person's data key"
        return load(user_id)

    keyring.forget_user_keyring(alice)
    monkeypatch.setattr(keyring, "load_user_keyring", refuse)
    assert "I had a hard week" in _open(client, shared["url"])
    assert client.post(shared["url"], {"body": "here for you"}).status_code == 302


def test_the_email_carries_the_link_and_nothing_written(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="private sentence")
    supporter = _add(alice_client, name="Robin Example", email="robin@example.com")
    services.share_entry(supporter=supporter, entry=entry)
    url, _code = _make_link(alice_client, supporter, send_email="on")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.com"] and message.subject == "A private link for you"
    assert url in message.body
    for private in ("private sentence", "Robin", alice.email):
        assert private not in message.body and private not in message.subject


def test_the_email_says_a_code_is_needed_only_when_it_is(alice_client: Client, client: Client) -> None:
    without = _add(alice_client, name="Sam", email="sam@example.com")
    url, _code = _make_link(alice_client, without, send_email="on")
    with_code = _add(alice_client, name="Mum", email="mum@example.com")
    coded_url, code = _make_link(alice_client, with_code, send_email="on", with_code="on")
    plain, coded = (str(message.body) for message in mail.outbox)
    # Sam's link opens without a code: his email does not leave him waiting for one.
    assert "code" not in plain
    assert "Open it" in client.get(url).content.decode()
    # Mum's link asks for one: her email says so plainly, and never carries it.
    assert "The page will ask for a code. They will tell you it themselves, not in this email." in coded
    assert code and code not in coded
    assert "The code they told you" in client.get(coded_url).content.decode()


def test_the_email_names_the_server_as_its_other_emails_do(alice_client: Client) -> None:
    supporter = _add(alice_client, name="Robin Example", email="robin@example.com")
    with override_settings(SITE_NAME="Harbour Journal"):
        _make_link(alice_client, supporter, send_email="on")
    body = str(mail.outbox[0].body)
    assert "made a private page for you on Harbour Journal, a journal app." in body
    assert body.rstrip().endswith("With care, Harbour Journal")
    assert "Waypoint" not in body


def test_a_link_made_before_anything_is_shared_promises_a_page_not_something_on_it(
    alice_client: Client, client: Client
) -> None:
    # The person's page offers "Make a link" as soon as someone is added, before anything is shared.
    supporter = _add(alice_client, name="Robin Example", email="robin@example.com")
    person = alice_client.get(reverse("supporters:person", args=[supporter.id])).content.decode()
    assert "The email gives the link and says only that someone who trusts them made a private page for them." in person
    response = alice_client.post(
        reverse("supporters:link_make", args=[supporter.id]), {"days": 7, "send_email": "on"}
    ).content.decode()
    assert "The email says only that someone who trusts them made a private page for them." in response
    body = str(mail.outbox[0].body)
    assert "Someone who trusts you made a private page for you on Waypoint" in body
    assert "Anything they choose to share with you will appear there." in body
    url = re.search(r"http://testserver(/\S+)", body)
    assert url is not None
    for page in (response, person, body):
        assert "shared something with" not in page

    first = client.get(url.group(1)).content.decode()
    assert "<h1>A private page for you</h1>" in first and "shared something with" not in first
    opened = _open(client, url.group(1))
    assert "<h1>A private page for you</h1>" in opened and "Shared with you" not in opened
    assert "Nothing is shared on this page right now" in opened


def test_a_link_with_a_code_says_what_it_is_before_anything_is_shared(alice_client: Client, client: Client) -> None:
    url, _code = _make_link(alice_client, _add(alice_client), with_code="on")
    page = client.get(url).content.decode()
    assert "<h1>A private page for you</h1>" in page and "The code they told you" in page
    assert "shared something with" not in page


def test_no_email_unless_the_person_asks(alice_client: Client) -> None:
    supporter = _add(alice_client, email="robin@example.com")
    _make_link(alice_client, supporter)
    assert mail.outbox == []


def test_trashing_a_shared_entry_says_whose_copy_ends_and_ends_it(
    alice_client: Client, client: Client, shared: dict[str, Any], alice: Any
) -> None:
    entry = shared["entry"]
    assert "I had a hard week" in _open(client, shared["url"])
    confirm = alice_client.get(reverse("journal:entry_trash", args=[entry.id]))
    assert "This also stops sharing it with Sam" in confirm.content.decode()
    entry_trash(entry=entry)
    assert not SupporterShare.objects.exists()
    assert "I had a hard week" not in client.get(shared["url"]).content.decode()


def test_removing_someone_deletes_everything_about_them(
    alice_client: Client, client: Client, shared: dict[str, Any]
) -> None:
    client.post(shared["url"], {"body": "a reply"})
    alice_client.post(reverse("supporters:remove", args=[shared["supporter"].id]))
    assert not Supporter.objects.exists()
    for model in (SupporterLink, SupporterShare, SupporterReply, SupporterEvent):
        assert not model.objects.exists()
    assert client.get(shared["url"]).status_code == 404


def test_the_page_after_a_reply_is_not_another_opening(client: Client, shared: dict[str, Any]) -> None:
    _open(client, shared["url"])
    response = client.post(shared["url"], {"body": "thinking of you"}, follow=True)
    page = response.content.decode()
    assert "Sent. It waits for them" in page and "I had a hard week" in page
    assert _openings() == 1


def test_after_a_reply_the_page_names_the_server_as_its_email_did(client: Client, shared: dict[str, Any]) -> None:
    _open(client, shared["url"])
    with override_settings(SITE_NAME="Harbour Journal"):
        page = client.post(shared["url"], {"body": "thinking of you"}, follow=True).content.decode()
    # Where it waits, not when: nothing calls the person to a reply when they next open the app.
    assert "Sent. It waits for them in Harbour Journal, on their page of the people they trust." in page
    assert "next time they open" not in page


def test_a_reply_written_past_the_hour_is_kept_and_the_copies_stay(
    client: Client, shared: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    _open(client, shared["url"])
    later = time.time() + 61 * 60
    monkeypatch.setattr("supporters.reader_views.time.time", lambda: later)
    response = client.post(shared["url"], {"body": "took me a while to write"}, follow=True)
    page = response.content.decode()
    assert "Sent. It waits for them" in page and "I had a hard week" in page
    assert SupporterReply.objects.count() == 1 and _openings() == 1


def test_a_reply_to_mend_without_opening_first_still_counts_as_an_opening(
    client: Client, shared: dict[str, Any]
) -> None:
    # Straight to a reply (no Open pressed): the words come back to mend beside the copies, and
    # seeing the copies is an opening, so none are ever shown without one in the person's log.
    words = "x" * 1001
    page = client.post(shared["url"], {"body": words}).content.decode()
    assert words in page and "I had a hard week" in page
    assert _openings() == 1
    client.get(shared["url"])
    assert _openings() == 1


def test_replies_through_one_link_are_capped_and_the_words_kept(client: Client, shared: dict[str, Any]) -> None:
    from supporters.limits import REPLIES_PER_LINK

    for number in range(REPLIES_PER_LINK):
        assert client.post(shared["url"], {"body": f"note {number}"}).status_code == 302
    response = client.post(shared["url"], {"body": "one more"})
    assert response.status_code == 200 and "one more" in response.content.decode()
    assert SupporterReply.objects.count() == REPLIES_PER_LINK


def test_the_code_is_asked_again_after_an_hour(
    alice: Any, alice_client: Client, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    entry = entry_create(author=alice, title="", body="behind a code")
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry)
    url, code = _make_link(alice_client, supporter, with_code="on")
    client.post(url, {"code": code})
    assert "behind a code" in client.get(url).content.decode()
    later = time.time() + 61 * 60
    monkeypatch.setattr("supporters.reader_views.time.time", lambda: later)
    assert "behind a code" not in client.get(url).content.decode()


def test_sharing_with_more_than_one_person_chooses_no_one_for_them(alice: Any, alice_client: Client) -> None:
    entry = entry_create(author=alice, title="", body="for one of them")
    _add(alice_client, name="Sam")
    _add(alice_client, name="Robin")
    share = reverse("supporters:share_entry", args=[entry.id])
    response = alice_client.post(share, as_shown(alice_client, share, supporter=""))
    assert response.status_code == 200 and "Choose one of your people." in response.content.decode()
    assert not SupporterShare.objects.exists()


def test_a_draft_offers_no_sharing_with_supporters(alice: Any, alice_client: Client) -> None:
    draft = entry_create(author=alice, title="", body="half a thought", is_draft=True)
    page = alice_client.get(reverse("journal:entry", args=[draft.id])).content.decode()
    assert reverse("supporters:share_entry", args=[draft.id]) not in page


def test_expiry_deletes_only_what_the_link_showed(alice: Any, client: Client, shared: dict[str, Any]) -> None:
    SupporterShare.objects.update(shared_at=timezone.now() - timedelta(hours=1))
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    later = services.share_entry(supporter=shared["supporter"], entry=entry_create(author=alice, body="later"))
    services.links_expired_end()
    assert list(SupporterShare.objects.all()) == [later]


def test_a_failed_email_still_shows_the_link(alice_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("no mail server")

    monkeypatch.setattr("supporters.people_views.send_mail", broken)
    supporter = _add(alice_client, email="robin@example.com")
    url, _code = _make_link(alice_client, supporter, send_email="on")
    assert url.startswith("/people-around-you/for-you/")


def test_their_page_says_copies_of_a_link_that_ran_out_can_no_longer_be_opened(
    alice: Any, alice_client: Client, shared: dict[str, Any]
) -> None:
    # Before the hourly tidy-up deletes them, "What they can read" listed them beside "Their last
    # link has ended".
    url = f"/people-around-you/{shared['supporter'].id}/"
    assert "they can't open this now" not in alice_client.get(url).content.decode()
    SupporterShare.objects.update(shared_at=timezone.now() - timedelta(hours=1))
    SupporterLink.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    # Shared after the link ran out: it waits for a new link, and the tidy-up leaves it.
    services.share_entry(supporter=shared["supporter"], entry=entry_create(author=alice, body="shared since"))
    page = alice_client.get(url).content.decode()
    assert "Their last link has ended." in page
    assert page.count("they can't open this now, and Waypoint deletes it within the hour.") == 1
    assert page.count("They can read this once you make a new link.") == 1
    services.links_expired_end()
    page = alice_client.get(url).content.decode()
    assert "deletes it within the hour" not in page
    assert page.count("They can read this once you make a new link.") == 1


def _respond_box(page: str) -> str:
    start = page.index('id="respond-heading"')
    return page[start : page.index("</aside>", start)]


def test_how_to_respond_fits_a_page_with_nothing_shared_yet(alice_client: Client, client: Client) -> None:
    # A link made before anything is shared: there is nothing yet to thank them for, or to find hard to read.
    url, _code = _make_link(alice_client, _add(alice_client))
    respond = _respond_box(_open(client, url))
    assert "Thank them for trusting you with this" not in respond
    assert "hard to read" not in respond
    assert "Let them share in their own time." in respond
    assert "Listen first." in respond and "Try not to judge" in respond


def test_how_to_respond_thanks_them_when_something_is_shared(client: Client, shared: dict[str, Any]) -> None:
    respond = _respond_box(_open(client, shared["url"]))
    assert "Thank them for trusting you with this." in respond and "even if this is hard to read" in respond
    assert "Let them share in their own time." not in respond


def test_the_reply_box_heading_and_its_label_say_different_things(client: Client, shared: dict[str, Any]) -> None:
    # A screen reader reads the heading, then the box by its label: the same words twice tell nothing new.
    page = _open(client, shared["url"])
    box = page[page.index('id="reply-heading"') :]
    heading = re.search(r'id="reply-heading">([^<]+)</h2>', page)
    label = re.search(r'<label for="id_body">([^<]+)</label>', box)
    assert heading is not None and label is not None
    assert heading.group(1) == "A few words back"
    assert label.group(1).strip() == "Your words to them"

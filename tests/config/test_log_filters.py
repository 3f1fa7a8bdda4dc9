from __future__ import annotations

import io
import logging
import time

import pytest
from django.test import Client, override_settings

from accounts.middleware import LAST_SEEN_KEY
from config.log_filters import RedactInviteCodes, redact


def test_codes_in_paths_and_links_are_left_out() -> None:
    assert redact("Not Found: /care/accept/KAPFTBRY/") == "Not Found: /care/accept/…/"
    assert redact("GET /account/invite/?code=GGTBZCQ2YG&x=1") == "GET /account/invite/?code=…&x=1"
    assert redact("Not Found: /journal/nowhere/") == "Not Found: /journal/nowhere/"
    # allauth's emailed links: a new password for the account, an address confirmed.
    assert redact("GET /accounts/password/reset/key/2-cz1abc/") == "GET /accounts/password/reset/key/…/"
    assert redact("GET /accounts/password/reset/key/done/") == "GET /accounts/password/reset/key/done/"
    assert redact("GET /accounts/confirm-email/MjU:1x/") == "GET /accounts/confirm-email/…/"


@pytest.mark.django_db
def test_a_404_for_an_old_invitation_is_logged_without_its_code(client: Client) -> None:
    # The server's own console handler, as configured in settings.LOGGING.
    console = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactInviteCodes) for f in h.filters))
    assert isinstance(console, logging.StreamHandler)
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        assert client.get("/care/accept/KAPFTBRY/").status_code == 404
    finally:
        console.setStream(previous)
    assert "Not Found: /care/accept/…/" in stream.getvalue()
    assert "KAPFTBRY" not in stream.getvalue()


@pytest.mark.django_db
def test_a_supporters_address_is_logged_without_its_token(alice: object) -> None:
    """A link preview's HEAD request gets a 405, which Django logs with the path: not the token."""
    from journal.services import entry_create
    from supporters import services

    supporter = services.supporter_add(owner=alice, name="Sam")  # type: ignore[arg-type]
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, body="shared"))  # type: ignore[arg-type]
    token = services.link_make(supporter=supporter, days=7, with_code=False).token
    console = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactInviteCodes) for f in h.filters))
    assert isinstance(console, logging.StreamHandler)
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        assert Client().head(f"/people-around-you/for-you/{token}/").status_code == 405
    finally:
        console.setStream(previous)
    assert "/people-around-you/for-you/…/" in stream.getvalue()
    assert token not in stream.getvalue()


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=30)
@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/care/accept/KAPFTBRY/", "KAPFTBRY"),
        ("/care/join/?code=GGTBZCQ2YG", "GGTBZCQ2YG"),
        ("/accounts/confirm-email/MjU:1xAbC/", "1xAbC"),
    ],
)
def test_a_code_carried_in_the_idle_locks_next_is_left_out(alice_client: Client, path: str, code: str) -> None:
    # A person whose session went idle opens their therapist's link, a clinic's staff link or an
    # emailed confirmation: the lock sends them on with that address, percent-encoded, in ?next=.
    # That next request line is what the access log keeps, and it held the code in plain.
    session = alice_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    location = alice_client.get(path)["Location"]
    assert location.startswith("/account/locked/?next=") and code in location
    assert code not in redact(f"GET {location} HTTP/1.1")

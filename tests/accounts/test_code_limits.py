"""The invite page slows down guessing: thirty codes that don't work in 15 minutes from one address pause it, kindly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from allauth.core.internal import ratelimit
from django.test import Client, override_settings

from accounts import code_limits
from accounts.invites import SESSION_KEY, invite_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("invite_mode")]


@pytest.fixture
def invite_mode() -> Iterator[None]:
    with override_settings(SIGNUP_MODE="invite"):
        yield


def _miss(client: Client, times: int) -> None:
    for i in range(times):
        page = client.post("/account/invite/", {"code": f"NOPE{i:06d}"}).content.decode()
        assert "That code didn&#x27;t work." in page


def test_after_thirty_wrong_codes_the_page_pauses_and_says_when_to_try_again(client: Client) -> None:
    _miss(client, code_limits.PER_ADDRESS_MISSES)
    invite = invite_create()
    response = client.post("/account/invite/", {"code": invite.code})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Please wait a few minutes" in page and "You could try again in 15 minutes." in page
    assert "keeps everyone's codes safe from guessing" in page
    assert SESSION_KEY not in client.session, "a right code waits too: sign-up stays closed"


def test_a_right_code_after_a_few_wrong_ones_opens_sign_up(client: Client) -> None:
    _miss(client, 4)
    response = client.post("/account/invite/", {"code": invite_create().code})
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/"


def _minutes_later(monkeypatch: pytest.MonkeyPatch, minutes: float) -> None:
    later = time.time() + minutes * 60
    clock = SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", clock)
    monkeypatch.setattr(code_limits, "time", clock)


def test_the_page_counts_down_and_the_pause_ends_after_fifteen_minutes(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _miss(client, code_limits.PER_ADDRESS_MISSES)
    invite = invite_create()
    _minutes_later(monkeypatch, 5)
    page = client.post("/account/invite/", {"code": invite.code}).content.decode()
    assert "You could try again in 10 minutes." in page
    _minutes_later(monkeypatch, 14.9)
    assert "You could try again in 1 minute." in client.post("/account/invite/", {"code": invite.code}).content.decode()
    _minutes_later(monkeypatch, 15.1)
    assert client.post("/account/invite/", {"code": invite.code}).status_code == 302

"""Asking for a password reset sends an email to whatever address is typed, account or not.

allauth's own limit is five a minute for one address, which is some 300 an hour: anyone could fill
a stranger's inbox with Waypoint's emails. An hourly limit per address keeps that to a handful,
and someone who forgot their password still gets more links than they need."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


class _Clock:
    """allauth's rate limiter's clock, moved on by hand: two minutes between requests."""

    def __init__(self) -> None:
        self.now = time.time()
        self.monotonic = time.monotonic
        self.sleep = time.sleep

    def time(self) -> float:
        return self.now


def test_one_address_gets_at_most_ten_reset_emails_an_hour(client: Client) -> None:
    clock = _Clock()
    with mock.patch("allauth.core.internal.ratelimit.time", clock):
        for _ in range(15):
            client.post("/accounts/password/reset/", {"email": "someone@example.com"})
            clock.now += 120
        assert len(mail.outbox) == 10

        clock.now += 60 * 60
        client.post("/accounts/password/reset/", {"email": "someone@example.com"})
    assert len(mail.outbox) == 11


def test_over_the_hourly_limit_the_page_says_the_wait_can_be_up_to_an_hour(client: Client) -> None:
    # The shared pause page said "a few minutes", though the eleventh link could wait most of an hour.
    clock = _Clock()
    with mock.patch("allauth.core.internal.ratelimit.time", clock):
        for _ in range(10):
            assert client.post("/accounts/password/reset/", {"email": "someone@example.com"}).status_code == 302
            clock.now += 120
        response = client.post("/accounts/password/reset/", {"email": "someone@example.com"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "So sending another link is paused for a while, up to an hour." in html
    assert "a few minutes" not in html

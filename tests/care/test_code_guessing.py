"""Guessing a therapist's invitation or a clinic's staff code is slowed down, kindly.

Codes that don't work in a quarter of an hour (ten from one account, thirty from one address) pause
every way a code is tried (accounts/code_limits.py); a right code before that still works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.code_limits import PER_ACCOUNT_MISSES, PER_ADDRESS_MISSES
from care import members
from care.models import Clinic, Link, Membership, StaffInvite
from care.policy import INVITATION_SESSION_KEY
from care.services import invitation_create
from tests.care.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAUSED = "Please wait a few minutes"
WHEN = "You could try again in 15 minutes."
NOT_WORKING = "This code doesn&#x27;t work"


def _code(therapist: Any) -> str:
    return invitation_create(membership=Membership.objects.get(user=therapist)).code


def _staff_invite(clinic: Clinic) -> StaffInvite:
    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    return members.staff_invite_create(clinic=clinic, role="therapist", display_name="Sam Lee", actor=operator)


def _wrong(i: int) -> str:
    return f"WRNG{i:04d}"


# Each way a code is tried: (name, signed in?, how to try a code).
TRIES: list[tuple[str, bool, Callable[[Client, str], Any]]] = [
    ("the link, signed in", True, lambda c, code: c.get(reverse("care:accept", args=[code]))),
    ("the link, signed out", False, lambda c, code: c.get(reverse("care:accept", args=[code]))),
    ("the link's button", True, lambda c, code: c.post(reverse("care:accept", args=[code]))),
    ("the code typed on the care page", True, lambda c, code: c.post(reverse("care:accept_code"), {"code": code})),
    ("the staff link", False, lambda c, code: c.get(reverse("care:join"), {"code": code})),
    ("the staff form", False, lambda c, code: c.post(reverse("care:join"), {"code": code})),
]


@pytest.mark.parametrize(("way", "signed_in", "attempt"), TRIES, ids=[t[0] for t in TRIES])
def test_wrong_codes_pause_every_way_in_even_for_a_right_code(
    way: str, signed_in: bool, attempt: Callable[[Client, str], Any], theo: Any, alice: Any, clinic: Clinic
) -> None:
    # Ten for an account, thirty for an address with nobody signed in.
    client = client_for(alice) if signed_in else Client()
    misses = PER_ACCOUNT_MISSES if signed_in else PER_ADDRESS_MISSES
    for i in range(misses):
        assert attempt(client, _wrong(i)).status_code == 404, way
    paused = attempt(client, _wrong(misses))
    page = paused.content.decode()
    assert paused.status_code == 429 and PAUSED in page and WHEN in page, way
    # A right code waits too, or a guesser could still tell it apart from the wrong ones.
    right = _staff_invite(clinic).invite.code if "staff" in way else _code(theo)
    assert attempt(client, right).status_code == 429, way
    assert not Link.objects.exists() and not Membership.objects.filter(user=alice).exists()
    assert INVITATION_SESSION_KEY not in client.session


def test_a_right_code_after_a_few_wrong_ones_still_works(theo: Any, alice_client: Client, clinic: Clinic) -> None:
    for i in range(3):
        assert alice_client.post(reverse("care:accept_code"), {"code": _wrong(i)}).status_code == 404
    response = alice_client.post(reverse("care:accept_code"), {"code": _code(theo)})
    assert response["Location"] == reverse("care:accept_pending")
    assert alice_client.post(response["Location"]).status_code == 302
    assert Link.objects.get().therapist == theo

    newcomer = Client()
    for i in range(3):
        assert newcomer.get(reverse("care:join"), {"code": _wrong(i)}).status_code == 404
    code = _staff_invite(clinic).invite.code
    assert newcomer.get(reverse("care:join"), {"code": code}).status_code == 200
    assert newcomer.post(reverse("care:join"), {"code": code}).status_code == 302


def test_every_way_in_counts_together(theo: Any) -> None:
    """Thirty tries in all, not thirty on each page: the links and forms lead to the same codes."""
    guesser = Client()
    for i in range(PER_ADDRESS_MISSES // 2):
        guesser.get(reverse("care:accept", args=[_wrong(i)]))
        guesser.get(reverse("care:join"), {"code": _wrong(i)})
    assert guesser.post(reverse("accounts:invite"), {"code": _code(theo)}).status_code == 429


def test_a_signed_in_account_is_paused_from_any_address(theo: Any, alice_client: Client) -> None:
    for i in range(PER_ACCOUNT_MISSES):
        response = alice_client.post(reverse("care:accept_code"), {"code": _wrong(i)}, REMOTE_ADDR=f"198.51.100.{i}")
        assert response.status_code == 404
    fresh = "203.0.113.9"
    assert alice_client.post(reverse("care:accept_code"), {"code": _code(theo)}, REMOTE_ADDR=fresh).status_code == 429
    # Someone else at that address is not held up by her tries.
    assert Client(REMOTE_ADDR=fresh).get(reverse("care:accept", args=[_code(theo)])).status_code == 200


def test_people_behind_one_address_are_not_paused_by_each_others_typos(theo: Any) -> None:
    """A clinic's Wi-Fi: ten people signed in from one address each mistype a code once. The
    eleventh, with the right code, is linked; the address alone pauses only after thirty."""
    shared = "192.0.2.44"
    for _ in range(PER_ACCOUNT_MISSES):
        neighbour = client_for(UserFactory())
        response = neighbour.post(reverse("care:accept_code"), {"code": _wrong(0)}, REMOTE_ADDR=shared)
        assert response.status_code == 404
    latecomer = client_for(UserFactory())
    response = latecomer.post(reverse("care:accept_code"), {"code": _code(theo)}, REMOTE_ADDR=shared)
    assert response["Location"] == reverse("care:accept_pending")


def test_a_code_that_is_not_a_code_is_not_counted(alice_client: Client) -> None:
    """A form with nothing to look up asks again; it never uses up a try."""
    for _ in range(12):
        page = alice_client.post(reverse("care:accept_code"), {"code": "- -"}).content.decode()
        assert "A code is eight letters and numbers." in page
    assert alice_client.post(reverse("care:accept_code"), {"code": _wrong(0)}).status_code == 404


def test_opening_a_link_with_a_right_code_writes_nothing(theo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count is only read on the way in; a GET is never a write (the cache is a table in production)."""
    code = _code(theo)
    client = Client()
    writes: list[str] = []
    for name in ("add", "set", "delete", "incr", "touch"):
        monkeypatch.setattr(cache, name, lambda *args, _name=name, **kwargs: writes.append(_name))
    assert client.get(reverse("care:accept", args=[code])).status_code == 200
    assert writes == []

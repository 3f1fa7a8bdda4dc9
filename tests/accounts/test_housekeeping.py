"""`manage.py housekeeping` tidies away what has expired, off the request path, and only that."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from journal.models import Entry
from journal.services import entry_create, entry_trash
from tests.journal.conftest import sign_in


def _housekeeping() -> str:
    out = StringIO()
    call_command("housekeeping", stdout=out)
    return out.getvalue()


def test_it_empties_only_trash_past_thirty_days_and_twice_is_the_same_as_once(alice: Any, bob: Any) -> None:
    kept = entry_create(author=alice, body="still in the journal")
    recent = entry_trash(entry=entry_create(author=alice, body="trashed yesterday"))
    old = entry_trash(entry=entry_create(author=alice, body="trashed long ago"))
    bobs_old = entry_trash(entry=entry_create(author=bob, body="bob's, long ago"))
    Entry.objects.filter(pk__in=[old.pk, bobs_old.pk]).update(trashed_at=timezone.now() - timedelta(days=31))

    assert "trash: 2" in _housekeeping()
    assert set(Entry.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert "trash: 0" in _housekeeping()
    assert set(Entry.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}


def test_it_clears_expired_sessions_and_keeps_the_ones_in_use(alice: Any) -> None:
    phone, laptop = Client(), Client()
    sign_in(phone, alice.email)
    sign_in(laptop, alice.email)
    # The phone's session ran out; the sessions list still holds its row until housekeeping.
    Session.objects.filter(session_key=phone.session.session_key).update(expire_date=timezone.now() - timedelta(1))

    _housekeeping()
    assert list(Session.objects.values_list("session_key", flat=True)) == [laptop.session.session_key]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [laptop.session.session_key]
    assert laptop.get("/journal/").status_code == 200
    _housekeeping()
    assert laptop.get("/journal/").status_code == 200

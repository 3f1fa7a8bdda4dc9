"""The person can turn "Patterns you might notice" off, and on again; it stays as they left it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from journal.services import entry_create
from progress.models import LookBackPreferences

HEADING = "Patterns you might notice"


def _write_a_pattern(person: Any) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    for urge in (9, 8, 7):
        entry_create(author=person, body="x", written_on=yesterday, urge=urge, tags=["late night"])
    for _ in range(3):
        entry_create(author=person, body="x", written_on=yesterday, urge=1)


def test_patterns_show_by_default_worded_as_something_you_might_notice(alice_client: Client, alice: Any) -> None:
    _write_a_pattern(alice)
    page = alice_client.get("/look-back/?span=4w").content.decode()
    assert HEADING in page
    assert "You might notice that entries tagged “<bdi>late night</bdi>” often come with stronger urges" in page


def test_turning_them_off_hides_them_until_turned_on_again(
    alice_client: Client, alice: Any, bob_client: Client, bob: Any
) -> None:
    _write_a_pattern(alice)
    _write_a_pattern(bob)
    response = alice_client.post("/look-back/patterns/", {"shown": "0", "span": "4w"})
    assert response.status_code == 302
    assert response["Location"] == "/look-back/?span=4w#look-back-patterns-heading"
    page = alice_client.get("/look-back/?span=4w").content.decode()
    assert "late night" not in page and "You turned this part off." in page
    assert "late night" in bob_client.get("/look-back/?span=4w").content.decode()  # only hers is off

    alice_client.post("/look-back/patterns/", {"shown": "1", "span": "nonsense"})
    assert "late night" in alice_client.get("/look-back/?span=4w").content.decode()
    assert LookBackPreferences.objects.get(owner=alice).show_patterns is True


def test_a_get_changes_nothing(alice_client: Client, alice: Any) -> None:
    assert alice_client.get("/look-back/patterns/?shown=0").status_code == 405
    assert not LookBackPreferences.objects.filter(owner=alice).exists()

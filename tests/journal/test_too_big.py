"""A body over Django's upload limit (DATA_UPLOAD_MAX_MEMORY_SIZE) gets the editor's own kind
"too long" message, never the generic 400 page, and the editor's text is not replaced (issue 11)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from journal.models import Entry
from journal.selectors import entry_texts
from journal.services import entry_create
from tests.journal.test_editor import form_data

HUGE = "a long night, " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 14 + 1000)


@pytest.fixture
def csrf_client(alice: Any) -> Client:
    """CSRF checks on, as in a browser: the check is what reads the body first."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get("/journal/new/")
    return client


def _post(client: Client, url: str, data: dict[str, Any], **headers: str) -> Any:
    token = client.cookies["csrftoken"].value
    body = urlencode({**data, "csrfmiddlewaretoken": token})
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return client.post(url, body, content_type="application/x-www-form-urlencoded", headers=headers)


@pytest.mark.parametrize("url", ["/journal/new/", "/journal/autosave/"])
def test_an_htmx_save_over_the_limit_says_too_long_in_the_status_line_only(
    csrf_client: Client, alice: Any, url: str
) -> None:
    response = _post(csrf_client, url, form_data(body=HUGE), **{"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert response["HX-Retarget"] == "#save-status" and response["HX-Reswap"] == "outerHTML"
    assert 'data-status="invalid"' in page
    assert "longer than one entry can hold (up to 100,000 characters)" in page
    assert "Everything you wrote is still here" in page
    assert "<textarea" not in page  # the editor's text in the browser is left as it is
    assert not Entry.objects.filter(owner=alice).exists()


def test_a_full_page_save_over_the_limit_explains_instead_of_a_generic_error(csrf_client: Client, alice: Any) -> None:
    entry = entry_create(author=alice, body="What was saved before")
    response = _post(csrf_client, f"/journal/{entry.id}/edit/", form_data(entry.id, entry.version, body=HUGE))
    page = response.content.decode()
    assert response.status_code == 413
    assert "This is too long to save" in page
    assert "Your text is still on the page you came from" in page
    assert "That didn&#x27;t go through" not in page
    entry.refresh_from_db()
    assert entry_texts(user=alice, entry=entry).body == "What was saved before"


def test_a_beacon_over_the_limit_is_refused_quietly(alice_client: Client, alice: Any) -> None:
    # navigator.sendBeacon posts multipart form data; the page is gone, so only the status matters.
    response = alice_client.post("/journal/autosave/", form_data(uuid.uuid4(), body=HUGE))
    assert response.status_code == 413
    assert not Entry.objects.filter(owner=alice).exists()


def test_other_pages_keep_the_generic_answer(csrf_client: Client) -> None:
    response = _post(csrf_client, "/journal/search/", {"q": HUGE})
    assert response.status_code == 400
    assert "That didn&#x27;t go through" in response.content.decode()


def test_a_forged_post_over_the_limit_writes_nothing(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    body = urlencode(form_data(body=HUGE))
    response = client.post("/journal/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {403, 413}  # turned away, whichever check comes first
    assert not Entry.objects.filter(owner=alice).exists()

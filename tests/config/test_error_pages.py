from __future__ import annotations

import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.views.debug import SafeExceptionReporterFilter

from accounts.models import User
from config import errors
from config import urls as site_urls


def _explode(request: HttpRequest) -> HttpResponse:
    note = request.POST.get("note", "")
    raise RuntimeError("boom " + str(len(note)))


urlpatterns = [path("explode/", _explode), *site_urls.urlpatterns]

handler500 = errors.server_error
handler403 = errors.permission_denied
handler400 = errors.bad_request


@pytest.mark.django_db
def test_a_missing_page_uses_waypoints_layout(client: Client) -> None:
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We couldn&#x27;t find that page" in html
    # Kind, and no blame: it never suggests the person mistyped anything.
    assert "It may have moved, or it may no longer be here." in html
    assert "mistyped" not in html
    assert 'id="crisis-strip"' in html
    assert "<title>Waypoint</title>" in html


@pytest.mark.django_db
def test_asking_for_a_reset_link_too_often_pauses_on_a_calm_page(client: Client, alice: User) -> None:
    # allauth's own pause was a bare page in English: "429 Too Many Requests ... Please try again
    # later", titled "Too Many Requests", without the crisis strip, the layout or a way on.
    for _ in range(5):
        assert client.post("/accounts/password/reset/", {"email": alice.email}).status_code == 302
    response = client.post("/accounts/password/reset/", {"email": alice.email})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too Many Requests" not in html
    assert "That was a lot of tries in a row" in html
    # Ten an hour to one address: the wait can be up to an hour, never "a few minutes".
    assert "So sending another link is paused for a while, up to an hour." in html
    assert "a few minutes" not in html
    assert 'id="crisis-strip"' in html
    assert "<title>Waypoint</title>" in html
    assert '<a href="/">Go to the home page</a>' in html


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_a_server_error_shows_a_calm_page_and_never_the_persons_words(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client(raise_request_exception=False)
    sentinel = "SENTINEL-the words I wrote tonight"
    with caplog.at_level(logging.ERROR):
        response = client.post("/explode/", {"note": sentinel})
    html = response.content.decode()
    assert response.status_code == 500
    assert "It wasn&#x27;t anything you did" in html
    assert 'id="crisis-strip"' in html
    assert "Traceback" not in html
    assert sentinel not in html
    assert sentinel not in caplog.text


@pytest.mark.django_db
def test_a_csrf_failure_explains_kindly(alice: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post("/account/settings/", {"region": "GB"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "This form timed out" in html
    # An invitation, and the same reassurance as every other error page: nothing saved is lost.
    assert "What you saved before is safe. You could go back" in html
    assert 'id="crisis-strip"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/look-back/victories/add/", {"kind": "other", "about_on": "2026-03-04", "note": "I asked for help"}),
        ("/safety/plan/warning_signs/", {"body": "When I stop answering texts", "obstacles": ""}),
    ],
)
def test_a_timed_out_form_from_our_own_page_gives_the_words_back(alice: User, url: str, data: dict[str, str]) -> None:
    """Without JavaScript, a page drawn before signing in again elsewhere sends a token no longer
    this browser's; going back may not bring the words back, as no page here is cached."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    strict.get("/")  # the browser's token, which the form below does not carry
    words = next(value for name, value in data.items() if name in {"note", "body"})
    response = strict.post(url, {**data, "csrfmiddlewaretoken": "x" * 32}, headers={"Origin": "http://testserver"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "This form timed out" in html
    assert f'readonly rows="12" dir="auto" data-unsent>{words}</textarea>' in html
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert reported["note" if "note" in data else "body"] == SafeExceptionReporterFilter.cleansed_substitute
    # Sent from another site, nothing it sent stands on a Waypoint page.
    response = strict.post(
        url, {**data, "csrfmiddlewaretoken": "x" * 32}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.status_code == 403
    assert words not in response.content.decode()


def test_error_reports_hide_every_posted_value() -> None:
    from django.test import RequestFactory

    from config.reporting import PrivateExceptionReporterFilter

    request = RequestFactory().post("/journal/new/", {"body": "my private words", "mood": "2"})
    cleaned = PrivateExceptionReporterFilter().get_post_parameters(request)
    assert "my private words" not in str(cleaned)
    assert set(cleaned) == {"body", "mood"}


def _forbidden(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _bad(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad")


urlpatterns += [path("forbidden/", _forbidden), path("bad/", _bad)]


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_forbidden_and_bad_request_pages_use_the_layout(client: Client) -> None:
    for url, status, heading in [
        ("/forbidden/", 403, "This page isn&#x27;t open to you"),
        ("/bad/", 400, "That didn&#x27;t go through"),
    ]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == status
        assert heading in html
        assert 'id="crisis-strip"' in html


@pytest.mark.django_db
@pytest.mark.urls("tests.config.test_error_pages")
def test_when_the_database_is_down_the_error_page_still_shows_the_emergency_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def no_database(self: BaseDatabaseWrapper, *args: object, **kwargs: object) -> None:
        raise OperationalError("the database is down")

    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-cannot-load"
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", no_database)
    response = client.get("/explode/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "911" in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_reloading_an_address_only_a_form_sends_to_shows_a_calm_page(alice_client: Client) -> None:
    # A restored tab or a reload after "Look for patterns" asks for it with GET; Django's
    # require_POST answers with an empty 405, which the browser shows as its own blank error.
    response = alice_client.get("/look-back/patterns/")
    html = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This page opens from a form" in html
    assert 'id="crisis-strip"' in html
    assert "Go to the home page" in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_same_page_for_someone_signed_out(client: Client) -> None:
    response = client.get("/safety/leave/beacon/")
    assert response.status_code == 405
    assert "This page opens from a form" in response.content.decode()
    assert "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_request_the_wrong_way_is_left_as_it_was(alice_client: Client) -> None:
    # A fragment request never gets a whole page swapped into the page someone is looking at.
    response = alice_client.get("/look-back/patterns/", headers={"HX-Request": "true"})
    assert response.status_code == 405
    assert response.content == b""

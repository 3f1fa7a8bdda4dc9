"""A therapist's link opened before signing in: the session keeps which invitation it was, never
its code, and signing in or up leads back to a page that reads it from there."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.sessions import SessionStore
from care import services
from care.models import Clinic, Invitation, Link, Membership
from care.policy import INVITATION_SESSION_KEY
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PENDING = "/care/invitation/"
NEW_PERSON = {
    "email": "sam@example.com",
    "password1": "a long gentle password 9",
    "password2": "a long gentle password 9",
}


@pytest.fixture
def invitation(theo: Any) -> Invitation:
    return services.invitation_create(membership=Membership.objects.get(user=theo))


def _stored_sessions() -> list[tuple[str, dict[str, Any]]]:
    """Every session row as a copy of the database holds it: the stored text and what it decodes to."""
    return [(row.session_data, SessionStore().decode(row.session_data)) for row in Session.objects.all()]


def _assert_no_session_holds(code: str) -> None:
    rows = _stored_sessions()
    assert rows, "there is a session to look at"
    for stored, decoded in rows:
        assert code not in stored and code.lower() not in stored
        assert code not in str(decoded) and code.lower() not in str(decoded), decoded


def _confirm_email(client: Client) -> Any:
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(mail.outbox[-1].body))
    assert found is not None
    return client.post(found.group(1))


def test_opening_the_link_keeps_the_invitations_id_in_the_session_not_its_code(
    client: Client, invitation: Invitation
) -> None:
    assert client.get(f"/care/accept/{invitation.code}/").status_code == 200
    _assert_no_session_holds(invitation.code)
    [(_stored, decoded)] = _stored_sessions()
    assert decoded[INVITATION_SESSION_KEY] == str(invitation.pk)


def test_a_code_typed_on_the_invite_page_is_kept_by_its_id_too(client: Client, invitation: Invitation) -> None:
    response = client.post("/account/invite/", {"code": invitation.code.lower()})
    assert response["Location"] == PENDING
    _assert_no_session_holds(invitation.code)
    assert "Link with <bdi>Theo Park</bdi>?" in client.get(PENDING).content.decode()


@override_settings(SIGNUP_MODE="open")
def test_link_then_sign_up_then_confirm_leads_to_the_invitation_and_yes_links(
    client: Client, invitation: Invitation, theo: Any
) -> None:
    page = client.get(f"/care/accept/{invitation.code}/").content.decode()
    sign_up = re.search(r'href="(/accounts/signup/\?[^"]+)"', page)
    assert sign_up is not None and invitation.code not in sign_up.group(1)
    client.post(sign_up.group(1).replace("&amp;", "&"), NEW_PERSON)
    _assert_no_session_holds(invitation.code)

    confirmed = _confirm_email(client)
    assert confirmed["Location"] == PENDING
    _assert_no_session_holds(invitation.code)
    page = client.get(PENDING).content.decode()
    assert "Link with <bdi>Theo Park</bdi>?" in page
    assert f'action="{PENDING}"' in page

    assert client.post(PENDING)["Location"] == "/care/"
    sam = User.objects.get(email="sam@example.com")
    assert Link.objects.filter(person=sam, therapist=theo, ended_at__isnull=True).exists()
    assert "You are linked." in client.get("/care/").content.decode()
    assert INVITATION_SESSION_KEY not in client.session
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_confirming_in_another_browser_still_leads_to_the_invitation(invitation: Invitation, theo: Any) -> None:
    # On a phone: the therapist's link and sign-up in the phone's browser, then the confirmation
    # email's link opens in the mail app's own browser, which never saw the therapist's link.
    phone_browser, mail_app = Client(), Client()
    page = phone_browser.get(f"/care/accept/{invitation.code}/").content.decode()
    sign_up = re.search(r'href="(/accounts/signup/\?[^"]+)"', page)
    assert sign_up is not None
    phone_browser.post(sign_up.group(1).replace("&amp;", "&"), NEW_PERSON)
    sam = User.objects.get(email="sam@example.com")

    _confirm_email(mail_app)
    signed_in = mail_app.post("/accounts/login/", {"login": sam.email, "password": NEW_PERSON["password1"]})
    assert signed_in["Location"] == PENDING
    assert "Link with <bdi>Theo Park</bdi>?" in mail_app.get(PENDING).content.decode()
    assert not Link.objects.filter(person=sam).exists(), "opening the page is not saying yes"
    mail_app.post(PENDING)
    assert Link.objects.filter(person=sam, therapist=theo, ended_at__isnull=True).exists()
    # Answered now: the next sign-in goes on as usual.
    mail_app.logout()
    again = mail_app.post("/accounts/login/", {"login": sam.email, "password": NEW_PERSON["password1"]})
    assert again["Location"] != PENDING


def test_an_invitation_another_account_signed_up_through_is_not_offered(
    invitation: Invitation, alice: Any, alice_client: Client
) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(signed_up=User.objects.create_user(email="x@example.com"))
    assert alice_client.get(PENDING).status_code == 404


def test_link_then_sign_in_leads_to_the_invitation_and_yes_links(
    client: Client, invitation: Invitation, theo: Any, alice: Any
) -> None:
    page = client.get(f"/care/accept/{invitation.code}/").content.decode()
    sign_in = re.search(r'href="(/accounts/login/\?[^"]+)"', page)
    assert sign_in is not None
    signed_in = client.post(sign_in.group(1), {"login": alice.email, "password": PASSWORD})
    assert signed_in["Location"] == PENDING
    _assert_no_session_holds(invitation.code)

    assert "Yes, link us" in client.get(PENDING).content.decode()
    assert not Link.objects.filter(person=alice).exists(), "opening the page is not saying yes"
    client.post(PENDING)
    assert Link.objects.filter(person=alice, therapist=theo, ended_at__isnull=True).exists()
    # Used now: going back to the page says they are linked (not "we can't find it"), never a second link.
    again = client.post(PENDING)
    assert again.status_code == 302 and again["Location"] == "/care/"
    assert "You are already linked with Theo Park." in client.get("/care/").content.decode()
    assert Link.objects.filter(person=alice).count() == 1


def test_signing_in_from_the_invite_page_without_next_also_leads_back(
    client: Client, invitation: Invitation, alice: Any
) -> None:
    client.get(f"/care/accept/{invitation.code}/")
    assert client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})["Location"] == PENDING


def test_signed_out_the_page_asks_to_sign_in_first(client: Client, invitation: Invitation) -> None:
    client.get(f"/care/accept/{invitation.code}/")
    page = client.get(PENDING).content.decode()
    assert "Link with <bdi>Theo Park</bdi>?" in page and "I already have an account" in page
    assert "Yes, link us" not in page
    response = client.post(PENDING)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_saying_yes_after_being_signed_out_leads_back_without_the_code(
    client: Client, invitation: Invitation, alice: Any
) -> None:
    # The page was open when the idle lock ended the session; "Yes" now asks to sign in first.
    response = client.post(f"/care/accept/{invitation.code}/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/care/invitation/"
    _assert_no_session_holds(invitation.code)
    signed_in = client.post(response["Location"], {"login": alice.email, "password": PASSWORD})
    assert signed_in["Location"] == PENDING
    assert "Yes, link us" in client.get(PENDING).content.decode()


def test_with_nothing_kept_the_page_says_so_kindly(client: Client, alice_client: Client) -> None:
    for who in (client, alice_client):
        response = who.get(PENDING)
        assert response.status_code == 404
        page = response.content.decode()
        assert "We can't find your invitation" in page
        assert "open the link from your therapist again" in page
    assert alice_client.post(PENDING).status_code == 404
    assert not Link.objects.exists()


@pytest.mark.parametrize("change", ["expired", "used", "cancelled"])
def test_an_invitation_that_stopped_working_gets_the_kind_message(
    client: Client, invitation: Invitation, alice: Any, bob: Any, theo_client: Client, change: str
) -> None:
    client.get(f"/care/accept/{invitation.code}/")
    client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    if change == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif change == "used":
        services.invitation_accept(code=invitation.code, person=bob)
    else:
        theo_client.post(f"/care/clients/invite/{invitation.pk}/cancel/")
    for response in (client.get(PENDING), client.post(PENDING)):
        assert response.status_code == 404
        assert "We can't find your invitation" in response.content.decode()
    assert not Link.objects.filter(person=alice).exists()


def test_only_someone_who_could_say_yes_sees_it(invitation: Invitation, theo: Any, alice: Any, clinic: Clinic) -> None:
    # The therapist who made it, signed in on a browser that opened it: not theirs to accept.
    own = Client()
    own.get(f"/care/accept/{invitation.code}/")
    own.post("/accounts/login/", {"login": theo.email, "password": PASSWORD})
    assert own.get(PENDING).status_code == 404
    assert own.post(PENDING).status_code == 404

    # On an invite-only server it opened sign-up for Sam; Alice's browser opened it too.
    clinic.invite_only = True
    clinic.save()
    alices = Client()
    alices.get(f"/care/accept/{invitation.code}/")
    sams = Client()
    sams.get(f"/care/accept/{invitation.code}/")
    sams.post("/accounts/signup/", NEW_PERSON)
    alices.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert alices.get(PENDING).status_code == 404
    assert alices.post(PENDING).status_code == 404
    assert not Link.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None and invitation.signed_up == User.objects.get(email="sam@example.com")


def test_a_session_from_before_that_holds_a_code_fails_gently(
    client: Client, invitation: Invitation, theo: Any, alice: Any, clinic: Clinic
) -> None:
    clinic.invite_only = True
    clinic.save()
    session = client.session
    session[INVITATION_SESSION_KEY] = invitation.code  # as the version before kept it
    session.save()

    # Nothing breaks: the page says it can't find the invitation, and sign-up stays as the server has it.
    response = client.get(PENDING)
    assert response.status_code == 404
    assert "We can't find your invitation" in response.content.decode()
    assert client.get("/accounts/signup/").status_code == 200
    client.post("/accounts/signup/", NEW_PERSON)
    assert not User.objects.filter(email="sam@example.com").exists()

    # Opening the link again puts the id in place of the code, and the way back works.
    client.get(f"/care/accept/{invitation.code}/")
    _assert_no_session_holds(invitation.code)
    assert client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})["Location"] == PENDING
    client.post(PENDING)
    assert Link.objects.filter(person=alice, therapist=theo).exists()


def test_a_session_from_before_does_not_lead_somewhere_odd_after_signing_in(
    client: Client, invitation: Invitation, alice: Any
) -> None:
    session = client.session
    session[INVITATION_SESSION_KEY] = invitation.code
    session.save()
    signed_in = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] != PENDING
    assert client.get(signed_in["Location"]).status_code == 200


def _writes_on_opening(client: Client) -> list[str]:
    found = []
    for _visit in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PENDING).status_code == 200
        found += [q["sql"] for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])]
    return found


def test_opening_the_page_writes_nothing_signed_out_or_in(client: Client, invitation: Invitation, alice: Any) -> None:
    client.get(f"/care/accept/{invitation.code}/")
    assert _writes_on_opening(client) == []
    client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    client.get("/")  # the first page after signing in notes the time for the idle lock (accounts/middleware.py)
    assert _writes_on_opening(client) == []
    invitation.refresh_from_db()
    assert invitation.used_at is None

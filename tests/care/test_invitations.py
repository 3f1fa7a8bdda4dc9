"""A therapist's invitation: one person, one link, and the therapist can take it back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from care import services
from care.models import AuditEvent, Clinic, Invitation, Link, Membership, invitation_code_hash
from tests.care.conftest import client_for

pytestmark = pytest.mark.django_db


def _password(email: str) -> dict[str, str]:
    return {"email": email, "password1": "a long gentle password 9", "password2": "a long gentle password 9"}


@pytest.fixture
def invitation(theo: Any) -> Invitation:
    return services.invitation_create(membership=Membership.objects.get(user=theo))


@pytest.fixture
def invite_only(clinic: Clinic) -> Clinic:
    clinic.invite_only = True
    clinic.save()
    return clinic


def test_signed_out_the_link_says_who_invited_you_and_how_to_go_on(client: Client, invitation: Invitation) -> None:
    response = client.get(f"/care/accept/{invitation.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Link with <bdi>Theo Park</bdi>?" in page
    assert "<bdi>Harbour Clinic</bdi> invited you." in page
    # Both lead back to the invitation the session names: the code stays out of their addresses.
    back = "next=%2Fcare%2Finvitation%2F"
    assert f'href="/accounts/signup/?{back}"' in page
    assert f'href="/accounts/login/?{back}"' in page
    assert invitation.code not in page.replace(f"/care/accept/{invitation.code}/", "")
    assert "Yes, link us" not in page, "saying yes needs an account"


def test_a_link_opens_sign_up_once_on_an_invite_only_server(invite_only: Clinic, invitation: Invitation) -> None:
    first, second = Client(), Client()
    first.get(f"/care/accept/{invitation.code}/")
    second.get(f"/care/accept/{invitation.code}/")
    first.post("/accounts/signup/", _password("sam@example.com"))
    sam = User.objects.get(email="sam@example.com")
    invitation.refresh_from_db()
    assert invitation.signed_up == sam

    second.post("/accounts/signup/", _password("someone@example.com"))
    assert not User.objects.filter(email="someone@example.com").exists(), "a forwarded link is not an open door"
    page = Client().get(f"/care/accept/{invitation.code}/").content.decode()
    assert "Create an account" not in page
    assert "I already have an account" in page


def test_only_the_account_the_link_made_can_accept_it(
    invite_only: Clinic, invitation: Invitation, theo: Any, alice: Any
) -> None:
    newcomer = Client()
    newcomer.get(f"/care/accept/{invitation.code}/")
    newcomer.post("/accounts/signup/", _password("sam@example.com"))
    sam = User.objects.get(email="sam@example.com")

    assert client_for(alice).post(f"/care/accept/{invitation.code}/").status_code == 404
    assert not Link.objects.filter(person=alice).exists()
    response = client_for(sam).post(f"/care/accept/{invitation.code}/")
    assert response.status_code == 302
    assert Link.objects.filter(person=sam, therapist=theo, ended_at__isnull=True).exists()


def test_a_code_read_out_loud_works_on_the_invite_code_page(invite_only: Clinic, invitation: Invitation) -> None:
    newcomer = Client()
    response = newcomer.post("/account/invite/", {"code": invitation.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == "/care/invitation/", "the code it was typed as stays out of the address"
    assert "Link with <bdi>Theo Park</bdi>?" in newcomer.get(response["Location"]).content.decode()
    newcomer.post("/accounts/signup/", _password("sam@example.com"))
    assert User.objects.filter(email="sam@example.com").exists()

    body = str(mail.outbox[-1].body)
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body)
    assert confirm is not None
    assert newcomer.post(confirm.group(1))["Location"] == "/care/invitation/"


def test_a_therapist_takes_back_a_code_and_it_stops_working(
    theo: Any, theo_client: Client, invitation: Invitation, alice_client: Client
) -> None:
    page = theo_client.get("/care/clients/").content.decode()
    assert "Take back the code made" in page
    response = theo_client.post(reverse("care:invitation_cancel", args=[invitation.id]))
    assert response.status_code == 302
    assert "That code no longer works." in theo_client.get(response["Location"]).content.decode()
    assert alice_client.post(f"/care/accept/{invitation.code}/").status_code == 404
    event = AuditEvent.objects.get(action="invitation_cancelled")
    assert (event.actor, event.target) == (theo, str(invitation.id))


def test_nobody_else_can_take_back_a_therapists_code(
    invitation: Invitation, tess: Any, uma: Any, ada: Any, alice: Any
) -> None:
    for other in (tess, uma, ada, alice):
        assert client_for(other).post(reverse("care:invitation_cancel", args=[invitation.id])).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_a_used_code_cannot_be_taken_back_and_the_therapist_reads_why(
    invitation: Invitation, theo_client: Client, alice: Any
) -> None:
    services.invitation_accept(code=invitation.code, person=alice)
    # Said yes to while the therapist's page was still open: not a bare "we couldn't find that page".
    response = theo_client.post(reverse("care:invitation_cancel", args=[invitation.id]))
    assert response.status_code == 302 and response["Location"] == "/care/clients/"
    page = theo_client.get("/care/clients/").content.decode()
    assert "That code was used already, so it can" in page and "That code no longer works." not in page
    assert Link.objects.filter(person=alice, ended_at__isnull=True).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_taking_back_a_code_twice_says_it_no_longer_works_both_times(
    invitation: Invitation, theo_client: Client, tess: Any
) -> None:
    url = reverse("care:invitation_cancel", args=[invitation.id])
    theo_client.post(url)
    theo_client.get("/care/clients/")
    # A second tap, or the same button in a second tab: it is done, not "not found".
    again = theo_client.post(url)
    assert again.status_code == 302
    assert "That code no longer works." in theo_client.get("/care/clients/").content.decode()
    assert AuditEvent.objects.filter(action="invitation_cancelled").count() == 1
    assert client_for(tess).post(url).status_code == 404, "a colleague learns nothing of it"


@override_settings(SIGNUP_MODE="open")
def test_on_an_open_server_the_link_is_still_one_persons(client: Client, invitation: Invitation, alice: Any) -> None:
    client.get(f"/care/accept/{invitation.code}/")
    client.post("/accounts/signup/", _password("sam@example.com"))
    assert client_for(alice).post(f"/care/accept/{invitation.code}/").status_code == 404


@pytest.mark.django_db
def test_a_code_with_a_nul_byte_or_dashes_is_read_as_letters_and_digits(alice_client: Client) -> None:
    # Found by the fuzz suite on PostgreSQL, which refuses a NUL byte in a query: a kind 404 instead.
    assert alice_client.get("/care/accept/AB%00CD/").status_code == 404
    assert alice_client.get("/account/invite/?code=%00").status_code in {200, 302}
    assert services.code_clean(" ab-cd\x00 12 ") == "ABCD12"


@pytest.mark.django_db
def test_a_typed_code_with_no_letters_or_digits_gets_a_kind_message(alice_client: Client) -> None:
    response = alice_client.post("/care/accept/", {"code": "- -"})
    assert response.status_code == 200
    assert "A code is eight letters and numbers." in response.content.decode()


def test_the_database_holds_no_code_that_works(theo: Any, alice_client: Client) -> None:
    invitation = services.invitation_create(membership=Membership.objects.get(user=theo))
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert invitation.code not in str(stored)
    # What a copied database holds, tried as a code, opens nothing.
    assert alice_client.post(f"/care/accept/{stored['code_hash']}/").status_code == 404
    assert alice_client.post(f"/care/accept/{stored['code_hash'][:8].upper()}/").status_code == 404
    assert not Link.objects.exists()


def test_the_new_code_is_shown_once_to_the_therapist_who_made_it(theo_client: Client) -> None:
    made = theo_client.post(reverse("care:invitation_create")).content.decode()
    invitation = Invitation.objects.get()
    code = re.search(r'class="care-code">([A-Z0-9]+)<', made)
    assert code is not None
    assert invitation.code_hash == invitation_code_hash(code.group(1))
    later = theo_client.get("/care/clients/").content.decode()
    assert code.group(1) not in later
    assert "Take back the code made" in later


def test_a_code_works_once_and_then_gets_the_kind_message(invitation: Invitation, alice: Any, bob: Any) -> None:
    response = client_for(alice).post(f"/care/accept/{invitation.code.lower()}/")
    assert response.status_code == 302
    assert Link.objects.filter(person=alice, therapist=invitation.therapist).exists()
    again = client_for(bob).post(f"/care/accept/{invitation.code}/")
    assert again.status_code == 404
    assert "This code doesn" in again.content.decode()
    wrong = client_for(bob).get("/care/accept/ABCDEFGH/")
    assert "This code doesn" in wrong.content.decode()


# --- Said yes already: Back, a second tab, the link opened again -----------------------------------

ALREADY = "You are already linked with <bdi>Theo Park</bdi>"


def test_the_link_opened_again_after_saying_yes_says_they_are_linked(invitation: Invitation, alice: Any) -> None:
    alice_client = client_for(alice)
    assert alice_client.post(f"/care/accept/{invitation.code}/").status_code == 302
    # Back to the question, or the link in the email tapped again: no "ask for a new code".
    response = alice_client.get(f"/care/accept/{invitation.code}/")
    page = response.content.decode()
    assert response.status_code == 200 and ALREADY in page and "This code doesn" not in page
    assert 'href="/care/"' in page and "Yes, link us" not in page
    # The same code typed on the care page, or "Yes" pressed again in a tab still open on the question.
    typed = alice_client.post(reverse("care:accept_code"), {"code": invitation.code})
    assert typed.status_code == 302 and typed["Location"] == "/care/"
    pressed = alice_client.post(f"/care/accept/{invitation.code}/")
    assert pressed.status_code == 302 and pressed["Location"] == "/care/"
    assert "You are already linked with Theo Park." in alice_client.get("/care/").content.decode()
    assert Link.objects.filter(person=alice).count() == 1


def test_back_to_the_invitation_or_a_second_tab_after_saying_yes_says_they_are_linked(
    invitation: Invitation, alice: Any
) -> None:
    alice_client = client_for(alice)
    alice_client.post(reverse("care:accept_code"), {"code": invitation.code})
    pending = reverse("care:accept_pending")
    second_tab = alice_client.get(pending).content.decode()
    assert "Link with <bdi>Theo Park</bdi>?" in second_tab
    assert alice_client.post(pending)["Location"] == "/care/"

    back = alice_client.get(pending)
    assert back.status_code == 200 and ALREADY in back.content.decode()
    pressed = alice_client.post(pending)
    assert pressed.status_code == 302 and pressed["Location"] == "/care/"
    assert "You are already linked with Theo Park." in alice_client.get("/care/").content.decode()


def test_someone_else_with_a_used_code_still_reads_that_it_does_not_work(
    invitation: Invitation, alice: Any, bob: Any
) -> None:
    client_for(alice).post(f"/care/accept/{invitation.code}/")
    page = client_for(bob).get(f"/care/accept/{invitation.code}/").content.decode()
    assert "This code doesn" in page and "Theo Park" not in page


def test_after_ending_the_link_the_used_code_is_spent_not_a_way_back(invitation: Invitation, alice: Any) -> None:
    alice_client = client_for(alice)
    alice_client.post(f"/care/accept/{invitation.code}/")
    link = Link.objects.get(person=alice)
    alice_client.post(reverse("care:link_end", args=[link.id]))
    assert "This code doesn" in alice_client.get(f"/care/accept/{invitation.code}/").content.decode()
    back = alice_client.get(reverse("care:accept_pending")).content.decode()
    assert "We can" in back and ALREADY not in back


def test_a_therapist_checking_their_own_link_reads_that_it_is_for_their_client(
    invitation: Invitation, theo_client: Client
) -> None:
    # Not "This code doesn't work ... your therapist can make you a new one": it still works.
    for response in (
        theo_client.get(f"/care/accept/{invitation.code}/"),
        theo_client.post(f"/care/accept/{invitation.code}/"),
        theo_client.post(reverse("care:accept_code"), {"code": invitation.code}),
    ):
        page = response.content.decode()
        assert "This is a code you made" in page and "This code doesn" not in page
        assert 'href="/care/clients/"' in page and "Yes, link us" not in page
    assert not Link.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_signed_out_a_used_code_says_signing_in_shows_a_link_already_made(
    invitation: Invitation, alice: Any, client: Client
) -> None:
    # The email's link opened again on another device, signed out: "This code doesn't work" with
    # no word that the person may simply be linked already.
    client_for(alice).post(f"/care/accept/{invitation.code}/")
    response = client.get(f"/care/accept/{invitation.code}/")
    page = response.content.decode()
    assert response.status_code == 404 and "This code doesn" in page
    assert "Said yes to it already? Then you are linked:" in page
    assert '<a href="/accounts/login/?next=%2Fcare%2F">sign in</a>' in page
    assert "Theo Park" not in page, "nothing says whose code it was"

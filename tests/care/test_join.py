"""Joining a clinic as a therapist is its own path: the admin's link, a therapist welcome, the clients page."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.test import Client, override_settings

from accounts.models import User
from care import members
from care.models import Clinic, Membership, StaffInvite
from tests.care.conftest import client_for, member
from tests.care.test_staff_invites import _formsets
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long gentle password 9"
SIGNUP = {"email": "sam@example.com", "password1": PASSWORD, "password2": PASSWORD}


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(email="op@example.com", is_staff=True, is_superuser=True)


def _invite(clinic: Clinic, operator: Any, role: str = "therapist", name: str = "Sam Lee") -> StaffInvite:
    return members.staff_invite_create(clinic=clinic, role=role, display_name=name, actor=operator)


def _admin_link(operator: Any, clinic: Clinic) -> str:
    """The link exactly as the clinic's admin page gives it, once, when the invite is made there."""
    admin = client_for(operator)
    made = admin.post(
        f"/admin/care/clinic/{clinic.pk}/change/",
        {"name": clinic.name, "key": clinic.key, "quick_exit_url": "", "idle_timeout_minutes": ""}
        | _formsets(role="therapist", display_name="Sam Lee"),
    )
    page = admin.get(made["Location"]).content.decode()
    found = re.search(r'href="(http://testserver/care/join/\?code=[A-Z0-9]+)"', page)
    assert found is not None, "the admin page shows a whole link to copy"
    return found.group(1)


def _confirm_email(newcomer: Client) -> str:
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(mail.outbox[-1].body))
    assert confirm is not None
    response = newcomer.post(confirm.group(1))
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize("signup_mode", ["invite", "open"])
def test_an_invited_therapist_signs_up_through_the_link_and_lands_on_their_clients_page(
    operator: Any, clinic: Clinic, signup_mode: str
) -> None:
    link = _admin_link(operator, clinic)
    newcomer = Client()
    with override_settings(SIGNUP_MODE=signup_mode):
        page = newcomer.get(link.removeprefix("http://testserver")).content.decode()
        assert "Join <bdi>Harbour Clinic</bdi> on Waypoint" in page
        assert (
            "<bdi>Harbour Clinic</bdi> invited you as a therapist. Your clients will see you as <bdi>Sam Lee</bdi>."
        ) in page
        assert "Waypoint sends no alerts" in page

        code = re.search(r"code=([A-Z0-9]+)", link).group(1)  # type: ignore[union-attr]
        response = newcomer.post("/care/join/", {"code": code})
        assert response["Location"] == "/accounts/signup/?" + urlencode({"next": "/care/clients/", "code": code})
        signup = newcomer.get(response["Location"])
        assert signup.status_code == 200, "sign-up is open for this invite, even on an invite-only server"
        words = html.unescape(signup.content.decode())
        assert "<h1>You're joining Harbour Clinic as a therapist</h1>" in words
        assert "Your clients will see you as Sam Lee." in words
        assert "Your journal is private" not in words, "the sign-up page is not the client's welcome"
        newcomer.post(response["Location"], {**SIGNUP, "next": "/care/clients/"})

        landed = _confirm_email(newcomer)
    assert landed == "/care/clients/", "the therapist lands on their own page, not the client check-in"
    sam = User.objects.get(email="sam@example.com")
    membership = Membership.objects.get(user=sam)
    assert (membership.clinic, membership.role, membership.display_name) == (clinic, "therapist", "Sam Lee")
    dashboard = newcomer.get(landed).content.decode()
    assert "Welcome, <bdi>Sam Lee</bdi>" in dashboard
    assert "Make a code below for a client" in dashboard
    assert "How are you" not in dashboard and "check-in" not in dashboard.lower()


def test_an_invited_admin_lands_on_the_audit_log(operator: Any, clinic: Clinic) -> None:
    staff_invite = _invite(clinic, operator, role="admin", name="Ada")
    newcomer = Client()
    page = newcomer.get(f"/care/join/?code={staff_invite.invite.code}").content.decode()
    assert "<bdi>Harbour Clinic</bdi> invited you as a clinic admin, shown as <bdi>Ada</bdi>." in page
    response = newcomer.post("/care/join/", {"code": staff_invite.invite.code})
    newcomer.post(response["Location"], {**SIGNUP, "next": "/care/audit/"})
    assert _confirm_email(newcomer) == "/care/audit/"
    assert newcomer.get("/care/audit/").status_code == 200


def test_the_welcome_goes_once_the_therapist_has_clients_or_codes(theo: Any, theo_client: Client) -> None:
    assert "Welcome, <bdi>Theo Park</bdi>" in theo_client.get("/care/clients/").content.decode()
    theo_client.post("/care/clients/invite/")
    assert "Welcome, <bdi>Theo Park</bdi>" not in theo_client.get("/care/clients/").content.decode()


def test_someone_signed_in_joins_with_their_own_account(operator: Any, clinic: Clinic, bob: Any) -> None:
    staff_invite = _invite(clinic, operator)
    bobs = client_for(bob)
    page = bobs.get(f"/care/join/?code={staff_invite.invite.code}").content.decode()
    assert "You are signed in as bob@example.com." in page
    response = bobs.post("/care/join/", {"code": staff_invite.invite.code})
    assert response["Location"] == "/care/clients/"
    assert Membership.objects.filter(user=bob, clinic=clinic, role="therapist", display_name="Sam Lee").exists()
    staff_invite.invite.refresh_from_db()
    assert staff_invite.invite.used_by == bob
    assert "You have joined Harbour Clinic." in bobs.get("/care/clients/").content.decode()


def test_the_clinic_admin_reads_that_each_newcomer_joined_not_that_they_changed_a_member(
    operator: Any, clinic: Clinic, bob: Any, ada: Any
) -> None:
    # "bob@example.com: Changed a clinic member" read as a new therapist having changed someone
    # on the clinic's page; all they did was join with the invite they were given.
    bobs = client_for(bob)
    bobs.post("/care/join/", {"code": _invite(clinic, operator).invite.code})
    newcomer = Client()
    code = _invite(clinic, operator, name="Sam Lee").invite.code
    signup = newcomer.post("/care/join/", {"code": code})["Location"]
    newcomer.post(signup, {**SIGNUP, "next": "/care/clients/"})
    _confirm_email(newcomer)
    rows = re.findall(
        r"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", client_for(ada).get("/care/audit/").content.decode()
    )
    assert ("bob@example.com", "Joined the clinic") in rows
    assert ("sam@example.com", "Joined the clinic") in rows
    assert [who for who, what in rows if what == "Changed a clinic member"] == ["op@example.com", "op@example.com"]


def test_someone_with_an_account_signs_in_from_the_link_and_comes_back_to_join(
    operator: Any, clinic: Clinic, bob: Any
) -> None:
    staff_invite = _invite(clinic, operator)
    client = Client()
    page = client.get(f"/care/join/?code={staff_invite.invite.code}").content.decode()
    sign_in = re.search(r'href="(/accounts/login/\?next=[^"]*)"', page)
    assert sign_in is not None
    response = client.post(html.unescape(sign_in.group(1)), {"login": bob.email, "password": FACTORY_PASSWORD})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Join <bdi>Harbour Clinic</bdi> with this account" in page


def test_a_therapist_at_another_clinic_is_told_plainly_and_nothing_changes(
    operator: Any, clinic: Clinic, other_clinic: Clinic
) -> None:
    uma = member(other_clinic, "uma@example.com", name="Uma Reyes")
    staff_invite = _invite(clinic, operator)
    umas = client_for(uma)
    page = umas.get(f"/care/join/?code={staff_invite.invite.code}").content.decode()
    assert "This account already has this role at <bdi>Hillside Practice</bdi>" in page
    # Moving clinics keeps one account: the page says how, and what that ends, not only "another email".
    assert (
        # The clinic's admin in Waypoint reads the audit log only: whoever runs the server moves people.
        "If you are moving to <bdi>Harbour Clinic</bdi>, whoever runs Waypoint could take you off "
        "<bdi>Hillside Practice</bdi> first. Your links with clients there would end, and this link would then work."
    ) in page
    umas.post("/care/join/", {"code": staff_invite.invite.code})
    assert list(Membership.objects.filter(user=uma).values_list("clinic__key", flat=True)) == ["hillside"]
    staff_invite.invite.refresh_from_db()
    assert staff_invite.invite.used_at is None, "the invite is still there for the person it was meant for"


def test_an_admin_at_another_clinic_is_not_told_their_links_with_clients_would_end(
    operator: Any, clinic: Clinic, other_clinic: Clinic
) -> None:
    # A clinic admin has no links with clients; "Your links with clients there would end" was
    # shown to them too, and read as though something of theirs would be lost.
    hilde = member(other_clinic, "hilde@example.com", role=Membership.Role.ADMIN, name="Hilde")
    staff_invite = _invite(clinic, operator, role="admin")
    page = client_for(hilde).get(f"/care/join/?code={staff_invite.invite.code}").content.decode()
    assert "This account already has this role at <bdi>Hillside Practice</bdi>" in page
    assert (
        "If you are moving to <bdi>Harbour Clinic</bdi>, whoever runs Waypoint could take you off "
        "<bdi>Hillside Practice</bdi> first, and this link would then work."
    ) in page
    assert "links with clients" not in page


@pytest.mark.parametrize("code", ["", "NOPE2345", "used"])
def test_an_invite_that_does_not_work_says_so_kindly(operator: Any, clinic: Clinic, code: str) -> None:
    if code == "used":
        staff_invite = _invite(clinic, operator)
        first: Any = UserFactory(email="first@example.com")
        members.staff_invite_join(staff_invite=staff_invite, user=first)
        code = staff_invite.invite.code
    for response in (Client().get(f"/care/join/?code={code}"), Client().post("/care/join/", {"code": code})):
        assert response.status_code == 404
        assert "This invite doesn't work" in response.content.decode()
        assert "Whoever runs Waypoint for your clinic can make a new one." in response.content.decode()


def test_a_staff_code_typed_on_the_invite_page_leads_to_the_join_page(operator: Any, clinic: Clinic) -> None:
    staff = _invite(clinic, operator)
    response = Client().post("/account/invite/", {"code": staff.invite.code})
    assert response.status_code == 302
    assert response["Location"] == f"/care/join/?{urlencode({'code': staff.invite.code})}"


@override_settings(SIGNUP_MODE="invite")
def test_an_invited_admin_reads_on_the_sign_up_page_that_they_are_joining_as_an_admin(
    operator: Any, clinic: Clinic
) -> None:
    invite = _invite(clinic, operator, role="admin", name="Ana Ruiz").invite
    newcomer = Client()
    signup_url = newcomer.post("/care/join/", {"code": invite.code})["Location"]
    words = html.unescape(newcomer.get(signup_url).content.decode())
    assert "<h1>You're joining Harbour Clinic as a clinic admin</h1>" in words
    assert "You are shown as Ana Ruiz." in words
    assert "Your journal is private" not in words


@override_settings(SIGNUP_MODE="invite")
def test_a_clients_invite_code_still_opens_the_writers_welcome(clinic: Clinic) -> None:
    from accounts.invites import invite_create

    code = invite_create(note="a client").code
    newcomer = Client()
    assert newcomer.post("/account/invite/", {"code": code})["Location"] == "/accounts/signup/"
    words = html.unescape(newcomer.get("/accounts/signup/").content.decode())
    assert "<h1>Create your account</h1>" in words
    assert "Your journal is private" in words
    assert "You're joining" not in words


def test_a_therapist_who_confirms_on_another_device_still_starts_on_their_clients_page(
    operator: Any, clinic: Clinic
) -> None:
    # Signed up at their desk, confirmed the email on their phone, then signed in at the desk:
    # sign-up's `next` stayed in the browser that signed up.
    staff_invite = _invite(clinic, operator)
    desk = Client()
    response = desk.post("/care/join/", {"code": staff_invite.invite.code})
    desk.post(response["Location"], {**SIGNUP, "next": "/care/clients/"})
    _confirm_email(Client())
    signed_in = Client().post("/accounts/login/", {"login": SIGNUP["email"], "password": PASSWORD})
    # The country question is still asked first, then the clients page.
    assert signed_in["Location"] == "/account/where/?" + urlencode({"next": "/care/clients/"})


def test_after_the_first_sign_in_a_therapist_goes_where_everyone_does(operator: Any, clinic: Clinic) -> None:
    staff_invite = _invite(clinic, operator)
    desk = Client()
    response = desk.post("/care/join/", {"code": staff_invite.invite.code})
    desk.post(response["Location"], {**SIGNUP, "next": "/care/clients/"})
    _confirm_email(Client())
    User.objects.filter(email=SIGNUP["email"]).update(region="GB", region_asked=True)
    again = Client().post("/accounts/login/", {"login": SIGNUP["email"], "password": PASSWORD})
    assert again["Location"] == "/"
    asked = Client().post("/accounts/login/", {"login": SIGNUP["email"], "password": PASSWORD, "next": "/journal/"})
    assert asked["Location"] == "/journal/"


def test_a_therapist_joins_another_clinic_as_its_admin(operator: Any, clinic: Clinic, other_clinic: Clinic) -> None:
    hillside_admin = _invite(other_clinic, operator, role="admin", name="Sam Lee")
    sam: Any = UserFactory(email="sam@example.com")
    # Made after Hillside's invite, and used first: Sam is a therapist at Harbour Clinic.
    assert members.staff_invite_join(staff_invite=_invite(clinic, operator), user=sam) is not None

    sams = client_for(sam)
    response = sams.post("/care/join/", {"code": hillside_admin.invite.code})
    assert response["Location"] == "/care/audit/"
    assert set(Membership.objects.filter(user=sam).values_list("clinic__key", "role")) == {
        ("harbour", "therapist"),
        ("hillside", "admin"),
    }
    assert "You have joined Hillside Practice." in sams.get("/care/audit/").content.decode()


def test_the_link_opened_again_after_joining_says_they_are_part_of_the_clinic(
    operator: Any, clinic: Clinic, bob: Any, alice: Any
) -> None:
    staff_invite = _invite(clinic, operator)
    bobs = client_for(bob)
    bobs.post("/care/join/", {"code": staff_invite.invite.code})
    # The link in the admin's email, tapped again to get back to Waypoint: no "ask for a new one".
    for again in (
        bobs.get(f"/care/join/?code={staff_invite.invite.code}"),
        bobs.post("/care/join/", {"code": staff_invite.invite.code}),
    ):
        page = again.content.decode()
        assert again.status_code == 200 and "This invite doesn't work" not in page
        assert "You are already part of <bdi>Harbour Clinic</bdi> with this account." in page
        assert 'href="/care/clients/"' in page
    assert Membership.objects.filter(user=bob).count() == 1
    # Anyone else, or Bob once he is no longer a member, reads that it does not work.
    assert client_for(alice).get(f"/care/join/?code={staff_invite.invite.code}").status_code == 404
    Membership.objects.filter(user=bob).delete()
    assert "This invite doesn't work" in bobs.get(f"/care/join/?code={staff_invite.invite.code}").content.decode()


def _join_form(page: str) -> str:
    """The address the page's "Join … with this account" button sends to."""
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(?:(?!</form>).)*with this account', page, re.S)
    assert form is not None
    return form.group(1)


def _create_account_with_an_address_that_has_one(client: Client, staff_invite: StaffInvite, email: str) -> str:
    """Presses "Create your account" on the invite and fills in sign-up with an address that has an
    account already. Returns the sign-up page's address, as the join page sends them there."""
    signup_url = client.post("/care/join/", {"code": staff_invite.invite.code})["Location"]
    client.post(signup_url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert "you already have one" in str(mail.outbox[-1].body), "the email says they have an account"
    return str(signup_url)


def test_someone_with_an_account_who_presses_create_is_joined_once_they_sign_in(
    operator: Any, clinic: Clinic, bob: Any
) -> None:
    staff_invite = _invite(clinic, operator)
    client = Client()
    _create_account_with_an_address_that_has_one(client, staff_invite, bob.email)
    # They sign in from the email, in the browser that tried: the invite is still theirs to use there.
    sign_in = re.search(r"https?://[^/\s]+(/accounts/login/)\s", str(mail.outbox[-1].body))
    assert sign_in is not None, "the email offers signing in"
    signed_in = client.post(sign_in.group(1), {"login": bob.email, "password": FACTORY_PASSWORD})
    page = client.get(signed_in["Location"]).content.decode()
    assert "Join <bdi>Harbour Clinic</bdi> with this account" in page
    assert "You are signed in as bob@example.com." in page
    assert not Membership.objects.filter(user=bob).exists(), "signing in alone joins nothing: they say yes"
    form = _join_form(page)
    joined = client.post(form)
    assert joined["Location"] == "/care/clients/"
    assert Membership.objects.filter(user=bob, clinic=clinic, role="therapist", display_name="Sam Lee").exists()
    assert "You have joined Harbour Clinic." in client.get("/care/clients/").content.decode()
    # Back to the page they joined from: it says they are part of the clinic, not that the invite is spent.
    again = client.get(form).content.decode()
    assert "You are already part of <bdi>Harbour Clinic</bdi> with this account." in again


def test_someone_with_an_account_who_signs_in_from_the_sign_up_page_comes_back_to_the_invite(
    operator: Any, clinic: Clinic, bob: Any
) -> None:
    staff_invite = _invite(clinic, operator)
    client = Client()
    signup_url = client.post("/care/join/", {"code": staff_invite.invite.code})["Location"]
    # The welcome's own "Already have an account? Sign in", not the header's plain one.
    sign_in = re.search(r'href="(/accounts/login/\?next=[^"]*)"', client.get(signup_url).content.decode())
    assert sign_in is not None, "the sign-up page offers Sign in"
    login_url = html.unescape(sign_in.group(1))
    signed_in = client.post(login_url, {"login": bob.email, "password": FACTORY_PASSWORD})
    page = client.get(signed_in["Location"]).content.decode()
    assert "Join <bdi>Harbour Clinic</bdi> with this account" in page
    # Back on the invite's own page (the code came along), whose form carries the code on.
    hidden = re.findall(r'<input type="hidden" name="code" value="([A-Z0-9]+)">', page)
    assert client.post(_join_form(page), {"code": hidden[0]})["Location"] == "/care/clients/"
    assert Membership.objects.filter(user=bob, clinic=clinic, role="therapist").exists()


def test_after_a_mistake_in_the_sign_up_form_its_sign_in_still_leads_back_to_the_invite(
    operator: Any, clinic: Clinic
) -> None:
    staff_invite = _invite(clinic, operator)
    client = Client()
    signup_url = client.post("/care/join/", {"code": staff_invite.invite.code})["Location"]
    form_page = client.get(signup_url).content.decode()
    hidden = re.findall(r'<input type="hidden" name="code" value="([A-Z0-9]+)">', form_page)
    again = client.post("/accounts/signup/", {**SIGNUP, "password2": "not the same", "code": hidden[0]})
    assert again.status_code == 200
    sign_in = re.search(r'href="(/accounts/login/\?next=[^"]*)"', again.content.decode())
    assert sign_in is not None
    assert html.unescape(sign_in.group(1)) == "/accounts/login/?" + urlencode(
        {"next": "/care/join/?" + urlencode({"code": staff_invite.invite.code})}
    )


def test_the_invite_a_browser_kept_joins_no_one_who_has_not_signed_in(operator: Any, clinic: Clinic, bob: Any) -> None:
    staff_invite = _invite(clinic, operator)
    client = Client()
    _create_account_with_an_address_that_has_one(client, staff_invite, bob.email)
    response = client.post("/care/join/invite/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Membership.objects.filter(user=bob).exists()
    staff_invite.invite.refresh_from_db()
    assert staff_invite.invite.used_at is None


def test_on_a_shared_browser_someone_else_who_signs_in_is_not_led_to_the_invite(
    operator: Any, clinic: Clinic, bob: Any
) -> None:
    # Sam pressed "Create your account" on their invite and walked away; Bob signs in next, as usual.
    staff_invite = _invite(clinic, operator)
    client = Client()
    client.post("/care/join/", {"code": staff_invite.invite.code})
    signed_in = client.post("/accounts/login/", {"login": bob.email, "password": FACTORY_PASSWORD})
    assert signed_in["Location"] != "/care/join/invite/"
    assert "with this account" not in client.get(signed_in["Location"], follow=True).content.decode()
    assert not Membership.objects.filter(user=bob).exists()


def test_nor_after_sign_up_was_tried_with_another_address_that_has_an_account(
    operator: Any, clinic: Clinic, bob: Any
) -> None:
    staff_invite = _invite(clinic, operator)
    client = Client()
    UserFactory(email="sam@example.com")
    _create_account_with_an_address_that_has_one(client, staff_invite, "sam@example.com")
    signed_in = client.post("/accounts/login/", {"login": bob.email, "password": FACTORY_PASSWORD})
    assert signed_in["Location"] != "/care/join/invite/"


@pytest.mark.parametrize("tried_another_address", [False, True])
def test_on_a_shared_browser_someone_else_who_opens_the_invite_page_is_not_shown_it(
    operator: Any, clinic: Clinic, bob: Any, tried_another_address: bool
) -> None:
    # Sam pressed "Create your account" (and perhaps tried their own address); Bob signs in next and
    # goes to the invite's page directly.
    staff_invite = _invite(clinic, operator)
    client = Client()
    if tried_another_address:
        UserFactory(email="sam@example.com")
        _create_account_with_an_address_that_has_one(client, staff_invite, "sam@example.com")
    else:
        client.post("/care/join/", {"code": staff_invite.invite.code})
    client.force_login(bob)
    for response in (client.get("/care/join/invite/"), client.post("/care/join/invite/")):
        page = response.content.decode()
        assert response.status_code == 404
        assert "This invite doesn't work" in page
        assert "Join <bdi>Harbour Clinic</bdi>" not in page and "Sam Lee" not in page
    assert not Membership.objects.filter(user=bob).exists()

"""Choosing a password: a short one and a second box that differs are both said at once.

allauth compared the two boxes only once the first passed the rules, so a person fixed the length,
sent the form again, and only then learned the two were different.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD

TOO_SHORT = "short1"
DIFFERENT = "something else entirely 42"
SAYS_DIFFERENT = "The two passwords are different."
SAYS_SHORT = "This password is a little short."


def said(response: object) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))  # type: ignore[attr-defined]


def assert_both_said(text: str) -> None:
    assert SAYS_SHORT in text
    assert SAYS_DIFFERENT in text


def test_changing_says_too_short_and_different_together(alice_client: Client) -> None:
    response = alice_client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": TOO_SHORT, "password2": DIFFERENT}
    )
    assert response.status_code == 200
    assert_both_said(said(response))


def test_signing_up_says_too_short_and_different_together(client: Client, db: None) -> None:
    response = client.post(
        "/accounts/signup/", {"email": "sam@example.com", "password1": TOO_SHORT, "password2": DIFFERENT}
    )
    assert response.status_code == 200
    assert_both_said(said(response))


def test_a_new_password_from_the_email_link_says_both_together(client: Client, alice: User) -> None:
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = re.search(r"https?://\S+", str(mail.outbox[-1].body))
    assert link
    form_url = client.get(link.group(0), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"password1": TOO_SHORT, "password2": DIFFERENT})
    assert_both_said(said(response))


@pytest.mark.parametrize("second", [TOO_SHORT, ""])
def test_a_short_password_typed_twice_alike_is_not_called_different(alice_client: Client, second: str) -> None:
    response = alice_client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": TOO_SHORT, "password2": second}
    )
    text = said(response)
    assert SAYS_SHORT in text
    assert SAYS_DIFFERENT not in text


def test_two_different_passwords_are_said_with_the_first_box_both_come_back_empty(client: Client, db: None) -> None:
    # Focus goes to the first box with a mistake: on the second, a person typed there only.
    response = client.post(
        "/accounts/signup/",
        {"email": "sam@example.com", "password1": "tonight is hard 2am", "password2": "tonight is hard 2an"},
    )
    form = response.context["form"]
    assert [str(error) for error in form.errors["password1"]] == [
        "The two passwords are different. Could you type it in both boxes again?"
    ]
    assert "password2" not in form.errors
    assert (
        'aria-invalid="true" aria-describedby="id_password1_helptext id_password1_error"' in response.content.decode()
    )


def test_an_empty_second_box_is_still_asked_for_on_its_own(client: Client, db: None) -> None:
    response = client.post("/accounts/signup/", {"email": "sam@example.com", "password1": "tonight is hard 2am"})
    form = response.context["form"]
    assert "password1" not in form.errors
    assert [str(error) for error in form.errors["password2"]] == ["Could you fill this in?"]


def test_changing_with_two_different_passwords_says_so_at_the_first_new_box(alice_client: Client) -> None:
    response = alice_client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": DIFFERENT, "password2": DIFFERENT + "!"}
    )
    form = response.context["form"]
    assert SAYS_DIFFERENT in str(form.errors["password1"])
    assert "password2" not in form.errors

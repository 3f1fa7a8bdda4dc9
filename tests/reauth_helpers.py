"""A session signed in a while ago, for the pages that ask "confirm it's you" unless it was lately."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qs, urlsplit

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client

from tests.factories import PASSWORD


def signed_in_an_hour_ago(client: Client) -> None:
    """As a browser left signed in: every sign-in step this session noted is an hour old."""
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{**record, "at": record["at"] - 3600} for record in records]
    session.save()


def asked_to_confirm(response: Any) -> str:
    """The page "confirm it's you" leads back to, from a redirect to it (fails if it was not that)."""
    assert response.status_code == 302, "expected to be asked to confirm it's you"
    location = urlsplit(response["Location"])
    assert location.path.startswith("/accounts/") and "reauthenticate" in location.path
    return parse_qs(location.query)["next"][0]


def confirm_with_password(client: Client, then: str) -> Any:
    """Type the password on "Confirm it's you": allauth then goes on to `then`."""
    response = client.post(f"/accounts/reauthenticate/?next={then}", {"password": PASSWORD, "next": then})
    assert response.status_code == 302 and response["Location"] == then
    return response


def text(response: Any) -> str:
    return html.unescape(response.content.decode())

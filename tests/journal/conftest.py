from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journal import keyring


@pytest.fixture
def own_key_file(tmp_path: Path, settings: Any) -> Path:
    """A key file of this test's own, so rotating keys never touches the suite's shared one."""
    settings.WAYPOINT_KEYS = ""
    settings.WAYPOINT_KEY_FILE = tmp_path / "keys"
    # Written directly: keys_create also looks in the database, which not every test opens.
    keyring.write_key_file(tmp_path / "keys", [keyring.ServerKey("k1", keyring.new_server_key_secret())])
    return tmp_path / "keys"


def sign_in(client: Any, email: str) -> None:
    """A real password sign-in, so allauth counts it as recent authentication."""
    from tests.factories import PASSWORD

    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def reauthenticate(client: Any) -> None:
    """Confirm the password again, as allauth asks before an export or a deletion."""
    from tests.factories import PASSWORD

    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def fresh_alice_client(alice: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(alice)
    reauthenticate(client)
    return client


# The browser helpers live with the end-to-end tests; the export browser test uses them too.
from tests.e2e.conftest import signed_in_page  # noqa: E402, F401

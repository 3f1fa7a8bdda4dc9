"""The code a person's authenticator app shows, for tests that sign in with two steps."""

from __future__ import annotations

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from tests.factories import PASSWORD

# allauth accepts only the current 30-second window (MFA_TOTP_TOLERANCE is 0). A code read in a
# window's last seconds could expire before a busy machine's browser submits it, and the sign-in
# would stop on "One more step": so a code is read only with this much of its window left.
MARGIN_SECONDS = 10.0


def totp_code(secret: str) -> str:
    left = 30 - time.time() % 30
    if left < MARGIN_SECONDS:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def totp_turn_on(client: Client) -> None:
    """Turn on an authenticator app through the pages, as a person would (signed in with PASSWORD)."""
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = re.search(r'id="authenticator_secret"[^>]*>([A-Z2-7]{16,})<', page.content.decode())
    assert secret is not None
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret.group(1))})
    assert response.status_code == 302, response.content.decode()

"""The code a person's authenticator app shows, for tests that sign in with two steps."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

# allauth accepts only the current 30-second window (MFA_TOTP_TOLERANCE is 0). A code read in a
# window's last seconds could expire before a busy machine's browser submits it, and the sign-in
# would stop on "One more step": so a code is read only with this much of its window left.
MARGIN_SECONDS = 10.0


def totp_code(secret: str) -> str:
    left = 30 - time.time() % 30
    if left < MARGIN_SECONDS:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

"""A locked journal for tests (#17): turned on with a cheap Argon2id, and a client that holds it open."""

from __future__ import annotations

import base64
from typing import Any

from django.test import Client

from journal import keyring, lock_keys, lock_services, lock_session
from journal.lock_keys import KdfParams

FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)  # Argon2id's cost is stored per seal
PASSPHRASE = "the tide comes back in"


def lock_journal(user: Any) -> tuple[str, bytes]:
    """Turn the person's lock on. Returns (their recovery key, their lock key)."""
    recovery_key, lock_key = lock_services.lock_turn_on(user=user, passphrase=PASSPHRASE, params=FAST)
    keyring.forget_user_keyring(user)
    return recovery_key, lock_key


def unlock_client(client: Client, user: Any, lock_key: bytes) -> Client:
    """As the unlock page leaves a browser: the sealed half in its session, the secret in its cookie."""
    cookie_secret, sealed = lock_keys.session_seal(lock_key, user_id=user.pk)
    session = client.session
    session[lock_session.SESSION_KEY] = base64.b64encode(sealed).decode("ascii")
    session.save()
    client.cookies[lock_session.cookie_name()] = cookie_secret
    return client

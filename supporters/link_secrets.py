"""A supporter's private address and code: made here, and only their hashes are ever stored."""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# Short enough to say out loud or write on paper; letters that look alike are left out.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def token_new() -> str:
    # 256 bits: the address cannot be guessed; the rate limit only keeps noise down.
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_clean(code: str) -> str:
    """What the supporter typed, as it was made: spaces and dashes gone, capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str, *, link_id: object) -> str:
    # Keyed by the server's secret and bound to the link: a code is short, so a plain hash of it
    # in a copied database could be tried against all codes in minutes.
    return salted_hmac("supporters.code", f"{link_id}:{code_clean(code)}", algorithm="sha256").hexdigest()


def code_matches(code: str, *, link_id: object, expected: str) -> bool:
    return bool(expected) and constant_time_compare(code_hash(code, link_id=link_id), expected)

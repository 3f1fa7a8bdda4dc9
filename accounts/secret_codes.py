"""Codes and tokens people carry, made here, and the hashes that are all the database keeps of them.

A database reader (a copied file, a backup) must not be able to use what it finds: a long random
token is stored as its SHA-256; a short code someone types is stored as an HMAC under a subkey of
SECRET_KEY, because a plain hash of eight letters could be tried against every code in minutes.
Accounts sits below every app that hands out codes, so each of them uses these rather than a copy.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# Short enough to say out loud or write on paper; letters that look alike are left out.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def token_new() -> str:
    # 256 bits: the address cannot be guessed; a rate limit only keeps noise down.
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def keyed_hash(purpose: str, value: str) -> str:
    """An HMAC of a short code, keyed by the server's secret and by what the code is for."""
    return salted_hmac(purpose, value, algorithm="sha256").hexdigest()


def keyed_hash_matches(purpose: str, value: str, *, expected: str) -> bool:
    return bool(expected) and constant_time_compare(keyed_hash(purpose, value), expected)

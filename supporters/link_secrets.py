"""A supporter's private address and code: made here, and only their hashes are ever stored."""

from __future__ import annotations

from accounts import secret_codes
from accounts.secret_codes import CODE_ALPHABET, token_hash, token_new

__all__ = ["CODE_ALPHABET", "code_clean", "code_hash", "code_matches", "code_new", "token_hash", "token_new"]

CODE_LENGTH = 8


def code_new() -> str:
    return secret_codes.code_new(CODE_LENGTH)


def code_clean(code: str) -> str:
    """What the supporter typed, as it was made: spaces and dashes gone, capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str, *, link_id: object) -> str:
    # Keyed by the server's secret and bound to the link: a code is short, so a plain hash of it
    # in a copied database could be tried against all codes in minutes.
    return secret_codes.keyed_hash("supporters.code", f"{link_id}:{code_clean(code)}")


def code_matches(code: str, *, link_id: object, expected: str) -> bool:
    return secret_codes.keyed_hash_matches("supporters.code", f"{link_id}:{code_clean(code)}", expected=expected)

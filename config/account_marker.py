"""A short mark of whose page this is, so a page drawn for one account never saves into another.

On a shared device the idle lock keeps a page with someone's unsent words on screen; if someone
else then signs in (in another tab), that page's saves would land in their account. Pages carry
this mark (base.html, `data-account`), waypoint.js sends it with each request it makes, and
accounts/middleware.py refuses a request whose mark is another account's. It is a keyed hash of
the account's id: it names nobody, and one account's mark says nothing about another's.
"""

from __future__ import annotations

from typing import Any

from django.utils.crypto import salted_hmac

HEADER = "X-Waypoint-Account"
FIELD = "waypoint_account"


def account_marker(user_id: Any) -> str:
    return salted_hmac("waypoint.account-marker", str(user_id), algorithm="sha256").hexdigest()[:20]

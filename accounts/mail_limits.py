"""How many "you already have an account" emails one address is sent in an hour.

Anyone can type any address into sign-up, again and again: allauth waits three minutes between
emails to one address (some twenty an hour), which still fills a stranger's inbox. Ten an hour,
as for password-reset links (config/settings.py ACCOUNT_RATE_LIMITS). Counted in the shared
cache, so every worker counts together; the address only as a keyed hash, never itself. Past the
limit sign-up answers exactly as before (nobody learns which addresses have accounts): only the
email is left out.
"""

from __future__ import annotations

from accounts.secret_codes import keyed_hash
from config.counters import count_in_window

ALREADY_EXISTS_EMAILS_PER_HOUR = 10
_WINDOW_SECONDS = 60 * 60


def _key(email: str) -> str:
    return "accounts:already-exists:" + keyed_hash("accounts.already-exists-mail", email.strip().casefold())[:32]


def already_exists_mail_allowed(email: str) -> bool:
    """Counts this email to the address, and says whether it may still be sent."""
    return count_in_window(_key(email), _WINDOW_SECONDS) <= ALREADY_EXISTS_EMAILS_PER_HOUR

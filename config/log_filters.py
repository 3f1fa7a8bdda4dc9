"""Keep invitation codes and supporters' private addresses out of the logs.

A therapist's link (/care/accept/<code>/), an invite link (?code=…) and a supporter's page
(/people-around-you/for-you/<token>/) let someone in while they are valid. Django logs the path
of every 404 and error, so the code would sit in the logs, readable by anyone who can read
them, for as long as they are kept. So would the keys in allauth's emailed links (a new password,
confirming an address), which gunicorn's access log would hold (config/gunicorn_logging.py).
"""

from __future__ import annotations

import logging
import re

# A code= also starts the query string alone (gunicorn's %(q)s) or follows a space.
# Each also as it stands percent-encoded inside another address's query: the idle lock sends a
# person who opened such a link to /account/locked/?next=%2Fcare%2Faccept%2F<code>%2F, and that
# request line held the code in plain in the access log. "/" may be %2F, "?" %3F, "&" %26, "=" %3D;
# a code ends at the next separator either way.
_SLASH = r"(?:/|%2F)"
_CODES = re.compile(
    rf"((?:{_SLASH}care{_SLASH}accept|{_SLASH}people-around-you{_SLASH}for-you|{_SLASH}accounts{_SLASH}confirm-email"
    rf"|{_SLASH}accounts{_SLASH}password{_SLASH}reset{_SLASH}key(?!{_SLASH}done{_SLASH})){_SLASH})"
    r"(?:[^/\s?&%]|%(?!2F)[0-9A-F]{2})+"
    r"|((?:^|[?&\s]|%3F|%26)code(?:=|%3D))(?:[^&\s%]|%(?!26)[0-9A-F]{2})+",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    return _CODES.sub(lambda match: (match.group(1) or match.group(2)) + "…", text)


class RedactInviteCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True

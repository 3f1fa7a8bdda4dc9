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
_CODES = re.compile(
    r"(/care/accept/|/people-around-you/for-you/|/accounts/confirm-email/|/accounts/password/reset/key/(?!done/))"
    r"[^/\s?]+|((?:^|[?&\s])code=)[^&\s]+"
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

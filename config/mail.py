"""Emails printed to the terminal, as a person reads them.

Django's console backend prints the raw MIME message. Bodies with long lines come out
quoted-printable, so a confirmation link is cut by a soft break ("=" at a line's end) and
opening it gives a 404. `make run` prints sign-up emails to the terminal for a person to follow,
so this backend prints the decoded text instead, every link whole on one line. Real email
(EMAIL_MODE=smtp) still goes through Django's SMTP backend and proper MIME.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

RULE = "-" * 79


class ReadableConsoleBackend(DjangoConsoleBackend):
    def write_message(self, message: EmailMessage) -> None:
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            str(message.body).rstrip("\n"),
            RULE,
            "",
        ]
        self.stream.write("\n".join(lines))

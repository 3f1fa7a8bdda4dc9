"""allauth's email page, which says so when "Send the link again" sends nothing."""

from __future__ import annotations

from typing import Any

from allauth.account.views import EmailView
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class EmailChangeView(EmailView):  # type: ignore[misc]  # allauth ships without type hints
    def _action_send(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | None:
        response: HttpResponse | None = super()._action_send(request, *args, **kwargs)
        # allauth sends one link per address every few minutes and skips the rest without a
        # word: the page came back unchanged, as if the button did nothing.
        if not self._did_send_verification_email:
            messages.info(
                request,
                _(
                    "We sent the link only a few minutes ago. It can take a while to arrive, "
                    "and may be in a spam or junk folder. You could ask again in a few minutes."
                ),
            )
        return response


email_change = EmailChangeView.as_view()

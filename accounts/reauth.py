"""allauth's "confirm it's you" step: for a whole view, or asked where a view chooses to ask."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required as _reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from accounts.types import AuthedRequest


def reauthentication_required[View: Callable[..., Any]](view: View) -> View:
    """Ask for the password (or a passkey) again before the view runs, if not asked recently."""
    return cast(View, _reauthentication_required(view))


def recently_signed_in(request: AuthedRequest) -> bool:
    """Signed in, or confirmed it's them, in this session within the last few minutes.

    A sign-in counts as well as allauth's "confirm it's you": someone who has just typed their
    password (or used their passkey) to come in is not asked for it again straight away. allauth
    keeps these records in the session, one for each step, with the time it happened.
    """
    now = time.time()
    return any(
        now - record.get("at", 0) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, request.user)
    )


def confirm_its_you(request: AuthedRequest, *, then: str, why: str) -> HttpResponseRedirect:
    """allauth's "confirm it's you" page, saying why, then `then` (a GET page: nothing is replayed).

    Used where a POST carries nothing the person wrote that could be lost, or before a form is
    shown, so allauth never keeps a form in the session to send again later.
    """
    methods = get_adapter().get_reauthentication_methods(request.user)
    if not methods:  # no way to confirm at all: as allauth's own decorator answers
        raise PermissionDenied
    messages.info(request, why)
    return HttpResponseRedirect(f"{methods[0]['url']}?{urlencode({REDIRECT_FIELD_NAME: then})}")

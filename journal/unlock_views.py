"""Opening a locked journal: the passphrase, the recovery key, and "Lock my journal now" (#17).

The safety plan and crisis help are linked from every one of these pages: in a hard moment a
forgotten passphrase must not stand between a person and their plan.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.middleware import keeps_text_when_locked
from accounts.notices import notice_send
from accounts.types import AuthedRequest
from config import next_url
from journal import lock_services, unlock_limits
from journal.lock_carry import PREFIX, RESUME_FIELD, Carried, carried_from_unlock_form, carried_save, opens_the_lock
from journal.lock_keys import WrongSecret
from journal.lock_session import lock_key_from_request, lock_key_remember
from journal.unlock_forms import RecoveryForm, UnlockForm
from journal.unlock_limits import LockBusy


def safe_next(request: HttpRequest) -> str:
    """Where to go once the journal is open: a path on this site, or the journal."""
    return next_url.safe_next(request, fallback=reverse("journal:index"))


def _limited_message() -> str:
    return _(
        "That was a lot of tries in a short time, so this waits a little to keep your journal safe. "
        "You could try again in a few minutes. Your safety plan and crisis help are open to you now."
    )


def _busy_message() -> str:
    return _("%(site)s is busy opening other journals just now. You could try again in a moment.") % {
        "site": settings.SITE_NAME
    }


# Marks the unlock page that answers a wrong passphrase by redirect (see `_wrong_passphrase`).
WRONG = "wrong"


def _wrong_passphrase_message() -> str:
    return _("That passphrase didn't open your journal. You could check for capitals or spaces and try again.")


def _wrong_passphrase(request: HttpRequest, form: UnlockForm, carried: Carried | None) -> HttpResponse | None:
    """A wrong passphrase answered by redirect, so no page answering a POST stays in the history:
    Back from the journal, opened at the next try, met the browser's "Confirm Form Resubmission",
    and reloading that sent the wrong passphrase again. The passphrase is the form's only box and
    is never shown again anyway, so nothing typed is lost. Writing carried from a locked editor
    rides in this form, so then the page answers the POST itself (a redirect would drop it)."""
    if carried is not None:
        form.add_error("passphrase", _wrong_passphrase_message())
        return None
    query = urlencode({"next": safe_next(request), WRONG: "1"})
    return HttpResponseRedirect(f"{reverse('journal:unlock')}?{query}")


def _unlock_form(request: HttpRequest) -> UnlockForm:
    if not (request.GET.get(WRONG) and request.path == reverse("journal:unlock")):
        return UnlockForm()
    # Bound with the empty box the redirect left, so the box is marked and described as a mistake;
    # its message is the wrong passphrase's, not the empty box's.
    form = UnlockForm({"passphrase": ""})
    form.errors["passphrase"] = form.error_class([_wrong_passphrase_message()])
    return form


def _status(problem: str) -> int:
    # Too many tries is a 429, as sign-in's limit is. Busy stays a 200: a proxy in front may
    # put its own error page in place of a 503, and this page has words worth reading.
    return 429 if problem and problem == _limited_message() else 200


def _context(request: HttpRequest, form: Any, carried: Carried | None, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "next": safe_next(request),
        "carried": [(f"{PREFIX}{name}", value) for name, value in carried.fields] if carried else [],
        "resume": carried.path if carried else "",
        # As the writing's own form sent it, for the form that saves it after recovery.
        "carried_as_sent": carried.fields if carried else [],
        "resume_field": RESUME_FIELD,
        # A plan the person locked too opens with this page, so its link would only come back here.
        "plan_locked": lock_services.lock_plan_is_locked(request.user),
        **extra,
    }


def unlock_page(request: HttpRequest, *, carried: Carried | None = None, status: int = 200) -> HttpResponse:
    """The unlock page with an empty form; the locked-journal handler shows it holding writing."""
    form = UnlockForm() if carried is not None else _unlock_form(request)
    return render(request, "journal/unlock.html", _context(request, form, carried), status=status)


def _already_open(request: AuthedRequest, carried: Carried | None, lock_key: bytes | None) -> HttpResponse:
    if carried is not None:
        return carried_save(request, carried, lock_key=lock_key)
    return HttpResponseRedirect(safe_next(request))


def _opened(request: AuthedRequest, lock_key: bytes, carried: Carried | None) -> HttpResponse:
    unlock_limits.tries_forget(request)
    lock_key_remember(request, lock_key)
    return _already_open(request, carried, lock_key)


@opens_the_lock
@keeps_text_when_locked
@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@login_required
def unlock(request: AuthedRequest) -> HttpResponse:
    carried = carried_from_unlock_form(request)
    held = lock_key_from_request(request)
    if held is not None or not lock_services.lock_is_on(request.user):
        # Opened in another tab meanwhile, or there is no lock: nothing to ask.
        return _already_open(request, carried, held)
    if request.method != "POST" or "switch" in request.POST:
        # From the recovery page holding writing, "use my passphrase instead" brings it along.
        return unlock_page(request, carried=carried)
    form = UnlockForm(request.POST)
    problem = ""
    if not unlock_limits.tries_left(request):
        problem = _limited_message()
    elif form.is_valid():
        try:
            with unlock_limits.argon2_slot():
                lock_key = lock_services.lock_open_with_passphrase(
                    user=request.user, passphrase=form.cleaned_data["passphrase"]
                )
        except LockBusy:
            problem = _busy_message()
        except WrongSecret:
            unlock_limits.wrong_try(request)
            answered = _wrong_passphrase(request, form, carried)
            if answered is not None:
                return answered
        else:
            return _opened(request, lock_key, carried)
    context = _context(request, UnlockForm() if problem else form, carried, problem=problem)
    return render(request, "journal/unlock.html", context, status=_status(problem))


@opens_the_lock
@keeps_text_when_locked
@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@login_required
def unlock_recovery(request: AuthedRequest) -> HttpResponse:
    carried = carried_from_unlock_form(request)
    held = lock_key_from_request(request)
    if held is not None or not lock_services.lock_is_on(request.user):
        return _already_open(request, carried, held)
    # From the unlock page holding writing, "use your recovery key instead" brings it along.
    arriving = request.method != "POST" or "switch" in request.POST
    form = RecoveryForm(None if arriving else request.POST, user=request.user)
    problem = ""
    if not arriving and not unlock_limits.tries_left(request):
        problem = _limited_message()
    elif not arriving and form.is_valid():
        try:
            lock_key = lock_services.lock_open_with_recovery_key(
                user=request.user, recovery_key=form.cleaned_data["recovery_key"]
            )
        except (WrongSecret, ValueError):
            unlock_limits.wrong_try(request)
            # Each recovery (and "Make a new recovery key") replaces the key, so someone back after
            # months may hold two paper copies and try the old one first, over and over.
            form.add_error(
                "recovery_key",
                _(
                    "That recovery key didn't open your journal. You could check each group of four and try "
                    "again. If you have more than one written down, only the newest one works."
                ),
            )
        else:
            try:
                # Only now that the key has opened the lock; a wrong key never learns the answer.
                with unlock_limits.argon2_slot():
                    refused = form.refuse_sign_in_password()
                if not refused:  # else the page asks again, the key proven and nothing changed
                    return _recovered(request, lock_key, form.cleaned_data["passphrase"], carried)
            except LockBusy:
                problem = _busy_message()
    context = _context(request, RecoveryForm(user=request.user) if problem else form, carried, problem=problem)
    return render(request, "journal/unlock_recovery.html", context, status=_status(problem))


@sensitive_variables()
def _recovered(request: AuthedRequest, lock_key: bytes, passphrase: str, carried: Carried | None) -> HttpResponse:
    """The journal opened by its recovery key: a new passphrase, and a new recovery key shown once."""
    with unlock_limits.argon2_slot():
        lock_services.lock_passphrase_change(user=request.user, lock_key=lock_key, passphrase=passphrase)
    # The old recovery key has been typed on this device; a new one replaces it.
    recovery_key = lock_services.lock_recovery_key_replace(user=request.user, lock_key=lock_key)
    # One notice for both changes: someone who found the recovery key now holds the journal.
    notice_send(request=request, user=request.user, template_prefix="journal/email/lock_recovered")
    unlock_limits.tries_forget(request)
    lock_key_remember(request, lock_key)
    groups = recovery_key.split("-")
    # Shown in this response only: never stored, never on a page that could be opened again.
    context = _context(request, None, carried, recovery_groups=groups)
    return render(request, "journal/recovery_key_new.html", context)

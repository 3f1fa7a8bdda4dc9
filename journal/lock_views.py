"""Settings pages that manage the journal lock (#17): turn it on, change its secrets, turn it off.

Turning the lock on, a new recovery key and turning it off first ask the person to confirm it's
them (allauth's re-authentication). That happens on the GET of each page, never on its POST:
allauth would keep a suspended POST in the session to replay it, and these POSTs carry a
passphrase. The page the person confirmed for carries a signed note of it (`confirmed`), valid
for this session and a while, so taking time to choose a passphrase does not mean confirming twice.

A recovery key is shown once, in the response to the POST that made it: never in the session, a
URL, a message, a log or a cache. Reloading that page cannot show it again (see `_confirmed`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from accounts.notices import notice_send
from accounts.reauth import confirm_its_you, reauthentication_required
from accounts.types import AuthedRequest
from config.slots import render_included
from journal import lock_services, unlock_limits
from journal.lock_forms import ChangePassphraseForm, LetGoForm, TurnOnForm
from journal.lock_services import LockAlreadyOn, WrongSecret
from journal.lock_session import lock_key_forget, lock_key_from_request, lock_key_remember, lock_open_elsewhere
from journal.models import JournalLock
from journal.unlock_limits import LockBusy

# How long a page confirmed with the password may still be sent: time to read it and choose.
CONFIRMED_FOR_SECONDS = 30 * 60
UNLOCK_PATH = reverse_lazy("journal:unlock")


def _settings() -> HttpResponseRedirect:
    return redirect("accounts:settings")


def settings_said() -> HttpResponseRedirect:
    """Settings, after a message about what just happened: #messages takes focus there (as the
    time zone's "Saved" does), so a keyboard or screen reader user hears "Your journal is locked"
    instead of starting again at the top, many tab stops above the lock's card."""
    return HttpResponseRedirect(reverse("accounts:settings") + "#messages")


def _busy() -> str:
    return _("%(site)s is busy for a moment. Please try again in a few seconds.") % {"site": settings.SITE_NAME}


def _unlock_first(request: AuthedRequest) -> HttpResponseRedirect:
    messages.info(request, _("Your journal is locked right now. Once you've opened it, you can come back here."))
    return HttpResponseRedirect(f"{UNLOCK_PATH}?{urlencode({'next': request.path})}")


def _tell_the_account(request: AuthedRequest, what: str) -> None:
    # The lock guards the journal as the password guards the account: a change to it someone
    # else made (with a session they took over) must not go unseen. No word of the journal in it.
    notice_send(request=request, user=request.user, template_prefix=f"journal/email/{what}")


# --- "Confirm it's you", once per page --------------------------------------------------------


def _salt(request: AuthedRequest, purpose: str) -> str:
    # Bound to this person and this session: a note copied into another browser opens nothing.
    # The session key is part of the signing key (never of the signed text, which the page shows).
    return f"journal.lock.confirmed:{purpose}:{request.user.pk}:{request.session.session_key}"


def _confirmed_note(request: AuthedRequest, purpose: str) -> str:
    return signing.dumps("confirmed", salt=_salt(request, purpose))


def _confirmed(request: AuthedRequest, purpose: str) -> bool:
    return _confirmation(request, purpose) == "yes"


def _confirmation(request: AuthedRequest, purpose: str) -> str:
    """ "yes"; "expired" (a while ago: ask again); or "no" (for another page, person or session)."""
    try:
        signing.loads(request.POST.get("confirmed", ""), salt=_salt(request, purpose), max_age=CONFIRMED_FOR_SECONDS)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "no"
    return "yes"


def _confirm_again(request: AuthedRequest) -> HttpResponseRedirect:
    # The account's own first way to confirm (a passkey, for an account with no password).
    why = _("It's been a little while, so please confirm it's you once more. Nothing has changed yet.")
    return confirm_its_you(request, then=request.path, why=why)


@reauthentication_required
def _after_confirming(request: AuthedRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """The page, once the person has confirmed it's them recently (else allauth asks first)."""
    return respond()


def _recovery_purpose(lock: JournalLock) -> str:
    # A page confirmed for one recovery key stops working once that key is replaced: resending
    # the form (a reload) makes no second key that would quietly undo the one written down.
    return "recovery:" + hashlib.sha256(bytes(lock.by_recovery)).hexdigest()[:16]


@sensitive_variables("recovery_key")
def _recovery_key_page(request: AuthedRequest, recovery_key: str, *, new: bool) -> HttpResponse:
    return render(request, "journal/lock/recovery_key.html", {"groups": recovery_key.split("-"), "new": new})


# --- Pages ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_post_parameters("passphrase", "passphrase_again")
def turn_on(request: AuthedRequest) -> HttpResponse:
    if request.method == "GET":
        return _after_confirming(request, lambda: _turn_on(request))
    if not _confirmed(request, "on"):
        return _confirm_again(request)
    return _turn_on(request)


def _already_on(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        # A second tap on "Lock my journal" while the first was on its way: the browser shows the
        # answer to the second, and the recovery key made by the first is never seen. Without a
        # word, the person would learn it only on the day the passphrase is forgotten.
        messages.info(
            request,
            _(
                "Your journal is already locked with a passphrase. If your recovery key didn't show, "
                "you could make a new one below, under Journal lock."
            ),
        )
    else:
        messages.info(request, _("Your journal is already locked with a passphrase."))
    return settings_said()


@sensitive_variables("recovery_key", "lock_key")
def _turn_on(request: AuthedRequest) -> HttpResponse:
    if lock_services.lock_is_on(request.user):
        return _already_on(request)
    form = TurnOnForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # "Confirm it's you" may have been a passkey or a code, which proves no password: asking
        # whether the new passphrase is the sign-in password counts as a try, as unlocking does.
        if not unlock_limits.tries_left(request):
            form.add_error(
                None,
                _("That was a lot of tries in a row, so this is paused for a few minutes. You could try again after."),
            )
            context = {"form": form, "confirmed": request.POST.get("confirmed")}
            return render(request, "journal/lock/turn_on.html", context, status=429)
        try:
            with unlock_limits.argon2_slot():
                if form.refuse_sign_in_password():
                    unlock_limits.wrong_try(request)
                    context = {"form": form, "confirmed": request.POST.get("confirmed")}
                    return render(request, "journal/lock/turn_on.html", context)
                recovery_key, lock_key = lock_services.lock_turn_on(
                    user=request.user, passphrase=form.cleaned_data["passphrase"]
                )
        except LockBusy:
            form.add_error(None, _busy())
            context = {"form": form, "confirmed": request.POST.get("confirmed")}
            return render(request, "journal/lock/turn_on.html", context)
        except LockAlreadyOn:  # sent twice at once: the first one made the key
            return _already_on(request)
        except RuntimeError:  # a key rotation ran at that very moment; the service changed nothing
            messages.info(request, _("Something changed on the server just then, so nothing was locked yet."))
            return settings_said()
        lock_key_remember(request, lock_key)
        _tell_the_account(request, "lock_turned_on")
        return _recovery_key_page(request, recovery_key, new=False)
    # A page sent back to fix a field keeps the confirmation it was sent with (no fresh one).
    note = request.POST.get("confirmed") or _confirmed_note(request, "on")
    return render(request, "journal/lock/turn_on.html", {"form": form, "confirmed": note})


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_post_parameters("current", "passphrase", "passphrase_again")
@sensitive_variables("lock_key")
def passphrase_change(request: AuthedRequest) -> HttpResponse:
    """Typing the passphrase of today is the proof here, so no password is asked for as well."""
    if not lock_services.lock_is_on(request.user):
        return _settings()
    form = ChangePassphraseForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        lock_key = _open_with_current(request, form)
        if lock_key is not None and form.is_valid():
            try:
                with unlock_limits.argon2_slot():
                    # Only once today's passphrase has opened the lock: a guess never learns the answer.
                    refused = form.refuse_sign_in_password()
                    if not refused:
                        lock_services.lock_passphrase_change(
                            user=request.user, lock_key=lock_key, passphrase=form.cleaned_data["passphrase"]
                        )
            except LockBusy:
                form.current_problem(_busy())
                return render(request, "journal/lock/passphrase.html", {"form": form})
            if not refused:
                lock_key_remember(request, lock_key)
                _tell_the_account(request, "lock_passphrase_changed")
                messages.success(
                    request, _("Your journal passphrase is changed. Your recovery key still works as before.")
                )
                return settings_said()
    return render(request, "journal/lock/passphrase.html", {"form": form})


@sensitive_variables("current")
def _open_with_current(request: AuthedRequest, form: ChangePassphraseForm) -> bytes | None:
    """The lock key from the passphrase typed as today's, or None with a kind word on the form."""
    current = request.POST.get("current", "")
    if not current:
        return None  # the form says it is needed
    # One count with the unlock page, so the two cannot be played against each other.
    if not unlock_limits.tries_left(request):
        form.current_problem(
            _("That was a lot of tries in a row, so this is paused for a few minutes. You could try again after.")
        )
        return None
    try:
        with unlock_limits.argon2_slot():
            lock_key = lock_services.lock_open_with_passphrase(user=request.user, passphrase=current)
    except LockBusy:
        form.current_problem(_busy())
        return None
    except WrongSecret:
        unlock_limits.wrong_try(request)
        form.current_problem(_("That isn't the passphrase that opens your journal. Capital letters and spaces count."))
        return None
    unlock_limits.tries_forget(request)
    return lock_key


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables("recovery_key", "lock_key")
def recovery_key_replace(request: AuthedRequest) -> HttpResponse:
    lock = JournalLock.objects.filter(user_id=request.user.pk).first()
    if lock is None:
        return _settings()
    lock_key = lock_key_from_request(request)
    if lock_key is None:
        return _unlock_first(request)
    purpose = _recovery_purpose(lock)
    if request.method == "POST":
        confirmation = _confirmation(request, purpose)
        if confirmation == "expired":
            return _confirm_again(request)
        if confirmation == "no":  # most likely this very form, sent again by a reload
            messages.info(
                request,
                _("Your new recovery key was shown once, when it was made, and isn't shown again."),
            )
            return settings_said()
        recovery_key = lock_services.lock_recovery_key_replace(user=request.user, lock_key=lock_key)
        _tell_the_account(request, "lock_recovery_key_replaced")
        return _recovery_key_page(request, recovery_key, new=True)

    def page() -> HttpResponse:
        return render(request, "journal/lock/recovery_key_new.html", {"confirmed": _confirmed_note(request, purpose)})

    return _after_confirming(request, page)


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables("lock_key")
def turn_off(request: AuthedRequest) -> HttpResponse:
    if not lock_services.lock_is_on(request.user):
        return _settings()
    lock_key = lock_key_from_request(request)
    if lock_key is None:
        return _unlock_first(request)
    if request.method == "POST":
        if not _confirmed(request, "off"):
            return _confirm_again(request)
        lock_services.lock_turn_off(user=request.user, lock_key=lock_key)
        lock_key_forget(request)
        _tell_the_account(request, "lock_turned_off")
        messages.success(
            request,
            _("The lock is off. Your journal is encrypted with this server's key again, as it was before."),
        )
        return settings_said()

    def page() -> HttpResponse:
        return render(request, "journal/lock/turn_off.html", {"confirmed": _confirmed_note(request, "off")})

    return _after_confirming(request, page)


@require_http_methods(["GET", "POST"])
@login_required
def let_go(request: AuthedRequest) -> HttpResponse:
    """For someone who lost both the passphrase and the recovery key: let the locked journal go for
    good and write in a new one, without a lock. Turning the lock off needs the journal open, so
    without this their only way on was deleting their account."""
    if not lock_services.lock_is_on(request.user):
        return redirect("journal:index")
    if lock_key_from_request(request) is not None:
        # The journal is open here: turning the lock off keeps every word.
        return redirect("journal:lock_turn_off")
    form = LetGoForm(request.POST if request.method == "POST" else None)
    # Open in another browser, the lock can still be turned off there, keeping everything; and a
    # save from there could land under the key being deleted. So that comes first.
    elsewhere = lock_open_elsewhere(request)
    if request.method == "POST":
        if not _confirmed(request, "let-go"):
            return _confirm_again(request)
        if form.is_valid() and not elsewhere:
            try:
                lock_services.lock_let_go(user=request.user)
            except JournalLock.DoesNotExist:  # a second tap: the first one let it go
                return redirect("journal:index")
            lock_key_forget(request)
            _tell_the_account(request, "lock_let_go")
            messages.success(
                request,
                _("Your new journal is open, without a lock. What you've learned along the way is still yours."),
            )
            return redirect("journal:index")
        return _let_go_page(request, form, request.POST.get("confirmed", ""), elsewhere=elsewhere)

    return _after_confirming(
        request, lambda: _let_go_page(request, form, _confirmed_note(request, "let-go"), elsewhere=elsewhere)
    )


def _let_go_page(request: AuthedRequest, form: LetGoForm, confirmed: str, *, elsewhere: bool) -> HttpResponse:
    context = {
        "form": form,
        "confirmed": confirmed,
        "elsewhere": elsewhere,
        "plan_goes": lock_services.plan_goes_with_the_lock(request.user),
    }
    return render(request, "journal/lock/let_go.html", context)


@require_POST
@login_required
def lock_now(request: AuthedRequest) -> HttpResponse:
    lock_key_forget(request)
    if lock_services.lock_is_on(request.user):
        messages.success(request, _("Your journal is locked. Your passphrase opens it again whenever you like."))
        return settings_said()
    return _settings()


def lock_settings_card(context: Any) -> str:
    """The "Journal lock" card in Settings (the "accounts.settings" slot; journal/apps.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return ""
    on = lock_services.lock_is_on(user)
    # In the page's own context, as an include: a context of its own ran every context processor again.
    return render_included(
        context,
        "journal/lock/_settings_card.html",
        lock_on=on,
        unlocked=on and lock_key_from_request(request) is not None,
        plan_locked=on and lock_services.lock_plan_is_locked(user),
        unlock_path=UNLOCK_PATH,
    )

"""Deleting an account: the data key goes first, so every copy of the writing becomes unreadable."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.reauth import reauthentication_required
from accounts.types import AuthedRequest
from config.sqlite_files import deleted_rows_flush_no_wait
from journal.keyring import data_keys_shred


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that everything I wrote here will be gone for good"),
        error_messages={"required": _("Tick the box if you're sure. Nothing has been deleted.")},
    )


# What apps above accounts do before a person's rows go (care ends a therapist's links with
# clients, so each client is told why instead of finding their link and its log gone).
_before_delete: list[Callable[[User], None]] = []


def account_deleting_register(hook: Callable[[User], None]) -> None:
    if hook not in _before_delete:
        _before_delete.append(hook)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Shred the wrapped data keys, end every session they are signed in with, then delete the
    person and (by cascade) every row they own.

    One transaction: either the key and the rows go together, or nothing changes. Ciphertext in
    backups taken before now stays unreadable once the server key that wrapped this data key
    has been rotated and retired (see keys_retire).
    """
    for hook in _before_delete:
        hook(user)
    data_keys_shred(user_id=user.pk)
    # Their other devices' sessions hold their id and a locked journal's sealed half-key. The list
    # of them goes with the person (by cascade), so they are ended first, or they would linger
    # in the session table, ownerless, until they expired.
    signed_in = UserSession.objects.filter(user_id=user.pk).values_list("session_key", flat=True)
    Session.objects.filter(session_key__in=list(signed_in)).delete()
    _admin_log_forget(user)
    user.delete()
    # Once it is committed, out of SQLite's files too (their old pages held the key and the rows):
    # as far as one checkpoint goes without holding this person, and everyone's saves, behind a
    # reader; the hourly housekeeping's flush does the rest.
    transaction.on_commit(deleted_rows_flush_no_wait)


def _admin_log_forget(user: User) -> None:
    """The admin's log names each row it changed by its text, which for a person or one of their
    addresses is the address itself (kept even after the address was removed). What the operator
    did stays on record, by the row's id, once the person is gone."""
    addresses = {user.email, *EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True)}
    named = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    for address in addresses:
        named |= Q(object_repr__iexact=address)
    LogEntry.objects.filter(named).update(object_repr=F("object_id"))


_UNTICKED = "unticked"


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required
def delete_account(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        if not DeleteAccountForm(request.POST).is_valid():
            # Sent without the tick, the form comes back by redirect too: a page answering a POST
            # stayed in the history, and Back from "Your account is deleted" met the browser's
            # "Confirm Form Resubmission". The box is the only field, so nothing typed is lost.
            return redirect(f"{reverse('accounts:delete')}?{_UNTICKED}=1")
        user = request.user
        logout(request)
        account_delete(user=user)
        return redirect("accounts:deleted")
    form = DeleteAccountForm({}) if request.GET.get(_UNTICKED) else DeleteAccountForm()
    return render(request, "accounts/delete.html", {"form": form})


@require_GET
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/delete_done.html")

"""The person's choice about their safety plan under the journal lock (#17).

By default the safety plan and coping list stay outside the lock, so a forgotten passphrase never
stands between a person and their plan in a crisis. Locking them too asks once more, on a short
page that says what it costs; keeping them open again needs no confirming (it only makes the plan
easier to reach). Both need the journal open in this browser: the lock key comes from the
person's own session and cookie, so nobody can make this choice for someone else.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from accounts.types import AuthedRequest
from journal import lock_services
from journal.lock_session import lock_key_from_request, unlock_url
from journal.lock_views import settings_said


def _to_unlock(request: AuthedRequest) -> HttpResponseRedirect:
    messages.info(request, _("Your journal is locked right now. Once you've opened it, you can come back here."))
    return HttpResponseRedirect(unlock_url(reverse("accounts:settings")))


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables("lock_key")
def plan_lock(request: AuthedRequest) -> HttpResponse:
    """GET: the gentle confirm page. POST: lock the plan with the journal."""
    if not lock_services.lock_is_on(request.user):
        return redirect("accounts:settings")
    lock_key = lock_key_from_request(request)
    if lock_key is None:
        return _to_unlock(request)
    if request.method == "GET":
        return render(request, "journal/lock/plan_lock.html")
    lock_services.lock_plan_choose(user=request.user, lock_key=lock_key, locked=True)
    messages.success(
        request,
        _("Your safety plan and coping list are locked with your journal now. You can keep them open again any time."),
    )
    return settings_said()


@require_POST
@login_required
@sensitive_variables("lock_key")
def plan_keep_open(request: AuthedRequest) -> HttpResponse:
    if not lock_services.lock_is_on(request.user):
        return redirect("accounts:settings")
    lock_key = lock_key_from_request(request)
    if lock_key is None:
        return _to_unlock(request)
    lock_services.lock_plan_choose(user=request.user, lock_key=lock_key, locked=False)
    messages.success(
        request,
        _("Your safety plan and coping list are open without your passphrase again, there whenever you need them."),
    )
    return settings_said()

"""Export and import pages: downloading everything, and bringing an export back."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from accounts.reauth import reauthentication_required
from accounts.types import AuthedRequest
from journal import portability
from journal.forms import ImportForm
from journal.lock_session import journal_locked_here, unlock_url
from journal.lock_state import JournalLocked
from journal.services import TRASH_DAYS

EXPORT_WINDOW_SESSION_KEY = "journal_export_until"


def _export_window_open(request: HttpRequest) -> bool:
    until = request.session.get(EXPORT_WINDOW_SESSION_KEY)
    return isinstance(until, (int, float)) and time.time() < until


def _unlock_then_export() -> HttpResponse:
    return HttpResponseRedirect(unlock_url(reverse("journal:export")))


@require_GET
@login_required
def export(request: AuthedRequest) -> HttpResponse:
    # The page itself only counts, but everything it offers needs the journal open: say so here
    # (the unlock page, then back), not after "Confirm it's you" (#17).
    if journal_locked_here(request):
        raise JournalLocked(request.user.pk)
    return render(request, "journal/export.html", {"contents": portability.export_contents(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def export_download(request: AuthedRequest) -> HttpResponse:
    if request.method == "GET":
        # Back from "Your download has started" is "Confirm it's you" again; confirmed once more,
        # allauth goes on to this address with a GET, which used to be "This page opens from a
        # form". Nothing is opened on a GET: the ready page fetches the file while the window is
        # still open, and sends the person to the export page (one tap away) once it has closed.
        return HttpResponseRedirect(reverse("journal:export_ready"), status=303)
    return _export_download(request)


@reauthentication_required
def _export_download(request: AuthedRequest) -> HttpResponse:
    if journal_locked_here(request):  # a page left open past the journal's lock: unlock, then back
        return _unlock_then_export()
    # A POST answered with a file leaves the browser on the page that sent it: after confirming
    # it's them, that would be "Confirm it's you" with the password still typed in. So the POST
    # only opens a short window and moves on to a page that says what is happening; that page
    # then fetches the file with a plain GET.
    request.session[EXPORT_WINDOW_SESSION_KEY] = time.time() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    return HttpResponseRedirect(reverse("journal:export_ready"), status=303)


@require_GET
@login_required
def export_ready(request: AuthedRequest) -> HttpResponse:
    if not _export_window_open(request):
        return redirect("journal:export")
    if journal_locked_here(request):
        return _unlock_then_export()
    return render(request, "journal/export_ready.html", {"contents": portability.export_contents(user=request.user)})


@require_GET
@login_required
@sensitive_variables()
def export_file(request: AuthedRequest) -> HttpResponse:
    if not _export_window_open(request):
        return redirect("journal:export")
    archive = portability.export_archive(user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    filename = f"waypoint-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _import_message(result: portability.ImportResult) -> str:
    if result.added:
        message = _("Brought back: %(things)s.") % {"things": ", ".join(result.added)}
        if result.already_here:
            message += " " + ngettext(
                "%(count)s thing was already here.", "%(count)s things were already here.", result.already_here
            ) % {"count": result.already_here}
    elif result.kept_yours:
        message = _("Nothing new was added.")
    else:
        message = _("Everything in that file was already here.")
    if result.kept_yours:
        message += " " + _(
            "Some of it was different in the file (%(things)s), so %(site)s kept what you have here."
        ) % {"things": ", ".join(result.kept_yours), "site": settings.SITE_NAME}
    if result.to_trash:
        # They are missing from the timeline, and their 30 days start again today: said here, or
        # someone counting their entries finds some gone.
        message += " " + ngettext(
            "%(count)s entry went back to the trash, as it was in the file. It stays there for %(days)s days "
            "from today, then it is deleted for good. You can bring it back until then.",
            "%(count)s entries went back to the trash, as they were in the file. They stay there for %(days)s "
            "days from today, then they are deleted for good. You can bring them back until then.",
            result.to_trash,
        ) % {"count": result.to_trash, "days": TRASH_DAYS}
    return message


# The import page's own word for "you came back from the unlock page after choosing a file":
# a fixed word, never anything from the file.
_CHOOSE_AGAIN = "again"


def _unlock_then_import(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        back = f"{reverse('journal:import')}?{urlencode({_CHOOSE_AGAIN: '1'})}"
    else:
        back = request.get_full_path()
    return HttpResponseRedirect(unlock_url(back))


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def import_view(request: AuthedRequest) -> HttpResponse:
    posted = request.method == "POST"
    if journal_locked_here(request):
        # Everything in a file goes into the journal: open it first (#17), then back here. A
        # browser cannot carry a chosen file through the unlock page, so a file that arrived
        # meanwhile is not read, and the page says to choose it again.
        return _unlock_then_import(request)
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            result = portability.import_archive(user=request.user, upload=form.cleaned_data["archive"])
        except JournalLocked:  # the lock came on while the file was on its way; nothing was written
            return _unlock_then_import(request)
        except portability.ImportProblem as problem:
            form.add_error("archive", str(problem))
        else:
            messages.success(request, _import_message(result))
            return redirect("journal:index")
    choose_again = not posted and request.GET.get(_CHOOSE_AGAIN) == "1"
    return render(request, "journal/import.html", {"form": form, "choose_again": choose_again})

"""The supporter's side: no account, a private address, maybe a code, the copies and a reply box.

Everything here opens copies and replies with their own keys only, never the person's data key,
and shows nothing about the person that they did not share (no name, no counts). Every answer
carries `X-Robots-Tag: noindex` and, like every Waypoint page, `no-store`.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from safety.crisis_selectors import strip_for_request
from supporters import limits, selectors, services
from supporters.forms import CodeForm, ReplyForm
from supporters.link_secrets import code_matches
from supporters.models import SupporterLink

# The links this browser has opened with their code, kept in its (anonymous) session.
UNLOCKED_SESSION_KEY = "supporters_unlocked"
UNLOCK_SECONDS = 60 * 60
# Marks the page shown right after a reply was sent.
SENT = "sent"


def _noindex(response: HttpResponse) -> HttpResponse:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _unlocked(request: HttpRequest, link: SupporterLink) -> bool:
    if not link.code_hash:
        return True
    # On a shared device, the page asks for the code again an hour after it was typed.
    at = request.session.get(UNLOCKED_SESSION_KEY, {}).get(str(link.id))
    return isinstance(at, (int, float)) and time.time() - at < UNLOCK_SECONDS


@sensitive_post_parameters("code")
def _code_page(request: HttpRequest, link: SupporterLink) -> HttpResponse:
    form = CodeForm(request.POST if request.method == "POST" and "code" in request.POST else None)
    if form.is_bound and form.is_valid():
        if limits.link_blocked(link.id):
            return render(request, "supporters/too_many.html", status=429)
        if code_matches(form.cleaned_data["code"], link_id=link.id, expected=link.code_hash):
            unlocked = request.session.get(UNLOCKED_SESSION_KEY)
            unlocked = unlocked if isinstance(unlocked, dict) else {}
            unlocked[str(link.id)] = time.time()
            request.session[UNLOCKED_SESSION_KEY] = dict(list(unlocked.items())[-20:])
            return redirect(request.path)
        limits.miss_note(request, link_id=link.id)
        form.add_error("code", _("That code doesn't match. Could you check it with them and try again?"))
    return render(request, "supporters/code.html", {"form": form}, status=200)


@require_http_methods(["GET", "POST"])
@sensitive_variables()
def read(request: HttpRequest, token: str) -> HttpResponse:
    if limits.address_blocked(request):
        return _noindex(render(request, "supporters/too_many.html", status=429))
    link = selectors.link_for_token(token)
    if link is None:
        # Only misses are counted (in the cache), so someone trying addresses is slowed down.
        limits.miss_note(request)
        raise Http404
    if not link.is_live:
        return _noindex(render(request, "supporters/no_longer_shared.html", status=410))
    if not _unlocked(request, link):
        return _noindex(_code_page(request, link))
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if form.is_valid():
            if limits.reply_blocked(link.id):
                form.add_error(
                    "body", _("That's a lot of replies for one day. Your words are still here; try again tomorrow.")
                )
            else:
                services.reply_add(link=link, body=form.cleaned_data["body"])
                limits.reply_note(link.id)
                messages.success(request, _("Sent. They will see it next time they open Waypoint."))
                return redirect(f"{request.path}?{SENT}=1#reply-heading")
    elif SENT not in request.GET:
        # Each opening is a line in the person's log: that is what they were promised. The page
        # after sending a reply is the same visit, not another opening.
        services.page_opened(link=link)
    return _noindex(
        render(
            request,
            "supporters/read.html",
            {
                "copies": selectors.copies_for_link(link),
                "expires_at": link.expires_at,
                "form": form,
                "resources": strip_for_request(request),
            },
        )
    )

"""The supporter's side: no account, a private address, maybe a code, the copies and a reply box.

Everything here opens copies and replies with their own keys only, never the person's data key,
and shows nothing about the person that they did not share (no name, no counts). Every answer
carries `X-Robots-Tag: noindex` and, like every Waypoint page, `no-store`.

An opening is logged only when someone does something a link scanner never does: presses "Open
it" or types the right code (a POST with this browser's CSRF token). Mail and chat apps fetch a
link with GET to check it or preview it, and the person must not be told their words were read
when nobody read them. So a GET alone shows only the "Open it" page, and writes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from accounts.middleware import needs_no_account
from accounts.sent_once import sent_before, sent_now
from config.form_expired import answers_expired_form
from safety.crisis_selectors import strip_for_request
from supporters import limits, selectors, services
from supporters.forms import CodeForm, ReplyForm
from supporters.link_secrets import code_matches
from supporters.models import SupporterLink

# The links this browser has opened (with their code, if they have one), kept in its anonymous
# session. On a shared device the page asks again an hour later, and asking again is a new opening.
OPENED_SESSION_KEY = "supporters_opened"
OPEN_SECONDS = 60 * 60
# The field of the "Open it" form.
OPEN = "open"
# Marks the page shown right after a reply was sent, and the message there that says so: in the
# reply box the supporter just used, not at the top of a long page where they would never see it.
SENT = "sent"
SENT_ID = "reply-sent"
# The reply boxes this browser sent lately, by the random value each carries (never the words).
REPLIES_SENT_SESSION_KEY = "supporters_replies_sent"
# Every page here is for someone without an account, where the crisis strip's "My safety plan"
# would lead only to a sign-in page. Help now and Leave quickly stay.
VISITOR_PAGE = {"strip_without_plan": True}


def _page(
    request: HttpRequest, template_name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(request, template_name, {**VISITOR_PAGE, **(context or {})}, status=status)


def _noindex(response: HttpResponse) -> HttpResponse:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _opened(request: HttpRequest, link: SupporterLink) -> bool:
    at = request.session.get(OPENED_SESSION_KEY, {}).get(str(link.id))
    return isinstance(at, (int, float)) and time.time() - at < OPEN_SECONDS


def _remember_opened(request: HttpRequest, link: SupporterLink) -> None:
    opened = request.session.get(OPENED_SESSION_KEY)
    opened = opened if isinstance(opened, dict) else {}
    opened.pop(str(link.id), None)
    opened[str(link.id)] = time.time()
    # The newest few: one browser rarely holds more than a link or two.
    request.session[OPENED_SESSION_KEY] = dict(list(opened.items())[-20:])


def _open(request: HttpRequest, link: SupporterLink) -> HttpResponse:
    """A person opened the page: one line in the person's log, then the copies, without another."""
    services.page_opened(link=link)
    _remember_opened(request, link)
    return redirect(request.path)


def _words(request: HttpRequest) -> str:
    """The reply this POST carries, if any: given back on any page that cannot take it, never kept."""
    body = request.POST.get("body", "") if request.method == "POST" else ""
    return body if body.strip() else ""


def _given_back(words: str) -> ReplyForm:
    """The reply box holding words the server gave back, held nowhere else. data-unsent tells
    waypoint.js so: at the idle lock the page stays, covered, rather than opening again empty."""
    form = ReplyForm(initial={"body": words})
    form.fields["body"].widget.attrs["data-unsent"] = True
    return form


def _refused(request: HttpRequest, template_name: str, status: int, **context: Any) -> HttpResponse:
    """A page that takes nothing; words the supporter sent with it come back for them to copy."""
    return _noindex(_page(request, template_name, {"words": _words(request), **context}, status=status))


def _code_page(request: HttpRequest, link: SupporterLink) -> HttpResponse | None:
    """Asks for the code, or opens the page once it matches.

    None when the code matched and a reply came with it: the words were written before the code
    was asked again (the hour ran out, or the phone forgot this browser), and read() takes them.
    The words travel only in this page's own form, never in the session or the cache.
    """
    posted = request.POST if request.method == "POST" else None
    words = _words(request)
    form = CodeForm(posted if posted is not None and "code" in posted else None)
    if form.is_bound and form.is_valid():
        if limits.link_blocked(link.id):
            # Their link is whole (it found the page): what to check is the code they were told.
            return _refused(request, "supporters/too_many.html", status=429, code=True)
        if code_matches(form.cleaned_data["code"], link_id=link.id, expected=link.code_hash):
            # Typing the code is already the supporter opening it: no second button.
            return None if words else _open(request, link)
        limits.miss_note(request, link_id=link.id)
        form.add_error("code", _("That code doesn't match. Could you check it with them and try again?"))
    # Unbound, so the words come back as they were, without a message about them yet.
    reply = _given_back(words) if words else None
    return _page(request, "supporters/code.html", {"form": form, "reply": reply})


def _reply(request: HttpRequest, link: SupporterLink) -> HttpResponse | ReplyForm:
    """Sends the reply and redirects, or gives the form back with what to change."""
    form = ReplyForm(request.POST)
    if form.is_valid():
        once = form.cleaned_data["once"]
        if sent_before(request, REPLIES_SENT_SESSION_KEY, once, about=link.id):
            # The same box sent again (a double tap on Send): it went the first time.
            return redirect(f"{request.path}?{SENT}=1#{SENT_ID}")
        if limits.reply_blocked(link.id):
            form.add_error(
                "body",
                _("That's a lot of replies for one day. Your words are still here; you could send them tomorrow."),
            )
        else:
            sent_now(request, REPLIES_SENT_SESSION_KEY, once, about=link.id)  # before the reply
            services.reply_add(link=link, body=form.cleaned_data["body"])
            limits.reply_note(link.id)
            # A reply is part of the visit that opened the page, not another opening. If the hour
            # ran out while they were writing, the page they come back to still shows the copies.
            if not _opened(request, link):
                _remember_opened(request, link)
            return redirect(f"{request.path}?{SENT}=1#{SENT_ID}")
    return form


def _send_again(request: HttpRequest) -> HttpResponse | None:
    """The form's CSRF token is not this browser's any more: someone signed in or out on it since
    the page was drawn (signing in gives a browser a new token). Nothing is taken, and nothing is
    looked up: this may as well be another site's form. The words come back in a form with the
    new token, to send with one more press; the view then checks everything as it always does."""
    words = _words(request)
    if not words:
        return None
    form = _given_back(words)
    return _noindex(_page(request, "supporters/send_again.html", {"form": form}, status=403))


# Someone with their own Waypoint account may read this page signed in: a reply sent after their
# idle lock came signs them out and still goes (or comes back with the code asked again), never lost.
# So does a reply written before someone else signed in on that browser (sent again, without JavaScript).
@needs_no_account
@answers_expired_form(_send_again)
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code", "body")
@sensitive_variables()
def read(request: HttpRequest, token: str) -> HttpResponse:
    if limits.address_blocked(request):
        return _refused(request, "supporters/too_many.html", status=429)
    link = selectors.link_for_token(token)
    if link is None:
        # Only misses are counted (in the cache), and only when sent: a GET writes nothing. The
        # address has 256 bits, so the count keeps noise down rather than guards it.
        if request.method == "POST":
            limits.miss_note(request)
        # A removed supporter's link is gone with everything else about them, so it is an address
        # that never was. Still their page, not the site's "mistyped" one: a calm word, the guide,
        # no plan to sign in to, and any reply they were sending given back to copy.
        return _refused(request, "supporters/not_found.html", status=404)
    if not link.is_live:
        # Nothing is taken, but a reply written while sharing stopped comes back to be copied.
        return _refused(request, "supporters/no_longer_shared.html", status=410)
    opened = _opened(request, link)
    if link.code_hash and not opened:
        asked = _code_page(request, link)
        if asked is not None:
            return _noindex(asked)
        # The code matched and a reply came with it: on to the reply, as on a link without a code.
    form = ReplyForm()
    if request.method == "POST" and "body" in request.POST:
        # Without a code, whoever has the link may write back, so a reply whose hour has run out
        # is still taken rather than lost. With a code, the code came first (above), typed again
        # beside the words if need be.
        sent = _reply(request, link)
        if isinstance(sent, HttpResponse):
            return sent
        form = sent
        if not opened:
            # The reply came back to be mended, with the copies beside it: that is reading them,
            # so it is an opening (never copies shown without one), and the words stay in the form.
            services.page_opened(link=link)
            _remember_opened(request, link)
    elif not opened:
        if request.method == "POST" and OPEN in request.POST:
            return _open(request, link)
        return _noindex(_page(request, "supporters/open.html"))
    return _noindex(
        _page(
            request,
            "supporters/read.html",
            {
                "copies": selectors.copies_for_link(link),
                "expires_at": link.expires_at,
                "form": form,
                "resources": strip_for_request(request),
                # Only the page the redirect leads to: a reply sent again from it says nothing yet.
                "sent": request.method == "GET" and request.GET.get(SENT) == "1",
                "sent_id": SENT_ID,
            },
        )
    )

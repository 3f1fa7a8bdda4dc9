"""The person's side: the people they trust, their links, what is shared, replies and the log."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.mail import send_mail
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import keeps_text_when_locked
from accounts.reauth import confirm_its_you, recently_signed_in
from accounts.sent_once import sent_before, sent_now
from accounts.session_marks import session_mark, session_marked
from accounts.time_zones import day_and_time_named
from accounts.types import AuthedRequest
from config.htmx import wants_fragment
from sharing.copies import copies_name_entries, copy_read
from sharing.share_pages import said_shared
from supporters import limits, selectors, services
from supporters.forms import LinkForm, RepliesSeenForm, SupporterForm
from supporters.models import Supporter, SupporterEvent
from supporters.selectors import SupporterView

logger = logging.getLogger(__name__)


def _get_supporter(request: AuthedRequest, supporter_id: UUID) -> Supporter:
    return selectors.supporter_for_owner(owner=request.user, supporter_id=supporter_id)


# The people removed in this browser lately. Nothing about them is kept anywhere else, and a second
# tap on "Remove" must say it is done, not "We couldn't find that page". Ids only, never a name.
REMOVED_SESSION_KEY = "supporters_removed"


def _at_the_message(url: str) -> HttpResponse:
    # To what just happened (#messages, base.html), as "Added" does: "Sharing stopped" or
    # "Removed" otherwise left focus at the top of the redrawn page, before the menu.
    return redirect(f"{url}#messages")


def _already_done(request: AuthedRequest, supporter_id: UUID | None, message: str) -> HttpResponse:
    """A second tap on something that protects the person: say calmly that it is done.

    Only the person's own records are asked, so anyone else's id stays a plain 404.
    """
    if supporter_id is None:
        raise Http404
    messages.info(request, message)
    return redirect("supporters:person", supporter_id=supporter_id)


def _get_supporter_or_removed(request: AuthedRequest, supporter_id: UUID) -> Supporter | HttpResponse:
    """Their page, or a form on it, opened after they were removed in this browser: the back button,
    or a second tab still showing it. "We couldn't find that page" there would leave the person
    wondering whether what they shared is still out there, so it says calmly that it is all gone."""
    try:
        return _get_supporter(request, supporter_id)
    except Http404:
        # Asked only once they are gone: a removal that failed must never be called done.
        if not session_marked(request, REMOVED_SESSION_KEY, supporter_id):
            raise
    messages.info(request, _("They were already removed. Nothing about them is kept."))
    return redirect("supporters:people")


# The "Make a link" forms this browser sent lately, by the random value each form carries (never the
# link or its code). The same form again must not make another link: that would end the one just
# shown "only this once" and email them a second time.
LINKS_MADE_SESSION_KEY = "supporters_links_made"


# "Share with someone you trust" with nobody added yet sends the person here to add someone. Once
# added, they go back to what they were sharing, now with that person to choose, rather than to the
# new person's page, which would tell them to go and find the entry or plan again. Only a sharing
# page of this app is followed, so the address cannot lead anywhere else.
_SHARING_PAGES = {"share_entry", "share_plan", "share_summary"}


def _sharing_page_or_none(then: str) -> str | None:
    parts = urlsplit(then)
    if parts.scheme or parts.netloc or not then.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return then if match.namespace == "supporters" and match.url_name in _SHARING_PAGES else None


# A name and an address typed while the journal was locked in another tab (or by the idle lock and
# a new sign-in) ride through the unlock page and are added once it opens, rather than being lost
# on the way to the journal (journal/lock_carry.py).
@keeps_text_when_locked
@require_http_methods(["GET", "POST"])
@login_required
@sensitive_post_parameters("name", "email")
@sensitive_variables()
def people(request: AuthedRequest) -> HttpResponse:
    """The people this person trusts, and adding one. Nothing is shared by adding someone."""
    # Shown without names while the journal is locked, so sharing can still be stopped; adding
    # someone encrypts their name, so a POST then goes by way of the unlock page.
    people = selectors.supporters_for(owner=request.user, names_optional=request.method == "GET")
    form = SupporterForm(
        request.POST or None,
        taken=[view.name for view in people],
        addresses=[(view.email, view.name) for view in people if view.email],
    )
    # The form carries the way back as a field too: a POST that meets the lock comes back from the
    # unlock page with its fields, never with the address it was sent to.
    back_to_sharing = _sharing_page_or_none(request.POST.get("then") or request.GET.get("then", ""))
    if request.method == "POST" and form.is_valid():
        supporter = services.supporter_add(
            owner=request.user, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
        )
        messages.success(request, _("Added. Nothing is shared with them until you choose to share something."))
        # To the "Added" message (#messages, base.html): focus otherwise started at the top of the
        # redrawn page, and a keyboard or screen reader met the menu before what had just happened.
        if back_to_sharing:
            return redirect(back_to_sharing if "#" in back_to_sharing else f"{back_to_sharing}#messages")
        return redirect(reverse("supporters:person", args=[supporter.id]) + "#messages")
    return render(
        request,
        "supporters/people.html",
        {
            "people": people,
            "form": form,
            "then": back_to_sharing,
            "letter_id": selectors.letter_sequence_id(),
            # The page tells the server it showed the replies that had come by now (replies_seen).
            "unseen": any(view.unseen for view in people),
            "shown_at": timezone.now().isoformat(),
        },
    )


def _person_context(request: AuthedRequest, supporter: Supporter, **extra: Any) -> dict[str, Any]:
    copies = selectors.copies_for(supporter=supporter)
    # Each entry by its title or first words, with the journal open: two of one day read alike.
    copies_name_entries(owner=request.user, copies=copies)
    person = selectors.supporter_view(supporter=supporter, copies=len(copies), names_optional=True)
    # A locked journal shows no replies (templates/supporters/person.html): none is opened.
    replies = [] if person.locked else selectors.replies_for(supporter=supporter)
    return {
        "person": person,
        "copies": copies,
        "replies": replies,
        # Only once their words are on the page: a locked journal shows none of them.
        "unseen": any(reply.reply.seen_at is None for reply in replies),
        "log": selectors.log_for(supporter=supporter),
        "link_form": LinkForm(),
        "shown_at": timezone.now().isoformat(),
        **extra,
    }


@require_GET
@login_required
@sensitive_variables()
def person(request: AuthedRequest, supporter_id: UUID) -> HttpResponse:
    supporter = _get_supporter_or_removed(request, supporter_id)
    if isinstance(supporter, HttpResponse):
        return supporter
    # "Shared." stands just above what they can read, where it can be stopped, not a screen above it.
    context = _person_context(request, supporter, messages_below=said_shared(request))
    return render(request, "supporters/person.html", context)


def _send_link_email(request: AuthedRequest, view: SupporterView, url: str, expires: str, *, with_code: bool) -> bool:
    """A neutral email with the link and nothing the person wrote, not even their name.

    The link is often made before anything is shared, so it promises a page, not something on it.
    """
    if not view.email:
        return False
    # Said only when it is so: "if they told you a code" left someone with a link that needs none
    # waiting for a code, and someone whose link needs one unsure whether to ask for it.
    code_note = (
        _("The page will ask for a code. They will tell you it themselves, not in this email.\n\n") if with_code else ""
    )
    # The server's own name, as every other email gives it (templates/account/email/base_message.txt):
    # a Waypoint run under another name must not be named "Waypoint" in the inbox.
    body = _(
        "Hello,\n\n"
        "Someone who trusts you made a private page for you on %(site)s, a journal app. "
        "Anything they choose to share with you will appear there.\n\n"
        "You can open it here, without an account:\n%(url)s\n\n"
        "The link works until %(expires)s.\n\n"
        "%(code_note)s"
        "With care, %(site)s\n"
    ) % {"site": settings.SITE_NAME, "url": url, "expires": expires, "code_note": code_note}
    try:
        send_mail(_("A private link for you"), body, None, [view.email])
    except Exception as exc:
        # The link is made and the old one ended: show it anyway, so nothing is lost. Only the
        # kind of error is logged: a refusal (SMTPRecipientsRefused) and its traceback carry the
        # supporter's address.
        logger.error("Could not email a supporter's link (%s).", type(exc).__name__)
        return False
    return True


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def link_make(request: AuthedRequest, supporter_id: UUID) -> HttpResponse:
    """Make a new private link. Its address (and code) are shown on this one page, once.

    A link is what lets someone read, so it asks "confirm it's you" unless the person signed in or
    confirmed a few minutes ago: a browser left signed in must not let anyone send themselves one.
    The GET is the form on its own, where confirming leads back to: nothing is kept to be sent again.
    """
    supporter = _get_supporter_or_removed(request, supporter_id)
    if isinstance(supporter, HttpResponse):
        return supporter
    if not recently_signed_in(request):
        # The choices made on their page come back with the form: how long, a code, the email.
        # Only those, never a name or an address, so the address back holds nothing personal.
        chosen = LinkForm(request.POST or request.GET).link_choices()
        then = reverse("supporters:link_make", args=[supporter.id])
        why = _("We ask so nobody else using this device can give someone a way to read what you share.")
        return confirm_its_you(request, then=f"{then}?{urlencode(chosen)}" if chosen else then, why=why)
    if request.method == "GET":
        person = selectors.supporter_view(supporter=supporter)
        form = LinkForm(initial=LinkForm(request.GET).link_choices())
        return render(request, "supporters/link_new.html", {"person": person, "link_form": form})
    form = LinkForm(request.POST)
    if not form.is_valid():
        return render(request, "supporters/person.html", _person_context(request, supporter, link_form=form))
    once = form.cleaned_data["once"]
    # Their address is under the journal's key: asked before anything changes, so a journal locked
    # in another tab ends no link and makes none whose address would never be shown.
    view = selectors.supporter_view(supporter=supporter)
    if sent_before(request, LINKS_MADE_SESSION_KEY, once, about=supporter.id):
        return render(request, "supporters/link_made_before.html", {"person": view})
    sent_now(request, LINKS_MADE_SESSION_KEY, once, about=supporter.id)  # before the link
    new = services.link_make(
        supporter=supporter, days=form.cleaned_data["days"], with_code=form.cleaned_data["with_code"]
    )
    url = request.build_absolute_uri(reverse("supporters:read", kwargs={"token": new.token}))
    # The day and the time: "until 7 December" read as the whole of the 7th, and the link ended that
    # afternoon. In the site's zone, named, as their page says it without JavaScript: never the
    # person's own zone, which would tell where they are, and the supporter may live elsewhere.
    expires = day_and_time_named(new.link.expires_at, timezone.get_default_timezone())
    asked = bool(form.cleaned_data["send_email"] and view.email)
    too_many = asked and limits.link_email_blocked(owner_id=request.user.pk, email=view.email)
    emailed = asked and not too_many and _send_link_email(request, view, url, expires, with_code=bool(new.code))
    if emailed:
        limits.link_email_note(owner_id=request.user.pk, email=view.email)
    return render(
        request,
        "supporters/link_made.html",
        {
            "person": view,
            "url": url,
            "code": new.code,
            "expires_at": new.link.expires_at,
            "emailed": emailed,
            "email_failed": asked and not emailed and not too_many,
            "email_limited": too_many,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def stop_all(request: AuthedRequest, supporter_id: UUID) -> HttpResponse:
    supporter = _get_supporter_or_removed(request, supporter_id)
    if isinstance(supporter, HttpResponse):
        return supporter
    if request.method == "POST":
        services.sharing_stop_all(supporter=supporter)
        messages.success(request, _("Sharing stopped. Their link now says that nothing is shared with them."))
        return _at_the_message(reverse("supporters:person", args=[supporter.id]))
    person = selectors.supporter_view(supporter=supporter, copies=supporter.copies.count(), names_optional=True)
    # Back from their page after stopping: asking again "Stop sharing everything?" would leave the
    # person unsure it had worked, so the page says plainly that nothing is shared now.
    nothing_shared = not person.copies and not person.link_is_live
    return render(request, "supporters/stop_all.html", {"person": person, "nothing_shared": nothing_shared})


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_variables()
def remove(request: AuthedRequest, supporter_id: UUID) -> HttpResponse:
    supporter = _get_supporter_or_removed(request, supporter_id)
    if isinstance(supporter, HttpResponse):
        return supporter
    if request.method == "POST":
        session_mark(request, REMOVED_SESSION_KEY, supporter_id)
        services.supporter_remove(supporter=supporter)
        messages.success(request, _("Removed. Everything you shared with them, and their replies, is deleted."))
        return _at_the_message(reverse("supporters:people"))
    person = selectors.supporter_view(supporter=supporter, names_optional=True)
    return render(request, "supporters/remove.html", {"person": person})


@require_GET
@login_required
@sensitive_variables()
def copy(request: AuthedRequest, copy_id: UUID) -> HttpResponse:
    """The copy exactly as the supporter reads it. Opening it here adds nothing to the log."""
    found = selectors.copy_for_owner_or_none(owner=request.user, copy_id=copy_id)
    if found is None:
        # The back button after "Stop sharing this": say it stopped, not "We couldn't find that page".
        stopped = selectors.gone_from_log(owner=request.user, item_id=copy_id, action=SupporterEvent.Action.STOPPED)
        return _already_done(request, stopped, _("Sharing had already stopped. It is no longer on their page."))
    return render(
        request,
        "supporters/copy.html",
        {
            "copy": found,
            "snapshot": copy_read(found),
            # What they read is the person's own words: a locked journal keeps them behind its
            # passphrase here too (stopping it, below, needs none).
            "person": selectors.supporter_view(supporter=found.supporter),
        },
    )


@require_POST
@login_required
def copy_stop(request: AuthedRequest, copy_id: UUID) -> HttpResponse:
    found = selectors.copy_for_owner_or_none(owner=request.user, copy_id=copy_id)
    if found is None:
        stopped = selectors.gone_from_log(owner=request.user, item_id=copy_id, action=SupporterEvent.Action.STOPPED)
        return _already_done(request, stopped, _("Sharing had already stopped. It is no longer on their page."))
    services.share_stop(copy=found)
    messages.success(request, _("Sharing stopped. It is no longer on their page."))
    return _at_the_message(reverse("supporters:person", args=[found.supporter_id]))


@require_POST
@login_required
def reply_delete(request: AuthedRequest, reply_id: UUID) -> HttpResponse:
    reply = selectors.reply_for_owner_or_none(owner=request.user, reply_id=reply_id)
    if reply is None:
        # The log keeps the line "they wrote back" with the reply's id; the reply itself is gone.
        replied = selectors.gone_from_log(owner=request.user, item_id=reply_id, action=SupporterEvent.Action.REPLIED)
        return _already_done(request, replied, _("That reply was already deleted."))
    services.reply_delete(reply=reply)
    messages.success(request, _("Deleted."))
    return _at_the_message(reverse("supporters:person", args=[reply.supporter_id]))


@require_POST
@login_required
def replies_seen(request: AuthedRequest) -> HttpResponse:
    """The home page's "Read it", or a page that showed replies telling the server so once it loads.

    A POST, so opening a page never writes: the page sends this itself (htmx, on load), and without
    JavaScript the home page's line stays until "Read it" is pressed.
    """
    form = RepliesSeenForm(request.POST)
    if not form.is_valid():
        # Only a form changed by hand: the site's own page, not a blank one (see suggestion_decide).
        raise BadRequest
    supporter_id = form.cleaned_data["supporter"]
    # Someone else's supporter is a 404, the same as one never made.
    supporter = _get_supporter(request, supporter_id) if supporter_id else None
    # From the home page, where the line names nobody: straight to the words when one person wrote.
    quietly = wants_fragment(request)
    # In the people page's own order, so "Read it" lands on the first row with a reply waiting.
    waiting = [] if quietly or supporter else selectors.supporters_with_unseen_replies(owner=request.user)
    # "Read it" with the journal locked here leads to a page that keeps their words back: the line
    # stays on the home page until the words can be read (the on-load forms say what they showed).
    if quietly or selectors.replies_readable(owner=request.user):
        services.replies_mark_seen(owner=request.user, supporter=supporter, shown_before=form.cleaned_data["shown_at"])
    if quietly:
        return HttpResponse(status=204)
    if supporter is not None or len(waiting) == 1:
        return redirect(reverse("supporters:person", args=[supporter.id if supporter else waiting[0]]) + "#replies")
    # Two or more wrote back: the list of people, at the first of them (people.html). At its top,
    # the person had to hunt for whose words were new among everyone they trust.
    at = f"#supporter-{waiting[0]}" if waiting else ""
    return redirect(reverse("supporters:people") + at)

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.internal.flows.password_reset import get_reset_password_url
from allauth.utils import build_absolute_uri
from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.invites import invite_address_note, invite_redeem, url_after_sign_in
from accounts.mail_limits import already_exists_mail_allowed
from accounts.models import User
from config.site_policy import signup_open

# Set on the request when the address just removed was a change still waiting for its link.
_CANCELLED_CHANGE = "waypoint_email_change_cancelled"
logger = logging.getLogger(__name__)
_EMAIL_DELETED = "account/messages/email_deleted.txt"
_SAVED_MESSAGE = "account/messages/password_changed.txt"
# The page where a code we emailed is typed (to confirm it's you; signing in by an emailed code is
# off). After its last try allauth drops that code and sends the person back to ask for another,
# with its "too many attempts" words.
_EMAILED_CODE_PAGES = {"account_confirm_reauthentication_code"}
_EMAIL_DELETED_NOTICE = "account/email/email_deleted"
# What an account's address holds (allauth's EmailAddress.email holds as much).
_EMAIL_LONGEST: int = User._meta.get_field("email").max_length or 254


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships without type hints
    # allauth's wording for these shows on the sign-in and email pages, in a voice that isn't ours.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _("That was a lot of tries in a row, so this is paused for a few minutes."),
        # allauth's "Be patient, you are sending too many requests." (wrong codes while setting up
        # the authenticator app, confirming it's you, asking for a code again) told the person off.
        "rate_limited": _(
            "That was a lot of tries in a row, so this is paused for a few minutes. You could try again after that."
        ),
        "duplicate_email": _("That is the address you use already."),
        # A code we emailed (to confirm it's you); the app's codes have their own words (mfa_adapter).
        "incorrect_code": _("That code didn't work. Could you check it against the one in the email we sent?"),
    }
    # Nothing is paused then: a new code can be sent at once, and it works.
    emailed_code_used_up = _("That code stopped working after a few tries. You could ask for a new one now.")

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return signup_open(request)

    def clean_email(self, email: str) -> str:
        # A form's email box takes 320 characters, an account's address 254. Sign-up cut a longer one
        # to its first 254 and made the account for that, an address nobody has: its link never came,
        # and the invite it was made with was used up. A new address on the email page was kept whole,
        # longer than PostgreSQL's column holds ("Something went wrong on our side").
        if len(email) > _EMAIL_LONGEST:
            raise forms.ValidationError(
                _("That is longer than an email address can be. Could you check it?"), code="too_long"
            )
        return super().clean_email(email)  # type: ignore[no-any-return]

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        # Signed in by confirming a new account's email (in the browser that signed up): allauth
        # notes no step, so "confirm it's you" would ask for the password just chosen. Noted here
        # as the sign-in it is; a sign-in by password, code or passkey has its own note already.
        if not get_authentication_records(request, user):
            record_authentication(request, user, method="email_confirmation")

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        # "Confirm it's you" opens on the first of these. allauth puts an emailed code before the
        # passkey, so an account with no password (it signs in with a passkey) was sent to its inbox
        # first. The way it signs in comes first; the code stays one tap away among the others.
        if user.is_authenticated and not user.has_usable_password():
            methods.sort(key=lambda method: method["id"] != "mfa_reauthenticate:webauthn")
        return methods

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Only an invite code is used up here; a therapist's invitation is used when accepted.
            invite_redeem(request=request, user=user)
        return user

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # "Keep my current email" removes the waiting address with the same flow as any removal;
        # "that address is gone" would read as if the address in use had gone.
        if message_template == _EMAIL_DELETED and getattr(request, _CANCELLED_CHANGE, False):
            message_template = "account/messages/email_change_cancelled.txt"
        if (
            message is not None
            and str(message) == str(self.error_messages["too_many_login_attempts"])
            and _url_name(request) in _EMAILED_CODE_PAGES
        ):
            # It said "this is paused for a few minutes", and someone at night waited for nothing.
            message = str(self.emailed_code_used_up)
        if message_template == _SAVED_MESSAGE and _url_name(request) == "account_reset_password_from_key":
            # A new password from a reset link: the page it lands on says so in its heading.
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_notification_mail(
        self, template_prefix: str, user: Any, context: dict[str, Any] | None = None, email: str | None = None
    ) -> None:
        if template_prefix == _EMAIL_DELETED_NOTICE and getattr(self.request, _CANCELLED_CHANGE, False):
            # "Keep my current email": the address that went was never confirmed, so no way in
            # changed, and "An email address was removed" would alarm the person who just chose it.
            return
        # Each notice says what to do if the change wasn't theirs, with full links built as the
        # "You already have an account" email builds its own. allauth also passes the IP address
        # and browser; the templates leave them out, as an email says only what it must.
        links = {
            "password_reset_url": get_reset_password_url(self.request),
            "login_url": build_absolute_uri(self.request, reverse("account_login")),
        }
        try:
            super().send_notification_mail(template_prefix, user, {**links, **(context or {})}, email)
        except OSError as error:  # smtplib.SMTPException, refused connections, timeouts
            # A notice follows a change already made. A mail server that is down must not turn the
            # page after it into an error: the one page that shows a new recovery key, or the
            # message that the change is saved. Only the kind of failure is logged: a mail server's
            # message can hold the address.
            logger.warning("An account notice could not be sent (%s).", type(error).__name__)

    def send_account_already_exists_mail(self, email: str) -> None:
        # Someone who tried to sign up with the address they use may only need to sign in: in the
        # browser that tried, what they came for (a clinic's invite, say) is waiting for them there.
        links = {
            "password_reset_url": get_reset_password_url(self.request),
            "login_url": build_absolute_uri(self.request, reverse("account_login")),
        }
        # Ten an hour to one address at most: sign-up answers the same either way (accounts/mail_limits.py).
        if already_exists_mail_allowed(email):
            self.send_mail("account/email/account_already_exists", email, links)
        # Only this address's account is led back to the invite on signing in (accounts/invites.py).
        invite_address_note(self.request, email)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return url_after_sign_in(request) or _ask_region_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return url_after_sign_in(request) or _ask_region_first(request, super().get_signup_redirect_url(request))


def _ask_region_first(request: HttpRequest, then: str) -> str:
    # Until a person says where they are, the strip shows a guessed country's numbers: ask once,
    # gently, right after signing in, and go on to where they were headed.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.region or user.region_asked:
        return then
    return f"{reverse('accounts:region_question')}?{urlencode({'next': then})}"


def _url_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match is not None else None


def note_email_removed(sender: Any, request: HttpRequest | None, email_address: Any, **kwargs: Any) -> None:
    """allauth's email_removed signal, sent just before its message: was this a change not yet confirmed?"""
    if request is not None:
        setattr(request, _CANCELLED_CHANGE, not email_address.verified)

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from accounts.email_change import email_change
from accounts.two_step_pages import code_step, passkey_rename, totp_set_up
from accounts.usersessions import session_list
from accounts.verification_sent import verification_sent
from config import errors
from config.favicon import favicon
from config.pwa import manifest, service_worker
from prompts import views as prompts_views
from safety.offline import offline_page

# The admin's own sign-in form knows nothing of two-step sign-in or of the limits on wrong
# passwords: a password alone opened the admin, and could be guessed there without end. Staff sign
# in on Waypoint's page like everyone, then come back to the admin.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


def _admin_password_change(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    # The admin header's "Change password": Django's form changed an operator's password without the
    # notice every other change sends, so a taken-over operator account went unseen. Waypoint's page.
    return redirect("account_change_password")


admin.site.password_change = _admin_password_change  # type: ignore[assignment,method-assign]
# Signing out of the admin ends on a page in Waypoint's words (the same sign-out: the session's end
# clears the browser's data and forgets an opened journal lock, by the signals both listen to).
admin.site.logout_template = "admin/signed_out.html"

urlpatterns = [
    path("", prompts_views.home, name="home"),
    path("about/", prompts_views.about, name="about"),
    path("reflections/", include("prompts.urls")),
    path("journal/", include("journal.urls")),
    path("safety/", include("safety.urls")),
    path("care/", include("care.urls")),
    path("look-back/", include("progress.urls")),
    path("people-around-you/", include("supporters.urls")),
    path("account/", include("accounts.urls")),
    # Before allauth's own: the same page and form, without deleting rows while it is read.
    path("accounts/sessions/", session_list, name="usersessions_list"),
    # allauth's own page, saying so when a link asked for again is not sent yet.
    path("accounts/email/", email_change, name="account_email"),
    # allauth's own code page, saying why it went back to signing in after waiting too long, and
    # its app set-up page, which once the app is on goes to the two-step page, not "Turn off?",
    # and its passkey rename, which now says the name was saved.
    path("accounts/2fa/authenticate/", code_step, name="mfa_authenticate"),
    path("accounts/2fa/totp/activate/", totp_set_up, name="mfa_activate_totp"),
    path("accounts/2fa/webauthn/keys/<int:pk>/edit/", passkey_rename, name="mfa_edit_webauthn"),
    # allauth's "Check your email", saying so once the link was opened in another browser.
    path("accounts/confirm-email/", verification_sent, name="account_email_verification_sent"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    # For the home screen and offline use (docs/home-screen.md); the worker must sit at the root.
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
    path("offline/<str:region>/", offline_page, name="offline"),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
# Not Django's: allauth looks for it here when it pauses a step (allauth.core.internal.ratelimit).
handler429 = errors.too_many_requests

from django.contrib import admin
from django.urls import include, path

from accounts.usersessions import session_list
from config import errors
from config.favicon import favicon
from prompts import views as prompts_views

urlpatterns = [
    path("", prompts_views.home, name="home"),
    path("about/", prompts_views.about, name="about"),
    path("reflections/", include("prompts.urls")),
    path("journal/", include("journal.urls")),
    path("safety/", include("safety.urls")),
    path("care/", include("care.urls")),
    path("account/", include("accounts.urls")),
    # Before allauth's own: the same page and form, without deleting rows while it is read.
    path("accounts/sessions/", session_list, name="usersessions_list"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

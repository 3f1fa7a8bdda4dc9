"""The bare-Django floor: `gunicorn bench.floor` answers "ok" with no middleware and no database.

`make bench` serves it with the same gunicorn settings as Waypoint, so the ratio of Waypoint's
cheapest signed-in page to this is what Waypoint's own middleware, session and templates cost on
this machine, whatever the machine. Never part of the app; nothing imports it but gunicorn.
"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-only",  # signs nothing: no sessions, no cookies
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]

application = get_wsgi_application()

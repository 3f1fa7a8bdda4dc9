"""Waypoint's URLs as they will be once the safety page "the first minutes after self-harm" lands."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

import safety.urls
from config.urls import urlpatterns as waypoint_urls


def after_harm(request: HttpRequest) -> HttpResponse:
    return HttpResponse("The first minutes")


safety_urls = [*safety.urls.urlpatterns, path("after/", after_harm, name="after_harm")]
urlpatterns = [
    path("safety/", include((safety_urls, "safety"))),
    *[pattern for pattern in waypoint_urls if getattr(pattern, "namespace", None) != "safety"],
]

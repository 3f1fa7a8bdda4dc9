from django.urls import URLPattern, URLResolver, path

from progress import views

app_name = "progress"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.look_back, name="look_back"),
    path("patterns/", views.patterns, name="patterns"),
    path("starred/<uuid:entry_id>/", views.entry_star, name="entry_star"),
]

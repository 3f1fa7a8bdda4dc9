from django.urls import URLPattern, URLResolver, path

from supporters import views

app_name = "supporters"

urlpatterns: list[URLPattern | URLResolver] = [
    # Linked from other pages and printed on paper: keep the name and the address stable.
    path("guide/", views.guide, name="guide"),
]

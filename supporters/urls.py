from django.urls import URLPattern, URLResolver, path

from supporters import telling_views, views

app_name = "supporters"

urlpatterns: list[URLPattern | URLResolver] = [
    # Linked from other pages and printed on paper: keep the name and the address stable.
    path("guide/", views.guide, name="guide"),
    # Neutral addresses: a history list on a shared phone shows "words", never what they say.
    path("words/", telling_views.cards, name="telling"),
    path("words/<slug:key>/", telling_views.card, name="telling_card"),
]

from django.urls import URLPattern, URLResolver, path

from progress import look_back_views, victory_views

app_name = "progress"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", look_back_views.look_back, name="look_back"),
    path("summary/", look_back_views.summary, name="summary"),
    path("patterns/", look_back_views.patterns, name="patterns"),
    path("starred/<uuid:entry_id>/", look_back_views.entry_star, name="entry_star"),
    path("victories/", victory_views.victories, name="victories"),
    path("victories/add/", victory_views.victory_add, name="victory_add"),
    # Marking from where it happened: an entry's page, the end of riding the wave.
    path("victories/entry/<uuid:entry_id>/", victory_views.victory_mark_entry, name="victory_mark_entry"),
    path("victories/urge-passed/", victory_views.victory_mark_urge, name="victory_mark_urge"),
    path("victories/<uuid:victory_id>/", victory_views.victory_note, name="victory_note"),
    path("victories/<uuid:victory_id>/remove/", victory_views.victory_remove, name="victory_remove"),
]

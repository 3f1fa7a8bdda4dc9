from django.urls import path

from prompts import let_go_views, views

app_name = "prompts"

# Ids, never slugs: a URL on a shared screen mustn't say what a reflection is about.
urlpatterns = [
    path("", views.library, name="library"),
    path("check-in/", views.checkin_suggest, name="checkin"),
    path("today/", views.daily_write, name="daily_write"),
    path("<int:sequence_id>/", views.sequence_detail, name="sequence"),
    path("<int:sequence_id>/begin/", views.sequence_start, name="start"),
    path("run/<uuid:run_id>/", views.run_step, name="run"),
    path("run/<uuid:run_id>/note/", views.run_note, name="run_note"),
    path("run/<uuid:run_id>/let-go/", let_go_views.run_discard, name="run_discard"),
    path("run/<uuid:run_id>/start-fresh/", let_go_views.run_start_fresh, name="run_start_fresh"),
]

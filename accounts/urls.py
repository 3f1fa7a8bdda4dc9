from django.urls import path

from accounts import deletion, views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_index, name="settings"),
    path("settings/time-zone/", views.time_zone_page, name="time_zone"),
    path("where/", views.region_question, name="region_question"),
    path("invite/", views.invite_redeem, name="invite"),
    path("locked/", views.locked, name="locked"),
    path("still-here/", views.still_here, name="still_here"),
    path("idle-status/", views.idle_status, name="idle_status"),
    path("delete/", deletion.delete_account, name="delete"),
    path("deleted/", deletion.deleted, name="deleted"),
]

from django.urls import path

from safety import coping_views, peer_views, quick_exit_views, urge_views, views

app_name = "safety"

# The names help, plan, quick_exit, urge_timer and after_harm are linked from other modules: keep them stable.
urlpatterns = [
    path("", views.index, name="index"),
    path("help/", views.help_page, name="help"),
    path("peer-support/", peer_views.peer_support, name="peer_support"),
    path("leave/", quick_exit_views.quick_exit, name="quick_exit"),
    path("leave/beacon/", quick_exit_views.quick_exit_beacon, name="quick_exit_beacon"),
    path("leave/about/", quick_exit_views.quick_exit_about, name="quick_exit_about"),
    path("plan/", views.plan, name="plan"),
    # Before plan/<slug:section>/, which would otherwise read "edit" as a step's name.
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("plan/download/", views.plan_download, name="plan_download"),
    path("plan/review-date/", views.plan_review, name="plan_review"),
    path("plan/contacts/<uuid:contact_id>/delete/", views.plan_contact_delete, name="plan_contact_delete"),
    path("plan/<slug:section>/", views.plan_step, name="plan_step"),
    path("plan/<slug:section>/contacts/", views.plan_contact_add, name="plan_contact_add"),
    path("ride-the-wave/", urge_views.urge_timer, name="urge_timer"),
    path("ride-the-wave/talk/", urge_views.urge_talk, name="urge_talk"),
    path("ride-the-wave/done/", urge_views.urge_done, name="urge_done"),
    path("grounding/", urge_views.grounding, name="grounding"),
    path("after/", urge_views.after_harm, name="after_harm"),
    path("coping/", coping_views.coping, name="coping"),
    path("coping/edit/", coping_views.coping_edit, name="coping_edit"),
    path("coping/add/", coping_views.coping_add, name="coping_add"),
    path("coping/<uuid:item_id>/", coping_views.coping_item, name="coping_item"),
    path("coping/<uuid:item_id>/hide/", coping_views.coping_hide, name="coping_hide"),
    # A starter idea shown from the code, before the list's first change saved it (coping_starters.py).
    path("coping/starters/<slug:starter>/", coping_views.coping_item, name="coping_starter"),
    path("coping/starters/<slug:starter>/hide/", coping_views.coping_hide, name="coping_starter_hide"),
    path("settings/", views.safety_settings, name="settings"),
]

from django.urls import path

from care.views import accept, clinic, join, person, plan_suggestions, therapist

app_name = "care"

urlpatterns = [
    # The person
    path("", person.index, name="index"),
    path("accept/", accept.accept_code, name="accept_code"),
    path("accept/<str:code>/", accept.accept, name="accept"),
    # The invitation opened before signing in, named by the session: where signing in leads back to
    path("invitation/", accept.accept_pending, name="accept_pending"),
    path("links/<uuid:link_id>/homework-status/", person.link_homework_status, name="link_homework_status"),
    path("links/<uuid:link_id>/end/", person.link_end, name="link_end"),
    path("share/entry/<uuid:entry_id>/", person.share_entry, name="share_entry"),
    path("share/plan/", person.share_plan, name="share_plan"),
    path("share/summary/", person.share_summary, name="share_summary"),
    path("shared/<uuid:item_id>/", person.shared_copy, name="shared_copy"),
    path("shared/<uuid:item_id>/stop/", person.share_stop, name="share_stop"),
    path("suggestions/<uuid:suggestion_id>/", plan_suggestions.suggestion_decide, name="suggestion_decide"),
    # The therapist
    path("clients/", therapist.dashboard, name="dashboard"),
    path("clients/invite/", therapist.invitation_create, name="invitation_create"),
    path("clients/invite/<uuid:invitation_id>/cancel/", therapist.invitation_cancel, name="invitation_cancel"),
    path("clients/<uuid:link_id>/", therapist.client, name="client"),
    path("clients/<uuid:link_id>/homework/", therapist.assign, name="assign"),
    path("clients/<uuid:link_id>/shared/<uuid:item_id>/", therapist.shared_item, name="shared_item"),
    path(
        "clients/<uuid:link_id>/shared/<uuid:item_id>/suggest/<slug:section>/",
        therapist.plan_suggest,
        name="plan_suggest",
    ),
    # Joining a clinic as staff, from the link its admin sends
    path("join/", join.join, name="join"),
    # The invite this browser pressed "Create your account" on, named by the session: where signing in leads back to
    path("join/invite/", join.join_pending, name="join_pending"),
    # The clinic admin
    path("audit/", clinic.audit, name="audit"),
    path("audit/export/", clinic.audit_export, name="audit_export"),
]

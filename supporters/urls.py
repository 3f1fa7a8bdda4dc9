from django.urls import URLPattern, URLResolver, path

from supporters import people_views, reader_views, share_views, telling_views, views

app_name = "supporters"

urlpatterns: list[URLPattern | URLResolver] = [
    # Linked from other pages and printed on paper: keep the name and the address stable.
    path("guide/", views.guide, name="guide"),
    path("", people_views.people, name="people"),
    path("<uuid:supporter_id>/", people_views.person, name="person"),
    path("<uuid:supporter_id>/link/", people_views.link_make, name="link_make"),
    path("<uuid:supporter_id>/stop/", people_views.stop_all, name="stop_all"),
    path("<uuid:supporter_id>/remove/", people_views.remove, name="remove"),
    path("share/entry/<uuid:entry_id>/", share_views.share_entry, name="share_entry"),
    path("share/plan/", share_views.share_plan, name="share_plan"),
    path("share/summary/", share_views.share_summary, name="share_summary"),
    path("copies/<uuid:copy_id>/", people_views.copy, name="copy"),
    path("copies/<uuid:copy_id>/stop/", people_views.copy_stop, name="copy_stop"),
    path("replies/seen/", people_views.replies_seen, name="replies_seen"),
    path("replies/<uuid:reply_id>/delete/", people_views.reply_delete, name="reply_delete"),
    # The supporter's own page: no account, the address is the key to it.
    path("for-you/<str:token>/", reader_views.read, name="read"),
    # Neutral addresses: a history list on a shared phone shows "words", never what they say.
    path("words/", telling_views.cards, name="telling"),
    path("words/<slug:key>/", telling_views.card, name="telling_card"),
]

from django.urls import path

from journal import (
    editor_views,
    kept_views,
    lock_plan_views,
    lock_views,
    portability_views,
    tag_views,
    unlock_views,
    views,
)

app_name = "journal"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", editor_views.new, name="new"),
    path("autosave/", editor_views.autosave, name="autosave"),
    path("unlock/", unlock_views.unlock, name="unlock"),
    path("unlock/recovery/", unlock_views.unlock_recovery, name="unlock_recovery"),
    path("lock/", lock_views.lock_now, name="lock_now"),
    path("calendar/", views.month, name="calendar"),
    path("day/<int:year>/<int:month>/<int:day>/", views.day, name="day"),
    path("search/", views.search, name="search"),
    path("trash/", views.trash, name="trash"),
    path("tags/", tag_views.tags, name="tags"),
    path("tags/<uuid:tag_id>/", tag_views.tag_edit, name="tag_edit"),
    path("trash/empty/", views.trash_empty, name="trash_empty"),
    path("print/", views.print_range, name="print_range"),
    path("export/", portability_views.export, name="export"),
    path("export/download/", portability_views.export_download, name="export_download"),
    path("export/ready/", portability_views.export_ready, name="export_ready"),
    path("export/file/", portability_views.export_file, name="export_file"),
    path("import/", portability_views.import_view, name="import"),
    path("lock/settings/turn-on/", lock_views.turn_on, name="lock_turn_on"),
    path("lock/settings/passphrase/", lock_views.passphrase_change, name="lock_passphrase"),
    path("lock/settings/recovery-key/", lock_views.recovery_key_replace, name="lock_recovery_key"),
    path("lock/settings/turn-off/", lock_views.turn_off, name="lock_turn_off"),
    path("lock/let-go/", lock_views.let_go, name="lock_let_go"),
    path("lock/settings/safety-plan/lock/", lock_plan_views.plan_lock, name="lock_plan"),
    path("lock/settings/safety-plan/keep-open/", lock_plan_views.plan_keep_open, name="lock_plan_open"),
    path("<uuid:entry_id>/", views.entry, name="entry"),
    path("<uuid:entry_id>/edit/", editor_views.entry_edit, name="entry_edit"),
    path("<uuid:entry_id>/kept/<uuid:kept_id>/", kept_views.kept, name="kept"),
    path("<uuid:entry_id>/trash/", views.entry_trash, name="entry_trash"),
    path("<uuid:entry_id>/restore/", views.entry_restore, name="entry_restore"),
    path("<uuid:entry_id>/print/", views.print_entry, name="print_entry"),
]

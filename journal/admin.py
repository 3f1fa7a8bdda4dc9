from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from journal.models import DataKey, Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Admins see that entries exist, never what they say: every text field is ciphertext."""

    list_display = ["id", "owner", "kind", "written_on", "is_draft", "trashed_at"]
    list_filter = ["kind", "is_draft"]
    fields = ["id", "owner", "kind", "written_on", "is_draft", "trashed_at", "version"]
    readonly_fields = ["id", "owner", "kind", "written_on", "is_draft", "trashed_at", "version"]
    search_fields = ["owner__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DataKey)
class DataKeyAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "server_key_id", "created_at"]
    fields = ["user", "version", "server_key_id", "created_at"]
    readonly_fields = ["user", "version", "server_key_id", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

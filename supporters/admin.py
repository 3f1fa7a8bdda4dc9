"""The operator adds their own sections to the guide for family and friends here."""

from django.contrib import admin

from supporters.models import GuideSection


@admin.register(GuideSection)
class GuideSectionAdmin(admin.ModelAdmin):
    list_display = ("title", "position", "shown")
    list_editable = ("position", "shown")
    fields = ("title", "body", "position", "shown")

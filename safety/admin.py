"""Clinic admins add local services, reorder and hide lines here. Django's admin log records every change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safety.models import CrisisResource, PeerSupport, ResourceContact
from safety.peer_services import PEER_SHIPPED_FIELDS
from safety.services import SHIPPED_FIELDS

# What the data file owns on shipped resources: a clinic sees them but changes them in the file
# (reloading the file would undo an edit here). Clinics reorder with their own ordering instead.
_SHIPPED_READONLY = SHIPPED_FIELDS


class ContactInline(admin.StackedInline):
    # Stacked: the tabular layout leaves its inputs without labels (axe checks the admin too).
    model = ResourceContact
    extra = 1
    fields = ("channel", "value", "keyword", "display", "order")

    def _is_shipped(self, obj: CrisisResource | None) -> bool:
        return obj is not None and obj.layer == CrisisResource.Layer.SHIPPED

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._is_shipped(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._is_shipped(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._is_shipped(obj) and super().has_delete_permission(request, obj)


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "kind", "status", "layer", "priority", "clinic_order", "hidden", "review_state")
    list_editable = ("clinic_order", "hidden")

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
        # Django's in-list inputs have no labels; screen readers (and axe) need a name for each.
        kwargs["widgets"] = {
            "clinic_order": forms.NumberInput(attrs={"aria-label": _("Your clinic's order")}),
            "hidden": forms.CheckboxInput(attrs={"aria-label": _("Hidden by your clinic")}),
        }
        return super().get_changelist_form(request, **kwargs)

    list_filter = ("country", "layer", "status", "kind", "hidden")
    search_fields = ("name", "country", "subregion")
    ordering = ("country", "priority", "name")
    inlines = [ContactInline]
    fieldsets = (
        (None, {"fields": ("name", "country", "subregion", "kind", "status")}),
        (_("Your clinic"), {"fields": ("clinic_order", "hidden")}),
        (
            _("Details"),
            {"fields": ("hours", "timezone", "languages", "cost", "audience", "age_min", "age_max", "notes")},
        ),
        (_("Where this comes from"), {"fields": ("source_name", "source_url", "verified_on", "review_due")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and obj.layer == CrisisResource.Layer.SHIPPED:
            return _SHIPPED_READONLY
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Shipped lines are hidden, never deleted: the loader would only bring them back.
        if obj is not None and obj.layer == CrisisResource.Layer.SHIPPED:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("review"))
    def review_state(self, obj: CrisisResource) -> str:
        if obj.review_due and obj.review_due < timezone.localdate():
            return str(_("past its review date"))
        return str(obj.review_due or "")

    def save_model(self, request: HttpRequest, obj: CrisisResource, form: Any, change: bool) -> None:
        if not change:
            obj.layer = CrisisResource.Layer.CLINIC
        obj.country = obj.country.upper()
        super().save_model(request, obj, form, change)


@admin.register(PeerSupport)
class PeerSupportAdmin(admin.ModelAdmin):
    """Clinics add local groups and hide shipped entries; the data file owns what it ships."""

    list_display = ("name", "country", "audience", "status", "layer", "clinic_order", "hidden", "review_state")
    list_editable = ("clinic_order", "hidden")
    list_filter = ("country", "layer", "status", "audience", "hidden")
    search_fields = ("name", "country", "subregion")
    ordering = ("country", "priority", "name")
    fieldsets = (
        (None, {"fields": ("name", "country", "subregion", "status")}),
        (_("Your clinic"), {"fields": ("clinic_order", "hidden")}),
        (
            _("What it is"),
            {
                "fields": (
                    "led_by",
                    "format",
                    "moderation",
                    "audience",
                    "age_min",
                    "age_max",
                    "cost",
                    "description",
                    "url",
                )
            },
        ),
        (_("Where this comes from"), {"fields": ("source_name", "source_url", "verified_on", "review_due")}),
    )

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
        # Django's in-list inputs have no labels; screen readers (and axe) need a name for each.
        kwargs["widgets"] = {
            "clinic_order": forms.NumberInput(attrs={"aria-label": _("Your clinic's order")}),
            "hidden": forms.CheckboxInput(attrs={"aria-label": _("Hidden by your clinic")}),
        }
        return super().get_changelist_form(request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and obj.layer == PeerSupport.Layer.SHIPPED:
            return PEER_SHIPPED_FIELDS
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Shipped entries are hidden, never deleted: the loader would only bring them back.
        if obj is not None and obj.layer == PeerSupport.Layer.SHIPPED:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("review"))
    def review_state(self, obj: PeerSupport) -> str:
        if obj.review_due and obj.review_due < timezone.localdate():
            return str(_("past its review date"))
        return str(obj.review_due or "")

    def save_model(self, request: HttpRequest, obj: PeerSupport, form: Any, change: bool) -> None:
        if not change:
            obj.layer = PeerSupport.Layer.CLINIC
        obj.country = obj.country.upper()
        super().save_model(request, obj, form, change)

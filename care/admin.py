"""Clinic settings for whoever runs the server. Every change lands in the clinic's audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from care import services
from care.models import AuditEvent, Clinic, Membership
from care.selectors import site_clinic_cache_clear


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "display_name"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    inlines = [MembershipInline]
    readonly_fields = ["sign_up", "quick_exit", "idle_lock", "crisis_resources"]
    fieldsets = [
        (None, {"fields": ["name", "key"]}),
        (
            _("Set for the whole server"),
            {
                "fields": ["sign_up", "quick_exit", "idle_lock", "crisis_resources"],
                "description": _(
                    "These come from the server's environment (see the deployment guide), so they are the same "
                    "for everyone on this server."
                ),
            },
        ),
    ]

    @admin.display(description=_("Sign-up"))
    def sign_up(self, obj: Clinic) -> str:
        if settings.SIGNUP_MODE == "invite":
            return str(_("By invite code only (SIGNUP_MODE=invite)"))
        return str(_("Open to anyone (SIGNUP_MODE=open)"))

    @admin.display(description=_("Quick exit goes to"))
    def quick_exit(self, obj: Clinic) -> str:
        return f"{settings.QUICK_EXIT_URL} (QUICK_EXIT_URL)"

    @admin.display(description=_("Locks after"))
    def idle_lock(self, obj: Clinic) -> str:
        minutes = settings.SESSION_IDLE_TIMEOUT_MINUTES
        return str(_("%(minutes)s minutes without activity (SESSION_IDLE_TIMEOUT_MINUTES)") % {"minutes": minutes})

    @admin.display(description=_("Crisis resources"))
    def crisis_resources(self, obj: Clinic) -> str:
        url = reverse("admin:safety_crisisresource_changelist") + "?layer__exact=clinic"
        return format_html('<a href="{}">{}</a>', url, _("Your clinic's crisis lines, order and hidden lines"))

    def save_model(self, request: HttpRequest, obj: Clinic, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        site_clinic_cache_clear()
        services.audit_record(
            clinic=obj,
            actor=_actor(request),
            action=AuditEvent.Action.CLINIC_CHANGED,
            target=obj.pk,
        )

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        changed = list(formset.new_objects) + [obj for obj, _fields in formset.changed_objects]
        changed += list(formset.deleted_objects)
        for membership in changed:
            services.audit_record(
                clinic=form.instance,
                actor=_actor(request),
                action=AuditEvent.Action.MEMBER_CHANGED,
                target=membership.user_id,
            )

    def delete_model(self, request: HttpRequest, obj: Clinic) -> None:
        super().delete_model(request, obj)
        site_clinic_cache_clear()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "clinic", "actor_label", "action", "target"]
    list_filter = ["clinic", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return super().get_queryset(request).select_related("clinic")

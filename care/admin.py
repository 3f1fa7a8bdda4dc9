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


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class MembershipInline(admin.StackedInline):
    # Stacked, with a plain id field for the account: the tabular layout and the autocomplete
    # widget leave their inputs without labels, and axe finds that on the clinic's page.
    model = Membership
    extra = 1
    raw_id_fields = ["user"]
    fields = ["user", "role", "display_name"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    inlines = [MembershipInline]
    readonly_fields = ["server_defaults", "crisis_resources"]
    fieldsets = [
        (None, {"fields": ["name", "key"]}),
        (
            _("This clinic's settings"),
            {
                "fields": ["invite_only", "quick_exit_url", "idle_timeout_minutes", "server_defaults"],
                "description": _(
                    "On a server with only this clinic, these apply to every page. On a server shared by "
                    "several clinics, they apply to this clinic's people, and sign-up is by invite as soon "
                    "as any clinic asks for it."
                ),
            },
        ),
        (_("Crisis lines"), {"fields": ["crisis_resources"]}),
    ]

    @admin.display(description=_("The server's own settings"))
    def server_defaults(self, obj: Clinic) -> str:
        if settings.SIGNUP_MODE == "invite":
            sign_up = _("sign-up by invite only, whatever the clinic chooses (SIGNUP_MODE=invite)")
        else:
            sign_up = _("sign-up open unless a clinic chooses invite only (SIGNUP_MODE=open)")
        return format_html(
            "{}<br>{}<br>{}",
            sign_up,
            _("quick exit to %(url)s (QUICK_EXIT_URL)") % {"url": settings.QUICK_EXIT_URL},
            _("lock after %(minutes)s minutes (SESSION_IDLE_TIMEOUT_MINUTES)")
            % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
        )

    @admin.display(description=_("Crisis resources"))
    def crisis_resources(self, obj: Clinic) -> str:
        url = reverse("admin:safety_crisisresource_changelist") + "?layer__exact=clinic"
        return format_html('<a href="{}">{}</a>', url, _("Your clinic's crisis lines, order and hidden lines"))

    def save_model(self, request: HttpRequest, obj: Clinic, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
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

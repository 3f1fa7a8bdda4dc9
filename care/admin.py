"""Clinic settings for whoever runs the server. Every change lands in the clinic's audit log."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.regions import IN_REGIONS
from care import members, services
from care.models import AuditEvent, Clinic, Membership, StaffInvite


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class MembershipForm(ModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user, role = cleaned.get("user"), cleaned.get("role")
        if self.instance.pk is not None and "user" in self.changed_data:
            # Another account typed into a member's row took that member out of the clinic, their
            # clients' links and shared copies with them, under what looked like a correction.
            self.add_error(
                "user",
                _(
                    "A member's account can't be changed here. To give this place to someone else, "
                    "remove this member, save, then add the other account as a new member."
                ),
            )
            return cleaned
        elsewhere = (
            Membership.objects.filter(user=user, role=role).exclude(pk=self.instance.pk).select_related("clinic")
        )
        if user is not None and (current := elsewhere.first()) is not None:
            # Said on the account's own field, so Django's "Clinic member with this User and Role
            # already exists." (which named no clinic) is not said as well.
            self.add_error(
                "user",
                _(
                    "This account is already a %(role)s at %(clinic)s, and an account can have each role at one "
                    "clinic only. You could remove them there first."
                )
                % {"role": current.get_role_display().lower(), "clinic": current.clinic.name},
            )
        return cleaned


class _KnownAccountsRawIdWidget(ForeignKeyRawIdWidget):
    """Django's plain id field, naming each member's account from the accounts the page read at once.

    Django's own reads each account on its own, a query per member of the clinic. An id typed in
    and not saved yet is still looked up as Django does.
    """

    known: dict[str, Any] | None = None

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        account = (self.known or {}).get(str(value))
        if account is None:
            return super().label_and_url_for_value(value)
        meta = account._meta
        try:
            url = reverse(f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_change", args=(account.pk,))
        except NoReverseMatch:
            url = ""
        return Truncator(account).words(14), url


class MembershipInline(admin.StackedInline):
    # Stacked, with a plain id field for the account: the tabular layout and the autocomplete
    # widget leave their inputs without labels, and axe finds that on the clinic's page.
    model = Membership
    form = MembershipForm
    extra = 1
    raw_id_fields = ["user"]
    # Said before saving: the copies clients shared with a therapist who goes are deleted, for good.
    fieldsets = [
        (
            None,
            {
                "fields": ["user", "role", "display_name"],
                "description": _(
                    "Removing a therapist, or making them admin only, ends their links with clients here. "
                    "What those clients shared with them is deleted, and both sides are told why."
                ),
            },
        )
    ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["widget"] = _KnownAccountsRawIdWidget(
                db_field.remote_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        # Every form of the formset shares this widget's accounts (a widget's copy keeps the same dict).
        accounts = User.objects.filter(care_memberships__clinic=obj) if obj is not None else User.objects.none()
        formset.form.base_fields["user"].widget.known = {str(account.pk): account for account in accounts}
        return formset


class StaffInviteInline(admin.StackedInline):
    """Invite a therapist or an admin who has no account yet: their code makes them a member."""

    model = StaffInvite
    extra = 0
    fields = ["role", "display_name", "code", "status"]
    readonly_fields = ["code", "status"]
    verbose_name = _("invite")
    verbose_name_plural = _("invite someone new to this clinic")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # An invite is made or removed, never rewritten after its code is out.

    # Set per request by ClinicAdmin.get_inline_instances, which makes a fresh inline each time.
    request: HttpRequest | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffInvite]:
        # Each status reads its invite code's row: in the same query, not one query an invite.
        rows: QuerySet[StaffInvite] = super().get_queryset(request)
        return rows.select_related("invite")

    @admin.display(description=_("Give them this link"))
    def code(self, obj: StaffInvite) -> str:
        if obj.pk is None:
            return str(_("A link appears once you save."))
        # Only a hash of the code is kept, so the link was shown once, when it was made.
        return str(_("Shown once, when it was made. To give a new link, delete this invite and make another."))

    @admin.display(description=_("Status"))
    def status(self, obj: StaffInvite) -> str:
        if obj.pk is None:
            return ""
        if obj.invite.used_at is not None:
            return str(_("Used: they have joined."))
        if not obj.invite.is_usable:
            return str(_("Expired. You could make a new one."))
        return str(_("Waiting, until %(date)s.") % {"date": date_format(obj.invite.expires_at, "DATE_FORMAT")})


class ClinicForm(ModelForm):
    class Meta:
        model = Clinic
        fields = ["name", "key", "invite_only", "quick_exit_url", "idle_timeout_minutes", "region"]

    def clean_quick_exit_url(self) -> str:
        url: str = self.cleaned_data["quick_exit_url"]
        # The model takes https only; its own message, "Enter a valid URL.", was all an admin read
        # for an everyday http:// address that is perfectly valid.
        if url and not url.lower().startswith("https://"):
            raise ValidationError(
                _("Quick exit needs an address that starts with https://, such as https://www.bbc.co.uk/weather.")
            )
        return url


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    form = ClinicForm
    list_display = ["name", "key"]
    inlines = [MembershipInline, StaffInviteInline]
    readonly_fields = ["server_defaults", "crisis_resources"]
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "key"],
                "description": _(
                    "A clinic stays on the server once it is made, with its audit log. To close one, you could "
                    "remove its members below: their links with clients end, and the clients are told why."
                ),
            },
        ),
        (
            _("This clinic's settings"),
            {
                "fields": ["invite_only", "quick_exit_url", "idle_timeout_minutes", "region", "server_defaults"],
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
        # The country field says "Leave empty to use the server's": this names what that is.
        if settings.DEFAULT_CRISIS_REGION_CHOSEN:
            where = IN_REGIONS.get(settings.DEFAULT_CRISIS_REGION, settings.DEFAULT_CRISIS_REGION)
            region = _("crisis lines %(in_country)s (DEFAULT_CRISIS_REGION)") % {"in_country": where}
        else:
            region = str(
                _(
                    "crisis lines for the country a visitor's browser language suggests, else the United States "
                    "(DEFAULT_CRISIS_REGION is not set)"
                )
            )
        return format_html(
            "{}<br>{}<br>{}<br>{}",
            sign_up,
            _("quick exit to %(url)s (QUICK_EXIT_URL)") % {"url": settings.QUICK_EXIT_URL},
            ngettext(
                "lock after %(minutes)s minute (SESSION_IDLE_TIMEOUT_MINUTES)",
                "lock after %(minutes)s minutes (SESSION_IDLE_TIMEOUT_MINUTES)",
                settings.SESSION_IDLE_TIMEOUT_MINUTES,
            )
            % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
            region,
        )

    @admin.display(description=_("Crisis resources"))
    def crisis_resources(self, obj: Clinic) -> str:
        url = reverse("admin:safety_crisisresource_changelist") + "?layer__exact=clinic"
        label = _("Crisis lines added on this server, their order and hidden lines (for everyone on it)")
        return format_html('<a href="{}">{}</a>', url, label)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Its audit log cannot be deleted, so Django offered Delete and then refused it, saying the
        # operator lacked permission. Deleting would also take its clients' links, and their logs,
        # without a word to them.
        return False

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if isinstance(inline, StaffInviteInline):
                inline.request = request
        return inlines

    def save_model(self, request: HttpRequest, obj: Clinic, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and not form.has_changed():
            # Saved only to remove or add a member: "Changed clinic settings" would tell whoever
            # reads the log of a change nobody made.
            return
        services.audit_record(
            clinic=obj,
            actor=_actor(request),
            action=AuditEvent.Action.CLINIC_CHANGED,
            target=obj.pk,
        )

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is StaffInvite:
            self._save_staff_invites(request, form.instance, formset)
            return
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
        if self._last_admin_gone(form.instance, formset):
            # Otherwise nothing said it: nobody at the clinic could read its audit log in Waypoint, and
            # the page of a lead taken off was a plain "not found".
            messages.warning(
                request,
                _(
                    "%(clinic)s has no clinic admin now, so nobody there can read its audit log in %(site)s. "
                    "You could add one under Clinic members."
                )
                % {"clinic": form.instance.name, "site": settings.SITE_NAME},
            )
        if changed:
            # A therapist removed or made admin only leaves their clients here: those links end, and
            # both sides are told why. (A row can't be given another account: MembershipForm.clean.)
            ended = members.clinic_links_settle(clinic=form.instance, actor=_actor(request))
            if ended:
                # Otherwise "changed successfully" is all the admin reads of links that ended.
                messages.info(
                    request,
                    ngettext(
                        "%(count)d link with a client ended, because its therapist is no longer a therapist "
                        "here. The client was told why, and what they had shared with them is deleted.",
                        "%(count)d links with clients ended, because their therapist is no longer a therapist "
                        "here. The clients were told why, and what they had shared with them is deleted.",
                        ended,
                    )
                    % {"count": ended},
                )

    @staticmethod
    def _last_admin_gone(clinic: Clinic, formset: BaseInlineFormSet) -> bool:
        """This save took off (or made a therapist) a clinic admin, and none is left."""
        admin = Membership.Role.ADMIN
        removed = any(member.role == admin for member in formset.deleted_objects)
        demoted = any(
            "role" in fields and form.initial.get("role") == admin
            for form in formset.forms
            for obj, fields in formset.changed_objects
            if form.instance is obj
        )
        return (removed or demoted) and not clinic.memberships.filter(role=admin).exists()

    def _save_staff_invites(self, request: HttpRequest, clinic: Clinic, formset: BaseInlineFormSet) -> None:
        invites = formset.save(commit=False)
        for staff_invite in formset.deleted_objects:
            members.staff_invite_delete(staff_invite=staff_invite, actor=_actor(request))
        for staff_invite in invites:
            made = members.staff_invite_create(
                clinic=clinic,
                role=staff_invite.role,
                display_name=staff_invite.display_name,
                actor=_actor(request),
            )
            self._show_link_once(request, made)

    def _show_link_once(self, request: HttpRequest, staff_invite: StaffInvite) -> None:
        # Whole, with this server's address, so it can be copied into an email as it is. Only its
        # hash is stored, so this message is the one place the link and code ever appear.
        code = staff_invite.invite.code
        url = request.build_absolute_uri(f"{reverse('care:join')}?{urlencode({'code': code})}")
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a><br>{}',
                _("Give %(name)s this link now; it is not shown again:") % {"name": staff_invite.display_name},
                url,
                url,
                _("It opens a page for joining %(clinic)s as %(role)s, then account sign-up. Code: %(code)s")
                % {"clinic": staff_invite.clinic.name, "role": staff_invite.get_role_display().lower(), "code": code},
            ),
        )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "clinic", "who", "action", "target"]
    list_filter = ["clinic", "action"]
    # Its own page says what the list says: not "Actor" and "Actor label", one address twice.
    fields = ["at", "clinic", "who", "action", "target"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # A log that can be trimmed is no record at all.

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return super().get_queryset(request).select_related("clinic")

    @admin.display(description=_("Who"))
    def who(self, event: AuditEvent) -> str:
        # Not the bare address field: blank when nobody acted, as when a therapist's account closed.
        return event.who

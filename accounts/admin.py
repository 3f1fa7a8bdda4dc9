from typing import Any
from uuid import UUID

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.deletion import account_delete
from accounts.invites import invite_create
from accounts.models import InviteCode, User
from accounts.notices import notice_send


class PersonCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        # Stored as sign-up stores it; the database's uniqueness alone let "Alice@…" in beside "alice@…".
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError(_("Someone already has an account with this address."))
        return email


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = PersonCreationForm
    ordering = ("email",)
    list_display = ("email", "is_staff", "is_active", "date_joined")
    search_fields = ("email",)
    fieldsets = (
        (
            None,
            {
                "fields": ("email", "password"),
                # Changed here, allauth's own record of the address stayed as it was, and the person
                # went on signing in with the old one; their own page confirms the new one by email.
                "description": _(
                    "The email address is the person's own. They change it themselves under Settings, "
                    "and confirm it from the new address."
                ),
            },
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    list_filter = ("is_staff", "is_active")
    # The two-box "filter" widget puts aria-* attributes where axe says they are not allowed;
    # a plain list, which works with any keyboard and screen reader, is enough here.
    filter_horizontal = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("email",) if obj is not None else ()

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # allauth signs people in by this record; without it, a person added here could not
            # sign in. They confirm the address by email the first time, as after signing up.
            EmailAddress.objects.create(user=obj, email=obj.email, verified=False, primary=True)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        try:
            UUID(id)
        except ValueError:
            # No one's id (an address cut short): Django's own page says it is not found.
            return super().user_change_password(request, id, form_url)
        before = User.objects.filter(pk=id).values_list("password", flat=True).first()
        response = super().user_change_password(request, id, form_url)
        person = User.objects.filter(pk=id).first()
        if person is not None and before is not None and person.password != before:
            # A password set from here is as much a change as the person's own: their inbox hears
            # of it, so one made without them asking does not go unseen.
            done = "password_set" if person.has_usable_password() else "password_removed"
            notice_send(request=request, user=person, template_prefix=f"accounts/email/{done}_by_operator")
        return response

    # As when a person deletes their own account: the data keys go first, and every session they
    # are signed in with ends. The row alone left those sessions in the session table.
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        account_delete(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_delete(user=user)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    filter_horizontal = ()


class InviteCodeForm(forms.ModelForm):
    class Meta:
        model = InviteCode
        fields = ("note", "expires_at")

    def clean_expires_at(self) -> Any:
        expires_at = self.cleaned_data["expires_at"]
        # A new code is shown once; one that had expired already was shown and then never worked.
        # (An existing code may be set to the past on purpose, to stop it.)
        if self.instance.pk is None and expires_at <= timezone.now():
            raise ValidationError(_("A new code needs a time after now to expire, or it would never work."))
        return expires_at


@admin.register(InviteCode)
class InviteCodeAdmin(admin.ModelAdmin):
    form = InviteCodeForm
    list_display = ("__str__", "note", "created_at", "expires_at", "used_at")
    readonly_fields = ("used_at", "used_by")

    def save_model(self, request: HttpRequest, obj: InviteCode, form: Any, change: bool) -> None:
        if change:  # the note or the expiry; the code stays as it was
            super().save_model(request, obj, form, change)
            return
        made = invite_create(note=obj.note, expires_at=obj.expires_at)
        obj.pk, obj.code = made.pk, made.code
        # Only a hash of the code is kept, so this message is the one place it ever appears.
        messages.success(
            request, _("The invite code is %(code)s. Write it down now; it is not shown again.") % {"code": made.code}
        )


# allauth's own admin pages for these let an operator rewrite rows that only allauth should
# write: an address moved to another account or changed without confirming, an authenticator's
# stored secret (shown as ciphertext) or its owner, a session's data. Here they are read and
# removed, never edited.


class _ReadAndRemoveAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(_ReadAndRemoveAdmin, AllauthEmailAddressAdmin):  # type: ignore[misc]  # allauth ships without type hints
    """A person's addresses. When a confirming email never arrives, the operator can mark the
    address confirmed (allauth's action); the person changes an address on their own page."""

    fields = ("user", "email", "primary", "verified")
    list_select_related = ("user",)


admin.site.unregister(Authenticator)


class _LoggedByOwner(admin.ModelAdmin):
    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # The log names a row by its text: a session by its IP address and browser, a passkey by
        # the name its owner gave it, kept for good once the person was gone. Named by the owner's
        # address instead, which deleting their account replaces with the row's id (accounts/deletion.py).
        # Written with that name at once, in one read of the owners and one write, however many
        # rows the operator ticked (renaming each after Django's write cost a query a row).
        rows = list(queryset)
        owners = dict(User.objects.filter(pk__in={row.user_id for row in rows}).values_list("pk", "email"))
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        operator: Any = request.user
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=operator.pk,
                content_type_id=content_type.pk,
                object_id=str(row.pk),
                object_repr=owners.get(row.user_id, "")[:200],
                action_flag=DELETION,
            )
            for row in rows
        )


@admin.register(Authenticator)
class AuthenticatorAdmin(_LoggedByOwner, _ReadAndRemoveAdmin):
    """Someone who lost their phone and their recovery codes asks the operator to remove these.

    Never the stored data: it is the sealed secret, and useless to anyone reading it here.
    """

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    list_select_related = ("user",)

    def delete_model(self, request: HttpRequest, obj: Authenticator) -> None:
        self.delete_queryset(request, Authenticator.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Authenticator]) -> None:
        owners = set(queryset.values_list("user_id", flat=True))
        queryset.delete()
        # As allauth does when a person removes their last app or passkey: recovery codes alone
        # would keep "two-step sign-in" on in their settings, with nothing to make a code.
        kept = Authenticator.objects.filter(user_id__in=owners)
        still_on = kept.exclude(type=Authenticator.Type.RECOVERY_CODES).values("user_id")
        kept.filter(type=Authenticator.Type.RECOVERY_CODES).exclude(user_id__in=still_on).delete()
        # The person hears of it, as they would turning it off themselves: once, however many of
        # their keys went. Someone talked into removing it for the wrong person is found out.
        for person in User.objects.filter(pk__in=owners):
            notice_send(request=request, user=person, template_prefix="accounts/email/two_step_removed_by_operator")


admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(_LoggedByOwner, _ReadAndRemoveAdmin):
    """Where each person is signed in. Removing one signs that device out, as the person's own
    "sign out" on their sessions page does; deleting the row alone left the device signed in."""

    list_display = ("user", "created_at", "last_seen_at", "ip", "user_agent")
    # allauth's searches a username, which Waypoint's people do not have: every search was an error.
    search_fields = ("user__email", "ip")
    fields = ("user", "created_at", "last_seen_at", "ip", "user_agent")
    list_select_related = ("user",)

    def delete_model(self, request: HttpRequest, obj: UserSession) -> None:
        obj.end()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[UserSession]) -> None:
        # What each row's end() does (the device's session goes, then the row), for all the chosen
        # rows in two queries rather than three a row. Sessions live in the database (SESSION_ENGINE).
        rows = list(queryset)
        Session.objects.filter(session_key__in=[row.session_key for row in rows]).delete()
        UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is needed.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        from allauth.account.models import EmailAddress

        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self.create_user(email, password, **extra)
        # The operator typed this address on the server itself, so it needs no confirming email
        # before they can sign in (the admin is reached through Waypoint's sign-in page).
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Waypoint. Identified by email; the UUID key keeps ids unguessable."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # ISO 3166 alpha-2 country for crisis resources; empty means the site's default.
    region = models.CharField(_("country for crisis resources"), max_length=2, blank=True)
    # Set once the person has answered or skipped "which country are you in?", so it is asked once.
    region_asked = models.BooleanField(_("asked for their country"), default=False)
    # An IANA name ("America/New_York") for the times of day the person reads; empty means the
    # server's TIME_ZONE. Activated per request by accounts.time_zones.PersonalTimeZoneMiddleware.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.email

    @property
    def crisis_region(self) -> str:
        return self.region or settings.DEFAULT_CRISIS_REGION


# Short enough to read out over the phone.
INVITE_CODE_LENGTH = 10


def _new_invite_code() -> str:
    # Named by migration 0001, from when the code itself was stored; new codes come from invite_create.
    return "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(INVITE_CODE_LENGTH))


def _default_invite_expiry() -> Any:
    return timezone.now() + timedelta(days=14)


class InviteCode(models.Model):
    """Lets one person sign up when the site runs with SIGNUP_MODE=invite."""

    # All the database keeps of the code (accounts/invites.py): a copied database cannot use it.
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    note = models.CharField(
        _("note for admins"), max_length=100, blank=True, help_text=_("Who it is for. Never shown to the person.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_default_invite_expiry)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The code itself, known only to the request that made it, which shows it once.
    code: str = ""

    class Meta:
        verbose_name = _("invite code")

    def __str__(self) -> str:
        return self.note or f"invite code {self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    # allauth's email addresses sit under "Accounts" in the admin too; this name tells them apart.
    verbose_name = _("People and invite codes")

    def ready(self) -> None:
        from allauth.account.signals import email_removed
        from allauth.mfa.signals import authenticator_used

        from accounts.adapter import note_email_removed
        from accounts.invites import invite_opens_sign_up
        from accounts.mfa_adapter import (
            mfa_secret_key_ids,
            mfa_secrets_old_format,
            mfa_secrets_rewrap,
            mfa_secrets_verify,
        )
        from accounts.recovery_notice import recovery_code_used
        from config.site_policy import signup_opener_register
        from journal.keyring import register_server_wrapped

        # An invite code made on the admin page opens sign-up when the server is invite-only.
        signup_opener_register(invite_opens_sign_up)

        # "Keep my current email" says the change is cancelled, not that an address has gone.
        email_removed.connect(note_email_removed, dispatch_uid="waypoint-email-removed")

        # After a recovery code: how many are left, so the last one is never a surprise.
        authenticator_used.connect(recovery_code_used, dispatch_uid="waypoint-recovery-code-used")

        # allauth's MFA secrets sit under the server key: rotation moves them, verify opens them.
        register_server_wrapped(
            "MFA secrets",
            key_ids=mfa_secret_key_ids,
            rewrap=mfa_secrets_rewrap,
            verify=mfa_secrets_verify,
            old_format=mfa_secrets_old_format,
        )

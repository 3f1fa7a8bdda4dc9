from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
    # allauth's email addresses sit under "Accounts" in the admin too; this name tells them apart.
    verbose_name = _("People and invite codes")

import sys

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal import checks, keyring  # noqa: F401  (registers the startup checks)

        if "gunicorn" in sys.modules:
            # gunicorn runs no system checks: without keys, stop here with the message
            # rather than serve pages that cannot read anything.
            keyring.read_server_keyring()

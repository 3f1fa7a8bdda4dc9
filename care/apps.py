from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from care.selectors import clinic_keys_for_user
        from prompts.selectors import clinic_keys_provider_register

        # A clinic's own reflections open for its members and for the people linked with them.
        clinic_keys_provider_register(clinic_keys_for_user)

from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "prompts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal.keyring import register_encrypted_model
        from prompts.models import Run

        # So key rotation and `keys_verify` cover the answers of reflections in progress.
        register_encrypted_model(Run, fields=["answers"], owner_field="owner")

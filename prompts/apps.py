from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "prompts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal.keyring import register_encrypted_model
        from prompts.models import Run

        # So key rotation and `keys_verify` cover the answers of reflections in progress.
        register_encrypted_model(Run, fields=["answers"], owner_field="owner")

        from journal.export_sections import export_section_register
        from prompts.portability import REFLECTIONS

        # So "Download everything" holds every reflection's answers, finished or not.
        export_section_register(REFLECTIONS)

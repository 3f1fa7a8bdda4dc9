from typing import Any

from django.apps import AppConfig

from config.slots import render_included, slot_register


def _printable_note(context: Any, item: Any = None, **values: Any) -> str:
    """On a reflection's journal entry: the way back to its printable note (a letter, say), later on."""
    from journal.models import Entry
    from prompts.models import Run

    user = context.get("user")
    # Only reflections can have a note, so other entries cost no query.
    if item is None or item.kind != Entry.Kind.REFLECTION or user is None or item.owner_id != user.pk:
        return ""
    run = Run.objects.filter(entry=item, owner=user).select_related("version__sequence").first()
    if run is None or not (run.is_finished and run.definition.note):
        return ""
    return render_included(context, "prompts/_printable_note_link.html", run=run)


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

        # A finished letter or note is found again from its journal entry, to print on its own.
        slot_register("journal.entry", _printable_note)

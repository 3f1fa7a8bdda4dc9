from django.apps import AppConfig


class ProgressConfig(AppConfig):
    """A look back at the person's own path: what moved, what helped, the small victories.

    It sits at care's level, beside it: it reads the journal, safety and reflections below it and
    neither imports care nor is imported by it.
    """

    name = "progress"
    default_auto_field = "django.db.models.BigAutoField"

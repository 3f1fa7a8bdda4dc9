from django.apps import AppConfig

from config.slots import slot_register


class ProgressConfig(AppConfig):
    """A look back at the person's own path: what moved, what helped, the small victories.

    It sits at care's level, beside it: it reads the journal, safety and reflections below it and
    neither imports care nor is imported by it.
    """

    name = "progress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The look back's parts of other apps' pages, in the places those pages leave for them:
        # a link in the menu and on the home page, and the star on an entry's page.
        slot_register("base.nav", "progress/_nav.html")
        slot_register("prompts.home", "progress/_on_home.html")
        slot_register("journal.entry", "progress/_star_button.html")

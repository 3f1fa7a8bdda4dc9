from django.apps import AppConfig

from config.slots import slot_register


class SupportersConfig(AppConfig):
    """The people around a person: to begin with, a public guide for their family and friends.

    It sits at care's level, beside care and progress: it uses what is below it (safety's crisis
    data above all) and neither imports them nor is imported by anything below.
    """

    name = "supporters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The guide is linked where someone might look for it: the welcome page a visitor sees,
        # the home page, the "what Waypoint is" page and the help page. Each of those pages
        # belongs to an app below this one, so it offers a slot and this app fills it.
        slot_register("prompts.welcome", "supporters/_guide_link.html")
        slot_register("prompts.home.links", "supporters/_guide_link_item.html")
        slot_register("prompts.about", "supporters/_guide_link.html")
        slot_register("safety.help.more", "supporters/_guide_link_item.html")

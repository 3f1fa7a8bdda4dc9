from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.template.context import Context

from config.slots import render_included, slot_register

if TYPE_CHECKING:
    from prompts.models import Run

# The reflections that end with getting ready to tell someone; they offer the telling cards.
TELLING_SEQUENCES = frozenset({"talk-to-someone", "what-id-like-you-to-know"})


def _telling_after_reflection(context: Context, *, run: "Run") -> str:
    if run.version.sequence.slug not in TELLING_SEQUENCES:
        return ""
    return render_included(context, "supporters/_telling_link.html")


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
        # The words to show someone: from home, and at the end of the two reflections that get
        # a person ready to tell someone.
        slot_register("prompts.home.links", "supporters/_telling_link_item.html")
        slot_register("prompts.run.finished", _telling_after_reflection)

from typing import Any

from django.apps import AppConfig

from config.slots import render_included, slot_register


class ProgressConfig(AppConfig):
    """A look back at the person's own path: what moved, what helped, the small victories.

    It sits at care's level, beside it: it reads the journal, safety and reflections below it and
    neither imports care nor is imported by it.
    """

    name = "progress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal.export_sections import export_section_register
        from journal.keyring import register_encrypted_model
        from progress.models import Victory
        from progress.portability import VICTORIES
        from sharing.makers import Maker, snapshot_maker_register

        # The kind and the note are the person's: key rotation and `keys_verify` (and so a
        # backup's restore) cover them. Account deletion takes them by cascade with the person.
        register_encrypted_model(Victory, fields=["kind", "note"])
        # The summary can be shared with a therapist or a supporter as its own sealed copy.
        snapshot_maker_register(Maker("summary", _summary_snapshot, _summary_url, ("span", "chosen", "t", "n", "m")))
        # So "Download everything" holds the victories, and import brings them back.
        export_section_register(VICTORIES)

        # Marking a small victory where it happened: on an entry, and after riding the wave.
        slot_register("journal.entry", _mark_entry)
        slot_register("safety.urge.passed", "progress/_mark_urge.html")

        # The look back's parts of other apps' pages, in the places those pages leave for them:
        # a link in the menu and on the home page, and the star on an entry's page.
        slot_register("base.nav", "progress/_nav.html")
        slot_register("prompts.home", "progress/_on_home.html")
        slot_register("journal.entry", "progress/_star_button.html")


def _mark_entry(context: Any, item: Any = None, **values: Any) -> str:
    user = context.get("user")
    if item is None or user is None or not user.is_authenticated or item.owner_id != user.pk:
        return ""
    return render_included(context, "progress/_mark_entry.html", item=item)


def _summary_snapshot(owner: Any, params: Any) -> Any:
    from progress.look_back import span_from
    from progress.summary import include_from, summary_snapshot
    from sharing.snapshots import Snapshot

    summary = summary_snapshot(owner=owner, span=span_from(params.get("span")), include=include_from(params))
    # The text's first line is the title, which the copy holds on its own.
    body = summary.to_text().split("\n", 1)[1].lstrip("\n")
    return Snapshot(kind="summary", title=summary.title, body=body)


def _summary_url() -> str:
    from django.urls import reverse

    return reverse("progress:summary")

from datetime import date, timedelta
from typing import Any

from django.apps import AppConfig
from django.utils import timezone

from config.slots import render_included, slot_register


class SafetyConfig(AppConfig):
    name = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal.after_save import after_save_register
        from journal.keyring import register_encrypted_model
        from safety import checks, signals  # noqa: F401  (registers the system check and cache signals)
        from safety.gentle_check import gentle_check_after_save
        from safety.models import CopingItem, PlanContact, PlanStep, SafetyPreferences
        from safety.strip import help_strip

        # Key rotation and `keys_verify` cover every encrypted field of the safety module. All of
        # it is under the person's plan key, which stays outside their journal's lock unless they
        # lock it too: in a crisis a forgotten passphrase must not stand between them and their plan.
        register_encrypted_model(PlanStep, fields=["body", "obstacles"], scope="plan")
        register_encrypted_model(PlanContact, fields=["name", "phone"], scope="plan")
        register_encrypted_model(CopingItem, fields=["text"], scope="plan")
        # The row holds the person's settings too: letting a locked plan go blanks only the count.
        register_encrypted_model(SafetyPreferences, fields=["waves_ridden"], scope="plan", let_go="blank")

        from journal.export_sections import export_section_register
        from safety.portability import COPING_LIST, RIDE_THE_WAVE, SAFETY_PLAN

        # So "Download everything" holds the plan and coping list, and import brings them back.
        for section in (SAFETY_PLAN, COPING_LIST, RIDE_THE_WAVE):
            export_section_register(section)

        # The journal's explicit saves reach the gentle check through this slot, not an import.
        after_save_register(gentle_check_after_save)

        # Help on every page, error pages too; and after a save the gentle check said yes to, its
        # panel at the top of the page, where "Saved" would be.
        slot_register("base.help_strip", help_strip)
        slot_register("base.main_top", _gentle_check_panel)
        # Ticking "Note a setback" on tonight's entry says self-harm happened: care for the body
        # is offered there, as the home check-in does for "Self-harm happened".
        slot_register("journal.entry.setback", _setback_care)
        # The warning before the idle lock covers the page, and the strip with it: help and Leave
        # stay one tap away inside it.
        slot_register("base.idle_dialog", "safety/_idle_dialog_ways_out.html")


def _gentle_check_panel(context: Any, **values: Any) -> str:
    # Reading gentle_check takes it: only the first page (or step swapped in) after the save shows the panel.
    return render_included(context, "safety/_gentle_check.html", **values) if context.get("gentle_check") else ""


def _setback_care(context: Any, written_on: date | None = None, **values: Any) -> str:
    # Today or yesterday only (written after midnight about last night): an old setback read again
    # weeks later is part of the path, not an injury now.
    today = timezone.localdate()
    if written_on is None or not today - timedelta(days=1) <= written_on <= today:
        return ""
    return render_included(context, "safety/_setback_care.html")

from typing import TYPE_CHECKING, Any

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
    """The people around a person: the guide for family and friends, and sharing with supporters.

    It sits at care's level, beside care and progress: it uses what is below it (sharing's
    copies, safety's crisis data) and neither imports them nor is imported by anything below.
    """

    name = "supporters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.housekeeping import housekeeping_register
        from journal.keyring import register_encrypted_model
        from sharing.audiences import Audience, audience_register, sealed_register
        from supporters.models import Supporter, SupporterReply, SupporterShare

        # The guide is linked where someone might look for it: the welcome page a visitor sees,
        # the home page, the "what Waypoint is" page and the help page. Each of those pages
        # belongs to an app below this one, so it offers a slot and this app fills it.
        slot_register("prompts.welcome", "supporters/_guide_link.html")
        slot_register("prompts.home.links", "supporters/_guide_link_item.html")
        slot_register("prompts.home.links", "supporters/_people_link_item.html")
        # Settings, beside "Your therapist": someone looking at night for where to stop sharing
        # looked there (the menu's one place for who sees what) and found no word of them.
        slot_register("accounts.settings", "supporters/_settings_card.html")
        # A reply should not wait unseen: the home page says quietly that someone wrote back.
        slot_register("prompts.home", _reply_on_home)
        slot_register("prompts.about", "supporters/_guide_link.html")
        slot_register("safety.help.more", "supporters/_guide_link_item.html")
        # Sharing with a supporter where the thing is: an entry (a finished reflection or letter
        # is one) and the safety plan. Always offered: the share page says how to add someone.
        slot_register("journal.entry", _share_entry)
        slot_register("safety.plan", "supporters/_share_plan.html")
        slot_register("progress.summary.share", "supporters/_share_summary.html")
        # Deleting the account takes every supporter's page with it: the delete page says so.
        slot_register("accounts.delete", _account_delete_note)
        # Supporters are under the keyring: letting a locked journal go takes them with it.
        slot_register("journal.let_go.goes", "supporters/_let_go_goes.html")

        # A supporter's name and email are the person's words, under their keyring: key rotation
        # and `keys_verify` (and so a backup's restore) cover them.
        register_encrypted_model(Supporter, fields=["name", "email"])
        # Supporters are the second audience of sharing's copies; replies are sealed the same way.
        audience_register(Audience("supporter", SupporterShare, _revoke, _names))
        sealed_register(SupporterReply, field="body")
        # An expired link's copies do not wait for anyone to press a button.
        housekeeping_register("supporter links", _links_expired_end)
        # The words to show someone: from home, and at the end of the two reflections that get
        # a person ready to tell someone.
        slot_register("prompts.home.links", "supporters/_telling_link_item.html")
        slot_register("prompts.run.finished", _telling_after_reflection)
        # And where a person who has just hurt themselves reads about who they could tell, and on
        # the help page "I'm not safe right now" leads to (a card says just that, to show someone).
        slot_register("safety.after.tell", "supporters/_telling_link_item.html")
        slot_register("safety.help.more", "supporters/_telling_link_item.html")
        # A finished letter or note offers sharing where it is read, not only from the journal.
        slot_register("prompts.run.note", _share_run_note)


def _share_entry(context: Any, item: Any = None, **values: Any) -> str:
    user = context.get("user")
    if item is None or user is None or not user.is_authenticated or item.owner_id != user.pk:
        return ""
    if getattr(item, "is_draft", False):
        return ""  # a draft isn't shared: finish it first
    from journal.keyring import JournalLocked
    from supporters.selectors import entry_holders

    try:
        # Who holds a copy, and of them who can read it now: someone with no link open cannot read
        # their copy yet, and "can still read" was untrue of them.
        shared = entry_holders(owner=user, entry=item)
    except JournalLocked:
        shared = None  # the entry itself is not shown while the journal is locked
    return render_included(context, "supporters/_share_entry.html", item=item, holders=shared)


def _reply_on_home(context: Any, **values: Any) -> str:
    from supporters.selectors import replies_unseen_exist

    user = context.get("user")
    # Shown while the journal is locked too: it names nobody and says nothing of what they wrote,
    # as the list of people, which says "They wrote back" then, does.
    if user is None or not user.is_authenticated or not replies_unseen_exist(owner=user):
        return ""
    return render_included(context, "supporters/_reply_on_home.html")


def _account_delete_note(context: Any, **values: Any) -> str:
    from supporters.selectors import supporters_exist

    user = context.get("user")
    if user is None or not user.is_authenticated or not supporters_exist(owner=user):
        return ""
    return render_included(context, "supporters/_account_delete_note.html")


def _share_run_note(context: Any, *, run: Any) -> str:
    # The entry the run became is what is shared: the same copy a share from the journal makes.
    return _share_entry(context, item=run.entry) if run.entry_id is not None else ""


def _revoke(copy: Any) -> None:
    from supporters.services import share_stop

    share_stop(copy=copy)


def _names(copies: Any) -> list[str]:
    from supporters.selectors import names_of

    return names_of(copies)


def _links_expired_end() -> int:
    from supporters.services import links_expired_end

    return links_expired_end()

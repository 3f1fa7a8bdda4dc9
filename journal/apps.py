import sys

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # checks registers the startup checks; lock_session forgets an open journal on signing out.
        from journal import checks, keyring, lock_session  # noqa: F401
        from journal.models import Entry, KeptWords, SearchChunk, Tag
        from journal.reindex import entries_reindex, tags_reindex

        keyring.register_encrypted_model(Entry, fields=["title", "body", "feelings"], after_rotate=entries_reindex)
        keyring.register_encrypted_model(Tag, fields=["name"], after_rotate=tags_reindex)
        keyring.register_encrypted_model(SearchChunk, fields=["text"])
        keyring.register_encrypted_model(KeptWords, fields=["words"])

        from journal.export_sections import export_section_register
        from journal.portability_entries import ENTRIES
        from journal.portability_kept import KEPT_WORDS

        # First, so sections registered above it (reflections) find the entries they belong to.
        export_section_register(ENTRIES)
        export_section_register(KEPT_WORDS)

        from accounts.housekeeping import housekeeping_register
        from journal.search_index import unchunked_fill
        from journal.services import trash_empty_expired

        # Hourly, never on a page view: the trash page hides what is past its 30 days meanwhile.
        housekeeping_register("trash", trash_empty_expired)
        # Entries written before search chunks existed go into them, a thousand at a time.
        housekeeping_register("search", unchunked_fill)

        from config.slots import slot_register
        from journal.lock_views import lock_settings_card

        # The journal lock's card in Settings: accounts leaves the place, journal fills it.
        slot_register("accounts.settings", lock_settings_card)

        if "gunicorn" in sys.modules:
            # gunicorn runs no system checks: without keys, stop here with the message
            # rather than serve pages that cannot read anything.
            keyring.read_server_keyring()

from django.apps import AppConfig


class SharingConfig(AppConfig):
    """One way of sharing a copy of something a person wrote, whoever reads it.

    A therapist (care) and a supporter with no account (supporters) are two audiences of the same
    design: a snapshot made at the moment of sharing, sealed under its own key, and a log the
    person reads. The audiences sit above this app and register themselves here; this app makes
    the copies, opens them, rotates their keys and ends them when an entry goes to the trash.
    """

    name = "sharing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal.after_save import shared_check_register
        from journal.keyring import register_server_wrapped
        from journal.lock_services import journal_let_go
        from journal.services import entry_trashed, trash_consequence_register
        from sharing import key_rotation
        from sharing.audiences import entry_has_copies
        from sharing.trash import end_shares_of_let_go_journal, end_shares_of_trashed_entry, entry_trash_notes

        # Every copy has its own key, wrapped by a server key: rotation moves them too, and no
        # server key is retired while a copy still needs it.
        register_server_wrapped(
            "shared copies",
            key_ids=key_rotation.copy_key_ids,
            rewrap=key_rotation.copy_keys_rewrap,
            verify=key_rotation.copy_keys_verify,
            old_format=key_rotation.copy_keys_old_format,
        )
        # A shared entry moved to the trash stops being shared with everyone at once, and the
        # person is told first whose copy ends.
        entry_trashed.connect(end_shares_of_trashed_entry, dispatch_uid="sharing.end_shares_of_trashed_entry")
        trash_consequence_register(entry_trash_notes)
        # Saving an entry someone holds a copy of says the copy stays as it was, not "private".
        shared_check_register(entry_has_copies)
        # A locked journal let go by someone who lost both its secrets: its shared entries end too.
        journal_let_go.connect(end_shares_of_let_go_journal, dispatch_uid="sharing.end_shares_of_let_go_journal")

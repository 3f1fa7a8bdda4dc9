"""What moving an entry to the trash means for its shared copies, for every audience at once.

journal cannot import sharing, so it asks through trash_consequence_register and entry_trashed
(journal/services.py); sharing/apps.py connects these two here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from config.names import names_joined
from sharing.audiences import audiences


def entry_trash_notes(entry: Any) -> list[str]:
    """Told before the entry goes to the trash: whose copy of it ends."""
    names: set[str] = set()
    for audience in audiences():
        copies = list(audience.model._default_manager.filter(entry_id=entry.pk))
        if copies:
            names.update(audience.reader_names(copies))
    if not names:
        return []
    return [
        _(
            "This also stops sharing it with %(names)s: their copy is deleted. "
            "If you bring it back, you could share it again."
        )
        % {"names": names_joined(sorted(names, key=str.casefold))}
    ]


@transaction.atomic
def shares_of_entry_end(*, entry: Any) -> None:
    """The entry went to the trash: every copy goes, as if the person pressed Stop sharing."""
    for audience in audiences():
        for copy in audience.model._default_manager.filter(entry_id=entry.pk).select_related("entry"):
            audience.revoke(copy)


def end_shares_of_trashed_entry(sender: Any, entry: Any, **kwargs: Any) -> None:
    shares_of_entry_end(entry=entry)


def end_shares_of_let_go_journal(sender: Any, user_id: Any, scopes: tuple[str, ...], **kwargs: Any) -> None:
    """A locked journal was let go (journal/lock_services.py): every copy of its entries ends,
    each with its own "sharing stopped" line, before the entries themselves are deleted."""
    if "journal" not in scopes:
        return
    for audience in audiences():
        for copy in audience.model._default_manager.filter(entry__owner_id=user_id).select_related("entry"):
            audience.revoke(copy)

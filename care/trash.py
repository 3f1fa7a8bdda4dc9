"""What moving an entry to the trash means for sharing it: the journal's trash hook, filled by care.

journal cannot import care, so it asks through trash_consequence_register and entry_trashed
(journal/services.py); care/apps.py connects these two here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from care.models import SharedItem
from care.selectors import therapist_names
from care.services import share_revoke


def entry_trash_notes(entry: Any) -> list[str]:
    """Told before the entry goes to the trash: whose copy of it ends."""
    links = [item.link for item in SharedItem.objects.filter(entry_id=entry.pk).select_related("link")]
    if not links:
        return []
    names = therapist_names(links)
    shown = sorted({names.get(link.pk, "") or _("your therapist") for link in links}, key=str.casefold)
    return [
        _(
            "This also stops sharing it with %(names)s: their copy is deleted. "
            "If you bring it back, you could share it again."
        )
        % {"names": ", ".join(shown)}
    ]


@transaction.atomic
def shares_of_entry_end(*, entry: Any) -> None:
    """The entry went to the trash: every therapist's copy goes, as if the person pressed Stop sharing."""
    for item in SharedItem.objects.filter(entry_id=entry.pk).select_related("link", "entry"):
        share_revoke(item=item)

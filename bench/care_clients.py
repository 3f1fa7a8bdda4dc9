"""A therapist with many clients and long sharing logs, for measuring the clients pages.

    .venv/bin/python manage.py shell -c "from bench.care_clients import populate; populate(25, 800)"

Each client links through a real invitation and shares entries and their plan through the care
services (so copies are sealed as in use); the rest of each link's log, copies shared, opened and
stopped long ago, is written in bulk as share_event_record writes it (ids, kind and day only),
because sealing 20,000 copies one by one would take longer than the measurement.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

THERAPIST_EMAIL = "theo.bench@example.com"


def populate(clients: int, events_per_client: int, *, live_shares: int = 4) -> Any:
    """The therapist (created once) with `clients` linked people; returns the therapist."""
    from django.utils import timezone

    from accounts.models import User
    from care import services
    from care.models import Clinic, Membership, ShareEvent
    from journal.services import entry_create
    from safety.plan_sections import SECTIONS
    from safety.services import plan_step_save

    clinic, _ = Clinic.objects.get_or_create(key="bench", defaults={"name": "Bench Clinic"})
    therapist = User.objects.filter(email=THERAPIST_EMAIL).first()
    if therapist is None:
        therapist = User.objects.create_user(email=THERAPIST_EMAIL, password="a calm long password 42")
        Membership.objects.create(
            clinic=clinic, user=therapist, role=Membership.Role.THERAPIST, display_name="Theo Bench"
        )
    membership = Membership.objects.get(user=therapist, role=Membership.Role.THERAPIST)
    have = Membership.objects.get(pk=membership.pk).user.care_clients.count()
    now = timezone.now()
    for number in range(have, clients):
        person = User.objects.create_user(email=f"client{number:03d}@example.com", password="a calm long password 42")
        invitation = services.invitation_create(membership=membership)
        link = services.invitation_accept(code=invitation.code, person=person)
        plan_step_save(owner=person, section=SECTIONS[0].slug, body="Going for a walk", obstacles="")
        items = [services.share_plan(link=link)]
        for day in range(live_shares):
            entry = entry_create(author=person, body=f"A harder day than most, number {day}.")
            items.append(services.share_entry(link=link, entry=entry))
        for item in items[::2]:
            services.shared_item_open(item=item, therapist=therapist)
        logged = ShareEvent.objects.filter(link=link).count()
        history = []
        for n in range(events_per_client - logged):
            # Copies from months of sessions: each shared, opened, then stopped.
            old_item = uuid.UUID(int=(number << 32) + n // 3)
            action = (ShareEvent.Action.SHARED, ShareEvent.Action.VIEWED, ShareEvent.Action.STOPPED)[n % 3]
            history.append(
                ShareEvent(
                    link=link,
                    item_id=old_item,
                    kind="entry",
                    written_on=(now - timedelta(days=1 + n // 3)).date(),
                    action=action,
                    at=now - timedelta(days=1 + n // 3, minutes=-n % 3),
                )
            )
        ShareEvent.objects.bulk_create(history)
    return therapist

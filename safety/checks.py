"""Tells admins when a crisis resource is past the date someone meant to check it again."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError
from django.utils import timezone


@register()
def crisis_resources_past_review(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from safety.models import CrisisResource

    try:
        overdue = list(
            CrisisResource.objects.filter(
                status=CrisisResource.Status.ACTIVE, review_due__lt=timezone.localdate()
            ).order_by("country", "name")
        )
    except DatabaseError:
        # Before the first migrate there is nothing to check.
        return []
    return [
        Warning(
            f"The crisis resource {resource} was due to be checked again on {resource.review_due}.",
            hint=(
                "It keeps showing with the date it was last checked. Confirm it with its source, then update "
                "safety/data/crisis_resources.yaml (shipped) or the admin (added by your clinic)."
            ),
            obj=resource,
            id="safety.W001",
        )
        for resource in overdue
    ]


@register()
def peer_support_past_review(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from safety.models import PeerSupport

    try:
        overdue = list(
            PeerSupport.objects.filter(status=PeerSupport.Status.ACTIVE, review_due__lt=timezone.localdate()).order_by(
                "country", "name"
            )
        )
    except DatabaseError:
        return []
    return [
        Warning(
            f"The peer-support entry {entry} was due to be checked again on {entry.review_due}.",
            hint=(
                "It keeps showing with the date it was last checked. Confirm it on the organisation's own page, "
                "then update safety/data/peer_support.yaml (shipped) or the admin (added by your clinic)."
            ),
            obj=entry,
            id="safety.W002",
        )
        for entry in overdue
    ]


@register()
def quick_exit_url_is_a_web_address(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # "Leave quickly" sends people straight to this address: it has to be an ordinary web page.
    from django.conf import settings

    url = str(getattr(settings, "QUICK_EXIT_URL", ""))
    if url.startswith(("https://", "http://")):
        return []
    return [
        Error(
            f"QUICK_EXIT_URL is {url!r}, which is not a web address.",
            hint="Set QUICK_EXIT_URL to an everyday site that starts with https://, such as a weather page.",
            id="safety.E001",
        )
    ]

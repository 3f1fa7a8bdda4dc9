"""Clinic edits show on the next page: any change to a resource clears the cached strip. And a
plan let go with a locked journal shows the coping list's starter ideas again."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from journal.lock_services import journal_let_go
from safety.crisis_selectors import resources_cache_clear
from safety.models import CrisisResource, PeerSupport, ResourceContact, SafetyPreferences


@receiver([post_save, post_delete], sender=CrisisResource)
def _resource_changed(sender: Any, instance: CrisisResource, **kwargs: Any) -> None:
    resources_cache_clear(instance.country)


@receiver([post_save, post_delete], sender=ResourceContact)
def _contact_changed(sender: Any, instance: ResourceContact, **kwargs: Any) -> None:
    resources_cache_clear()


@receiver([post_save, post_delete], sender=PeerSupport)
def _peer_support_changed(sender: Any, instance: PeerSupport, **kwargs: Any) -> None:
    # The same site-wide generation as the crisis lines: one change, every process reads again.
    resources_cache_clear()


@receiver(journal_let_go)
def _plan_let_go(sender: Any, user_id: Any, scopes: tuple[str, ...], **kwargs: Any) -> None:
    # The coping ideas went with a locked plan: the starter ideas show again, as for a new list.
    if "plan" in scopes:
        SafetyPreferences.objects.filter(owner_id=user_id).update(coping_started=False)

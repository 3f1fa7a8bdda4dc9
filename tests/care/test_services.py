from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from care import services, suggestions
from care.models import Invitation, Link, Membership, PlanSuggestion, SharedItem, ShareEvent
from care.services import InvitationUnusable
from journal.services import EntryContent, entry_update
from safety.selectors import plan_for_owner
from safety.services import plan_step_save
from tests.care.conftest import write


def _invitation(therapist: Any) -> Invitation:
    return services.invitation_create(membership=Membership.objects.get(user=therapist))


@pytest.mark.django_db
def test_an_invitation_links_once_and_never_again(theo: Any, alice: Any, bob: Any) -> None:
    invitation = _invitation(theo)
    link = services.invitation_accept(code=invitation.code.lower(), person=alice)
    assert (link.person, link.therapist) == (alice, theo)
    with pytest.raises(InvitationUnusable):
        services.invitation_accept(code=invitation.code, person=bob)
    assert not Link.objects.filter(person=bob).exists()


@pytest.mark.django_db
def test_an_expired_invitation_links_nobody(theo: Any, alice: Any) -> None:
    invitation = _invitation(theo)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvitationUnusable):
        services.invitation_accept(code=invitation.code, person=alice)
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_a_therapist_cannot_accept_their_own_invitation(theo: Any) -> None:
    with pytest.raises(InvitationUnusable):
        services.invitation_accept(code=_invitation(theo).code, person=theo)


@pytest.mark.django_db
def test_stopping_a_share_deletes_the_key_and_the_copy_and_logs_it(link: Link, alice: Any) -> None:
    item = services.share_entry(link=link, entry=write(alice, "words"))
    services.share_revoke(item=item)
    assert not SharedItem.objects.exists()
    assert list(ShareEvent.objects.values_list("action", flat=True)) == ["stopped", "shared"]


@pytest.mark.django_db
def test_sharing_an_entry_again_replaces_the_earlier_copy(link: Link, alice: Any) -> None:
    entry = write(alice, "first words")
    services.share_entry(link=link, entry=entry)
    entry_update(
        entry=entry,
        expected_version=entry.version,
        content=EntryContent(title="", body="second words", written_on=entry.written_on),
    )
    item = services.share_entry(link=link, entry=entry)
    assert SharedItem.objects.count() == 1
    assert services.shared_item_read(item).body == "second words"


@pytest.mark.django_db
def test_deleting_the_entry_deletes_the_shared_copy(link: Link, alice: Any) -> None:
    entry = write(alice, "words")
    services.share_entry(link=link, entry=entry)
    entry.delete()
    assert not SharedItem.objects.exists()


@pytest.mark.django_db
def test_a_taken_suggestion_lands_in_the_plan_and_the_shared_copy(link: Link, alice: Any, theo: Any) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="Tiredness")
    item = services.share_plan(link=link)
    suggestion = suggestions.plan_suggestion_create(
        item=item, section="on_my_own", body="Music, or a walk", therapist=theo
    )
    suggestions.plan_suggestion_accept(suggestion=suggestion)
    step = plan_for_owner(alice).step("on_my_own")
    assert (step.body, step.obstacles) == ("Music, or a walk", "Tiredness")
    item.refresh_from_db()
    assert "Music, or a walk" in [s.body for s in services.shared_item_read(item).steps]
    assert PlanSuggestion.objects.get().decision == "taken", "kept, answered, so the therapist sees the answer"


@pytest.mark.django_db
def test_a_left_out_suggestion_changes_nothing(link: Link, alice: Any, theo: Any) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    item = services.share_plan(link=link)
    suggestion = suggestions.plan_suggestion_create(
        item=item, section="on_my_own", body="Something else", therapist=theo
    )
    suggestions.plan_suggestion_reject(suggestion=suggestion)
    assert plan_for_owner(alice).step("on_my_own").body == "Music"
    assert PlanSuggestion.objects.get().decision == "kept"


@pytest.mark.django_db
def test_suggestions_are_shredded_with_the_shared_plan(link: Link, alice: Any, theo: Any) -> None:
    item = services.share_plan(link=link)
    suggestions.plan_suggestion_create(item=item, section="on_my_own", body="A walk", therapist=theo)
    services.link_end(link=link)
    assert not PlanSuggestion.objects.exists() and not SharedItem.objects.exists()

"""After finishing homework, the last page gently offers to share it; the preview says only what is true."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Link
from care.services import homework_assign, link_end, link_set_homework_status, share_entry
from prompts.models import Run, Sequence
from prompts.services import run_finish, run_start
from safety.services import plan_step_save
from tests.care.conftest import link_people, write

ANSWER = "A long shift and a sharp word"


def _pause() -> Sequence:
    return Sequence.objects.get(clinic_key="", slug="pause-for-kindness")


def _finish(person: Any, sequence: Sequence) -> Run:
    return run_finish(run=run_start(owner=person, sequence=sequence), answers={"0": ANSWER})


def _end_page(client: Client, run: Run) -> str:
    return client.get(reverse("prompts:run", args=[run.id])).content.decode()


@pytest.mark.django_db
def test_finished_homework_offers_to_share_it_with_the_therapist(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    page = _end_page(alice_client, run)
    assert "Share it with <bdi>Theo Park</bdi>…" in page
    assert reverse("care:share_entry", args=[run.entry_id]) in page
    # Nothing has left yet: the page still says so.
    assert "It stays private unless you share it." in page


@pytest.mark.django_db
def test_the_offer_leads_to_the_preview_of_exactly_what_would_be_shared(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    preview = alice_client.get(reverse("care:share_entry", args=[run.entry_id])).content.decode()
    assert ANSWER in preview and "Share with <bdi>Theo Park</bdi>" in preview
    assert not link.shared_items.exists()


@pytest.mark.django_db
def test_the_offer_also_shows_when_the_last_step_arrives_by_htmx(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    fragment = alice_client.get(reverse("prompts:run", args=[run.id]), headers={"HX-Request": "true"})
    assert "Share it with <bdi>Theo Park</bdi>…" in fragment.content.decode()


@pytest.mark.django_db
def test_once_shared_it_says_so_instead_of_offering_again(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    share_entry(link=link, entry=run.entry)  # type: ignore[arg-type]
    page = _end_page(alice_client, run)
    assert "a copy is shared with them" in page
    assert reverse("care:share_entry", args=[run.entry_id]) not in page


@pytest.mark.django_db
def test_a_reflection_nobody_suggested_offers_nothing(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    run = _finish(alice, _pause())
    page = _end_page(alice_client, run)
    assert "Share it with" not in page and "It stays private unless you share it." in page


@pytest.mark.django_db
def test_a_reflection_begun_before_the_suggestion_and_finished_after_it_answers_it(
    library: None, link: Link, alice: Any, alice_client: Client, theo_client: Client
) -> None:
    # Alice began it on her own and stopped; Theo suggests it; from home she opens it and takes the
    # page's first button, "Pick up where you left off". What she finishes is the homework, for both.
    run = run_start(owner=alice, sequence=_pause())
    homework_assign(link=link, sequence=_pause())
    link_set_homework_status(link=link, show=True)
    assert "What <bdi>Theo Park</bdi> sees: Not started" in alice_client.get(reverse("home")).content.decode()
    run = run_finish(run=run, answers={"0": ANSWER})
    assert "Share it with <bdi>Theo Park</bdi>…" in _end_page(alice_client, run)
    assert "What <bdi>Theo Park</bdi> sees: Finished" in alice_client.get(reverse("home")).content.decode()
    therapist_page = theo_client.get(reverse("care:client", args=[link.id])).content.decode()
    assert "Finished" in therapist_page and "Not started" not in therapist_page


@pytest.mark.django_db
def test_a_reflection_finished_before_the_suggestion_is_not_what_it_answers(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    run = _finish(alice, _pause())
    homework_assign(link=link, sequence=_pause())
    link_set_homework_status(link=link, show=True)
    assert "Share it with" not in _end_page(alice_client, run)
    assert "What <bdi>Theo Park</bdi> sees: Not started" in alice_client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_after_the_link_ends_nothing_is_offered(library: None, link: Link, alice: Any, alice_client: Client) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    link_end(link=link)
    assert "Share it with" not in _end_page(alice_client, run)


@pytest.mark.django_db
def test_the_offer_names_the_therapist_who_suggested_it(
    library: None, link: Link, tess: Any, alice: Any, alice_client: Client
) -> None:
    link_people(tess, alice)
    homework_assign(link=link, sequence=_pause())
    page = _end_page(alice_client, _finish(alice, _pause()))
    assert "Share it with <bdi>Theo Park</bdi>…" in page and "Tess Lin" not in page


@pytest.mark.django_db
def test_someone_elses_finished_homework_stays_out_of_reach(
    library: None, link: Link, alice: Any, bob_client: Client
) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    assert bob_client.get(reverse("prompts:run", args=[run.id])).status_code == 404


@pytest.mark.django_db
def test_the_plan_preview_does_not_mention_feelings_urges_or_tags(link: Link, alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music and a blanket", obstacles="")
    plan_page = alice_client.get(reverse("care:share_plan")).content.decode()
    assert "Music and a blanket" in plan_page
    assert "Feelings, urges and tags" not in plan_page
    assert "You can stop sharing at any time" in plan_page
    entry = write(alice, "words")
    entry_page = alice_client.get(reverse("care:share_entry", args=[entry.id])).content.decode()
    assert "Feelings, urges and tags are not shared." in entry_page


@pytest.mark.django_db
def test_home_says_a_finished_suggestion_is_shared_and_where_to_stop_it(
    library: None, link: Link, alice: Any, alice_client: Client
) -> None:
    homework_assign(link=link, sequence=_pause())
    run = _finish(alice, _pause())
    share_entry(link=link, entry=run.entry)  # type: ignore[arg-type]
    page = alice_client.get(reverse("home")).content.decode()
    assert "A copy is shared with <bdi>Theo Park</bdi>." in page
    # At the copies and their "Stop sharing", not at the top of the page, two phone screens above them.
    assert f'<a href="{reverse("care:index")}#shared-heading">Manage sharing</a>' in page
    sharing = alice_client.get(reverse("care:index")).content.decode()
    assert '<h2 id="shared-heading" tabindex="-1">What you are sharing</h2>' in sharing

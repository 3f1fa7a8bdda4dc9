"""A shared safety plan, as a supporter reads it: the steps with words in them, not a row of empty ones."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from safety.services import plan_step_save
from sharing.snapshots import plan_snapshot
from supporters import services
from tests.share_helpers import as_sent, as_shown, decryptions
from tests.supporters.test_supporters import _add, _make_link, _open


def _supporter_reads_the_plan(alice: Any, alice_client: Client) -> str:
    supporter = _add(alice_client)
    services.share_plan(supporter=supporter, snapshot=plan_snapshot(owner=alice))
    url, _code = _make_link(alice_client, supporter)
    page = _open(Client(), url)
    return page[page.index("<main") : page.index("</main>")]


def test_a_supporter_reads_only_the_steps_with_words(alice: Any, alice_client: Client) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    page = _supporter_reads_the_plan(alice, alice_client)
    assert "Things I can do on my own" in page
    assert "A walk round the block" in page
    assert "Warning signs and triggers" not in page
    assert "Nothing here yet." not in page


def test_a_supporter_reads_one_kind_line_for_a_plan_with_nothing_written(alice: Any, alice_client: Client) -> None:
    page = _supporter_reads_the_plan(alice, alice_client)
    assert page.count("Nothing is written in this plan yet.") == 1
    assert "Nothing here yet." not in page


def test_an_empty_plan_is_not_offered_to_share(alice: Any, alice_client: Client) -> None:
    _add(alice_client)
    page = alice_client.get(reverse("supporters:share_plan")).content.decode()
    page = page[page.index("<main") : page.index("</main>")]
    assert "Your plan has nothing written in it yet, so there is nothing to share." in page
    assert f'href="{reverse("safety:plan_edit")}"' in page
    assert ">Share</button>" not in page


def test_sharing_an_empty_plan_stores_nothing_and_says_why(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    response = alice_client.post(reverse("supporters:share_plan"), {"supporter": supporter.id})
    assert response.status_code == 200
    assert "there is nothing to share" in response.content.decode()
    assert not supporter.copies.exists()


def test_a_plan_with_one_written_step_can_still_be_shared(alice: Any, alice_client: Client) -> None:
    supporter = _add(alice_client)
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    url = reverse("supporters:share_plan")
    response = alice_client.post(url, as_shown(alice_client, url, supporter=supporter.id))
    assert response.status_code == 302
    assert supporter.copies.count() == 1


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _two_steps(alice: Any) -> None:
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")


def test_the_person_can_share_only_some_steps_and_sees_just_those_first(alice: Any, alice_client: Client) -> None:
    _two_steps(alice)
    supporter = _add(alice_client)
    url = reverse("supporters:share_plan")
    page = _main(alice_client.get(url).content.decode())
    assert "Steps they will see" in page
    assert page.count('name="steps"') == 2 and page.count("checked") == 2, "every written step, unless they choose"

    # "Warning signs" unticked and Share pressed straight away: nothing goes yet, the page shows
    # what would, with who they chose kept.
    chosen = as_shown(
        alice_client, url, chosen="1", shown=["warning_signs", "on_my_own"], steps="on_my_own", supporter=supporter.id
    )
    page = _main(alice_client.post(url, chosen).content.decode())
    assert not supporter.copies.exists()
    assert "This is what they will see now." in page
    assert "A walk round the block" in page and "Staying in bed all day" not in page
    assert f'value="{supporter.id}" selected' in page

    # Share again from that page: just that step goes.
    assert alice_client.post(url, {**chosen, "shown": "on_my_own"}).status_code == 302
    link, _code = _make_link(alice_client, supporter)
    read = _main(_open(Client(), link))
    assert "A walk round the block" in read
    assert "Staying in bed all day" not in read and "Warning signs and triggers" not in read


def test_no_step_ticked_shares_nothing_and_says_so(alice: Any, alice_client: Client) -> None:
    _two_steps(alice)
    supporter = _add(alice_client)
    url = reverse("supporters:share_plan")
    response = alice_client.post(url, {"chosen": "1", "shown": "on_my_own", "supporter": supporter.id})
    page = _main(response.content.decode())
    assert "Choose at least one step to share." in page
    assert "Staying in bed all day" not in page and "A walk round the block" not in page
    # A step with no words (emptied in another tab since) is not shared either.
    response = alice_client.post(url, {"chosen": "1", "shown": "people", "steps": "people", "supporter": supporter.id})
    assert "One of those steps has nothing written in it now." in response.content.decode()
    assert not supporter.copies.exists()


def test_a_share_form_from_before_the_choice_shares_every_written_step(alice: Any, alice_client: Client) -> None:
    _two_steps(alice)
    supporter = _add(alice_client)
    url = reverse("supporters:share_plan")
    alice_client.post(url, as_shown(alice_client, url, supporter=supporter.id))
    link, _code = _make_link(alice_client, supporter)
    read = _main(_open(Client(), link))
    assert "A walk round the block" in read and "Staying in bed all day" in read


def test_a_step_written_in_another_tab_is_not_shared_unseen_from_a_one_step_page(
    alice: Any, alice_client: Client
) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="A walk round the block", obstacles="")
    supporter = _add(alice_client)
    url = reverse("supporters:share_plan")
    page = _main(alice_client.get(url).content.decode())
    assert "Steps they will see" not in page, "one step: nothing to choose"
    # The form as that page sends it, Share pressed after a new step was written in another tab.
    sent: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page):
        sent.setdefault(name, []).append(value)
    # Share pressed before choosing whom: asked, still with nothing to choose about the steps.
    page = _main(alice_client.post(url, sent).content.decode())
    assert "Choose one of your people." in page and "Steps they will see" not in page
    plan_step_save(owner=alice, section="warning_signs", body="Staying in bed all day", obstacles="")
    # The plan changed since that page was drawn: nothing goes, and the page comes again with
    # the plan as it reads now, the one step they had ticked still the only one ticked.
    again = alice_client.post(url, {**sent, "supporter": str(supporter.id)})
    assert again.status_code == 200 and not supporter.copies.exists()
    page = _main(again.content.decode())
    assert "Your plan changed in another tab." in page
    assert "A walk round the block" in page and "Staying in bed all day" not in page
    assert page.count('name="steps"') == 2 and page.count("checked") == 1
    response = alice_client.post(url, as_sent(page))
    assert response.status_code == 302
    link, _code = _make_link(alice_client, supporter)
    read = _main(_open(Client(), link))
    assert "A walk round the block" in read
    assert "Staying in bed all day" not in read, "they see only what the page showed"


def test_a_step_emptied_in_another_tab_while_sharing_still_shares_what_the_page_showed(
    alice: Any, alice_client: Client, monkeypatch: Any
) -> None:
    _two_steps(alice)
    supporter = _add(alice_client)
    url = reverse("supporters:share_plan")
    share_plan = services.share_plan

    def emptied_in_the_same_instant(**kwargs: Any) -> Any:
        # The other tab saves the step empty after this page read the plan, before the copy is stored.
        plan_step_save(owner=alice, section="on_my_own", body="", obstacles="")
        return share_plan(**kwargs)

    monkeypatch.setattr(services, "share_plan", emptied_in_the_same_instant)
    chosen = as_shown(alice_client, url, chosen="1", shown="on_my_own", steps="on_my_own", supporter=str(supporter.id))
    # Was a server error (ValueError): the copy was made from a second reading of the plan.
    response = alice_client.post(url, chosen)
    assert response.status_code == 302
    link, _code = _make_link(alice_client, supporter)
    read = _main(_open(Client(), link))
    assert "A walk round the block" in read, "the step as the page showed it and they chose it"
    assert "Staying in bed all day" not in read


def test_sharing_the_plan_opens_each_step_once(alice: Any, alice_client: Client, monkeypatch: Any) -> None:
    # The page reads the plan to show and check it; the copy stored is that same reading, not a
    # second one (which would open every step's words twice, and could differ from what was shown).
    _two_steps(alice)
    supporter = _add(alice_client)
    url = reverse("supporters:share_plan")
    both = ["warning_signs", "on_my_own"]
    chosen = as_shown(alice_client, url, chosen="1", shown=both, steps=both, supporter=str(supporter.id))
    opened_all = decryptions(monkeypatch)
    response = alice_client.post(url, chosen)
    assert response.status_code == 302 and supporter.copies.count() == 1
    opened = [w["record_id"] for w in opened_all if w["model"] == "safety.PlanStep" and w["field"] == "body"]
    assert len(opened) == 2 and len(set(opened)) == 2, "each of the two steps opened once"

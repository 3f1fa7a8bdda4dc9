"""Help on the supporter's pages leads where someone without an account can go.

The crisis strip keeps "Get help now" and "Leave quickly" but not "My safety plan", which is only a
sign-in page for them; and the urgent lines on their page can be swapped for another country's.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from journal.services import entry_create
from supporters import services
from supporters.limits import MISSES_PER_ADDRESS
from tests.supporters.test_supporters import _add, _make_link, _open

pytestmark = pytest.mark.usefixtures("crisis_resources")

STRIP = 'id="crisis-strip"'
PLAN = 'href="/safety/plan/"'


def _strip(page: str) -> str:
    start = page.index(STRIP)
    return page[start : page.index("</aside>", start)]


def _urgent(page: str) -> str:
    start = page.index('class="card supporter-urgent"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def sam(alice: Any, alice_client: Client) -> dict[str, Any]:
    """Alice shares an entry with Sam through a plain link."""
    supporter = _add(alice_client)
    services.share_entry(supporter=supporter, entry=entry_create(author=alice, title="", body="for Sam"))
    url, _code = _make_link(alice_client, supporter)
    return {"supporter": supporter, "url": url}


def _assert_visitor_strip(page: str, where: str) -> None:
    strip = _strip(page)
    assert 'href="/safety/help/"' in strip and "Get help now" in strip, where
    assert "Leave quickly" in strip, where
    assert PLAN not in strip and "My safety plan" not in strip, where


def test_every_page_a_supporter_reaches_has_help_and_leave_but_no_plan_to_sign_in_to(
    alice_client: Client, sam: dict[str, Any]
) -> None:
    url = sam["url"]
    reader = Client()
    _assert_visitor_strip(reader.get(url).content.decode(), "open")
    _assert_visitor_strip(_open(reader, url), "read")

    coded, _code = _make_link(alice_client, sam["supporter"], with_code="on")
    _assert_visitor_strip(reader.get(coded).content.decode(), "code")
    ended = reader.get(url)  # the new link ended the first one
    assert ended.status_code == 410
    _assert_visitor_strip(ended.content.decode(), "no longer shared")

    guesser = Client()
    for attempt in range(MISSES_PER_ADDRESS):
        guesser.post(reverse("supporters:read", args=[f"guess{attempt}"]), {"open": "1"})
    paused = guesser.get(coded)
    assert paused.status_code == 429
    _assert_visitor_strip(paused.content.decode(), "too many")

    # Why: for someone without an account, the plan is only a sign-in page.
    assert reverse("account_login") in Client().get("/safety/plan/")["Location"]


def test_the_plan_link_stays_on_every_other_page_whichever_was_seen_first(
    alice_client: Client, sam: dict[str, Any]
) -> None:
    # The strip is kept once rendered (safety/strip.py); one visitor's two kinds of page share
    # everything else it depends on (country, language), so neither may be served the other's.
    visitor = Client()
    assert PLAN in _strip(visitor.get("/safety/help/").content.decode())
    assert PLAN not in _strip(visitor.get(sam["url"]).content.decode())
    assert PLAN in _strip(visitor.get("/safety/help/").content.decode())
    assert PLAN in _strip(visitor.get("/safety/grounding/").content.decode())
    assert PLAN in _strip(alice_client.get("/").content.decode())


def test_the_guide_read_signed_out_has_no_plan_link_and_signed_in_keeps_it(alice_client: Client) -> None:
    guide = reverse("supporters:guide")
    _assert_visitor_strip(Client().get(guide).content.decode(), "guide, signed out")
    assert PLAN in _strip(alice_client.get(guide).content.decode())


def test_the_groups_for_family_the_guide_links_to_are_a_supporters_page_too(alice_client: Client) -> None:
    # The guide's "Groups and communities for the people around someone": a supporter without an
    # account followed it to a strip offering "Safety plan" (a sign-in page) and "your journal".
    family = reverse("safety:peer_support") + "?for=family"
    assert f'href="{family}"' in Client().get(reverse("supporters:guide")).content.decode()
    page = Client().get(family).content.decode()
    _assert_visitor_strip(page, "groups for family, signed out")
    assert "Nobody reads what people write in Waypoint." in page and "your journal" not in page
    # The person's own peer page, and the family one read signed in, keep the plan.
    assert PLAN in _strip(Client().get(reverse("safety:peer_support")).content.decode())
    assert PLAN in _strip(alice_client.get(family).content.decode())


def test_the_supporter_can_find_crisis_lines_for_another_country_without_an_account(sam: dict[str, Any]) -> None:
    reader = Client()
    page = _open(reader, sam["url"])
    urgent = _urgent(page)
    assert 'href="tel:911"' in urgent, "the lines for the country this browser suggests"
    assert 'href="/safety/help/#region-pick"' in urgent
    assert "Crisis lines in another country" in urgent

    crisis = reader.get("/safety/help/")
    assert crisis.status_code == 200, "open without signing in"
    assert 'id="region-pick"' in crisis.content.decode()
    assert "113 Zelfmoordpreventie" in reader.get("/safety/help/", {"region": "NL"}).content.decode()

    # Back on their page, the urgent lines are the chosen country's.
    urgent = _urgent(reader.get(sam["url"]).content.decode())
    assert 'href="tel:112"' in urgent and 'href="tel:113"' in urgent
    assert 'href="tel:911"' not in urgent


def test_the_footer_on_a_supporters_pages_speaks_to_them_not_of_their_journal(
    alice_client: Client, sam: dict[str, Any]
) -> None:
    # The footer says nobody reads what is written here: to a supporter, of what people write (they
    # may be wondering whether anyone watches over the person), never "your journal", which they
    # don't have.
    def footer(page: str) -> str:
        return page[page.index('<footer class="site-footer">') : page.index("</footer>")]

    reader = Client()
    visitor_pages = {
        "open": reader.get(sam["url"]).content.decode(),
        "read": _open(reader, sam["url"]),
        "guide, signed out": Client().get(reverse("supporters:guide")).content.decode(),
        "not found": Client().get(reverse("supporters:read", args=["never-was"])).content.decode(),
    }
    for where, page in visitor_pages.items():
        assert "Nobody reads what people write in Waypoint." in footer(page), where
        assert "your journal" not in footer(page), where
    for page in (alice_client.get("/").content.decode(), Client().get("/safety/help/").content.decode()):
        assert "Nobody reads your journal." in footer(page)

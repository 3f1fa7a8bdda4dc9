"""In Chromium, at desktop and phone size (light and dark): mark an entry, then an urge that passed,
as small victories, and see them gathered."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from journal.services import entry_create
from progress.models import Victory, VictoryKind
from progress.selectors import victory_view
from progress.services import victory_add, victory_mark_entry
from tests.e2e.conftest import assert_accessible, sign_in, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_marking_an_entry_gathers_it_among_the_victories(
    browser: Browser, live_server: Any, alice: Any, width: int
) -> None:
    entry = entry_create(author=alice, title="Tuesday", body="I went for a walk instead.")
    # The phone in dark mode, so both colour schemes meet axe.
    context = browser.new_context(
        viewport={"width": width, "height": 812}, color_scheme="dark" if width == 375 else "light"
    )
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)

    page.goto(f"{live_server.url}/journal/{entry.id}/")
    page.get_by_role("button", name="Mark as a small victory").click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/")
    expect(page.get_by_role("status")).to_contain_text("Kept as a small victory.")
    assert_accessible(page)
    assert Victory.objects.filter(owner=alice, entry=entry).count() == 1

    page.get_by_role("link", name="See your small victories").click()
    expect(page.get_by_role("heading", name="Small victories", exact=True)).to_be_visible()
    expect(page.get_by_text("small victory so far")).to_have_count(0)
    expect(page.get_by_role("heading", name="An entry I wrote")).to_be_visible()
    expect(page.get_by_role("link", name="Read the entry")).to_have_attribute("href", f"/journal/{entry.id}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    # At the end of riding the wave (its last step, as without JavaScript), the urge that passed.
    page.goto(f"{live_server.url}/safety/ride-the-wave/?minutes=5&step=99")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="You rode the wave")).to_be_visible()
    expect(page.get_by_text("The urge passed? You can keep this as a small victory.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Keep it as a small victory").click()
    page.wait_for_url(f"{live_server.url}/look-back/victories/")
    expect(page.get_by_role("status")).to_contain_text("Kept as a small victory.")
    expect(page.locator(".victory-kind")).to_have_text(["An urge that passed", "An entry I wrote"])
    context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "dark"), (390, "light")])
def test_a_draft_waits_for_save_before_it_can_be_marked(
    browser: Browser, live_server: Any, alice: Any, width: int, scheme: str
) -> None:
    draft = entry_create(author=alice, title="Half a thought", body="Not finished yet.", is_draft=True)
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    entry_url = f"{live_server.url}/journal/{draft.id}/"

    page.goto(entry_url)
    expect(page.get_by_role("button", name="Mark as a small victory")).to_have_count(0)
    expect(
        page.get_by_text("Once you finish this entry and press Save, you can mark it as a small victory.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Star this to remember it")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit").click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{entry_url}#messages")
    expect(page.get_by_text("Once you finish this entry and press Save")).to_have_count(0)
    page.get_by_role("button", name="Mark as a small victory").click()
    page.wait_for_url(entry_url)
    expect(page.get_by_role("status")).to_contain_text("Kept as a small victory.")
    assert Victory.objects.filter(owner=alice, entry=draft).count() == 1
    context.close()


def test_a_note_typed_and_not_saved_is_asked_about_before_leaving(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # A note is a person's own words: Back, or a link elsewhere, asked nothing and they were gone.
    victory = victory_add(owner=alice, kind=VictoryKind.HELP, note="")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)  # closed even if a check fails
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/look-back/victories/{victory.id}/")
    page.get_by_label("A few words about it").fill("I rang my sister instead")
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to your small victories").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("A few words about it")).to_have_value("I rang my sister instead")
    # "Leave it as it was" says what it does: it asks nothing, and nothing is kept.
    page.on("dialog", lambda dialog: pytest.fail(f"asked on leaving it as it was: {dialog.type}"))
    page.get_by_role("link", name="Leave it as it was").click()
    expect(page).to_have_url(f"{live_server.url}/look-back/victories/")
    victory.refresh_from_db()
    assert victory_view(victory=victory).note == ""


def test_a_note_given_back_after_its_victory_was_removed_is_asked_about_before_leaving(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # The note comes back in the form for keeping something new, saved nowhere: one tap away
    # from the page lost it without a word, since the box held just what the page came with.
    victory = victory_add(owner=alice, kind=VictoryKind.HELP, note="")
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, note="")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    request.addfinalizer(context.close)  # closed even if a check fails
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/look-back/victories/{victory.id}/")
    other = context.new_page()
    other.goto(f"{live_server.url}/look-back/victories/{victory.id}/remove/")
    other.get_by_role("button", name="Remove from small victories").click()
    expect(other.get_by_role("status")).to_be_visible()
    page.get_by_label("A few words about it").fill("I asked for help at work")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("A few words about it")).to_have_value("I asked for help at work")
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Add a note").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("A few words about it")).to_have_value("I asked for help at work")


def test_two_alike_on_one_day_have_links_a_screen_reader_tells_apart(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    # Two entries of one day, both marked: every link under them was named alike ("Remove: An
    # entry I wrote, 2 March 2026" twice), so in a screen reader's list of links a person could not
    # tell which one they were about to remove. Each says which of that day's it is, newest first.
    day = date(2026, 3, 2)
    morning = entry_create(author=alice, body="A walk in the morning.", written_on=day)
    evening = entry_create(author=alice, body="A call in the evening.", written_on=day)
    victory_mark_entry(owner=alice, entry=morning)
    victory_mark_entry(owner=alice, entry=evening)
    victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=day)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/look-back/victories/")

    for word in ("Read the entry", "Add a note", "Remove"):
        names = [link.get_attribute("aria-label") for link in page.get_by_role("link", name=word).all()]
        assert len(names) == len(set(names)), names
    newest, older = page.get_by_role("link", name="Read the entry").all()
    said = "^Read the entry: An entry I wrote, 2 March 2026, {} of 2 that day$"
    expect(newest).to_have_accessible_name(re.compile(said.format(1)))
    expect(newest).to_have_attribute("href", f"/journal/{evening.id}/")
    expect(older).to_have_accessible_name(re.compile(said.format(2)))
    # One of its kind that day needs nothing more.
    expect(page.get_by_role("link", name="A conversation")).to_have_count(2)
    expect(page.get_by_role("link", name="A conversation").last).to_have_accessible_name(
        re.compile(r"^Remove: A conversation, 2 March 2026$")
    )
    assert_accessible(page)
    context.close()

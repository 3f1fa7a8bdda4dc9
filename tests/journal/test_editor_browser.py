"""The journal in the real browser: autosave, closing the tab, the idle lock, and axe on every page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from accounts.middleware import LAST_SEEN_KEY
from accounts.sessions import SessionStore
from journal.models import Entry, KeptWords
from journal.selectors import entry_texts
from journal.services import EntryContent, entry_create, entry_trash, entry_update
from tests.e2e.conftest import assert_accessible, close_pages_without_beacons, sign_in, soon_in_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(page: Page, live_server: Any, alice: Any) -> Iterator[Page]:
    sign_in(page, live_server.url, alice.email)
    yield page
    close_pages_without_beacons(page)


def _body_in_database(alice: Any, text: str) -> Entry:
    # After the page says it is saved, or, for the beacon sent as a tab closes, with no page left
    # to say so: looked for until it is there.
    def look() -> Entry | None:
        entries = Entry.objects.filter(owner=alice)
        return next((entry for entry in entries if entry_texts(user=alice, entry=entry).body == text), None)

    return soon_in_database(look, what=f"The text {text!r}")


def _expire_session(page: Page) -> None:
    """What the idle lock sees after half an hour away."""
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore.from_cookie(session_key)
    session[LAST_SEEN_KEY] = int(time.time()) - 60 * 60 * 24
    session.save()


def test_typing_is_kept_as_a_draft_a_few_seconds_after_you_stop(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("A slow morning, then a walk.")
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
    entry = _body_in_database(alice, "A slow morning, then a walk.")
    assert entry.is_draft

    # Keep typing: the next autosave updates the same draft, with no conflict.
    page.evaluate("document.getElementById('save-status').dataset.status = 'typing'")
    page.get_by_label("What's on your mind").press_sequentially(" Then tea.")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=10_000)
    _body_in_database(alice, "A slow morning, then a walk. Then tea.")
    assert Entry.objects.filter(owner=alice).count() == 1

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/#messages")
    expect(page.locator("main")).to_contain_text("Then tea.")
    assert not Entry.objects.get(pk=entry.pk).is_draft


def test_back_after_saving_opens_a_blank_editor_not_a_second_copy(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("Title").fill("Once only")
    page.get_by_label("What's on your mind").fill("Written and saved once.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/journal/*-*/#messages")
    # Back, as a phone's gesture does after saving. The browser used to put the saved words into
    # the fresh "New entry" (a new id), so one more letter autosaved them again as a second entry.
    page.go_back()
    expect(page.get_by_role("heading", name="New entry")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("")
    expect(page.get_by_label("What's on your mind")).to_have_value("")
    assert Entry.objects.filter(owner=alice).count() == 1


def test_words_typed_before_the_editors_script_runs_are_kept_too(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    # A slow phone: the editor's script arrives only after the person has started typing.
    held: list[Route] = []
    page.route("**/js/journal*.js", lambda route: held.append(route))
    with page.expect_request("**/js/journal*.js"):  # asked for while the page is read, and held
        page.goto(f"{live_server.url}/journal/new/", wait_until="commit")
    page.get_by_label("What's on your mind").fill("Straight in, before the page was ready.")
    assert held, "the editor's script was never asked for"
    for route in held:
        route.fulfill(response=route.fetch())
    expect(page.locator("#save-status")).to_contain_text("Draft kept", timeout=10_000)
    assert _body_in_database(alice, "Straight in, before the page was ready.").is_draft


def test_closing_the_tab_mid_sentence_keeps_the_draft(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("What's on your mind").fill("I was in the middle of a sent")
    page.close(run_before_unload=True)  # at once, long before the autosave delay
    entry = _body_in_database(alice, "I was in the middle of a sent")

    again = page.context.new_page()
    again.goto(f"{live_server.url}/journal/")
    expect(again.locator("#entries")).to_contain_text("Draft")
    again.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    expect(again.get_by_label("What's on your mind")).to_have_value("I was in the middle of a sent")


def test_after_the_idle_lock_the_text_stays_and_saves_once_you_sign_in_again(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    _expire_session(page)
    body = page.get_by_label("What's on your mind")
    body.fill("Written while the lock came down.")

    # The page stays with the words, out of sight of whoever passes the screen.
    notice = page.locator("#idle-locked")
    expect(notice).to_be_visible(timeout=10_000)
    # Still here, not sent away (the address has gained the new entry's id as typing began).
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/journal/new/\?id=[0-9a-f-]+$"))
    expect(body).to_be_hidden()
    expect(body).to_have_value("Written while the lock came down.")
    link = notice.get_by_role("link", name="Sign in again (opens a new tab)")
    assert link.get_attribute("target") == "_blank"

    other = page.context.new_page()
    sign_in(other, live_server.url, alice.email)
    other.close()
    page.bring_to_front()
    # Back as herself: the words come back into sight by themselves, and save.
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(body).to_be_visible(timeout=15_000)
    expect(notice).to_be_hidden()
    expect(page.locator("#journal-locked")).to_be_hidden(timeout=15_000)
    expect(page.locator("#save-status")).to_contain_text("Draft kept")
    _body_in_database(alice, "Written while the lock came down.")


def test_two_tabs_the_later_save_sees_both_texts(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    entry = entry_create(author=alice, body="The start.")
    page = signed_in_page
    second = page.context.new_page()
    for tab in (page, second):
        tab.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    page.get_by_label("What's on your mind").fill("From the first tab.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/#messages")

    second.get_by_label("What's on your mind").fill("From the second tab.")
    second.get_by_role("button", name="Save").click()
    expect(second.locator(".journal-conflict")).to_be_visible()
    expect(second.get_by_label("The newer saved text")).to_have_value("From the first tab.")
    expect(second.get_by_label("What's on your mind")).to_have_value("From the second tab.")
    assert entry_texts(user=alice, entry=Entry.objects.get(pk=entry.pk)).body == "From the first tab."


def test_the_status_line_a_screen_reader_listens_to_stays_on_the_page_through_each_save(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # Screen readers announce changes only in a live region that was already there: a status
    # line replaced whole by each autosave was a new element, and "Not saved yet: this entry
    # changed in another tab" went unheard.
    entry = entry_create(author=alice, body="The start.")
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    page.evaluate("document.getElementById('save-status').listenedTo = true")
    same_line = "document.getElementById('save-status').listenedTo === true"
    box = page.get_by_label("What's on your mind")
    box.fill("The start, and more.")
    status = page.locator("#save-status")
    expect(status).to_contain_text("Draft kept", timeout=10_000)
    assert page.evaluate(same_line)
    assert page.locator("[id=id_version]").count() == 1  # the saved version came with it, once

    saved = Entry.objects.get(pk=entry.pk)
    elsewhere = EntryContent(title="", body="Changed on the laptop.", written_on=saved.written_on)
    entry_update(entry=saved, expected_version=saved.version, content=elsewhere)
    box.press_sequentially(" From this tab.")
    expect(status).to_have_attribute("data-status", "kept", timeout=10_000)
    expect(status).to_contain_text("changed in another tab")
    expect(status).to_contain_text("Your words from this tab are kept.")
    assert page.evaluate(same_line)
    assert page.get_by_role("status").filter(has_text="changed in another tab").count() == 1


def test_an_autosave_whose_answer_was_lost_is_not_called_another_tabs_at_the_next_words(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # The phone's connection drops as an autosave lands: the page never hears, and stays on the
    # version before. The words typed on then met the page's own autosave, and were told "This
    # entry changed in another tab or device", a copy kept to compare.
    entry = entry_create(author=alice, body="The start.")
    page = signed_in_page
    sent: list[str] = []

    def answer_lost_once(route: Route) -> None:
        sent.append(route.request.post_data or "")
        if len(sent) == 1:
            route.fetch()  # it reaches the server and lands
            route.abort()  # the answer never comes back
        else:
            route.continue_()

    page.route("**/journal/autosave/", answer_lost_once)
    page.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    box = page.get_by_label("What's on your mind")
    box.fill("The start, and more.")
    expect(page.locator("#journal-offline")).to_be_visible(timeout=10_000)
    _body_in_database(alice, "The start, and more.")
    box.press_sequentially(" Typed on.")
    status = page.locator("#save-status")
    expect(status).to_have_attribute("data-status", "saved", timeout=10_000)
    expect(status).not_to_contain_text("another tab")
    assert re.search(r"(^|&)version=1(&|$)", sent[1])  # from the version before its own, as the page was
    saved = Entry.objects.get(pk=entry.pk)
    assert (entry_texts(user=alice, entry=saved).body, saved.version) == ("The start, and more. Typed on.", 3)
    assert not KeptWords.objects.filter(entry=saved).exists()


@pytest.mark.parametrize(
    ("change", "heading"),
    [("saved", "This entry has a newer version"), ("trashed", "This entry is in the trash now")],
)
def test_save_by_keyboard_that_meets_a_change_elsewhere_lands_on_what_happened(
    signed_in_page: Page, live_server: Any, alice: Any, change: str, heading: str
) -> None:
    # Save swaps the whole editor in, its button too: focus fell to <body>, and the next Tab
    # started again at the top of the page. Moved to the trash elsewhere, Save did nothing at all.
    page = signed_in_page
    entry = entry_create(author=alice, body="The start.")
    page.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    # Elsewhere, while this page is open (before anything is typed here, so no save is on its way).
    if change == "saved":
        Entry.objects.filter(pk=entry.pk).update(version=entry.version + 1)
    else:
        entry_trash(entry=entry)
    page.get_by_label("What's on your mind").fill("Words from this tab.")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=heading)).to_be_focused()
    expect(page.get_by_label("What's on your mind")).to_have_value("Words from this tab.")


def test_an_entry_moved_to_the_trash_elsewhere_comes_back_with_the_words_by_one_tap(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # The button sits in the note above the form (form="entry-form"): htmx has to send its name
    # with the form, or the entry stays in the trash and the note comes back.
    page = signed_in_page
    entry = entry_create(author=alice, body="The start.")
    page.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    entry_trash(entry=entry)
    page.get_by_label("What's on your mind").fill("Words from this tab.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Bring it back and save").click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.id}/#messages")
    kept = Entry.objects.get(pk=entry.pk)
    assert kept.trashed_at is None
    assert entry_texts(user=alice, entry=kept).body == "Words from this tab."


def test_show_what_i_wrote_brings_the_words_back_before_signing_in_again(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    _expire_session(page)
    body = page.get_by_label("What's on your mind")
    body.fill("Still mine to see.")
    expect(page.locator("#idle-locked")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed out, nothing lost")
    page.get_by_role("button", name="Show what I wrote").click()
    expect(body).to_be_focused()
    expect(body).to_have_value("Still mine to see.")
    # The editor's own notice says what to do; the page's heading is its own again.
    expect(page.locator("#journal-locked")).to_be_visible(timeout=15_000)
    expect(page.locator("#idle-locked")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_journal_pages_are_accessible_in_light_and_dark(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    entry = entry_create(
        author=alice,
        title="A walk",
        body="By the river, slowly.",
        mood=3,
        urge=2,
        tags=["walk"],
    )
    page = signed_in_page
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for url in [
            "/journal/",
            "/journal/new/",
            f"/journal/{entry.id}/",
            f"/journal/{entry.id}/edit/",
            "/journal/calendar/",
            "/journal/search/",
            "/journal/trash/",
            "/journal/export/",
            "/journal/import/",
            f"/journal/{entry.id}/print/",
        ]:
            page.goto(f"{live_server.url}{url}")
            assert_accessible(page)
        page.goto(f"{live_server.url}/journal/search/")
        page.get_by_label("Words to look for").fill("river")
        page.get_by_role("button", name="Search").last.click()
        expect(page.locator("#results mark")).to_have_text("river")
        assert_accessible(page)


def test_the_editor_works_from_the_keyboard(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/new/")
    page.get_by_label("Title").focus()
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    page.keyboard.type("Typed without a mouse.")
    page.get_by_label("Good").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Keyboard only")
    expect(page.locator("main")).to_contain_text("Good")


def test_a_mistake_on_save_by_keyboard_lands_on_what_to_fix(signed_in_page: Page, live_server: Any, alice: Any) -> None:
    # Save swaps the whole editor in with htmx, the button with it: focus fell to <body>, and by
    # keyboard the way to the mistake started again from the top of the page.
    entry = entry_create(author=alice, title="Evening", body="Tea by the window.", written_on=date(2026, 9, 2))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/{entry.id}/edit/")
    page.get_by_label("What's on your mind").fill("Edited tonight. Still here.")
    page.get_by_label("Written on").fill("2999-02-02")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Not saved yet. Your text is still here.")
    expect(summary).to_be_focused()
    expect(page.get_by_label("What's on your mind")).to_have_value("Edited tonight. Still here.")
    page.keyboard.press("Tab")  # its link to the field is next
    expect(summary.get_by_role("link", name="Written on")).to_be_focused()
    assert_accessible(page)


def test_show_more_results_by_keyboard_lands_on_the_first_new_one(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    from journal.selectors import SEARCH_PAGE

    for n in range(SEARCH_PAGE + 2):
        entry_create(author=alice, title=f"Tide {n:02}", body="the tide turned", written_on=date(2025, 1, 1 + n))
    page = signed_in_page
    page.goto(f"{live_server.url}/journal/search/")
    page.get_by_label("Words to look for").fill("tide")
    page.keyboard.press("Enter")
    expect(page.locator("#results article")).to_have_count(SEARCH_PAGE)
    page.get_by_role("button", name="Show 2 more").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results article")).to_have_count(SEARCH_PAGE + 2)
    # Focus is on the first entry the tap added (the oldest two are last: "Tide 01", then "Tide 00").
    expect(page.locator(f"#result-{SEARCH_PAGE + 1} a")).to_be_focused()
    expect(page.locator(f"#result-{SEARCH_PAGE + 1} a")).to_have_text("Tide 01")
    assert_accessible(page)

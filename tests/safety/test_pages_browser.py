"""Every safety page in the real browser: axe-core, dark mode, phone width, keyboard-only editing."""

from __future__ import annotations

import re
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from safety.selectors import plan_for_owner
from safety.services import coping_item_add, crisis_resources_load, plan_contact_add, plan_step_save
from tests.e2e.conftest import TEXT_SPACING, assert_accessible, sign_in, soon_in_database, stay_when_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}

SIGNED_IN_PAGES = [
    "/safety/",
    "/safety/help/",
    "/safety/help/?region=ZA",
    "/safety/plan/",
    "/safety/plan/edit/",
    "/safety/plan/people/",
    "/safety/plan/people/?back=read",
    "/safety/plan/print/",
    "/safety/coping/",
    "/safety/coping/edit/",
    "/safety/ride-the-wave/",
    "/safety/ride-the-wave/?minutes=5&step=4",
    "/safety/ride-the-wave/?minutes=5&step=7",
    "/safety/ride-the-wave/?minutes=5&step=8",
    "/safety/ride-the-wave/?minutes=5&step=3&stop=1",
    "/safety/ride-the-wave/talk/",
    "/safety/grounding/",
    "/safety/after/",
    "/safety/settings/",
    "/safety/leave/about/",
]
VISITOR_PAGES = [
    "/safety/",
    "/safety/help/",
    "/safety/leave/about/",
    "/safety/ride-the-wave/",
    "/safety/ride-the-wave/talk/",
    "/safety/grounding/",
    "/safety/after/",
    "/accounts/login/",
]


@pytest.fixture
def filled_plan(alice: Any) -> None:
    crisis_resources_load()
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_safety_page_passes_axe_signed_in(
    signed_in_page: Page, live_server: Any, filled_plan: None, scheme: Literal["light", "dark"]
) -> None:
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    for url in SIGNED_IN_PAGES:
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("#crisis-strip")).to_be_visible()
        assert_accessible(page)


def test_every_safety_page_passes_axe_for_a_visitor_on_a_phone(page: Page, live_server: Any) -> None:
    crisis_resources_load()
    page.set_viewport_size({"width": 360, "height": 740})
    for url in VISITOR_PAGES:
        page.goto(f"{live_server.url}{url}")
        # On a phone the strip is one pinned bar; "Get help now" holds every line, the number first.
        expect(page.locator("#crisis-strip").get_by_role("link", name="Get help now")).to_be_visible()
        assert_accessible(page)
        _no_sideways_scroll(page)
    page.goto(f"{live_server.url}/safety/help/")
    expect(page.locator("main").get_by_role("link", name="Call 911").first).to_be_visible()


def test_signed_in_pages_fit_a_phone(signed_in_page: Page, live_server: Any, filled_plan: None) -> None:
    page = signed_in_page
    page.set_viewport_size({"width": 360, "height": 740})
    for url in SIGNED_IN_PAGES:
        page.goto(f"{live_server.url}{url}")
        _no_sideways_scroll(page)


def test_a_step_s_edit_link_is_heard_without_a_stray_space(
    signed_in_page: Page, live_server: Any, filled_plan: None
) -> None:
    # A hidden span after "Edit" was heard as "Edit : Warning signs and triggers".
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    step = page.locator("#step-warning_signs")
    expect(step.get_by_role("link", name="Edit: Warning signs and triggers", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Write this step: Things I can do on my own", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/safety/plan/")
    expect(page.get_by_role("link", name="Edit this step: Warning signs and triggers", exact=True)).to_be_visible()


@pytest.mark.parametrize("url", ["/safety/plan/", "/safety/plan/edit/"])
def test_a_person_s_call_link_is_heard_and_brailled_without_a_stray_space(
    signed_in_page: Page, live_server: Any, filled_plan: None, url: str
) -> None:
    # A hidden ", Sam" after the number was heard, and shown on a braille display, as "Call … , Sam".
    page = signed_in_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{url}")
    call = page.get_by_role("link", name="Call +44 7700 900123, Sam", exact=True)
    expect(call).to_be_visible()
    expect(call).to_have_text("Call +44 7700 900123")  # what a sighted person reads is unchanged
    expect(page.get_by_role("link", name="Text Sam", exact=True)).to_be_visible()
    assert_accessible(page)
    # The wave's "Talk to someone now" says whom with the word alone: no stray space there.
    page.goto(f"{live_server.url}/safety/ride-the-wave/talk/")
    expect(page.get_by_role("link", name="Call Sam", exact=True)).to_be_visible()


def test_a_plan_step_is_edited_in_place_by_keyboard_alone(
    signed_in_page: Page, live_server: Any, filled_plan: None
) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    write = page.get_by_role("link", name=re.compile(r"Write this step\W+Things I can do on my own"))
    write.focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("In your own words")
    expect(box).to_be_visible()
    # HTMX swapped in just this step: the address is still the editing page.
    assert page.url == f"{live_server.url}/safety/plan/edit/"
    # Focus went with it, into the step's first box: no reaching for the mouse.
    expect(box).to_be_focused()
    page.keyboard.type("Make a hot chocolate at 2 a.m.")
    page.keyboard.press("Tab")
    page.keyboard.type("Feeling too tired")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    section = page.locator("#step-on_my_own")
    expect(section).to_contain_text("Make a hot chocolate at 2 a.m.")
    expect(section).to_contain_text("Feeling too tired")
    assert_accessible(page)
    page.reload()
    expect(page.locator("#step-on_my_own")).to_contain_text("Make a hot chocolate at 2 a.m.")


def test_two_steps_open_at_once_each_keep_their_own_words(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    for slug in ("distractions", "safer_space"):
        page.locator(f"#step-{slug}").get_by_role("link", name=re.compile("Write this step")).click()
        expect(page.locator(f"#step-{slug} textarea").first).to_be_focused()
    # Each label names (and focuses) the box in its own step, not the first step's.
    second = page.locator("#step-safer_space").get_by_label("In your own words")
    second.fill("Give my spare keys to Jo for now")
    page.locator("#step-safer_space").get_by_role("button", name="Save").click()
    expect(page.locator("#step-safer_space")).to_contain_text("Give my spare keys to Jo for now")
    expect(page.locator("#step-distractions").get_by_label("In your own words")).to_have_value("")
    assert_accessible(page)


def test_leaving_a_step_with_unsaved_words_asks_first(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    page.locator("#step-on_my_own").get_by_role("link", name=re.compile("Write this step")).click()
    box = page.locator("#step-on_my_own").get_by_label("In your own words")
    box.fill("Make a hot chocolate at 2 a.m.")
    # A tap on a link away from the page: the browser asks, and staying keeps the words.
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to my plan").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(box).to_have_value("Make a hot chocolate at 2 a.m.")
    assert page.url == f"{live_server.url}/safety/plan/edit/"
    # Once saved, leaving asks nothing.
    page.locator("#step-on_my_own").get_by_role("button", name="Save").click()
    expect(page.locator("#step-on_my_own")).to_contain_text("Make a hot chocolate at 2 a.m.")
    page.on("dialog", lambda dialog: pytest.fail(f"asked before leaving a saved plan: {dialog.type}"))
    page.get_by_role("link", name="Back to my plan").click()
    expect(page).to_have_url(f"{live_server.url}/safety/plan/")


def test_get_help_now_goes_straight_to_help_whatever_the_page_holds(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # In the hardest moment no "Leave site?" may stand between a person and the crisis lines.
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    page.locator("#step-on_my_own").get_by_role("link", name=re.compile("Write this step")).click()
    page.locator("#step-on_my_own").get_by_label("In your own words").fill("Ring Sam")
    page.on("dialog", lambda dialog: pytest.fail(f"asked before going for help: {dialog.type}"))
    page.get_by_role("complementary", name="Help now").get_by_role("link", name="Get help now").click()
    expect(page).to_have_url(f"{live_server.url}/safety/help/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The words went with the page (a beacon): wait for them, so none is still arriving as the test ends.
    soon_in_database(lambda: plan_for_owner(alice).step("on_my_own").body == "Ring Sam", what="the half-written step")


def test_words_sent_back_with_a_message_are_kept_on_leaving(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    page.locator("#step-warning_signs").get_by_role("link", name=re.compile("Write this step")).click()
    box = page.locator("#step-warning_signs").get_by_label("In your own words")
    box.fill("I stop answering messages. " * 200)
    page.locator("#step-warning_signs").get_by_role("button", name="Save").click()
    expect(page.locator("#step-warning_signs")).to_contain_text("Everything you wrote is still here")
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to my plan").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(page.locator("#step-warning_signs").get_by_label("In your own words")).to_have_value(
        "I stop answering messages. " * 200
    )


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_focus_follows_every_change_to_a_plan_step(
    signed_in_page: Page, live_server: Any, filled_plan: None, size: str
) -> None:
    page = signed_in_page
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/safety/plan/edit/")
    step = page.locator("#step-warning_signs")
    heading = step.get_by_role("heading", name=re.compile("Warning signs and triggers"))

    # Open a step: focus is in its first box, ready to type.
    step.get_by_role("link", name=re.compile(r"Edit\W+Warning signs")).focus()
    page.keyboard.press("Enter")
    expect(step.get_by_label("In your own words")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(", going quiet")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(step.get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")
    # Saved: focus is on the step's heading, and Tab goes on to its words and its Edit button.
    expect(step).to_contain_text("Not answering texts, going quiet")
    expect(heading).to_be_focused()
    page.keyboard.press("Tab")
    expect(step.get_by_role("link", name=re.compile(r"Edit\W+Warning signs"))).to_be_focused()

    # Cancel: back on the Edit button it started from.
    page.keyboard.press("Enter")
    expect(step.get_by_label("In your own words")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(step.get_by_role("link", name="Cancel")).to_be_focused()
    page.keyboard.press("Enter")
    expect(step.get_by_role("link", name=re.compile(r"Edit\W+Warning signs"))).to_be_focused()

    # Add someone: focus is on the person just added.
    people = page.locator("#step-people")
    people.get_by_text("Add someone").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(people.get_by_label("Name")).to_be_focused()
    page.keyboard.type("Alex")
    page.keyboard.press("Tab")
    page.keyboard.type("0161 496 0000")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    alex = people.get_by_role("listitem").filter(has_text="Alex")
    expect(alex).to_be_focused()
    # A number with no digits comes back with a kind message, and focus on it.
    people.get_by_text("Add someone").focus()
    page.keyboard.press("Enter")
    people.get_by_label("Name").fill("Jo")
    people.get_by_label("Phone number").fill("later")
    people.get_by_role("button", name="Add to “People I can ask for help”").focus()
    page.keyboard.press("Enter")
    expect(people.get_by_label("Phone number")).to_be_focused()
    expect(people).to_contain_text("That doesn't look like a phone number yet.")
    assert_accessible(page)

    # Removing someone: focus is on what happened, not lost with the row, and Undo is a Tab away.
    people.get_by_role("button", name=re.compile(r"Remove\W+Alex")).focus()
    page.keyboard.press("Enter")
    expect(people.get_by_role("listitem").filter(has_text="Alex")).to_have_count(0)
    expect(people.get_by_text("Alex is no longer in your plan.")).to_be_focused()
    _no_sideways_scroll(page)
    assert_accessible(page)
    # A mis-tap costs nothing: Undo puts Alex back, number and all, with focus on the row.
    page.keyboard.press("Tab")
    expect(people.get_by_role("button", name="Undo: put Alex back", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(people.get_by_role("listitem").filter(has_text="Alex")).to_be_focused()
    expect(people.get_by_role("link", name="Call 0161 496 0000")).to_be_visible()
    expect(people.get_by_text("is no longer in your plan")).to_have_count(0)

    # The date to look at it again: saving says so where the date is, and focus is on those words.
    review = page.locator("#review")
    review.get_by_label("A date to look at it again").fill("2027-03-14")
    review.get_by_role("button", name="Save date").focus()
    page.keyboard.press("Enter")
    expect(review.get_by_text("Saved. You'd like to look at it again on 14 March 2027.")).to_be_focused()
    expect(review.get_by_label("A date to look at it again")).to_have_value("2027-03-14")
    _no_sideways_scroll(page)
    assert_accessible(page)


def test_the_plan_prints_on_one_page(signed_in_page: Page, live_server: Any, filled_plan: None, alice: Any) -> None:
    for section in ["on_my_own", "distractions", "safer_space", "what_matters"]:
        plan_step_save(
            owner=alice,
            section=section,
            body="A few lines in my own words.\nAnother thought.\nOne more.",
            obstacles="Something that could get in the way.",
        )
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/print/")
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 1
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"The printed plan took {pages} pages"


def test_coping_ideas_are_added_in_place(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/coping/edit/")
    page.get_by_label("Add your own to “Comfort”").fill("Stroke the cat")
    page.get_by_label("Add your own to “Comfort”").press("Enter")
    expect(page.locator("#coping-comfort input[value='Stroke the cat']")).to_have_count(1)
    page.get_by_role("button", name=re.compile(r"Hide\W+Stroke the cat")).click()
    expect(page.locator("#coping-comfort")).to_contain_text("1 hidden idea")
    assert_accessible(page)


def test_an_idea_changed_and_not_saved_is_asked_about_before_leaving(signed_in_page: Page, live_server: Any) -> None:
    # Only the plan's steps asked; a coping idea half rewritten went without a word.
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/coping/edit/")
    idea = page.locator("#coping-comfort input[value='Make a warm drink and hold the mug']")
    idea.fill("Hot chocolate in my big mug")
    asked = stay_when_asked(page)
    page.get_by_role("link", name="Back to my coping list").click(no_wait_after=True)
    assert asked == ["beforeunload"]
    expect(idea).to_have_value("Hot chocolate in my big mug")
    idea.press("Enter")
    comfort = page.locator("#coping-comfort")
    expect(comfort.locator("input[value='Hot chocolate in my big mug']")).to_be_focused()
    page.on("dialog", lambda dialog: pytest.fail(f"asked before leaving a saved idea: {dialog.type}"))
    page.get_by_role("link", name="Back to my coping list").click()
    expect(page).to_have_url(f"{live_server.url}/safety/coping/")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_starter_idea_changes_in_place_before_the_list_is_saved(
    signed_in_page: Page, live_server: Any, size: str
) -> None:
    page = signed_in_page
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/safety/coping/edit/")

    # The first change saves the starters: focus stays on the idea that changed, the rest stay.
    comfort = page.locator("#coping-comfort")
    idea = comfort.locator("input[value='Make a warm drink and hold the mug']")
    idea.fill("Hot chocolate in my big mug")
    idea.press("Enter")
    expect(comfort.locator("input[value='Hot chocolate in my big mug']")).to_be_focused()
    expect(comfort.locator("input[name='text'][value]")).to_have_count(3)
    expect(comfort.locator("input[value='Wrap up in a soft blanket']")).to_have_count(1)

    # Another group still shows its starters from before: hiding one there hides just that one.
    distract = page.locator("#coping-distract")
    distract.get_by_role("button", name=re.compile(r"Hide\W+Do a puzzle")).press("Enter")
    expect(distract).to_contain_text("1 hidden idea")
    expect(distract.get_by_role("heading", name="Distract")).to_be_focused()
    expect(distract.locator("input[value='Watch something familiar and light']")).to_have_count(1)

    # A long paste reaches the server whole, comes back with a kind message, and stays in the box.
    long_idea = "I make a pot of tea and sit by the window, " * 8
    express = page.locator("#coping-express")
    add = express.get_by_label("Add your own to “Express”")
    add.fill(long_idea)
    add.press("Enter")
    expect(express.get_by_text("This is longer than one idea can hold (300 characters).")).to_be_visible()
    box = express.get_by_label("Add your own to “Express”")
    expect(box).to_have_value(long_idea)
    expect(box).to_be_focused()
    _no_sideways_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_focus_follows_every_change_to_the_coping_list(signed_in_page: Page, live_server: Any, size: str) -> None:
    page = signed_in_page
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/safety/coping/edit/")
    group = page.locator("#coping-comfort")
    add = group.get_by_label("Add your own to “Comfort”")

    # Add by keyboard: the group comes back with focus in the box, ready for the next idea.
    add.focus()
    page.keyboard.type("Stroke the cat")
    page.keyboard.press("Enter")
    expect(group.locator("input[value='Stroke the cat']")).to_have_count(1)
    expect(group.get_by_label("Add your own to “Comfort”")).to_be_focused()

    # Change an idea: focus stays on that idea.
    idea = group.locator("input[value='Stroke the cat']")
    idea.fill("Stroke the cat slowly")
    idea.press("Enter")
    changed = group.locator("input[value='Stroke the cat slowly']")
    expect(changed).to_be_focused()

    # Only spaces: the kind message is read with the box it is about, and the box has focus.
    changed.fill("   ")
    changed.press("Enter")
    message = group.get_by_text("Type a few words, or hide this idea instead.")
    expect(message).to_be_visible()
    expect(page.locator("[aria-invalid='true']")).to_be_focused()

    # Hide it: the pressed button is gone, so focus goes to the group's heading, not the page's top.
    group.get_by_role("button", name=re.compile(r"Hide\W+Stroke the cat")).press("Enter")
    expect(group).to_contain_text("1 hidden idea")
    expect(group.get_by_role("heading", name="Comfort")).to_be_focused()
    assert_accessible(page)


def _focus_below_the_pinned_bar(page: Page) -> str | None:
    """What has focus, if the pinned help bar covers any of it; None when it is in sight."""
    return page.evaluate(
        """() => {
          const focused = document.activeElement;
          const strip = document.getElementById("crisis-strip");
          if (!focused || focused === document.body || strip.contains(focused)) return null;
          const box = focused.getBoundingClientRect();
          const bar = strip.getBoundingClientRect();
          const what = `${focused.outerHTML.slice(0, 80)} top ${box.top}, bar ${bar.bottom}`;
          return box.top < bar.bottom - 1 ? what : null;
        }"""
    )


def test_going_back_up_a_phone_page_by_keyboard_keeps_focus_below_the_pinned_bar(
    signed_in_page: Page, live_server: Any, filled_plan: None
) -> None:
    # Shift+Tab scrolls each control just into sight, at the top of the screen: without room kept
    # for the pinned bar, "Call 988" had focus while the bar hid it.
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/safety/help/")
    page.locator("footer a").last.focus()
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.getElementById('crisis-strip').contains(document.activeElement)"):
            break
        assert _focus_below_the_pinned_bar(page) is None, _focus_below_the_pinned_bar(page)


@pytest.mark.parametrize("path", ["/safety/help/", "/safety/plan/"])
def test_with_wider_text_spacing_the_two_row_bar_hides_no_focus_going_back_up(
    browser: Browser, live_server: Any, alice: Any, filled_plan: None, path: str
) -> None:
    # WCAG 1.4.12's spacing makes the pinned bar two rows ("Leave" wraps below), 97 px tall; the
    # room kept for it stayed one row's (5rem, 80 px), and Shift+Tab left the top of "Call 999",
    # "Download" or a plan contact's link under the bar.
    context = browser.new_context(
        viewport={"width": 320, "height": 568}, device_scale_factor=2, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(live_server.url + path)
    page.add_style_tag(content=TEXT_SPACING)
    strip = page.locator("#crisis-strip")
    expect(strip.get_by_role("button", name="Leave quickly")).to_be_visible()
    bar = strip.bounding_box()
    assert bar is not None and bar["height"] > 90, bar  # two rows, as this test is about
    page.locator("footer a").last.focus()
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.getElementById('crisis-strip').contains(document.activeElement)"):
            break
        assert _focus_below_the_pinned_bar(page) is None, _focus_below_the_pinned_bar(page)
    context.close()


LONG_ADDRESS = "https://www.example.org/how-we-can-help/contact-someone/talk-to-us-any-way-you-like/"


def _text_fits(page: Page) -> None:
    """No line of text runs past the right edge: on a phone it scrolls sideways, on paper it is cut."""
    runs_over = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
          const over = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest(".visually-hidden")) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            if (range.getBoundingClientRect().right > width + 1) over.push(node.textContent.slice(0, 40));
          }
          return over;
        }"""
    )
    assert runs_over == [], (page.url, runs_over)


def test_a_long_address_or_name_wraps_on_a_phone_and_on_paper(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # A pasted address has no spaces to break at: it pushed the plan sideways on a phone (which
    # then zooms the whole page out) and ran off the printed page.
    crisis_resources_load()
    plan_step_save(owner=alice, section="on_my_own", body=f"This video helps: {LONG_ADDRESS}", obstacles=LONG_ADDRESS)
    plan_contact_add(owner=alice, section="people", name="sam.the.night.owl.who.always.answers@example.org", phone="")
    coping_item_add(owner=alice, group="comfort", text=f"Listen to {LONG_ADDRESS}")
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ["/safety/plan/", "/safety/plan/edit/", "/safety/plan/print/", "/safety/coping/"]:
        page.goto(f"{live_server.url}{url}")
        _text_fits(page)
        _no_sideways_scroll(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})
    page.goto(f"{live_server.url}/safety/plan/print/")
    _text_fits(page)


def test_a_name_in_arabic_keeps_its_number_in_order_on_the_printed_plan(
    signed_in_page: Page, live_server: Any, alice: Any
) -> None:
    # Right after a right-to-left name, the number's groups were laid out right to left:
    # "مريم: 0161 496 0000" printed as "0000 496 0161 :مريم", a number that reaches nobody.
    plan_contact_add(owner=alice, section="people", name="مريم", phone="0161 496 0000")
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/print/")
    page.emulate_media(media="print")
    order = (
        page.locator(".print-contact")
        .filter(has_text="مريم")
        .evaluate(
            """(p) => {
          // The number's own text, wherever in the link it sits (in a <bdi> since config.ltr).
          const text = document.createTreeWalker(p.querySelector("a"), NodeFilter.SHOW_TEXT).nextNode();
          const at = (word) => {
            const range = document.createRange();
            const start = text.textContent.indexOf(word);
            range.setStart(text, start);
            range.setEnd(text, start + word.length);
            return range.getBoundingClientRect().left;
          };
          return [at("0161"), at("496"), at("0000")];
        }"""
        )
    )
    assert order == sorted(order), order


def test_the_printed_plan_is_dark_on_white_when_the_phone_is_in_dark_mode(
    signed_in_page: Page, live_server: Any, filled_plan: None
) -> None:
    # Printing at night from a phone in dark mode kept the dark theme's colours on white paper:
    # the hint in pale grey, the header a dark bar with pale text.
    page = signed_in_page
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(f"{live_server.url}/safety/plan/print/")
    assert_accessible(page)
    header = page.locator(".site-header").evaluate("(h) => getComputedStyle(h).backgroundColor")
    assert header in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), header


def test_a_review_date_not_on_the_calendar_is_said_where_focus_is(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/plan/edit/")
    review = page.locator("#review")
    # A browser with no date picker: the box takes any text, as a plain text box does.
    review.get_by_label("A date to look at it again").evaluate("box => { box.type = 'text'; }")
    review.get_by_label("A date to look at it again").fill("2027-02-30")
    review.get_by_role("button", name="Save date").focus()
    page.keyboard.press("Enter")
    # The Save button went with the swap: focus comes to the box, so its message is read out.
    expect(review.get_by_text("That date doesn't exist on the calendar.")).to_be_visible()
    expect(review.get_by_label("A date to look at it again")).to_be_focused()

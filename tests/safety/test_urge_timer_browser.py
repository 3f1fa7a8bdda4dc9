"""Ride the wave in the real browser: the timer, its check-ins and their route to a person,
stopping early, reduced motion, the opt-in count, the same routes without JavaScript, and all of
it with the safety plan locked with the journal."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from journal import lock_services
from safety.models import SafetyPreferences
from safety.services import crisis_resources_load, plan_contact_add
from tests.e2e.conftest import TEXT_SPACING, assert_accessible, sign_in
from tests.journal.locking import PASSPHRASE, lock_journal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}
STRONGER = "It's getting stronger: talk to someone now"


@pytest.fixture
def sam_in_the_plan(alice: Any) -> None:
    crisis_resources_load()
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")


def _in_first_screen(page: Page, locator: Any) -> None:
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None and box["y"] + box["height"] <= viewport["height"], box


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _start(page: Page, base_url: str, minutes: int = 5) -> None:
    page.clock.install()
    page.goto(f"{base_url}/safety/ride-the-wave/")
    page.get_by_role("button", name=f"{minutes} minutes", exact=True).click()


def test_the_five_minute_wave_checks_in_and_finishes(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    expect(page.locator("[data-wave-steps]")).to_be_hidden()
    expect(page.get_by_role("heading", name="Wait 15 minutes, then decide")).to_be_visible()
    page.get_by_role("button", name="5 minutes", exact=True).click()
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe in…")
    page.clock.run_for(4_500)
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe out…")
    assert_accessible(page)

    page.clock.run_for(150_000)
    checkin = page.get_by_role("heading", name="Has it eased?")
    expect(checkin).to_be_visible()
    expect(page.get_by_role("link", name=STRONGER)).to_be_visible()
    expect(page.get_by_role("link", name="Switch to an activity")).to_have_attribute("href", "/safety/coping/")
    expect(page.get_by_role("link", name="Open my safety plan")).to_have_attribute("href", "/safety/plan/")
    assert_accessible(page)

    page.get_by_role("link", name="Keep going").click()
    expect(page.locator("[data-wave-running]")).to_be_visible()
    page.clock.run_for(151_000)
    expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()
    expect(page.get_by_role("link", name="It's still strong: talk to someone now")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="You rode the wave")).to_be_visible()
    # The count is the person's choice to see; nobody sees it unasked.
    expect(page.get_by_text("Times you rode the wave")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_getting_stronger_opens_a_calm_panel_with_people_to_reach(
    signed_in_page: Page, live_server: Any, sam_in_the_plan: None, size: str
) -> None:
    page = signed_in_page
    if size == "phone":
        page.set_viewport_size(PHONE)
    _start(page, live_server.url)
    page.clock.run_for(151_000)
    expect(page.get_by_role("heading", name="Has it eased?")).to_be_visible()
    page.get_by_role("link", name=STRONGER).click()

    panel = page.locator("[data-wave-talk-panel]")
    expect(panel).to_be_visible()
    expect(panel).to_be_focused()
    expect(panel.get_by_role("heading", name="Talk to someone now")).to_be_visible()
    expect(panel.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    expect(panel.get_by_role("link", name="Call Sam")).to_have_attribute("href", "tel:+447700900123")
    expect(panel.get_by_role("link", name="Text Sam")).to_have_attribute("href", "sms:+447700900123")
    expect(panel.get_by_role("link", name="Call 988")).to_be_visible()
    # The timer stays still while the person reaches out.
    left = page.locator("[data-wave-remaining]").text_content()
    page.clock.run_for(60_000)
    assert page.locator("[data-wave-remaining]").text_content() == left
    assert_accessible(page)
    _no_sideways_scroll(page)
    for link in panel.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44, link.text_content()

    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="Has it eased?")).to_be_visible()
    page.get_by_role("link", name="Keep going").click()
    expect(page.locator("[data-wave-running]")).to_be_visible()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_stopping_early_gets_honest_words_and_a_route_to_a_person(page: Page, live_server: Any, size: str) -> None:
    crisis_resources_load()
    if size == "phone":
        page.set_viewport_size(PHONE)
    _start(page, live_server.url, minutes=15)
    page.clock.run_for(30_000)
    page.get_by_role("button", name="Stop here").click()
    stopped = page.locator("[data-wave-stopped]")
    expect(stopped).to_be_focused()
    expect(page.get_by_role("heading", name="You stopped the timer")).to_be_visible()
    expect(page.get_by_text("You stayed with it")).to_be_hidden()
    expect(page.get_by_role("button", name="Finish")).to_be_hidden()
    assert_accessible(page)
    _no_sideways_scroll(page)

    stopped.get_by_role("link", name=STRONGER).click()
    expect(page.locator("[data-wave-talk-panel]").get_by_role("link", name="Call 911")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="You stopped the timer")).to_be_visible()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_i_am_not_safe_right_now_is_in_the_first_screen(signed_in_page: Page, live_server: Any, size: str) -> None:
    page = signed_in_page
    crisis_resources_load()
    if size == "phone":
        page.set_viewport_size(PHONE)
    for url in ["/safety/ride-the-wave/", "/safety/ride-the-wave/?minutes=5&step=4", "/safety/grounding/"]:
        page.goto(f"{live_server.url}{url}")
        link = page.get_by_role("link", name="I'm not safe right now")
        _in_first_screen(page, link)
        if url == "/safety/ride-the-wave/":
            # The page's first action too: starting the timer needs no scrolling.
            _in_first_screen(page, page.get_by_role("button", name="15 minutes"))
    link.click()
    expect(page.get_by_role("heading", name="Get help now", exact=True)).to_be_visible()


def test_the_count_shows_once_the_person_turns_it_on(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/settings/")
    box = page.get_by_label("Show how many times I've ridden the wave")
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_label("Show how many times I've ridden the wave")).to_be_checked()
    assert_accessible(page)

    page.goto(f"{live_server.url}/safety/ride-the-wave/?minutes=5&step=8")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Times you rode the wave: 1")).to_be_visible()
    expect(page.get_by_text("It's in your journal as something that helped.")).to_be_visible()
    # Finish redirected to a page of its own: reloading it (or a tab restored later) counts nothing again.
    assert page.url == f"{live_server.url}/safety/ride-the-wave/done/"
    for _reload in range(2):
        page.reload()
        expect(page.get_by_text("Times you rode the wave: 1")).to_be_visible()
        expect(page.get_by_text("It's in your journal as something that helped.")).to_be_visible()
    page.goto(f"{live_server.url}/journal/")
    # Finished on the step-by-step pages, which have no timer: the note names none.
    expect(page.get_by_text("I rode the wave, and it helped me through.")).to_have_count(1)


def test_a_second_wave_from_a_page_brought_back_counts_and_a_double_tap_does_not(
    alice: Any, signed_in_page: Page, live_server: Any
) -> None:
    SafetyPreferences.objects.update_or_create(owner=alice, defaults={"show_wave_count": True})
    page = signed_in_page

    def ride_five_minutes() -> None:
        page.get_by_role("button", name="5 minutes", exact=True).click()
        page.clock.run_for(150_000)
        page.get_by_role("link", name="Keep going").click()
        page.clock.run_for(151_000)
        expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()

    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    ride_five_minutes()
    page.get_by_role("button", name="Finish").dblclick()
    expect(page.get_by_text("Times you rode the wave: 1")).to_be_visible()
    # Back to the timer page as the browser kept it, and a second wave: a new Finish, counted.
    page.go_back()
    ride_five_minutes()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Times you rode the wave: 2")).to_be_visible()


def test_the_wave_keeps_time_while_the_screen_is_off(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    _start(page, live_server.url, minutes=15)
    left = page.locator("[data-wave-remaining]")
    expect(left).to_have_text("15:00")
    # A phone with its screen off runs no timers; back on, the time left is the clock's.
    page.clock.fast_forward("04:00")
    expect(left).to_have_text("11:00")
    # Past a check-in while away: one "Has it eased?", then the rest of the wave.
    page.clock.fast_forward("02:00")
    expect(page.get_by_role("heading", name="Has it eased?")).to_be_visible()
    page.get_by_role("link", name="Keep going").click()
    expect(left).to_have_text("9:00")
    page.clock.fast_forward("10:00")
    expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()


def test_coming_back_to_the_tab_brings_the_time_up_to_date_at_once(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    _start(page, live_server.url, minutes=15)
    left = page.locator("[data-wave-remaining]")
    expect(left).to_have_text("15:00")
    # No timer fires: only the page being shown again (visibilitychange) moves the time on.
    page.clock.set_system_time((page.evaluate("Date.now()") + 180_000) / 1000)  # seconds
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(left).to_have_text("12:00")


def test_a_paused_wave_holds_its_time_however_long_the_pause(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    _start(page, live_server.url, minutes=15)
    left = page.locator("[data-wave-remaining]")
    page.clock.run_for(60_000)
    expect(left).to_have_text("14:00")
    page.get_by_role("button", name="Pause").click()
    page.clock.fast_forward("20:00")
    expect(left).to_have_text("14:00")
    page.get_by_role("button", name="Carry on").click()
    page.clock.run_for(30_000)
    expect(left).to_have_text("13:30")


def test_the_breathing_circle_stays_still_under_reduced_motion(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("button", name="5 minutes", exact=True).click()
    circle = page.locator("[data-breath-circle]")
    expect(circle).to_have_class("breath-circle breath-in")
    assert circle.evaluate("el => getComputedStyle(el).transitionDuration") == "4s"

    page.emulate_media(reduced_motion="reduce")
    assert circle.evaluate("el => getComputedStyle(el).transitionDuration") in {"0s", "1e-05s"}
    still = circle.evaluate("el => getComputedStyle(el).transform")
    page.evaluate("document.querySelector('[data-breath-circle]').className = 'breath-circle breath-out'")
    assert circle.evaluate("el => getComputedStyle(el).transform") == still
    # The words still pace the breath.
    expect(page.locator("[data-breath-cue]")).to_have_text("Breathe in…")


def test_the_timer_works_by_keyboard_alone(page: Page, live_server: Any) -> None:
    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("button", name="15 minutes").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-wave-remaining]")).to_have_text("15:00")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    page.keyboard.press("Enter")
    page.clock.run_for(300_500)
    expect(page.locator("[data-wave-checkin]")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=STRONGER)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-wave-talk-panel]")).to_be_focused()
    page.get_by_role("button", name="Back").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Keep going").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="You stopped the timer")).to_be_visible()
    expect(page.locator("[data-wave-stopped]")).to_be_focused()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_starting_the_timer_by_keyboard_moves_focus_to_pause(
    page: Page, live_server: Any, size: str, motion: Literal["no-preference", "reduce"]
) -> None:
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.emulate_media(reduced_motion=motion)
    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    # Tab through the page as a keyboard user does, to the first length.
    five = page.get_by_role("button", name="5 minutes", exact=True)
    for _ in range(60):
        page.keyboard.press("Tab")
        if five.evaluate("el => el === document.activeElement"):
            break
    expect(five).to_be_focused()
    page.keyboard.press("Enter")

    # The start panel is gone: focus is on Pause, on screen, with Stop one Tab away.
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()
    expect(pause).to_be_in_viewport()
    # At most the few pixels that bring Pause into view: the way out stays in sight too.
    expect(page.get_by_role("link", name="I'm not safe right now")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Carry on")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Stop here")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-wave-stopped]")).to_be_focused()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_without_javascript_the_steps_are_plain_pages_with_the_same_routes(
    browser: Any, live_server: Any, size: str
) -> None:
    crisis_resources_load()
    context = browser.new_context(java_script_enabled=False, viewport=PHONE if size == "phone" else None)
    page = context.new_page()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("link", name="About 5 minutes", exact=True).click()
    expect(page.get_by_role("heading", name="Notice the urge")).to_be_visible()
    for _ in range(3):
        page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", name="Has it eased?")).to_be_visible()

    page.get_by_role("link", name=STRONGER).click()
    expect(page.get_by_role("heading", name="Talk to someone now", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Call 911").first).to_have_attribute("href", "tel:911")
    # axe needs JavaScript; test_pages_browser.py checks these same server-rendered pages with it.
    # No timer on these pages, so nothing here speaks of one.
    page.get_by_role("link", name="Back to where you were").click()
    expect(page.get_by_role("heading", name="Has it eased?")).to_be_visible()

    page.get_by_role("link", name="Keep going").click()
    expect(page.get_by_role("heading", name="Keep breathing")).to_be_visible()
    page.get_by_role("link", name="Stop here").click()
    expect(page.get_by_role("heading", name="You stopped here")).to_be_visible()
    expect(page.get_by_text("You stayed with it")).to_have_count(0)
    page.get_by_role("link", name="Start again from the first step").click()
    expect(page.get_by_role("heading", name="Notice the urge")).to_be_visible()
    context.close()


@pytest.fixture
def plan_locked_with_sam(alice: Any) -> None:
    """Sam in Alice's plan, and her plan locked with her journal; a new sign-in finds both locked."""
    crisis_resources_load()
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    SafetyPreferences.objects.update_or_create(owner=alice, defaults={"show_wave_count": True})
    _recovery, lock_key = lock_journal(alice)
    lock_services.lock_plan_choose(user=alice, lock_key=lock_key, locked=True)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_with_the_plan_locked_the_wave_runs_without_names_and_counts_once_the_journal_is_open(
    plan_locked_with_sam: None, signed_in_page: Page, live_server: Any, size: str
) -> None:
    page = signed_in_page
    if size == "phone":
        page.set_viewport_size(PHONE)
    _start(page, live_server.url)
    page.clock.run_for(151_000)
    page.get_by_role("link", name=STRONGER).click()
    panel = page.locator("[data-wave-talk-panel]")
    expect(panel.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    expect(panel.get_by_role("link", name="Call 988")).to_be_visible()
    expect(panel.get_by_text("Sam")).to_have_count(0)
    expect(panel.get_by_text("The people from your safety plan show here once your journal is open.")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_role("button", name="Back").click()
    page.get_by_role("link", name="Keep going").click()
    page.clock.run_for(151_000)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="You rode the wave")).to_be_visible()
    expect(page.get_by_text("so this isn't in your wave count yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Open my journal").click()
    page.get_by_label("Journal passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Open my journal").click()
    expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Times you rode the wave: 1")).to_be_visible()
    expect(page.get_by_text("It's in your journal as something that helped.")).to_be_visible()

    page.goto(f"{live_server.url}/safety/ride-the-wave/talk/")
    expect(page.get_by_role("link", name="Call Sam")).to_have_attribute("href", "tel:+447700900123")


def test_on_a_small_phone_each_stage_of_the_wave_starts_below_the_pinned_bar(
    signed_in_page: Page, live_server: Any
) -> None:
    # Each stage takes focus as it appears; the browser scrolled it to the very top, and the pinned
    # help bar hid "Has it eased?" and "You stayed with it" at 320 x 640.
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    _start(page, live_server.url)
    strip = page.locator("#crisis-strip")

    def below_the_bar(heading: Any) -> None:
        expect(heading).to_be_visible()
        bar, box = strip.bounding_box(), heading.bounding_box()
        assert bar is not None and box is not None and box["y"] >= bar["y"] + bar["height"] - 1, (box, bar)

    page.clock.run_for(151_000)
    below_the_bar(page.get_by_role("heading", name="Has it eased?"))
    page.get_by_role("link", name=STRONGER).press("Enter")
    below_the_bar(page.get_by_role("heading", name="Talk to someone now"))
    page.get_by_role("button", name="Back").press("Enter")
    page.get_by_role("link", name="Keep going").press("Enter")
    page.clock.run_for(151_000)
    below_the_bar(page.get_by_role("heading", name="You stayed with it"))


def test_with_wider_text_spacing_each_stage_of_the_wave_still_starts_below_the_pinned_bar(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    # With WCAG 1.4.12's spacing at 320 x 568 a stage is taller than the screen, and focus()
    # brought its middle into view: "Has it eased?" sat under the two-row pinned bar.
    context = browser.new_context(
        viewport={"width": 320, "height": 568}, device_scale_factor=2, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.clock.install()
    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.add_style_tag(content=TEXT_SPACING)
    strip = page.locator("#crisis-strip")

    def below_the_bar(heading: Any) -> None:
        expect(heading).to_be_visible()
        bar, box = strip.bounding_box(), heading.bounding_box()
        assert bar is not None and box is not None and box["y"] >= bar["y"] + bar["height"] - 1, (box, bar)

    page.get_by_role("button", name="5 minutes", exact=True).click()
    page.clock.run_for(151_000)
    below_the_bar(page.get_by_role("heading", name="Has it eased?"))
    page.get_by_role("link", name=STRONGER).press("Enter")
    below_the_bar(page.get_by_role("heading", name="Talk to someone now"))
    page.get_by_role("button", name="Back").press("Enter")
    below_the_bar(page.get_by_role("heading", name="Has it eased?"))
    page.get_by_role("link", name="Keep going").press("Enter")
    page.get_by_role("button", name="Stop here").press("Enter")
    below_the_bar(page.get_by_role("heading", name="You stopped the timer"))
    context.close()


def _wrapped_lines_spaced_as_text(page: Page, links: Any) -> None:
    """A link that wraps reads as one link: its lines sit as close as a sentence's, not 44 px apart.

    (An inline-block link with a 44 px line-height put each wrapped line a touch target apart, and
    the list's bullet beside its last line, so "Something from my coping" and "list" read as two.)
    """
    for link in links.all():
        gaps = link.evaluate(
            """(a) => {
              const range = document.createRange();
              range.selectNodeContents(a);
              const tops = [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))];
              return tops.slice(1).map((top, i) => top - tops[i]);
            }"""
        )
        assert all(gap < 36 for gap in gaps), (link.text_content(), gaps)


def test_on_a_small_phone_a_link_that_wraps_still_reads_as_one(signed_in_page: Page, live_server: Any) -> None:
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    _start(page, live_server.url)
    _wrapped_lines_spaced_as_text(page, page.locator(".urge-more a"))
    page.clock.run_for(151_000)
    page.get_by_role("link", name="Keep going").press("Enter")
    page.clock.run_for(151_000)
    expect(page.get_by_role("heading", name="You stayed with it")).to_be_visible()
    _wrapped_lines_spaced_as_text(page, page.locator(".wave-finish .link-list a"))
    page.get_by_role("button", name="Finish").press("Enter")
    expect(page.get_by_role("heading", name="You rode the wave")).to_be_visible()
    _wrapped_lines_spaced_as_text(page, page.locator(".wave-done .link-list a"))
    for link in page.locator(".wave-done .link-list a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44, link.text_content()


# The focused element's ring (outline and its offset) round its box, and where the screen begins:
# below the help bar where that is pinned.
_RING = """el => { const box = el.getBoundingClientRect(); const style = getComputedStyle(el);
  const ring = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  const strip = document.getElementById('crisis-strip'); const position = getComputedStyle(strip).position;
  return { outline: style.outlineStyle, top: box.top - ring, left: box.left - ring, right: box.right + ring,
    screenTop: position === 'sticky' || position === 'fixed' ? strip.getBoundingClientRect().bottom : 0,
    width: innerWidth }; }"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_each_stage_of_the_wave_reached_by_keyboard_shows_where_focus_is(
    signed_in_page: Page, live_server: Any, sam_in_the_plan: None, size: str
) -> None:
    # Each stage takes focus as it appears. A keyboard user saw no ring on any of them, as a message
    # (#messages) shows one, and "You stayed with it" and "You stopped the timer" were not groups named
    # by their headings as "Has it eased?" and "Talk to someone now" are (WCAG 2.4.7, 4.1.2).
    page = signed_in_page
    page.set_viewport_size(PHONE if size == "phone" else {"width": 1280, "height": 800})
    page.clock.install()

    def shows_focus(name: str) -> None:
        stage = page.get_by_role("group", name=name, exact=True)
        expect(stage).to_be_focused()
        ring = stage.evaluate(_RING)
        assert ring["outline"] != "none", f"{name}: no ring"
        assert ring["top"] >= ring["screenTop"] - 0.5, f"{name}: the ring's top is out of sight: {ring}"
        assert ring["left"] >= 0 and ring["right"] <= ring["width"], f"{name}: {ring}"
        assert_accessible(page)

    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("button", name="5 minutes", exact=True).press("Enter")
    page.clock.run_for(151_000)
    shows_focus("Has it eased?")
    page.get_by_role("link", name=STRONGER).press("Enter")
    shows_focus("Talk to someone now")
    page.get_by_role("button", name="Back").press("Enter")
    shows_focus("Has it eased?")
    page.get_by_role("link", name="Keep going").press("Enter")
    page.clock.run_for(151_000)
    shows_focus("You stayed with it")

    page.goto(f"{live_server.url}/safety/ride-the-wave/")
    page.get_by_role("button", name="5 minutes", exact=True).press("Enter")
    page.get_by_role("button", name="Stop here").press("Enter")
    shows_focus("You stopped the timer")

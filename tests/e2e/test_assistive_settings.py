"""Pages a person reads with their own assistive settings: wider text spacing (WCAG 1.4.12), the
dark theme, a phone's narrow screen. Each setting is applied the way the person's browser would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from journal.services import entry_create
from safety.services import crisis_resources_load
from tests.e2e.conftest import TEXT_SPACING, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


_WHOLLY_ON_SCREEN = """el => { const b = el.getBoundingClientRect();
  return b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= document.documentElement.clientWidth; }"""

_CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = c => { const [r, g, b] = rgb(c).map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const fg = lum(getComputedStyle(el, '::placeholder').color), bg = lum(getComputedStyle(el).backgroundColor);
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


@pytest.fixture
def narrow_phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True, bypass_csp=True
    )
    yield context.new_page()
    context.close()


def test_with_wider_text_spacing_on_a_narrow_phone_leave_quickly_stays_on_the_screen(
    narrow_phone: Page, live_server: Any
) -> None:
    page = narrow_phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.add_style_tag(content=TEXT_SPACING)
    # The pinned bar's three controls no longer fit in one row: "Leave" ran 36 px off the edge.
    leave = page.locator("#crisis-strip").get_by_role("button", name="Leave quickly")
    expect(leave).to_be_visible()
    assert leave.evaluate(_WHOLLY_ON_SCREEN)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_with_wider_text_spacing_the_help_bars_links_stay_level_with_leave(
    narrow_phone: Page, live_server: Any
) -> None:
    page = narrow_phone
    page.set_viewport_size({"width": 390, "height": 844})  # wide enough for one row
    page.goto(f"{live_server.url}/safety/help/")
    page.add_style_tag(content=TEXT_SPACING)
    strip = page.locator("#crisis-strip")
    leave = strip.get_by_role("button", name="Leave quickly")
    expect(leave).to_be_visible()
    middle = """el => { const range = document.createRange(); range.selectNodeContents(el);
      const box = range.getBoundingClientRect(); return (box.top + box.bottom) / 2; }"""
    leave_middle = leave.locator(".label-compact").evaluate(middle)
    for name in ("Get help now", "My safety plan"):
        words = strip.get_by_role("link", name=name).locator(".label-compact")
        # The person's line-height replaced the 44 px one that centred them: they sat at the bar's top.
        assert words.evaluate(middle) == pytest.approx(leave_middle, abs=2), name


def test_large_text_with_wider_text_spacing_on_a_phone_never_scrolls_sideways(
    browser: Browser, live_server: Any, alice: Any, request: pytest.FixtureRequest
) -> None:
    # A person with low vision may use both: text at 200% (WCAG 1.4.4) and a text-spacing extension
    # (1.4.12). Waypoint's own text is 112.5%, so 200% of it is 225%, set as the browser's text size
    # would be. One word ("communities", "MedlinePlus", "ashamed") was then wider than the line in a
    # link, a link to a source, and a feeling to pick: those pages scrolled sideways.
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    too_wide = []
    for path, signed_in in (("/safety/help/", False), ("/safety/after/", False), ("/", True)):
        if signed_in:
            sign_in(page, live_server.url, alice.email)
        page.goto(live_server.url + path)
        page.evaluate("document.documentElement.style.fontSize = '225%'")
        page.add_style_tag(content=TEXT_SPACING)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("document.documentElement.clientWidth"):
            too_wide.append(f"{path}: {width} px wide")
    assert not too_wide, "scrolls sideways: " + "; ".join(too_wide)


def test_placeholder_text_is_readable_in_the_dark_theme(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("placeholder", "Email address")
    # Chromium's own grey on the dark field was 3.5:1; text, placeholders too, needs 4.5:1 (WCAG 1.4.3).
    assert email.evaluate(_CONTRAST) >= 4.5
    context.close()


def test_a_checkbox_beside_a_long_label_keeps_its_size_on_a_narrow_phone(
    narrow_phone: Page, live_server: Any, alice: Any
) -> None:
    page = narrow_phone
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/safety/settings/")
    for name in ("Show a gentle check after I save", "Show how many times I've ridden the wave"):
        box = page.get_by_label(name).bounding_box()
        assert box is not None
        # It was squeezed to 13 x 21 px by its label, narrower than its neighbour and a smaller target.
        assert box["width"] == pytest.approx(box["height"], abs=0.5), name


@pytest.mark.parametrize("forced_colors", ["none", "active"])
def test_the_authenticator_qr_code_stands_on_white_in_the_dark_theme(
    browser: Browser, live_server: Any, alice: Any, forced_colors: str
) -> None:
    context = browser.new_context(color_scheme="dark", forced_colors=forced_colors)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    # Its squares are black on a see-through ground: on the dark page (or a black high-contrast
    # theme) they were black on black, and the phone's camera found nothing to scan.
    assert qr.evaluate("img => getComputedStyle(img).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


# The point at the middle of the focused control is the control itself, not something laid over it.
_FOCUS_IN_SIGHT = """() => { const el = document.activeElement, b = el.getBoundingClientRect();
  const top = document.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2);
  return !!top && (top === el || el.contains(top)); }"""


def test_on_a_phone_tabbing_out_of_the_menu_closes_it_so_it_covers_nothing(
    page: Page, live_server: Any, alice: Any
) -> None:
    # A phone with a keyboard, or a desktop browser zoomed to 200%: the menu is the "Menu" disclosure.
    page.set_viewport_size({"width": 390, "height": 700})
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/")
    menu = page.locator("details.nav-compact")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    sign_out = menu.get_by_role("button", name="Sign out")
    while not sign_out.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    # Past the menu's last item: the journal's own links lay under the open panel, focus out of sight.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Write")).to_be_focused()
    expect(menu).not_to_have_attribute("open", "")
    assert page.evaluate(_FOCUS_IN_SIGHT)
    # Escape closes it as well, and focus goes back to "Menu".
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.locator("summary")).to_be_focused()


# Each header and day of the month against the next one in its row: the gap between their words.
_GAPS_IN_THE_MONTH = """() => [...document.querySelectorAll('.journal-calendar tr')].flatMap(row => {
  const words = [...row.children].map(cell => cell.querySelector('abbr, a, span')).filter(Boolean).map(el => {
    const range = document.createRange();
    range.selectNodeContents(el.firstChild);
    return range.getBoundingClientRect();
  });
  return words.slice(1).map((box, i) => Math.round(box.left - words[i].right));
})"""


def test_the_calendar_at_200_percent_zoom_on_a_phone_keeps_its_days_apart(
    browser: Browser, live_server: Any, alice: Any
) -> None:
    # 200% zoom on a 375 px phone, emulated as tests/e2e/test_text_zoom.py explains.
    context = browser.new_context(
        viewport={"width": 188, "height": 406}, device_scale_factor=4, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    day = date(2026, 11, 29)  # a Sunday: the last column, past the phone's edge until scrolled
    entry_create(author=alice, title="", body="A quiet evening.", written_on=day)
    sign_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/journal/calendar/?month={day:%Y-%m}")
    expect(page.locator(".journal-day-with")).to_have_count(1)
    # The seven columns were squeezed to 23 px: "Mon" ran into "Tue", and 10, 11, 12 read as 101112.
    gaps = page.evaluate(_GAPS_IN_THE_MONTH)
    assert min(gaps) >= 2, gaps
    # The month scrolls in its own box; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def test_a_crisis_line_link_that_wraps_on_a_zoomed_phone_reads_as_one_link(browser: Browser, live_server: Any) -> None:
    crisis_resources_load()
    context = browser.new_context(
        viewport={"width": 188, "height": 406}, device_scale_factor=4, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/people-around-you/guide/")
    link = page.locator("main a.contact-link", has_text="988lifeline.org").first
    expect(link).to_be_visible()
    lines = link.evaluate(
        """a => { const range = document.createRange(); range.selectNodeContents(a);
                  return [...range.getClientRects()].map(r => [r.top, r.bottom]); }"""
    )
    assert len(lines) > 1, lines
    # With a 44 px line-height its lines stood a line apart, like three links one under another.
    assert all(after[0] - before[1] < 8 for before, after in pairwise(lines)), lines
    context.close()

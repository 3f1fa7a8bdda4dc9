"""Text readable at 200% zoom on a phone (WCAG 1.4.4 and 1.4.10): the main pages reflow into half
the width, with nothing scrolling sideways, no words cut off, and help and "Leave" still in reach.

How 200% is emulated: zooming a page to 200% doubles the size of a CSS pixel, so a 375 x 812 phone
lays the page out in 188 x 406 CSS pixels, and every rem, media query and breakpoint answers as it
would there. A viewport of that size with twice the phone's pixel density (a 2x phone zoomed 2x is
4 device pixels to a CSS pixel) is the same layout. Setting the root font size to 200% instead
would need an injected style, which the strict CSP rightly refuses, and it would leave the
breakpoints at phone size, which is not what a zoomed browser does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Browser, Page, expect

from care import services as care_services
from care.models import Clinic
from care.suggestions import plan_suggestion_create
from journal.services import entry_create
from safety.services import crisis_resources_load, plan_contact_add, plan_step_save
from safety.shipped import shipped_regions
from tests.care.conftest import link_people, member
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD
from tests.journal.lock_helpers import Locked, locked_alice_fixture  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_OUT = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/safety/help/",
    "/offline/GB/",
    # For family and friends, who may read it on any phone, zoomed.
    "/people-around-you/guide/",
    "/people-around-you/words/",
]
SIGNED_IN = [
    "/",
    "/journal/",
    "/journal/new/",
    "/journal/{entry}/",
    "/journal/calendar/",
    "/reflections/",
    "/safety/",
    "/safety/help/",
    "/safety/plan/",
    "/safety/coping/",
    "/safety/ride-the-wave/",
    "/care/",
    "/account/settings/",
    # "…we can email a short code to alice@example.com.": the address is one word, wider than the line.
    "/accounts/reauthenticate/code/",
]

# Text cut off: a box that hides what overflows it (overflow hidden or clip, or an ellipsis) while
# its content is wider or taller than the box. Visually hidden text is meant to be 1 px.
_CLIPPED = """() => [...document.querySelectorAll('body *')].flatMap(el => {
  const unseen = '.visually-hidden, .skip-link, [hidden], dialog:not([open]), details:not([open]) > :not(summary)';
  if (el.closest(unseen)) return [];
  if (!el.textContent.trim() || !el.getClientRects().length) return [];
  const style = getComputedStyle(el);
  const hides = value => value === 'hidden' || value === 'clip';
  const wide = (hides(style.overflowX) || style.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1;
  const tall = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
  if (!wide && !tall) return [];
  return [`<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 40)}`];
})"""

# Text running past the screen's right edge, even where something stops the page from scrolling.
_PAST_THE_EDGE = """() => [...document.querySelectorAll('body *')].flatMap(el => {
  if (el.closest('.visually-hidden, .skip-link') || !el.getClientRects().length) return [];
  // Inside a box that scrolls on its own, reachable by keyboard (a month's grid of days: WCAG 1.4.10
  // lets two-dimensional tables scroll), content may lie past the edge; the box itself may not.
  for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.tabIndex >= 0) return [];
  }
  const box = el.getBoundingClientRect();
  if (box.right <= document.documentElement.clientWidth + 1 && box.left >= -1) return [];
  return [`<${el.tagName.toLowerCase()} class="${el.className}"> at ${Math.round(box.left)}-${Math.round(box.right)}`];
})"""

_WHOLLY_ON_SCREEN = """el => { const b = el.getBoundingClientRect();
  return b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= document.documentElement.clientWidth; }"""


@pytest.fixture
def zoomed(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 188, "height": 406}, device_scale_factor=4, has_touch=True, is_mobile=True
    )
    yield context.new_page()
    context.close()


def _check(page: Page, url: str) -> str | None:
    page.goto(url)
    problems = []
    expect(page.locator("main h1").first).to_be_visible()
    # clientWidth, not innerWidth: in phone emulation innerWidth grows to fit a page that is too wide.
    if not page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"):
        problems.append(f"scrolls sideways ({page.evaluate('document.documentElement.scrollWidth')} px wide)")
    if clipped := page.evaluate(_CLIPPED):
        problems.append(f"text cut off: {clipped}")
    if past := page.evaluate(_PAST_THE_EDGE):
        problems.append(f"past the edge: {past[:8]}")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    strip = page.locator("#crisis-strip")
    for name, role in (("Get help now", "link"), ("Leave quickly", "button")):
        if not strip.get_by_role(role, name=name).evaluate(_WHOLLY_ON_SCREEN):  # type: ignore[arg-type]
            problems.append(f"{name} is not wholly on the screen after scrolling")
    return f"{url}: {'; '.join(problems)}" if problems else None


def test_pages_at_200_percent_zoom_on_a_phone(zoomed: Page, live_server: Any, alice: Any) -> None:
    call_command("prompts_load", verbosity=0)
    crisis_resources_load()
    entry = entry_create(author=alice, title="", body="A quiet evening by the river.", written_on=date(2026, 11, 30))
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    base = live_server.url
    # Every page is checked before failing, so one run names every page that needs work.
    problems = [_check(zoomed, base + path) for path in SIGNED_OUT]
    sign_in(zoomed, base, alice.email)
    problems += [_check(zoomed, base + path.format(entry=entry.id)) for path in SIGNED_IN]
    found = [problem for problem in problems if problem]
    assert not found, "\n".join(found)


def test_every_countrys_crisis_lines_at_200_percent_zoom(zoomed: Page, live_server: Any) -> None:
    # A source's address ("telemanas.mohfw.gov.in") or opening hours with a time zone in them
    # ("Europe/Amsterdam") are one long word each: in India and the Netherlands they ran past the
    # edge, and a supporter in the UK met "giveusashout.org" doing the same in the guide.
    crisis_resources_load()
    problems = [_check(zoomed, f"{live_server.url}/offline/{region}/") for region in sorted(shipped_regions())]
    found = [problem for problem in problems if problem]
    assert not found, "\n".join(found)


def test_the_breathing_circle_stays_in_its_card_at_200_percent_zoom(zoomed: Page, live_server: Any, alice: Any) -> None:
    # Breathed in, the circle is twice its size: at 200% it ran past its card and off the screen.
    sign_in(zoomed, live_server.url, alice.email)
    zoomed.goto(f"{live_server.url}/safety/ride-the-wave/")
    zoomed.get_by_role("button", name="5 minutes", exact=True).click()
    circle = zoomed.locator("[data-breath-circle]")
    expect(circle).to_have_class(re.compile(r"\bbreath-in\b"))
    fits = circle.evaluate("el => 2 * el.offsetWidth <= el.closest('.card').clientWidth")
    assert fits, "the circle, breathed in, is wider than its card"


def test_a_printable_entry_with_a_long_one_word_tag_at_200_percent_zoom(
    zoomed: Page, live_server: Any, alice: Any
) -> None:
    # A tag is one word, up to 40 letters: "Familienangelegenheiten" ran past the edge of the
    # printable pages (one entry, and a stretch of days), where the entry's own page wraps it.
    entry = entry_create(
        author=alice, body="Ein langer Tag.", tags=["Familienangelegenheiten"], written_on=date(2026, 11, 30)
    )
    sign_in(zoomed, live_server.url, alice.email)
    base = live_server.url
    paths = [f"/journal/{entry.id}/", f"/journal/{entry.id}/print/", "/journal/print/?start=2026-11-30&end=2026-11-30"]
    found = [problem for path in paths if (problem := _check(zoomed, base + path))]
    assert not found, "\n".join(found)


def test_a_therapists_pages_at_200_percent_zoom(zoomed: Page, live_server: Any, alice: Any) -> None:
    # A client's email address is one word in a sentence ("from alice@example.com, 6 December…",
    # "Waiting for alice@example.com's answer."): it ran past the edge, and the page scrolled sideways.
    crisis_resources_load()
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="")
    theo = member(Clinic.objects.create(name="Harbour Clinic", key="harbour"), "theo@example.com")
    link = link_people(theo, alice)
    plan = care_services.share_plan(link=link)
    plan_suggestion_create(item=plan, section="warning_signs", body="Call a friend", therapist=theo)
    sign_in(zoomed, live_server.url, theo.email)
    paths = ["/care/clients/", f"/care/clients/{link.id}/shared/{plan.id}/"]
    found = [problem for path in paths if (problem := _check(zoomed, live_server.url + path))]
    assert not found, "\n".join(found)


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=1, SESSION_IDLE_WARNING_SECONDS=57)
def test_still_there_keeps_its_ways_out_in_sight_at_200_percent_zoom(
    zoomed: Page, live_server: Any, alice: Any
) -> None:
    # The warning before the idle lock is modal: it covers the strip, so it carries its own Leave
    # quickly and Get help now. At 200% its words filled the screen and both lay below its fold,
    # to be found by scrolling inside it; "Stay signed in" was cut in half at the bottom edge.
    sign_in(zoomed, live_server.url, alice.email)
    zoomed.goto(f"{live_server.url}/journal/new/")
    dialog = zoomed.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible(timeout=10_000)
    assert dialog.evaluate(_WHOLLY_ON_SCREEN)
    # Within the dialog's own box too: what lies past it is scrolled out of sight inside it.
    in_sight = """el => { const b = el.getBoundingClientRect(), d = el.closest('dialog').getBoundingClientRect();
      return b.top >= d.top && b.bottom <= d.bottom; }"""
    stay, leave = (dialog.get_by_role("button", name=name) for name in ("Stay signed in", "Leave quickly"))
    for way in (stay, leave, dialog.get_by_role("link", name="Get help now")):
        assert way.evaluate(in_sight), f"{way.inner_text()} is out of sight"
    expect(dialog.get_by_role("heading", name="Still there?")).to_be_in_viewport()


_SHOWS_ALL = "box => box.scrollHeight <= box.clientHeight"


def test_a_key_shows_whole_in_its_box_at_200_percent_zoom(zoomed: Page, live_server: Any, locked_alice: Locked) -> None:
    # A key in a box of two rows that cannot be pulled larger: the box showed two lines of the key
    # and the rest lay out of sight, on pages that ask a person to copy it or to check each group.
    base = live_server.url
    sign_in(zoomed, base, locked_alice.user.email)
    zoomed.goto(f"{base}/accounts/reauthenticate/")
    zoomed.get_by_label("Password").fill(PASSWORD)
    zoomed.get_by_role("button", name="Confirm").click()
    zoomed.wait_for_url(lambda url: "/reauthenticate/" not in url)
    zoomed.goto(f"{base}/accounts/2fa/totp/activate/")
    assert zoomed.get_by_label("Setup key").evaluate(_SHOWS_ALL), "the setup key is cut off"
    zoomed.goto(f"{base}/journal/unlock/recovery/")
    recovery_key = zoomed.get_by_role("textbox", name="Recovery key")
    recovery_key.fill("ABCD EFGH JKMN PQRS TVWX YZ23 4567 89AB")
    assert recovery_key.evaluate(_SHOWS_ALL), "the recovery key typed is cut off"

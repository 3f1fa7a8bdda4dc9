"""Every page a visitor, a person, a therapist and a clinic admin can open, on a phone with touch
on, at 375 x 812 and 320 x 568: help and the way out stay in reach after scrolling to the end, the
page's own heading starts in the upper third of the first screen, nothing scrolls sideways, every
control is big enough for a thumb, and axe finds nothing.

The list of pages follows the URL configuration (tests/test_no_writes_on_get.py walks every pattern
and shows which answer a GET with a page). Left out: POST-only addresses and the pages a
POST answers with, downloads (the plan as a file, the export, recovery codes, the audit log as
CSV), redirects, the service worker and manifest, and Django's own admin, which only the person who
runs the server sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from care import members
from care import services as care_services
from care import suggestions as care_suggestions
from care.models import Clinic, Membership
from journal.services import entry_create, entry_trash
from progress.look_back_services import entry_star
from progress.models import VictoryKind
from progress.services import victory_add
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from safety.models import CopingItem
from safety.peer_services import peer_support_load
from safety.services import coping_item_add, crisis_resources_load, plan_contact_add, plan_step_save
from tests.care.conftest import link_people, member
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = [{"width": 375, "height": 812}, {"width": 320, "height": 568}]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"

SIGNED_OUT = [
    "/",
    "/about/",
    "/people-around-you/guide/",
    "/people-around-you/words/",
    "/people-around-you/words/now/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    # A reset or confirmation link that has expired: the page that says so.
    "/accounts/password/reset/key/1-no-such-key/",
    "/accounts/password/reset/key/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/no-such-key/",
    "/accounts/inactive/",
    "/safety/",
    "/safety/help/",
    "/safety/peer-support/",
    "/safety/leave/about/",
    "/safety/ride-the-wave/",
    "/safety/ride-the-wave/talk/",
    "/safety/grounding/",
    "/safety/after/",
    "/offline/GB/",
    "/care/accept/{code}/",
    # The invitation the link above left in the session, where signing in leads back to.
    "/care/invitation/",
    "/care/join/?code={staff_code}",
    "/care/join/",
    "/account/locked/",
    "/account/deleted/",
    "/no-such-page/",
]
SIGNED_IN = [
    "/",
    "/about/",
    "/people-around-you/guide/",
    "/people-around-you/words/",
    "/people-around-you/words/now/",
    "/journal/",
    "/journal/new/",
    "/journal/calendar/",
    "/journal/day/{year}/{month}/{day}/",
    "/journal/search/",
    "/journal/search/?q=quiet",
    "/journal/trash/",
    "/journal/print/",
    "/journal/export/",
    "/journal/import/",
    "/journal/{entry}/",
    "/journal/{entry}/edit/",
    "/journal/{entry}/trash/",
    "/journal/{entry}/print/",
    "/look-back/",
    "/look-back/?span=all",
    "/look-back/summary/?span=1y&chosen=1&t=1&n=1&m=1",
    "/look-back/victories/",
    "/look-back/victories/{victory}/",
    "/look-back/victories/{victory}/remove/",
    "/reflections/",
    "/reflections/{sequence}/",
    "/reflections/run/{run}/",
    "/reflections/run/{run}/let-go/",
    "/reflections/run/{run}/start-fresh/",
    # A finished reflection that ends with a note, and the note's own page for printing.
    "/reflections/run/{finished}/",
    "/reflections/run/{finished}/note/",
    "/safety/",
    "/safety/help/",
    "/safety/peer-support/",
    "/safety/plan/",
    "/safety/plan/edit/",
    "/safety/plan/print/",
    "/safety/plan/warning_signs/?back=read",
    "/safety/plan/people/",
    "/safety/coping/",
    "/safety/coping/edit/",
    "/safety/ride-the-wave/",
    "/safety/ride-the-wave/talk/",
    "/safety/grounding/",
    "/safety/after/",
    "/safety/settings/",
    "/safety/leave/about/",
    "/care/",
    "/care/accept/{code}/",
    # With no invitation kept in the session: the kind message.
    "/care/invitation/",
    "/care/links/{link}/end/",
    "/care/share/entry/{entry}/",
    "/care/share/plan/",
    "/care/shared/{plan_item}/",
    "/account/settings/",
    "/account/settings/time-zone/",
    "/account/where/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/sessions/",
    "/accounts/logout/",
    "/accounts/2fa/",
    "/accounts/2fa/webauthn/",
    "/accounts/reauthenticate/code/",
    "/offline/GB/",
]
# Behind "confirm it's you": opened straight after confirming with the password.
AFTER_CONFIRMING = [
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/webauthn/add/",
    "/account/delete/",
]
# Once the person has an authenticator app, recovery codes and a passkey.
WITH_TWO_STEPS = [
    "/accounts/2fa/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/webauthn/",
    "/accounts/2fa/webauthn/keys/{passkey}/edit/",
    "/accounts/2fa/webauthn/keys/{passkey}/remove/",
]
THERAPIST = [
    "/",
    "/care/",
    "/care/clients/",
    "/care/clients/{link}/",
    "/care/clients/{link}/shared/{plan_item}/",
    "/care/clients/{link}/shared/{entry_item}/",
    "/care/clients/{link}/shared/{plan_item}/suggest/warning_signs/",
    "/care/join/?code={staff_code}",
    "/safety/plan/",
]
CLINIC_ADMIN = ["/", "/care/", "/care/audit/"]


@dataclass
class World:
    person: Any
    therapist: Any
    clinic_admin: Any
    fill: dict[str, str]


@pytest.fixture
def world(alice: Any) -> World:
    call_command("prompts_load", verbosity=0)
    crisis_resources_load()
    peer_support_load()
    alice.region = "GB"
    alice.save(update_fields=["region"])
    entry = entry_create(author=alice, title="", body="A quiet evening.", written_on=date(2026, 11, 30))
    entry_trash(entry=entry_create(author=alice, title="", body="Something I put away."))
    victory = victory_add(owner=alice, kind=VictoryKind.CONVERSATION, about_on=date(2026, 11, 30), note="Called Sam")
    entry_star(entry=entry, starred=True)
    plan_step_save(owner=alice, section="warning_signs", body="Not answering texts", obstacles="Tiredness")
    plan_contact_add(owner=alice, section="people", name="Sam", phone="+44 7700 900123")
    coping_item_add(owner=alice, group=CopingItem.Group.COMFORT, text="A warm drink")
    sequence = Sequence.objects.order_by("pk").first()
    assert sequence is not None
    run = run_start(owner=alice, sequence=sequence)
    talk = Sequence.objects.get(clinic_key="", slug="talk-to-someone")
    finished = run_finish(run=run_start(owner=alice, sequence=talk), answers={"0": "Sam"})

    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo = member(clinic, "theo@example.com")
    ada = member(clinic, "ada@example.com", role=Membership.Role.ADMIN, name="Ada")
    link = link_people(theo, alice)
    plan_item = care_services.share_plan(link=link)
    entry_item = care_services.share_entry(link=link, entry=entry)
    care_suggestions.plan_suggestion_create(item=plan_item, section="on_my_own", body="Call a friend", therapist=theo)
    care_services.homework_assign(link=link, sequence=sequence, note="When you have a quiet moment")
    invitation = care_services.invitation_create(membership=Membership.objects.get(user=theo))
    staff = members.staff_invite_create(clinic=clinic, role=Membership.Role.THERAPIST, display_name="Tess", actor=ada)
    day = date(2026, 11, 30)
    fill = {
        "entry": str(entry.pk),
        "victory": str(victory.pk),
        "sequence": str(sequence.pk),
        "run": str(run.pk),
        "finished": str(finished.pk),
        "link": str(link.pk),
        "plan_item": str(plan_item.pk),
        "entry_item": str(entry_item.pk),
        "code": invitation.code,
        "staff_code": staff.invite.code,
        "year": str(day.year),
        "month": str(day.month),
        "day": str(day.day),
    }
    return World(person=alice, therapist=theo, clinic_admin=ada, fill=fill)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Callable[[dict[str, int]], Page]]:
    contexts: list[Any] = []

    def open_phone(size: dict[str, int]) -> Page:
        context = browser.new_context(viewport=size, has_touch=True, is_mobile=True)  # type: ignore[arg-type]
        contexts.append(context)
        return context.new_page()

    yield open_phone
    # Closed even when a check fails, so no page goes on talking to the live server afterwards.
    for context in contexts:
        context.close()


_NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"

# Every link, button and disclosure a thumb might aim for, with its size; a link inside a sentence
# (its block holds more words than the link) is text, not a control, and may stay inline.
_SMALL_CONTROLS = """() => [...document.querySelectorAll('a[href], button, summary')].flatMap(el => {
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height || el.closest('.visually-hidden, .skip-link')) return [];
  if (box.width >= 44 && box.height >= 44) return [];
  const block = el.parentElement.closest('p, li, dd, td, div');
  if (block && block.textContent.trim().length > el.textContent.trim().length + 15) return [];
  return [`${el.textContent.trim().slice(0, 40)} (${Math.round(box.width)} x ${Math.round(box.height)})`];
})"""


def _check_this_page(page: Page, height: int) -> None:
    url = page.url
    heading = page.locator("main h1").first
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box is not None and box["y"] < height / 3, f"{url}: the heading starts at {box}"
    # clientWidth, not innerWidth: in Chromium's phone emulation innerWidth grows to fit a page
    # that is too wide, as a phone's browser zooms out, so it would hide the very overflow sought.
    assert page.evaluate(_NO_SIDEWAYS_SCROLL), f"{url} scrolls sideways"
    assert page.evaluate(_SMALL_CONTROLS) == [], f"{url}: targets under 44 x 44 px"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    strip = page.locator("#crisis-strip")
    for name, role in (("Get help now", "link"), ("Leave quickly", "button")):
        target = strip.get_by_role(role, name=name)  # type: ignore[arg-type]
        expect(target).to_be_in_viewport()
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, f"{url}: {name} is {box}"
    assert_accessible(page)


def _walk(page: Page, base: str, paths: list[str], fill: dict[str, str], height: int) -> None:
    # Every page is checked before failing, so one run names every page that needs work.
    problems = []
    for path in paths:
        response = page.goto(base + path.format(**fill))
        try:
            assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
            assert "/reauthenticate/" not in page.url or "/reauthenticate/" in path, f"{path} asked to confirm first"
            _check_this_page(page, height)
        except AssertionError as problem:
            problems.append(f"{path}: {problem}")
    assert not problems, "\n\n".join(problems)


def _confirm_with_password(page: Page, base: str, height: int) -> None:
    page.goto(f"{base}/accounts/reauthenticate/")
    _check_this_page(page, height)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").tap()
    page.wait_for_url(lambda url: "/reauthenticate/" not in url)


@pytest.mark.parametrize("size", PHONES, ids=["375", "320"])
def test_signed_out_pages_on_a_phone(phone: Any, live_server: Any, world: World, size: dict[str, int]) -> None:
    page = phone(size)
    _walk(page, live_server.url, SIGNED_OUT, world.fill, size["height"])
    # "Help now" opens the full list of lines, by tap.
    page.locator("#crisis-strip").get_by_role("link", name="Get help now").tap()
    expect(page.locator("main h1")).to_be_visible()
    assert page.url.endswith("/safety/help/")


@pytest.mark.parametrize("size", PHONES, ids=["375", "320"])
def test_a_persons_pages_on_a_phone(phone: Any, live_server: Any, world: World, size: dict[str, int]) -> None:
    base, height = live_server.url, size["height"]
    page = phone(size)
    sign_in(page, base, world.person.email)
    _walk(page, base, SIGNED_IN, world.fill, height)
    # Reading mode: the plan's first step and the list's first idea are in the first screen.
    for path, first in (("/safety/plan/", "#step-warning_signs .plan-text"), ("/safety/coping/", ".coping-read li")):
        page.goto(base + path)
        box = page.locator(first).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, f"{path}: {first} is at {box}"

    # The account's safeguards: confirming it's you, then the pages behind it.
    _confirm_with_password(page, base, height)
    _walk(page, base, AFTER_CONFIRMING, world.fill, height)
    TOTP.activate(world.person, SECRET)
    RecoveryCodes.activate(world.person)
    passkey = Authenticator.objects.create(
        user=world.person,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "My phone", "credential": {"clientExtensionResults": {"credProps": {"rk": True}}}},
    )
    _walk(page, base, WITH_TWO_STEPS, {**world.fill, "passkey": str(passkey.pk)}, height)

    # Two-step sign-in: the second step is a page of its own, and it signs in. (The passkey made
    # above has no real key behind it, which the sign-in page would try to read.)
    passkey.delete()
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(world.person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).tap()
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    expect(page.locator("main h1")).to_have_text("One more step")
    _check_this_page(page, height)
    page.get_by_label("Code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Sign in", exact=True).tap()
    page.wait_for_url(f"{base}/")

    # The menu opens by tap, without JavaScript's help, and leads on.
    page.get_by_text("Menu", exact=True).tap()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").tap()
    page.wait_for_url(f"{base}/journal/")
    # Leave works by tap from the pinned bar, after scrolling.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    with page.context.expect_page():
        page.locator("#crisis-strip").get_by_role("button", name="Leave quickly").tap()


@pytest.mark.parametrize("size", PHONES, ids=["375", "320"])
def test_a_therapists_and_a_clinic_admins_pages_on_a_phone(
    phone: Any, live_server: Any, world: World, size: dict[str, int]
) -> None:
    for user, paths in ((world.therapist, THERAPIST), (world.clinic_admin, CLINIC_ADMIN)):
        page = phone(size)
        sign_in(page, live_server.url, user.email)
        _walk(page, live_server.url, paths, world.fill, size["height"])

"""In Chromium: the admin's invite link, a therapist's own welcome, and a person told why a link ended."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, expect

from care import members
from care.models import Clinic, Link, Membership
from care.services import invitation_accept, invitation_create, share_plan
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "quiet river at evening 7"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    # live_server finds static files by their plain names; the manifest's hashed names would 404.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    opened: list[BrowserContext] = []

    def make(viewport: dict[str, int]) -> Page:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        opened.append(context)
        return context.new_page()

    yield make
    for context in opened:
        context.close()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url} is {width}px wide at {viewport}px"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_admin_invites_a_therapist_who_joins_and_lands_on_their_clients_page(
    new_page: Callable[..., Page], live_server: Any, viewport: dict[str, int]
) -> None:
    base = live_server.url
    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour", invite_only=True)

    # The admin makes the invite in the clinic's page and copies the link it shows, once.
    admin = new_page(DESKTOP)
    sign_in(admin, base, operator.email)
    admin.goto(f"{base}/admin/care/clinic/{clinic.pk}/change/")
    admin.locator("#staff_invites-group .add-row a").click()
    admin.select_option("#id_staff_invites-0-role", "therapist")
    admin.fill("#id_staff_invites-0-display_name", "Sam Lee")
    admin.locator("input[name=_continue]").click()
    link = admin.locator("a", has_text="/care/join/?code=").first.inner_text()
    assert link.startswith(f"{base}/care/join/?code="), "a whole link, ready to paste into an email"

    # Sam opens it on their own device: a page about joining as a therapist, not the client sign-up.
    sam = new_page(viewport)
    sam.goto(link)
    expect(sam.get_by_role("heading", name="Join Harbour Clinic on Waypoint", level=1)).to_be_visible()
    expect(sam.get_by_text("Your clients will see you as Sam Lee.")).to_be_visible()
    no_sideways_scroll(sam)
    assert_accessible(sam)
    sam.get_by_role("button", name="Create your account").click()
    # The sign-up page they reach says they are joining as staff, not the writer's welcome.
    expect(sam.get_by_role("heading", name="You're joining Harbour Clinic as a therapist", level=1)).to_be_visible()
    expect(sam.get_by_text("Your journal is private")).to_have_count(0)
    no_sideways_scroll(sam)
    assert_accessible(sam)
    sam.get_by_label("Email").fill("sam@example.com")
    sam.locator("#id_password1").fill(PASSWORD)
    sam.locator("#id_password2").fill(PASSWORD)
    sam.get_by_role("button", name="Create my account").click()
    expect(sam.locator("main h1")).to_have_text("Check your email")

    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert confirm is not None
    sam.goto(confirm.group(0).replace("http://testserver", base))
    sam.get_by_role("button", name="Confirm").click()

    # A therapist welcome on the clients page, never the client check-in.
    sam.wait_for_url(f"{base}/care/clients/")
    expect(sam.get_by_role("heading", name="Clients", level=1)).to_be_visible()
    expect(sam.get_by_role("heading", name="Welcome, Sam Lee")).to_be_visible()
    expect(sam.get_by_text("Welcome to Waypoint")).to_have_count(0)
    no_sideways_scroll(sam)
    assert_accessible(sam)
    assert Membership.objects.filter(user__email="sam@example.com", clinic=clinic, role="therapist").exists()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_when_the_therapist_leaves_both_sides_read_why(
    new_page: Callable[..., Page], live_server: Any, viewport: dict[str, int]
) -> None:
    base = live_server.url
    call_command("prompts_load", verbosity=0)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo: Any = UserFactory(email="theo@example.com")
    membership = Membership.objects.create(
        clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park"
    )
    person: Any = UserFactory(email="alice@example.com")
    link: Link = invitation_accept(code=invitation_create(membership=membership).code, person=person)
    share_plan(link=link)
    membership.delete()
    members.clinic_links_settle(clinic=clinic, actor=None)

    alice = new_page(viewport)
    sign_in(alice, base, person.email)
    notice = alice.locator(".care-notice", has_text="Your link with Theo Park at Harbour Clinic has ended")
    expect(notice).to_be_visible()
    assert_accessible(alice)
    notice.get_by_role("link", name="What this means").press("Enter")
    ended = alice.get_by_role("heading", name="Your link with Theo Park at Harbour Clinic has ended")
    expect(ended).to_be_visible()
    # Focus lands on what the link led to: Tab and a screen reader go on from there, not from the top.
    expect(ended).to_be_focused()
    expect(alice.get_by_text("The copies you shared with them are deleted.")).to_be_visible()
    expect(alice.get_by_role("cell", name="Theo Park").first).to_be_visible()
    no_sideways_scroll(alice)
    assert_accessible(alice)

    former = new_page(viewport)
    sign_in(former, base, theo.email)
    response = former.goto(f"{base}/care/clients/{link.id}/")
    assert response is not None and response.status == 404
    expect(former.get_by_role("heading", name="You are no longer a therapist here")).to_be_visible()
    no_sideways_scroll(former)
    assert_accessible(former)


def test_on_a_phone_the_share_page_says_what_to_expect_and_help_is_one_tap_away(
    new_page: Callable[..., Page], live_server: Any
) -> None:
    base = live_server.url
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo: Any = UserFactory(email="theo@example.com")
    membership = Membership.objects.create(
        clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park"
    )
    person: Any = UserFactory(email="alice@example.com")
    invitation_accept(code=invitation_create(membership=membership).code, person=person)

    page = new_page(PHONE)
    sign_in(page, base, person.email)
    page.goto(f"{base}/care/share/plan/")
    expect(page.get_by_text("Your therapist is not alerted when you share something")).to_be_visible()
    help_link = page.locator(".care-expect").get_by_role("link", name="Crisis lines where you are")
    box = help_link.bounding_box()
    assert box is not None and box["height"] >= 44, "a touch target a thumb can hit"
    no_sideways_scroll(page)
    assert_accessible(page)
    help_link.click()
    page.wait_for_url(f"{base}/safety/help/")


# A real surname, one word longer than a 320 px line: an admin types names as people spell them.
LONG_NAME = "Hubert Wolfeschlegelsteinhausenbergerdorff"


def test_at_320px_none_of_the_new_pages_scrolls_sideways(new_page: Callable[..., Page], live_server: Any) -> None:
    base = live_server.url
    call_command("prompts_load", verbosity=0)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    staff_invite = members.staff_invite_create(clinic=clinic, role="therapist", display_name=LONG_NAME, actor=operator)
    theo: Any = UserFactory(email="theo@example.com")
    membership = Membership.objects.create(
        clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park"
    )
    tess: Any = UserFactory(email="tess@example.com")
    Membership.objects.create(clinic=clinic, user=tess, role=Membership.Role.THERAPIST, display_name=LONG_NAME)
    person: Any = UserFactory(email="alexandra.montgomery-whitfield.counselling@example.org")
    link = invitation_accept(code=invitation_create(membership=membership).code, person=person)
    membership.delete()
    members.clinic_links_settle(clinic=clinic, actor=None)
    invitation_accept(code=invitation_create(membership=Membership.objects.get(user=tess)).code, person=person)

    narrow = {"width": 320, "height": 700}
    visitor = new_page(narrow)
    visitor.goto(f"{base}/care/join/?code={staff_invite.invite.code}")
    no_sideways_scroll(visitor)
    signed_in = [
        (person.email, ["/", "/care/", "/care/share/plan/"]),
        (tess.email, ["/care/clients/"]),
        (theo.email, ["/care/clients/", f"/care/clients/{link.id}/"]),
    ]
    for email, paths in signed_in:
        page = new_page(narrow)
        sign_in(page, base, email)
        for path in paths:
            page.goto(f"{base}{path}")
            no_sideways_scroll(page)

"""Care pages in Chromium: after each htmx action focus lands on what changed, and phones never scroll sideways."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, expect

from care.models import AuditEvent, Clinic, Link, Membership, SharedItem
from care.services import homework_assign, invitation_accept, invitation_create, link_end, share_entry
from prompts.models import Sequence
from prompts.services import run_finish, run_start
from tests.e2e.conftest import assert_accessible, between_requests, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A long address, as real ones often are: one unbroken word that has to wrap on a phone.
LONG_EMAIL = "alexandra.montgomery-whitfield.counselling@example.org"


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    # live_server finds static files by their plain names; the manifest's hashed names would 404.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def care_world(transactional_db: None) -> dict[str, Any]:
    """Theo, a therapist, linked with a client who did the homework he suggested and shared it."""
    call_command("prompts_load", verbosity=0)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo: Any = UserFactory(email="theo@example.com")
    membership = Membership.objects.create(
        clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park"
    )
    person: Any = UserFactory(email=LONG_EMAIL)
    link = invitation_accept(code=invitation_create(membership=membership).code, person=person)
    pause = Sequence.objects.get(clinic_key="", slug="pause-for-kindness")
    homework_assign(link=link, sequence=pause, note="Only if tonight feels okay for it.")
    run = run_finish(run=run_start(owner=person, sequence=pause), answers={"0": "A long shift"})
    item = share_entry(link=link, entry=run.entry)  # type: ignore[arg-type]
    return {"theo": theo, "person": person, "link": link, "item": item}


@pytest.fixture
def open_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    # Closed before the live server stops, so no browser connection outlives the test.
    opened: list[BrowserContext] = []

    def signed_in(email: str, width: int = 1024) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 800})
        opened.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, email)
        return page

    yield signed_in
    for context in opened:
        context.close()


def focused_tag(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.tagName : 'BODY'"))


def test_a_new_code_takes_focus_so_it_is_read_out(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    page = open_page("theo@example.com")
    page.goto(f"{live_server.url}/care/clients/")
    page.get_by_role("button", name="Make a new code").click()
    new_code = page.locator("#invitations .care-new")
    expect(new_code).to_be_focused()
    assert focused_tag(page) != "BODY"
    expect(new_code.locator(".care-code")).to_have_text(page.locator(".care-code").first.inner_text())
    # The button stays where it was, so pressing it again needs no hunting.
    expect(page.get_by_role("button", name="Make a new code")).to_have_count(1)
    assert_accessible(page)


def test_suggesting_homework_moves_focus_to_the_new_suggestion_or_the_problem(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    link: Link = care_world["link"]
    page = open_page("theo@example.com")
    page.goto(f"{live_server.url}/care/clients/{link.id}/")

    page.get_by_label("If you like, a date to aim for").fill("2020-01-01")
    page.get_by_role("button", name="Suggest it").click()
    # Focus starts on the field to fix, which reads out its own message (aria-describedby), not on
    # a note that only says something somewhere below needs another look.
    expect(page.get_by_text("Something below needs another look.")).to_be_visible()
    date_field = page.get_by_label("If you like, a date to aim for")
    expect(date_field).to_be_focused()
    expect(date_field).to_have_accessible_description(re.compile("That date has passed."))
    expect(date_field).to_have_value("2020-01-01")
    assert_accessible(page)

    page.get_by_label("Reflection", exact=True).select_option(label="After a setback")
    page.get_by_label("If you like, a date to aim for").fill("")
    page.get_by_role("button", name="Suggest it").click()
    newest = page.locator("#homework .care-row").first
    expect(newest).to_contain_text("After a setback")
    expect(newest).to_be_focused()
    assert focused_tag(page) != "BODY"
    assert_accessible(page)


def test_a_note_written_while_the_link_ends_comes_back_to_copy(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    link: Link = care_world["link"]
    page = open_page("theo@example.com")
    page.goto(f"{live_server.url}/care/clients/{link.id}/")
    words = "A note I took a while to write"
    page.get_by_label("A note for them").fill(words)
    with between_requests():
        link_end(link=link)  # the client ends the link while Theo writes
    page.get_by_role("button", name="Suggest it").click()
    heading = page.get_by_role("heading", name="This is no longer shared with you")
    expect(heading).to_be_focused()
    expect(page.get_by_label("Your words, not sent")).to_have_value(words)
    assert page.locator("#homework").count() == 0, "the page's own content took the place of the client's"
    assert_accessible(page)


def test_the_homework_setting_keeps_focus_on_its_button(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    page = open_page(LONG_EMAIL)
    page.goto(f"{live_server.url}/care/")
    page.get_by_role("button", name="Let them see whether I started or finished").click()
    stop = page.get_by_role("button", name="Stop showing whether I started or finished")
    expect(stop).to_be_focused()
    # Focused, the button reads out the setting it now stands for.
    expect(stop).to_have_accessible_description(
        re.compile("They can see whether you have started or finished a reflection")
    )
    assert_accessible(page)
    stop.click()
    expect(page.get_by_role("button", name="Let them see whether I started or finished")).to_be_focused()
    assert focused_tag(page) != "BODY"


def test_on_a_phone_no_care_page_scrolls_sideways(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    link: Link = care_world["link"]
    item: SharedItem = care_world["item"]
    base = live_server.url
    theo = open_page("theo@example.com", width=360)
    person = open_page(LONG_EMAIL, width=360)
    pages = [
        (theo, f"{base}/care/clients/"),
        (theo, f"{base}/care/clients/{link.id}/"),
        (theo, f"{base}/care/clients/{link.id}/shared/{item.id}/"),
        (person, f"{base}/care/"),
    ]
    for page, url in pages:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width}px wide at 360px"
    expect(theo.get_by_role("heading", level=1)).to_contain_text(LONG_EMAIL)


def test_finishing_homework_ends_with_a_gentle_offer_to_share_it(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    page = open_page(LONG_EMAIL)
    page.locator(".care-homework").get_by_role("link", name="Pause for kindness").click()
    page.get_by_role("button", name="Begin").click()
    for number in (2, 3, 4, 5):
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".run-progress")).to_have_text(f"Step {number} of 5")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_focused()
    expect(page.get_by_text("It stays private unless you share it.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Share it with Theo Park").click()
    expect(page.get_by_role("heading", name="Share a copy")).to_be_visible()
    expect(page.get_by_role("button", name="Share with Theo Park")).to_be_visible()


def test_paging_the_audit_log_keeps_focus_on_its_heading(
    care_world: dict[str, Any], open_page: Callable[..., Page], live_server: Any
) -> None:
    clinic = Clinic.objects.get(key="harbour")
    ada: Any = UserFactory(email="ada@example.com")
    Membership.objects.create(clinic=clinic, user=ada, role=Membership.Role.ADMIN, display_name="Ada")
    AuditEvent.objects.bulk_create(
        AuditEvent(clinic=clinic, actor=ada, actor_label=ada.email, action="client_opened") for _ in range(60)
    )
    page = open_page("ada@example.com")
    page.goto(f"{live_server.url}/care/audit/")
    page.get_by_role("link", name="Older").click()
    expect(page.get_by_role("link", name="Newer")).to_be_visible()
    expect(page.locator("#events-heading")).to_be_focused()
    assert_accessible(page)
    # The address says which page, so a reload (or Back from elsewhere) keeps the admin's place.
    expect(page).to_have_url(f"{live_server.url}/care/audit/?page=2")
    page.reload()
    expect(page.get_by_role("link", name="Newer")).to_be_visible()
    # Back to the newest actions: htmx keeps no copy and loads the page again, which is reading on,
    # not another opening of the log.
    with page.expect_response(lambda response: response.request.resource_type == "document"):
        page.go_back()
    expect(page.get_by_role("link", name="Older")).to_be_visible()
    assert AuditEvent.objects.filter(actor=ada, action="audit_opened").count() == 1

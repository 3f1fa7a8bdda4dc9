"""Every other care page in Chromium, light and dark, at phone width: axe finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from care.models import Clinic, Membership
from care.services import invitation_accept, invitation_create
from safety.services import plan_step_save
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    # Closed before the live server stops, so no browser connection outlives the test.
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plan_suggestions_audit_and_ending_a_link_are_accessible(
    browser: Browser, contexts: list[BrowserContext], live_server: Any, alice: Any, scheme: str
) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo: Any = UserFactory(email="theo@example.com")
    Membership.objects.create(clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park")
    Membership.objects.create(clinic=clinic, user=theo, role=Membership.Role.ADMIN, display_name="Theo Park")
    therapist = Membership.objects.get(user=theo, role=Membership.Role.THERAPIST)
    link = invitation_accept(code=invitation_create(membership=therapist).code, person=alice)
    plan_step_save(owner=alice, section="on_my_own", body="Music and a blanket", obstacles="Being tired")
    base = live_server.url

    def open_page(email: str) -> Page:
        context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})  # type: ignore[arg-type]
        contexts.append(context)
        page = context.new_page()
        sign_in(page, base, email)
        return page

    alice_page, theo_page = open_page(alice.email), open_page(theo.email)

    alice_page.goto(f"{base}/safety/plan/")
    alice_page.get_by_role("link", name="Share with Theo Park").click()
    expect(alice_page.get_by_text("Music and a blanket")).to_be_visible()
    assert_accessible(alice_page)
    alice_page.get_by_role("button", name="Share with Theo Park").click()

    theo_page.goto(f"{base}/care/clients/")
    theo_page.get_by_role("main").get_by_role("link", name="Safety plan").click()
    assert_accessible(theo_page)
    theo_page.get_by_role("link", name="Things I can do on my own").click()
    theo_page.get_by_label("Your suggested words for this step").fill("Music, a blanket, and a warm drink")
    assert_accessible(theo_page)
    theo_page.get_by_role("button", name="Send the suggestion").click()
    expect(theo_page.get_by_text("Sent. alice@example.com sees your words")).to_be_visible()
    expect(theo_page.get_by_text("Waiting for alice@example.com's answer.")).to_be_visible()
    assert_accessible(theo_page)
    theo_page.goto(f"{base}/care/audit/")
    expect(theo_page.get_by_role("cell", name="Suggested a safety plan change")).to_be_visible()
    assert_accessible(theo_page)

    # Alice hears of it gently where she already is: home and her plan.
    alice_page.goto(f"{base}/")
    expect(alice_page.get_by_text("Theo Park suggested new words for a step of your safety plan.")).to_be_visible()
    assert_accessible(alice_page)
    alice_page.goto(f"{base}/safety/plan/")
    alice_page.locator("#step-on_my_own").get_by_role("link", name="See them and decide").click()
    expect(alice_page.get_by_text("Suggested by Theo Park: Things I can do on my own")).to_be_visible()
    expect(alice_page.get_by_role("heading", name="Your words now")).to_be_visible()
    assert_accessible(alice_page)
    alice_page.get_by_role("button", name="Use the suggested words").click()
    expect(alice_page.get_by_role("heading", name="Your words before")).to_be_visible()
    expect(alice_page.get_by_text("Music and a blanket")).to_be_visible()
    assert_accessible(alice_page)
    alice_page.goto(f"{base}/safety/plan/")
    expect(alice_page.get_by_text("Music, a blanket, and a warm drink")).to_be_visible()

    # She changes her mind once, and her own words come back.
    alice_page.goto(f"{base}/care/")
    alice_page.get_by_role("button", name="Put my words back").click()
    expect(alice_page.get_by_text("Your own words are back in your plan.")).to_be_visible()
    expect(alice_page.get_by_role("cell", name="You put your own words back")).to_be_visible()
    theo_page.goto(f"{base}/care/clients/{link.id}/")
    theo_page.get_by_role("main").get_by_role("link", name="Safety plan").click()
    expect(theo_page.get_by_text("alice@example.com kept their own words")).to_be_visible()

    alice_page.goto(f"{base}/care/")
    alice_page.get_by_role("link", name="End the link (Theo Park)").click()
    assert_accessible(alice_page)
    alice_page.get_by_role("button", name="End the link").click()
    expect(alice_page.get_by_text("The link has ended.")).to_be_visible()
    response = theo_page.goto(f"{base}/care/clients/{link.id}/")
    assert response is not None and response.status == 404
    expect(theo_page.get_by_role("heading", name="This is no longer shared with you")).to_be_visible()
    assert_accessible(theo_page)

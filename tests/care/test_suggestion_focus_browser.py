"""After answering a plan suggestion on a phone, the focus lands on a heading that is there.

Before, the care page opened at `#suggestions-heading` even when the last suggestion had just been
answered (so the section was gone), and neither that heading nor a card could take the focus: a
screen reader or keyboard started again from the top of the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from care import services, suggestions
from care.models import Link
from safety.services import plan_step_save
from tests.care.conftest import therapist_of
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def phone(browser: Browser, live_server: Any, alice: Any) -> Iterator[Page]:
    phone_size = {"width": 375, "height": 812}
    context: BrowserContext = browser.new_context(viewport=phone_size, has_touch=True, is_mobile=True)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, live_server.url, alice.email)
    yield page
    context.close()


def test_each_answer_moves_the_focus_to_a_heading_that_is_there(
    phone: Page, live_server: Any, alice: Any, link: Link
) -> None:
    plan_step_save(owner=alice, section="on_my_own", body="Music", obstacles="")
    plan_step_save(owner=alice, section="warning_signs", body="Not sleeping", obstacles="")
    item = services.share_plan(link=link)
    for section, body in (("warning_signs", "Not sleeping, skipping meals"), ("on_my_own", "Music and tea")):
        suggestions.plan_suggestion_create(item=item, section=section, body=body, therapist=therapist_of(link))
    phone.goto(f"{live_server.url}/care/")
    main = phone.get_by_role("main")

    # One of two answered: the suggestions are still there, and their heading has the focus.
    main.get_by_role("button", name=re.compile(r"^Keep my own words\W+Warning signs")).click()
    expect(phone.get_by_text("You kept your own words.")).to_be_visible()
    expect(main.get_by_role("heading", name="Suggested changes to your safety plan")).to_be_focused()

    # The words taken: their card, with the way back, has the focus.
    main.get_by_role("button", name="Use the suggested words").click()
    expect(main.get_by_role("heading", name="You used Theo Park's words: Things I can do on my own")).to_be_focused()

    # The last answered: the section is gone, and the focus is on what she shares.
    main.get_by_role("button", name="Keep the new words").click()
    expect(phone.get_by_text("Your plan keeps the new words.")).to_be_visible()
    expect(main.get_by_role("heading", name="Suggested changes to your safety plan")).to_have_count(0)
    expect(main.get_by_role("heading", name="What you are sharing")).to_be_focused()

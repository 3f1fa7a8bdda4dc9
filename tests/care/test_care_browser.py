"""The whole care journey in Chromium, two people in two browsers: invite, accept, homework, share, revoke."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from care.models import Clinic, Link, Membership
from care.services import invitation_create
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARD_THING = "A long shift and a sharp word from my manager"
KIND_WORDS = "You did what you could today, and that is enough."


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    # live_server finds static files by their plain names; the manifest's hashed names would 404.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def theo_page(browser: Browser, live_server: Any, transactional_db: None) -> Any:
    call_command("prompts_load", verbosity=0)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo: Any = UserFactory(email="theo@example.com")
    Membership.objects.create(clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park")
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "theo@example.com")
    yield page
    context.close()


def test_invite_homework_share_and_revoke(theo_page: Page, signed_in_page: Page, live_server: Any) -> None:
    theo, alice, base = theo_page, signed_in_page, live_server.url

    # Theo makes a code.
    theo.get_by_role("link", name="Clients").click()
    expect(theo.get_by_role("heading", name="Clients", level=1)).to_be_visible()
    expect(theo.locator(".clinic-name")).to_have_text("Harbour Clinic")
    theo.get_by_role("button", name="Make a new code").click()
    code = theo.locator(".care-code").first.inner_text()
    assert len(code) == 8
    assert_accessible(theo)

    # Alice types it in her settings, reads what linking means, and says yes.
    alice.get_by_role("link", name="Settings").click()
    alice.get_by_role("link", name="Link with a therapist, or choose what they see").click()
    assert_accessible(alice)
    alice.get_by_label("Code from your therapist").fill(code.lower())
    alice.get_by_role("button", name="Continue").click()
    expect(alice.get_by_role("heading", name="Link with Theo Park?")).to_be_visible()
    expect(alice.get_by_text("What they will not see").first).to_be_visible()
    assert_accessible(alice)
    alice.get_by_role("button", name="Yes, link us").click()
    expect(alice.get_by_text("You are linked.")).to_be_visible()
    assert_accessible(alice)

    # Theo suggests "Pause for kindness".
    theo.goto(f"{base}/care/clients/")
    theo.get_by_role("link", name="alice@example.com").click()
    assert_accessible(theo)
    theo.get_by_label("Reflection", exact=True).select_option(label="Pause for kindness")
    theo.get_by_label("A note for them").fill("Only if tonight feels okay for it.")
    theo.get_by_role("button", name="Suggest it").click()
    expect(theo.locator("#homework strong", has_text="Pause for kindness")).to_be_visible()
    assert_accessible(theo)

    # Suggested again while still open (Alice lets him see how it goes): still one, he is told so,
    # and focus lands on it.
    Link.objects.update(show_homework_status=True)
    theo.get_by_label("Reflection", exact=True).select_option(label="Pause for kindness")
    theo.get_by_label("A note for them").fill("Whenever the week feels heavy.")
    theo.get_by_role("button", name="Suggest it").click()
    kept = theo.locator("#homework li", has_text="You suggested this already on")
    expect(kept).to_contain_text("it is still open. It stays one suggestion.")
    expect(kept).to_be_focused()
    expect(theo.locator("#homework strong", has_text="Pause for kindness")).to_have_count(1)
    expect(kept).to_contain_text("Only if tonight feels okay for it.")
    expect(kept).to_contain_text("Whenever the week feels heavy.")
    assert_accessible(theo)
    Link.objects.update(show_homework_status=False)

    # Alice sees it on home, from Theo, and does it the usual way.
    alice.goto(f"{base}/")
    homework = alice.locator(".care-homework")
    expect(homework.get_by_text("from Theo Park")).to_be_visible()
    expect(homework.get_by_text("Only if tonight feels okay for it.")).to_be_visible()
    assert_accessible(alice)
    homework.get_by_role("link", name="Pause for kindness").click()
    alice.get_by_role("button", name="Begin").click()
    alice.get_by_role("textbox").fill(HARD_THING)
    for number in (2, 3, 4, 5):
        alice.get_by_role("button", name="Next").click()
        expect(alice.locator(".run-progress")).to_have_text(f"Step {number} of 5")
    alice.get_by_role("textbox").fill(KIND_WORDS)
    alice.get_by_role("button", name="Finish").click()
    expect(alice.get_by_text("However today went")).to_be_visible()

    # Theo has no way to read it yet.
    theo.reload()
    expect(theo.get_by_text(HARD_THING)).to_have_count(0)

    # Alice shares it from home, seeing exactly what goes.
    alice.goto(f"{base}/")
    alice.get_by_role("link", name="Share it with Theo Park?").click()
    expect(alice.get_by_text(HARD_THING)).to_be_visible()
    assert_accessible(alice)
    alice.get_by_role("button", name="Share with Theo Park").click()
    expect(alice.get_by_role("button", name="Stop sharing (Reflection ·")).to_be_visible()

    # Theo reads it, read-only.
    theo.goto(f"{base}/care/clients/")
    theo.get_by_role("main").get_by_role("link", name="Reflection").click()
    expect(theo.get_by_text(HARD_THING)).to_be_visible()
    expect(theo.get_by_text(KIND_WORDS)).to_be_visible()
    expect(theo.locator("textarea")).to_have_count(0)
    assert_accessible(theo)
    shared_url = theo.url

    # Alice's log shows the visit; she stops sharing.
    alice.goto(f"{base}/care/")
    expect(alice.get_by_role("cell", name="Opened by your therapist")).to_be_visible()
    alice.get_by_role("button", name="Stop sharing (Reflection ·").click()
    expect(alice.get_by_text("Sharing stopped.")).to_be_visible()
    assert_accessible(alice)

    # Theo can no longer open it.
    response = theo.goto(shared_url)
    assert response is not None and response.status == 404
    expect(theo.get_by_text(HARD_THING)).to_have_count(0)


def test_a_link_opened_before_having_an_account_leads_back_to_it(page: Page, live_server: Any) -> None:
    base = live_server.url
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo: Any = UserFactory(email="theo@example.com")
    membership = Membership.objects.create(
        clinic=clinic, user=theo, role=Membership.Role.THERAPIST, display_name="Theo Park"
    )
    code = invitation_create(membership=membership).code

    # Sam opens the link from the email, signed out, and makes an account from there.
    page.goto(f"{base}/care/accept/{code}/")
    expect(page.get_by_role("heading", name="Link with Theo Park?")).to_be_visible()
    page.locator("main").get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill("sam@example.com")
    page.locator("#id_password1").fill("quiet river at evening 7")
    page.locator("#id_password2").fill("quiet river at evening 7")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("main h1")).to_have_text("Check your email")

    # Confirming the email signs Sam in and leads back to the invitation, with no code in the address.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link.group(0).replace("http://testserver", base))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{base}/care/invitation/")
    expect(page.get_by_role("heading", name="Link with Theo Park?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, link us").click()
    expect(page.get_by_text("You are linked.")).to_be_visible()
    assert Link.objects.filter(person=User.objects.get(email="sam@example.com"), therapist=theo).exists()

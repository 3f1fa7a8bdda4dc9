"""The clinic settings page in the admin, as the person who runs the server uses it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from care import members
from care.models import Clinic
from tests.e2e.conftest import _axe, assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_an_operator_sets_the_clinics_quick_exit_site_in_the_admin(page: Page, live_server: Any) -> None:
    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    problems: list[str] = []
    page.on(
        "console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None
    )

    sign_in(page, live_server.url, operator.email)
    page.goto(f"{live_server.url}/admin/care/clinic/{clinic.pk}/change/")
    assert_accessible(page)
    page.get_by_label("Quick exit goes to").fill("https://weather.example/harbour")
    page.get_by_label("Lock after this many minutes without activity").fill("10")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/care/clinic/")
    assert_accessible(page)
    assert problems == [], "the admin's scripts and styles all run under the content security policy"

    clinic.refresh_from_db()
    assert clinic.quick_exit_url == "https://weather.example/harbour"
    page.goto(f"{live_server.url}/safety/help/")
    assert (
        page.locator("#crisis-strip form[data-quick-exit]").get_attribute("data-exit-url")
        == "https://weather.example/harbour"
    )


def test_every_admin_page_an_operator_uses_passes_axe(page: Page, live_server: Any) -> None:
    from django.contrib import admin

    operator: Any = UserFactory(email="op@example.com", is_staff=True, is_superuser=True)
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    members.staff_invite_create(clinic=clinic, role="therapist", display_name="Sam Lee", actor=operator)
    call_command("crisis_resources_load", verbosity=0)
    call_command("prompts_load", verbosity=0)
    sign_in(page, live_server.url, operator.email)
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        if model_admin.has_add_permission(_request_for(operator)):
            urls.append(f"{base}add/")
        first = model_admin.get_queryset(_request_for(operator)).first()
        if first is not None:
            urls.append(f"{base}{first.pk}/change/")
    failures = []
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        results = _axe.run(page)
        if results.violations_count:
            failures.append(f"{url}: {results.generate_report()}")
    assert failures == [], "\n".join(failures)


def _request_for(user: Any) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request

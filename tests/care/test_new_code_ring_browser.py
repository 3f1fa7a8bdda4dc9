"""A new code takes focus, and its ring shows where focus went. On a small phone, or a phone with
its text enlarged, the ring keeps clear of the "Make a new code" button and of every other control
around it, so none of them is half covered."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from care.models import Clinic
from care.services import invitation_create
from tests.care.conftest import member
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "320 px wide": {"viewport": {"width": 320, "height": 640}},
    # A 390 x 844 phone with its text at 200% lays the page out in half the CSS pixels.
    "390 px, text at 200%": {"viewport": {"width": 195, "height": 422}, "device_scale_factor": 4},
}

# The ring as drawn (the row's box grown by the outline and its offset), and every other control's box.
_RING_AND_CONTROLS = """row => {
  const s = getComputedStyle(row);
  const grow = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
  const r = row.getBoundingClientRect();
  const controls = [...document.querySelectorAll('main a, main button, main input, main select, main textarea')]
    .filter(el => !row.contains(el) && el.getClientRects().length)
    .map(el => { const b = el.getBoundingClientRect();
                 return {name: el.textContent.trim(), left: b.left, right: b.right, top: b.top, bottom: b.bottom}; });
  return {style: s.outlineStyle, ring: {left: r.left - grow, right: r.right + grow, top: r.top - grow,
          bottom: r.bottom + grow}, controls};
}"""


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings: Any) -> None:
    # live_server finds static files by their plain names; the manifest's hashed names would 404.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.parametrize("size", SIZES)
def test_the_ring_round_a_new_code_covers_no_button(
    browser: Browser, live_server: Any, request: pytest.FixtureRequest, size: str
) -> None:
    clinic = Clinic.objects.create(name="Harbour Clinic", key="harbour")
    theo = member(clinic, "theo@example.com")
    invitation_create(membership=theo.care_memberships.get())  # an older code, with its own button below
    context = browser.new_context(**SIZES[size])  # type: ignore[arg-type]
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url, theo.email)
    page.goto(f"{live_server.url}/care/clients/")

    page.get_by_role("button", name="Make a new code").click()
    new_code = page.locator("#invitations .care-new")
    expect(new_code).to_be_focused()
    drawn = new_code.evaluate(_RING_AND_CONTROLS)
    ring = drawn["ring"]
    assert drawn["style"] == "solid"
    for control in drawn["controls"]:
        overlaps = (
            ring["left"] < control["right"]
            and control["left"] < ring["right"]
            and ring["top"] < control["bottom"]
            and control["top"] < ring["bottom"]
        )
        assert not overlaps, f"the ring {ring} covers {control}"

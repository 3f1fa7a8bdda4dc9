from __future__ import annotations

import pytest

from safety.checks import crisis_resources_past_review, quick_exit_url_is_a_web_address
from safety.models import CrisisResource

pytestmark = pytest.mark.django_db


def test_freshly_shipped_data_raises_no_warning(crisis_resources: None) -> None:
    assert crisis_resources_past_review() == []


def test_admins_are_warned_about_an_active_resource_past_its_review_date(crisis_resources: None) -> None:
    CrisisResource.objects.filter(key="gb-shout").update(review_due="2020-01-01")
    CrisisResource.objects.filter(key="ie-childline").update(review_due="2020-01-01")  # unverified: not shown anyway
    messages = crisis_resources_past_review()
    assert [m.id for m in messages] == ["safety.W001"]
    assert "Shout" in messages[0].msg
    assert "keeps showing" in (messages[0].hint or "")


def test_a_quick_exit_address_that_is_not_a_web_page_is_an_error(settings: object) -> None:
    assert quick_exit_url_is_a_web_address() == []
    settings.QUICK_EXIT_URL = "javascript:alert(1)"  # type: ignore[attr-defined]
    assert [m.id for m in quick_exit_url_is_a_web_address()] == ["safety.E001"]

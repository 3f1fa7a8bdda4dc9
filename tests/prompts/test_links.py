from __future__ import annotations

from django.urls import reverse

from prompts.links import help_url, url_for


def test_a_page_that_exists_is_linked_directly() -> None:
    assert url_for("safety:urge_timer") == reverse("safety:urge_timer")
    assert help_url() == reverse("safety:help")


def test_a_page_that_is_not_there_falls_back_to_the_safety_page() -> None:
    assert url_for("safety:not_built_yet") == reverse("safety:index")

"""The menu in base.html names its own links, so it never overwrites a page's variables.

A page's "Go to your journal" once opened the journal's list instead of the reflection just
finished, because the menu's `{% url … as journal_url %}` replaced the view's journal_url as the
whole page drew (the htmx fragment, without the menu, was right).
"""

from typing import Any

from django.template import engines
from django.test import RequestFactory

PAGE = (
    '{% extends "base.html" %}{% block content %}<p id="own">'
    "{{ home_url }}|{{ journal_url }}|{{ reflections_url }}|{{ safety_url }}|{{ settings_url }}"
    "</p>{% endblock %}"
)


def test_a_pages_own_links_survive_the_menu(alice: Any) -> None:
    request = RequestFactory().get("/reflections/")
    request.user = alice
    names = ["home_url", "journal_url", "reflections_url", "safety_url", "settings_url"]
    own = {name: f"/page-{name}/" for name in names}
    html = engines["django"].from_string(PAGE).render(own, request)
    assert 'href="/journal/"' in html  # the menu is drawn, for a signed-in person
    assert '<p id="own">' + "|".join(own[name] for name in names) + "</p>" in html

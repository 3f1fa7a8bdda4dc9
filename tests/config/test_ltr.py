"""`{{ number|ltr }}` (config/ltr.py): a number in its own left-to-right box, its text escaped."""

from __future__ import annotations

from django.template import Context, Template
from django.utils.safestring import mark_safe


def _render(value: object) -> str:
    return Template("{% load ltr %}{{ value|ltr }}").render(Context({"value": value}))


def test_a_number_is_kept_left_to_right() -> None:
    assert _render("+44 7700 900123") == '<bdi dir="ltr">+44 7700 900123</bdi>'


def test_what_someone_typed_is_escaped_once() -> None:
    shown = _render('1 <script>"x"</script> & 2')
    assert shown == '<bdi dir="ltr">1 &lt;script&gt;&quot;x&quot;&lt;/script&gt; &amp; 2</bdi>'
    assert _render(mark_safe("1&nbsp;2")) == '<bdi dir="ltr">1&nbsp;2</bdi>', "already safe text is not escaped again"


def test_no_number_shows_nothing() -> None:
    assert _render("") == "" and _render(None) == ""

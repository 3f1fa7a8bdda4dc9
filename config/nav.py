"""`{% current href %}`: tells assistive technology which menu link is where the person is."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def current(context: Any, href: str, section: str = "", exact: bool = False) -> SafeString:
    """aria-current="page" on the link to this very page; unless `exact`, "true" on the link to
    the section it is in (the prefix `section`, or the link itself when it names a folder)."""
    request = context.get("request")
    if request is None:
        return SafeString("")
    path: str = request.path
    if path == href:
        return format_html('aria-current="{}"', "page")
    if exact:
        return SafeString("")
    prefix = section or (href if href != "/" and href.endswith("/") else "")
    if prefix and path.startswith(prefix):
        return format_html('aria-current="{}"', "true")
    return SafeString("")

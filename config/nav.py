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


class _CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Any) -> str:
        context[self.name] = SafeString(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> _CaptureNode:
    """`{% capture name %}…{% endcapture %}`: render once, show as often as needed with `{{ name }}`.

    The menu is shown twice (a row on wide screens, behind "Menu" on a phone); rendering it once
    saves every page its links, slots and aria-current checks a second time.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Use {% capture name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return _CaptureNode(nodelist, bits[1])

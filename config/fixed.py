"""`{% fixed %}…{% endfixed %}` and `{% fixed_url %}`: parts of the layout that are the same for
everyone who reads a language, worked out once per process instead of on every page.

Every page's layout translates ~20 sentences and reverses ~14 links that never change while the
server runs (the notices waypoint.js shows, the menu's addresses). Each costs 20 to 50 µs, so
together they were about a tenth of an empty signed-in page's time.

`{% fixed %}` holds only what cannot differ between two people: plain HTML, `{% translate %}` and
`{% blocktranslate %}` of literal words, `{% url %}` without arguments, and comments. Anything
else (a variable, a person's words, a condition) is refused when the template is compiled, so
nothing of one request can ever be kept for another. What it keeps is keyed by the things that
change the output: the active language, the address the site is served under, and the URL
configuration. Tests that change settings start again from nothing. Other copies of rendered
HTML kept per process (the crisis strip, safety/strip.py) use the same key and are forgotten with these.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import Node, NodeList, Parser, TextNode, Token, TokenType
from django.template.defaulttags import CommentNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_WHERE = "config.fixed.where"

# Every copy this process keeps, so a settings change in a test forgets them all at once.
_kept: list[dict[tuple[Any, ...], Any]] = []


def kept_key(context: Any, *parts: Any) -> tuple[Any, ...]:
    """What HTML kept for later pages is keyed by: the language, the address the site is served
    under and the URL configuration (its links change with them), then `parts`, the caller's own."""
    # The address and URL configuration are the request's, looked up once per page (each lookup
    # is a context-local read of a few µs, and a page has ~20 of these tags). Kept in the render
    # context's first layer, which every included template shares ({% include %} keeps its
    # templates there too): the layer on top is each template's own, so an include in a loop (an
    # entry on the timeline) looked them up again every time. The language is read every time:
    # {% language %} can change it halfway through a page.
    page = context.render_context.dicts[0]
    where = page.get(_WHERE)
    if where is None:
        where = page[_WHERE] = (get_script_prefix(), get_urlconf())
    return (get_language(), *where, *parts)


def kept_copies[V]() -> dict[tuple[Any, ...], V]:
    """A new store of rendered copies, forgotten with this module's when a setting changes."""
    copies: dict[tuple[Any, ...], V] = {}
    _kept.append(copies)
    return copies


def _forget(**_: Any) -> None:
    for kept in _kept:
        kept.clear()


setting_changed.connect(_forget)


def _is_fixed(node: Node) -> bool:
    if isinstance(node, TextNode | CommentNode):
        return True
    if isinstance(node, TranslateNode):
        expression = node.filter_expression
        return (
            node.asvar is None
            and node.message_context is None
            and not expression.filters
            and getattr(expression.var, "literal", None) is not None
        )
    if isinstance(node, BlockTranslateNode):
        return (
            not node.extra_context
            and not node.plural
            and node.countervar is None
            and node.message_context is None
            and node.asvar is None
            and all(token.token_type == TokenType.TEXT for token in node.singular)
        )
    if isinstance(node, URLNode):
        return (
            not node.args
            and not node.kwargs
            and node.asvar is None
            and isinstance(node.view_name.var, str)
            and not node.view_name.filters
        )
    return False


class FixedNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self._rendered: dict[tuple[Any, ...], str] = {}
        _kept.append(self._rendered)

    def render(self, context: Any) -> SafeString:
        key = kept_key(context)
        found = self._rendered.get(key)
        if found is None:
            found = self._rendered[key] = self.nodelist.render(context)
        return mark_safe(found)  # noqa: S308 - the template's own HTML, checked when compiled


@register.tag
def fixed(parser: Parser, token: Token) -> FixedNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% fixed %} takes no arguments.")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    for node in nodelist:
        if not _is_fixed(node):
            raise template.TemplateSyntaxError(
                "{% fixed %} holds only HTML, translations of literal words and {% url %} without "
                f"arguments, the same for everyone; not {node!r}."
            )
    return FixedNode(nodelist)


_urls: dict[tuple[Any, ...], str] = {}
_kept.append(_urls)


@register.simple_tag(takes_context=True)
def fixed_url(context: Any, view_name: str) -> str:
    """`{% url %}` for a page whose address has no arguments, reversed once per process."""
    key = kept_key(context, view_name)
    found = _urls.get(key)
    if found is None:
        found = _urls[key] = reverse(view_name)
    return found

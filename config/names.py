"""Names in a sentence: a list of them in the reader's language, and one full stop after them.

`{{ names|names_list }}`: "Sam, Jo and דוד כהן" with "and" and the comma from the active language,
each name escaped in its own <bdi> (one <bdi> around them all took its direction from the first
name, so a name written right to left lost its place in the list). `names_joined` is the same list
as plain text, for a message built in Python.

`{% filter stop_once %}…{% endfilter %}` around a sentence that may end with a name: a therapist
shown as "Theo P." made "Your clients will see you as Theo P..". The name keeps its own stop; the
sentence's is left out, wherever a translation puts the name. `stop_once` does the same for a
sentence built in Python with the names it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext

register = template.Library()


def names_joined(names: Iterable[str]) -> str:
    """ "Sam, Jo and Ana" as plain text, in the active language."""
    # Translators: the word before the last of a list of names ("Sam, Jo and Ana").
    return str(get_text_list([str(name) for name in names], gettext("and")))


@register.filter(is_safe=True)
def names_list(names: Iterable[str]) -> SafeString:
    """The names as one list for a page, each escaped in its own <bdi>."""
    isolated = [format_html("<bdi>{}</bdi>", name) for name in names]
    # Each name is escaped above; the words between them are the translations' own.
    return mark_safe(names_joined(isolated))  # noqa: S308


# A name ending in a full stop, in its <bdi>, with the sentence's own full stop just after it.
_TWO_STOPS = re.compile(r"\.</bdi>\.(?!\.)")


@register.filter(is_safe=True)
def stop_once(sentence: str) -> SafeString:
    """The sentence, rendered, with one full stop after a name that ends in one."""
    # {% filter %} hands over the rendered, escaped sentence; anything else is escaped first.
    return mark_safe(_TWO_STOPS.sub(".</bdi>", conditional_escape(sentence)))  # noqa: S308


def stop_once_text(sentence: object, *names: str) -> str:
    """A plain-text sentence holding these names, with one full stop after a name ending in one."""
    sentence = str(sentence)
    for name in names:
        if name.endswith("."):
            sentence = sentence.replace(f"{name}.", name)
    return sentence

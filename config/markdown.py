"""A person's own words placed in a Markdown file (the safety plan's download, an export), so that
a Markdown reader shows them as written rather than as formatting.

Only what a CommonMark reader would take as formatting is escaped, and only where it would: the
files are read in plain text editors too, where every backslash shows. "#1 reason" or "- my
sister" at the start of a line, *stars*, `backticks`, <tags> and the like; commas, full stops,
a "3.5" or an underscore inside a word stay as they are.
"""

from __future__ import annotations

import re

# Inline, anywhere in a line. A backslash only before punctuation or at the end of a line, the
# two places a reader acts on it; "_" only where it is not inside a word (a_b is never emphasis);
# "<" only where it could open a tag or an autolink; "[" only before "](", "][" or "]:" (a link);
# "&" only before something that reads as an entity; "~" only doubled (strikethrough, a fence).
_INLINE = re.compile(
    r"""\\(?=[!-/:-@\[-`{-~]|$)
    | [*`]
    | (?<![^\W_])_ | _(?![^\W_])
    | <(?=[A-Za-z/!?])
    | \[(?=[^\]]*\][(\[:])
    | &(?=\#?\w+;)
    | ~(?=~) | (?<=~)~
    """,
    re.VERBOSE,
)
# At the start of a line (after up to three spaces): a heading, a quote, a list item, a rule or
# a heading's underline. Each gets one backslash before the character that starts it.
_LINE_START = re.compile(
    r"""^(?P<indent>\ {0,3})(?:
        (?P<mark>[#>])
      | (?P<bullet>[-+=])(?=[\s\-+=]|$)
      | (?P<number>\d{1,9})(?P<dot>[.)])(?=\s|$)
    )""",
    re.VERBOSE,
)


def _line_start(match: re.Match[str]) -> str:
    if match["number"]:
        return f"{match['indent']}{match['number']}\\{match['dot']}"
    return f"{match['indent']}\\{match['mark'] or match['bullet']}"


def markdown_escape(text: str) -> str:
    """The text, escaped so a Markdown reader shows it as written; ordinary sentences unchanged."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_LINE_START.sub(_line_start, _INLINE.sub(r"\\\g<0>", line), count=1) for line in lines)

"""A link that calls a number ("call 999" in the panel after a save) reads as one link on a phone.

On a phone, a link standing alone is a flex box (a 44 px target). "call <bdi dir="ltr">999</bdi>"
then became two flex items, "call" and "999", each with its own underline and a gap between: two
links, to the eye, at the moment someone may need one. Such a link stays an inline block instead, so
its words and number are one line of text under one underline; the number keeps its own <bdi dir="ltr">.
"""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "waypoint.css"
PHONE = "@media screen and (max-width: 40rem)"
NUMBER_LINK = 'a[href]:has(> bdi[dir="ltr"])'


def _phone_rules() -> list[tuple[list[str], str]]:
    """(selectors, declarations) of each rule inside the phone media blocks."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    rules: list[tuple[list[str], str]] = []
    for start in (match.end() for match in re.finditer(re.escape(PHONE) + r"\s*\{", css)):
        depth, end = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        for prelude, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css[start : end - 1]):
            rules.append(([" ".join(part.split()) for part in prelude.split(",")], body))
    return rules


def _specificity(selector: str) -> tuple[int, int, int]:
    """Enough of CSS specificity for our selectors: :has() counts as its argument."""
    inner = re.findall(r":has\(([^()]*)\)", selector)
    rest = re.sub(r":has\([^()]*\)", "", selector)
    ids = rest.count("#")
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+", rest))
    elements = len(re.findall(r"(?:^|[\s>+~])([a-z][\w-]*)", rest))
    totals = [ids, classes, elements]
    for argument in inner:
        totals = [a + b for a, b in zip(totals, _specificity(argument), strict=True)]
    return (totals[0], totals[1], totals[2])


def test_a_link_with_a_number_in_it_is_one_inline_block_on_a_phone_not_two_flex_items() -> None:
    rules = _phone_rules()
    flex = [selectors for selectors, body in rules if re.search(r"display:\s*inline-flex", body)]
    assert flex, "a phone makes lone links flex boxes"
    number = [body for selectors, body in rules if NUMBER_LINK in selectors]
    assert number and re.search(r"display:\s*inline-block", number[-1]), "a number's link is an inline block"
    # It wins over every rule that makes a link a flex box there, whatever their order.
    ours = _specificity(NUMBER_LINK)
    for selectors in flex:
        for selector in selectors:
            if re.search(r"(^|[\s>])a\b", selector):
                assert ours > _specificity(selector), selector


def test_the_specificity_helper_counts_as_a_browser_does() -> None:
    assert _specificity("main li > a:only-child") == (0, 1, 3)
    assert _specificity(".help > a:only-child") == (0, 2, 1)
    assert _specificity(NUMBER_LINK) == (0, 2, 2)

"""Languages spoken mainly in one country: a browser that asks only for "ja" is almost surely in Japan.

A bare language names no place, so it is only a guess, and most of the languages Waypoint ships
lines for are spoken in many countries ("en", "fr", "es", "pt", "de", "nl", "ar"): those stay
unsure, and the default country's lines say whose they are. A language on this list is spoken
almost only in its own country, so a browser asking for it first is told, as "ja-JP" is, that
Waypoint has no lines there yet and where to find one, before the default country's numbers
(a person in Japan reading 988 would reach nobody). Someone abroad who reads that language loses
nothing: the default's lines are still shown, named with their country.

Only languages with more than nine in ten of their speakers in one country are listed. Not listed,
on purpose: ko (both Koreas), ro (Moldova), hu (Romania, Slovakia, Serbia), hr (Bosnia and
Herzegovina), hy (a diaspora larger than Armenia), mn (China), lo (north-east Thailand), fa (Iran
and Afghanistan), ms (Malaysia, Brunei, Singapore), and every language of the countries Waypoint has
lines for: a guess from a language alone never picks a country's numbers.
"""

from __future__ import annotations

SPOKEN_MAINLY_IN: dict[str, str] = {
    "bg": "BG",
    "cs": "CZ",
    "da": "DK",
    "el": "GR",
    "et": "EE",
    "fi": "FI",
    "fil": "PH",
    "he": "IL",
    "id": "ID",
    "is": "IS",
    "it": "IT",
    "ja": "JP",
    "ka": "GE",
    "km": "KH",
    "lt": "LT",
    "lv": "LV",
    "mt": "MT",
    "my": "MM",
    "nb": "NO",
    "nn": "NO",
    "no": "NO",
    "pl": "PL",
    "si": "LK",
    "sk": "SK",
    "sl": "SI",
    "sv": "SE",
    "th": "TH",
    "tl": "PH",
    "tr": "TR",
    "uk": "UA",
    "vi": "VN",
}

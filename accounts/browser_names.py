"""A browser's name a person can read ("Firefox on Android") from the string it sends about itself.

The sessions page asks people to look for a place they don't recognise; a raw user agent
("Mozilla/5.0 (Linux; Android 14; …) AppleWebKit/537.36 …") hides the two things they know:
which browser, on which device. Anything not matched here is shown as sent.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# First match wins: Edge, Opera and Samsung's browser also say "Chrome", and Chrome says "Safari".
_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


def _first(user_agent: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for marker, name in table if marker in user_agent), None)


def browser_name(user_agent: str) -> str:
    browser, system = _first(user_agent, _BROWSERS), _first(user_agent, _SYSTEMS)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or user_agent

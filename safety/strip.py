"""The crisis strip at the top of every page, rendered once per process for what it depends on.

The strip shows the same lines to everyone in a region: it depends on the region's resources
(site-wide data, read once per process and read again when it changes), whether the region was
guessed, whether its lines are named with their country, the clinic's quick-exit address, how
lines added in the admin are marked, the language, and whether the page leaves out the plan's link
(`strip_without_plan`, set by pages for visitors who have no plan to open), and, for its links, the
address the site is served under. Nothing a person wrote is in it, so each process keeps the HTML it
rendered and serves it again while those are the same: keyed as `{% fixed %}` keys what it keeps
(config/fixed.py), and forgotten with those copies when a setting changes.
Rendering it cost every page about a millisecond, a tenth of a signed-in page.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import LazyObject, empty
from django.utils.safestring import SafeString

from config.fixed import kept_copies, kept_key
from config.slots import render_included

TEMPLATE = "safety/_strip.html"
# Languages x addresses the site is served under x regions x (guessed or not) x (the browser's
# country has no lines or not) x (the lines named with their country or not) x quick-exit addresses
# x (with the plan or not): a few hundred at most. The bound only keeps a flood of odd requests from growing a process.
_MAX_KEPT = 512

# key -> (the resources it was rendered from, the HTML)
_kept: dict[tuple[object, ...], tuple[object, SafeString]] = kept_copies()


def help_strip(context: Any) -> SafeString:
    resources = context.get("crisis_strip")
    if resources is None:
        return render_included(context, TEMPLATE)
    resources = _unwrapped(resources)
    if getattr(resources, "fallback", False):
        return render_included(context, TEMPLATE)  # a database error's stand-in is never kept
    key = kept_key(
        context,
        str(getattr(resources, "region", "")),
        bool(context.get("crisis_region_guessed")),
        bool(context.get("crisis_no_lines_for")),
        bool(context.get("crisis_lines_elsewhere")),
        str(context.get("QUICK_EXIT_URL") or ""),
        bool(context.get("strip_without_plan")),
        str(context.get("ADDED_HERE_LABEL") or ""),
    )
    found = _kept.get(key)
    # The same resources object means the same site-wide data: a change makes a new one.
    if found is not None and found[0] is resources:
        return found[1]
    html = render_included(context, TEMPLATE)
    if len(_kept) >= _MAX_KEPT:
        _kept.clear()
    _kept[key] = (resources, html)
    return html


def _unwrapped(value: Any) -> Any:
    # The context processor hands over lazy objects; the identity check needs what they stand for.
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value

"""A merge left half done ships its <<<<<<< marks as page text, with both versions of the lines
between them (the link-made page showed two end dates that way), and a test that looks for one
sentence on the page still passes. Every shipped file is looked at, not only the pages tested."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (
    "templates",
    "static",
    "locale",
    "config",
    "accounts",
    "journal",
    "safety",
    "prompts",
    "backups",
    "care",
    "supporters",
    "sharing",
    "progress",
)
MARK = re.compile(r"^(<{7}|>{7})( |$)|^={7}$", re.MULTILINE)


def test_no_shipped_file_holds_a_merges_marks() -> None:
    marked = []
    for top in SHIPPED:
        for path in (ROOT / top).rglob("*"):
            if not path.is_file() or path.suffix in {".mo", ".png", ".ico", ".woff2", ".webp", ".svg", ".gz"}:
                continue
            text = path.read_text(encoding="utf-8", errors="ignore")
            if MARK.search(text):
                marked.append(str(path.relative_to(ROOT)))
    assert not marked, f"merge marks left in {marked}"

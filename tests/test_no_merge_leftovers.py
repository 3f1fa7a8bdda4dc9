"""No file that ships holds the lines a merge leaves when two changes met (<<<<<<<, =======, >>>>>>>).

A template with them shows them to a person, with both versions of the text under each other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "accounts backups care config docs journal locale progress prompts safety sharing static supporters templates"
MARKER = re.compile(r"^(<{7}|>{7}|={7})( |$)", re.MULTILINE)


def test_no_shipped_file_has_merge_leftovers() -> None:
    texts = {".html", ".py", ".js", ".css", ".po", ".md", ".txt", ".json"}
    found = [
        str(path.relative_to(ROOT))
        for top in SHIPPED.split()
        for path in (ROOT / top).rglob("*")
        if path.suffix in texts and path.is_file() and MARKER.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []

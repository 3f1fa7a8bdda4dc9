"""Every setting the code reads from the environment is in the README's table, so a clinic can find it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "accounts", "journal", "safety", "prompts", "backups", "care", "progress", "supporters")
_READS = re.compile(r"""env_(?:str|bool|int|list|secret|choice)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
_PG_TOOLS = re.compile(r"\bpg_tool\(\s*[\"']([a-z_]+)[\"']")


def _names_the_code_reads() -> set[str]:
    names: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            names.update(_READS.findall(text))
            names.update(tool.upper() for tool in _PG_TOOLS.findall(text))
    return names


def _names_in_the_readme_table() -> set[str]:
    rows = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_environment_setting_the_code_reads_is_in_the_readme_table() -> None:
    read = _names_the_code_reads()
    assert {"SECRET_KEY", "DATABASE_URL", "PG_DUMP"} <= read  # the scan itself still finds settings
    missing = sorted(read - _names_in_the_readme_table())
    assert missing == [], f"Add these to README.md's configuration table: {missing}"


def test_the_readme_names_the_port_and_the_manage_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run PORT=" in readme
    assert 'make manage ARGS="createsuperuser"' in readme

"""The crisis resources shipped in safety/data/crisis_resources.yaml, read without the database.

The loader copies them into the database; the strip falls back to them when the database is down.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "crisis_resources.yaml"


@cache
def shipped_data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def shipped_resources() -> list[dict[str, Any]]:
    return list(shipped_data()["resources"])


def shipped_directory() -> list[dict[str, str]]:
    return list(shipped_data()["directory"])


def shipped_regions() -> set[str]:
    return {resource["country"] for resource in shipped_resources()}


PEER_SUPPORT_FILE = Path(__file__).resolve().parent / "data" / "peer_support.yaml"


@cache
def shipped_peer_support() -> list[dict[str, Any]]:
    """The peer-support entries shipped in safety/data/peer_support.yaml."""
    with PEER_SUPPORT_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return list(data["entries"])

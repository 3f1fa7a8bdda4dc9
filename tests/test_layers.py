"""The apps depend one way, so each can be read and changed without the ones above it.

From the ground up: config → accounts → journal → safety → prompts → backups → sharing → care and its
neighbours (progress, supporters), which stand side by side and use none of each other. The URL
configuration and its error handlers sit on top and may use everything. Nothing lower imports
(at module level or inside a function), includes or extends a template of, or loads template
tags of anything higher; where a lower app needs something from above, it offers a hook (a
registry, a signal or a template slot) that the higher app fills in its AppConfig.ready.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.backends.django import get_installed_libraries

ROOT = Path(__file__).resolve().parent.parent
# Each level may use the levels below it; apps on one level are neighbours and use none of each other.
LEVELS = [
    ["config"],
    ["accounts"],
    ["journal"],
    ["safety"],
    ["prompts"],
    ["backups"],
    ["sharing"],
    ["care", "progress", "supporters"],
]
LAYERS = [app for level in LEVELS for app in level]
TOP = "top"
# The URL configuration and the error handlers it names sit above every app.
TOP_FILES = {"config/urls.py", "config/errors.py"}
# Folders of templates/ that are not named for an app: allauth's pages belong with the accounts,
# the error pages with the error handlers that render them.
TEMPLATE_FOLDERS = {"allauth": "accounts", "account": "accounts", "mfa": "accounts", "usersessions": "accounts"}
TEMPLATE_FOLDERS |= {"errors": TOP}

# Each arrow allowed against the direction above, and why. Keep it short.
ALLOWED: dict[str, str] = {
    # The keyring is the one place crypto lives, so every app that keeps someone's words uses it
    # rather than a copy; it sits in journal only until it gets an app of its own below accounts.
    "journal.keyring": "the keyring is usable by every app",
}


@dataclass(frozen=True)
class Arrow:
    source: str  # file, relative to the project
    line: int
    target: str  # the module, template or tag library used

    def __str__(self) -> str:
        return f"{self.source}:{self.line} uses {self.target}"


def _rank(app: str) -> int:
    return len(LEVELS) if app == TOP else next(i for i, level in enumerate(LEVELS) if app in level)


def _against(owner: str, target: str) -> bool:
    """Whether owner using target points up the layers, or sideways to a neighbour."""
    return _rank(target) > _rank(owner) or (target != owner and _rank(target) == _rank(owner) and owner != TOP)


def _owner_of_file(relative: str) -> str | None:
    if relative in TOP_FILES:
        return TOP
    first = relative.split("/", 1)[0]
    return first if first in LAYERS else None


def _python_files() -> list[Path]:
    return sorted(path for app in LAYERS for path in (ROOT / app).rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module this file imports, wherever the import statement sits."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # "from journal import keyring" names the module journal.keyring.
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


_TEMPLATE_NAME = re.compile(r"^[\w/.-]+\.(?:html|txt)(?:#[\w-]+)?$")


def _templates_named(path: Path) -> list[tuple[int, str]]:
    """Template names a module renders or hands on, e.g. render(request, "care/person.html")."""
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        (node.lineno, node.value.split("#", 1)[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _TEMPLATE_NAME.match(node.value)
    ]


def _app_of_module(module: str) -> str | None:
    first = module.split(".", 1)[0]
    if module in {"config.urls", "config.errors"} or module.startswith(("config.urls.", "config.errors.")):
        return TOP
    return first if first in LAYERS else None


def _allowed(module: str) -> bool:
    return any(module == allowed or module.startswith(f"{allowed}.") for allowed in ALLOWED)


def python_arrows_against_layers() -> list[Arrow]:
    arrows = []
    for path in _python_files():
        relative = path.relative_to(ROOT).as_posix()
        owner = _owner_of_file(relative)
        assert owner is not None
        for line, module in _imports(path):
            target = _app_of_module(module)
            if target is not None and _against(owner, target) and not _allowed(module):
                arrows.append(Arrow(relative, line, module))
        for line, name in _templates_named(path):
            target = _app_of_template(name)
            if target is not None and _against(owner, target):
                arrows.append(Arrow(relative, line, name))
    return arrows


_INCLUDE = re.compile(r"""\{%-?\s*(?:include|extends)\s+["']([^"']+)["']""")
_LOAD = re.compile(r"\{%-?\s*load\s+(.+?)\s*-?%\}")


def _template_roots() -> list[tuple[Path, str | None]]:
    """Where templates live, each with the app owning every template in it (None: by folder)."""
    roots: list[tuple[Path, str | None]] = [(ROOT / "templates", None)]
    roots += [(ROOT / app / "templates", app) for app in LAYERS if (ROOT / app / "templates").is_dir()]
    return roots


def _app_of_template(name: str) -> str | None:
    """The app whose folder holds a template name; None for Django's and allauth's own."""
    if "/" not in name:
        return "config"  # base.html and the shared field: every page stands on them
    first = name.split("/", 1)[0]
    if first in LAYERS:
        return first
    return TEMPLATE_FOLDERS.get(first)


def _tag_libraries() -> dict[str, str]:
    """Each tag library name, with the app that defines it; Django's and allauth's are left out."""
    libraries = dict(get_installed_libraries())
    engines: list[dict[str, Any]] = settings.TEMPLATES
    for engine in engines:
        libraries |= engine.get("OPTIONS", {}).get("libraries", {})
    return {name: app for name, module in libraries.items() if (app := _app_of_module(module)) is not None}


def _loaded_libraries(arguments: str) -> list[str]:
    words = arguments.split()
    # "{% load tag from library %}" loads from the last word.
    return [words[-1]] if "from" in words else words


def template_arrows_against_layers() -> list[Arrow]:
    libraries = _tag_libraries()
    arrows = []
    for root, root_owner in _template_roots():
        for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
            name = path.relative_to(root).as_posix()
            owner = root_owner or _app_of_template(name)
            if owner is None:
                continue
            relative = path.relative_to(ROOT).as_posix()
            for number, text in enumerate(path.read_text().splitlines(), start=1):
                used = [(included, _app_of_template(included)) for included in _INCLUDE.findall(text)]
                for arguments in _LOAD.findall(text):
                    used += [(f"{{% load {lib} %}}", libraries.get(lib)) for lib in _loaded_libraries(arguments)]
                for target_name, target in used:
                    if target is not None and _against(owner, target):
                        arrows.append(Arrow(relative, number, target_name))
    return arrows


def test_no_app_imports_an_app_above_it() -> None:
    arrows = python_arrows_against_layers()
    assert not arrows, "Imports against the layers:\n" + "\n".join(map(str, arrows))


def test_no_template_includes_or_loads_tags_from_an_app_above_it() -> None:
    arrows = template_arrows_against_layers()
    assert not arrows, "Templates against the layers:\n" + "\n".join(map(str, arrows))


def test_every_allowance_says_why() -> None:
    assert all(reason.strip() for reason in ALLOWED.values())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from care.policy import policy_for\n", ["care.policy.policy_for"]),
        ("def f():\n    import care.models\n", ["care.models"]),
        ("from . import sibling\n", []),
    ],
)
def test_it_reads_imports_inside_functions_too(tmp_path: Path, source: str, expected: list[str]) -> None:
    # The check itself could go blind; these are the shapes it must keep seeing.
    path = tmp_path / "example.py"
    path.write_text(source)
    assert [module for _line, module in _imports(path)] == expected


def test_it_sees_template_names_in_python_but_not_in_docstrings(tmp_path: Path) -> None:
    path = tmp_path / "example.py"
    path.write_text('"""Renders "care/doc.html"."""\nrender(request, "care/person.html#list")\n')
    assert _templates_named(path) == [(2, "care/person.html")]


def test_it_maps_templates_and_tags_to_their_app() -> None:
    assert _app_of_template("care/_nav.html") == "care"
    assert _app_of_template("base.html") == "config"
    assert _app_of_template("errors/500.html") == TOP
    assert _app_of_template("admin/base_site.html") is None
    assert _tag_libraries()["care"] == "care"


def test_neighbours_on_one_level_use_none_of_each_other() -> None:
    # care and progress stand side by side: each may use what is below, neither the other.
    assert _against("progress", "care") and _against("care", "progress")
    assert not _against("progress", "prompts") and _against("prompts", "progress")
    assert not _against("progress", "progress") and not _against(TOP, "progress")
    # supporters (the guide for family and friends) is their neighbour too.
    assert _against("supporters", "care") and _against("supporters", "progress") and _against("care", "supporters")
    assert not _against("supporters", "safety") and _against("safety", "supporters")

"""The layout the README's module map promises: passes in one direction, no private
names of other packages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import deckgen

PACKAGE = Path(deckgen.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in a file, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("deckgen", *path.relative_to(PACKAGE).parent.parts))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_names_of_other_packages(path):
    for module, names in imports(path):
        if module.startswith("deckgen") or module == "__future__":
            continue
        assert not any(part.startswith("_") for part in module.split(".")), module
        assert not [name for name in names if name.startswith("_")], (module, names)
    source = path.read_text(encoding="utf-8")
    for other in ("zipfile", "genanki", "markdown_it", "mdit_py_plugins", "pygments", "nh3"):
        assert f"{other}._" not in source, other


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


# What each pass may import of deckgen: read -> parse -> render -> export.
ALLOWED = {
    "parse": {"parse", "model", "errors", "markdown", "workers"},
    "render": {"render", "model", "markdown", "identity", "cache", "workers"},
    "export": {
        "export",
        "model",
        "errors",
        "files",
        "identity",
        "anki",
        "workers",
        "api",
        "changes",
    },
    "ankisync": {"ankisync", "model", "errors", "anki", "changes", "files"},
    "changes": {"changes", "anki", "model"},
    "anki": {"anki", "model"},
    "identity": {"model"},
    "model": set(),
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_passes_import_only_what_comes_before_them(path):
    own = layer(".".join(("deckgen", *path.relative_to(PACKAGE).with_suffix("").parts)))
    if own not in ALLOWED:
        return
    for module, _ in imports(path):
        if module.startswith("deckgen."):
            assert layer(module) in ALLOWED[own] | {own}, f"{own} imports {module}"

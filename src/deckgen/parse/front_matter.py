"""YAML front matter: a ``---`` block at the very top of a file.

---
deck: Python::Basics
tags: [python, basics]
reverse: true
---
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Problem, SourcePos

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
KEYS = ("deck", "tags", "reverse")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    deck: str = ""
    tags: tuple[str, ...] = ()
    reverse: bool = False


def split(text: str, path: str) -> tuple[FrontMatter, str, list[Problem]]:
    """The front matter, the text with the block blanked (line numbers kept), problems."""
    match = _BLOCK.match(text)
    if not match:
        return FrontMatter(), text, []
    import yaml

    block = match.group(0)
    rest = "\n" * block.count("\n") + text[match.end() :]
    pos = SourcePos(path, 1)
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = SourcePos(path, mark.line + 2) if mark else pos
        return FrontMatter(), rest, [Problem(line, f"front matter is not valid YAML: {err}")]
    if not isinstance(data, dict):
        return FrontMatter(), rest, [Problem(pos, "front matter must be `key: value` lines")]
    problems = [
        Problem(pos, f"unknown front matter key {key!r} (known: {', '.join(KEYS)})", "warning")
        for key in data
        if key not in KEYS
    ]
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = tags.replace(",", " ").split()
    if not isinstance(tags, list):
        problems.append(Problem(pos, "front matter `tags` must be a list or a string"))
        tags = []
    reverse = data.get("reverse", False)
    if not isinstance(reverse, bool):
        problems.append(Problem(pos, "front matter `reverse` must be true or false"))
        reverse = False
    deck = data.get("deck") or ""
    return FrontMatter(str(deck), tuple(str(t) for t in tags), reverse), rest, problems

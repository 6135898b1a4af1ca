"""YAML front matter: a ``---`` block at the very top of a file.

---
deck: Python::Basics
tags: [python, basics]
reverse: true
---
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..model import Problem, SourcePos

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
KEYS = ("deck", "tags", "reverse", "dialect", "sections")
# Keys other tools write in a page's front matter (Obsidian, Jekyll, Hugo...): not
# deckgen's, and no mistake either: no warning.
OTHER_TOOLS = frozenset(
    {"title", "description", "author", "authors", "date", "created", "updated", "modified"}
    | {"aliases", "alias", "categories", "category", "layout", "draft", "lang", "language"}
    | {"source", "subject", "course", "summary", "slug", "id", "permalink", "cssclass"}
    | {"cssclasses", "publish", "status", "weight", "keywords", "toc", "type", "template"}
)
SECTIONS = ("decks", "tags")  # what the headings between the deck and a card become


@dataclass(frozen=True, slots=True)
class FileOptions:
    """Options for a file, from its front matter or the project's config; None: not set."""

    deck: str | None = None
    tags: tuple[str, ...] = ()
    reverse: bool | None = None
    dialect: str | None = None
    sections: str | None = None  # "decks" (sub-decks, the default) or "tags"
    title: str | None = None  # a page's own "title:" (Obsidian's, Jekyll's): its deck's name

    def over(self, fallback: FileOptions) -> FileOptions:
        """These options, falling back to ``fallback`` where unset; tags add up."""
        return FileOptions(
            deck=self.deck if self.deck is not None else fallback.deck,
            tags=tuple(dict.fromkeys([*fallback.tags, *self.tags])),
            reverse=self.reverse if self.reverse is not None else fallback.reverse,
            dialect=self.dialect if self.dialect is not None else fallback.dialect,
            sections=self.sections if self.sections is not None else fallback.sections,
        )


def options(data: dict, pos: SourcePos, what: str) -> tuple[FileOptions, list[Problem]]:
    """Check ``key: value`` settings (front matter or project config)."""
    shared = what == "front matter"  # every tool that reads the page reads it too
    ignored = OTHER_TOOLS if shared else frozenset()
    unknown = [key for key in data if key not in KEYS and key not in ignored]
    # In a page's front matter, a key deckgen does not know is most often another tool's
    # ("sr-due", "nav_order"): said with -v. One that looks like deckgen's is a typo.
    meant = {key: _meant(str(key)) for key in unknown}
    if shared:  # another tool's key ("sessions: [s1]") holds what deckgen's could not
        meant = {key: m if m and _could_be(m, data[key]) else None for key, m in meant.items()}
    typos = [key for key in unknown if meant[key] or not shared]
    problems = [
        Problem(pos, f"unknown {what} key {key!r} ({_hint(meant[key])})", "warning")
        for key in typos[:5]
    ]
    if len(typos) > 5:  # one warning for the rest: a huge block must not flood the output
        more = f"{len(typos) - 5} more unknown {what} keys"
        problems.append(Problem(pos, more, "warning"))
    for key in unknown:  # cards another app keeps in the front matter: said, not lost
        if held := _held_cards(data[key]):
            message = (
                f"front matter key {key!r} holds {held} cards, which deckgen does not read "
                "there; write them in the page to build them"
            )
            problems.append(Problem(pos, message, "warning"))
            typos.append(key)
    others = [str(key) for key in unknown if key not in typos]
    if others:
        names = ", ".join(repr(key) for key in others[:5])
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        message = f"front matter keys deckgen does not use, left to other tools: {names}{more}"
        problems.append(Problem(pos, message, "info"))
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = tags.replace(",", " ").split()
    if not isinstance(tags, list):
        problems.append(Problem(pos, f"{what} `tags` must be a list or a string"))
        tags = []
    reverse = data.get("reverse")
    if reverse is not None and not isinstance(reverse, bool):
        problems.append(Problem(pos, f"{what} `reverse` must be true or false"))
        reverse = None
    deck, dialect, sections = data.get("deck"), data.get("dialect"), data.get("sections")
    if sections is not None and sections not in SECTIONS:
        problems.append(Problem(pos, f"{what} `sections` must be one of: {', '.join(SECTIONS)}"))
        sections = None
    found = FileOptions(
        deck=str(deck) if deck not in (None, "") else None,
        tags=tuple(str(t) for t in tags),
        reverse=reverse,
        dialect=str(dialect) if dialect else None,
        sections=sections,
    )
    return found, problems


def _held_cards(value: object) -> int:
    """How many items of a front matter list are cards: each with a question and an
    answer key ("front" and "back", "q" and "a"...)."""
    from .labels import is_table_header

    if not isinstance(value, list):
        return 0
    return sum(
        1
        for item in value
        if isinstance(item, dict)
        and any(is_table_header(a, b) for a in item for b in item if isinstance(a, str) and a != b)
    )


def _meant(key: str) -> str | None:
    """The key of deckgen's that ``key`` looks like a slip of ("Deck", "decks", "tag")."""
    import difflib

    close = difflib.get_close_matches(key.lower().strip(), KEYS, n=1, cutoff=0.75)
    return close[0] if close else None


def _could_be(key: str, value: object) -> bool:
    """Whether ``value`` is one deckgen's ``key`` takes (or none at all): "sections: tags"
    may be a slip of "sections"; "sessions: [s1]" is no value of it."""
    if value is None:
        return True
    if key == "reverse":
        return isinstance(value, bool)
    if key == "sections":
        return value in SECTIONS
    if key == "tags":
        return isinstance(value, (str, list))
    return not isinstance(value, (list, dict))  # deck, dialect: any scalar ("deck: 2024")


def _hint(meant: str | None) -> str:
    return f"did you mean {meant!r}?" if meant else f"known: {', '.join(KEYS)}"


def split(text: str, path: str) -> tuple[FileOptions, str, list[Problem]]:
    """The front matter, the text with the block blanked (line numbers kept), problems."""
    match = _BLOCK.match(text)
    if not match:
        return FileOptions(), text, []
    import yaml

    block = match.group(0)
    rest = "\n" * block.count("\n") + text[match.end() :]
    pos = SourcePos(path, 1)
    try:
        # Aliases ("*a") can make a few hundred bytes expand into gigabytes: refused
        # while the block is only read as events, before anything is built from it.
        for event in yaml.parse(match.group(1) or "", Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                where = SourcePos(path, mark.line + 2)
                message = "front matter uses a YAML alias (*name): write the value out instead"
                return FileOptions(), rest, [Problem(where, message)]
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = SourcePos(path, mark.line + 2) if mark else pos
        return FileOptions(), rest, [Problem(line, f"front matter is not valid YAML: {err}")]
    if not isinstance(data, dict):
        return FileOptions(), rest, [Problem(pos, "front matter must be `key: value` lines")]
    found, problems = options(data, pos, "front matter")
    title = data.get("title")
    if isinstance(title, str | int | float) and str(title).strip():
        found = dataclasses.replace(found, title=str(title).strip())
    return found, rest, problems

"""Markdown in, a :class:`~deckgen.model.Deck` out.

Each input dialect is a module with a ``parse(text, path)`` function returning the
cards, the deck name the page gives (or "") and the problems it found. What is
common to every dialect (reading the file, front matter, tags, identity checks)
happens here.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..errors import InputError, ParseError
from ..identity import duplicate_problems
from ..model import Card, Deck, Problem, SourcePos
from . import front_matter, sections

EXAMPLE = '"**Q:** question" followed by "**A:** answer"'
SOURCE_TAG_PREFIX = "source::"


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a byte-order mark is allowed), with ``\\n`` line ends."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", SourcePos(str(path), 1)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at column {column}); "
            "save the file as UTF-8",
            SourcePos(str(path), line),
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_tag(tag: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"\s+", "_", tag.strip())


def source_tag(path: str) -> str:
    """The tag every card of a file carries, naming the file."""
    return clean_tag(SOURCE_TAG_PREFIX + Path(path).name)


def parse_text(text: str, path: str = "<text>", deck_name: str | None = None) -> Deck:
    """Parse markdown text. Raises ParseError listing every error found."""
    meta, text, problems = front_matter.split(text, path)
    cards, page_deck_name, found = sections.parse(text, path)
    problems += found
    name = deck_name or meta.deck or page_deck_name or Path(path).stem
    file_tags = [*meta.tags, source_tag(path)]
    cards = [_with_file_options(card, file_tags, meta.reverse) for card in cards]
    problems += duplicate_problems(name, cards)
    errors = [p for p in problems if p.severity == "error"]
    if not cards and not errors:
        errors.append(Problem(SourcePos(path, 1), f"no cards found; a card looks like {EXAMPLE}"))
    if errors:
        raise ParseError(sorted(errors, key=_line))
    warnings = tuple(sorted((p for p in problems if p.severity == "warning"), key=_line))
    return Deck(name=name, cards=tuple(cards), source=path, warnings=warnings)


def _line(problem: Problem) -> int:
    return problem.pos.line if problem.pos else 0


def _with_file_options(card: Card, file_tags: list[str], reverse: bool) -> Card:
    tags = tuple(dict.fromkeys(clean_tag(t) for t in [*file_tags, *card.tags] if t.strip()))
    return dataclasses.replace(card, tags=tags, reverse=card.reverse or reverse)


def parse_file(path: Path | str, deck_name: str | None = None) -> Deck:
    """Read and parse one markdown file."""
    path = Path(path)
    return parse_text(read_text(path), str(path), deck_name)

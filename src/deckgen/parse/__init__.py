"""Markdown in, a :class:`~deckgen.model.Deck` out.

Each input dialect is a module with a ``parse(text, path)`` function returning the
cards, the deck name the page gives (or "") and the problems it found.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, ParseError
from ..model import Deck, Problem, SourcePos
from . import sections

EXAMPLE = '"**Q:** question" followed by "**A:** answer"'


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


def parse_text(text: str, path: str = "<text>", deck_name: str | None = None) -> Deck:
    """Parse markdown text. Raises ParseError listing every error found."""
    cards, page_deck_name, problems = sections.parse(text, path)
    errors = [p for p in problems if p.severity == "error"]
    if not cards and not errors:
        errors.append(Problem(SourcePos(path, 1), f"no cards found; a card looks like {EXAMPLE}"))
    if errors:
        raise ParseError(errors)
    name = deck_name or page_deck_name or Path(path).stem
    warnings = tuple(p for p in problems if p.severity == "warning")
    return Deck(name=name, cards=tuple(cards), source=path, warnings=warnings)


def parse_file(path: Path | str, deck_name: str | None = None) -> Deck:
    """Read and parse one markdown file."""
    path = Path(path)
    return parse_text(read_text(path), str(path), deck_name)

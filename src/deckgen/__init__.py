"""deckgen: markdown flashcards to Anki (.apkg, CSV) and Quizlet (TSV)."""

from __future__ import annotations

from typing import Any

from .errors import DeckgenError
from .model import Card, Citation, CodeBlock, Deck, Problem, SourcePos

__all__ = [
    "Card",
    "Citation",
    "CodeBlock",
    "Deck",
    "DeckgenError",
    "Problem",
    "SourcePos",
    "parse_file",
    "parse_text",
]


def __getattr__(name: str) -> Any:
    # The parser pulls in markdown-it; import it only when asked for, so that
    # `deckgen --help` stays quick.
    if name in ("parse_file", "parse_text"):
        from . import parse

        return getattr(parse, name)
    raise AttributeError(f"module 'deckgen' has no attribute {name!r}")

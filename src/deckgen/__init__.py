"""deckgen: markdown flashcards to Anki (.apkg, CSV) and Quizlet (TSV).

    import deckgen

    report = deckgen.build(["cards.md"], deckgen.Options(output_dir="out"))

See ``deckgen.api`` for ``build``, ``check`` and ``preview``; ``parse_text`` and
``parse_file`` give the cards of a page (markdown, before rendering).
"""

from __future__ import annotations

from typing import Any

from .errors import DeckgenError

__all__ = [
    "Card",
    "Citation",
    "Deck",
    "DeckgenError",
    "Media",
    "Note",
    "NoteDeck",
    "Options",
    "Problem",
    "Report",
    "SourcePos",
    "build",
    "check",
    "parse_file",
    "parse_text",
    "preview",
    "render_deck",
    "sync",
]

# Where each name lives; imported only when asked for, so that `deckgen --help` stays
# quick (the parser pulls in markdown-it, the renderer pygments).
_LAZY = {
    **dict.fromkeys(
        ("Card", "Citation", "Deck", "Media", "Note", "NoteDeck", "Problem", "SourcePos"), "model"
    ),
    "Options": "api",
    "Report": "api",
    "build": "api",
    "check": "api",
    "preview": "api",
    "sync": "api",
    "parse_file": "parse",
    "parse_text": "parse",
    "render_deck": "render",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'deckgen' has no attribute {name!r}")

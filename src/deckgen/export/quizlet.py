"""Quizlet's import box: ``term<TAB>definition``, one card a line, plain text.

Quizlet treats quotes literally and starts a new card at every newline, so each
field is folded onto one line (see ``render.to_plain``) and carries no tab.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Deck
from ..render import to_plain

SUFFIX = ".tsv"


def rows(deck: Deck) -> list[tuple[str, str]]:
    """(term, definition) for each card, each one line of plain text."""
    return [(to_plain(card.question), to_plain(card.answer)) for card in deck.cards]


def write(deck: Deck, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for term, definition in rows(deck):
            out.write(f"{term}\t{definition}\n")

"""Quizlet's import box: ``term<TAB>definition``, one card a line, plain text.

Quizlet treats quotes literally and starts a new card at every newline, so each
field is folded onto one line (see ``render.to_plain``) and carries no tab.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Card, Deck
from ..render import hide_clozes, rendered, reveal_clozes, to_plain

SUFFIX = ".tsv"


def row(card: Card) -> tuple[str, str]:
    """(term, definition), each one line of plain text.

    Quizlet has no cloze cards: a cloze card's term shows the gaps as ``[...]`` and
    its definition the full text.
    """
    if card.is_cloze:
        text = card.question + "\n\n" + card.answer
        return to_plain(hide_clozes(text)), to_plain(reveal_clozes(text))
    texts = rendered(card)
    return texts.question_text, texts.answer_text


def write(decks: Sequence[Deck], path: Path, previous: Path | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for deck in decks:
            for card in deck.cards:
                out.write(_line(card) + "\n")


def _line(card: Card) -> str:
    return "\t".join(row(card))


def count(path: Path) -> int:
    with path.open(encoding="utf-8", newline="\n") as lines:
        return sum(1 for line in lines if line.count("\t") == 1 and line.endswith("\n"))


def replace_card(previous: Path, path: Path, deck: str, index: int, old: Card, new: Card) -> None:
    """Write ``previous`` to ``path`` with the row of card ``index`` (``old``) now ``new``'s."""
    data = previous.read_bytes()
    start = 0
    for _ in range(index):
        start = data.index(b"\n", start) + 1
    end = data.index(b"\n", start)
    if data[start:end] != _line(old).encode():
        raise ValueError("the card's row is not where the record says")
    view = memoryview(data)  # slices without copies: a large file is not held twice
    with path.open("wb") as out:
        out.write(view[:start])
        out.write(_line(new).encode())
        out.write(view[end:])

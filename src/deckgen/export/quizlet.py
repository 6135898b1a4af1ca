"""Quizlet's import box: ``term<TAB>definition``, one card a line, plain text.

Quizlet treats quotes literally and starts a new card at every newline, so each
field is the render pass's one line of plain text (see ``render.text``), with no tab.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Note, NoteDeck, Problem

if TYPE_CHECKING:
    from ..api import Options

SUFFIX = ".tsv"


def row(note: Note) -> tuple[str, str]:
    """(term, definition), each one line of plain text."""
    return note.question_text, note.answer_text


def write(decks: Sequence[NoteDeck], path: Path, previous: Path | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for deck in decks:
            for note in deck.notes:
                out.write("\t".join(row(note)) + "\n")


def count(path: Path) -> int:
    with path.open(encoding="utf-8", newline="\n") as lines:
        return sum(1 for line in lines if line.count("\t") == 1 and line.endswith("\n"))


def check(decks: Sequence[NoteDeck], options: Options) -> list[Problem]:
    """A warning for each card longer than ``options.quizlet_limit`` characters a side."""
    limit = options.quizlet_limit
    if limit <= 0:
        return []
    problems = []
    for deck in decks:
        for note in deck.notes:
            longest = max(len(side) for side in row(note))
            if longest > limit:
                problems.append(
                    Problem(
                        note.card.pos,
                        f"this card is {longest} characters long in Quizlet's one-line form "
                        f"(over {limit}, --quizlet-limit): hard to study there",
                        "warning",
                    )
                )
    return problems

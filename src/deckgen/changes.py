"""What a build or a sync changes in Anki: notes added, changed, unchanged and removed.

A build compares its notes with the package it replaces (by GUID, in the .apkg
writer: see export.apkg.Delta); a sync compares them with the notes of the collection
it writes to (see ``deckgen.ankisync``). Both print
the same report: ``3 added, 1 changed, 11 unchanged, 1 removed``, then each removed
card by its question and where it was.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import NamedTuple

from .model import SourcePos

SOURCE_TAG = "source::"  # the tag that names a note's markdown file (see parse)


class Stored(NamedTuple):
    """A note as Anki (or the last package) holds it."""

    fields: tuple[str, ...]  # HTML, in the note type's order
    tags: tuple[str, ...]
    deck: str  # the deck of its first card


@dataclass(frozen=True)
class Card:
    """A card of the report: where it is (or was) and its question."""

    question: str  # plain text, shortened
    deck: str
    pos: SourcePos | None = None  # file and line, for a card of the markdown
    source: str = ""  # the file it came from, for a card only Anki still has

    def __str__(self) -> str:
        if self.pos is not None:
            return f"{self.pos}: {self.question!r} (deck {self.deck!r})"
        where = f", was in {self.source}" if self.source else ""
        return f"{self.question!r} (deck {self.deck!r}{where})"


@dataclass(frozen=True)
class Changes:
    added: tuple[Card, ...] = ()
    changed: tuple[Card, ...] = ()
    unchanged: int = 0
    removed: tuple[Card, ...] = ()

    def moved(self) -> list[tuple[str, str, int]]:
        """(old deck, new deck, how many) for removed cards whose question is added again
        in another deck: most likely a renamed deck, which gives its cards new GUIDs."""
        removed: dict[str, list[str]] = {}  # only the removed: a build adds 100,000 at times
        for card in self.removed:
            removed.setdefault(_bare(card.question), []).append(card.deck)
        pairs: dict[tuple[str, str], int] = {}
        for card in self.added:
            decks = removed.get(_bare(card.question), [])
            for n, old in enumerate(decks):
                if old != card.deck:
                    pairs[old, card.deck] = pairs.get((old, card.deck), 0) + 1
                    del decks[n]  # a removed card comes back once, not for each copy
                    break
        return [(old, new, count) for (old, new), count in pairs.items()]

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged, {len(self.removed)} removed"
        )


def gone(stored: Stored) -> Card:
    """The report's card for a note that only Anki (or the last package) still has."""
    source = next((t[len(SOURCE_TAG) :] for t in stored.tags if t.startswith(SOURCE_TAG)), "")
    return Card(short(plain(stored.fields[0] if stored.fields else "")), stored.deck, None, source)


def _bare(question: str) -> str:
    """A question without its spaces: a field's HTML and the markdown's text space
    markup differently ("[1, 2] ?" and "[1, 2]?" are the same question)."""
    return "".join(question.split())


_TAG = re.compile(r"<[^<>]*>")  # not "[^>]": from every "<" of "<<<..." to the end


def plain(field_html: str) -> str:
    """A field's text for a message: tags dropped, entities resolved, on one line."""
    return " ".join(html.unescape(_TAG.sub(" ", field_html)).split())


def short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."

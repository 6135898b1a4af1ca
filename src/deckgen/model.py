"""The model the passes hand on: read -> parse (``Card``, ``Deck``) -> render (``Note``,
``NoteDeck``) -> export.

Cards keep their markdown; only the render pass makes HTML and plain text of them.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")

# Anki's cloze deletions: ``{{c1::answer}}`` or ``{{c1::answer::hint}}``.
CLOZE_START = re.compile(r"\{\{c(\d+)::")
# number, answer, hint. Neither part holds "{{" (or "}}"), nor the answer "::": on any
# text, each "{{c1::" is then looked at once, never against every later "}}".
CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!\{\{|\}\}|::).)*)(?:::((?:(?!\{\{|\}\}).)*))?\}\}", re.S)


# An HTML tag; never past the next "<", so linear on any text.
HTML_TAG = re.compile(r"<[^<>]*>")


def has_cloze(text: str) -> bool:
    """Whether ``text`` holds an Anki cloze deletion such as ``{{c1::answer}}``."""
    return CLOZE_START.search(text) is not None


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle a frozen slotted dataclass as a call of its constructor with its fields.

    Python pickles such classes through a generic ``__setstate__`` that looks up the
    fields again for every object; cards cross between processes by the ten
    thousand, and this way takes a third of the time.
    """
    fields_of = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self):
        return cls, fields_of(self)  # a tuple: every such class has several fields

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SourcePos:
    """A place in an input file, for messages and for finding a card again."""

    path: str
    line: int  # 1-based
    end: int = 0  # the last line, when a message is about several

    def __str__(self) -> str:
        if self.end > self.line:
            return f"{self.path}:{self.line}-{self.end}"
        return f"{self.path}:{self.line}"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Citation:
    """A source a card cites with a ``[^label]`` marker."""

    label: str
    url: str
    title: str = ""  # the link text when the definition is ``[title](url)``


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Media:
    """A local image a card shows, packaged into the .apkg under ``name``."""

    src: str  # the reference as written in the card's markdown
    path: Path  # the file, resolved
    name: str  # unique in the package: the file's stem and a hash of its content


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Card:
    """One flashcard as the page gives it: question and answer in markdown."""

    question: str
    answer: str  # may be "" for a cloze card
    pos: SourcePos  # where the question label is
    title: str = ""  # the card's heading, e.g. "Card 3"; not shown on the card
    id: str = ""  # explicit id from ``<!-- id: ... -->``; identity falls back to the question
    tags: tuple[str, ...] = ()  # the file's tags, then the card's own
    reverse: bool = False  # also make an answer -> question card
    # The lines of the file the card was read from, [first, end), 0-based: from its
    # own heading (if it has one) to the end of its answer.
    lines: tuple[int, int] = (0, 0)
    section: str = ""  # its sub-deck below the page's deck ("Verbs::Irregular"), if any

    @property
    def is_cloze(self) -> bool:
        return has_cloze(self.question) or has_cloze(self.answer)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in an input file. Errors stop a build; warnings do not; notes
    ("info") are what a verbose run lists, such as a preamble left out."""

    pos: SourcePos | None
    message: str
    severity: str = "error"  # "error", "warning" or "info"

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        return f"{where}{self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Deck:
    """The cards of one input file, in source order: what the parser makes of a page."""

    name: str
    cards: tuple[Card, ...]
    source: str  # the input file's path, as given
    warnings: tuple[Problem, ...] = ()
    dialect: str = ""  # the input format the file was read as
    citations: Mapping[str, Citation] = field(default_factory=dict)  # the page's footnotes
    text: str = field(default="", repr=False)  # the page as read, for messages about lines
    coverage: tuple[int, int] = (0, 0)  # lines of text in cards, lines of text in all
    left_out: int = 0  # cards without a question or an answer, left out with a warning


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Note:
    """A card as every output writes it: the render pass's result for one card."""

    card: Card
    question_html: str  # Anki field HTML, sanitised
    answer_html: str
    question_text: str  # one line of plain text (Quizlet); a cloze card's shows its gaps
    answer_text: str
    identity: str  # the question as identity.py normalises it (see identity.card_key)
    citations: tuple[Citation, ...] = ()  # in order of first citation
    media: tuple[Media, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteDeck:
    """The notes of one input file, with the GUID of each once a build has given them."""

    name: str
    notes: tuple[Note, ...]
    source: str
    dialect: str = ""
    guids: tuple[str, ...] = ()  # one per note, see identity.with_guids
    coverage: tuple[int, int] = (0, 0)  # lines of text in cards, lines of text in all
    left_out: int = 0  # cards without a question or an answer, left out with a warning

    def deck_of(self, note: Note) -> str:
        """The Anki deck a note goes to: this deck, or the sub-deck of its section."""
        return f"{self.name}::{note.card.section}" if note.card.section else self.name

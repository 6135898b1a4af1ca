"""Drafts: cards as a dialect finds them, checked and completed into Cards here.

A dialect only decides where questions and answers are. What every card needs --
a question, an answer (or a cloze), clozes Anki can read, its tags -- is checked
here the same for all of them. What the markdown holds (citations, code, images,
HTML) is the render pass's business.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from ..model import CLOZE, Card, Problem, has_cloze
from . import chatter
from .document import Block, Page

REVERSE_TAG = "reverse"

# Something that means to be a cloze but is not one Anki reads: "{{c1:x}}", "{{c1::x".
_BROKEN_CLOZE = re.compile(r"\{\{\s*c\d*\s*:(?!:)|\{\{c\d+::(?:(?!\}\}).)*$", re.S)


@dataclass
class Draft:
    """A card while a dialect collects it. Lines are 0-based."""

    title: str
    question_line: int
    answer_line: int | None = None
    end_line: int = 0
    question: list[str] = field(default_factory=list)  # markdown pieces, one per block
    answer: list[str] = field(default_factory=list)
    id: str = ""
    tags: list[str] = field(default_factory=list)
    answer_words: frozenset[str] = frozenset()  # answer labels that close this question
    heading: Block | None = None  # the card's own heading, where the dialect has one
    shape: str = ""  # what the card looked like on the page: "labels", "table", "list"...
    path: tuple[Block, ...] = ()  # the headings whose part of the page holds it
    section: tuple[str, ...] = ()  # the headings between the deck and the card

    def add(self, text: str, end_line: int) -> None:
        (self.question if self.answer_line is None else self.answer).append(text)
        self.end_line = max(self.end_line, end_line)


def trim_chatter(drafts: list[Draft]) -> None:
    """Drop closing remarks that ran into the last card's answer."""
    if drafts:
        answer = drafts[-1].answer
        while len(answer) > 1 and chatter.is_chatter(answer[-1]):
            answer.pop()


def clean_tag(tag: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"\s+", "_", tag.strip())


def _without_clozes(text: str) -> str:
    return CLOZE.sub("", text)


def _join(parts: list[str]) -> str:
    # Top-level blocks are rejoined with a blank line: that keeps their meaning and
    # leaves out what lay between them (footnote and link definitions).
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()).strip()


def build_cards(drafts: list[Draft], page: Page) -> tuple[list[Card], list[Problem]]:
    """Check every draft and make a Card of each that has what a card needs."""
    builder = CardBuilder(page)
    cards = [card for draft in drafts if (card := builder.build(draft))]
    return cards, builder.problems


class CardBuilder:
    """Checks drafts and turns them into Cards; problems go to ``problems``."""

    def __init__(self, page: Page) -> None:
        self.doc = page
        self.problems: list[Problem] = []

    def build(self, draft: Draft) -> Card | None:
        pos = self.doc.pos(draft.question_line)
        question, answer = _join(draft.question), _join(draft.answer)
        cloze = has_cloze(question) or has_cloze(answer)
        errors = []
        if not question:
            errors.append(Problem(pos, "the question is empty"))
        if draft.answer_line is None and not cloze:
            errors.append(Problem(pos, 'this question has no answer: add an "A:" line below it'))
        elif draft.answer_line is not None and not answer and not cloze:
            errors.append(Problem(self.doc.pos(draft.answer_line), "the answer is empty"))
        for text in (question, answer):
            if broken := _BROKEN_CLOZE.search(_without_clozes(text)):
                snippet = broken.group(0)[:20].strip()
                errors.append(
                    Problem(pos, f"{snippet!r} is not a cloze Anki reads; write {{{{c1::answer}}}}")
                )
        self.problems += errors
        if errors:
            return None
        return Card(
            question=question,
            answer=answer,
            pos=pos,
            title=draft.title,
            id=draft.id,
            tags=self._tags(draft.tags),
            reverse=self.doc.reverse or REVERSE_TAG in draft.tags,
            lines=self._lines(draft),
            section="::".join(draft.section),
        )

    def _lines(self, draft: Draft) -> tuple[int, int]:
        first = draft.heading.start if draft.heading else draft.question_line
        last = max(draft.end_line, draft.question_line + 1) - 1
        return self.doc.pos(first).line - 1, self.doc.pos(last).line

    def _tags(self, own: list[str]) -> tuple[str, ...]:
        tags = [*self.doc.tags, *(tag for tag in own if tag != REVERSE_TAG)]
        return tuple(dict.fromkeys(sys.intern(clean_tag(t)) for t in tags if t.strip()))

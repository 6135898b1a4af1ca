"""The "sections" dialect (the sample Perplexity page): a heading per card, then labels.

    ## Deck name
    ### Card 1
    <!-- id: optional-stable-id -->
    **Q:** question
    **A:** answer, over as many blocks as it needs
    #tag #another-tag
    ***

A question label starts a card; the card's heading is the heading just above it.
Its answer runs from the answer label to the next card heading, a thematic break,
or a heading of the same or higher level, whichever comes first. Everything
outside cards (titles, intros, closing remarks, footnote definitions) is ignored.

The collector here also reads the "labels" dialect (label_lines.py), where cards
have no headings of their own and any heading ends a card.
"""

from __future__ import annotations

import re

from ..model import Problem
from .document import Block, Document
from .draft import Draft, trim_chatter
from .labels import (
    ANSWER,
    ANSWER_ANY_QUESTION,
    ANSWERS_TO,
    NUMBERED_ONLY,
    PAIRED_ONLY,
    QUESTION,
    WHEN_ASKED,
    Label,
    is_plain,
    match_label,
    questions_in,
)

NAME = "sections"
EXAMPLE = '"### Card 1", then "**Q:** question" and "**A:** answer"'

# "<!-- id: alembic-init -->"; the id is stripped where it is used (a pattern with a
# space on each side of a lazy group backtracks without end on a comment never closed).
_ID_COMMENT = re.compile(r"<!--\s*id:((?:(?!-->|<!--).)*)-->", re.IGNORECASE)
_TAG_LINE = re.compile(r"[ \t]*#[^\s#]\S*(?:[ \t]+#[^\s#]\S*)*[ \t]*")
_SR_DECK_TAG = re.compile(r"#flashcards(?:/|$)", re.IGNORECASE)
# A card's title on a line of its own, when a question label follows it: "**Encoding**",
# "**Card 3:**", or a plain "Card 3:".
_TITLE_LINE = re.compile(
    r"[ \t]*(?:(\*\*|__)(?P<title>[^*_]+?)[ \t]*:?[ \t]*\1[ \t]*:?|(?P<numbered>(?:card"
    r"|flashcard|flash card|karte|karteikarte|tarjeta|fiche|carte|cartão|scheda|카드|カード"
    r"|卡片)[ \t]*#?[ \t]*\d{1,4})[ \t]*[:\uff1a])[ \t]*\\?",  # "\\": a hard line break
    re.IGNORECASE,
)


def question_lines(doc: Document) -> dict[int, int]:
    """Each heading's number of question labels in its own text (up to the next heading
    or rule), by the heading's first line."""
    if doc.memo.get("question_lines") is None:
        doc.memo["question_lines"] = _question_lines(doc)
    return doc.memo["question_lines"]


def _question_lines(doc: Document) -> dict[int, int]:
    counts: dict[int, int] = {}
    heading = None
    for block in doc.blocks:
        if block.kind == "heading":
            heading = block.start
            counts[heading] = 0
        elif block.kind == "hr":
            heading = None
        elif heading is not None and block.kind == "paragraph":
            counts[heading] += _questions(doc, block)
    return counts


def _questions(doc: Document, block: Block) -> int:
    """How many lines of a paragraph start with a question label."""
    if block.asks >= 0:  # worked out with the parse
        return block.asks
    return questions_in(doc.source(block.start, block.end))


def has_labels(doc: Document) -> bool:
    """Whether any paragraph line starts with a question label."""
    return any(_questions(doc, b) for b in doc.blocks if b.kind == "paragraph")


def detect(doc: Document) -> bool:
    """A heading per card: two or more headings hold a question label each, none several.

    (One heading over one card reads better as the deck's title: the labels dialect.)
    """
    counts = [n for n in question_lines(doc).values() if n]
    return len(counts) >= 2 and max(counts) == 1


class Collector:
    """Walks the page's blocks and turns question/answer labels into drafts."""

    def __init__(self, doc: Document, own_headings: bool) -> None:
        self.doc = doc
        self.lines = doc.lines
        self.own_headings = own_headings  # sections: a card's heading is its title
        self.drafts: list[Draft] = []
        self.problems: list[Problem] = []
        self.current: Draft | None = None
        # An id, tags or a title written before a card's question wait here.
        self.pending = Draft("", question_line=-1)
        self.answer_words: frozenset[str] | None = None  # the file's label family
        self.kept: set[int] = set()  # lines in no card that are not lost: titles, tags, ids

    def close(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
            self.current = None

    def collect(self) -> list[Draft]:
        counts = question_lines(self.doc)
        heading: Block | None = None  # the last heading not yet used by a card
        for block in self.doc.blocks:
            if block.kind == "footnote":
                continue  # a source, in no answer
            if block.kind == "heading":
                if self.current and self._ends_card(block, counts.get(block.start, 0) > 0):
                    self.close()
                self.add(block.start, block.end)
                heading = block if self.own_headings else None
            elif block.kind == "hr":
                self.close()
            elif block.kind == "paragraph":
                heading = self.paragraph(block, heading)
            elif block.kind == "html" and self.id_comments(block):
                pass
            else:
                self.add(block.start, block.end)
        self.close()
        self.warn_pending()
        trim_chatter(self.drafts)
        return self.drafts

    def warn_pending(self) -> None:
        """A warning for an id or tags that no card came after to take."""
        if self.pending.id or self.pending.tags:
            where = self.doc.pos(self.pending.end_line)
            self.problems.append(Problem(where, "id or tags with no card after them", "warning"))

    def _ends_card(self, heading: Block, is_card_heading: bool) -> bool:
        card_heading = self.current.heading if self.current else None
        if is_card_heading or card_heading is None:
            return True
        return heading.level <= card_heading.level

    def add(self, start: int, end: int) -> None:
        if self.current:
            self.current.add(self.doc.source(start, end), end, start)

    def paragraph(self, block: Block, heading: Block | None) -> Block | None:
        """Split a paragraph at label, title and tag lines; returns the heading still unused."""
        source = self.doc.source(block.start, block.end)
        if block.plain or (block.asks < 0 and is_plain(source)):
            # Most paragraphs of a large page: plain text, all of it the open card's.
            if self.current is not None:
                self.current.add(source, block.end, block.start)
            return heading
        segment: list[str] = []

        def flush(end: int) -> None:
            if self.current and segment:
                last = segment[-1]
                if end < block.end and (len(last) - len(last.rstrip("\\"))) % 2:
                    # "Q: What is X?\" over "A: ...": a hard line break before the next
                    # label (as Google Docs and some editors end lines) is no text.
                    segment[-1] = segment[-1][:-1].rstrip()
                self.current.add("\n".join(segment), end, end - len(segment))
            segment.clear()

        for line_no in range(block.start, block.end):
            line = self.lines[line_no]
            ids = _ID_COMMENT.findall(line)
            line = _ID_COMMENT.sub("", line) if ids else line
            label = self.label_of(line, line_no == block.start, line_no)
            if label is not None:
                if (
                    label.role == ANSWER
                    and segment
                    and len(segment) == line_no - block.start  # all the lines above it
                    and self.asked_in(segment, block.start, label)
                ):
                    segment.clear()  # the open card's question now
                flush(line_no)
                heading = self.label(label, line_no, heading)
                line = label.text(line)
            elif _TAG_LINE.fullmatch(line):
                flush(line_no)
                self.kept.add(line_no)
                # "#flashcards/biology" is Obsidian Spaced Repetition's deck marker for
                # the whole note, not a tag of the card that happens to follow it.
                tags = [tag[1:] for tag in line.split() if not _SR_DECK_TAG.match(tag)]
                if tags:
                    target = self.target(line_no)
                    target.tags = [*target.tags, *tags]
                continue
            elif (title := _TITLE_LINE.fullmatch(line)) and self.question_follows(line_no):
                flush(line_no)
                self.close()
                self.pending.title = (title.group("title") or title.group("numbered")).strip()
                self.kept.add(line_no)
                continue
            if ids and not line.strip() and self._question_at(line_no + 1, block.end):
                # An id on the line right above a question is that question's id, not the
                # one of the card before it (whose answer ends here anyway).
                flush(line_no)
                self.close()
            for card_id in ids:
                self.set_id(card_id, line_no)
            if line.strip() or not ids:
                segment.append(line)
        flush(block.end)
        return heading

    def _question_at(self, line_no: int, end: int) -> bool:
        """Whether line ``line_no`` of a paragraph ending at ``end`` starts a question."""
        if line_no >= end:
            return False
        label = self.label_of(_ID_COMMENT.sub("", self.lines[line_no]), line_no=line_no)
        return label is not None and label.role == QUESTION

    def label_of(
        self, line: str, starts_paragraph: bool = False, line_no: int | None = None
    ) -> Label | None:
        """The line's label (line ``line_no`` of the page, if known), if it is one this
        file uses at this point."""
        label = match_label(line)
        if label is None:
            return None
        role, word = label.role, label.word
        if word in PAIRED_ONLY and not self._paired(label, line_no):
            return None
        if word in NUMBERED_ONLY and not starts_paragraph and self.current is not None:
            return None  # "Statement 1: ..." lines inside an answer explain it
        if word in WHEN_ASKED and (self.current is None or self.current.answer_line is not None):
            return None
        if role == QUESTION:
            # The first question label fixes the file's family: "Term:" inside a Q/A
            # card's answer is text, not a new card.
            if self.answer_words is not None and not ANSWERS_TO[word] & self.answer_words:
                return None
            return label
        if self.current is not None and self.current.answer_line is None:
            answers = self.current.answer_words
            return label if word in answers or word in ANSWER_ANY_QUESTION else None
        return label if self.answer_words is None or word in self.answer_words else None

    def _paired(self, label: Label, line_no: int | None) -> bool:
        """For a word of PAIRED_ONLY: whether its other half is there, the question on the
        line right above the answer, and first in its paragraph ("Recto : ..." among a
        glossary's lines is a term)."""
        if line_no is None:
            return False
        if label.role == ANSWER:
            current = self.current
            return (
                current is not None
                and current.answer_line is None
                and label.word in current.answer_words
                and line_no == current.question_line + 1
            )
        if (line_no > 0 and self.lines[line_no - 1].strip()) or line_no + 1 >= len(self.lines):
            return False
        below = match_label(self.lines[line_no + 1])
        return below is not None and below.word in ANSWERS_TO[label.word]

    def _blank_field(self, label: Label, line_no: int) -> bool:
        """Whether an answer label is a blank of a form to fill in: nothing after it, and
        the next line another label ("Your answer:" over "Correct:"), or none."""
        line = self.lines[line_no]
        if label.text(line).strip(" \t*_"):
            return False
        if line_no + 1 >= len(self.lines):
            return True
        return match_label(self.lines[line_no + 1]) is not None

    def question_follows(self, line_no: int) -> bool:
        """Whether the next line with text, past other bold title lines, is a question.

        ("**🔒 Synchronization**" then "**Flashcard 5**" then "**Q: ...**": both bold lines
        are titles, and neither is part of the answer above them.)
        """
        for n in range(line_no + 1, len(self.lines)):
            line = self.lines[n]
            label = self.label_of(line, line_no=n) if line.strip() else None
            if label is not None:
                return label.role == QUESTION
            if line.strip() and not _TITLE_LINE.fullmatch(line):
                return False
        return False

    def label(self, label: Label, line_no: int, heading: Block | None):
        role, word = label.role, label.word
        if role == QUESTION:
            self.close()
            if self.answer_words is None:
                self.answer_words = ANSWERS_TO[word]
            pending = self.pending
            used = pending.id or pending.tags or pending.title
            self.current = Draft(
                title=(heading.text if heading else "") or pending.title,
                question_line=line_no,
                end_line=line_no + 1,
                id=pending.id,
                tags=pending.tags if used else (),
                answer_words=ANSWERS_TO[word],
                heading=heading,
            )
            if used:  # a new one only when this one was used: a large page has many cards
                self.pending = Draft("", question_line=-1)
            return None
        if (self.current is None or self.current.answer_line is not None) and not self.asked_above(
            label, line_no
        ):
            if not self._blank_field(label, line_no):
                # One card's fault: the page's other cards are still written.
                message = (
                    "answer label without a question before it; this answer is left out "
                    "(write its question above it)"
                )
                self.problems.append(Problem(self.doc.pos(line_no), message, "warning"))
        elif self.current is not None:
            self.current.answer_line = line_no
        return heading

    def asked_above(self, label: Label, line_no: int) -> bool:
        """For an answer label with no question open: whether the text above it asks (and
        is now the open card's question). Here: never; the finder looks."""
        return False

    def asked_in(self, lines: list[str], start: int, label: Label) -> bool:
        """For an answer label with no question open, below ``lines`` of its paragraph
        (from line ``start``): whether those lines ask (and are now the open card's
        question). Here: never; the finder looks."""
        return False

    def target(self, line_no: int) -> Draft:
        """The card an id or tag line belongs to: the open one, else the next one."""
        if self.current is None:
            self.pending.end_line = line_no
            return self.pending
        return self.current

    def id_comments(self, block: Block) -> bool:
        """Take an HTML block made only of id comments; False if it is anything else."""
        text = self.doc.source(block.start, block.end)
        ids = _ID_COMMENT.findall(text)
        if not ids or _ID_COMMENT.sub("", text).strip():
            return False
        if self._question_at(block.end, len(self.lines)):
            self.close()  # right above a question: that question's id (see paragraph)
        for card_id in ids:
            self.set_id(card_id, block.start)
        return True

    def set_id(self, card_id: str, line_no: int) -> None:
        card_id = card_id.strip()
        draft = self.target(line_no)
        if not card_id:
            self.problems.append(Problem(self.doc.pos(line_no), "empty card id"))
        elif draft.id and draft.id != card_id:
            message = f"a second id {card_id!r} for a card with id {draft.id!r}"
            self.problems.append(Problem(self.doc.pos(line_no), message))
        else:
            draft.id = card_id


def parse(doc: Document) -> tuple[list[Draft], str, list[Problem]]:
    """Drafts, the deck name found in the page ("" if none) and the problems found."""
    collector = Collector(doc, own_headings=True)
    drafts = collector.collect()
    return drafts, deck_name(doc, drafts), collector.problems


def deck_name(doc: Document, drafts: list[Draft]) -> str:
    """The nearest heading above the first card that outranks the card headings."""
    if not drafts:
        return ""
    first = drafts[0]
    card_heading = first.heading
    card_level = card_heading.level if card_heading else 7
    for block in reversed(doc.blocks):
        if block.start >= first.question_line or block is card_heading:
            continue
        if block.kind == "heading" and block.level < card_level:
            return block.text
    return ""

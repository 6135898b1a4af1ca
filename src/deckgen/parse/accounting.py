"""Nothing is lost without a word: where each line of a page went, and a warning (or,
for a preamble or a closing remark, a note) for every run of text that went into no card.

A line with text ends in a card, a heading, a rule, a footnote, a comment or a kept
line (a card's title, a tag line); the runs left are text in no card. Between cards,
or under a heading of its own after them, such a run is a warning; before the first
card or after the last it is a note, unless its lines read like cards.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Problem, SourcePos
from . import heading_words
from .chatter import is_chatter
from .document import Document
from .draft import Draft
from .line_shapes import card_like

_META = re.compile(r"[ \t]*(?:<!--.*?-->[ \t]*)+|[ \t]*#flashcards\S*[ \t]*", re.IGNORECASE)


@dataclass
class Accounts:
    """Where a page's lines of text went."""

    left_out: list[tuple[int, int]]  # runs of lines [start, end) in no card and not kept
    in_cards: int  # lines of text in cards
    with_text: int  # lines of text in all


def account(doc: Document, drafts: list[Draft], kept: set[int]) -> Accounts:
    """Every line with text ends in a card, a heading, a rule, a footnote, a comment,
    a kept line (a card's title, a tag line) -- or in a run of text left out."""
    role = bytearray(len(doc.lines))  # 1: in a card; 2: a heading, rule or footnote
    for block in doc.blocks:
        if block.kind in ("heading", "hr", "footnote"):
            role[block.start : block.end] = b"\2" * (block.end - block.start)
    # A card's own heading, rules and footnotes inside it: the card's.
    for draft in drafts:
        first = draft.heading.start if draft.heading else draft.question_line
        end = max(draft.end_line, draft.question_line + 1)
        role[first:end] = b"\1" * (end - first)
    runs: list[tuple[int, int]] = []
    in_cards = with_text = 0
    last_text = -1  # the last line with text, to join runs across blank lines only
    for n, line in enumerate(_each_line(doc.lines.text)):
        if not line.strip():
            continue
        with_text += 1
        if role[n] == 1:
            in_cards += 1
        elif not role[n] and n not in kept and not _META.fullmatch(line):
            if runs and runs[-1][1] == last_text + 1:
                runs[-1] = (runs[-1][0], n + 1)  # only blank lines between: the same run
            else:
                runs.append((n, n + 1))
        last_text = n
    return Accounts(runs, in_cards, with_text)


def _each_line(text: str) -> Iterator[str]:
    """The lines of a text, one at a time: no list (nor copy) of a large page's lines."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def problems(doc: Document, drafts: list[Draft], runs: list[tuple[int, int]]) -> list[Problem]:
    """A warning for text in no card between cards; a note for a preamble or a closing."""
    if not drafts:
        return []
    first = min(d.heading.start if d.heading else d.question_line for d in drafts)
    last = max(d.end_line for d in drafts)
    # Headings after the last card over text of their own ("## Quick facts" over a list):
    # that text is a section the cards missed, not a closing remark.
    later = [b for b in doc.blocks[_after(doc, last) :] if b.kind == "heading"]
    later_starts = [h.start for h in later]
    problems = []
    for start, end in runs:
        pos = doc.pos(start)
        where = SourcePos(pos.path, pos.line, doc.pos(end - 1).line)
        text = " ".join(doc.source(start, end).split())
        quoted = text if len(text) <= 60 else text[:57] + "..."
        below = bisect.bisect_left(later_starts, start)  # the headings above start: later[:below]
        above = later[below - 1] if below else None
        prose = above is not None and heading_words.is_prose_heading(above.text, last=True)
        if first < start < last or (above is not None and not prose):
            message = f"this text is in no card: {quoted!r}; if it is a card, write it as one"
            problems.append(Problem(where, message, "warning"))
        elif asking := _card_like_lines(doc, start, end):
            # A preamble or a closing says things; lines that ask or pair a term with its
            # meaning are more likely cards written in a shape deckgen did not read here.
            place = "before the first card" if start < first else "after the last card"
            example = asking[0] if len(asking[0]) <= 50 else asking[0][:47] + "..."
            message = (
                f"{len(asking)} lines {place} read like cards ({example!r}) but are in "
                "none; if they are cards, write them as the cards of this page are"
            )
            problems.append(Problem(where, message, "warning"))
        else:
            place = "before the first card" if start < first else "after the last card"
            problems.append(Problem(where, f"left out, {place}: {quoted!r}", "info"))
    return problems


def _card_like_lines(doc: Document, start: int, end: int) -> list[str]:
    """The lines in [start, end) that read like cards, but the assistant's own questions
    ("Want me to add more?"); none if fewer than two."""
    found = [line for line in card_like(doc.lines[start:end]) if not is_chatter(line)]
    return found if len(found) >= 2 else []


def _after(doc: Document, line: int) -> int:
    """The index of the first block of the page that starts at ``line`` or below."""
    return bisect.bisect_left(doc.blocks, line, key=lambda block: block.start)

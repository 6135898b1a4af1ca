"""The "headings" dialect (mdanki, markdown-anki-decks): each heading is a question.

    # Deck name

    ## What is a list?

    An ordered, mutable collection.

    ## What does `len()` return?

    The number of items.

With no question labels in the file, every heading at the deepest level used is a
question and its section (up to the next heading or rule) the answer. A heading
above them names the deck. A page whose only heading is its title has no cards.
"""

from __future__ import annotations

import re

from ..model import Problem
from .document import Document
from .draft import Draft, trim_chatter

NAME = "headings"
_ATX = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*")
EXAMPLE = '"## question" with the answer as the text below it'


def _question_level(doc: Document) -> int:
    """The deepest heading level; 0 if the only heading is the page's title."""
    levels = [b.level for b in doc.blocks if b.kind == "heading"]
    return max(levels) if len(levels) > 1 else 0


def parse(doc: Document) -> tuple[list[Draft], str, list[Problem]]:
    level = _question_level(doc)
    drafts: list[Draft] = []
    current: Draft | None = None
    deck = ""
    for block in doc.blocks:
        if block.kind == "heading" and block.level == level:
            if block.end - block.start > 1:  # setext heading: its text lines
                source = doc.source(block.start, block.end - 1).strip()
            else:
                source = _ATX.fullmatch(doc.lines[block.start]).group(1) or ""
            current = Draft(block.text, block.start, answer_line=block.start, end_line=block.end)
            current.question.append(source)
            drafts.append(current)
        elif block.kind in ("heading", "hr"):
            if block.kind == "heading" and not drafts:
                deck = block.text
            current = None
        elif current is not None and block.kind != "footnote":
            current.add(doc.source(block.start, block.end), block.end)
    trim_chatter(drafts)
    return drafts, deck, []

"""The "labels" dialect: question and answer labels without a heading per card.

    Sure! Here are some flashcards:

    **Flashcard 1**
    Q: What is a list?
    A: An ordered, mutable collection.

    Question: What does `len()` return?
    Answer: The number of items.

    Let me know if you want more!

Each question label starts a card; its answer runs over the following lines and
blocks up to the next question label, a thematic break or a heading. A bold line
just before a question label (``**Card 3:**``) is the card's title, not text.
"""

from __future__ import annotations

from ..model import Problem
from .document import Document
from .draft import Draft
from .sections import Collector

NAME = "labels"
EXAMPLE = '"Q: question" with "A: answer" on the next line'


def parse(doc: Document) -> tuple[list[Draft], str, list[Problem]]:
    collector = Collector(doc, own_headings=False)
    drafts = collector.collect()
    # The deck is the nearest heading above the first card.
    deck = doc.heading_above(drafts[0].question_line) if drafts else ""
    return drafts, deck, collector.problems

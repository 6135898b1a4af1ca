"""The "table" dialect: a two-column table whose header names questions and answers.

    | Term   | Definition                 |
    |--------|----------------------------|
    | `list` | an ordered, mutable \\| collection |

Headers: Question/Answer, Q/A, Front/Back, Term/Definition and every pair in the
label table (any case). Each body row is a card; cells keep their inline markdown.
Only tables at the top level of the page count: a table inside a card's answer is
part of that answer, never a deck.
"""

from __future__ import annotations

from ..model import Problem
from .document import Document
from .draft import Draft
from .labels import is_table_header

NAME = "table"
EXAMPLE = 'a row of a table headed "| Question | Answer |"'


def _card_tables(doc: Document) -> list[list[tuple[int, list[str]]]]:
    tables = []
    for block in doc.blocks:
        if block.kind == "table":
            rows = block.rows
            if rows and len(rows[0][1]) == 2 and is_table_header(*rows[0][1]):
                tables.append(rows[1:])
    return tables


def parse(doc: Document) -> tuple[list[Draft], str, list[Problem]]:
    drafts = []
    for rows in _card_tables(doc):
        for line, (question, answer) in rows:
            draft = Draft("", line, answer_line=line, end_line=line + 1)
            draft.question.append(question)
            draft.answer.append(answer)
            drafts.append(draft)
    deck = doc.heading_above(drafts[0].question_line) if drafts else ""
    return drafts, deck, []

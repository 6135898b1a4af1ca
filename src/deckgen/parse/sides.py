"""Where a card's question ends and its answer begins when no label line says so: an
answer label inside the question's line ("Q: What is X? A: Y"), the lines under a
question with no label ("Q1 - What is X?" over its answer), an item whose sub-items are
labelled, a closing line that introduces what follows the card; and what a multiple
choice's options look like.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from ..markdown import OPTION_MARK
from .draft import Draft
from .labels import ANSWER, ANSWERS_TO, QUESTION, match_label
from .line_shapes import question_like

# A list item's mark at a line's start: "- ", "1. ", "2)".
LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


@lru_cache(maxsize=64)
def inline_answer_label(words: frozenset[str]) -> re.Pattern:
    """An answer label of one family inside a line: "Q: What is X? A: Y", or after a
    ``<br>`` as Anki's exports write it: "Q: What is X?<br>A: Y"."""
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(
        rf"(?:[ \t]|<br[ \t]*/?>[ \t]*)(?:(?:\*\*|__)?(?:{alternatives})"
        r"[ \t]?\d*[ \t]?(?:\*\*|__)?[:\uff1a](?:\*\*|__)?"
        # "**Q.** What is X? **A.** Y": a period closes a label in bold
        rf"|(?:\*\*|__)(?:{alternatives})[ \t]?\d*\.(?:\*\*|__)"
        # "Q. What is X? / A. Y": after a slash or a bar, a period too
        rf"|[/|][ \t]*(?:{alternatives})[ \t]?\d*[.:\uff1a](?=[ \t]))[ \t]*",
        re.IGNORECASE,
    )


def answer_inline(draft: Draft) -> bool:
    """``Q: What is a fork? A: A copy.`` on one line: split at the answer label."""
    if not draft.answer_words:
        return False
    first, _, rest = draft.question[0].partition("\n")
    label = inline_answer_label(draft.answer_words).search(first)
    if label is None or not first[: label.start()].strip() or not first[label.end() :].strip():
        return False
    draft.question[0] = first[: label.start()].rstrip(" \t|/-\u2013\u2014*_")
    answer = first[label.end() :] + ("\n" + rest if rest else "")
    draft.answer = [answer, *draft.question[1:]]
    draft.answer_starts = []  # not part by part: nothing is trimmed from it
    del draft.question[1:]
    draft.answer_line = draft.question_line
    return True


def drop_introduction(draft: Draft) -> None:
    """A line ending with a colon that ends an answer ("Next, some questions about
    transport:") introduces what comes after the card, since nothing in the card
    follows it: not the answer's. Left out, so the page's check reports it."""
    answer, starts = draft.answer, draft.answer_starts
    if len(answer) < 2 or len(starts) != len(answer):
        return  # the answer's only part, or not added part by part
    last = answer[-1].strip()
    if "\n" in last or not last.endswith((":", "\uff1a")) or LIST_ITEM.match(last):
        return
    answer.pop()
    draft.end_line = starts.pop()


# "A\\." too: the period escaped, as converters from other formats write it.
OPTION_ITEM = re.compile(rf"[ \t]*(?:[-*+][ \t]+)?(?:{OPTION_MARK}|[A-Ha-h]\\\.)[ \t]")


def options_only(lines: str) -> bool:
    """Whether every line with text is a multiple choice's option ("a) Jupiter",
    "- b) Saturn"): no answer, only what to choose from."""
    written = [line for line in lines.split("\n") if line.strip()]
    return all(OPTION_ITEM.match(line) for line in written)


_SPEAKER_B = re.compile(r"[ \t]*(?:\*\*|__)?B(?:\*\*|__)?[ \t]*:")


def answer_labelled(item: str) -> tuple[str, str, int] | None:
    """A list item's question and answer when a line below its first starts with an
    answer label ("Answer: 6", "答案" and a full-width colon), and that line's number in the
    item."""
    lines = item.split("\n")
    for n in range(1, len(lines)):
        label = match_label(lines[n])
        if label is not None and label.role == ANSWER:
            if label.word == "a" and any(_SPEAKER_B.match(line) for line in lines[n + 1 :]):
                return None  # "A: Hi! I'm Tom." over "B: Nice to meet you": a dialogue
            answer = "\n".join([label.text(lines[n]), *lines[n + 1 :]])
            question = "\n".join([lines[0], textwrap.dedent("\n".join(lines[1:n]))])
            if question.strip() and answer.strip():
                return question.strip(), textwrap.dedent(answer).strip(), n
            return None
    return None


def labelled_children(below: str) -> tuple[str, str, int] | None:
    """The question and answer that an item's sub-items label ("- *Anverso:* ...", then
    "- *Reverso:* ..."), and the answer's line in the item (its first line is 0)."""
    lines = [_ITEM_MARK.sub("", line, count=1) for line in below.split("\n")]
    labels = [match_label(line.strip()) for line in lines]
    asks = next((k for k, label in enumerate(labels) if label is not None), None)
    if asks is None or labels[asks].role != QUESTION:
        return None
    words = ANSWERS_TO[labels[asks].word]
    answers = next(
        (k for k in range(asks + 1, len(lines)) if labels[k] and labels[k].word in words), None
    )
    if answers is None or any(line.strip() for line in lines[:asks]):
        return None

    def side(k: int, end: int) -> str:  # a label's text, and the lines under it
        more = textwrap.dedent("\n".join(lines[k + 1 : end]))
        return f"{labels[k].text(lines[k].strip())}\n{more}".strip()

    question, answer = side(asks, answers), side(answers, len(lines))
    return (question, answer, answers + 1) if question and answer else None


_ITEM_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")  # at the start only


def answer_below(draft: Draft) -> None:
    """``Q1 - What is the capital of Canada?`` with the answer on the lines below it and
    no answer label: the first line is the question, the rest the answer."""
    first, _, rest = draft.question[0].partition("\n")
    if (question_like(first) or _asked_to_do(first, rest, draft.question[1:])) and (
        rest.strip() or len(draft.question) > 1
    ):
        starts = draft.question_starts
        if len(starts) != len(draft.question):  # not added part by part: no better place
            starts = [draft.question_line + 1] * len(draft.question)
        parts = list(zip(draft.question[1:], starts[1:], strict=True))
        if rest.strip():
            parts.insert(0, (rest, draft.question_line + 1))
        draft.question[:] = [first]
        if parts and "a" in draft.answer_words:  # "Q. ..." over "A. ...": both labels
            parts[0] = (without_answer_mark(parts[0][0]), parts[0][1])
        draft.answer = [text for text, _ in parts]
        draft.answer_starts = [start for _, start in parts]
        draft.answer_line = draft.question_line + 1


def _asked_to_do(first: str, rest: str, parts: list[str]) -> bool:
    """ "**Q4: Give an example where greedy fails.**" over a paragraph: a labelled task
    that ends with a period is answered by the text below it, unless that text is its
    options or its code (which a task shows, and an answer label would then follow)."""
    below = (rest if rest.strip() else parts[0] if parts else "").strip()
    return (
        first.rstrip(" *_").endswith((".", "\u3002"))
        and bool(below)
        and not below.startswith(("```", "~~~", "    ", "\t"))
        and not options_only(below)
    )


_OPTION_B = re.compile(r"^[ \t]*B[.)][ \t]", re.MULTILINE)


def without_answer_mark(answer: str) -> str:
    """An answer without the "A." that opens it below a "Q." question, unless a "B." line
    makes it the first of some options."""
    text = answer.lstrip()
    if text[:2] != "A." or text[2:3] not in (" ", "\t", "\n") or _OPTION_B.search(text):
        return answer
    return text[2:].strip()

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
from functools import lru_cache

from ..model import CLOZE, CLOZE_START, Card, Problem, has_cloze
from . import chatter
from .document import Block, Page
from .labels import QUESTION, match_label

REVERSE_TAG = "reverse"

# "**What is X?**" or "- **What is X?** ..." on a line of its own.
_BOLD_QUESTION = re.compile(
    r"[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(\*\*|__)[^*_\n]+[?\uff1f][ \t]*\1"
)
# What any of those starts with, to pass over most answers at once: a tab, a bold
# question, or a short word with a colon at the start of a line.
_MAYBE_ANOTHER = re.compile(
    r"\t|[?\uff1f](?:\*\*|__|[ \t]*$)|^[ \t]*\S{1,15}[ \t]?\d*[ \t]*[:\uff1a.\-]", re.M
)
# A list item that asks: "- What is X?", "2. Why?".
_ASKING_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S.*[?\uff1f][ \t]*")
# A code fence's opening or closing line (indented 4 or more, a line is code itself).
_FENCE_LINE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
# A character that shows something: a side with none (only spaces, zero-width spaces
# and the like) is empty.
_VISIBLE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
# HTML that shows nothing of its own: "<br>", "<p></p>", "&nbsp;" (a picture, a video or
# a formula shows something, and stays).
_EMPTY_HTML = re.compile(
    r"<(?!/?(?:img|video|audio|svg|iframe|object|embed|math|input|hr)\b)/?[a-z][^>]*>"
    r"|&nbsp;|&#160;|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)


def _shows_text(markdown: str) -> bool:
    """Whether some text or picture would show: not only blanks and empty tags."""
    if "<" in markdown or "&" in markdown:
        markdown = _EMPTY_HTML.sub("", markdown)
    return _VISIBLE.search(markdown) is not None


# Something that means to be a cloze but is not one Anki reads: "{{c1:x}}" (see also
# _unclosed_cloze: "{{c1::x" never closed).
_BROKEN_CLOZE = re.compile(r"\{\{\s*c\d*\s*:(?!:)")


def _broken_cloze(text: str) -> str | None:
    if "{{" not in text:
        return None  # most sides: nothing that could mean a cloze
    """The start of a cloze Anki would not read, if the text has one."""
    if broken := _BROKEN_CLOZE.search(text):
        return broken.group(0)
    # "{{c1::x" with no "}}" after it: found from the last "}}" on, in one pass.
    unclosed = CLOZE_START.search(text, text.rfind("}}") + 1)
    return text[unclosed.start() : unclosed.start() + 20] if unclosed else None


@dataclass(slots=True)
class Draft:
    """A card while a dialect collects it. Lines are 0-based."""

    title: str
    question_line: int
    answer_line: int | None = None
    end_line: int = 0
    question: list[str] = field(default_factory=list)  # markdown pieces, one per block
    answer: list[str] = field(default_factory=list)
    id: str = ""
    tags: list[str] | tuple[str, ...] = ()  # most cards have none: no list of their own
    answer_words: frozenset[str] = frozenset()  # answer labels that close this question
    heading: Block | None = None  # the card's own heading, where the dialect has one
    shape: str = ""  # what the card looked like on the page: "labels", "table", "list"...
    path: tuple[Block, ...] = ()  # the headings whose part of the page holds it
    section: tuple[str, ...] = ()  # the headings between the deck and the card

    # Where each part added after the label starts, so that a trimmed part of the
    # answer gives its lines back.
    question_starts: list[int] = field(default_factory=list)
    answer_starts: list[int] = field(default_factory=list)

    def add(self, text: str, end_line: int, start_line: int | None = None) -> None:
        start = end_line - 1 if start_line is None else start_line
        if self.answer_line is None:
            self.question.append(text)
            self.question_starts.append(start)
        else:
            self.answer.append(text)
            self.answer_starts.append(start)
        self.end_line = max(self.end_line, end_line)

    def trim(self, last: bool) -> None:
        """Drop what ran into the answer after it: notes (a quote or parenthesis, "Tip:",
        "TODO"), a sources list, and, on the last card, closing remarks, and a title
        that opens them ("**Tips for using these flashcards:**") with what follows it.
        What is dropped is no longer the card's: the page's check reports it."""
        answer, starts = self.answer, self.answer_starts
        if len(starts) != len(answer):
            return
        cut = len(answer)
        for n in range(len(answer) - 1, 0, -1):
            opens_remarks = last and chatter.is_title(answer[n]) and chatter.is_chatter(answer[n])
            if (
                chatter.is_sources(answer[n])
                or opens_remarks
                or (
                    cut == n + 1
                    and (chatter.is_aside(answer[n]) or (last and chatter.is_chatter(answer[n])))
                )
            ):
                cut = n
        if cut < len(answer):
            self.end_line = starts[cut]
            del answer[cut:], starts[cut:]


def trim_chatter(drafts: list[Draft]) -> None:
    """Drop closing remarks that ran into the last card's answer."""
    if drafts:
        answer = drafts[-1].answer
        while len(answer) > 1 and chatter.is_chatter(answer[-1]):
            answer.pop()
            if len(drafts[-1].answer_starts) > len(answer):
                drafts[-1].end_line = drafts[-1].answer_starts.pop()


@lru_cache(maxsize=4096)  # a page's cards share most of their tags
def clean_tag(tag: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"\s+", "_", tag.strip())


def _without_clozes(text: str) -> str:
    return CLOZE.sub("", text)


def _join(parts: list[str]) -> str:
    # Top-level blocks are rejoined with a blank line: that keeps their meaning and
    # leaves out what lay between them (footnote and link definitions).
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()).strip()


_BULLET = re.compile(r"[-*+][ \t]+(?=\S)")


def _answer_bullet(answer: str) -> str:
    """An answer that is one bullet of one line ("- 443" under a numbered question, a
    Logseq child block) without the bullet, and without an answer label ("- Answer: ...")."""
    bullet = _BULLET.match(answer)
    if bullet is None or "\n" in answer:
        return answer
    text = answer[bullet.end() :]
    label = match_label(text)
    if label is not None and label.role != QUESTION:
        text = label.text(text)
    return text.strip() or answer


def build_cards(drafts: list[Draft], page: Page) -> tuple[list[Card], list[Problem], int]:
    """Check every draft and make a Card of each that has what a card needs.

    A card without a question or an answer is left out with a warning (the rest of the
    page still builds); the count of those comes last. ``drafts`` is used up: each
    draft is let go once its card is made, so a large page is not held twice.
    """
    builder = CardBuilder(page)
    cards = []
    for n, draft in enumerate(drafts):
        drafts[n] = None  # type: ignore[call-overload]  # the card holds what is needed
        if card := builder.build(draft):
            cards.append(card)
    drafts.clear()
    return cards, builder.problems, builder.left_out


class CardBuilder:
    """Checks drafts and turns them into Cards; problems go to ``problems``."""

    def __init__(self, page: Page) -> None:
        self.doc = page
        self.problems: list[Problem] = []
        self.left_out = 0  # cards without a question or an answer

    def build(self, draft: Draft) -> Card | None:
        pos = self.doc.pos(draft.question_line)
        question, answer = _join(draft.question), _answer_bullet(_join(draft.answer))
        cloze = has_cloze(question) or has_cloze(answer)
        if not _shows_text(question):
            question = ""  # zero-width spaces, "<br>" and the like: nothing to read
        if not _shows_text(answer):
            answer = ""
        errors = []
        missing = []  # what leaves the card out, with a warning
        left_out = "; this card is left out"
        if not question:
            missing.append(Problem(pos, "the question is empty" + left_out, "warning"))
        if draft.answer_line is None and not cloze:
            what = 'this question has no answer: add an "A:" line below it'
            missing.append(Problem(pos, what + left_out, "warning"))
        elif draft.answer_line is not None and not answer and not cloze:
            where = self.doc.pos(draft.answer_line)
            missing.append(Problem(where, "the answer is empty" + left_out, "warning"))
        for text in (question, answer):
            if broken := _broken_cloze(_without_clozes(text)):
                snippet = broken[:20].strip()
                errors.append(
                    Problem(pos, f"{snippet!r} is not a cloze Anki reads; write {{{{c1::answer}}}}")
                )
        if draft.answer_line is not None and not missing:
            self.problems += self._looks_like_several(draft)
        self.problems += missing + errors
        if missing or errors:
            self.left_out += bool(missing) and not errors
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

    def _looks_like_several(self, draft: Draft) -> list[Problem]:
        """A warning when a card's answer holds what reads like more cards: a question
        label, two bold questions, or two term<TAB>definition lines."""
        if not _MAYBE_ANOTHER.search(_join(draft.answer)):
            return []  # most answers: nothing that could start a card
        lines = self.doc.lines
        labels, bold, tabs, items = [], [], [], []
        fence = ""  # the fence of the code block the line is in: code is no card
        for n in range(draft.answer_line + 1, min(draft.end_line, len(lines))):
            line = lines[n]
            if opener := _FENCE_LINE.match(line):
                mark = opener.group(1)
                if not fence:
                    fence = mark
                elif mark.startswith(fence) and not line.strip().strip(mark[0]):
                    fence = ""
                continue
            if fence:
                continue
            label = match_label(line)
            if label is not None and label.role == QUESTION:
                labels.append(n)
            elif _BOLD_QUESTION.match(line):
                bold.append(n)
            elif "\t" in line.strip() and not line.startswith(("    ", "\t")):
                tabs.append(n)
            elif _ASKING_ITEM.fullmatch(line):
                items.append(n)
        several = [
            found[0]
            for found in (labels, bold[1:] and bold, tabs[1:] and tabs, items[1:] and items)
            if found
        ]
        if not several:
            return []
        n = min(several)
        text = lines[n].strip()[:40]
        message = (
            f"this card's answer holds what looks like another card ({text!r}): "
            "if it is one, give it its own label or line"
        )
        return [Problem(self.doc.pos(n), message, "warning")]

    def _lines(self, draft: Draft) -> tuple[int, int]:
        first = draft.heading.start if draft.heading else draft.question_line
        last = max(draft.end_line, draft.question_line + 1) - 1
        return self.doc.pos(first).line - 1, self.doc.pos(last).line

    def _tags(self, own: list[str]) -> tuple[str, ...]:
        tags = [*self.doc.tags, *(tag for tag in own if tag != REVERSE_TAG)]
        return tuple(dict.fromkeys(sys.intern(clean_tag(t)) for t in tags if t.strip()))

"""The cards a person sees on a page, whatever shapes they come in (the default).

A page is read block by block, in regions: each heading opens one, up to the next
heading. A region's cards may be

- question and answer labels (``Q:`` / ``A:``, ``**Q1.**``, ``質問:``), as the
  ``sections`` and ``labels`` dialects read them; a heading over one labelled card is
  that card's heading;
- two-column tables: each body row a card;
- list items that start with a bold question: ``- **What is a cursor?** A token...``;
  items holding a cloze are cloze cards;
- ``<details><summary>Question</summary>Answer</details>``; when the summary only says
  "Answer" (or "정답", "Respuesta"...), the question is the paragraph above, or the heading;
- Obsidian Spaced Repetition cards: ``Question::Answer``, ``Question:::Answer`` (both
  ways), and a line ``?`` (``??``) between a question and its answer lines; RemNote's
  ``Question >> Answer``, ``Answer << Question`` and ``Question <> Answer`` (both ways);
- Quizlet's export lines, ``term<TAB>definition``;
- lines holding a cloze, each its own note;
- on a page with no card of these shapes, Mochi's: a front line, a rule, the back.

A region that holds none of these but text of its own is a question: its heading is
the question (a generic heading such as "Question 4" or "Card 7" gives way to its
first paragraph; a rule splits question from answer) and its text the answer. A
heading whose own text is only headings, or whose part of the page holds cards of
other shapes, is a section. The deck is the innermost heading whose part of the page
holds every card; headings between it and a card are the card's sections.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, cached_property

from ..markdown import OPTION_MARK
from ..model import has_cloze
from . import chatter, heading_words
from .document import FOOTNOTE_LINE, Block, Document
from .draft import REVERSE_TAG, Draft
from .heading_words import is_generic
from .labels import (
    ANSWER,
    ANSWERS_TO,
    EMOJI_ANSWERS,
    PAIRED_ONLY,
    QUESTION,
    Label,
    extra_columns,
    has_label_line,
    match_label,
    named_columns,
)
from .line_shapes import (
    BOLD_LEAD,
    LOGSEQ_CARD,
    LOGSEQ_CLOZE,
    PROPERTY,
    SEPARATOR_MARK,
    SR_COMMENT,
    all_asking,
    all_vocabulary,
    as_clozes,
    ask_split,
    bold_split,
    bold_terms,
    cloze_split,
    dedent,
    each_line,
    either_split,
    list_items,
    mixed_vocabulary,
    no_split,
    question_like,
    sr_card,
    sr_split,
    tab_split,
    trailing_separator,
    vocab_split,
    wrapped_lines,
)
from .sections import (
    _ID_COMMENT,
    _SR_DECK_TAG,
    _TAG_LINE,
    _TITLE_LINE,
    Collector,
    detect,
    has_labels,
    question_lines,
)
from .sides import (
    LIST_ITEM,
    OPTION_ITEM,
    answer_below,
    answer_inline,
    answer_labelled,
    drop_introduction,
    inline_answer_label,
    labelled_children,
    options_only,
    without_answer_mark,
)

NAME = "auto"
EXAMPLE = '"Q: question" with "A: answer" on the next line'

_ATX = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*")
_LABEL_MARK = re.compile(r"[:\uff1a.)\-\u2013\u2014]")  # what closes a label (see labels)
_CARD_NUMBER = re.compile(r"\d{1,4}[.)][ \t]+")
_WHOLE_BOLD_QUESTION = re.compile(r"[ \t]*(\*\*|__)(?P<question>\S.*?[?\uff1f])\1[ \t]*")
_WHOLE_BOLD = re.compile(r"[ \t]*(\*\*|__)(?P<text>\S.*?)\1[ \t]*")
_ITEM_NUMBER = re.compile(r"[ \t]*(\d{1,9})[.)]")
# A number that starts one answer of a key on one line: "1. B　2\. C" (escaped or not).
_INLINE_NUMBER = re.compile(r"(?:^[ \t]*|(?<=\s))(\d{1,3})\\?[.)](?:[ \t\u3000]+|$)")
_BOLD_QUESTION_LINES = re.compile(r"^[ \t]*(\*\*|__)\S[^\n]*?[?\uff1f]\1[ \t]*$", re.M)
# Obsidian's scheduling comment; what is left around it is stripped where it is used.
# Neither part runs past the next <summary> or <details>: each <details> is looked at
# once, never against every later closing tag (nested <details> are not cards).
_DETAILS = re.compile(
    r"<details\b[^>]*>\s*<summary\b[^>]*>(?P<summary>(?:(?!</?summary\b|<details\b).)*)"
    r"</summary>(?P<body>(?:(?!</?details\b).)*)</details\s*>",
    re.S | re.IGNORECASE,
)
_TAGS = re.compile(r"<[^<>]+>|[*_`]")
# A summary that only says where the answer is, in the languages the labels know.
REVEAL = frozenset(
    [
        "answer", "show answer", "reveal", "reveal answer", "click to reveal", "click to show",
        "click to expand", "show", "solution", "show solution", "hint", "spoiler",
        "respuesta", "ver respuesta", "mostrar respuesta", "solución", "solucion",
        "réponse", "reponse", "voir la réponse", "afficher la réponse", "solution",
        "antwort", "lösung", "loesung", "antwort anzeigen", "lösung anzeigen",
        "resposta", "ver resposta", "risposta", "mostra risposta", "soluzione",
        "정답", "답", "답 보기", "정답 보기", "해설", "答え", "答", "解答", "答えを見る",
        "答案", "查看答案", "显示答案", "答案解析",
    ]
)  # fmt: skip


def _contents(heading: Block | None) -> bool:
    return heading is not None and heading_words.is_contents(heading.text)


_REVEAL_FIRST = frozenset(phrase.split()[0] for phrase in REVEAL)


def is_reveal(summary: str) -> bool:
    """Whether a ``<summary>`` only says that the answer is behind it."""
    words = " ".join(re.sub(r"[^\w\s]", " ", _TAGS.sub("", summary)).split()).lower()
    return not words or words in REVEAL


@dataclass(slots=True)
class Region:
    """A heading and the blocks up to the next heading (the page's start has no heading)."""

    heading: Block | None
    parent: Region | None  # the region of the heading above this one
    # Blocks in no card yet, and rules: lists made when the first comes (a large page has
    # a region for each card's heading, most with neither).
    loose: list[Block] | tuple[()] = ()
    rules: list[Block] | tuple[()] = ()
    drafts: list[Draft] = field(default_factory=list)
    # An id or tags written in the region where no card was open: its heading card's.
    pending: Draft | None = None

    def keep_loose(self, *blocks: Block) -> None:
        if not isinstance(self.loose, list):
            self.loose = []
        self.loose += blocks

    def keep_rule(self, block: Block) -> None:
        if not isinstance(self.rules, list):
            self.rules = []
        self.rules.append(block)

    @property
    def question_like(self) -> bool:
        # "Lecture 1: What is psychology?" titles a lecture's notes; it asks nothing.
        text = self.heading.text if self.heading is not None else ""
        return bool(text) and question_like(text) and not heading_words.CHAPTER.match(text)

    @property
    def path(self) -> tuple[Block, ...]:
        return (*self.ancestors, self.heading) if self.heading else self.ancestors

    @property
    def ancestors(self) -> tuple[Block, ...]:
        """The headings above it, outermost first."""
        found = []
        region = self.parent
        while region is not None and region.heading is not None:
            found.append(region.heading)
            region = region.parent
        return tuple(reversed(found))


class Finder(Collector):
    """Walks the page's blocks; label cards as the Collector reads them, the other
    shapes as they come."""

    def __init__(
        self,
        doc: Document,
        bold_questions: bool = False,
        colons: bool = False,
        wide_tables: bool = False,
        rules: bool = False,
    ) -> None:
        super().__init__(doc, own_headings=detect(doc))
        self.rule_cards = rules  # front, "---", back: cards (Mochi's), on a page of no other
        self.stack: list[Region] = []  # the headings the walk is inside, outermost first
        self.region = Region(None, None)
        self.regions = [self.region]
        self.skip_until = 0  # blocks before this line were taken by a card already
        self.heading_answered = False  # whether a question heading above has text below
        self.introduced: Draft | None = None  # a cloze card the next block may belong to
        self.placed: dict[int, tuple[Block, ...]] = {}  # by id: cards of several regions
        self._run_kinds: dict[int, bool | None] = {}  # see run_vocabulary
        # A page of "**What is X?**" lines, each followed by its answer: such a line asks.
        text = doc.lines.text
        # The ends such a line needs, looked for first: the pattern, tried at every line
        # of a large page that has none, is slow.
        bold_ends = any(end in text for end in ("?**", "?__", "\uff1f**", "\uff1f__"))
        found = _BOLD_QUESTION_LINES.finditer(text) if bold_ends else iter(())
        self.colon_vocabulary = colons  # "bố: father" lines are cards
        self.wide_tables = wide_tables  # "Verb | Meaning | Example" rows are cards
        # Whether the page holds a "::" or ">>" at all: most pages, none of their cards.
        self.separators = SEPARATOR_MARK.search(doc.lines.text) is not None
        self.bold_questions = bold_questions or (
            next(found, None) is not None and next(found, None) is not None
        )
        self.headed_tables = any(
            b.kind == "table" and named_columns(b.rows[0][1]) is not None
            for b in doc.blocks
            if b.rows
        )

    @cached_property
    def prose_until(self) -> int:
        """A chat answer that explains, then gives "## Flashcards" with label cards: the
        bold-term lists and unnamed tables above that heading are its explanation. Its
        line (0: none); worked out when a list or table first asks."""
        if not has_labels(self.doc):
            return 0
        heading = next(
            (
                b.start
                for b in self.doc.blocks
                if b.kind == "heading"
                and len(b.text) < 60
                and heading_words.BARE_DECK.fullmatch(heading_words.words(b.text))
            ),
            0,
        )
        # Label cards above it ("Q. ..." in each lecture, then "## Review questions"): the
        # page does not explain first, it has cards all along.
        return 0 if has_label_line(self.doc.source(0, heading)) else heading

    @cached_property
    def line_runs(self) -> dict[int, list[str]]:
        """Runs of two or more one-line paragraphs, blank lines between them ("der Apfel -
        the apple", a blank line, "die Birne - the pear"): the lines of each run, by the
        first line of each paragraph in it. Read as one block's lines on a page with no
        other cards (markdown joins lines that no blank line parts)."""
        runs: dict[int, list[str]] = {}
        run: list[Block] = []
        for block in [*self.doc.blocks, None]:
            if block is not None and block.kind == "paragraph" and block.end - block.start == 1:
                run.append(block)
                continue
            if len(run) > 1:
                lines = [self.lines[b.start] for b in run]
                runs.update((b.start, lines) for b in run)
            run = []
        return runs

    @cached_property
    def has_answer_key(self) -> bool:
        """Whether some heading of the page says "Answers" (see _answer_keys)."""
        return any(
            b.kind == "heading" and heading_words.is_answer_key(b.text) for b in self.doc.blocks
        )

    @cached_property
    def card_numbers(self) -> frozenset[Block]:
        """Headings that number cards ("## 9", "## 10"): plain numbers, each next to
        another's. ("## 404" and "## 503" name their subjects.)"""
        headings = (b for b in self.doc.blocks if b.kind == "heading")
        numbers = {int(b.text): b for b in headings if b.text.isdecimal() and len(b.text) < 10}
        return frozenset(b for n, b in numbers.items() if n - 1 in numbers or n + 1 in numbers)

    def run_vocabulary(self, run: list[str]) -> bool | None:
        """How a run of one-line paragraphs is vocabulary: False for "term - meaning",
        True for "term: meaning", None if it is not. Worked out once a run."""
        key = id(run)
        if key not in self._run_kinds:
            dashes = all_vocabulary(run)
            colons = not dashes and self.colon_vocabulary and all_vocabulary(run, True)
            self._run_kinds[key] = False if dashes else True if colons else None
        return self._run_kinds[key]

    @cached_property
    def sr_page(self) -> bool:
        """Whether two or more lines of the page (or list items) are ``Question::Answer``
        cards, read strictly (see sr_card): then such a line after an answer is a card
        of its own, not more answer. Worked out when an answer first meets one."""
        found = 0
        lines = self.lines
        for block in self.doc.blocks:
            if block.kind not in ("paragraph", "other"):
                continue
            for n in range(block.start, block.end):
                line = lines[n]
                if block.kind == "other":
                    item = LIST_ITEM.match(line)
                    if item is None:
                        continue  # code, and list items' further lines
                    line = line[item.end() :]
                if sr_card(line) is not None:
                    found += 1
                    if found > 1:
                        return True
        return False

    def _sr_tail(self, start: int, end: int) -> int:
        """Where the run of ``Question::Answer`` lines that ends lines [start, end) starts
        (``end``: none). Blank lines may lie between them."""
        lines = self.lines
        tail = end
        for n in range(end - 1, start - 1, -1):
            if lines[n].strip() and sr_card(lines[n]) is None:
                break
            if lines[n].strip():
                tail = n
        return tail if tail == end or self.sr_page else end

    def _sr_cards(self, start: int, end: int) -> list[Draft]:
        """A card for each ``Question::Answer`` line of lines [start, end)."""
        drafts = []
        for n in range(start, end):
            parts = sr_card(self.lines[n]) if self.lines[n].strip() else None
            if parts is None:
                continue
            question, answer, reverse = parts
            draft = Draft("", n, answer_line=n, end_line=n + 1, shape="obsidian")
            draft.question.append(question)
            draft.answer.append(answer)
            if reverse:
                draft.tags = [REVERSE_TAG]
            drafts.append(draft)
        return drafts

    def labelled_paragraph(self, block: Block, heading: Block | None) -> Block | None:
        """A paragraph of label lines (see Collector.paragraph), but for what ends it
        after an answer: ``Question::Answer`` lines, and a line "What are the three
        layers? ::" over a list, cards as Obsidian and RemNote read them, not more of
        that answer."""
        if not self.separators or not SEPARATOR_MARK.search(
            self.doc.source(block.start, block.end)
        ):
            return self.paragraph(block, heading)  # most paragraphs: no separator at all
        last = block.end - 1
        if trailing_separator(self.lines[last], strict=True) is None:
            return self._sr_paragraph(block, heading)
        if last > block.start:
            heading = self._sr_paragraph(Block("paragraph", block.start, last), heading)
        if self._answer_has_text() and (
            card := self._parent_of_list(Block("paragraph", last, block.end), strict=True)
        ):
            self.close()
            self.take([card])
            return heading
        return self.paragraph(Block("paragraph", last, block.end), heading)

    def _sr_paragraph(self, block: Block, heading: Block | None) -> Block | None:
        """A paragraph of label lines, but for the ``Question::Answer`` lines that end it
        after an answer."""
        tail = self._sr_tail(block.start, block.end)
        if tail == block.end:
            return self.paragraph(block, heading)
        if tail > block.start:
            heading = self.paragraph(Block("paragraph", block.start, tail), heading)
        if self._answer_has_text():
            self.close()
            self.take(self._sr_cards(tail, block.end))
            return heading
        # "Q: What does this print?" then "Foo::Bar": the question goes on; no answer
        # yet, so no card of its own either.
        return self.paragraph(Block("paragraph", tail, block.end), heading)

    def _answer_has_text(self) -> bool:
        """Whether the open card has an answer with text so far (on its label's line, or
        inline: "Q: x? A: y")."""
        current = self.current
        if current is None:
            return False
        if current.answer_line is None:
            return self._answered()
        return any(part.strip() for part in current.answer)

    def close(self) -> None:
        if self.current is not None:
            draft = self.current
            draft.shape = draft.shape or ("sections" if draft.heading else "labels")
            if draft.answer_line is None and draft.question:
                answer_inline(draft) or answer_below(draft)
            draft.trim(last=False)
            drop_introduction(draft)
            self.region.drafts.append(draft)
        super().close()

    def label_of(
        self, line: str, starts_paragraph: bool = False, line_no: int | None = None
    ) -> Label | None:
        label = super().label_of(line, starts_paragraph, line_no)
        if label is not None and label.word in EMOJI_ANSWERS and not self._asking():
            return None  # "💡 Tip: ..." with no "❓" question open: a note, not an answer
        if label is None and starts_paragraph and self._answered():
            # A paragraph that opens with a question label of another family, after an
            # answered card: a new card ("Front: Hola" after Q/A cards), not more answer.
            other = match_label(line)
            if (
                other is not None
                and other.role == QUESTION
                and (other.word not in PAIRED_ONLY or self._paired(other, line_no))
            ):
                self.answer_words = None  # the new card's label fixes the family
                return other
        if label is None and (self.bold_questions or (starts_paragraph and self._answered())):
            # A "**What is X?**" paragraph after an answered card asks, even the only one.
            bold = _WHOLE_BOLD_QUESTION.fullmatch(line)
            if bold is not None:
                # "**1. What is X?**": the number counts the cards, it does not ask.
                number = _CARD_NUMBER.match(line, bold.start("question"))
                start = number.end() if number else bold.start("question")
                return super().label_of(f"Q: {bold.group('question')}") and Label(
                    QUESTION, start, "q", bold.end("question")
                )
        return label

    def _asking(self) -> bool:
        return self.current is not None and self.current.answer_line is None

    def _answered(self) -> bool:
        """Whether the open card (if any) has its answer, on its own line or inline."""
        current = self.current
        if current is None or current.answer_line is not None:
            return True
        if not current.question or not current.answer_words:
            return False
        first = current.question[0].partition("\n")[0]
        return inline_answer_label(current.answer_words).search(first) is not None

    def take(self, drafts: list[Draft]) -> None:
        """Cards of a shape other than labels, found in the current region."""
        last = drafts[-1] if drafts else None
        # "The keyword {{c1::def}} starts a function:" introduces what follows it.
        if (
            last is not None
            and last.shape == "cloze"
            and last.question
            and last.question[-1].rstrip().endswith((":", "\uff1a"))
        ):
            self.introduced = last
        self._region_pending()
        pending = self.pending
        if drafts and (pending.id or pending.tags or pending.title):
            first = drafts[0]
            first.id = first.id or pending.id
            first.tags = [*pending.tags, *first.tags]
            first.title = first.title or pending.title
            self.pending = Draft("", question_line=-1)
        self.region.drafts += drafts
        self.drafts += drafts

    def find(self) -> list[Draft]:
        doc = self.doc
        counts = question_lines(doc)
        heading: Block | None = None  # the last heading not yet used by a card
        for block in doc.blocks:
            if block.start < self.skip_until or block.kind == "footnote":
                continue  # taken by a card already; a footnote is a source, in no answer
            introduced, self.introduced = self.introduced, None
            if block.kind == "html" and (inner := self._wrapped_labels(block)) is not None:
                self.kept.update((block.start, block.end - 1))  # "<div>", "</div>"
                block = inner  # read as the paragraph it wraps
            if block.kind == "heading":
                if self.current and not self._ends_card(block, counts.get(block.start, 0) > 0):
                    self.add(block.start, block.end)  # a sub-heading inside the card's answer
                    continue
                self.close()
                above = self._settle_pending(block)
                while self.stack and self.stack[-1].heading.level >= block.level:
                    self.stack.pop()
                left = self.region
                self.heading_answered |= left.question_like and bool(left.loose or left.drafts)
                self.region = Region(block, self.stack[-1] if self.stack else None, pending=above)
                self.regions.append(self.region)
                self.answer_words = None  # a new part may use other labels (Front/Back, Term)
                self.stack.append(self.region)
                heading = block if self.own_headings else None
                self._labelled_heading(block)
                if self.current is None and not counts.get(block.start):
                    self._answered_heading(block)
            elif block.kind == "hr":
                if self.current is not None and self.current.answer_line is None:
                    continue  # a rule between a question and its answer
                self.close()
                self.region.keep_rule(block)
            elif self.current is not None:
                if (
                    block.kind == "paragraph"
                    and block.end - block.start > 1  # both take two lines or more
                    and (
                        self._vocabulary_after(block)
                        or self._toggle(block)
                        or self._arrow_asked(block) is not None
                    )
                ):
                    # "el gato (m.) - cat" lines, a "▸ Question" toggle: their own cards
                    self.close()
                    self.take(self.shaped(block) or [])
                elif block.kind == "paragraph":
                    heading = self.labelled_paragraph(block, heading)
                elif self.current.answer_line is None and self.revealed(block):
                    pass
                elif self._asks(block):  # a <details> card of its own ends the answer
                    self._close_before_cards()
                    self.take(self.details_cards(block) or [])
                elif self._all_cloze(block) or self._own_cards(block):
                    # A cloze a line or item, a table of questions and answers, a list of
                    # bold questions: notes of their own, not more of this answer.
                    self._close_before_cards()
                    self.take(self.shaped(block) or [])
                elif not (block.kind == "html" and self.id_comments(block)):
                    self.add(block.start, block.end)
            elif block.kind == "paragraph" and self._labelled(block):
                self._before_heading_marks(block)
                heading = self.labelled_paragraph(block, heading)

            elif (block.kind == "html" and self._before_heading_marks(block, self.id_comments)) or (
                block.kind == "paragraph" and self._sr_after_heading_answer(block)
            ):
                pass  # taken: ids (and tags) for a card, "X::Y" cards after a heading's answer
            elif (found := self._quoted_answer(block) or self.recognise(block)) is not None:
                self.take(found)
            elif introduced is not None and block.kind in ("other", "table"):
                # Code, a list or a table right after a cloze line ending in a colon.
                introduced.add(self.doc.source(block.start, block.end), block.end, block.start)
            else:
                self._keep_loose(block)
        self.close()
        self._settle_pending(None)
        for region in self.regions:
            self.percent_cards(region)
        if self.rule_cards:
            for region in self.regions:
                self.sides_of_rules(region)
                self.question_paragraphs(region)
                self.term_pairs(region)
        # Headings over other headings, and over cards: sets, so that the page is read in
        # one pass however many headings it has.
        self.parents = {r.parent.heading for r in self.regions if r.parent is not None}
        self.children: dict[int, list[Region]] = {}  # by id of the parent
        for region in self.regions:
            if region.parent is not None:
                self.children.setdefault(id(region.parent), []).append(region)
        self.over_cards: set[Block] = set()
        for region in self.regions:
            if region.drafts:
                self.over_cards.update(region.ancestors)
        self._answer_keys()
        self._keyed_label_questions()
        for region in self.regions:
            self._checked_options(region)
        self._answer_headings()
        self._numbered_answer_headings()
        self._parted_answers()
        # "## License" after the last card is a repository's footer (see is_prose_heading),
        # but not on a glossary of headings, where "## Licence" is one more term.
        glossary = any(self._term_heading(region) for region in self.regions)
        later_cards = False
        for region in reversed(self.regions):  # inner regions first: see heading_question
            self.heading_question(region, footer=not later_cards and self._footer(region, glossary))
            later_cards = later_cards or bool(region.drafts)
        self._give_titles()
        drafts = sorted(self.drafts, key=lambda d: d.question_line)
        for draft in drafts:
            self._without_page_links(draft)
        if drafts:
            drafts[-1].trim(last=True)
            self._without_page_links(drafts[-1])  # above a closing remark, trimmed now
            self._remark_below(drafts[-1])
        self._place(drafts)
        self.warn_pending()
        for region in self.regions:  # an id or tags whose region gave no heading card
            if region.pending is not None:
                self.pending = region.pending
                self.warn_pending()
        return drafts

    def _remark_below(self, draft: Draft) -> None:
        """ "In the cytoplasm." and, on the next line, "Let me know if you'd like more!":
        a closing remark with no blank line above it is no part of the last answer."""
        if not draft.answer:
            return
        above, _, remark = draft.answer[-1].rstrip().rpartition("\n")
        if not above.strip() or not chatter.is_chatter(remark) or chatter.is_footer(remark):
            return  # (a line of the answer may well say "© 2023 Jane Doe")
        if above.rstrip().endswith((":", "?", "\uff1a", "\uff1f")):
            return  # "then say:" over the line to learn; a phrase over its translation
        for n in range(draft.end_line - 1, draft.question_line, -1):
            if self.lines[n].strip() == remark.strip():
                draft.answer[-1], draft.end_line = above, n
                return

    def _without_page_links(self, draft: Draft) -> None:
        """An answer without the "**[⬆ back to top](#contents)**" line that ends it: a
        line of the page's frame, like its headings, in no card and said of in none."""
        answer, starts = draft.answer, draft.answer_starts
        while answer and chatter.is_page_link(answer[-1]):  # the only part: no answer
            answer.pop()
            if len(starts) > len(answer):
                end, draft.end_line = draft.end_line, starts.pop()
                self.kept.update(range(draft.end_line, end))

    def _settle_pending(self, heading: Block | None) -> Draft | None:
        """Ids and tags written where no card was open, met by a heading (None: the page's
        end). Right above the heading, they are for its region's card: returned. Else
        they are for the card of the region they are in, if it has none yet ("## What is
        a move?", its answer, then "#ownership")."""
        pending = self.pending
        if not (pending.id or pending.tags) or pending.title:
            return None  # nothing, or a bold title waiting for its question
        fresh = Draft("", question_line=-1)
        region = self.region
        if (
            heading is not None
            and pending.end_line + 1 == heading.start
            and (pending.id or not self._heading_card_above())
        ):
            self.pending = fresh
            return pending
        if region.heading is None or region.drafts:
            return None
        if region.pending is None:
            region.pending, self.pending = pending, fresh
        elif not (pending.id and region.pending.id):  # an id above the heading, tags below
            region.pending.id = region.pending.id or pending.id
            region.pending.tags = [*region.pending.tags, *pending.tags]
            self.pending = fresh
        return None

    def _heading_card_above(self) -> bool:
        """Whether the region the walk is in will be a heading card: a question (or
        "Card 7") heading with text of its own and no card yet. Tags at the end of its
        text, even right above the next heading, are that card's ("#ownership" after
        the answer); an id there names the next card, as the README says."""
        region = self.region
        return self._may_be_heading_card(region) and any(
            b.start >= region.heading.end for b in region.loose
        )

    @staticmethod
    def _may_be_heading_card(region: Region) -> bool:
        heading = region.heading
        return (
            heading is not None
            and not region.drafts
            and (region.question_like or is_generic(heading.text))
        )

    def _keep_loose(self, block: Block) -> None:
        """A block in no card yet, but for the tag lines that end a paragraph of a heading
        card's text ("The value changes owner." / "#ownership"): that card's tags."""
        region = self.region
        if block.kind == "paragraph" and self._may_be_heading_card(region):
            n = block.end
            while n > block.start and _TAG_LINE.fullmatch(self.lines[n - 1]):
                n -= 1
            if block.start < n < block.end:
                region.keep_loose(Block("paragraph", block.start, n))
                self.paragraph(Block("paragraph", n, block.end), None)  # the tags wait
                return
        region.keep_loose(block)

    def _before_heading_marks(self, block: Block, take=None) -> bool:
        """Ids or tags right above a heading are the next card's: what waits from earlier
        in the region ("#ownership" after its answer) is settled first, as this region's.
        Then ``take(block)``, if given; its result (True without it)."""
        pending = self.pending
        # Else nothing waits to be settled, or it is right above this block: one run of
        # marks ("<!-- id: x -->" then "#tag") right above the heading, read together.
        if (
            (pending.id or pending.tags)
            and pending.end_line + 1 != block.start
            and self._marks_then_heading(block.end)
        ):
            self._settle_pending(None)
        return take(block) if take is not None else True

    def _marks_then_heading(self, line_no: int) -> bool:
        """Whether a heading starts at ``line_no``, past a few more lines of tags or ids."""
        lines = self.lines
        for n in range(line_no, min(line_no + 20, len(lines))):  # a run of marks is short
            line = lines[n]
            if line.lstrip().startswith("#") and _ATX.fullmatch(line):
                return True
            if not (_TAG_LINE.fullmatch(line) or _ID_COMMENT.fullmatch(line.strip())):
                return False
        return False

    def _region_pending(self) -> None:
        """Before a card is made: the region's id and tags wait for its first card."""
        region = self.region
        waiting = self.pending
        if (
            region.pending is not None
            and not region.drafts
            and not (waiting.id or waiting.tags or waiting.title)
        ):
            self.pending, region.pending = region.pending, None

    def label(self, label: Label, line_no: int, heading: Block | None):
        if label.role == QUESTION:
            self._region_pending()
        return super().label(label, line_no, heading)

    def _labelled_heading(self, block: Block) -> None:
        """ "## Q: What is X?" with "A: ..." below it: a heading that starts with a question
        label opens that card, as the label line would. (Without an answer label below,
        it stays a heading card, whose question keeps the label, as it always has.)"""
        text = block.text
        if not _LABEL_MARK.search(text) or (quick := match_label(text)) is None:
            return  # most headings: no label
        if quick.role != QUESTION:
            return
        source = _heading_source(self.doc, block)
        label = match_label(source) if "\n" not in source else None
        if label is None or label.role != QUESTION or not label.text(source).strip():
            return
        lines, n = self.lines, block.end
        while n < len(lines) and not lines[n].strip():
            n += 1
        answer = match_label(lines[n]) if n < len(lines) else None
        if answer is None or answer.word not in ANSWERS_TO[label.word]:
            return
        self.label(label, block.start, None)
        if self.current is not None:
            self.current.add(label.text(source).strip(), block.end, block.start)
            self.current.heading = block

    def _answered_heading(self, block: Block) -> None:
        """ "### What does X do?" with "**Answer:** ..." right below it, or "### Card 1",
        a question paragraph, then "A: ...": the heading (or that paragraph) asks, as a
        question label would."""
        generic = is_generic(block.text)
        if not generic and not question_like(block.text):
            return  # "# Chemistry" over a stray "A:": a title, not a question
        below = self._block_after(block)
        if below is None or below.kind != "paragraph" or match_label(block.text) is not None:
            return
        found, asked = match_label(self.lines[below.start]), None
        if found is None and generic:  # the paragraph below asks, the one after answers
            asked, below = below.start, self._block_after(below)
            if below is None or below.kind != "paragraph":
                return
            found = match_label(self.lines[below.start])
        if found is None or found.role != ANSWER:
            return
        self._open(found, block.start if asked is None else asked)
        if self.current is not None:
            self.current.heading = block
            if asked is None:  # "### 1. What is X?": the number is no part of it
                question = _without_number(_heading_source(self.doc, block))
                self.current.add(question, block.end, block.start)
            else:
                self.current.title = block.text

    def asked_above(self, label: Label, line_no: int) -> bool:
        """ "What does this print?", its code, then "Answer: 2": an answer label with no
        question open, right below a question and what it shows, answers them. After
        another card's answer, which took them in, they are given back first."""
        if self.current is not None:
            return self._question_in_answer(label, line_no)
        loose = self.region.loose
        if not loose:
            return False
        if self._heading_asks(label, line_no):
            return True
        first = len(loose) - 1
        while first > 0 and (loose[first].kind != "paragraph" or self._choices(loose[first])):
            first -= 1  # code, a list, a table or the choices the question shows
        asked = loose[first:]
        ends = {b.end for b in asked}
        text = self.doc.source(asked[0].start, asked[0].end).rstrip()
        if (
            asked[0].kind != "paragraph"
            or not (question_like(text) or text.endswith((":", "\uff1a")))
            or any(self._gap(b.start) not in ends for b in asked[1:])  # one run of blocks
            or self._gap(line_no) != asked[-1].end  # right above the answer label
        ):
            return False
        self._open(label, asked[0].start)
        assert self.current is not None
        for b in asked:
            self.current.add(self.doc.source(b.start, b.end), b.end, b.start)
        del loose[first:]
        return True

    def _choices(self, block: Block) -> bool:
        """Whether a paragraph is a multiple choice's options: "A) x" lines, or "① x ② y"."""
        text = self.doc.source(block.start, block.end)
        return options_only(text) or _CIRCLED.match(text) is not None

    def _heading_asks(self, label: Label, until: int) -> bool:
        """ "### 1. Which command shows the state?", its options ("A. git log", ...), then
        "**Answer:** B" at line ``until``: the heading asks, and what lies between it and
        the answer label, in one run of blocks, is part of the question (as a quiz shows
        its choices)."""
        region, loose = self.region, self.region.loose
        heading = region.heading
        if heading is None or region.drafts or self.current is not None:
            return False
        numbered = not question_like(heading.text) and heading_words.NUMBERED_TASK.match(
            heading_words.words(heading.text)
        )
        # "#### 1) Name the admin account on the VM." asks as a question does
        told = heading.text.rstrip(" *_").endswith((".", "\u3002"))
        if not (question_like(heading.text) or is_generic(heading.text) or numbered or told):
            return False
        ends = {heading.end, *(b.end for b in loose)}
        if (
            any(b.start < heading.end for b in loose)
            or any(self._gap(b.start) not in ends for b in loose)  # one run of blocks
            or self._gap(until) != (loose[-1].end if loose else heading.end)
        ):
            return False
        self._open(label, heading.start)
        current = self.current
        assert current is not None
        current.heading = heading
        if is_generic(heading.text) or numbered:  # "### Question 4": the paragraphs below ask
            current.title = heading.text
        else:
            question = _without_number(_heading_source(self.doc, heading))
            current.add(question, heading.end, heading.start)
        for b in loose:
            current.add(self.doc.source(b.start, b.end), b.end, b.start)
        region.loose = []
        return True

    def asked_in(self, lines: list[str], start: int, label: Label) -> bool:
        """ "**3. A falling stone's acceleration is about:**", its options, then "**Answer:
        C**", in one paragraph: the lines above the answer label ask, when the first
        (bold or not, without its number) is a question or ends in a colon."""
        if self._asking():
            return False  # the lines are the open question's
        kept = len(lines)
        while kept > 1 and lines[kept - 1].strip() in ("?", "??"):
            kept -= 1  # Obsidian's separator, over an answer label as well
        lines = lines[:kept]
        bold = _WHOLE_BOLD.fullmatch(lines[0])
        first = bold.group("text") if bold else lines[0].strip()
        if bold and (number := _CARD_NUMBER.match(first)):
            first = first[number.end() :]
        if not first or not (question_like(first) or first.endswith((":", "\uff1a"))):
            # The options of a question heading above: "A. Ctrl + Home", "B. Home"
            if self._heading_asks(label, start):
                self.current.add("\n".join(lines), start + len(lines), start)
                return True
            return False
        self.close()
        self._open(label, start)
        assert self.current is not None
        self.current.add("\n".join([first, *lines[1:]]), start + len(lines), start)
        return True

    def _question_in_answer(self, label: Label, line_no: int) -> bool:
        current = self.current
        assert current is not None
        parts, starts = current.answer, current.answer_starts
        if current.answer_line is None or len(parts) != len(starts) or len(parts) < 2:
            return False
        asked = next(
            (k for k in range(len(parts) - 1, 0, -1) if question_like(parts[k].strip())), None
        )
        if asked is None:
            return False
        moved = list(zip(parts[asked:], [*starts[asked + 1 :], self._gap(line_no)], strict=True))
        first = starts[asked]
        del parts[asked:], starts[asked:]
        current.end_line = first
        self.close()
        self._open(label, first)
        assert self.current is not None
        start = first
        for text, end in moved:
            self.current.add(text, end, start)
            start = end
        return True

    def _open(self, answer: Label, line_no: int) -> None:
        """Open a card at ``line_no``, as a question label of ``answer``'s family would."""
        word = next(q for q, answers in ANSWERS_TO.items() if answer.word in answers)
        self.label(Label(QUESTION, 0, word, 0), line_no, None)

    def _quoted_answer(self, block: Block) -> list[Draft] | None:
        """ "**1.** Compute the premium ..." over a quote that answers it, "> **Solution:**
        ..." (a textbook's worked problems): one card, the quote without its label."""
        if block.kind != "other" or not self.lines[block.start].lstrip().startswith(">"):
            return None
        lines = [_QUOTE_MARK.sub("", line, count=1) for line in self.lines[block.start : block.end]]
        label = _QUOTED_ANSWER.match(lines[0])
        loose = self.region.loose
        if label is None or not loose or loose[-1].kind != "paragraph":
            return None
        asked = loose[-1]
        text = self.doc.source(asked.start, asked.end).strip()
        numbered = _without_number(text) != text
        if self._gap(block.start) != asked.end or not (numbered or question_like(text)):
            return None
        answer = "\n".join([lines[0][label.end() :], *lines[1:]]).strip()
        if not answer:
            return None
        loose.pop()
        draft = Draft("", asked.start, answer_line=block.start, end_line=block.end, shape="labels")
        draft.question.append(_without_number(text))
        draft.answer.append(answer)
        return [draft]

    def _gap(self, line: int) -> int:
        """Where the text before a line ends: the line after the last line with text."""
        n = line
        while n > 0 and not self.lines[n - 1].strip():
            n -= 1
        return n

    def _wrapped_labels(self, block: Block) -> Block | None:
        """The lines inside a "<div>" ... "</div>" block when they hold labels, as notes
        apps export a card ("<div>", "Q: ...", "A: ...", "</div>"): a paragraph of them."""
        if block.end - block.start < 3:
            return None
        first, last = self.lines[block.start].strip(), self.lines[block.end - 1].strip()
        if not (_WRAPPER_OPEN.fullmatch(first) and _WRAPPER_CLOSE.fullmatch(last)):
            return None
        inner = Block("paragraph", block.start + 1, block.end - 1)
        labels = (match_label(line) for line in self.lines[inner.start : inner.end])
        # a question among them: "A: Hi!" / "B: Hello" in a <div> is a dialogue
        return inner if any(label and label.role == QUESTION for label in labels) else None

    def _labelled(self, block: Block) -> bool:
        """Whether a paragraph holds a label, or only tags, ids and card titles."""
        source = self.doc.source(block.start, block.end)
        if (
            (block.asks > 0 and "<!--" not in source)  # the parse found a question label
            or has_label_line(_ID_COMMENT.sub("", source))
            or (self.bold_questions and _BOLD_QUESTION_LINES.search(source))
        ):
            return True
        lines = source.split("\n")
        if not all(
            _TAG_LINE.fullmatch(line)
            or _TITLE_LINE.fullmatch(line)
            or not _ID_COMMENT.sub("", line).strip()
            for line in lines
        ):
            return False
        if any(_TAG_LINE.fullmatch(line) or _ID_COMMENT.search(line) for line in lines):
            return True
        # "**Card 2**" alone, after a rule, above the next question: that card's title.
        return self.question_follows(block.end - 1)

    # --- shapes other than labels ---------------------------------------------------

    def recognise(self, block: Block) -> list[Draft] | None:
        """The cards a block is made of, or None if it is not made of cards."""
        region = self.region
        heading = region.heading
        if _answer_heading(heading):
            return None  # "### Answer": its text answers the heading above, whatever it holds
        if heading is not None and (region.question_like or is_generic(heading.text)):
            # One card: a question heading's text is its answer; "Card 7"'s too. But a
            # "<details>" that only says "Answer" hides that card's answer, and a later
            # one with a question right above it is a card of its own.
            if not self._reveals(block):
                return None
            if not region.drafts or self._paragraph_above(block):
                return self.details_cards(block)
            # A second reveal right after the first ("Hint", then "Answer"): more answer.
            last, more = region.drafts[-1], self.details_cards(block) or []
            for draft in more:
                last.add("\n\n".join(draft.answer), draft.end_line, draft.answer_line)
            return []
        found = self.shaped(block)
        inferred = found and all(d.shape in ("list", "vocabulary") for d in found)
        if inferred and self._in_summing_up():
            return None  # "## Key takeaways" over "- **Term**: ...": no cards
        return found

    def _sr_after_heading_answer(self, block: Block) -> bool:
        """``Question::Answer`` lines that end a paragraph of a question heading's answer
        ("### What is a cell?", its answer, then "Mitochondria::Make ATP."): cards of
        their own, in the heading's part of the page but not the heading's card. True if
        the paragraph held such lines after some answer; the answer is kept."""
        region = self.region
        heading = region.heading
        if heading is None or not (region.question_like or is_generic(heading.text)):
            return False  # elsewhere such lines are read as cards anyway (line_cards)
        tail = self._sr_tail(block.start, block.end)
        answered = any(b.start >= heading.end for b in region.loose)
        if tail == block.end or (tail == block.start and not answered):
            return False
        if tail > block.start:
            region.keep_loose(Block("paragraph", block.start, tail))
        side = Region(None, region)  # a heading's sub-part with no heading of its own
        self.regions.append(side)
        drafts = self._sr_cards(tail, block.end)
        side.drafts += drafts
        self.drafts += drafts
        return True

    def _reveals(self, block: Block) -> bool:
        """Whether a block is a ``<details>`` whose summary only says "Answer"."""
        summary = self._summary(block)
        return summary is not None and is_reveal(summary)

    def _summary(self, block: Block) -> str | None:
        """The summary of the ``<details>`` a block starts (None: it starts none)."""
        if block.kind != "html" or not self.lines[block.start].lstrip().lower().startswith(
            "<details"
        ):
            return None
        found = _DETAILS.search(self.doc.source(block.start, self._details_end(block)))
        return found.group("summary") if found is not None else None

    def _paragraph_above(self, block: Block) -> bool:
        above = self.region.loose[-1] if self.region.loose else None
        return above is not None and above.kind == "paragraph" and above.end + 1 >= block.start

    @cached_property
    def percent_page(self) -> bool:
        """Whether the page is ankdown's: two or more "%" lines between its sides. Then the
        blocks of an answer (a list of bold terms) are no cards of their own."""
        if "%\n" not in self.doc.lines.text:
            return False  # most pages, at the cost of one pass in C
        marks = (b for b in self.doc.blocks if self._percent(b))  # not "%" lines in code
        return next(marks, None) is not None and next(marks, None) is not None

    def shaped(self, block: Block) -> list[Draft] | None:
        """The cards of a block of a shape other than labels, if it is one."""
        if self.percent_page:
            return None  # see percent_cards
        first = self.lines[block.start]
        if block.kind == "table":
            return self.table_cards(block)
        if block.kind == "paragraph":
            return (
                self.toggle_card(block)
                or self.arrow_card(block)
                or self.highlight_cloze(block)
                or self.definition_cards(block)
                or self.line_cards(block)
            )
        if block.kind == "other" and LIST_ITEM.match(first):
            return self.list_cards(block)
        if block.kind == "other" and _BARE_FENCE.match(first):
            return self.fenced_line_cards(block)
        if block.kind == "html" and first.lstrip().lower().startswith("<details"):
            return self.details_cards(block)
        if block.kind == "other" and _CALLOUT.match(first):
            return self.callout_cards(block)
        return None

    def table_cards(self, block: Block) -> list[Draft] | None:
        """Each body row a card: in two-column tables, and in wider ones whose header
        names a question and an answer column ("# | Question | Answer"). When some table
        of the page names them ("Term | Definition"), in such tables only."""
        rows = block.rows
        if len(rows) < 2:
            return None
        header = rows[0][1]
        if len(header) < 2:
            return None  # one column: a list in a box, no question beside an answer
        columns = named_columns(header)
        prose = block.start < self.prose_until
        wide = len(header) != 2 and not self.wide_tables
        if columns is None and (self.headed_tables or prose or wide):
            return None
        if _contents(self.region.heading):
            return None  # "## Table of Contents" over "| No. | Questions |": links, no cards
        asks, answers = columns or (0, 1)
        extra = extra_columns(rows, asks, answers)
        if columns is None and len(header) == 2 and extra_columns(rows, 1, 1) != [0]:
            # "| # | Card |": one column numbers the other, whose cells may be whole cards
            # ("Vraag: ... <br> Antwoord: ...") or, in a table of contents, links only.
            if (numbered := self._numbered_cells(rows)) is not None:
                return numbered
            if all(_IN_PAGE_LINK.search(cells[-1]) for _, cells in rows[1:]):
                return None
        self.kept.update(range(block.start, rows[1][0]))  # the header and its underline
        stem = _stem(header[asks], header[answers]) if columns is None else ""
        drafts = []
        for line, cells in rows[1:]:
            if max(asks, answers) >= len(cells):
                continue
            draft = Draft("", line, answer_line=line, end_line=line + 1, shape="table")
            asked = cells[asks]
            if stem:  # "Which planet…" over "…is closest to the Sun?": one sentence
                asked = f"{stem} {asked.lstrip().removeprefix('…').removeprefix('...')}"
            draft.question.append(asked)
            draft.answer.append(cells[answers])
            for n in extra:  # "**Example:** Hablo español." under the meaning
                if n < len(cells) and cells[n].strip():
                    title = header[n].strip()
                    draft.answer.append(f"**{title}:** {cells[n]}" if title else cells[n])
            drafts.append(draft)
        return drafts or None

    def _numbered_cells(self, rows: list) -> list[Draft] | None:
        """The cards of a table of one numbered column of cards, each a question label
        and an answer label apart ("<br>" or a line break): all of them, or None."""
        drafts = []
        for line, cells in rows[1:]:
            parts = _LINE_BREAK.split(cells[1].strip()) if len(cells) > 1 else []
            asked = match_label(parts[0]) if len(parts) >= 2 else None
            answered = match_label(parts[1]) if asked else None
            if not (asked and answered and asked.role == QUESTION and answered.role == ANSWER):
                return None
            draft = Draft("", line, answer_line=line, end_line=line + 1, shape="table")
            draft.question.append(asked.text(parts[0]).strip())
            draft.answer.append("\n".join([answered.text(parts[1]).strip(), *parts[2:]]))
            drafts.append(draft)
        self.kept.update(range(rows[0][0], rows[1][0]))  # the header and its underline
        return drafts or None

    def fenced_line_cards(self, block: Block) -> list[Draft] | None:
        """A note to copy into Obsidian, in a fence that names no language: its
        ``Question::Answer`` lines (all but a tag line or two, "#flashcards/helix") are
        cards, as they will be there. Code's "std::vector" lines are no such cards."""
        end = block.end - 1 if _BARE_FENCE.match(self.lines[block.end - 1]) else block.end
        written = [
            n
            for n in range(block.start + 1, end)
            if self.lines[n].strip() and not _TAG_LINE.fullmatch(self.lines[n])
        ]
        found = [(n, split) for n in written if (split := sr_card(self.lines[n])) is not None]
        if len(found) < 2 or len(found) * 5 < len(written) * 4:  # four in five, at least
            return None
        drafts = [_split_card(split, n, n + 1, shape="obsidian") for n, split in found]
        taken = {n for n, _ in found}
        self.kept.update(n for n in range(block.start, block.end) if n not in taken)
        return drafts

    @cached_property
    def flashcards_tag(self) -> bool:
        """Whether the page is tagged ``#flashcards`` (Obsidian Spaced Repetition's mark)."""
        text = self.doc.lines.text
        return "#flashcards" in text and _FLASHCARDS_TAG.search(text) is not None

    def highlight_cloze(self, block: Block) -> list[Draft] | None:
        """Obsidian Spaced Repetition's cloze: on a page tagged #flashcards, a paragraph
        with ==highlighted== words hides each of them (c1, c2...); its ``<!--SR:...-->``
        scheduling comment is left out."""
        if not self.flashcards_tag:
            return None
        text = SR_COMMENT.sub("", self.doc.source(block.start, block.end)).strip()
        if "==" not in text or not _HIGHLIGHT.search(_CODE_SPAN.sub(" ", text)):
            return None
        if any("==" in span for span in _CODE_SPAN.findall(text)):
            return None  # "`a == b`": code, not a highlight
        draft = Draft("", block.start, end_line=block.end, shape="cloze")
        draft.question.append(as_clozes(_HIGHLIGHT, text))
        return [draft]

    def line_cards(self, block: Block) -> list[Draft] | None:
        """Cards a line each (Obsidian's ``::``, Quizlet's tab, a cloze), or a multi-line
        Obsidian card around a ``?`` line."""
        lines = self.lines[block.start : block.end]
        separator = next((i for i, line in enumerate(lines) if line.strip() in ("?", "??")), None)
        if separator is not None and separator > 0:
            return self.multi_line_card(block, separator)
        parent = self._parent_of_list(block)
        if parent is not None:
            above = Block("paragraph", block.start, block.end - 1)
            found = self.line_cards(above) if above.end > above.start else []
            if found is None:
                self.region.keep_loose(above)
            return [*(found or []), parent]
        found: list[Draft] = []
        splits = (("obsidian", sr_split), ("quizlet", tab_split), ("cloze", cloze_split))
        colon = self.colon_vocabulary
        vocab = ("", no_split)
        run = self.line_runs.get(block.start) if self.rule_cards else None
        if run is not None:  # one run, many paragraphs: read once
            colon = self.run_vocabulary(run)
        elif not colon and bold_terms(lines) and block.start >= self.prose_until:
            colon = True  # "**Inflation**: ..." lines: a term's colon is plain in bold
        # A note among vocabulary lines ("*Remember: 便利 is a な-adjective.*") is no card,
        # and does not make the others prose.
        words = [line for line in lines if not chatter.is_aside(line)]
        if colon is not None and (run is not None or all_vocabulary(words, colon)):
            vocab = ("vocabulary", lambda line: vocab_split(line, colon, among_vocabulary=True))
        elif colon is False and mixed_vocabulary(words) and block.start >= self.prose_until:
            vocab = ("vocabulary", either_split)
        asking = ("list", ask_split if all_asking(lines) else no_split)
        for shape, split in (*splits, ("list", bold_split), asking, vocab):
            found = []
            for i, end, line in wrapped_lines(lines) if shape == "cloze" else each_line(lines):
                parts = split(line)
                if parts is None:
                    extra = _EXTRA_LINE.match(line) if shape == "cloze" and found else None
                    if extra is not None and found[-1].end_line == block.start + i:
                        # "Extra: ..." right below a cloze line: Anki's Back Extra
                        found[-1].answer_line = block.start + i
                        found[-1].answer.append(line[extra.end() :].strip())
                        found[-1].end_line = block.start + end
                    continue
                question, answer, reverse = parts
                n = block.start + i
                draft = Draft("", n, answer_line=n if answer else None, shape=shape)
                draft.end_line = block.start + end
                draft.question.append(question)
                if answer:
                    draft.answer.append(answer)
                if reverse:
                    draft.tags = [*draft.tags, REVERSE_TAG]
                found.append(draft)
            if found and (shape != "quizlet" or len(found) > 1 or len(lines) == 1):
                break
            found = []
        if not found:
            return None
        taken = {n for d in found for n in range(d.question_line, d.end_line)}
        rest = [
            n for n in range(block.start, block.end) if n not in taken and self.lines[n].strip()
        ]
        self.region.keep_loose(*(Block("paragraph", n, n + 1) for n in rest))
        return found

    def _parent_of_list(self, block: Block, strict: bool = False) -> Draft | None:
        """A paragraph whose last line ends with a separator ("What are the three layers?
        ::"), right above a list: a card whose answer is that list (taken: skipped)."""
        last = block.end - 1
        parent = trailing_separator(self.lines[last], strict)
        if parent is None:
            return None
        blocks = self.doc.blocks
        blank = block.end < len(self.lines) and not self.lines[block.end].strip()
        i = bisect_left(blocks, block.end, key=_start)
        below = blocks[i] if i < len(blocks) else None
        if (
            below is None
            or below.kind != "other"
            or not LIST_ITEM.match(self.lines[below.start])
            # the list right below, or after one blank line
            or not (below.start == block.end or (below.start == block.end + 1 and blank))
        ):
            return None
        self.skip_until = below.end
        card = self._children_card(parent, last, self.doc.source(below.start, below.end))
        card.end_line = below.end
        return card

    @staticmethod
    def _children_card(parent: tuple[str, bool, bool], line: int, children: str) -> Draft:
        """The card of a parent line ending with a separator and the lines below it."""
        question, backward, both = parent
        draft = Draft("", line, answer_line=line + 1, shape="remnote")
        if backward:  # "Madrid <<" over its children: the children ask
            question, children = children, question
        draft.question.append(question)
        draft.answer.append(children)
        if both:
            draft.tags = [REVERSE_TAG]
        return draft

    def multi_line_card(self, block: Block, separator: int) -> list[Draft]:
        """Question lines, ``?`` (``??``: both ways), answer lines up to a blank line or
        to the ``Question::Answer`` lines that end them (each a card, as Obsidian reads
        them)."""
        lines = self.lines
        mark = block.start + separator
        end = mark + 1
        while end < len(lines) and lines[end].strip():
            end += 1
        self.skip_until = end
        tail = self._sr_tail(mark + 1, end)
        if tail == mark + 1:
            tail = end  # no answer but such lines: they are the answer, as they always were
        more = self._sr_cards(tail, end)
        end = tail
        first, tags = block.start, []
        while first < mark - 1 and _TAG_LINE.fullmatch(lines[first]) and _word_tags(lines[first]):
            # "#flashcards/algo" (the deck marker) or "#exam" right above the question
            tags += [t[1:] for t in lines[first].split() if not _SR_DECK_TAG.match(t)]
            self.kept.add(first)
            first += 1
        question = SR_COMMENT.sub("", self.doc.source(first, mark)).strip()
        answer = SR_COMMENT.sub("", self.doc.source(mark + 1, end)).strip()
        draft = Draft("", first, answer_line=mark + 1 if answer else None, end_line=end)
        draft.shape = "obsidian"
        draft.tags = tags
        draft.question.append(question)
        if answer:
            draft.answer.append(answer)
        if lines[mark].strip() == "??":
            draft.tags = [*draft.tags, REVERSE_TAG]
        return [draft, *more]

    def logseq_cards(self, block: Block) -> list[Draft] | None:
        """Logseq's ``- question #card`` items, at any depth; the item's children are the
        answer, its properties (``card-last-interval:: 4``) left out."""
        lines = self.lines[block.start : block.end]
        drafts = []
        for start, end, text in list_items(lines, nested=True):
            first, _, rest = text.partition("\n")
            if not LOGSEQ_CARD.search(first):
                if LOGSEQ_CARD.search(rest):  # an outline's parent: like a section heading
                    self.kept.add(block.start + start)
                continue
            n = block.start + start
            question = LOGSEQ_CLOZE.sub(r"{{c1::\1}}", LOGSEQ_CARD.sub("", first)).strip()
            answer = [line for line in rest.split("\n") if not PROPERTY.match(line)]
            children = "\n".join(dedent(answer)).strip()
            draft = Draft("", n, end_line=block.start + end, shape="logseq")
            draft.question.append(question)
            if children:
                draft.answer_line = n + 1
                draft.answer.append(children)
            drafts.append(draft)
        return drafts or None

    def list_cards(self, block: Block) -> list[Draft] | None:
        """A list whose items start with a bold question, or hold a cloze each."""
        if "#card" in self.doc.source(block.start, block.end):
            return self.logseq_cards(block)
        lines = self.lines[block.start : block.end]
        if under := self._answer_under_item(block):
            tail, shift = under
            lines += [" " * shift + line for line in self.lines[tail.start : tail.end]]
        items = list_items(lines)
        if not under and (choice := self._choices_then_answer(block, items)) is not None:
            return [choice]
        colon = self.colon_vocabulary
        # "* la madre -> the mother" over a note of two lines: the note is the meaning's,
        # when most items are a line each (else the items are more than words).
        firsts = [text.strip().split("\n", 1)[0] for _, _, text in items]
        noted = sum("\n" in text.strip() for _, _, text in items)
        vocabulary = noted * 3 <= len(items) and all_vocabulary(firsts, colon)
        if vocabulary and _ORDERED.match(self.lines[block.start]):
            # "1. Client → server: SYN": numbered steps, each from one to the next
            vocabulary = not any(_ARROW.search(text) for _, _, text in items)
        # "- Which drugs cause SIADH? — ..." items: two or more make them cards
        asking = sum(1 for _, _, text in items if "\n" not in text.strip() and ask_split(text))
        # "- **Drug**: Lisinopril" over its facts, "- **Drug**: Losartan" over its own: the
        # same bold word over every item names the kind; what follows it is the subject.
        leads = [_lead(text) for _, _, text in items]
        kind = leads[0][0] if len(leads) > 1 and len(set(n for n, _ in leads)) == 1 else None
        if kind and any(len(rest.split()) > 6 for _, rest in leads):
            kind = None  # "- **bank**: a business that lends money": one word's meanings
        found, rest = [], []
        for start, end, text in items:
            n = block.start + start
            lead = BOLD_LEAD.fullmatch(text.split("\n", 1)[0])
            if lead and _OPTION_LEAD.fullmatch(lead.group("question")):
                lead = None  # "- **A.** save": a multiple choice's option, no term
            first, _, note = text.strip().partition("\n")
            if vocabulary and (split := vocab_split(first, colon, among_vocabulary=True)):
                draft = Draft("", n, answer_line=n, end_line=block.start + end, shape="vocabulary")
                draft.question.append(split[0])
                draft.answer.append(split[1])
                if note.strip():  # without the "**" that nests it as a wiki's lists do
                    draft.answer.append(_WIKI_BULLET.sub("", textwrap.dedent(note).strip()))
                found.append(draft)
                continue
            split = sr_split(text) if "\n" not in text.strip() else None
            first, _, below = text.partition("\n")
            parent = trailing_separator(first) if below.strip() else None
            if parent is not None:
                # "- What are the three layers? ::" with the answer in its children
                draft = self._children_card(parent, n, textwrap.dedent(below).strip())
                draft.end_line = block.start + end
            elif split is not None:
                draft = _split_card(split, n, block.start + end)
            elif asking > 1 and "\n" not in text.strip() and (asked := ask_split(text)):
                draft = _split_card(asked, n, block.start + end, shape="list")
            elif below.strip() and (nested := _nested_cards(n, below, self.kept)):
                found += nested  # "- History" over "- When was Joseon founded? >> 1392"
                self.kept.add(n)  # the topic: a title over its cards
                continue
            elif has_cloze(text):
                draft = Draft("", n, end_line=block.start + end, shape="cloze")
                cloze, extra = _EXTRA.split(text, maxsplit=1) if _EXTRA.search(text) else (text, "")
                draft.question.append(cloze)
                if extra.strip():  # "Extra: ..." below the sentence: Anki's Back Extra
                    draft.answer_line = n + cloze.count("\n") + 1
                    draft.answer.append(textwrap.dedent(extra).strip())
            elif below.strip() and (children := labelled_children(below)):
                # "- **Flashcard 1:**" over "- *Anverso:* ..." and "- *Reverso:* ...": the
                # sub-items' labels make the card; the item's own line titles it.
                draft = Draft(first.strip().strip("*_: "), n, shape="list")
                draft.question.append(children[0])
                draft.answer_line = n + children[2]
                draft.answer.append(children[1])
                draft.end_line = block.start + end
            elif inline := _inline_reveal(text):
                # "1. What does Model give? <details><summary>Answer</summary>..." on a line
                draft = Draft("", n, answer_line=n, end_line=block.start + end, shape="list")
                draft.question.append(inline[0])
                draft.answer.append(inline[1])
            elif labelled := answer_labelled(text):
                # "1. The atomic number of carbon is ____." over "   Answer: 6"; a question
                # with its options a)-d) over "Answer: c": the options are the question's
                draft = Draft("", n, answer_line=n + labelled[2], shape="list")
                draft.end_line = block.start + end
                draft.question.append(labelled[0])
                draft.answer.append(labelled[1])
            elif (
                not lead
                and question_like(first)
                and below.strip()
                and not (self.has_answer_key and options_only(below))  # answered below
            ):
                # "1. What does DNS do?" with its answer on the lines below it
                draft = Draft("", n, answer_line=n + 1, end_line=block.start + end, shape="list")
                draft.question.append(first.strip())
                answer = textwrap.dedent(below).strip()
                if first.lstrip()[:2].lower() == "q.":  # "Q. ..." over "A. ...": both labels
                    answer = without_answer_mark(answer)
                draft.answer.append(answer)
            elif (
                lead
                and (lead.group("rest").strip() or "\n" in text.strip())
                and (block.start >= self.prose_until or _asks_or_defines(lead))
                and not (self._in_answer_key() and _ITEM_NUMBER.match(self.lines[n]))
                # "1. **Which disk ...?**" over its options, answered by a key below
                and not (
                    self.has_answer_key and not lead.group("rest").strip() and options_only(below)
                )
            ):
                answer = "\n".join([lead.group("rest"), *text.split("\n")[1:]]).strip()
                answer = _revealed(textwrap.dedent(answer).strip())
                draft = Draft("", n, answer_line=n, end_line=block.start + end, shape="list")
                question = lead.group("question").rstrip(":\uff1a").strip()
                if kind and below.strip() and lead.group("rest").strip():
                    question, answer = lead.group("rest").strip(), textwrap.dedent(below).strip()
                label = match_label(question)  # "**Q1 - What is X?**": the label is no part
                if label is not None and label.role == QUESTION and question[label.start :].strip():
                    question = label.text(question).strip()
                code, answer = _asked_code(question, answer)
                draft.question.append(f"{question}\n\n{code}" if code else question)
                draft.answer.append(answer)
            else:
                rest.append((start, end))
                continue
            found.append(draft)
        if not found or len(found) < len(rest):
            return None
        self.region.keep_loose(*(Block("other", block.start + s, block.start + e) for s, e in rest))
        if under:
            self.skip_until = max(self.skip_until, under[0].end)  # read with this list
        return found

    def _choices_then_answer(self, block: Block, items: list[tuple[int, int, str]]) -> Draft | None:
        """ "**Question 1**" over "What is ...?", then a list of its choices whose next
        item is its answer ("* **Correct Answer:** B) ...", maybe more items after it):
        one card, the choices on the front, the paragraph above asking."""
        labels = [match_label(text.split("\n", 1)[0]) for _, _, text in items]
        k = next((n for n, label in enumerate(labels) if label is not None), None)
        if k is None or k < 2 or labels[k].role != ANSWER:
            return None
        if not all(OPTION_ITEM.match(text) for _, _, text in items[:k]):
            return None
        loose = self.region.loose
        above = loose[-1] if loose else None
        if above is None or above.kind != "paragraph" or self._gap(block.start) != above.end:
            return None
        asked = self.lines[above.start : above.end]
        title = ""
        if len(asked) > 1 and (bold := _TITLE_LINE.fullmatch(asked[0])):
            title, asked = (bold.group("title") or bold.group("numbered")).strip(), asked[1:]
        question = "\n".join(asked).strip()
        if not question_like(question.split("\n")[-1]) and not question.endswith((":", "\uff1a")):
            return None
        loose.pop()
        start, _, text = items[k]
        choices = "\n".join(self.lines[block.start : block.start + start]).rstrip()
        first, _, rest = text.partition("\n")
        # The answer's own lines, then the items after it ("**Why A is wrong:** ..."), as
        # written: a list still.
        after = self.lines[block.start + items[k + 1][0] : block.end] if k + 1 < len(items) else []
        answer = [labels[k].text(first).strip(), textwrap.dedent(rest).strip(), *after]
        draft = Draft(title, above.start, shape="list")
        draft.question.append(f"{question}\n\n{choices}")
        draft.answer_line = block.start + start
        draft.answer.append("\n".join(part for part in answer if part.strip()).strip())
        draft.end_line = block.end
        return draft

    def _answer_under_item(self, block: Block) -> tuple[Block, int] | None:
        """ "1. **What is HTML?**" over " - HyperText Markup Language": a bullet right below
        a numbered item (its first line, or a line of its text), with fewer spaces than
        the item's text has, starts a list of its own for markdown; its writer meant the
        item's answer. That list, and the spaces that make it the item's."""
        after = self._block_after(block)
        if after is None or after.kind != "other" or after.start != block.end:
            return None
        n = block.end - 1  # the first line of the list's last item
        while n > block.start and self.lines[n][:1] in (" ", "\t"):
            n -= 1
        item = _ORDERED_ITEM.match(self.lines[n])
        bullet = _UNDER_BULLET.match(self.lines[after.start])
        if item is None or bullet is None or len(bullet.group(1)) >= item.end():
            return None
        # What follows it as closely, indented (its code, four spaces in): the answer's too.
        while (more := self._block_after(after)) is not None and more.start == after.end:
            if self.lines[more.start][:1] != " " or more.kind in ("heading", "footnote"):
                break
            after = Block("other", after.start, more.end)
        return after, item.end() - len(bullet.group(1))

    def _all_cloze(self, block: Block) -> bool:
        """Whether a block after an answer is a cloze in every line (or list item), while
        the open card itself is not a cloze card."""
        current = self.current
        if current is None or current.answer_line is None or has_cloze("".join(current.question)):
            return False
        if block.kind == "paragraph":
            lines = [line for line in self.lines[block.start : block.end] if line.strip()]
            return all(has_cloze(line) for line in lines)
        if block.kind == "other" and LIST_ITEM.match(self.lines[block.start]):
            items = list_items(self.lines[block.start : block.end])
            return bool(items) and all(has_cloze(text) for _, _, text in items)
        return False

    def _own_cards(self, block: Block) -> bool:
        """Whether a block after an answer is cards of another shape: a table whose header
        names its question and answer columns, or a list of two or more items that each
        start with a bold question and go on with its answer. Not when the answer so far
        ends with a colon ("A: See:"): then it introduces what follows."""
        current = self.current
        if current is None or current.answer_line is None:
            return False
        said = "\n".join(current.answer).rstrip() or self.lines[current.answer_line].rstrip()
        if said.endswith((":", "\uff1a")):
            return False
        if block.kind == "table":
            return len(block.rows) > 1 and named_columns(block.rows[0][1]) is not None
        if block.kind != "other" or not LIST_ITEM.match(self.lines[block.start]):
            return False
        items = list_items(self.lines[block.start : block.end])
        if len(items) > 1 and all(sr_card(text) for _, _, text in items):
            return True  # RemNote's "- Paris >> capital of France" items
        leads = [BOLD_LEAD.fullmatch(text.split("\n", 1)[0]) for _, _, text in items]
        return len(items) > 1 and all(
            lead is not None and question_like(lead.group("question")) and lead.group("rest")
            for lead in leads
        )

    def _vocabulary_after(self, block: Block) -> bool:
        """Whether a paragraph after an answer is two or more vocabulary lines with a dash
        ("el gato (m.) - cat"): cards of their own. Not with "=" ("x = 5" may go on an
        answer), nor after an answer that ends with a colon."""
        current = self.current
        if current is None or current.answer_line is None or block.end - block.start < 2:
            return False
        said = "\n".join(current.answer).rstrip() or self.lines[current.answer_line].rstrip()
        lines = self.lines[block.start : block.end]
        return (
            not said.endswith((":", "\uff1a"))
            and all_vocabulary(lines)
            and not any("=" in line or match_label(line) for line in lines)
        )

    def _close_before_cards(self) -> None:
        """Close the open card before cards of another shape; a bold title that ends its
        answer ("**Vocabulary**") is the title of what follows, not part of the answer."""
        current = self.current
        if (
            current is not None
            and len(current.answer) > 1
            and len(current.answer_starts) == len(current.answer)
        ):
            last = current.answer[-1].strip()
            if "\n" not in last and _TITLE_LINE.fullmatch(last):
                current.answer.pop()
                current.end_line = current.answer_starts.pop()
                self.kept.add(current.end_line)
        self.close()

    def _asks(self, block: Block) -> bool:
        """Whether a block starts ``<details>`` whose summary is a question."""
        summary = self._summary(block)
        return summary is not None and not is_reveal(summary)

    def revealed(self, block: Block) -> bool:
        """A ``<details>`` whose summary says "Answer", below a labelled question: the
        card's answer."""
        if block.kind != "html" or not self.lines[block.start].lstrip().lower().startswith(
            "<details"
        ):
            return False
        end = self._details_end(block)
        match = _DETAILS.fullmatch(self.doc.source(block.start, end).strip())
        if match is None or not is_reveal(match.group("summary")):
            return False
        assert self.current is not None
        self.current.answer_line = block.start
        self.current.add(match.group("body").strip(), end)
        self.skip_until = end
        return True

    def _details_end(self, block: Block) -> int:
        """Where the ``<details>`` that starts ``block`` ends: blank lines end HTML blocks,
        so its body may be several blocks."""
        doc = self.doc
        end = block.end
        blocks = doc.blocks
        for i in range(bisect_left(blocks, block.start, key=_start), len(blocks)):
            other = blocks[i]  # not blocks.index(block): a page of reveals was quadratic
            end = other.end
            if "</details" in doc.source(other.start, other.end).lower():
                break
        return end

    def _one_question_item(self, block: Block) -> bool:
        """Whether a block is a numbered list of one item, a question on one line."""
        if block.kind != "other" or block.end - block.start != 1:
            return False
        line = self.lines[block.start]
        return _ITEM_NUMBER.match(line) is not None and question_like(line)

    def _asking_run(self, block: Block) -> int | None:
        """Where, in the region's loose blocks, the question right above ``block`` starts:
        the last paragraph, with the lists, code or tables after it, in one run of blocks
        up to ``block``; None if there is none."""
        loose = self.region.loose
        first = len(loose) - 1
        while first >= 0 and loose[first].kind in ("other", "table"):
            first -= 1
        if first < 0 or loose[first].kind != "paragraph":
            # "2. Does Y merge both files?", a list of that one question, right above
            if not loose or not self._one_question_item(loose[-1]):
                return None
            first = len(loose) - 1
        ends = [b.end for b in loose[first:]]
        starts = [b.start for b in loose[first + 1 :]] + [block.start]
        if any(self._gap(start) != end for start, end in zip(starts, ends, strict=True)):
            return None
        return first

    def details_cards(self, block: Block) -> list[Draft] | None:
        """``<details>`` cards, over as many blocks as they take up to ``</details>``."""
        doc = self.doc
        end = self._details_end(block)
        text = doc.source(block.start, end)
        drafts = []
        for match in _DETAILS.finditer(text):
            n = block.start + text.count("\n", 0, match.start())
            summary, body = match.group("summary").strip(), match.group("body").strip()
            draft = Draft(
                "", n, answer_line=n, end_line=block.start + text.count("\n", 0, match.end()) + 1
            )
            draft.shape = "details"
            region = self.region
            if is_reveal(summary):
                above = region.loose[-1] if region.loose else None
                heading = region.heading
                if (
                    heading is not None
                    and not region.drafts
                    and not drafts
                    and (region.question_like or is_generic(heading.text))
                ):
                    # "### Which layer is TCP?", maybe a hint, then the reveal: what is
                    # shown above the reveal asks (a "Card 7" heading itself does not).
                    shown = [b for b in region.loose if b.start >= heading.end]
                    draft.question_line = shown[0].start if shown else heading.start
                    draft.heading = heading
                    draft.title = heading.text
                    if region.question_like or not shown:
                        draft.question.append(_heading_source(doc, heading))
                    draft.question += [doc.source(b.start, b.end) for b in shown]
                    region.loose = ()
                elif above is not None and above.kind == "paragraph":
                    region.loose.pop()
                    draft.question_line = above.start
                    draft.question.append(_without_number(doc.source(above.start, above.end)))
                elif heading is not None and not region.drafts:
                    # "### P3. Graceful or not" over a question and its options (a list, not
                    # a paragraph): those ask, under the heading's title; else the heading.
                    shown = [b for b in region.loose if b.start >= heading.end]
                    draft.question_line = heading.start
                    draft.heading = heading
                    draft.title = heading.text
                    if shown:
                        draft.question += [doc.source(b.start, b.end) for b in shown]
                        region.loose = ()
                    else:
                        draft.question.append(_heading_source(doc, heading))
                elif above is not None and (first := self._asking_run(block)) is not None:
                    # The question above, and the options (or code) it shows below it
                    asked = region.loose[first:]
                    region.loose = list(region.loose[:first])
                    draft.question_line = asked[0].start
                    draft.question.append(_without_number(doc.source(asked[0].start, asked[0].end)))
                    draft.question += [doc.source(b.start, b.end) for b in asked[1:]]
                else:
                    draft.question.append(summary)
            else:
                label = match_label(summary)
                draft.question.append(label.text(summary) if label else summary)
            if body := _details_body(body):
                draft.answer.append(body)
            drafts.append(draft)
        if not drafts:
            return None
        self.skip_until = end
        return drafts

    def _toggle(self, block: Block) -> bool:
        return (
            block.end - block.start > 1 and _TOGGLE.fullmatch(self.lines[block.start]) is not None
        )

    def _arrow_asked(self, block: Block) -> tuple[str, str] | None:
        """The title and question of a paragraph that asks on its first line and answers
        after an arrow on its second: "**Card 2:** What is a VPC?" over "→ An isolated
        network"."""
        if block.end - block.start < 2 or not _ARROW_ANSWER.match(self.lines[block.start + 1]):
            return None
        first = self.lines[block.start].strip()
        title = ""
        if (prefix := _BOLD_TITLE.match(first)) and is_generic(prefix.group("title")):
            title, first = prefix.group("title"), first[prefix.end() :]
        return (title, first) if question_like(first) else None

    def arrow_card(self, block: Block) -> list[Draft] | None:
        """A question on a line, its answer after an arrow below ("→ ...", "=> ...")."""
        asked = self._arrow_asked(block)
        if asked is None:
            return None
        lines = self.lines[block.start + 1 : block.end]
        arrow = _ARROW_ANSWER.match(lines[0])
        assert arrow is not None
        draft = Draft(asked[0], block.start, answer_line=block.start + 1, end_line=block.end)
        draft.shape = "labels"
        draft.question.append(asked[1])
        draft.answer.append("\n".join([lines[0][arrow.end() :], *lines[1:]]).strip())
        return [draft]

    def toggle_card(self, block: Block) -> list[Draft] | None:
        """A toggle as Notion copies it: "▸ Question" with the answer indented below it."""
        if not self._toggle(block):
            return None
        head = _TOGGLE.fullmatch(self.lines[block.start])
        assert head is not None
        draft = Draft("", block.start, answer_line=block.start + 1, end_line=block.end)
        draft.shape = "toggle"
        draft.question.append(head.group("question").strip())
        # Each line below is a line of the answer, as the toggle shows it.
        lines = self.lines[block.start + 1 : block.end]
        draft.answer.append("\n\n".join(line.strip() for line in lines if line.strip()))
        return [draft]

    def definition_cards(self, block: Block) -> list[Draft] | None:
        """A definition list (Pandoc, PHP Markdown Extra, MkDocs): a term on its line,
        then its definitions, each on a line of its own that starts with ": "."""
        lines = self.lines[block.start : block.end]
        if len(lines) < 2 or _DEFINITION.match(lines[0]) or not _DEFINITION.match(lines[1]):
            return None
        drafts: list[Draft] = []
        for n, line in enumerate(lines):
            line_no = block.start + n
            if definition := _DEFINITION.match(line):
                if not drafts:
                    return None
                drafts[-1].answer.append(line[definition.end() :].strip())
                drafts[-1].end_line = line_no + 1
            elif drafts and not drafts[-1].answer:  # a term of two lines: no definition list
                return None
            else:
                draft = Draft("", line_no, answer_line=line_no + 1, end_line=line_no + 1)
                draft.shape = "definitions"
                draft.question.append(line.strip())
                drafts.append(draft)
        return drafts if drafts and all(d.answer for d in drafts) else None

    def callout_cards(self, block: Block) -> list[Draft] | None:
        """Obsidian's question callouts: ``> [!question] What is X?`` with the answer in
        the callout's body, in a callout nested in it (``> > [!success]- Answer``), or,
        when the body is empty, in the callout right below it."""
        head = _CALLOUT.match(self.lines[block.start])
        assert head is not None
        if head.group("kind").lower() not in _ASKING_CALLOUTS:
            return None
        question = head.group("title").strip()
        inner = self.lines[block.start + 1 : block.end]
        # "[^1]: https://..." right below the callout, with no ">": markdown reads it on as
        # the quote's text, but it is the page's source, in no answer.
        cut = next((k for k, line in enumerate(inner) if FOOTNOTE_LINE.match(line)), None)
        body = _callout_body(inner[:cut])
        end = block.end
        if not question:  # "> [!question]" alone: the body's first paragraph asks
            question, _, body = body.strip().partition("\n\n")
        if not body.strip():
            below = self._block_after(block)
            reveal = _CALLOUT.match(self.lines[below.start]) if below is not None else None
            if below is not None and below.kind == "other" and reveal is not None:
                title = reveal.group("title").strip()
                body = _callout_body(self.lines[below.start + 1 : below.end])
                if title and not is_reveal(title):
                    body = title + "\n\n" + body
                end = below.end
        if not question.strip() or not body.strip():
            return None
        draft = Draft("", block.start, answer_line=block.start, end_line=end, shape="callout")
        draft.question.append(question)
        draft.answer.append(body.strip())
        self.skip_until = end
        return [draft]

    def _block_after(self, block: Block) -> Block | None:
        blocks = self.doc.blocks
        i = bisect_left(blocks, block.start, key=_start) + 1
        return blocks[i] if i < len(blocks) else None

    def _answer_keys(self) -> None:
        """A quiz: a list of questions, then a heading "Answers" over a list as long. The
        n-th answer is the n-th question's (each region otherwise a heading card)."""
        numbered: dict[str, Region] = {}  # the last heading holding each number, so far
        for n, key in enumerate(self.regions):
            words = heading_words.words(key.heading.text).lower() if key.heading is not None else ""
            answers_of = heading_words.ANSWER_KEY.fullmatch(words) if words else None
            # "Answers to Quiz 1" answers quiz 1, wherever it is; "Answers", the list above
            asked = self.regions[n - 1] if answers_of and n else None
            if answers_of and answers_of["of"]:
                asked = numbered.get(answers_of["of"])
            for word in words.split():
                if word.isdigit() and not answers_of:
                    numbered[word] = key
            if asked is None or asked.heading is None or asked.drafts or key.drafts:
                continue
            questions, answers = self._one_list(asked), self._one_list(key)
            one_line = any(self._on_one_line(item) for item in answers)
            fits = 2 <= len(answers) <= len(questions)
            paired = self._paired_by_number(asked, key) if one_line or not fits else None
            if paired is not None:
                questions, answers = paired
            elif not fits:
                continue
            elif len(answers) < len(questions):
                # "4. What is heapify's complexity?" with no "4." among the answers: each
                # answer by its number; a question without one is a card without answer.
                answers = self._by_number(questions, answers)
                if answers is None:
                    continue
            # The cards lie under both headings: their place is what holds both ("# History"
            # over "## Part 1: Questions" and "## Part 2: Answers"); with nothing above
            # them, the questions' heading names the quiz.
            both = _shared(asked.path, key.path) or asked.path
            for (start, question_end, question), answered in zip(questions, answers, strict=True):
                answer_start, end, answer = answered or (None, question_end, "")
                draft = Draft("", start, answer_line=answer_start, end_line=end, shape="quiz")
                draft.question.append(question)
                if answer:
                    draft.answer.append(answer)
                asked.drafts.append(draft)
                self.drafts.append(draft)
                self.placed[id(draft)] = both
            asked.loose = tuple(b for b in asked.loose if not LIST_ITEM.match(self.lines[b.start]))
            key.loose = ()
            self.over_cards.update(asked.ancestors)

    def _keyed_label_questions(self) -> None:
        """ "**Q1.** What does X do?" over its options (with no answer, or only those), the
        other questions, then "## Answer key" over a numbered list ("1. **B** — why"),
        bare or inside a <details>: the n-th item answers question n (of those since the
        key before), and the options join their question. A card made of the key is undone."""
        if not self.has_answer_key:
            return
        waiting = sorted(
            (
                d
                for d in self.drafts
                if d.shape in ("labels", "sections")
                and (d.answer_line is None or options_only("\n".join(d.answer)))
            ),
            key=lambda d: d.question_line,
        )
        taken = 0  # the drafts before this are asked before an earlier key
        undone: set[int] = set()
        for key in self.regions:
            heading = key.heading
            if heading is None or not heading_words.is_answer_key(heading.text):
                continue
            start, end = heading.end, self._next_heading(heading)
            asked = {}
            while taken < len(waiting) and waiting[taken].question_line < start:
                draft = waiting[taken]
                if number := _LABEL_NUMBER.match(self.lines[draft.question_line]):
                    asked[number.group(1)] = draft
                taken += 1
            if len(asked) < 2:
                continue
            shown = [_REVEAL_TAG.sub("", line) for line in self.lines[start:end]]
            items = {}
            for first, last, text in list_items(shown):
                if (number := _ITEM_NUMBER.match(shown[first])) is not None:
                    items[number.group(1)] = (start + first, start + last, text)
            answered = [number for number in asked if number in items]
            if len(answered) < 2:
                continue
            for number in answered:
                draft, (first, last, text) = asked[number], items[number]
                draft.question += draft.answer
                draft.question_starts += draft.answer_starts
                draft.answer, draft.answer_starts = [textwrap.dedent(text).strip()], [first]
                draft.answer_line = first
                self.kept.update(range(first, last))
            # What was made of the key (a reveal's card of the whole list) is no card now.
            made = {id(d) for d in key.drafts if start <= d.question_line < end}
            key.drafts = [d for d in key.drafts if id(d) not in made]
            undone |= made
            key.loose = ()
            self.kept.update(n for n in range(start, end) if _REVEAL_TAG.fullmatch(self.lines[n]))
        if undone:
            self.drafts = [d for d in self.drafts if id(d) not in undone]

    def _next_heading(self, heading: Block) -> int:
        """The line of the next heading after ``heading``, or the page's end."""
        after = self._block_after(heading)
        while after is not None and after.kind != "heading":
            after = self._block_after(after)
        return after.start if after is not None else len(self.lines)

    def _checked_options(self, region: Region) -> None:
        """A quiz as quizdown writes it: a heading asks, a task list gives the options with
        the right ones checked ("- [x] ...", "- [ ] ..."), a quote may explain. One card:
        the question and its options, then the checked ones and the explanation."""
        heading = region.heading
        if heading is None or region.drafts:
            return
        blocks = [b for b in region.loose if b.start >= heading.end]
        lists = [n for n, b in enumerate(blocks) if b.kind == "other" and self._task_list(b)]
        if len(lists) != 1:
            return
        at = lists[0]
        options = blocks[at]
        shown = blocks[:at]
        after = blocks[at + 1 :]
        if any(b.kind != "paragraph" for b in shown) or any(
            not self.lines[b.start].lstrip().startswith(">") for b in after
        ):
            return  # only text before the options, only a quote (the explanation) after
        doc = self.doc
        items = [_TASK_ITEM.match(self.lines[n]) for n in range(options.start, options.end)]
        draft = Draft("", heading.start, answer_line=options.start, shape="quiz")
        draft.heading = heading
        draft.question.append(_without_number(_heading_source(doc, heading)))
        draft.question += [doc.source(b.start, b.end) for b in shown]
        draft.question.append("\n".join(f"- {m.group('text')}" for m in items if m))
        draft.answer.append(
            "\n".join(f"- {m.group('text')}" for m in items if m and m.group("x").strip())
        )
        for quote in after:
            lines = self.lines[quote.start : quote.end]
            draft.answer.append("\n".join(_QUOTE_MARK.sub("", line, count=1) for line in lines))
        draft.end_line = (after[-1] if after else options).end
        region.loose = [b for b in region.loose if b.start < heading.end]
        region.drafts.append(draft)
        self.drafts.append(draft)
        self.over_cards.update(region.ancestors)

    def _task_list(self, block: Block) -> bool:
        """Whether a list is a quiz's options, each a task item, some checked, some not."""
        marks = []
        for n in range(block.start, block.end):
            item = _TASK_ITEM.match(self.lines[n])
            if item is None:
                return False
            marks.append(bool(item.group("x").strip()))
        return any(marks) and not all(marks)

    def _answer_headings(self) -> None:
        """ "## What causes X?", then "### Answer" (or "## Answer") over its text: one
        card, the first heading (a generic one's text) asking, the second's text answering."""
        doc = self.doc
        for asked, shown in zip(self.regions, self.regions[1:], strict=False):
            if (
                not _answer_heading(shown.heading)
                or asked.heading is None
                or _answer_heading(asked.heading)
                or asked.drafts
                or shown.drafts
            ):
                continue
            answer = [b for b in shown.loose if b.start >= shown.heading.end]
            question = [b for b in asked.loose if b.start >= asked.heading.end]
            if not answer or (is_generic(asked.heading.text) and not question):
                continue
            first = question[0].start if question else asked.heading.start
            draft = Draft(asked.heading.text, first, answer_line=answer[0].start, shape="headings")
            draft.heading = asked.heading
            if not is_generic(asked.heading.text):
                draft.question.append(_without_number(_heading_source(doc, asked.heading)))
            draft.question += [doc.source(b.start, b.end) for b in question]
            draft.answer.append("\n\n".join(doc.source(b.start, b.end) for b in answer))
            draft.end_line = answer[-1].end
            for block in _taken(self._parts(asked, after=shown)):  # "### Complexity"
                draft.answer.append(doc.source(block.start, block.end))
                draft.end_line = block.end
            asked.drafts.append(draft)
            self.drafts.append(draft)
            asked.loose = shown.loose = ()
            self.over_cards.update(asked.ancestors)

    def _numbered_answer_headings(self) -> None:
        """ "## Question 2: Timer overflow" over its question, the other questions, then
        "## Answer Key" over "### Answer 2: Timer overflow" and the others: each answer
        heading answers the question heading of its number."""
        doc = self.doc
        latest: dict[str, Region] = {}  # the last question heading of each number, so far
        keys: set[int] = set()  # the answer keys so far, by id: their parts ask nothing
        for key in self.regions:
            if key.heading is None or id(key.parent) in keys:
                continue
            if (number := heading_words.heading_number(key.heading.text)) is not None:
                latest[number] = key
            if not heading_words.is_answer_key(key.heading.text):
                continue
            keys.add(id(key))
            answers = {}
            for part in self.children.get(id(key), []):
                number = heading_words.heading_number(part.heading.text)
                if number is not None and not part.drafts and part.loose:
                    answers[number] = part
            asked = {
                number: latest[number]
                for number in answers
                if number in latest and not latest[number].drafts
            }
            if len(asked) < 2:
                continue
            for number, region in asked.items():
                shown = answers[number]
                question = [b for b in region.loose if b.start >= region.heading.end]
                answer = [b for b in shown.loose if b.start >= shown.heading.end]
                title = heading_words.NUMBERED_TITLE.sub("", region.heading.text).strip()
                if not answer or not (question or title):
                    continue
                first = region.heading.start
                draft = Draft(region.heading.text, first, answer_line=answer[0].start, shape="quiz")
                draft.heading = region.heading
                if not question:  # "## 3. What is a pointer?" asks alone
                    draft.question.append(title)
                draft.question += [doc.source(b.start, b.end) for b in question]
                draft.answer += [doc.source(b.start, b.end) for b in answer]
                draft.end_line = answer[-1].end
                region.drafts.append(draft)
                self.drafts.append(draft)
                self.placed[id(draft)] = _shared(region.path, key.path) or region.path
                region.loose = shown.loose = ()
                self.over_cards.update(region.ancestors)

    def _parts(self, region: Region, after: Region | None = None) -> list[Region]:
        """The sub-headings of a region (after ``after``, if given) when each is a part of
        its answer: a plain title ("Axial tilt", "Complexity") over text, in no card,
        with no headings below it. [] when any sub-heading is more than that."""
        inside = self.children.get(id(region), [])
        if after is not None:
            inside = inside[inside.index(after) + 1 :] if after in inside else []
        for part in inside:
            heading = part.heading
            if (
                part.drafts
                or not part.loose
                or part.question_like
                or is_generic(heading.text)
                or heading_words.NUMBERED.fullmatch(heading.text.strip().strip("*_ "))
                or heading in self.parents
            ):
                return []
        return inside

    def _parted_answers(self) -> None:
        """ "## What causes the seasons?" over "### Axial tilt" and "### Not the distance",
        each over its text: one card, its answer every part, under its title."""
        doc = self.doc
        for asked in self.regions:
            if (
                not asked.question_like
                or asked.drafts
                or asked.heading in self.over_cards
                # "Chapter 3: What is a cell?": a title
                or heading_words.CHAPTER.match(asked.heading.text)
            ):
                continue
            parts = self._parts(asked)
            if not parts:
                continue
            own = [b for b in asked.loose if b.start >= asked.heading.end]
            draft = Draft(asked.heading.text, asked.heading.start, shape="headings")
            draft.heading = asked.heading
            draft.question.append(_heading_source(doc, asked.heading))
            self._answer_parts(draft, own, parts)
            asked.drafts.append(draft)
            self.drafts.append(draft)
            asked.loose = ()
            self.over_cards.update(asked.ancestors)

    def _answer_parts(self, draft: Draft, own: list[Block], parts: list[Region]) -> None:
        """Give ``draft`` its answer: the blocks ``own``, then each part's heading and
        text; the parts are taken."""
        doc = self.doc
        blocks = [*own, *_taken(parts)]
        draft.answer_line = blocks[0].start
        for block in blocks:
            draft.answer.append(doc.source(block.start, block.end))
            draft.answer_starts.append(block.start)
        draft.end_line = blocks[-1].end

    def _by_number(
        self, questions: list[tuple[int, int, str]], answers: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str] | None] | None:
        """The answer of each question by the numbers of their items ("3." answers "3."),
        None for a question no answer numbers; None if an item has no number or two the same."""
        numbers = []
        for items in (questions, answers):
            found = [_ITEM_NUMBER.match(self.lines[start]) for start, _, _ in items]
            if None in found:
                return None
            numbers.append([int(m.group(1)) for m in found])
        asked, answered = numbers
        if len(set(asked)) != len(asked) or not set(answered) <= set(asked):
            return None
        by_number = dict(zip(answered, answers, strict=True))
        return [by_number.get(n) for n in asked]

    def _in_summing_up(self) -> bool:
        """Whether the walk is under a heading that sums up ("## 6. Key Learnings", "##
        Resources", "## Conclusion") below cards or answered question headings: its
        bold-lead items sum up the cards above, they are none."""
        heading = self.region.heading
        asked = bool(self.drafts) or self.heading_answered
        words = heading_words.plain(heading.text) if heading is not None else ""
        return asked and heading_words.SUMMING_UP.fullmatch(words) is not None

    def _in_answer_key(self) -> bool:
        """Whether the walk is under a heading that says "Answers" (see _answer_keys) right
        after numbered questions: there "1. **B** — since ..." answers question 1, and is
        no card of its own. (Under "## Key" alone, "1. **Red**: stop" is a card.)"""
        heading = self.region.heading
        return heading is not None and heading.start in self.key_headings

    @cached_property
    def key_headings(self) -> set[int]:
        """The lines of the headings that say "Answers" and follow a numbered list (the
        questions they answer) with no other heading between."""
        found, numbered = set(), False
        for block in self.doc.blocks:
            if block.kind == "heading":
                if numbered and heading_words.is_answer_key(block.text):
                    found.add(block.start)
                numbered = False
            elif block.kind == "other" and _ITEM_NUMBER.match(self.lines[block.start]):
                numbered = True
        return found

    def _paired_by_number(
        self, asked: Region, key: Region
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str] | None]] | None:
        """The questions of a quiz in several numbered lists ("1.-3." choices, then "4."
        under "**Short answer**") and the answers of its key, "1. **B**　2. **C**　3. **A**"
        on one line among them, paired by number; None unless two or more pair."""
        questions, answers = self._numbered_items(asked), self._numbered_items(key)
        if questions is None or answers is None or not set(answers) <= set(questions):
            return None
        inline = self._on_one_line(answers[1]) if 1 in answers else None
        if inline and not any(n in answers for n in range(2, len(inline) + 1)):
            answers.update(enumerate(inline, 1))  # "1. **B**　2. **C**" answers 1 and 2
        if len(answers) < 2 or not set(answers) <= set(questions):
            return None
        order = sorted(questions)
        return [questions[n] for n in order], [answers.get(n) for n in order]

    def _numbered_items(self, region: Region) -> dict[int, tuple[int, int, str]] | None:
        """The items of the numbered lists of a region's own text, by number; None if a
        number comes twice."""
        found: dict[int, tuple[int, int, str]] = {}
        for block in region.loose:
            if block.kind != "other" or not _ITEM_NUMBER.match(self.lines[block.start]):
                continue
            for a, b, text in list_items(self.lines[block.start : block.end]):
                number = _ITEM_NUMBER.match(self.lines[block.start + a])
                if number is None or int(number.group(1)) in found:
                    return None
                found[int(number.group(1))] = (block.start + a, block.start + b, text.strip())
        return found

    def _on_one_line(self, item: tuple[int, int, str]) -> list[tuple[int, int, str]] | None:
        """The answers of a key's item that numbers several on its line, "1. **B**　2. **C**
        3. **A**" (from 1, in order, each short); each answer's lines are the item's."""
        start, end, _ = item
        if end - start != 1:
            return None
        line = self.lines[start]
        marks = list(_INLINE_NUMBER.finditer(line))
        if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
            return None
        ends = [m.start() for m in marks[1:]] + [len(line)]
        texts = [line[m.end() : stop].strip() for m, stop in zip(marks, ends, strict=True)]
        if not all(0 < len(text) <= 60 for text in texts):
            return None
        return [(start, end, text) for text in texts]

    def _one_list(self, region: Region) -> list[tuple[int, int, str]]:
        """The items of the one list in a region's own text, lines placed in the page
        (none when it holds no list, or several)."""
        lists = [
            b for b in region.loose if b.kind == "other" and LIST_ITEM.match(self.lines[b.start])
        ]
        if len(lists) != 1:
            return []
        block = lists[0]
        items = list_items(self.lines[block.start : block.end])
        return [(block.start + a, block.start + b, text.strip()) for a, b, text in items]

    # --- question, "%", answer (ankdown) ----------------------------------------------

    def percent_cards(self, region: Region) -> None:
        """ankdown's cards: the question, a line ``%``, the answer; ``---`` between cards.
        A part between rules without exactly one ``%`` inside it stays text."""
        if region.drafts or not any(self._percent(b) for b in region.loose):
            return
        if self._heading_percent_card(region):
            return
        segments = _between_rules(region)
        taken = set()
        for segment in segments:
            marks = [n for n, block in enumerate(segment) if self._percent(block)]
            if not marks:
                continue  # no "%" here: an empty part before a rule among them
            tags: list[str] = []
            tagged = self.doc.source(segment[-1].start, segment[-1].end)
            if len(marks) == 2 and marks[1] == len(segment) - 2 and _TAG_WORDS.fullmatch(tagged):
                # ankdown's third side: the card's tags, "organelles cell-biology"
                tags = tagged.split()
                self.kept.update(range(segment[-2].start, segment[-1].end))
                segment = segment[:-2]
                marks = marks[:1]
            if len(marks) != 1 or not 0 < marks[0] < len(segment) - 1:
                continue
            draft = self._percent_draft(region, segment, marks[0])
            draft.tags = tags
            taken.update(id(block) for block in segment)
        region.loose = [b for b in region.loose if id(b) not in taken]

    def _percent_draft(
        self, region: Region, blocks: list[Block], mark: int, heading: Block | None = None
    ) -> Draft:
        """The card of ``blocks`` around their "%" line (``blocks[mark]``): the front
        before it (after ``heading``, its first line, if given), the answer after it."""
        front, back = blocks[:mark], blocks[mark + 1 :]
        draft = Draft("", (heading or front[0]).start, shape="ankdown", heading=heading)
        if heading is not None:
            draft.add(_heading_source(self.doc, heading), heading.end, heading.start)
        for block in front:
            draft.add(self.doc.source(block.start, block.end), block.end, block.start)
        draft.answer_line = back[0].start
        for block in back:
            draft.add(self.doc.source(block.start, block.end), block.end, block.start)
        self.kept.add(blocks[mark].start)
        region.drafts.append(draft)
        self.drafts.append(draft)
        return draft

    def _heading_percent_card(self, region: Region) -> bool:
        """mdanki's cards: "## Datasets", maybe more of the question, a line "%", the
        answer: the heading is the front's first line. On a page of two or more such
        headings (one heading over an ankdown card is the deck's name)."""
        shown = self._under_heading_percent(region)
        if shown is None or self._heading_percent_regions < 2:
            return False
        mark = next(n for n, block in enumerate(shown) if self._percent(block))
        self._percent_draft(region, shown, mark, heading=region.heading)
        region.loose = []
        return True

    def _under_heading_percent(self, region: Region) -> list[Block] | None:
        """A region's blocks when they are a heading's one card: one "%" among them, text
        on its other side, no rule before it."""
        heading = region.heading
        if heading is None or region.drafts:
            return None
        shown = [b for b in region.loose if b.start >= heading.end]
        marks = [n for n, block in enumerate(shown) if self._percent(block)]
        if len(marks) != 1 or marks[0] == len(shown) - 1:
            return None
        if any(rule.start < shown[marks[0]].start for rule in region.rules):
            return None
        return shown

    @cached_property
    def _heading_percent_regions(self) -> int:
        return sum(self._under_heading_percent(region) is not None for region in self.regions)

    def _percent(self, block: Block) -> bool:
        return (
            block.kind == "paragraph"
            and block.end - block.start == 1
            and (self.lines[block.start].strip() == "%")
        )

    # --- front, rule, back (Mochi) ----------------------------------------------------

    def sides_of_rules(self, region: Region) -> None:
        """Mochi's cards: a front, a line ``---`` (or ``***``), the back; blank lines
        between the cards. Read only on a page where nothing else is a card (a rule is
        more often a break between cards or sections) and only in a region with no card
        and no question heading of its own. Each front is one line: a rule between
        paragraphs of prose is no card. Two ways to read the rules: a rule between each
        front and back, the cards one after another ("Q1 --- A1  Q2 --- A2"); or every
        rule, one block each side, alternately between the sides and between the cards
        ("Q1 --- A1 --- Q2 --- A2")."""
        if region.drafts or not region.rules or not region.loose:
            return
        segments = _between_rules(region)
        if segments and not segments[-1]:
            segments.pop()  # a rule after the last back
        if segments and not segments[0]:
            segments.pop(0)  # a rule before the first front
        if len(segments) < 2 or not all(segments):
            return
        if len(segments) % 2 == 0 and all(len(s) == 1 for s in segments):
            pairs = [(segments[i], segments[i + 1]) for i in range(0, len(segments), 2)]
        else:
            pairs = []
            for i in range(len(segments) - 1):
                back = segments[i + 1] if i + 2 == len(segments) else segments[i + 1][:-1]
                pairs.append(([segments[i][-1]], back))
        lines = self.lines
        if not all(
            back
            and front[0].kind == "paragraph"
            and front[0].end - front[0].start == 1
            and not LIST_ITEM.match(lines[front[0].start])
            for front, back in pairs
        ):
            return
        taken = set()
        for front, back in pairs:
            draft = Draft("", front[0].start, answer_line=back[0].start, shape="mochi")
            draft.question.append(self.doc.source(front[0].start, front[0].end))
            for block in back:
                draft.add(self.doc.source(block.start, block.end), block.end, block.start)
            taken.update(id(b) for b in (*front, *back))
            region.drafts.append(draft)
            self.drafts.append(draft)
        region.loose = [b for b in region.loose if id(b) not in taken]

    def question_paragraphs(self, region: Region) -> None:
        """On a page of no other card: each question paragraph ("What is X?") over its
        answer, the blocks up to the next question, or a question line over answer lines
        in one paragraph. A region with no "?" question reads paragraphs ending with a
        colon as questions ("How do you count lines in a file:" over its code)."""
        heading = region.heading
        if region.drafts or not region.loose:
            return
        if heading is not None and (region.question_like or is_generic(heading.text)):
            return
        doc, lines = self.doc, self.lines
        blocks = [b for b in region.loose if heading is None or b.start >= heading.end]
        texts = {id(b): doc.source(b.start, b.end).strip() for b in blocks if b.kind == "paragraph"}
        colons = not any(question_like(t.split("\n", 1)[0]) for t in texts.values())

        def asks(text: str) -> bool:
            return question_like(text) or (colons and text.endswith((":", "\uff1a")))

        drafts: list[tuple[Draft, list[Block]]] = []
        current: tuple[Draft, list[Block]] | None = None
        for block in blocks:
            text = texts.get(id(block), "")
            first = text.split("\n", 1)[0]
            if text and asks(text):
                current = (Draft("", block.start, shape="questions"), [block])
                current[0].question.append(text)
                drafts.append(current)
            elif text and "\n" in text and question_like(first):  # "What is X?" / "Y."
                draft = Draft("", block.start, answer_line=block.start + 1, shape="questions")
                answer = "\n".join(lines[block.start + 1 : block.end]).strip()
                if first[:2].lower() == "q)" and answer[:2].lower() == "a)":
                    first, answer = first[2:].strip(), answer[2:].strip()  # "Q) ..." / "A) ..."
                draft.question.append(first)
                draft.answer.append(answer)
                draft.end_line = block.end
                drafts.append((draft, [block]))
                current = None
            elif current is not None:
                draft = current[0]
                if draft.answer_line is None:
                    draft.answer_line = block.start
                draft.add(doc.source(block.start, block.end), block.end, block.start)
                current[1].append(block)
        answered = [(d, taken) for d, taken in drafts if d.answer]
        gone = {id(b) for _, taken in answered for b in taken}
        # One question over its answer is a card when it is all the page says (a page
        # of one card); among other text, it is more likely prose.
        alone = (
            len(answered) == 1
            and len(gone) == len(blocks) == len(region.loose) == 2  # a question, an answer
            and not colons  # "Here are your cards:" over a CSV block: see data_blocks
            and _one_question(answered[0][0].question[0])
        )
        if len(answered) < 2 and not (alone and sum(1 for r in self.regions if r.loose) == 1):
            return
        for draft, _ in answered:
            draft.end_line = max(draft.end_line, draft.question_line + 1)
            region.drafts.append(draft)
            self.drafts.append(draft)
        region.loose = [b for b in region.loose if id(b) not in gone]

    def term_pairs(self, region: Region) -> None:
        """On a page of no other card: a set copied from Quizlet's page, each paragraph a
        term's line over its definition's line ("photosynthesis", "process by which ..."),
        three or more, and nothing else in the region."""
        if region.drafts or not region.loose:
            return
        heading = region.heading
        blocks = [b for b in region.loose if heading is None or b.start >= heading.end]
        if len(blocks) < 3 or any(b.kind != "paragraph" or b.end - b.start != 2 for b in blocks):
            return
        drafts = []
        for block in blocks:
            term, meaning = self.lines[block.start].strip(), self.lines[block.start + 1].strip()
            if (
                len(term.split()) > 4
                or _RUNS_ON.match(term)  # "And miles to go" / "before I sleep": a poem
                or term.endswith((".", ":", "!", ",", ";", "\uff1a"))
                or not meaning
                or meaning.endswith((",", ";"))  # a poem's lines, a letter's opening
            ):
                return
            draft = Draft("", block.start, answer_line=block.start + 1, shape="vocabulary")
            draft.question.append(term)
            draft.answer.append(meaning)
            draft.end_line = block.end
            drafts.append(draft)
        region.drafts += drafts
        self.drafts += drafts
        region.loose = [b for b in region.loose if b not in blocks]

    # --- headings as questions ------------------------------------------------------

    def _term_heading(self, region: Region) -> bool:
        """Whether a region is a glossary's term over its text: a heading that asks
        nothing, over text and no card, and over no other heading."""
        heading = region.heading
        return (
            heading is not None
            and not region.drafts
            and bool(region.loose)
            and not region.question_like
            and heading not in self.parents
            and not heading_words.is_prose_heading(heading.text, last=True)
        )

    def _footer(self, region: Region, glossary: bool) -> bool:
        """Whether a region after the page's last card is its footer: "## License" over its
        text; on a glossary of headings, only over a footer's line ("CC BY 4.0")."""
        heading = region.heading
        if heading is None or not heading_words.FOOTER_HEADING.fullmatch(
            heading_words.words(heading.text)
        ):
            return False
        text = [b for b in region.loose if b.start >= heading.end]
        return not glossary or (
            bool(text) and chatter.is_chatter(self.doc.source(text[0].start, text[0].end))
        )

    def heading_question(self, region: Region, footer: bool = False) -> None:
        """A region with text but no card: its heading (or first paragraph) is a question."""
        heading = region.heading
        if heading is None or region.drafts:
            return
        if not region.loose:
            if region.question_like and region.heading not in self.parents:
                self._unanswered(region)  # a question heading with nothing below it
            return
        doc = self.doc
        if (
            footer
            or heading_words.PROSE_HEADING.fullmatch(heading_words.plain(heading.text))
            or heading_words.is_letter(heading.text)
        ):
            return  # contents, sources, further reading, a glossary's "## A": never a card
        blocks = [b for b in region.loose if b.start >= heading.end]
        if not blocks:
            return
        first = blocks[0]
        generic = is_generic(heading.text) or (
            # "## Part 1" over "What is X?" and its answer: the card's number
            (
                heading in self.card_numbers
                or heading_words.NUMBERED.fullmatch(heading.text.strip("*_ \t"))
            )
            and heading not in self.over_cards
            and first.kind == "paragraph"
            and question_like(doc.source(first.start, first.end))
        )
        if not region.question_like and not generic:
            if heading in self.over_cards:
                return  # a title or section over cards: its own text is prose
            if self._headings == 1 and heading.level == 1:
                return  # the page's only heading is its title
            if self._other_shapes:
                return  # a page of labelled, table or list cards: a section of prose
        rule = region.rules[0].start if region.rules else None
        after = [b for b in blocks if rule is not None and b.start > rule]
        answer_above = sum(1 for b in blocks if rule is not None and b.end <= rule) > (
            0 if region.question_like else 1
        )
        if rule is not None and (
            not after
            or (answer_above and all(chatter.is_chatter(doc.source(b.start, b.end)) for b in after))
        ):
            # "---" after the answer, with nothing or only closing remarks ("Good luck!")
            # below it: it ends the card, it does not split it. (Before an answer that
            # reads like one, "¡Mucha suerte!", it splits: it stands after the question.)
            rule = None
        asked = [b for b in blocks if rule is not None and b.end <= rule]
        answered = [b for b in blocks if rule is None or b.start > rule]
        if (
            region.question_like
            and asked
            and len(answered) > 1
            and answered[0].kind == "paragraph"
            and question_like(doc.source(answered[0].start, answered[0].end))
        ):
            # "## How do you list stashes?", its answer, "---", then "What does X do?"
            # and its answer: the rule ends one card, and a question starts the next.
            nxt = Draft("", answered[0].start, answer_line=answered[1].start, shape="headings")
            nxt.question.append(doc.source(answered[0].start, answered[0].end))
            nxt.answer.append("\n\n".join(doc.source(b.start, b.end) for b in answered[1:]))
            nxt.end_line = answered[-1].end
            region.drafts.append(nxt)
            self.drafts.append(nxt)
            asked, answered, blocks = [], asked, asked
        draft = Draft(heading.text, heading.start, answer_line=heading.start, end_line=heading.end)
        draft.shape = "headings"
        draft.heading = heading
        if generic:
            if not asked:
                asked, answered = answered[:1], answered[1:]
            draft.question_line = asked[0].start
            first = asked[0]
            if not answered and first.kind == "paragraph" and first.end - first.start > 1:
                # "## Card 4" / "What is X?" / "Y." in one paragraph: a line each
                asked = [Block("paragraph", first.start, first.start + 1)]
                answered = [Block("paragraph", first.start + 1, first.end)]
        else:
            draft.question.append(_heading_source(doc, heading))
            first = answered[0] if answered else None
            if (
                not asked
                and not region.question_like
                and len(answered) > 1
                and first.kind == "paragraph"
                and question_like(doc.source(first.start, first.end))
            ):
                # "## 404" over "What does this status code mean?" and "Not Found.": the
                # heading names what the question asks about
                asked, answered = [first], answered[1:]
        asking = doc.source(asked[-1].start, asked[-1].end) if asked else heading.text
        if (
            rule is None
            and len(answered) > 1
            and _FENCE_OPENER.match(self.lines[answered[0].start])
            and points_at_code(asking)
        ):
            # "What happens to `s1` after this code runs?", the code, then the answer
            asked, answered = [*asked, answered[0]], answered[1:]
        for b in asked:
            draft.question.append(doc.source(b.start, b.end))
        if len(answered) > 1 and self._bold_reveal(answered[0]):
            self.kept.add(answered[0].start)  # "**Answer**" alone above the answer: no part of it
            answered = answered[1:]
        answer = "\n\n".join(doc.source(b.start, b.end) for b in answered)
        reveal = _DETAILS.fullmatch(answer.strip())
        if reveal and is_reveal(reveal.group("summary")):
            answer = reveal.group("body").strip()
            draft.answer += [answer] if answer else []
        elif answer.strip():
            # Block by block: the page's last card may end in closing remarks to trim.
            for b in answered:
                draft.answer.append(doc.source(b.start, b.end))
                draft.answer_starts.append(b.start)
        if not answer.strip():
            draft.answer_line = None
        draft.end_line = max(b.end for b in blocks)
        self._pending_of(region, draft)
        region.drafts.append(draft)
        self.drafts.append(draft)
        self.over_cards.update(region.ancestors)

    def _bold_reveal(self, block: Block) -> bool:
        """Whether a block is one bold line that only says "Answer" ("**Respuesta**")."""
        line = self.lines[block.start].strip()
        mark = line[:2]
        return (
            block.kind == "paragraph"
            and block.end - block.start == 1
            and mark in ("**", "__")
            and line.endswith(mark)
            and len(line) > 4
            and is_reveal(line[2:-2])
        )

    @staticmethod
    def _pending_of(region: Region, draft: Draft) -> None:
        """A heading card takes the id and tags written in its region."""
        if region.pending is not None:
            draft.id = draft.id or region.pending.id
            draft.tags = [*region.pending.tags, *draft.tags]
            region.pending = None

    def _unanswered(self, region: Region) -> None:
        heading = region.heading
        draft = Draft(heading.text, heading.start, end_line=heading.end, shape="headings")
        draft.heading = heading
        draft.question.append(_heading_source(self.doc, heading))
        self._pending_of(region, draft)
        region.drafts.append(draft)
        self.drafts.append(draft)
        self.over_cards.update(region.ancestors)

    @cached_property
    def _headings(self) -> int:
        return sum(1 for r in self.regions if r.heading is not None)

    @cached_property
    def _other_shapes(self) -> bool:
        """Whether some card is of a shape other than a heading's. Worked out once, when
        the heading cards are made: they add none of another shape."""
        return any(d.shape != "headings" for r in self.regions for d in r.drafts)

    def _give_titles(self) -> None:
        """A heading over exactly one card of its own is that card's heading."""
        single = [r for r in self.regions if r.heading is not None and len(r.drafts) == 1]
        over_cards = self.over_cards
        for region in single:
            (draft,) = region.drafts
            heading = region.heading
            if (
                draft.heading is None
                and (is_generic(heading.text) or len(single) > 1)
                and heading not in over_cards
            ):
                draft.heading = heading
                draft.title = draft.title or heading.text

    def _place(self, drafts: list[Draft]) -> None:
        """Each draft's path of headings: the headings that hold it, but for headings that
        are a card's own (a question, "Card 7"), which are never sections."""
        region_of = {id(d): r for r in self.regions for d in r.drafts}

        @cache  # a large page's cards share a few headings
        def titles_prose(heading: Block) -> bool:
            return is_generic(heading.text) or _contents(heading)

        own = {d.heading for d in drafts if d.heading is not None}
        for draft in drafts:
            region = region_of.get(id(draft))
            path = self.placed.get(id(draft), region.path if region else ())
            draft.path = tuple(h for h in path if h not in own and not titles_prose(h))


def deck_and_sections(drafts: list[Draft]) -> str:
    """The innermost heading whose part of the page holds every card (its text, or ""),
    and each draft's sections below it."""
    if not drafts:
        return ""
    prefix = list(drafts[0].path)
    for draft in drafts[1:]:
        common = 0
        while common < min(len(prefix), len(draft.path)) and prefix[common] is draft.path[common]:
            common += 1
        del prefix[common:]
    for draft in drafts:
        draft.section = tuple(
            h.text for h in draft.path[len(prefix) :] if not heading_words.is_letter(h.text)
        )
    # "## Flashcards" under "# Cold War, 1945-1962": the title names the deck better.
    while len(prefix) > 1 and heading_words.BARE_DECK.fullmatch(
        heading_words.words(prefix[-1].text)
    ):
        prefix.pop()
    return prefix[-1].text if prefix else ""


# Headings over what is never a card: contents, sources, further reading.
def _word_tags(line: str) -> bool:
    """Whether each #tag of a tag line holds a letter, as Obsidian's tags do ("#1" is none)."""
    return all(any(c.isalpha() for c in tag) for tag in line.split())


_FENCE_OPENER = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
# A question that points at code below it: "What does this print?", "Why doesn't this
# code compile?", "What does the following snippet return?", "Was gibt dieser Code aus?",
# "このコードの出力は". A bare "this" ("What does `this` refer to?") or a closing colon is
# not enough: the code below such a question is more likely its answer.
_POINTS_AT_CODE = re.compile(
    r"\b(?:this|these|the following|following|below)[ \t]+(?:\w+[ \t]+)?(?:code|snippet"
    r"|program|function|query|script|statement|expression|lines?|loop|class|method|regex"
    r"|command|example)\b"
    r"|\bthe following\b[ \t]*[?:\uff1f\uff1a]?[ \t]*$|\boutput\b|\bpredict\b"
    r"|\b(?:what (?:does|will) this|doesn'?t this|does this|won'?t this) (?:\w+ )?(?:print|output"
    r"|return|log|display|evaluate|compile|run|do)\b"
    r"|\b(?:diese[rnms]?|folgende[rnms]?) (?:code|programm|funktion|abfrage)"
    r"|\b(?:ce|le) (?:code|programme) (?:suivant|ci-dessous)|\bce code\b"
    r"|\b(?:este|esta|el siguiente|la siguiente) (?:código|programa|función|consulta)"
    r"|この(?:コード|プログラム|関数)|次の(?:コード|プログラム)|以下の(?:コード|プログラム)"
    r"|(?:이|다음|아래) (?:코드|프로그램|함수)|这段代码|以下代码|下面的代码",
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_BARE_FENCE = re.compile(r"[ ]{0,3}(?:`{3,}|~{3,})[ \t]*(?:markdown|md|text)?[ \t]*$")
_HIGHLIGHT = re.compile(r"==(?=[^\s=])([^=\n]{1,200}?)(?<=[^\s=])==")  # "==Encoders=="
_FLASHCARDS_TAG = re.compile(r"(?:^|[ \t])#flashcards\b", re.MULTILINE)


def points_at_code(question: str) -> bool:
    """Whether a question speaks of code that follows it ("What does this print?")."""
    return _POINTS_AT_CODE.search(_CODE_SPAN.sub(" ", question)) is not None


def _asked_code(question: str, answer: str) -> tuple[str, str]:
    """The code block an answer starts with, when the question points at it and more
    answer follows: (that code, the rest); else ("", the answer)."""
    opener = _FENCE_OPENER.match(answer)
    if opener is None or not points_at_code(question):
        return "", answer
    fence = opener.group(1)
    lines = answer.split("\n")
    for n in range(1, len(lines)):
        bare = lines[n].strip()
        if bare.startswith(fence) and not bare.strip(fence[0]):
            rest = "\n".join(lines[n + 1 :]).strip()
            return ("\n".join(lines[: n + 1]), rest) if rest else ("", answer)
    return "", answer


def _stem(title: str, other: str) -> str:
    """The start of every row's question, when a column's title is one ("What is the
    capital of…", "Translate into German:") rather than a name ("Country", "English:",
    "Who?"); else "". An ellipsis goes: the row's cell ends the sentence. ``other``: the
    answer column's title; two titles alike ("Who? | Did what?") are names."""
    bare = title.strip().strip("*_").strip()
    label = match_label(bare)
    if label is not None and label.role == QUESTION:  # "Q: Which planet…"
        bare = label.text(bare).strip()
    if bare.endswith(("…", "...")):
        return bare.rstrip(".…").rstrip()
    marks = (":", "?", "\uff1a", "\uff1f")
    if not bare.endswith(marks) or other.strip().strip("*_ ").endswith(marks):
        return ""
    return bare if len(bare.split()) >= 3 else ""


def _taken(parts: list[Region]) -> list[Block]:
    """Each part's heading and text, in order, now an answer's: no longer the part's."""
    blocks = [b for part in parts for b in (part.heading, *part.loose)]
    for part in parts:
        part.loose = ()
    return blocks


def _shared(first: tuple[Block, ...], second: tuple[Block, ...]) -> tuple[Block, ...]:
    """The headings two paths start with."""
    n = 0
    while n < min(len(first), len(second)) and first[n] is second[n]:
        n += 1
    return first[:n]


def parse(doc: Document):
    _key_titles_as_headings(doc)
    finder = Finder(doc)
    drafts = finder.find()
    if not drafts:
        # Nothing found: read again more loosely. A "**What is X?**" line asks (a page of
        # one such card), and "term: meaning" lines are vocabulary ("bố: father"), which
        # on a page with other cards are more likely notes ("Date: 12 May"); so are
        # the rows of a table of three columns or more that names no question column,
        # and paragraphs between rules (Mochi's front, "---", back).
        finder = Finder(doc, bold_questions=True, colons=True, wide_tables=True, rules=True)
        drafts = finder.find()
    return drafts, deck_and_sections(drafts) or _page_title(doc), finder.problems, finder.kept


def _key_titles_as_headings(doc: Document) -> None:
    """A line alone that titles a quiz's answer key ("**Answer Key**", "📖 参考答案") over a
    numbered list, below a heading over numbered questions: made a heading one level
    below that one in ``doc.blocks`` (the Document is changed, for the finder and for
    the account of its lines alike), so that the passes that pair a key with its quiz
    see it as they see "### Answer Key". (An answer label, "**Answer:**" over a list,
    is no title.)"""
    blocks = doc.blocks
    level, numbered = 0, False  # the last heading's level; a numbered list below it
    for n, block in enumerate(blocks):
        if block.kind == "heading":
            level, numbered = block.level, False
        elif block.kind == "other" and _ITEM_NUMBER.match(doc.lines[block.start]):
            numbered = True
        elif (
            block.kind == "paragraph"
            and block.end - block.start == 1
            and level
            and numbered
            and n + 1 < len(blocks)
            and blocks[n + 1].kind in ("other", "paragraph")
            and _ITEM_NUMBER.match(doc.lines[blocks[n + 1].start])
        ):
            line = doc.lines[block.start]
            words = heading_words.words(line).lower()
            label = (
                match_label(line) if words and heading_words.ANSWER_KEY.fullmatch(words) else False
            )
            # "**Answer:**" over a list is a label; "**参考答案**" alone over a key titles it
            if label is None or (
                label and label.start == len(line) and not _LABEL_MARK.search(line)
            ):
                title = line.strip().strip("*_").strip()
                blocks[n] = block._replace(kind="heading", level=min(level + 1, 6), text=title)
                level, numbered = min(level + 1, 6), False


# Lower case, a blank after "::": "Title::the legal right to a property" is a card.
_TITLE_PROPERTY = re.compile(r"[ \t]*title::[ \t]+(?P<title>\S.*?)[ \t]*")


def _page_title(doc: Document) -> str:
    """A Logseq page's title, its "title:: Organic Chemistry" property above its text."""
    for line in doc.lines[:20]:
        if title := _TITLE_PROPERTY.fullmatch(line):
            return title.group("title")
        if not line.strip() or "::" not in line:
            break
    return ""


# --- splitting lines and items ------------------------------------------------------------


# A cloze's extra line, Anki's "Back Extra" field: "Extra: contraindicated if eGFR < 30".
_EXTRA_LINE = re.compile(
    r"[ \t]*(?:\*\*|__)?(?:back )?extra(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*", re.IGNORECASE
)
_EXTRA = re.compile("\n" + _EXTRA_LINE.pattern, re.IGNORECASE)
# A toggle's first line, as Notion copies it: "▸ What is GDP?" (its answer indented below).
_TOGGLE = re.compile(r"[ ]{0,3}[\u25b8\u25b6\u25ba\u25b9\u2023][ \t]+(?P<question>\S.*)")
# A definition's line in a definition list: ": text" (up to 3 spaces before the colon).
_DEFINITION = re.compile(r"[ ]{0,3}:[ \t]+(?=\S)")
# An Obsidian callout's first line: "> [!question]- Title" (+ or - folds it).
_CALLOUT = re.compile(r"[ ]{0,3}>[ \t]*\[!(?P<kind>[\w-]+)\][+-]?(?P<title>.*)")
_ASKING_CALLOUTS = frozenset({"question", "faq", "help", "flashcard", "card", "quiz", "q"})
_QUOTE_MARK = re.compile(r"[ ]{0,3}>[ ]?")
# A quiz's option as a task item: "- [x] right", "1. [ ] wrong".
_TASK_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\[(?P<x>[ xX])\][ \t]+(?P<text>\S.*)")
# What opens a quote that answers the problem above it: "**Solution:**", "Answer:".
_QUOTED_ANSWER = re.compile(
    r"[ \t]*(?:(\*\*|__)[ \t]*)?(?:solution|answer|lösung|losung|solución|respuesta|réponse"
    r"|resposta|risposta|soluzione|ответ|решение|解答|答案|解|정답|풀이)[ \t]*[:\uff1a]"
    r"(?(1)[ \t]*(?:\*\*|__))[ \t]*",
    re.IGNORECASE,
)


def _callout_body(lines: list[str]) -> str:
    """The markdown of a callout's lines after its first: one level of ``>`` off, and a
    nested callout's own first line off too when it only says "Answer"."""
    body = [_QUOTE_MARK.sub("", line, count=1) for line in lines]
    first = next((n for n, line in enumerate(body) if line.strip()), None)
    if first is not None and (nested := _CALLOUT.match(body[first])):
        title = nested.group("title").strip()
        inner = [_QUOTE_MARK.sub("", line, count=1) for line in body[first + 1 :]]
        body = body[:first] + ([title, ""] if title and not is_reveal(title) else []) + inner
    return "\n".join(body).strip()


_RUNS_ON = re.compile(r"(?:and|but|or|so|yet|then|when|while|if|because|the|a|an)\b", re.I)
_WRAPPER_OPEN = re.compile(r"<(?:div|p|section)\b[^<>]*>", re.IGNORECASE)
_WRAPPER_CLOSE = re.compile(r"</(?:div|p|section)[ \t]*>", re.IGNORECASE)
_ORDERED = re.compile(r"[ \t]*\d{1,9}[.)]")
# "**Q1.**", "Question 3:", "1." at a question's start: its number, for an answer key.
_LABEL_NUMBER = re.compile(
    r"[ \t>#*_]*(?:(?:q|question|ques|frage|pregunta|domanda|pergunta|問題|문제|问题)[ \t]*)?"
    r"(\d{1,3})(?!\d)",
    re.IGNORECASE,
)
# The lines of a <details> around an answer key: "<details>", "<summary>...</summary>".
_REVEAL_TAG = re.compile(r"[ \t]*</?details[^>]*>[ \t]*|[ \t]*<summary>.*?</summary>[ \t]*", re.I)
_CIRCLED = re.compile(r"[ \t]*[\u2460-\u2473]")  # "① Provider ② Module": choices
_WIKI_BULLET = re.compile(r"\A\*{2,}[ \t]+")
_ORDERED_ITEM = re.compile(r"[ ]{0,3}\d{1,9}[.)][ \t]+(?=\S)")
_UNDER_BULLET = re.compile(r"([ ]{1,3})[-*+][ \t]+\S")
_ARROW = re.compile(r"[ \t](?:->|\u2192)[ \t]")
_OPTION_LEAD = re.compile(rf"[ \t]*(?:{OPTION_MARK})[ \t]*")
_ARROW_ANSWER = re.compile(r"[ \t]*(?:->|=>|\u2192|\u21d2|\u279c|\u27a1\ufe0f?)[ \t]+(?=\S)")
# A bold title before a line's text: "**Card 2:** What is a VPC?" (see is_generic).
_BOLD_TITLE = re.compile(r"(\*\*|__)(?P<title>[^*_\n]{1,40}?)[ \t]*[:.]?\1[ \t]*[:.]?[ \t]+")
_TAG_WORDS = re.compile(r"[ \t]*[\w:/#+-]+(?:[ \t]+[\w:/#+-]+){0,7}[ \t]*")
_IN_PAGE_LINK = re.compile(r"\[[^\]\n]*\]\(#")
_LINE_BREAK = re.compile(r"[ \t]*<br[ \t]*/?>[ \t]*", re.IGNORECASE)
_HEADING_MARK = re.compile(r"[ ]{0,3}#{1,6}[ \t]+")


def _one_question(text: str) -> bool:
    """Whether a paragraph is one question of one sentence, no assistant's ("Happy to help!
    Which chapter should they cover?" asks the user)."""
    body = text.strip().rstrip("?\uff1f").strip()
    return (
        "\n" not in body
        and not _SENTENCE_BREAK.search(body)
        and not chatter.is_chatter(text)
        and len(body.split()) <= 30
    )


_SENTENCE_BREAK = re.compile(r"[.!?\u3002\uff01\uff1f][ \t]+\S")


def _inline_reveal(item: str) -> tuple[str, str] | None:
    """A list item's question and answer when a ``<details>`` that only says "Answer"
    follows the question on its line ("What is X? <details><summary>답</summary>...")."""
    at = item.find("<details")
    if at <= 0 or "\n" in item[:at] or not item[:at].strip():
        return None
    shown = _DETAILS.fullmatch(item[at:].strip())
    if shown is None or not is_reveal(shown.group("summary")):
        return None
    body = _details_body(textwrap.dedent(shown.group("body")).strip())
    return (item[:at].strip(), body) if body else None


def _revealed(answer: str) -> str:
    """An item's answer as a reader sees it: the body of a ``<details>`` that only says
    "Answer", without the "back to top" link below it (as questions repositories nest
    them in a numbered list)."""
    parts = answer.split("\n\n")
    while len(parts) > 1 and chatter.is_page_link(parts[-1]):
        parts.pop()
    whole = "\n\n".join(parts)
    shown = _DETAILS.fullmatch(whole.strip())
    if shown is None or not is_reveal(shown.group("summary")):
        return whole
    return _details_body(textwrap.dedent(shown.group("body")).strip()) or whole


def _details_body(body: str) -> str:
    """A revealed answer without what only frames it: the ``<p>`` and ``</p>`` lines
    around it, and the heading mark of an answer label that opens it ("#### Answer: B",
    as quiz repositories write it, is the answer "B")."""
    lines = body.split("\n")
    if len(lines) > 1 and lines[0].strip().lower() == "<p>" and lines[-1].strip().lower() == "</p>":
        lines = lines[1:-1]
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None and (mark := _HEADING_MARK.match(lines[first])):
        label = match_label(lines[first][mark.end() :])
        if label is not None and label.role == ANSWER:
            lines[first] = label.text(lines[first][mark.end() :]).strip()
    return "\n".join(lines).strip()


def _lead(item: str) -> tuple[str | None, str]:
    """The bold word an item opens with, lower case, and what follows it ("- **Drug**:
    Lisinopril": "drug", "Lisinopril"); (None, "") when it opens with none."""
    lead = BOLD_LEAD.fullmatch(item.split("\n", 1)[0])
    if lead is None:
        return None, ""
    return lead.group("question").rstrip(":\uff1a").strip().lower(), lead.group("rest")


def _split_card(split: tuple[str, str, bool], line: int, end: int, shape: str = "remnote") -> Draft:
    """The card of a line split at its separator (see line_shapes.sr_split)."""
    question, answer, both_ways = split
    draft = Draft("", line, end_line=end, shape=shape)
    draft.question.append(question)
    if answer:
        draft.answer_line = line
        draft.answer.append(answer)
    if both_ways:
        draft.tags = [*draft.tags, REVERSE_TAG]
    return draft


def _nested_cards(line: int, below: str, kept: set[int]) -> list[Draft]:
    """The cards of a topic's sub-items, RemNote's way ("- History" over "- Q >> A", or
    over "- Q ::" and its own sub-items, or over sub-topics of such), when each of them
    is one (else none). A sub-topic's line goes to ``kept``: a title, said of nowhere."""
    drafts = []
    lines = textwrap.dedent(below).split("\n")
    for start, end, text in list_items(lines):
        first, _, children = text.partition("\n")
        parent = trailing_separator(first) if children.strip() else None
        split = sr_split(text) if "\n" not in text.strip() else None
        if parent is not None:
            draft = Finder._children_card(
                parent, line + 1 + start, textwrap.dedent(children).strip()
            )
        elif split is not None and split[1]:
            draft = _split_card(split, line + 1 + start, line + 1 + end)
        elif children.strip() and (deeper := _nested_cards(line + 1 + start, children, kept)):
            drafts += deeper  # a sub-topic ("- Complement system") over cards of its own
            kept.add(line + 1 + start)
            continue
        else:
            return []
        draft.end_line = line + 1 + end
        drafts.append(draft)
    return drafts


def _answer_heading(heading: Block | None) -> bool:
    """Whether a heading only says "Answer" ("Solution", "Respuesta", "정답"...)."""
    words = heading.text.split(maxsplit=4) if heading is not None else []
    if not words or len(words) > 3 or words[0].strip("*_:").lower() not in _REVEAL_FIRST:
        return False  # most headings, at a glance
    return is_reveal(heading.text) and heading_words.words(heading.text).lower() not in (
        "hint",
        "show",
    )


def _between_rules(region: Region) -> list[list[Block]]:
    """The blocks of a region's own text, in the parts its rules divide it into; none
    when its heading is a card's own (a question, "Card 7"), whose rule splits the
    card's question from its answer."""
    heading = region.heading
    if heading is not None and (region.question_like or is_generic(heading.text)):
        return []
    start = heading.end if heading is not None else 0
    segments: list[list[Block]] = [[]]
    for block in sorted([*region.loose, *region.rules], key=_start):
        if block.start < start:
            continue
        if block.kind == "hr":
            segments.append([])
        else:
            segments[-1].append(block)
    return segments


def _asks_or_defines(lead: re.Match[str]) -> bool:
    """ "**What is X?** ..." or "**X** — ...", not "**Flow control** protects the receiver."."""
    between = lead.string[lead.end("question") + 2 : lead.start("rest")]
    return question_like(lead.group("question")) or bool(between.strip())


def _start(block: Block) -> int:
    return block.start


def _heading_source(doc: Document, heading: Block) -> str:
    """A heading's markdown, without its #s or underline."""
    if heading.end - heading.start > 1:  # setext heading: its text lines
        return doc.source(heading.start, heading.end - 1).strip()
    match = _ATX.fullmatch(doc.lines[heading.start])
    return (match.group(1) or "") if match else heading.text


# "1.", "**2)**", and a section's "2.1" ("#### 2.1 What is an LSTM?")
_NUMBER = re.compile(
    r"[ \t]*(?:(?:\*\*|__)[ \t]*)?\d+(?:(?:\.\d+)+\.?|[.)])(?=[ \t*_]|$)"
    r"(?:[ \t]*(?:\*\*|__))?[ \t]*"
)


def _without_number(text: str) -> str:
    """A question paragraph without its "**1.**" numbering ("**1. [Choice]** Which ...":
    "**[Choice]** Which ...", the bold it opened kept)."""
    match = _NUMBER.match(text)
    if not match or not text[match.end() :].strip():
        return text
    number = match.group(0)
    opened = next((mark for mark in ("**", "__") if number.count(mark) % 2), "")
    return opened + text[match.end() :]

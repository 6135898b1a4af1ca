"""The "sections with labels" dialect: the sample Perplexity page.

    ## Deck name
    ### Card 1
    **Q:** question
    **A:** answer, over as many blocks as it needs
    ***

A question label starts a card; the card's heading is the heading just above it.
Its answer runs from the answer label to the next card heading, a thematic break,
or a heading of the same or higher level, whichever comes first. Everything
outside cards (titles, intros, closing remarks, footnote definitions) is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from ..markdown import UNRESOLVED_CITATION, card_parser, inline_text
from ..model import Card, Citation, CodeBlock, Problem, SourcePos
from .labels import QUESTION, match_label

NAME = "sections"


@dataclass(frozen=True, slots=True)
class _Block:
    """A top-level block of the page: lines [start, end), 0-based."""

    kind: str  # "heading", "hr", "paragraph" or "other"
    start: int
    end: int
    level: int = 0  # heading level, 1-6
    text: str = ""  # heading text, escapes resolved


@dataclass
class _Draft:
    """A card while its blocks are being collected."""

    heading: _Block | None
    question_line: int
    answer_line: int | None = None
    question: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        (self.question if self.answer_line is None else self.answer).append(text)

    def ends_at(self, heading: _Block, is_card_heading: bool) -> bool:
        if is_card_heading or self.heading is None:
            return True
        return heading.level <= self.heading.level


def _document_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


def _blocks(tokens: list) -> list[_Block]:
    blocks = []
    for i, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map
        if token.type == "heading_open":
            level = int(token.tag[1])
            blocks.append(_Block("heading", start, end, level, inline_text(tokens[i + 1])))
        elif token.type == "hr":
            blocks.append(_Block("hr", start, end))
        elif token.type == "paragraph_open":
            blocks.append(_Block("paragraph", start, end))
        else:
            blocks.append(_Block("other", start, end))
    return blocks


def _definitions(tokens: list) -> dict[str, Citation]:
    """Footnote definitions that are cited somewhere, by label."""
    found: dict[str, Citation] = {}
    label = None
    for token in tokens:
        if token.type == "footnote_open":
            label = token.meta["label"]
        elif token.type == "inline" and label is not None and label not in found:
            found[label] = _citation(label, token)
        elif token.type == "footnote_close":
            label = None
    return found


def _citation(label: str, inline) -> Citation:
    children = inline.children or []
    link = next((c for c in children if c.type == "link_open"), None)
    if link is not None:
        title = inline_text(inline).strip()
        url = str(link.attrs.get("href", ""))
        return Citation(label, url, "" if title == url else title)
    text = inline_text(inline)
    if "://" in text and " " not in text:
        return Citation(label, text)
    return Citation(label, "", text)


class _Collector:
    """Walks the page's blocks and turns question/answer labels into cards."""

    def __init__(self, lines: list[str], path: str) -> None:
        self.lines = lines
        self.path = path
        self.drafts: list[_Draft] = []
        self.problems: list[Problem] = []
        self.current: _Draft | None = None

    def pos(self, line: int) -> SourcePos:
        return SourcePos(self.path, line + 1)

    def close(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
            self.current = None

    def collect(self, blocks: list[_Block]) -> None:
        card_headings = _card_headings(blocks, self.lines)
        heading: _Block | None = None  # the last heading not yet used by a card
        for block in blocks:
            if block.kind == "heading":
                if self.current and self.current.ends_at(block, block in card_headings):
                    self.close()
                if self.current:
                    self.current.add(self.text(block.start, block.end))
                heading = block
            elif block.kind == "hr":
                self.close()
            elif block.kind == "paragraph":
                heading = self.paragraph(block, heading)
            elif self.current:
                self.current.add(self.text(block.start, block.end))
        self.close()

    def paragraph(self, block: _Block, heading: _Block | None) -> _Block | None:
        """Split a paragraph at its label lines; returns the heading still unused."""
        start, skip = block.start, 0
        for line in range(block.start, block.end):
            label = match_label(self.lines[line])
            if label is None:
                continue
            role, column = label
            self.add_text(start, line, skip)
            if role == QUESTION:
                self.close()
                self.current = _Draft(heading, question_line=line)
                heading = None
            elif self.current is None or self.current.answer_line is not None:
                self.problems.append(
                    Problem(self.pos(line), "answer label without a question before it")
                )
            else:
                self.current.answer_line = line
            start, skip = line, column
        self.add_text(start, block.end, skip)
        return heading

    def add_text(self, start: int, end: int, skip: int) -> None:
        if self.current and end > start:
            self.current.add(self.text(start, end, skip))

    def text(self, start: int, end: int, skip: int = 0) -> str:
        lines = self.lines[start:end]
        return "\n".join([lines[0][skip:], *lines[1:]])


def _card_headings(blocks: list[_Block], lines: list[str]) -> set[_Block]:
    """Headings whose own text (up to the next heading or rule) has a question label."""
    found, heading = set(), None
    for block in blocks:
        if block.kind == "heading":
            heading = block
        elif block.kind == "hr":
            heading = None
        elif heading and block.kind == "paragraph":
            labels = (match_label(lines[i]) for i in range(block.start, block.end))
            if any(label and label[0] == QUESTION for label in labels):
                found.add(heading)
    return found


def _join(parts: list[str]) -> str:
    # Top-level blocks are rejoined with a blank line: that keeps their meaning and
    # leaves out what lay between them (footnote and link definitions).
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()).strip()


class _CardContent:
    """What one card's markdown contains: citations in order, code, unknown markers."""

    def __init__(self, markdown: str, definitions: dict[str, Citation]) -> None:
        self.labels: list[str] = []
        self.code: list[CodeBlock] = []
        self.unresolved: list[str] = []
        tokens = _CARD_PARSER.parse(markdown, {"citations": definitions})
        self._walk(tokens)

    def _walk(self, tokens: list) -> None:
        for token in tokens:
            if token.type == "citation" and token.meta["label"] not in self.labels:
                self.labels.append(token.meta["label"])
            elif token.type in ("fence", "code_block"):
                language = token.info.split()[0] if token.info.strip() else ""
                self.code.append(CodeBlock(language, token.content))
            elif token.type == "text":
                self.unresolved += UNRESOLVED_CITATION.findall(token.content)
            if token.children:
                self._walk(token.children)


_CARD_PARSER = card_parser()


def parse(text: str, path: str) -> tuple[list[Card], str, list[Problem]]:
    """Cards, the deck name found in the page ("" if none) and the problems found."""
    lines = text.split("\n")
    tokens = _document_parser().parse(text)
    blocks = _blocks(tokens)
    collector = _Collector(lines, path)
    collector.collect(blocks)
    definitions = _definitions(tokens)
    problems = collector.problems
    cards = []
    for draft in collector.drafts:
        card = _card(draft, definitions, collector, problems)
        if card is not None:
            cards.append(card)
    first = collector.drafts[0] if collector.drafts else None
    return cards, _deck_name(blocks, first), problems


def _card(
    draft: _Draft,
    definitions: dict[str, Citation],
    collector: _Collector,
    problems: list[Problem],
) -> Card | None:
    pos = collector.pos(draft.question_line)
    question, answer = _join(draft.question), _join(draft.answer)
    errors = []
    if not question:
        errors.append(Problem(pos, "the question is empty"))
    if draft.answer_line is None:
        errors.append(Problem(pos, 'this question has no answer: add an "A:" line below it'))
    elif not answer:
        errors.append(Problem(collector.pos(draft.answer_line), "the answer is empty"))
    problems += errors
    if errors:
        return None
    content = _CardContent(question + "\n\n" + answer, definitions)
    for label in dict.fromkeys(content.unresolved):
        problems.append(
            Problem(pos, f"citation [^{label}] has no definition; it is kept as text", "warning")
        )
    return Card(
        question=question,
        answer=answer,
        pos=pos,
        citations=tuple(definitions[label] for label in content.labels),
        code_blocks=tuple(content.code),
        title=draft.heading.text if draft.heading else "",
    )


def _deck_name(blocks: list[_Block], first: _Draft | None) -> str:
    """The nearest heading above the first card that outranks the card headings."""
    if first is None:
        return ""
    card_level = first.heading.level if first.heading else 7
    for block in reversed(blocks):
        if block.start >= first.question_line or block is first.heading:
            continue
        if block.kind == "heading" and block.level < card_level:
            return block.text
    return ""

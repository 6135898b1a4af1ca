"""The "sections with labels" dialect: the sample Perplexity page.

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from ..markdown import UNRESOLVED_CITATION, card_parser, inline_text, use_math
from ..model import Card, Citation, CodeBlock, Media, Problem, SourcePos, has_cloze
from . import media
from .labels import QUESTION, match_label

NAME = "sections"
REVERSE_TAG = "reverse"

_ID_COMMENT = re.compile(r"<!--\s*id:\s*(.*?)\s*-->", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_TAG_LINE = re.compile(r"[ \t]*#[^\s#]\S*(?:[ \t]+#[^\s#]\S*)*[ \t]*")


@dataclass(frozen=True, slots=True)
class _Block:
    """A top-level block of the page: lines [start, end), 0-based."""

    kind: str  # "heading", "hr", "paragraph", "html" or "other"
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
    end_line: int = 0
    question: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    id: str = ""
    tags: list[str] = field(default_factory=list)

    def add(self, text: str, end_line: int) -> None:
        (self.question if self.answer_line is None else self.answer).append(text)
        self.end_line = max(self.end_line, end_line)

    def ends_at(self, heading: _Block, is_card_heading: bool) -> bool:
        if is_card_heading or self.heading is None:
            return True
        return heading.level <= self.heading.level


def _document_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    return use_math(md)


def _blocks(tokens: list) -> list[_Block]:
    blocks = []
    for i, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map
        if token.type == "heading_open":
            level = int(token.tag[1])
            blocks.append(_Block("heading", start, end, level, inline_text(tokens[i + 1])))
        elif token.type in ("hr", "paragraph_open"):
            blocks.append(_Block(token.type.removesuffix("_open"), start, end))
        elif token.type == "html_block":
            blocks.append(_Block("html", start, end))
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
        # An id or tags written before a card's question (after its heading) wait here.
        self.pending = _Draft(None, question_line=-1)

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
                self.add(block.start, block.end)
                heading = block
            elif block.kind == "hr":
                self.close()
            elif block.kind == "paragraph":
                heading = self.paragraph(block, heading)
            elif block.kind == "html" and self.id_comments(block):
                pass
            else:
                self.add(block.start, block.end)
        self.close()
        if self.pending.id or self.pending.tags:
            where = self.pos(self.pending.end_line)
            self.problems.append(Problem(where, "id or tags with no card after them", "warning"))

    def add(self, start: int, end: int) -> None:
        if self.current:
            self.current.add("\n".join(self.lines[start:end]), end)

    def paragraph(self, block: _Block, heading: _Block | None) -> _Block | None:
        """Split a paragraph at label and tag lines; returns the heading still unused."""
        segment: list[str] = []

        def flush(end: int) -> None:
            if self.current and segment:
                self.current.add("\n".join(segment), end)
            segment.clear()

        for line_no in range(block.start, block.end):
            line = self.lines[line_no]
            ids = _ID_COMMENT.findall(line)
            line = _ID_COMMENT.sub("", line) if ids else line
            label = match_label(line)
            if label is not None:
                flush(line_no)
                heading = self.label(label[0], line_no, heading)
                line = line[label[1] :]
            elif _TAG_LINE.fullmatch(line):
                flush(line_no)
                self.target(line_no).tags += [tag[1:] for tag in line.split()]
                continue
            for card_id in ids:
                self.set_id(card_id, line_no)
            if line.strip() or not ids:
                segment.append(line)
        flush(block.end)
        return heading

    def label(self, role: str, line_no: int, heading: _Block | None) -> _Block | None:
        if role == QUESTION:
            self.close()
            self.current = _Draft(heading, question_line=line_no, end_line=line_no + 1)
            self.current.id, self.current.tags = self.pending.id, self.pending.tags
            self.pending = _Draft(None, question_line=-1)
            return None
        if self.current is None or self.current.answer_line is not None:
            self.problems.append(
                Problem(self.pos(line_no), "answer label without a question before it")
            )
        else:
            self.current.answer_line = line_no
        return heading

    def target(self, line_no: int) -> _Draft:
        """The card an id or tag line belongs to: the open one, else the next one."""
        if self.current is None:
            self.pending.end_line = line_no
            return self.pending
        return self.current

    def id_comments(self, block: _Block) -> bool:
        """Take an HTML block made only of id comments; False if it is anything else."""
        text = "\n".join(self.lines[block.start : block.end])
        ids = _ID_COMMENT.findall(text)
        if not ids or _ID_COMMENT.sub("", text).strip():
            return False
        for card_id in ids:
            self.set_id(card_id, block.start)
        return True

    def set_id(self, card_id: str, line_no: int) -> None:
        draft = self.target(line_no)
        if not card_id:
            self.problems.append(Problem(self.pos(line_no), "empty card id"))
        elif draft.id and draft.id != card_id:
            self.problems.append(
                Problem(
                    self.pos(line_no), f"a second id {card_id!r} for a card with id {draft.id!r}"
                )
            )
        else:
            draft.id = card_id


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
    """What one card's markdown contains: citations in order, code, images, unknown markers."""

    def __init__(self, markdown: str, definitions: dict[str, Citation]) -> None:
        self.labels: list[str] = []
        self.code: list[CodeBlock] = []
        self.images: list[str] = []
        self.html_images: list[str] = []
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
            elif token.type == "image":
                self.images.append(str(token.attrs.get("src", "")))
            elif token.type == "text":
                self.unresolved += UNRESOLVED_CITATION.findall(token.content)
            elif token.type in ("html_inline", "html_block"):
                self.html_images += _HTML_IMAGE.findall(token.content)
            if token.children:
                self._walk(token.children)


_CARD_PARSER = card_parser(html=True)


def parse(text: str, path: str) -> tuple[list[Card], str, list[Problem]]:
    """Cards, the deck name found in the page ("" if none) and the problems found."""
    lines = text.split("\n")
    tokens = _document_parser().parse(text)
    blocks = _blocks(tokens)
    collector = _Collector(lines, path)
    collector.collect(blocks)
    definitions = _definitions(tokens)
    builder = _CardBuilder(collector, definitions, Path(path).parent)
    cards = [card for draft in collector.drafts if (card := builder.build(draft))]
    first = collector.drafts[0] if collector.drafts else None
    return cards, _deck_name(blocks, first), collector.problems


class _CardBuilder:
    """Checks a draft and turns it into a Card, reporting problems to the collector."""

    def __init__(self, collector: _Collector, definitions: dict[str, Citation], folder: Path):
        self.collector = collector
        self.definitions = definitions
        self.folder = folder
        self.problems = collector.problems

    def build(self, draft: _Draft) -> Card | None:
        pos = self.collector.pos(draft.question_line)
        question, answer = _join(draft.question), _join(draft.answer)
        cloze = has_cloze(question) or has_cloze(answer)
        errors = []
        if not question:
            errors.append(Problem(pos, "the question is empty"))
        if draft.answer_line is None and not cloze:
            errors.append(Problem(pos, 'this question has no answer: add an "A:" line below it'))
        elif draft.answer_line is not None and not answer and not cloze:
            errors.append(Problem(self.collector.pos(draft.answer_line), "the answer is empty"))
        content = _CardContent(question + "\n\n" + answer, self.definitions)
        images = self.images(content.images, draft)
        errors += [p for p in images if isinstance(p, Problem)]
        self.problems += errors
        if errors:
            return None
        for src in dict.fromkeys(content.html_images):
            if not media.is_remote(src):
                self.problems.append(
                    Problem(
                        self._line_of(src, draft),
                        f"<img src={src!r}> in HTML is not packaged; write ![alt]({src}) instead",
                        "warning",
                    )
                )
        for label in dict.fromkeys(content.unresolved):
            self.problems.append(
                Problem(
                    pos, f"citation [^{label}] has no definition; it is kept as text", "warning"
                )
            )
        return Card(
            question=question,
            answer=answer,
            pos=pos,
            citations=tuple(self.definitions[label] for label in content.labels),
            code_blocks=tuple(content.code),
            title=draft.heading.text if draft.heading else "",
            id=draft.id,
            tags=tuple(tag for tag in draft.tags if tag != REVERSE_TAG),
            reverse=REVERSE_TAG in draft.tags,
            media=tuple(m for m in images if isinstance(m, Media)),
        )

    def images(self, sources: list[str], draft: _Draft) -> list[Media | Problem]:
        found: list[Media | Problem] = []
        for src in dict.fromkeys(sources):
            if media.is_remote(src):
                continue
            try:
                found.append(media.resolve(src, self.folder))
            except media.MediaRefused as refused:
                found.append(Problem(self._line_of(src, draft), str(refused)))
        return found

    def _line_of(self, src: str, draft: _Draft) -> SourcePos:
        """The line that mentions an image, for messages (the card's line if not found)."""
        lines = self.collector.lines
        for line_no in range(draft.question_line, min(draft.end_line, len(lines))):
            if src in lines[line_no] or media.unquote(src) in lines[line_no]:
                return self.collector.pos(line_no)
        return self.collector.pos(draft.question_line)


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

"""A markdown page parsed once: its lines, its top-level blocks and its footnotes.

Every dialect reads the same Document; none of them parses the page again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..markdown import inline_text, use_math
from ..model import Citation, Problem, SourcePos
from .labels import QUESTION, match_label


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block of the page: lines [start, end), 0-based."""

    kind: str  # "heading", "hr", "paragraph", "html", "table" or "other"
    start: int
    end: int
    level: int = 0  # heading level, 1-6
    text: str = ""  # heading text, escapes resolved
    token: int = 0  # index of the block's first token in Document.tokens


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    use_math(md)
    # Blocks only: each card's inline text is parsed once, when the card is rendered.
    # Footnote definitions stay where they are, for ``Document.citations``.
    md.disable(["inline", "footnote_tail"])
    return md


_PARSER = _parser()
_INLINE = use_math(MarkdownIt("commonmark").enable("strikethrough"))


@dataclass(frozen=True)
class Page:
    """What checking and rendering cards needs of a page: small enough to send to a worker."""

    path: str
    lines: list[str]
    origin: list[int] | None  # see Document.origin
    citations: dict[str, Citation]

    def pos(self, line: int) -> SourcePos:
        """The position in the file of 0-based ``line``."""
        if self.origin is not None:
            line = self.origin[min(line, len(self.origin) - 1)]
        return SourcePos(self.path, line + 1)


@dataclass
class Document:
    """One page of markdown (front matter already blanked out)."""

    text: str
    path: str
    lines: list[str] = field(init=False)
    tokens: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        self.env: dict = {}
        self.tokens = _PARSER.parse(self.text, self.env)
        self.lines = self.text.split("\n")
        self.origin: list[int] | None = None  # original line of each line, when they differ
        unwrapped = _unwrap_label_lists(list(self.lines), self.tokens)
        if unwrapped is not None:
            self.origin = [n for n, _ in unwrapped]
            self.lines = [line for _, line in unwrapped]
            self.text = "\n".join(self.lines)
            self.env = {}
            self.tokens = _PARSER.parse(self.text, self.env)

    def pos(self, line: int) -> SourcePos:
        """The position in the file of 0-based ``line``."""
        if self.origin is not None:
            line = self.origin[min(line, len(self.origin) - 1)]
        return SourcePos(self.path, line + 1)

    def page(self) -> Page:
        return Page(self.path, self.lines, self.origin, self.citations)

    def source(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end])

    @cached_property
    def blocks(self) -> list[Block]:
        blocks = []
        for i, token in enumerate(self.tokens):
            if token.level != 0 or token.nesting == -1 or token.map is None:
                continue
            start, end = token.map
            if token.type == "heading_open":
                level = int(token.tag[1])
                text = _heading_text(self.tokens[i + 1].content)
                blocks.append(Block("heading", start, end, level, text, i))
            elif token.type in ("hr", "paragraph_open", "table_open"):
                blocks.append(Block(token.type.removesuffix("_open"), start, end, token=i))
            elif token.type == "html_block":
                blocks.append(Block("html", start, end, token=i))
            else:
                blocks.append(Block("other", start, end, token=i))
        return blocks

    @cached_property
    def citations(self) -> dict[str, Citation]:
        """The page's footnote definitions, by label."""
        found: dict[str, Citation] = {}
        label = None
        for token in self.tokens:
            if token.type == "footnote_reference_open":
                label = token.meta["label"]
            elif token.type == "inline" and label is not None and label not in found:
                found[label] = _citation(label, _parse_inline(token.content))
            elif token.type == "footnote_reference_close":
                label = None
        return found


_LIST_MARKER = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def _unwrap_label_lists(lines: list[str], tokens: list[Token]) -> list[tuple[int, str]] | None:
    """The page with list items that start with a label turned into label lines.

    Chat assistants often write ``1. **Q:** ...`` or ``* **Front:** ...``; without
    its list marker such an item reads like any other label line. Only lists with an
    item starting with a question label change; a blank line goes before each item
    so that none continues the one above. Returns (original line, text) pairs, or
    None when nothing changes.
    """
    starts: dict[int, int] = {}  # first line of an item to unwrap: its marker's width
    ends: dict[int, int] = {}  # last line + 1 of such an item: the marker's width
    items: list[tuple[int, int, int, str]] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            items = []
        elif token.type == "list_item_open" and token.level == 1 and token.map:
            start, end = token.map
            marker = _LIST_MARKER.match(lines[start])
            label = match_label(lines[start][marker.end() :]) if marker else None
            if marker and label:
                items.append((start, end, marker.end(), label[0]))
        elif (
            token.type in ("bullet_list_close", "ordered_list_close")
            and token.level == 0
            and any(role == QUESTION for *_, role in items)
        ):
            for start, end, indent, _ in items:
                starts[start] = indent
                for n in range(start + 1, end):
                    ends[n] = indent
    if not starts:
        return None
    result: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        if n in starts:
            if result and result[-1][1].strip():
                result.append((n, ""))
            line = line[starts[n] :]
        elif n in ends:
            spaces = len(line) - len(line.lstrip(" "))
            line = line[min(spaces, ends[n]) :]
        result.append((n, line))
    return result


_MARKUP = re.compile(r"[\\`*_\[\]<>&!$~^{}|]")


def _heading_text(source: str) -> str:
    """A heading's plain text; most headings ("Card 12") have no markup to parse."""
    if not _MARKUP.search(source):
        return " ".join(source.split())
    return inline_text(_parse_inline(source))


def _parse_inline(text: str) -> Token:
    """An inline token for ``text`` with its children parsed."""
    token = Token("inline", "", 0, content=text)
    token.children = _INLINE.parseInline(text)[0].children
    return token


def unclosed_fences(doc: Document) -> list[Problem]:
    """A warning for each code fence that is never closed (it swallows the rest)."""
    problems = []
    for token in doc.tokens:
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        last = doc.lines[end - 1].strip() if end - 1 > start else ""
        char = token.markup[0]
        if not (last.startswith(token.markup) and set(last) == {char}):
            problems.append(
                Problem(
                    doc.pos(start),
                    f"this code fence ({token.markup}) is never closed: "
                    "everything after it, to the end of the file, is code",
                    "warning",
                )
            )
    return problems


_DEFINITION = re.compile(r"[ ]{0,3}\[\^([^\]\s]+)\]:")
_MARKER = re.compile(r"\[\^([^\]\s]+)\]")


def uncited_footnotes(doc: Document) -> list[Problem]:
    """A warning for each footnote defined but cited nowhere in the page."""
    defined: dict[str, list[int]] = {}
    for n, text in enumerate(doc.lines):
        if match := _DEFINITION.match(text):
            defined.setdefault(match.group(1), []).append(n)
    if not defined:
        return []
    markers = Counter(_MARKER.findall(doc.text))
    return [
        Problem(doc.pos(lines[0]), f"footnote [^{label}] is defined but never cited", "warning")
        for label, lines in defined.items()
        if label in doc.citations and markers[label] <= len(lines)
    ]


def _citation(label: str, inline: Token) -> Citation:
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

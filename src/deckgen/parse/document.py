"""A markdown page parsed once: its lines, its top-level blocks and its footnotes.

Every dialect reads the same Document; none of them parses the page again. Only
block structure is parsed here; the text of each card is parsed when it is rendered.
"""

from __future__ import annotations

import bisect
import itertools
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, overload

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..markdown import CITATION_MARKER, MAX_NESTING, inline_text, use_math
from ..model import Citation, Problem, SourcePos
from .labels import QUESTION, is_plain, match_label, questions_in

# C0 control characters other than tab, line feed and form feed, and DEL: no editor
# shows them and no card can, and Anki reads U+001F inside a field or a deck name as a
# break between fields (or decks), so one would shift a note's fields.
# And a lone surrogate (U+D800 to U+DFFF), half of a character that no file can hold
# (a page decoded as UTF-7, say): no output could write it.
CONTROL = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f\ud800-\udfff]")
# The same characters as UTF-8 bytes (no other character's bytes hold one): deleting
# them from the bytes tells that a page holds none six times faster than the pattern.
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0D, 0x20), 0x7F])
_SURROGATE = re.compile("[\ud800-\udfff]")  # its bytes start with 0xED, as Hangul's do


def without_controls(text: str) -> tuple[str, str]:
    """``text`` without the characters CONTROL matches (a vertical tab: a space), and
    those it held (each once)."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _CONTROL_BYTES)) == len(data) and (
        b"\xed" not in data or not _SURROGATE.search(text)
    ):  # nearly every page
        return text, ""
    held = "".join(dict.fromkeys(CONTROL.findall(text)))
    # A vertical tab is a line break where Word and PowerPoint paste: a space, not glue.
    return CONTROL.sub("", text.replace("\x0b", " ")), held


def control_names(held: str) -> str:
    """The characters ``without_controls`` found, for a message: "U+001F, U+0007"."""
    return ", ".join(f"U+{ord(c):04X}" for c in held)


class Block(NamedTuple):
    """A top-level block of the page: lines [start, end), 0-based.

    A named tuple: a large page has hundreds of thousands, made afresh each build from
    the cached pieces, and a tuple is quick to make.
    """

    kind: str  # "heading", "hr", "paragraph", "html", "table", "footnote" or "other"
    start: int
    end: int
    level: int = 0  # heading level, 1-6
    text: str = ""  # heading text, escapes resolved
    rows: tuple[tuple[int, tuple[str, ...]], ...] = ()  # a table's rows: (line, cells)
    # A paragraph's lines as the readers first look at them, worked out with the parse
    # (so in the workers, and kept with the piece): how many start with a question
    # label, and whether none may start anything but text (see labels.is_plain).
    # A paragraph a reader cuts out of another has -1: not worked out.
    asks: int = -1
    plain: bool = False

    @classmethod
    def placed(cls, fields: BlockFields, offset: int) -> Block:
        """The block of a piece's ``fields`` (see Chunk), its lines moved down by ``offset``."""
        kind, start, end, level, text, rows, asks, plain = fields
        if rows:
            rows = tuple((line + offset, cells) for line, cells in rows)
        return cls(kind, start + offset, end + offset, level, text, rows, asks, plain)


# A Block's fields, in order, with lines counted from the start of a piece: pieces are
# parsed in worker processes and kept in the cache, and a tuple crosses both cheaply.
BlockFields = tuple[str, int, int, int, str, tuple[tuple[int, tuple[str, ...]], ...], int, bool]


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(footnote_plugin)
    use_math(md)
    # Blocks only: each card's inline text is parsed once, when the card is rendered.
    # Footnote definitions stay where they are, for ``Document.citations``.
    md.disable(["inline", "footnote_tail"])
    return md


_PARSER = _parser()
_INLINE = use_math(MarkdownIt("commonmark").enable("strikethrough"))


class Lines(Sequence[str]):
    """A page's lines, cut from its text when asked for.

    A list of a large page's lines holds a million small strings; this holds the
    text and where each line starts.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lengths = map(len, text.split("\n"))
        self.starts = array("q", itertools.accumulate(map((1).__add__, lengths), initial=0))
        self.starts.pop()  # the last accumulation is past the end

    def __len__(self) -> int:
        return len(self.starts)

    def line_at(self, offset: int) -> int:
        """The 0-based number of the line holding character ``offset`` of the text."""
        return bisect.bisect_right(self.starts, offset) - 1

    def _end(self, n: int) -> int:
        """Where line ``n`` ends: at its line break, or at the end of the text."""
        return self.starts[n + 1] - 1 if n + 1 < len(self.starts) else len(self.text)

    def _line(self, n: int) -> str:
        return self.text[self.starts[n] : self._end(n)]

    def span(self, start: int, end: int) -> str:
        """Lines [start, end) as one text, with their line breaks."""
        starts = self.starts
        if not 0 <= start < end <= len(starts):  # the parsers ask for blocks' lines: rare
            start, end, _ = slice(start, end).indices(len(starts))
            if start >= end:
                return ""
        stop = starts[end] - 1 if end < len(starts) else len(self.text)
        return self.text[starts[start] : stop]

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, end, step = index.indices(len(self))
            if step == 1:  # cut at C speed: dialects read blocks line by line
                return self.span(start, end).split("\n") if start < end else []
            return [self._line(n) for n in range(start, end, step)]
        starts = self.starts  # the dialects read lines one by one: kept short
        if index < 0:
            index += len(starts)
        if not 0 <= index < len(starts):
            raise IndexError(index)
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)
        return self.text[starts[index] : end]


@dataclass(frozen=True)
class Page:
    """What checking and rendering cards needs of a page: small enough to send to a worker."""

    path: str
    lines: Sequence[str]
    origin: Sequence[int] | None  # see Document.origin
    citations: dict[str, Citation]
    tags: tuple[str, ...] = ()  # tags every card of the page gets, before its own
    reverse: bool = False  # whether every card of the page also goes answer > question

    def pos(self, line: int) -> SourcePos:
        """The position in the file of 0-based ``line``."""
        if self.origin is not None:
            line = self.origin[min(line, len(self.origin) - 1)]
        return SourcePos(self.path, line + 1)


@dataclass
class Chunk:
    """What a piece of the page parses into: no tokens, so it is small and can be kept."""

    text: str  # the piece, after list items with labels are unwrapped
    origin: list[int] | None  # each line's line in the piece as written, if they differ
    blocks: list[BlockFields]
    unclosed: list[tuple[int, str]]  # code fences never closed: (line, fence)
    definitions: dict[str, str]  # footnote label: the definition's text
    open_end: bool  # the piece ends inside a fence, a math block or an HTML block


def parse_block_text(text: str) -> list[Token]:
    """The block tokens of some markdown (no inline parsing)."""
    return _PARSER.parse(text)


def parse_chunk(text: str) -> Chunk:
    """Parse one piece of a page (or a whole page) into blocks."""
    lines = text.split("\n")
    tokens = _PARSER.parse(text)
    origin = None
    unwrapped = _unwrap_label_lists(list(lines), tokens)
    if unwrapped is not None:
        origin = [n for n, _ in unwrapped]
        lines = [line for _, line in unwrapped]
        tokens = _PARSER.parse("\n".join(lines))
    blocks = _blocks(tokens, lines)
    unclosed = _unclosed(tokens, lines)
    last = next((t for t in reversed(tokens) if t.level == 0 and t.map), None)
    content_end = len(lines)
    while content_end and not lines[content_end - 1].strip():
        content_end -= 1
    open_end = bool(
        last is not None
        and last.map[1] >= content_end
        and (
            (last.type == "fence" and unclosed and unclosed[-1][0] == last.map[0])
            or (last.type == "html_block" and _html_open(last, lines))
            or (last.type.startswith("math_block") and not _math_closed(last, lines))
        )
    ) or (("$$" in text or "\\[" in text) and _math_unended(tokens))
    return Chunk("\n".join(lines), origin, blocks, unclosed, _definitions(tokens), open_end)


# The HTML blocks that a blank line does not end (CommonMark's kinds 1 to 5): the text
# that starts each, and the text that ends it.
_HTML_ENDS = [
    (re.compile(r"<(?:script|pre|style|textarea)(?=\s|>|$)", re.IGNORECASE),
     re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
]  # fmt: skip


def token_lines(token: Token, lines: list[str]) -> tuple[int, int]:
    """The lines [start, end) of a block token of ``lines`` (its map), never past their
    end: markdown-it 2 maps an empty last quote a line past the text."""
    start, end = token.map
    return start, min(end, len(lines))


def _html_open(token: Token, lines: list[str]) -> bool:
    """Whether an HTML block at a piece's end may run on into the next piece: one that
    only its end text ends (a comment, <pre>...), without that text on its last line.
    Any other ends at a blank line, and a piece ends with one."""
    start, end = token_lines(token, lines)
    first = lines[start].lstrip()
    for opener, closer in _HTML_ENDS:
        if opener.match(first):
            return not closer.search(lines[end - 1])
    return False


def _math_unended(tokens: list[Token]) -> bool:
    """Whether a paragraph (or setext heading) starts with "$$" or "\\[" that no line of
    the piece closes: the math plugins read on past a list item or a footnote, and with
    a closing line in a later piece the math would take in every line up to it."""
    for n, token in enumerate(tokens):
        if token.type == "paragraph_open" or (
            token.type == "heading_open" and token.markup in ("=", "-")
        ):
            first = tokens[n + 1].content.split("\n", 1)[0].strip()
            if first.startswith("\\[") or (first.startswith("$$") and "$$" not in first[2:]):
                return True
    return False


def _math_closed(token: Token, lines: list[str]) -> bool:
    """Whether a math block is closed: a "$$" line alone opens one, it does not close it."""
    start, end = token.map
    last = lines[min(end, len(lines)) - 1].strip()
    if end - start <= 1:
        return len(last) > 2 and last.endswith(("$$", "\\]"))
    return last.endswith(("$$", "\\]"))


def _blocks(tokens: list[Token], lines: list[str]) -> list[BlockFields]:
    blocks: list[BlockFields] = []
    for i, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token_lines(token, lines)
        while end - 1 > start and not lines[end - 1].strip():
            end -= 1  # a list's trailing blank line belongs to no block
        if token.type == "heading_open":
            text = _heading_text(tokens[i + 1].content)
            blocks.append(("heading", start, end, int(token.tag[1]), text, (), -1, False))
        elif token.type == "table_open":
            blocks.append(("table", start, end, 0, "", _rows(tokens, i), -1, False))
        elif token.type == "hr":
            blocks.append(("hr", start, end, 0, "", (), -1, False))
        elif token.type == "paragraph_open":  # a literal: one string shared by every block
            source = "\n".join(lines[start:end])
            facts = questions_in(source), is_plain(source)
            blocks.append(("paragraph", start, end, 0, "", (), *facts))
        elif token.type == "html_block":
            blocks.append(("html", start, end, 0, "", (), -1, False))
        elif token.type == "footnote_reference_open":  # "[^1]: https://...": a source
            blocks.append(("footnote", start, end, 0, "", (), -1, False))
        else:
            blocks.append(("other", start, end, 0, "", (), -1, False))
    return blocks


def _rows(tokens: list[Token], start: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    rows, cells, line = [], [], 0
    for token in tokens[start:]:
        if token.type == "tr_open":
            cells, line = [], token.map[0] if token.map else line
        elif token.type == "inline":
            cells.append(token.content)
        elif token.type == "tr_close":
            rows.append((line, tuple(cells)))
        elif token.type == "table_close":
            break
    return tuple(rows)


def _unclosed(tokens: list[Token], lines: list[str]) -> list[tuple[int, str]]:
    """Code fences never closed: (line, fence). A closed fence's code leaves out its
    closing line; a line of backticks indented 4 spaces or more is code, not the end."""
    found = []
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        code = token.content
        if code.count("\n") + (bool(code) and not code.endswith("\n")) != end - start - 2:
            found.append((start, token.markup))
    return found


def _definitions(tokens: list[Token]) -> dict[str, str]:
    found: dict[str, str] = {}
    label = None
    for token in tokens:
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
        elif token.type == "inline" and label is not None and label not in found:
            found[label] = token.content
        elif token.type == "footnote_reference_close":
            label = None
    return found


# Where a page may be cut into pieces that parse alone exactly as they would together:
# before an ATX heading or a *** / ___ rule that follows a blank line. Only at the
# line's very start: an indented one may still belong to a list item above it.
SAFE_CUT = re.compile(r"(?:#{1,6}(?:[ \t]|$)|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
Fence = tuple[int, str, str]  # (line, info string, code)


CHUNK_LINES = 2000  # lines in a piece, about; a piece is also what the cache keeps


def _cut_here(lines: list[str], n: int, gap: int, target: int) -> bool:
    """Whether to cut before line ``n``, a safe place ``gap`` lines after the last one.

    Decided by the text there, not by the line's number: a card added or removed above
    moves every line below it, and pieces cut by number would all differ from the ones
    the cache keeps. Each safe place is taken with a chance of about ``gap / target``
    (the text's hash picks which), so pieces grow about ``target`` lines past their
    least size whether a page has a heading every line or every hundred.
    """
    text = "\n".join(lines[n : n + 3]).encode()  # a "***" alone is no mark: the card too
    return zlib.crc32(text) * target < gap << 32


def split_page(
    lines: list[str], size: int | None = None, fences: list[Fence] | None = None
) -> list[tuple[int, int]]:
    """Line ranges [start, end) that cover the page, cut only where it is safe.

    Pieces have at least ``size / 4`` lines, about ``size`` on average and ``2 * size``
    at most (when the page allows a cut there). A least size well below the average
    lets the cuts after an insertion fall where they fell before. ``fences``, if given,
    gets each closed code fence that starts at a line's start: (line, info string, code)
    as markdown-it's fence token holds them.
    """
    size = size or CHUNK_LINES
    least, target, most = size // 4, size * 3 // 4, size * 2
    last_safe = 0  # the last place a cut was allowed
    ranges, start, fence, in_html, until = [], 0, "", False, ""
    fence_indent = 0  # the columns before the open fence
    opened: tuple[int, str] | None = None  # a fence at a line's start: (line, info)
    for n, line in enumerate(lines):
        # Blank, for markdown, is spaces and tabs only: a line of a no-break space (or of
        # U+001F, which str.strip also takes for blank) goes on an HTML block.
        stripped = line.strip(" \t")
        if fence:
            if (
                stripped.startswith(fence)
                and set(stripped) == {fence[0]}
                and _indent(line) < fence_indent + 4  # indented further: code
            ):
                fence = ""
                if opened is not None and fences is not None:
                    first, info = opened
                    code = "\n".join(lines[first + 1 : n])
                    fences.append((first, info, code + "\n" if n > first + 1 else code))
                opened = None
            continue
        if until:  # inside an HTML comment, <pre>, <script>, math...: up to its end
            if until == "$$":  # "$$" ends math only at a line's end (or before a label)
                if stripped.endswith("$$") or _MATH_LABEL.search(stripped):
                    until = ""
            elif until in line.lower():
                until = ""
            continue
        if not stripped:
            in_html = False  # a blank line ends an HTML block
            continue
        if stripped[0] not in _MAY_OPEN:
            # Most lines: text, which opens no block that runs over blank lines; a cut
            # may go before it if it starts a heading or a rule after a blank line.
            if (
                not in_html
                and line[0] in "#*_"
                and n
                and not lines[n - 1].strip(" \t")
                and SAFE_CUT.match(line)
            ):
                gap, last_safe = n - last_safe, n
                if n - start >= most or (n - start >= least and _cut_here(lines, n, gap, target)):
                    ranges.append((start, n))
                    start = n
            continue
        if stripped.startswith(("$$", "\\[")):
            # A math block runs over blank lines to its closing "$$" or "\\]".
            close = "$$" if stripped.startswith("$$") else "\\]"
            if close not in stripped[2:]:
                until = close
            continue
        if opener := _FENCE.match(line):
            fence, fence_indent = opener.group(1), _indent(line)
            info = line[len(fence) :]
            if line.startswith(fence) and not (fence[0] == "`" and "`" in info):
                opened = (n, info)  # no indent: the code is the lines as they are
            continue
        if in_html:
            continue  # an HTML block runs to a blank line (see above)
        if stripped.startswith("<"):
            in_html = True  # HTML blocks: no cut until a blank line
            until = _html_end(stripped)
            if until and until in stripped[4:].lower():
                until = ""
    ranges.append((start, len(lines)))
    return ranges


_MATH_LABEL = re.compile(r"\$\$\s*\([^)$\r\n]+?\)$")  # "$$ (1)": the end, labelled
_MAY_OPEN = frozenset("$\\`~<")  # what a line starts with to open math, a fence or HTML


def _indent(line: str) -> int:
    """The columns of blank before a line's text (a tab runs to the next multiple of 4)."""
    text = line.expandtabs(4) if "\t" in line else line
    return len(text) - len(text.lstrip(" "))


def _html_end(line: str) -> str:
    """What ends an HTML block that blank lines do not end, if ``line`` starts one."""
    lower = line.lower()
    if lower.startswith("<!--"):
        return "-->"
    for tag in ("pre", "script", "style", "textarea"):
        if re.match(rf"<{tag}(?:[\s>]|$)", lower):
            return f"</{tag}>"
    return ""


class Document:
    """One page of markdown (front matter blanked out, ``\\n`` line ends), parsed for blocks.

    Large pages are cut into pieces parsed on their own (in worker processes when
    ``jobs`` > 1); ``chunks`` may hold pieces parsed by an earlier build.
    """

    def __init__(
        self,
        text: str,
        path: str,
        jobs: int = 1,
        chunks: ChunkStore | None = None,
        code_found: Callable[[list[tuple[str, str]]], None] | None = None,
    ) -> None:
        """``code_found``, if given, hears of the fenced code of the pieces not in
        ``chunks`` (see ``split_page``) before they are parsed: the code a render of the
        page will most likely highlight (pieces an earlier build parsed were rendered then).
        """
        self.path = path
        self.memo: dict[str, object] = {}  # what dialects work out once and ask twice
        lines = text.split("\n")
        fences: list[Fence] = []
        ranges = split_page(lines, fences=fences if code_found else None)
        pieces: list[str | None] = ["\n".join(lines[a:b]) for a, b in ranges]
        del lines
        kept = chunks.has_chunks(pieces) if chunks else set()
        if code_found is not None:
            new = [r for r, piece in zip(ranges, pieces, strict=True) if piece not in kept]
            code_found([(i, c) for line, i, c in fences if any(a <= line < b for a, b in new)])
        del fences
        parsed = _parse_pieces(pieces, jobs, chunks, kept)
        texts = self._place(_each_chunk(pieces, parsed, chunks))
        if texts is None:  # a cut was not safe after all: the page as one piece
            texts = self._place(iter([(parse_chunk(text), text.count("\n") + 1)]))
        del parsed, pieces
        # Pieces parsed as written are the page again: the caller's copy of it will do.
        self.lines = Lines(text if self.origin is None else "\n".join(texts))
        del texts
        self.citations = {
            label: _citation(label, _parse_inline(content))
            for label, content in self.definitions.items()
        }

    def _place(self, parsed: Iterator[tuple[Chunk, int]]) -> list[str] | None:
        """Take in each piece's parse, in order, with its count of lines as written; the
        text of each piece as parsed, or None if a piece but the last ends open (inside
        a fence, a math or an HTML block): then its cut was not safe."""
        self.blocks: list[Block] = []
        self.origin: array | None = None  # the file's line of each line, when they differ
        self.unclosed: list[tuple[int, str]] = []
        self.definitions: dict[str, str] = {}
        texts: list[str] = []
        written = 0  # lines of the page as written before this piece
        offset = 0  # lines of the page as parsed before this piece
        ended_open = False
        for chunk, count_written in parsed:
            if ended_open:
                return None
            ended_open = chunk.open_end
            count = chunk.text.count("\n") + 1
            if chunk.origin is not None or self.origin is not None:
                if self.origin is None:
                    self.origin = array("q", range(offset))
                local = chunk.origin or range(count)
                self.origin.extend(written + line for line in local)
            self.blocks += [Block.placed(fields, offset) for fields in chunk.blocks]
            self.unclosed += [(line + offset, fence) for line, fence in chunk.unclosed]
            for label, content in chunk.definitions.items():
                self.definitions.setdefault(label, content)
            texts.append(chunk.text)
            written += count_written
            offset += count
        return texts

    def pos(self, line: int) -> SourcePos:
        """The position in the file of 0-based ``line``."""
        if self.origin is not None:
            line = self.origin[min(line, len(self.origin) - 1)]
        return SourcePos(self.path, line + 1)

    def heading_above(self, line: int) -> str:
        """The text of the nearest heading above 0-based ``line`` ("" if none)."""
        above = [b for b in self.blocks if b.kind == "heading" and b.start < line]
        return above[-1].text if above else ""

    def page(self, tags: Sequence[str] = (), reverse: bool = False) -> Page:
        return Page(self.path, self.lines, self.origin, self.citations, tuple(tags), reverse)

    def source(self, start: int, end: int) -> str:
        return self.lines.span(start, end)


class ChunkStore(Protocol):
    """Parsed pieces kept between builds (see deckgen.cache)."""

    def has_chunks(self, texts: Sequence[str | None]) -> set[str]: ...

    def get_chunks(self, texts: list[str]) -> dict[str, Chunk]: ...

    def put_chunks(self, chunks: dict[str, Chunk]) -> None: ...


def _parse_pieces(
    pieces: list[str | None], jobs: int, store: ChunkStore | None, kept: set[str]
) -> dict[str, Chunk]:
    """The parse of each piece not ``kept`` in ``store``, made now (and kept there)."""
    missing = [piece for piece in dict.fromkeys(pieces) if piece is not None and piece not in kept]
    if jobs > 1 and len(missing) > 1:
        from ..workers import Workers

        with Workers(min(jobs, len(missing))) as workers:
            parsed = workers.map(_parse_chunk, missing)
            new = dict(zip(missing, parsed, strict=True))
    else:
        new = {piece: parse_chunk(piece) for piece in missing}
    if store and new:
        store.put_chunks(new)
    return new


def _each_chunk(
    pieces: list[str | None], parsed: dict[str, Chunk], store: ChunkStore | None
) -> Iterator[tuple[Chunk, int]]:
    """Each piece's parse, in order, with the piece's count of lines: from ``parsed``, else
    read from ``store`` one at a time (a large page's would be a hundred MB at once), else
    (a kept parse that cannot be read) parsed now and kept again. Each piece is let go
    once taken."""
    uses = Counter(map(hash, pieces))  # a piece may repeat: its parse goes with its last use
    for n, piece in enumerate(pieces):
        if piece is None:
            continue
        pieces[n] = None
        uses[hash(piece)] -= 1
        chunk = parsed.get(piece) if uses[hash(piece)] else parsed.pop(piece, None)
        if chunk is None and store is not None:
            chunk = store.get_chunks([piece]).get(piece)
            if chunk is None:  # kept, but not to be read (damaged): kept again, readable
                store.put_chunks({piece: (chunk := parse_chunk(piece))})
        yield chunk or parse_chunk(piece), piece.count("\n") + 1


def _parse_chunk(_state: None, text: str) -> Chunk:
    return parse_chunk(text)


_LIST_MARKER = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def _unwrap_label_lists(lines: list[str], tokens: list[Token]) -> list[tuple[int, str]] | None:
    """The page with list items that start with a label turned into label lines, and
    label lines kept apart from a rule below them.

    Chat assistants often write ``1. **Q:** ...`` or ``* **Front:** ...``; without
    its list marker such an item reads like any other label line. Only lists with an
    item starting with a question label change; a blank line goes before each item
    so that none continues the one above. ``A: answer`` with ``---`` right below it is
    an answer and a separator, not a heading: a blank line goes between them.
    Returns (original line, text) pairs, or None when nothing changes.
    """
    starts: dict[int, int] = {}  # first line of an item to unwrap: its marker's width
    ends: dict[int, int] = {}  # last line + 1 of such an item: the marker's width
    rules: set[int] = set()  # "---" lines under a label line
    items: list[tuple[int, int, int, str]] = []
    for token in tokens:
        if token.type == "heading_open" and token.markup == "-" and token.map:
            start, end = token.map
            if any(match_label(line) for line in lines[start : end - 1]):
                rules.add(end - 1)
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
    if not starts and not rules:
        return None
    result: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        if n in rules:
            result.append((n, ""))
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
    return [
        Problem(
            doc.pos(line),
            f"this code fence ({fence}) is never closed: "
            "everything after it, to the end of the file, is code",
            "warning",
        )
        for line, fence in doc.unclosed
    ]


FOOTNOTE_LINE = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def uncited_footnotes(doc: Document) -> list[Problem]:
    """A warning for each footnote defined but cited nowhere in the page."""
    defined: dict[str, list[int]] = {}
    for match in FOOTNOTE_LINE.finditer(doc.lines.text):
        defined.setdefault(match.group(1), []).append(doc.lines.line_at(match.start()))
    if not defined:
        return []
    markers = Counter(CITATION_MARKER.findall(doc.lines.text))
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

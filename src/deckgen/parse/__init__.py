"""Markdown in, a :class:`~deckgen.model.Deck` out.

A page is read by ``finder``, which finds every shape of card on it. ``--dialect``
reads it in one format only: each is a module with ``NAME``, ``EXAMPLE`` and
``parse(doc)`` returning drafts, the deck name the page gives (or "") and problems.
What is common to every page (reading the file, front matter, checking drafts, tags,
where each line of text went) happens here and in ``draft``.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import InputError, ParseError
from ..model import Card, Deck, Problem, SourcePos
from . import (
    accounting,
    admonitions,
    comment_cards,
    data_blocks,
    finder,
    front_matter,
    headings,
    label_lines,
    obsidian_to_anki,
    sections,
    table,
)
from .document import (
    CONTROL,
    Document,
    control_names,
    uncited_footnotes,
    unclosed_fences,
    without_controls,
)
from .draft import build_cards, clean_tag
from .front_matter import FileOptions

if TYPE_CHECKING:
    from .document import ChunkStore

# The formats --dialect names, each read by a module of its own.
DIALECTS: dict[str, ModuleType] = {
    module.NAME: module for module in (sections, label_lines, table, headings)
}
SOURCE_TAG_PREFIX = "source::"


DEFAULT_MAX_BYTES = 50 * 1024 * 1024


# A byte-order mark names the encoding, whatever --encoding says; longest first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


STDIN_NAME = "<stdin>"  # what messages call standard input


def _too_large(size: int, max_bytes: int, where: SourcePos) -> InputError:
    what = "standard input holds" if where.path == STDIN_NAME else "the file is"
    limit = f"{max_bytes / 1e6:.0f} MB"
    return InputError(f"{what} {size / 1e6:.1f} MB, over the limit of {limit} (--max-size)", where)


def read_text(path: Path, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a regular file, at most ``max_bytes`` of it; a byte-order mark (UTF-8,
    UTF-16, UTF-32) names its encoding."""
    where = SourcePos(str(path), 1)
    try:
        if path.is_dir():
            raise InputError("this is a folder, not a markdown file", where)
        # Opened without blocking: a FIFO (or a device) must not hang the build before
        # it is refused; only a regular file is read, and never more than the limit.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise InputError(
                    "this is not a regular file (a device, a pipe or a socket); "
                    "pass the markdown file itself, or - to read standard input",
                    where,
                )
            if status.st_size > max_bytes:
                raise _too_large(status.st_size, max_bytes, where)
            data = file.read(max_bytes + 1)  # the limit holds even for a file that grows
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", where) from None
    return _decoded(data, encoding, max_bytes, where)


def read_stdin(encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of standard input (``deckgen build -``), read as :func:`read_text` reads
    a file; messages call it ``<stdin>``."""
    import sys

    where = SourcePos(STDIN_NAME, 1)
    if sys.stdin is None:
        raise InputError("there is no standard input to read", where)
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    try:
        data = stream.read(max_bytes + 1)
    except OSError as err:
        raise InputError(f"cannot read standard input: {err.strerror}", where) from None
    if isinstance(data, str):  # a text stream put in its place (tests, notebooks)
        data = data.encode("utf-8")
        encoding = "utf-8"
    return _decoded(data, encoding, max_bytes, where)


def _decoded(data: bytes, encoding: str, max_bytes: int, where: SourcePos) -> str:
    """The text of an input's bytes, checked: not too large, not binary, decodable."""
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, where)
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    if bom is None and b"\x00" in data[:8192]:
        raise InputError("this looks like a binary file (it holds NUL bytes), not markdown", where)
    is_utf8 = codecs.lookup(encoding).name == "utf-8"
    if bom is not None:
        encoding, is_utf8 = bom, bom == "utf-8-sig"
    try:
        text = data.decode(bom or ("utf-8-sig" if is_utf8 else encoding))
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        hint = "save the file as UTF-8, or name its encoding with --encoding (e.g. cp1252)"
        raise InputError(
            f"not {'UTF-8' if is_utf8 else encoding} text "
            f"(byte 0x{data[err.start]:02x} at column {column}); {hint}",
            SourcePos(where.path, line),
        ) from None
    return text


def normalise_newlines(text: str) -> str:
    """Line ends as markdown-it sees them: ``\\r\\n`` and ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(
    text: str,
    path: str = "<text>",
    deck_name: str | None = None,
    *,
    dialect: str | None = None,
    defaults: FileOptions | None = None,
    source_name: str | None = None,
    jobs: int = 1,
    chunks: ChunkStore | None = None,
    code_found: Callable[[list[tuple[str, str]]], None] | None = None,
    default_deck: str | None = None,
) -> Deck:
    """Parse markdown text into a Deck of cards in markdown. Raises ParseError listing
    every error found.

    ``deck_name`` and ``dialect`` (the command line) win over the front matter, which
    wins over ``defaults`` (the project's config). ``source_name`` names the file in
    its ``source::`` tag (default: the file name). ``jobs``: how many processes may
    parse the pieces of a large page; ``chunks`` keeps pieces parsed by earlier builds.
    ``code_found(fences)`` hears of the page's new fenced code, (info, code) each, before
    the page is parsed (see ``Document``). ``default_deck``: the deck name when nothing
    else names one (default: the file's name, without its suffix).
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise ParseError([Problem(SourcePos(path, 1), "the file is empty")])
    text, controls = _without_controls(text, path)
    meta, text, problems = front_matter.split(text, path)
    problems += controls
    options = meta.over(defaults or FileOptions())
    name = dialect or options.dialect
    if name is not None and name not in DIALECTS:
        raise ParseError(
            [
                Problem(
                    SourcePos(path, 1), f"unknown dialect {name!r} (known: {', '.join(DIALECTS)})"
                )
            ]
        )
    plugin_deck = None
    if name is None and (plugin := obsidian_to_anki.rewrite(text)) is not None:
        text, plugin_deck = plugin  # "START", "Basic", "Front: ...", "END": as labels
    elif name is None and (marked := comment_cards.rewrite(text)) is not None:
        text = marked  # "<!-- front -->", "<!-- back -->": as labels
    if name is None and (folded := admonitions.rewrite(text)) is not None:
        text = folded  # '??? question "Why?"' over its answer: as labels
    doc = Document(text, path, jobs, chunks, code_found)
    if doc.lines.text == text:  # one copy of a large page, not two
        text = doc.lines.text
    kept: set[int] = set()
    if name:
        drafts, page_deck_name, found = DIALECTS[name].parse(doc)
    elif (exported := data_blocks.anki_file(doc)) is not None:
        drafts, page_deck_name, found, kept = exported  # "#separator:tab", then rows
    else:
        drafts, page_deck_name, found, kept = finder.parse(doc)
        if not drafts and (unfenced := _unfenced(text)) != text:
            # The cards in a ```markdown block (a chat answer copied with its fence):
            # the page again without the fence's lines, each line where it was.
            text, doc = unfenced, Document(unfenced, path, jobs)
            drafts, page_deck_name, found, kept = finder.parse(doc)
        if not drafts and (unquoted := _QUOTE_MARK.sub("", text)) != text:
            # Every card in a quote ("> **Q:** ..."): the page again without the marks.
            quoted = Document(unquoted, path, jobs)
            if (again := finder.parse(quoted))[0]:
                text, doc = unquoted, quoted
                drafts, page_deck_name, found, kept = again
        if "\n---" in text and _TIGHT_RULE.search(text) and (apart := _rules_apart(text)) != text:
            # "Front\n---\nBack\n---\nFront...": each "---" right under a line of text
            # makes it a heading. Kept only when the page reads better with rules there.
            ruled = Document(apart, path, jobs)
            if _answered((again := finder.parse(ruled))[0]) > _answered(drafts):
                text, doc = apart, ruled
                drafts, page_deck_name, found, kept = again
        if not drafts:
            # Cards as data to import (```csv, ```tsv, ```json blocks): read only when the
            # page gives none otherwise, so no page that has cards changes.
            drafts, page_deck_name, more, data_lines = data_blocks.parse(doc)
            found, kept = found + more, kept | data_lines
    problems += unclosed_fences(doc) + uncited_footnotes(doc) + _too_deep(text, path)
    problems += found
    accounts = accounting.account(doc, drafts, kept)
    problems += accounting.problems(doc, drafts, accounts.left_out)
    coverage = (accounts.in_cards, accounts.with_text)
    shapes = name or "+".join(dict.fromkeys(d.shape for d in drafts))
    file_tags = [*options.tags, SOURCE_TAG_PREFIX + (source_name or Path(path).name)]
    page = doc.page(file_tags, bool(options.reverse))
    del doc  # a large page's blocks are not needed any more: free them before the cards
    cards, found, left_out = build_cards(drafts, page)
    problems += found
    if options.sections == "tags":
        cards = [_section_as_tag(card) for card in cards]
    del drafts
    named = deck_name or options.deck or plugin_deck or page_deck_name or meta.title
    deck = named or default_deck or Path(path).stem
    errors = [p for p in problems if p.severity == "error"]
    if not cards and not errors:
        errors.append(_no_cards(path, name if dialect or options.dialect else None, text, left_out))
    if errors:  # the warnings too: `deckgen check` lists everything
        raise ParseError(sorted(dict.fromkeys(errors + problems), key=_line))
    warnings = tuple(sorted((p for p in problems if p.severity != "error"), key=_line))
    return Deck(
        deck, tuple(cards), path, warnings, shapes, page.citations, text, coverage, left_out
    )


def _without_controls(text: str, path: str) -> tuple[str, list[Problem]]:
    """The page without invisible control characters (see document.CONTROL), and a
    warning naming the lines that held them; the lines keep their numbers."""
    clean, held = without_controls(text)
    if not held:
        return text, []
    lines = [n + 1 for n, line in enumerate(text.split("\n")) if CONTROL.search(line)]
    shown = ", ".join(map(str, lines[:5])) + (
        f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    )
    message = (
        f"line{'s' if len(lines) > 1 else ''} {shown} held invisible control characters "
        f"({control_names(held)}), which no card can show; deckgen left them out "
        "(delete them in the file to silence this)"
    )
    return clean, [Problem(SourcePos(path, lines[0]), message, "warning")]


_QUOTE_MARK = re.compile(r"^[ ]{0,3}>[ ]?", re.MULTILINE)
_MARKDOWN_OPENER = re.compile(r"(`{3,}|~{3,})[ \t]*(?:markdown|md)[ \t]*", re.IGNORECASE)


# "---" between two lines of text, no blank line around it: a setext heading's underline.
_TIGHT_RULE = re.compile(r"^(?=[^\n]*\S)[^\n]*\n[ ]{0,3}-{3,}[ \t]*\n[^\n]*\S", re.MULTILINE)


def _rules_apart(text: str) -> str:
    """The page with each "---" between two lines of text made "***", a rule that no
    line above can take for its underline (lines keep their numbers)."""
    lines = text.split("\n")
    for n in range(1, len(lines) - 1):
        if (
            lines[n].strip().strip("-") == ""
            and lines[n].strip().startswith("---")
            and lines[n - 1].strip()
            and lines[n + 1].strip()
        ):
            lines[n] = "***"
    return "\n".join(lines)


def _answered(drafts: list) -> int:
    return sum(1 for draft in drafts if any(part.strip() for part in draft.answer))


def _unfenced(text: str) -> str:
    """The page with the fence lines of its ```markdown blocks blank (lines keep their
    numbers), so that what the blocks hold is read as the page. One pass: a block
    never closed is left as it is."""
    lines = text.split("\n")
    opened: tuple[int, str] | None = None  # the open block's line and fence
    inner = False  # inside a ```python block of the markdown block, written with its fence
    for n, line in enumerate(lines):
        if opened is None:
            if opener := _MARKDOWN_OPENER.fullmatch(line):
                opened = (n, opener.group(1))
            continue
        bare = line.strip()
        fence = opened[1]
        if bare.startswith(fence) and not bare.strip(fence[0]):
            if inner:
                inner = False  # the inner block's end, not the markdown block's
                continue
            lines[opened[0]] = lines[n] = ""
            opened = None
        elif bare.startswith(fence) and bare[len(fence) :][:1] not in (fence[0], ""):
            inner = True  # "```python": a fence with an info string opens, never closes
    return "\n".join(lines)


# A line 40 list levels (or quotes) deep, by its indentation or its markers. Not one
# alternation: each pattern alone is found by a quick scan for its first character.
_DEEP_INDENT = r"[ \t]{80,}(?:[-*+]|\d{1,9}[.)])[ \t]"
_DEEP_FIRST_LINE = re.compile(_DEEP_INDENT)
_DEEP_LINE = re.compile("\n" + _DEEP_INDENT)
_DEEP_MARKERS = re.compile(r"[>*+-][ \t]+(?:[>*+-][ \t]+){39}")


def _too_deep(text: str, path: str) -> list[Problem]:
    """A warning where lists or quotes nest deeper than the parser reads them."""
    found = []
    if _DEEP_FIRST_LINE.match(text):
        found.append(0)
    if deep := _DEEP_LINE.search(text):
        found.append(deep.start() + 1)  # past the line break
    if deep := _DEEP_MARKERS.search(text):
        found.append(deep.start())
    if not found:
        return []
    line = text.count("\n", 0, min(found)) + 1
    message = (
        "lists or quotes nested about 40 levels deep or more: past 50, deckgen reads the "
        "rest as text, which may run into the cards below; nest less deeply"
    )
    return [Problem(SourcePos(path, line), message, "warning")]


def _section_as_tag(card: Card) -> Card:
    """A card whose section is a tag ("Verbs::Irregular", a hierarchical Anki tag)."""
    if not card.section:
        return card
    tag = "::".join(clean_tag(part) for part in card.section.split("::"))
    return dataclasses.replace(card, section="", tags=tuple(dict.fromkeys((*card.tags, tag))))


# Lines that mean to be a label but are not one deckgen reads: "Q -", "Question)".
_NEAR_LABEL = re.compile(
    r"[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?(q|a|question|answer|front|back)"
    r"[ \t]?\d*[ \t]?(?:\*\*|__)?[ \t]?([-\u2013\u2014)>=|]|\.(?=[ \t]))",
    re.IGNORECASE,
)


def _no_cards(path: str, forced: str | None, text: str, left_out: int) -> Problem:
    """The error for a page with no card, naming the nearest miss when there is one."""
    if forced:
        example = DIALECTS[forced].EXAMPLE
        return Problem(
            SourcePos(path, 1),
            f"no cards found in the {forced} format; a card looks like {example}",
        )
    if left_out:
        message = f"no cards: the {left_out} found are left out (see the warnings above)"
        return Problem(SourcePos(path, 1), message)
    hint = f"a card looks like {label_lines.EXAMPLE}, or see 'Writing cards' in the README"
    for n, line in enumerate(text.split("\n")):
        match = _NEAR_LABEL.match(line)
        if match:
            word = match.group(1)
            return Problem(
                SourcePos(path, n + 1),
                f"no cards found; the nearest miss: {line.strip()[:40]!r} is not a label "
                f"deckgen reads (write {word}: with a colon); {hint}",
            )
    return Problem(SourcePos(path, 1), f"no cards found; {hint}")


def _line(problem: Problem) -> int:
    return problem.pos.line if problem.pos else 0


def parse_file(
    path: Path | str,
    deck_name: str | None = None,
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    **options,
) -> Deck:
    """Read and parse one markdown file; ``options`` as for :func:`parse_text`."""
    path = Path(path)
    return parse_text(read_text(path, encoding, max_bytes), str(path), deck_name, **options)

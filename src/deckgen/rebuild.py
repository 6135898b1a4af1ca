"""Rebuilding after a small edit, without reading the whole page again.

After a build of one file, a record of it is kept in the cache: the text, each
card's place in it, a digest and the GUID of each card, the problems printed and a
hash of each output. The next build compares the text with the record's. When the only
change lies inside one card of a "sections" page, from its heading to the end of
its answer, that card alone is parsed again; its rows in the TSV and CSV and its
note in the .apkg are replaced, and everything else is kept.

The card is first parsed alone from the old text: it must come out exactly as the
whole page made it, which shows that nothing outside it shaped it. Parsed alone
from the new text, it must still be one card that changes nothing the rest of the
page depends on: the headings' question counts, the citations, its label family,
its identity. Anything else, or any doubt, means a full build, which writes the
same bytes.
"""

from __future__ import annotations

import base64
import bisect
import contextlib
import dataclasses
import functools
import hashlib
import itertools
import json
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

from .cache import RenderCache, versions
from .errors import DeckgenError, OutputError, ParseError
from .files import replacing
from .identity import card_key, guid_of, note_guids
from .markdown import CITATION_MARKER
from .model import Card, Deck, Problem, SourcePos
from .parse import front_matter, normalise_newlines, parse_text, read_text
from .parse.document import FOOTNOTE_LINE, SAFE_CUT, Document, parse_chunk
from .parse.front_matter import FileOptions
from .parse.labels import ANSWERS_TO, QUESTION, match_label
from .parse.sections import question_lines
from .project import by_position, project_options, quizlet_problems

DIALECT = "sections"


@dataclass(frozen=True)
class Job:
    """What a build of one file is asked to do: its file, options and outputs."""

    path: Path
    deck_name: str | None
    dialect: str | None
    encoding: str
    max_bytes: int
    quizlet_limit: int
    targets: tuple[tuple[str, Path], ...]  # (format name, path)

    @functools.cached_property
    def config(self) -> FileOptions:
        """The project's config for the file (read once: the fingerprint and the rebuild
        both need it)."""
        return project_options(self.path.parent.resolve())[0]

    def fingerprint(self) -> str:
        parts = [
            versions(), str(self.path.resolve()), self.deck_name, self.dialect, self.encoding,
            self.max_bytes, self.quizlet_limit, repr(self.config),
            [(name, str(path.resolve())) for name, path in self.targets],
        ]  # fmt: skip
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Rebuilt:
    """A rebuild's result, for the command to report."""

    problems: tuple[Problem, ...]
    card_count: int
    deck: str
    paths: tuple[Path, ...]


def _digest(card: Card) -> str:
    """32 hex digits for everything a card holds (its repr leaves out only the rendering)."""
    return hashlib.blake2b(repr(card).encode(), digest_size=16).hexdigest()


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(1 << 20):  # a piece at a time: a large CSV is not read whole
            digest.update(block)
    return digest.hexdigest()


def _problem_row(problem: Problem) -> list:
    pos = problem.pos
    return [pos.path if pos else "", pos.line if pos else 0, problem.message, problem.severity]


def _problem(row: list) -> Problem:
    path, line, message, severity = row
    return Problem(SourcePos(str(path), int(line)) if path else None, str(message), str(severity))


# Each card's place in the text, four numbers a card: its first line and end line
# (as Card.lines), and where they start and end in the text. The record of a large
# deck is read on every rebuild, so these, the digests and the GUIDs are packed.
SPAN = 4


def _spans(text: str, cards: tuple[Card, ...]) -> array:
    spans = array("q")
    line, offset = 0, 0  # a line of the text, and where it starts
    for card in cards:
        first, end = card.lines
        start = _skip_lines(text, offset, first - line)
        offset, line = _skip_lines(text, start, end - 1 - first), end - 1
        stop = text.find("\n", offset)
        spans.extend((first, end, start, len(text) if stop < 0 else stop))
    return spans


def _skip_lines(text: str, offset: int, count: int) -> int:
    for _ in range(count):
        offset = text.index("\n", offset) + 1
    return offset


def remember(cache: RenderCache, job: Job, deck: Deck, problems: tuple[Problem, ...]) -> None:
    """Keep a record of a full build of ``job`` that wrote its outputs."""
    # No record is worth failing a build that wrote its files: the next one is full.
    with contextlib.suppress(OSError, ValueError, DeckgenError):
        _remember(cache, job, deck, problems)


def _remember(cache: RenderCache, job: Job, deck: Deck, problems: tuple[Problem, ...]) -> None:
    guids = note_guids([deck])[0]
    if (
        deck.dialect != DIALECT
        or len(set(guids)) != len(guids)  # a repeated question: GUIDs depend on order
        or any(card.media for card in deck.cards)
        or any(a.lines[1] > b.lines[0] for a, b in itertools.pairwise(deck.cards))
    ):
        return  # only such decks are rebuilt a card at a time
    text = normalise_newlines(read_text(job.path, job.encoding, job.max_bytes))
    citations = {c.label: [c.label, c.url, c.title] for card in deck.cards for c in card.citations}
    record = {
        "deck": deck.name,
        "spans": base64.b64encode(_spans(text, deck.cards).tobytes()).decode(),
        "digests": "".join(map(_digest, deck.cards)),
        "guids": "\n" + "\n".join(guids) + "\n",
        "citations": list(citations.values()),
        "problems": [_problem_row(p) for p in problems],
        "outputs": {name: _file_hash(path) for name, path in job.targets},
    }
    cache.put_record(job.fingerprint(), zlib.compress(text.encode(), 1), record)


def rebuild(cache: RenderCache, job: Job) -> Rebuilt | None:
    """Rebuild ``job`` from the record of its last build, or None: build it in full."""
    try:
        fingerprint = job.fingerprint()
    except DeckgenError:
        return None  # an unreadable config: the full build reports it
    found = cache.get_record(fingerprint)
    if found is None:
        return None
    packed_text, record = found
    try:
        for name, path in job.targets:
            if not path.is_file() or _file_hash(path) != record["outputs"][name]:
                return None  # not the files the record describes
        old_text = zlib.decompress(packed_text).decode()
        text = normalise_newlines(read_text(job.path, job.encoding, job.max_bytes))
        rebuilt = _rebuild(job, record, old_text, text)
        if rebuilt is None:
            return None
        result, record = rebuilt
        record["outputs"] = {name: _file_hash(path) for name, path in job.targets}
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, zlib.error):
        return None  # a record this version cannot read: build in full
    except (OSError, DeckgenError):
        return None  # the full build will say what is wrong, with the file and line
    cache.put_record(fingerprint, zlib.compress(text.encode(), 1), record)
    cache.keep_everything()
    return result


def _common_prefix(a: str, b: str, limit: int) -> int:
    """How many characters, up to ``limit``, ``a`` and ``b`` start with in common."""
    size, at = 1 << 16, 0
    while at < limit and a[at : at + size] == b[at : at + size]:
        at += size  # large steps compared at C speed, then a binary search in the last
    at = min(at, limit)
    low, high = at, min(at + size, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[at:middle] == b[at:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """How many characters, up to ``limit``, ``a`` and ``b`` end with in common."""
    size, at = 1 << 16, 0
    while at < limit and a[len(a) - at - size : len(a) - at] == b[len(b) - at - size : len(b) - at]:
        at += size
    at = min(at, limit)
    low, high = at, min(at + size, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - at] == b[len(b) - middle : len(b) - at]:
            low = middle
        else:
            high = middle - 1
    return low


def _changed(old: str, new: str) -> tuple[int, int] | None:
    """Where ``old`` and ``new`` differ: ``old[start:end]`` became something else
    (``new[start:end + len(new) - len(old)]``), or None if they are the same."""
    if old == new:
        return None
    start = _common_prefix(old, new, min(len(old), len(new)))
    end = len(old) - _common_suffix(old, new, min(len(old), len(new)) - start)
    return start, end


def _rebuild(job: Job, record: dict, old_text: str, text: str) -> tuple[Rebuilt, dict] | None:
    """Write the outputs for ``text`` from those of ``old_text``; the result and the
    new record, or None when this edit needs a full build."""
    spans = array("q", base64.b64decode(record["spans"]))
    count, deck = len(spans) // SPAN, record["deck"]
    paths = tuple(path for _, path in job.targets)
    problems = [_problem(row) for row in record["problems"]]
    changed = _changed(old_text, text)
    if changed is None:  # the same page: the same files
        return Rebuilt(tuple(problems), count, deck, paths), record
    index = _edited_card(spans, *changed)
    if index is None:
        return None
    first, end, start_at, end_at = spans[index * SPAN : index * SPAN + SPAN]
    grown = len(text) - len(old_text)
    if not _stands_alone(text, start_at, end_at + grown):
        return None
    old_span, new_span = old_text[start_at:end_at], text[start_at : end_at + grown]
    meta, _, _ = front_matter.split(text, str(job.path))  # outside the card: unchanged
    defaults = meta.over(job.config)
    last = index == count - 1
    old_card, old_problems = _parse_alone(job, record, defaults, old_span, first, last)
    if old_card is None or _digest(old_card) != record["digests"][index * 32 : index * 32 + 32]:
        return None
    in_span = [p for p in problems if _inside(p, job.path, first, end)]
    if sorted(map(_problem_row, in_span)) != sorted(map(_problem_row, old_problems)):
        return None  # the card alone is not the card in the page
    card, new_problems = _parse_alone(job, record, defaults, new_span, first, last)
    if card is None or not _same_shape(old_span, new_span, old_card, card, new_problems):
        return None
    old_guid, guid = guid_of(card_key(deck, old_card)), guid_of(card_key(deck, card))
    if guid != old_guid and f"\n{guid}\n" in record["guids"]:
        return None  # a duplicate now: its GUID depends on the cards before it
    _write(job, deck, index, old_card, card, count)

    shift = new_span.count("\n") - old_span.count("\n")
    _move(spans, index, shift, grown)
    record["spans"] = base64.b64encode(spans.tobytes()).decode()
    digests = record["digests"]
    record["digests"] = digests[: index * 32] + _digest(card) + digests[index * 32 + 32 :]
    record["guids"] = record["guids"].replace(f"\n{old_guid}\n", f"\n{guid}\n")
    kept = [
        p if p.pos is None or p.pos.path != str(job.path) or p.pos.line <= first
        else dataclasses.replace(p, pos=SourcePos(p.pos.path, p.pos.line + shift))
        for p in problems
        if not _inside(p, job.path, first, end)
    ]  # fmt: skip
    problems = sorted(kept + new_problems, key=by_position)
    record["problems"] = [_problem_row(p) for p in problems]
    return Rebuilt(tuple(problems), count, deck, paths), record


def _edited_card(spans: array, start: int, end: int) -> int | None:
    """The card whose text holds all of ``[start, end)``, if one does."""
    index = bisect.bisect_right(spans[2::SPAN], start) - 1
    if index < 0 or not start <= end <= spans[index * SPAN + 3]:
        return None
    return index


def _move(spans: array, index: int, lines: int, characters: int) -> None:
    """Card ``index`` grew by ``lines`` and ``characters``: the cards after it move."""
    spans[index * SPAN + 1] += lines
    spans[index * SPAN + 3] += characters
    for at in range(index * SPAN + SPAN, len(spans), SPAN):
        spans[at] += lines
        spans[at + 1] += lines
        spans[at + 2] += characters
        spans[at + 3] += characters


def _inside(problem: Problem, path: Path, first: int, end: int) -> bool:
    pos = problem.pos
    return pos is not None and pos.path == str(path) and first < pos.line <= end


def _line_at(text: str, start: int) -> tuple[str, int]:
    """The line that starts at ``start``, and where the next one starts (-1: none)."""
    stop = text.find("\n", start)
    return (text[start:], -1) if stop < 0 else (text[start:stop], stop + 1)


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` can be cut out of the page and parsed alone: it
    starts at an unindented heading after a blank line and is followed by blank
    lines, then a heading, a rule or the end (the cut rule of ``split_page``)."""
    line, _ = _line_at(text, start)
    if not line.startswith("#") or not SAFE_CUT.match(line):
        return False
    if start > 0:
        before = text.rfind("\n", 0, start - 1) + 1
        if text[before : start - 1].strip():
            return False
    if end < len(text) and text[end] != "\n":
        return False
    at, blanks = end + 1, 0
    while at != -1 and at <= len(text):
        line, after = _line_at(text, at)
        if line.strip():
            return blanks > 0 and bool(SAFE_CUT.match(line))
        blanks, at = blanks + 1, after
    return True  # only blank lines after it


def _same_shape(old: str, new: str, old_card: Card, card: Card, problems: list[Problem]) -> bool:
    """Whether a card's new text keeps what the rest of the page depends on, and the
    card stays one that is rebuilt alone."""
    if card.media or old_card.media or card.is_cloze or old_card.is_cloze:
        return False  # images are packaged, cloze notes have a card per number
    if card.reverse != old_card.reverse or any(p.severity == "error" for p in problems):
        return False
    old_doc, new_doc = Document(old, "old"), Document(new, "new")
    if new_doc.unclosed or old_doc.unclosed or new_doc.origin is not None:
        return False
    if parse_chunk(new).open_end:
        return False  # an HTML block or math left open would run on into the next cards
    if list(question_lines(old_doc).values()) != list(question_lines(new_doc).values()):
        return False  # how the page's format is detected
    if _heading_levels(old_doc) != _heading_levels(new_doc):
        return False  # the first card's level decides which heading names the deck
    if old_doc.citations or new_doc.citations or any(map(FOOTNOTE_LINE.search, (old, new))):
        return False  # footnote definitions belong to the whole page, even in code
    if sorted(CITATION_MARKER.findall(old)) != sorted(CITATION_MARKER.findall(new)):
        return False  # which footnotes are cited anywhere
    return _family(old) == _family(new)


def _heading_levels(doc: Document) -> list[int]:
    return [block.level for block in doc.blocks if block.kind == "heading"]


def _family(text: str) -> frozenset[str] | None:
    """The answer words of the first question label: the whole page's label family."""
    for line in text.split("\n"):
        label = match_label(line)
        if label and label[0] == QUESTION:
            return ANSWERS_TO[label[2]]
    return None


def _parse_alone(
    job: Job, record: dict, defaults: FileOptions, span: str, first: int, last: bool
) -> tuple[Card | None, list[Problem]]:
    """The card in ``span`` parsed alone with the page's options and citations, moved
    to its line ``first`` in the file, with its problems; (None, []) unless ``span``
    is one card from its first line to its last.

    Chat remarks are trimmed from the last card of a page only, so a card that is not
    ``last`` in its page is parsed with a copy of itself after it.
    """
    definitions = [_definition(*citation) for citation in record["citations"]]
    after = "" if last else f"\n\n***\n\n{span}"
    text = f"{span}{after}\n\n***\n\n" + "\n".join(definitions) + "\n"
    span_lines = span.count("\n") + 1
    try:
        deck = parse_text(
            text, str(job.path), record["deck"], dialect=DIALECT,
            defaults=defaults, source_name=job.path.name,
        )  # fmt: skip
    except ParseError:
        return None, []
    if len(deck.cards) != (1 if last else 2) or deck.cards[0].lines != (0, span_lines):
        return None, []  # not one card, or text beside it that the page may read otherwise
    card = deck.cards[0]
    card = dataclasses.replace(
        card,
        pos=SourcePos(card.pos.path, card.pos.line + first),
        lines=(card.lines[0] + first, card.lines[1] + first),
    )
    problems = [
        dataclasses.replace(p, pos=SourcePos(p.pos.path, p.pos.line + first))
        for p in (*deck.warnings, *quizlet_problems((deck,), job.quizlet_limit))  # its own
        if p.pos is not None and p.pos.line <= span_lines
    ]
    return card, problems


def _definition(label: str, url: str, title: str) -> str:
    if url and title:
        return f"[^{label}]: [{title}]({url})"
    return f"[^{label}]: {url or title}"


def _write(job: Job, deck: str, index: int, old: Card, new: Card, cards: int) -> None:
    from .export import exporter

    for name, path in job.targets:
        module = exporter(name)
        with replacing(path) as temp:
            module.replace_card(path, temp, deck, index, old, new)
            # Read back: every card must still be in the file.
            if module.count(temp) != cards:
                raise OutputError(f"{path} lost cards in a rebuild (please report this as a bug)")

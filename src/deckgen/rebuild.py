"""Rebuilding after a small edit, without reading the whole page again.

After a build of one file, a record of it is kept in the cache: the text, each
card's lines, a digest and identity key per card, the problems printed and a hash
of each output. The next build compares the text with the record's. When the only
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

import dataclasses
import hashlib
import json
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .cache import RenderCache, versions
from .files import replacing
from .identity import card_key
from .model import Card, Deck, Problem, SourcePos
from .parse import front_matter, read_text
from .parse.document import _CUT, Document, parse_chunk
from .parse.labels import ANSWERS_TO, QUESTION, match_label
from .parse.sections import question_lines
from .project import project_options, quizlet_problems

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

    def fingerprint(self) -> str:
        config, _ = project_options(self.path.parent.resolve())
        parts = [
            versions(), str(self.path.resolve()), self.deck_name, self.dialect, self.encoding,
            self.max_bytes, self.quizlet_limit, repr(config),
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


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _digest(card: Card) -> str:
    return hashlib.sha256(repr(card).encode()).hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _problem_row(problem: Problem) -> list:
    pos = problem.pos
    return [pos.path if pos else "", pos.line if pos else 0, problem.message, problem.severity]


def _problem(row: list) -> Problem:
    path, line, message, severity = row
    return Problem(SourcePos(str(path), int(line)) if path else None, str(message), str(severity))


def remember(cache: RenderCache, job: Job, deck: Deck, problems: tuple[Problem, ...]) -> None:
    """Keep a record of a full build of ``job`` that wrote its outputs."""
    keys = [card_key(deck.name, card) for card in deck.cards]
    if (
        deck.dialect != DIALECT
        or max(Counter(keys).values(), default=0) > 1
        or any(card.media for card in deck.cards)
    ):
        return  # only such decks are rebuilt a card at a time
    text = _normalised(read_text(job.path, job.encoding, job.max_bytes))
    citations = {c.label: [c.label, c.url, c.title] for card in deck.cards for c in card.citations}
    record = {
        "deck": deck.name,
        "cards": [
            [*card.lines, _digest(card), list(key)]
            for card, key in zip(deck.cards, keys, strict=True)
        ],
        "citations": list(citations.values()),
        "problems": [_problem_row(p) for p in problems],
        "outputs": {name: _file_hash(path) for name, path in job.targets},
    }
    cache.put_record(job.fingerprint(), zlib.compress(text.encode(), 1), record)


def rebuild(cache: RenderCache, job: Job) -> Rebuilt | None:
    """Rebuild ``job`` from the record of its last build, or None: build it in full."""
    fingerprint = job.fingerprint()
    found = cache.get_record(fingerprint)
    if found is None:
        return None
    packed_text, record = found
    try:
        for name, path in job.targets:
            if not path.is_file() or _file_hash(path) != record["outputs"][name]:
                return None  # not the files the record describes
        old_text = zlib.decompress(packed_text).decode()
        text = _normalised(read_text(job.path, job.encoding, job.max_bytes))
        rebuilt = _rebuild(job, record, old_text, text)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, zlib.error):
        return None  # a record this version cannot read: build in full
    if rebuilt is None:
        return None
    result, record = rebuilt
    record["outputs"] = {name: _file_hash(path) for name, path in job.targets}
    cache.put_record(fingerprint, zlib.compress(text.encode(), 1), record)
    cache.keep_everything()
    return result


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` start with in common."""
    size, at, limit = 1 << 16, 0, min(len(a), len(b))
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


def _changed_lines(old: str, new: str) -> tuple[int, int, int] | None:
    """The lines that differ: (first, end in ``old``, end in ``new``), or None if none."""
    if old == new:
        return None
    prefix = _common_prefix(old, new)
    room = min(len(old), len(new)) - prefix
    suffix = min(_common_prefix(old[::-1], new[::-1]), room)
    first = old.count("\n", 0, prefix)
    end_old = first + old.count("\n", prefix, len(old) - suffix) + 1
    end_new = first + new.count("\n", prefix, len(new) - suffix) + 1
    return first, end_old, end_new


def _rebuild(job: Job, record: dict, old_text: str, text: str) -> tuple[Rebuilt, dict] | None:
    """Write the outputs for ``text`` from those of ``old_text``; the result and the
    new record, or None when this edit needs a full build."""
    cards = record["cards"]
    paths = tuple(path for _, path in job.targets)
    problems = [_problem(row) for row in record["problems"]]
    changed = _changed_lines(old_text, text)
    if changed is None:  # the same page: the same files
        return Rebuilt(tuple(problems), len(cards), record["deck"], paths), record
    start, end_old, end_new = changed
    index = next(
        (i for i, (first, end, *_) in enumerate(cards) if first <= start and end_old <= end), None
    )
    if index is None:
        return None
    first, end, digest, key = cards[index]
    shift = end_new - end_old
    old_lines, new_lines = old_text.split("\n"), text.split("\n")
    if not _stands_alone(new_lines, first, end + shift):
        return None
    meta, _, _ = front_matter.split(text, str(job.path))
    defaults = meta.over(project_options(job.path.parent.resolve())[0])
    old_card, old_problems = _parse_alone(job, record, defaults, old_lines[first:end], first)
    if old_card is None or _digest(old_card) != digest:
        return None
    in_span = [p for p in problems if _inside(p, job.path, first, end)]
    if sorted(map(_problem_row, in_span)) != sorted(map(_problem_row, old_problems)):
        return None
    card, new_problems = _parse_alone(job, record, defaults, new_lines[first : end + shift], first)
    if card is None or not _same_shape(old_lines[first:end], new_lines[first : end + shift]):
        return None
    if card.media or old_card.media or card.is_cloze or old_card.is_cloze:
        return None
    if card.reverse != old_card.reverse or any(p.severity == "error" for p in new_problems):
        return None
    new_key = list(card_key(record["deck"], card))
    if new_key != key and any(other[3] == new_key for other in cards):
        return None  # a duplicate now: its GUID depends on the cards before it
    _write(job, record["deck"], index, old_card, card, len(cards))
    cards[index] = [first, end + shift, _digest(card), new_key]
    for later in cards[index + 1 :]:
        later[0] += shift
        later[1] += shift
    kept = [
        p if p.pos is None or p.pos.path != str(job.path) or p.pos.line <= first
        else dataclasses.replace(p, pos=SourcePos(p.pos.path, p.pos.line + shift))
        for p in problems
        if not _inside(p, job.path, first, end)
    ]  # fmt: skip
    problems = sorted(kept + new_problems, key=_order)
    record["problems"] = [_problem_row(p) for p in problems]
    return Rebuilt(tuple(problems), len(cards), record["deck"], paths), record


def _order(problem: Problem) -> tuple[str, int]:
    return (problem.pos.path, problem.pos.line) if problem.pos else ("", 0)


def _inside(problem: Problem, path: Path, first: int, end: int) -> bool:
    pos = problem.pos
    return pos is not None and pos.path == str(path) and first < pos.line <= end


def _blank(line: str) -> bool:
    return not line.strip()


def _stands_alone(lines: list[str], first: int, end: int) -> bool:
    """Whether lines [first, end) can be cut out of the page and parsed alone: they
    start at an unindented heading after a blank line and are followed by blank
    lines, then a heading, a rule or the end (the cut rule of ``split_page``)."""
    if not _CUT.match(lines[first]) or not lines[first].startswith("#"):
        return False
    if first > 0 and not _blank(lines[first - 1]):
        return False
    after = end
    while after < len(lines) and _blank(lines[after]):
        after += 1
    return after == len(lines) or (after > end and bool(_CUT.match(lines[after])))


def _same_shape(old: list[str], new: list[str]) -> bool:
    """Whether a card's lines keep what the rest of the page depends on."""
    old_doc, new_doc = Document("\n".join(old), "old"), Document("\n".join(new), "new")
    if new_doc.unclosed or old_doc.unclosed or new_doc.origin is not None:
        return False
    if parse_chunk("\n".join(new)).open_end:
        return False  # an HTML block or math left open would run on into the next cards
    if list(question_lines(old_doc).values()) != list(question_lines(new_doc).values()):
        return False  # how the page's format is detected
    if old_doc.citations or new_doc.citations:
        return False  # footnote definitions belong to the whole page
    from .markdown import CITATION_MARKER

    if sorted(CITATION_MARKER.findall("\n".join(old))) != sorted(
        CITATION_MARKER.findall("\n".join(new))
    ):
        return False  # which footnotes are cited anywhere
    return _family(old) == _family(new)


def _family(lines: list[str]) -> frozenset[str] | None:
    """The answer words of the first question label: the whole page's label family."""
    for line in lines:
        label = match_label(line)
        if label and label[0] == QUESTION:
            return ANSWERS_TO[label[2]]
    return None


def _parse_alone(job: Job, record: dict, defaults, lines: list[str], first: int):
    """The one card in ``lines`` parsed alone with the page's options and citations,
    moved to its place in the file, with its problems; (None, []) if not one card."""
    from .errors import ParseError
    from .parse import parse_text

    definitions = [_definition(*citation) for citation in record["citations"]]
    text = "\n".join(lines) + "\n\n***\n\n" + "\n".join(definitions) + "\n"
    try:
        deck = parse_text(
            text, str(job.path), record["deck"], dialect=DIALECT,
            defaults=defaults, source_name=job.path.name,
        )  # fmt: skip
    except ParseError:
        return None, []
    if len(deck.cards) != 1:
        return None, []
    card = deck.cards[0]
    card = dataclasses.replace(
        card,
        pos=SourcePos(card.pos.path, card.pos.line + first),
        lines=(card.lines[0] + first, card.lines[1] + first),
    )
    problems = [
        dataclasses.replace(p, pos=SourcePos(p.pos.path, p.pos.line + first))
        for p in (*deck.warnings, *quizlet_problems((deck,), job.quizlet_limit))
        if p.pos is not None and p.pos.line <= len(lines)
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
                from .errors import OutputError

                raise OutputError(f"{path} lost cards in a rebuild (please report this as a bug)")

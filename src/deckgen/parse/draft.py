"""Drafts: cards as a dialect finds them, checked and completed into Cards here.

A dialect only decides where questions and answers are. Everything else -- empty
parts, citations, code blocks, images, HTML warnings -- is the same for all of them.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from .. import render
from ..cache import RenderCache
from ..cache import key as cache_key
from ..cache import pack as cache_pack
from ..cache import unpack as cache_unpack
from ..model import CLOZE, Card, CodeBlock, Media, Problem, SourcePos, has_cloze
from ..processes import pool_context
from . import chatter, media
from .document import Block, Page

REVERSE_TAG = "reverse"

# Something that means to be a cloze but is not one Anki reads: "{{c1:x}}", "{{c1::x".
_BROKEN_CLOZE = re.compile(r"\{\{\s*c\d*\s*:(?!:)|\{\{c\d+::(?:(?!\}\}).)*$", re.S)
_HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


@dataclass
class Draft:
    """A card while a dialect collects it. Lines are 0-based."""

    title: str
    question_line: int
    answer_line: int | None = None
    end_line: int = 0
    question: list[str] = field(default_factory=list)  # markdown pieces, one per block
    answer: list[str] = field(default_factory=list)
    id: str = ""
    tags: list[str] = field(default_factory=list)
    answer_words: frozenset[str] = frozenset()  # answer labels that close this question
    heading: Block | None = None  # the card's own heading, where the dialect has one
    key: str = ""  # the cache key of its rendering, once known

    def add(self, text: str, end_line: int) -> None:
        (self.question if self.answer_line is None else self.answer).append(text)
        self.end_line = max(self.end_line, end_line)


def trim_chatter(drafts: list[Draft]) -> None:
    """Drop closing remarks that ran into the last card's answer."""
    if drafts:
        answer = drafts[-1].answer
        while len(answer) > 1 and chatter.is_chatter(answer[-1]):
            answer.pop()


def clean_tag(tag: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"\s+", "_", tag.strip())


def _without_clozes(text: str) -> str:
    return CLOZE.sub("", text)


def _join(parts: list[str]) -> str:
    # Top-level blocks are rejoined with a blank line: that keeps their meaning and
    # leaves out what lay between them (footnote and link definitions).
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()).strip()


def build_cards(
    drafts: list[Draft],
    page: Page,
    media_root: Path,
    jobs: int = 1,
    cache: RenderCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Card], list[Problem]]:
    """Check and render every draft; in worker processes when there are many to render.

    ``drafts`` is emptied as the cards are made, so that a large page is not held
    twice. Renderings found in ``cache`` are used (their images checked again)
    instead of rendering; new ones are added to it. ``progress(done, total)`` hears
    how far it is.
    """
    report = progress or (lambda done, total: None)
    total = len(drafts)
    known: dict[str, bytes] = {}  # packed renderings from the cache, by key
    if cache:
        for draft in drafts:
            draft.key = cache_key(_join(draft.question), _join(draft.answer), page.citations)
        known = cache.get([draft.key for draft in drafts])
    start = (page, media_root, cache is not None)
    if jobs <= 1 or total - len(known) < PARALLEL_FROM:
        batches = _built_here(drafts, known, start)
    else:
        batches = _built_in_workers(drafts, known, start, jobs)
    cards, problems, done = [], [], 0
    for count, (batch_cards, batch_problems, rendered) in batches:
        cards += batch_cards
        problems += batch_problems
        if cache:
            cache.put(rendered)  # as they come: a large build does not hold them all
        done += count
        report(done, total)
    return cards, problems


Built = tuple[list[Card], list[Problem], dict[str, bytes]]  # a batch's cards, problems, renderings


def _built_here(
    drafts: list[Draft], known: dict[str, bytes], start: tuple
) -> Iterator[tuple[int, Built]]:
    builder = CardBuilder(*start, known=known)
    for batch in _taken(drafts, 250):
        yield len(batch), builder.build_batch(batch)


def _built_in_workers(
    drafts: list[Draft], known: dict[str, bytes], start: tuple, jobs: int
) -> Iterator[tuple[int, Built]]:
    from concurrent.futures import ProcessPoolExecutor

    # Small batches, so that no worker idles long at the end.
    size = min(-(-len(drafts) // (jobs * 4)), 250)
    with ProcessPoolExecutor(jobs, pool_context(), _start_worker, start) as pool:
        in_flight: deque[tuple[int, Future[Built]]] = deque()
        batches = _taken(drafts, size)
        while True:
            # Hand out batches only a little ahead of the results, so that drafts are
            # let go of about as fast as cards arrive.
            for batch in itertools.islice(batches, jobs + 1 - len(in_flight)):
                work = (batch, {d.key: known.pop(d.key) for d in batch if d.key in known})
                in_flight.append((len(batch), pool.submit(_build_batch, work)))
            if not in_flight:
                return
            count, future = in_flight.popleft()
            yield count, future.result()


def _taken(drafts: list[Draft], size: int) -> Iterator[list[Draft]]:
    """``drafts`` in order, ``size`` at a time, each removed from the list once given out."""
    drafts.reverse()
    while drafts:
        batch = drafts[-size:]
        del drafts[-size:]
        batch.reverse()
        yield batch


PARALLEL_FROM = 500  # fewer drafts than this: starting workers costs more than it saves
_worker: CardBuilder | None = None


def _start_worker(page: Page, media_root: Path, keep: bool) -> None:
    global _worker
    _worker = CardBuilder(page, media_root, keep)


def _build_batch(work: tuple[list[Draft], dict[str, bytes]]) -> Built:
    assert _worker is not None
    drafts, _worker.known = work
    return _worker.build_batch(drafts)


class CardBuilder:
    """Checks drafts and turns them into Cards; problems go to ``problems``."""

    def __init__(
        self,
        page: Page,
        media_root: Path,
        keep: bool = False,
        known: dict[str, bytes] | None = None,
    ) -> None:
        self.doc = page
        self.media_root = media_root
        self.keep = keep  # whether to collect new renderings, for the cache
        self.known = known or {}  # packed renderings from the cache, by key; used up
        self.problems: list[Problem] = []
        self.rendered: dict[str, bytes] = {}  # renderings made here, packed, by key

    def build_batch(self, drafts: list[Draft]) -> Built:
        """The cards of ``drafts``, with the problems and new renderings found on the way."""
        self.problems, self.rendered = [], {}
        cards = [card for draft in drafts if (card := self.build(draft))]
        return cards, self.problems, self.rendered

    def build(self, draft: Draft) -> Card | None:
        pos = self.doc.pos(draft.question_line)
        question, answer = _join(draft.question), _join(draft.answer)
        cloze = has_cloze(question) or has_cloze(answer)
        errors = []
        if not question:
            errors.append(Problem(pos, "the question is empty"))
        if draft.answer_line is None and not cloze:
            errors.append(Problem(pos, 'this question has no answer: add an "A:" line below it'))
        elif draft.answer_line is not None and not answer and not cloze:
            errors.append(Problem(self.doc.pos(draft.answer_line), "the answer is empty"))
        for text in (question, answer):
            if broken := _BROKEN_CLOZE.search(_without_clozes(text)):
                snippet = broken.group(0)[:20].strip()
                errors.append(
                    Problem(pos, f"{snippet!r} is not a cloze Anki reads; write {{{{c1::answer}}}}")
                )
        images: dict[str, Media] = {}

        def resolve(src: str) -> str | None:
            if media.is_remote(src):
                return None
            try:
                images[src] = media.resolve(src, self.doc_folder, self.media_root)
            except media.MediaRefused as refused:
                errors.append(Problem(self._line_of(src, draft), str(refused)))
                return None
            return images[src].name

        card_key = draft.key
        if not card_key and (self.keep or self.known):
            card_key = cache_key(question, answer, self.doc.citations)
        packed = self.known.pop(card_key, None)
        cached = cache_unpack(packed) if packed else None
        if cached and self._same_media(cached[1], images):
            rendered = cached[0]
        else:
            # One parse of each side gives what the card holds and how it looks.
            rendered = render.render_card(question, answer, self.doc.citations, resolve)
            if self.keep and not errors:
                names = {src: m.name for src, m in images.items()}
                self.rendered[card_key] = cache_pack((rendered, names))
        self.problems += errors
        if errors:
            return None
        self._warn(rendered, draft)
        return Card(
            question=question,
            answer=answer,
            pos=pos,
            citations=tuple(self.doc.citations[label] for label in rendered.citations),
            code_blocks=tuple(CodeBlock(*block) for block in rendered.code),
            title=draft.title,
            id=draft.id,
            tags=self._tags(draft.tags),
            reverse=self.doc.reverse or REVERSE_TAG in draft.tags,
            media=tuple(images.values()),
            lines=self._lines(draft),
            # The card keeps only what outputs use: its HTML and plain text.
            rendered=dataclasses.replace(
                rendered, citations=(), code=(), images=(), raw_html=(), unresolved=()
            ),
        )

    def _lines(self, draft: Draft) -> tuple[int, int]:
        first = draft.heading.start if draft.heading else draft.question_line
        last = max(draft.end_line, draft.question_line + 1) - 1
        return self.doc.pos(first).line - 1, self.doc.pos(last).line

    def _tags(self, own: list[str]) -> tuple[str, ...]:
        tags = [*self.doc.tags, *(tag for tag in own if tag != REVERSE_TAG)]
        return tuple(dict.fromkeys(sys.intern(clean_tag(t)) for t in tags if t.strip()))

    def _same_media(self, names: dict[str, str], images: dict[str, Media]) -> bool:
        """Whether a cached rendering's images are still the files it was made with."""
        for src, name in names.items():
            try:
                found = media.resolve(src, self.doc_folder, self.media_root)
            except media.MediaRefused:
                found = None
            if found is None or found.name != name:
                images.clear()
                return False
            images[src] = found
        return True

    def _warn(self, content: render.CardRender, draft: Draft) -> None:
        pos = self.doc.pos(draft.question_line)
        for language in dict.fromkeys(language for language, _ in content.code):
            if language and not render.known_language(language):
                message = f"unknown code language {language!r}: shown without highlighting"
                self.problems.append(Problem(pos, message, "warning"))
        removed = [item for html in content.raw_html for item in render.stripped_html(html)]
        if removed:
            what = ", ".join(dict.fromkeys(removed))
            message = f"HTML that is removed for safety: {what}"
            self.problems.append(Problem(pos, message, "warning"))
        html_images = [src for html in content.raw_html for src in _HTML_IMAGE.findall(html)]
        for src in dict.fromkeys(html_images):
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

    @property
    def doc_folder(self) -> Path:
        return Path(self.doc.path).parent

    def _line_of(self, src: str, draft: Draft) -> SourcePos:
        """The line that mentions an image, for messages (the card's line if not found)."""
        lines = self.doc.lines
        for line_no in range(draft.question_line, min(max(draft.end_line, 1), len(lines))):
            if src in lines[line_no] or media.unquote(src) in lines[line_no]:
                return self.doc.pos(line_no)
        return self.doc.pos(draft.question_line)

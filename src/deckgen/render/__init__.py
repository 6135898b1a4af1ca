"""The render pass: a parsed Deck's cards become Notes, their HTML and plain text.

This is the only pass that reads images (to package them) and the only user of the
cache of renderings: a card whose text, citations and images are those of an earlier
build is not rendered again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..markdown import WIKI_IMAGE, wiki_images
from ..model import Card, Citation, Deck, Media, Note, NoteDeck, Problem, SourcePos
from . import media
from .card import Rendering, render_card

if TYPE_CHECKING:
    from ..cache import RenderCache

__all__ = ["Rendering", "render_card", "render_deck"]

PARALLEL_FROM = 500  # fewer cards to render than this: starting workers costs more than it saves
BATCH = 250  # cards a worker renders at a time

_WIKI_EMBED = re.compile(r"!\[\[[^\[\]\n]+\]\]")
_HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def render_deck(
    deck: Deck,
    *,
    media_root: Path | None = None,
    cache: RenderCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    highlighted: dict[tuple[str, str], str] | None = None,
    by_name: media.ByName | None = None,
) -> tuple[NoteDeck, list[Problem]]:
    """The notes of ``deck``, and the problems rendering found (a card with an error,
    such as a missing image, is left out).

    Images are resolved next to the markdown file and must lie inside ``media_root``
    (default: its folder). ``jobs`` > 1 renders a large deck in worker processes;
    ``progress(done, total)`` hears how far it is. ``highlighted``: code fences
    highlighted ahead (see ``ahead.Ahead``); when workers render, they hold their own
    copies of it, and this process empties it once they have started (a large page's
    is tens of MB). ``by_name`` finds an image written "![[name.png]]" that is not next to
    the page (see ``media.ByName``; one for all the pages of a build under one root).
    """
    report = progress or (lambda done, total: None)
    cards = deck.cards
    keys = [cache.key(c.question, c.answer, deck.citations) for c in cards] if cache else []
    cached = len(cache.has(keys)) if cache else 0
    state = _State(deck, media_root, cache is not None, highlighted, by_name)
    # Each batch's renderings are read from the cache when its turn comes: all of a large
    # deck's at once would be a hundred MB.
    batches = (
        (start, min(start + BATCH, len(cards)), batch_keys, cache.get(batch_keys) if cache else {})
        for start in range(0, len(cards), BATCH)
        for batch_keys in [keys[start : start + BATCH]]
    )
    results: Iterator[_Batch]
    in_workers = jobs > 1 and len(cards) - cached >= PARALLEL_FROM
    if not in_workers:
        results = (_render_batch(state, batch) for batch in batches)
    else:
        results = _in_workers(state, batches, jobs)
    notes: list[Note] = []
    problems: list[Problem] = []
    for batch_notes, batch_problems, new in results:
        if in_workers and highlighted:  # a result came: the workers were forked with it
            highlighted.clear()
        # A worker sends back what it made, not the card it had: the card is this one.
        notes += [Note(cards[n], *made) for n, made in batch_notes]
        problems += batch_problems
        if cache and new:
            # As they come: a large build does not hold them all. Under this process's
            # keys, which the cache keeps a list of, not the worker's copies.
            cache.put({keys[n]: new[keys[n]] for n, _ in batch_notes if keys[n] in new})
        report(len(notes), len(cards))
    rendered = NoteDeck(
        deck.name,
        tuple(notes),
        deck.source,
        deck.dialect,
        coverage=deck.coverage,
        left_out=deck.left_out + len(deck.cards) - len(notes),
    )
    return rendered, problems


# A note's fields but its card, by the card's index: (index, (question_html, ...)).
_Made = tuple[int, tuple]
_Batch = tuple[list[_Made], list[Problem], dict[str, bytes]]  # notes, problems, renderings


def _in_workers(state: _State, batches: Iterator[tuple], jobs: int) -> Iterator[_Batch]:
    from ..workers import Workers

    # The workers inherit the state, the deck's cards with it: a batch is a range of them.
    with Workers(jobs, state) as workers:
        yield from workers.map(_render_batch, batches)


def _render_batch(state: _State, work: tuple) -> _Batch:
    start, end, keys, known = work
    builder = _NoteBuilder(state, known)
    made = []
    for n in range(start, end):
        note = builder.build(state.cards[n], keys[n - start] if keys else "")
        if note is not None:
            made.append((n, note))
    return made, builder.problems, builder.rendered


def safe_citation(citation: Citation) -> Citation:
    """The citation, its URL dropped (kept as text) unless the card sanitiser would keep it
    as a link: the Sources field is HTML deckgen writes itself, and never goes around
    the allow-list of card links (http, https, mailto, relative)."""
    from .html import sanitise

    if not citation.url:
        return citation
    probe = sanitise(f'<a href="{escape(citation.url)}">x</a>')
    if "href=" in probe:
        return citation
    return Citation(citation.label, "", citation.title or citation.url)


class _State:
    """What rendering a deck's cards needs besides the cards: small, for workers."""

    def __init__(
        self,
        deck: Deck,
        media_root: Path | None,
        keep: bool,
        highlighted: Mapping[tuple[str, str], str] | None = None,
        by_name: media.ByName | None = None,
    ) -> None:
        self.path = deck.source
        self.folder = Path(deck.source).parent
        self.media_root = media_root or self.folder
        self.by_name = by_name or media.ByName(self.media_root)
        self.citations: Mapping[str, Citation] = {
            label: safe_citation(citation) for label, citation in deck.citations.items()
        }
        self.text = deck.text
        self.cards = deck.cards
        self.keep = keep  # whether to pack new renderings for the cache
        self.highlighted = highlighted


class _NoteBuilder:
    def __init__(self, state: _State, known: dict[str, bytes]) -> None:
        self.state = state
        self.known = known  # packed renderings from the cache, by key
        self.problems: list[Problem] = []
        self.rendered: dict[str, bytes] = {}  # renderings made here, packed, by key
        self._lines: list[str] | None = None

    def build(self, card: Card, key: str) -> tuple | None:
        """A note's fields after its card (see model.Note), or None if the card has an error."""
        from ..cache import pack, unpack

        state = self.state
        errors: list[Problem] = []
        missing: list[Problem] = []
        images: dict[str, Media] = {}

        def resolve(src: str, embedded: bool) -> str | None:
            if media.is_remote(src):
                return None
            try:
                by_name = state.by_name if embedded else None
                images[src] = media.resolve(src, state.folder, state.media_root, by_name)
            except media.MediaMissing as gone:
                # Notes copied without their pictures: the card is still worth studying.
                message = f"{gone}; the card is written without it"
                missing.append(Problem(self._line_of(src, card), message, "warning"))
                return None
            except media.MediaRefused as refused:
                errors.append(Problem(self._line_of(src, card), str(refused)))
                return None
            return images[src].name

        packed = self.known.pop(key, None) if key else None
        cached = unpack(packed) if packed else None
        if cached and (not cached[1] or self._same_media(cached[1], images, card)):
            rendering = cached[0]
        else:
            rendering = render_card(
                card.question, card.answer, state.citations, resolve, state.highlighted
            )
            if state.keep and key and not errors and not missing:
                self.rendered[key] = pack((rendering, {s: m.name for s, m in images.items()}))
        self.problems += errors + missing
        if errors:
            return None
        if rendering.unknown_languages or rendering.raw_html or rendering.unresolved:
            self._warn(rendering, card)
        if "![[" in card.question or "![[" in card.answer:
            self._warn_embeds(card)
        return (
            rendering.question_html,
            rendering.answer_html,
            rendering.question_text,
            rendering.answer_text,
            rendering.identity,
            tuple(state.citations[label] for label in rendering.citations),
            tuple(images.values()),
        )

    def _same_media(self, names: dict[str, str], images: dict[str, Media], card: Card) -> bool:
        """Whether a cached rendering's images are still the files it was made with, each
        looked for as a render looks for it (by name only if the card embeds it)."""
        embedded = wiki_images(card.question + "\n" + card.answer)
        state = self.state
        for src, name in names.items():
            by_name = state.by_name if src in embedded else None
            try:
                found = media.resolve(src, state.folder, state.media_root, by_name)
            except media.MediaRefused:
                found = None
            if found is None or found.name != name:
                images.clear()
                return False
            images[src] = found
        return True

    def _warn(self, rendering: Rendering, card: Card) -> None:
        from .html import stripped_html

        pos = card.pos
        for language in rendering.unknown_languages:
            message = f"unknown code language {language!r}: shown without highlighting"
            self.problems.append(Problem(self._fence_of(language, card), message, "warning"))
        removed = [item for html in rendering.raw_html for item in stripped_html(html)]
        if removed:
            what = ", ".join(dict.fromkeys(removed))
            self.problems.append(
                Problem(pos, f"HTML that is removed for safety: {what}", "warning")
            )
        html_images = [src for html in rendering.raw_html for src in _HTML_IMAGE.findall(html)]
        for src in dict.fromkeys(html_images):
            if not media.is_remote(src):
                self.problems.append(
                    Problem(
                        self._line_of(src, card),
                        f"<img src={src!r}> in HTML is not packaged; write ![alt]({src}) instead",
                        "warning",
                    )
                )
        for label in dict.fromkeys(rendering.unresolved):
            self.problems.append(
                Problem(
                    pos, f"citation [^{label}] has no definition; it is kept as text", "warning"
                )
            )

    def _warn_embeds(self, card: Card) -> None:
        """A warning for each Obsidian embed of a note ("![[Generations#^rule]]"): the card
        shows it as text (an embedded image is packaged, see markdown.WIKI_IMAGE)."""
        for match in _WIKI_EMBED.finditer(card.question + "\n" + card.answer):
            embed = match.group(0)
            if WIKI_IMAGE.fullmatch(embed):
                continue
            message = (
                f"{embed} embeds another note, which deckgen does not read: the card shows "
                "it as text; paste what it shows into the card"
            )
            where = self._first_line(lambda line, embed=embed: embed in line, card)
            self.problems.append(Problem(where, message, "warning"))

    def _fence_of(self, language: str, card: Card) -> SourcePos:
        """The line of the code fence that names ``language`` (the card's line if not found)."""
        opener = re.compile(r"[ \t>*+\-\d.)]*(?:`{3,}|~{3,})[ \t]*" + re.escape(language))
        return self._first_line(lambda line: opener.match(line) is not None, card)

    def _line_of(self, src: str, card: Card) -> SourcePos:
        """The line that mentions an image, for messages (the card's line if not found)."""
        unquoted = media.unquote(src)
        return self._first_line(lambda line: src in line or unquoted in line, card)

    def _first_line(self, found: Callable[[str], bool], card: Card) -> SourcePos:
        """The first line of the card for which ``found`` holds, else the card's line."""
        if self._lines is None:
            self._lines = self.state.text.split("\n")
        lines = self._lines
        first = card.pos.line - 1
        for line_no in range(first, min(max(card.lines[1], 1), len(lines))):
            if found(lines[line_no]):
                return SourcePos(self.state.path, line_no + 1)
        return card.pos

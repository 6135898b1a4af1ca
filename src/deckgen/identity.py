"""Stable ids, so a rebuilt deck updates the notes a learner already has.

Anki matches an imported note to an existing one by GUID alone, and decks by name.
A GUID that hashed the answer (genanki's default) would turn every edit into a new
note; ours hashes the card's explicit id, or else the deck name and the question's
text as :func:`question_identity` normalises it.

That normaliser is frozen: learners' collections hold the GUIDs it gave, so it is
written here once and shared with no output. It walks the question's markdown-it
tokens (parsed once, by the render pass) the way the Quizlet text did when the
GUIDs were first given; the Quizlet text may change, identity may not.
tests/data/identity/guids.json pins the GUID of every card of the sample pages.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from markdown_it.token import Token

from .model import HTML_TAG, Note, NoteDeck, Problem

# Anki's own GUID alphabet (base 91).
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


# JSON keeps the parts apart: ("a__b",) and ("a", "b") hash differently. One encoder
# for every key: json.dumps would make a new one per call with these options.
_KEY_ENCODER = json.JSONEncoder(ensure_ascii=False)
_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]  # two digits at a time


def _hash64(*key: str) -> int:
    encoded = _KEY_ENCODER.encode(key).encode("utf-8")
    return int.from_bytes(hashlib.sha256(encoded).digest()[:8], "big")


def _base91(number: int) -> str:
    pairs = []
    while number:
        number, pair = divmod(number, len(_BASE91_PAIRS))
        pairs.append(_BASE91_PAIRS[pair])
    digits = "".join(reversed(pairs)).removeprefix(_BASE91[0])  # no leading zero digit
    return digits or _BASE91[0]


# --- the frozen normaliser ------------------------------------------------------------
# Every constant and rule below is part of the GUIDs of notes in learners' collections.

# What ends a citation's label: "]" (a citation) or a space (no citation).
_LABEL_END = re.compile(r"[\]\s]")
_BLOCKS = " / "
_CODE_LINES = " ↵ "
_BULLET = "•"


def question_identity(tokens: Sequence[Token]) -> str:
    """The question as identity sees it: its text without markup, whitespace folded, NFC."""
    text = " ".join(_BLOCKS.join(_blocks(tokens)).split())
    if not text:
        # A question only of HTML blocks ("<p>der Hund</p>", pasted from an export): the
        # text between their tags, else every such question would be the same one.
        # Only such questions: every other identity (and GUID) stays as it was.
        markup = " ".join(t.content for t in tokens if t.type == "html_block")
        text = " ".join(html.unescape(HTML_TAG.sub(" ", markup)).split())
    return unicodedata.normalize("NFC", text)


def _blocks(tokens: Sequence[Token]) -> list[str]:
    blocks: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "inline":
            text = _inline(token.children or [])
            if text.strip():
                blocks.append(text)
        elif token.type in ("fence", "code_block"):
            lines = [line for line in token.content.splitlines() if line.strip()]
            blocks.append(_CODE_LINES.join(lines))
        elif token.type.startswith("math_block"):
            blocks.append(token.content)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, i)
            blocks.append(_list(tokens[i + 1 : end], token))
            i = end
        elif token.type == "table_open":
            end = _closing(tokens, i)
            blocks.append(_table(tokens[i + 1 : end]))
            i = end
        i += 1
    return blocks


def _list(tokens: Sequence[Token], opener: Token) -> str:
    number = int(opener.attrGet("start") or 1)
    items, i = [], 0
    while i < len(tokens):
        if tokens[i].type == "list_item_open":
            end = _closing(tokens, i)
            marker = f"{number}." if opener.type == "ordered_list_open" else _BULLET
            items.append(f"{marker} {' '.join(_blocks(tokens[i + 1 : end]))}")
            number += 1
            i = end
        i += 1
    return " ".join(items)


def _table(tokens: Sequence[Token]) -> str:
    rows, cells = [], []
    for token in tokens:
        if token.type == "inline":
            cells.append(_inline(token.children or []))
        elif token.type == "tr_close":
            rows.append(" | ".join(cells))
            cells = []
    return "; ".join(rows)


def _without_citations(text: str) -> str:
    """The text without its ``[^label]`` markers: what ``re.sub(r"\\[\\^([^\\]\\s]+)\\]", "",
    text)`` gives, in one pass (that pattern looks from every "[^" to the end of a text
    that never closes one)."""
    if "[^" not in text:
        return text
    ends = [m.start() for m in _LABEL_END.finditer(text)]
    parts, kept_from = [], 0
    start = text.find("[^")
    while start >= 0:
        n = bisect.bisect_left(ends, start + 2)
        if n < len(ends) and text[ends[n]] == "]" and ends[n] > start + 2:
            parts.append(text[kept_from:start])
            kept_from = ends[n] + 1
            start = text.find("[^", kept_from)
        else:
            start = text.find("[^", start + 1)
    parts.append(text[kept_from:])
    return "".join(parts)


def _closing(tokens: Sequence[Token], start: int) -> int:
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _inline(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "text_special"):
            parts.append(_without_citations(child.content))
        elif child.type in ("code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "math_inline_double":
            parts.append(child.content.strip())
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append(_BLOCKS)
        elif child.type == "image":
            parts.append(_inline(child.children or []))
    return "".join(parts)


# --- keys and GUIDs -------------------------------------------------------------------


def card_key(deck_name: str, note: Note) -> tuple[str, ...]:
    """What identifies a card: its explicit id, else its deck and question."""
    if note.card.id:
        return ("id", note.card.id)
    return ("question", deck_name, note.identity)


def guid_of(key: tuple[str, ...]) -> str:
    """The GUID of the note of a card with identity ``key`` that repeats no card before it."""
    return _base91(_hash64("deckgen note", *key))


def note_guids(decks: Sequence[NoteDeck]) -> list[tuple[str, ...]]:
    """The GUID of each note, deck by deck, in order, for decks written together.

    A card whose key repeats one before it (see ``duplicate_problems``) gets a GUID
    of its own too, so that Anki keeps both notes instead of skipping one.
    """
    seen: Counter[tuple[str, ...]] = Counter()
    result = []
    for deck in decks:
        guids = []
        for note in deck.notes:
            key = card_key(deck.name, note)
            seen[key] += 1
            repeat = (str(seen[key]),) if seen[key] > 1 else ()
            guids.append(_base91(_hash64("deckgen note", *key, *repeat)))
        result.append(tuple(guids))
    return result


def with_guids(decks: Sequence[NoteDeck]) -> list[NoteDeck]:
    """The decks of one set of output files, each note given its GUID."""
    from dataclasses import replace

    return [
        replace(deck, guids=guids) for deck, guids in zip(decks, note_guids(decks), strict=True)
    ]


def duplicate_problems(decks: Sequence[NoteDeck]) -> list[Problem]:
    """A warning for each card whose id or question repeats an earlier one.

    Questions repeat only within a deck; an id is one for the whole build.
    """
    first: dict[tuple[str, ...], tuple[Note, NoteDeck]] = {}
    problems = []
    for deck in decks:
        for note in deck.notes:
            key = card_key(deck.name, note)
            earlier, earlier_deck = first.setdefault(key, (note, deck))
            if earlier is note:
                continue
            card = note.card
            what = f"id {card.id!r}" if card.id else "question"
            where = (
                f"line {earlier.card.pos.line}"
                if earlier_deck.source == deck.source
                else earlier.card.pos
            )
            problems.append(
                Problem(
                    card.pos,
                    f"same {what} as the card at {where}; both are kept, but "
                    "give each its own id (<!-- id: ... -->) so edits update the right note",
                    "warning",
                )
            )
    return problems


def deck_id(deck_name: str) -> int:
    """A fixed Anki deck id for a deck name (Anki matches decks by name anyway)."""
    # Below 2**63 (SQLite integers) and far from Anki's "Default" deck, id 1.
    return (_hash64("deckgen deck", deck_name) >> 2) + (1 << 40)

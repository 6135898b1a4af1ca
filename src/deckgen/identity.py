"""Stable ids, so a rebuilt deck updates the notes a learner already has.

Anki matches an imported note to an existing one by GUID alone, and decks by name.
A GUID that hashed the answer (genanki's default) would turn every edit into a new
note; ours hashes the card's explicit id, or else the deck name and the question's
plain text.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from .model import Card, Deck, Problem
from .render import rendered

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


def normalised_question(card: Card) -> str:
    """The question as identity sees it: markup stripped, whitespace folded, NFC."""
    return unicodedata.normalize("NFC", " ".join(rendered(card).question_text.split()))


def card_key(deck_name: str, card: Card) -> tuple[str, ...]:
    """What identifies a card: its explicit id, else its deck and question."""
    if card.id:
        return ("id", card.id)
    return ("question", deck_name, normalised_question(card))


def note_guids(decks: Sequence[Deck]) -> tuple[tuple[str, ...], ...]:
    """The GUID of each card's note, deck by deck, in card order (computed once a build)."""
    return _note_guids(tuple(decks))


@lru_cache(maxsize=4)
def _note_guids(decks: tuple[Deck, ...]) -> tuple[tuple[str, ...], ...]:
    """The GUID of each card's note, deck by deck, in card order.

    A card whose key repeats one before it (see ``duplicate_problems``) gets a GUID
    of its own too, so that Anki keeps both notes instead of skipping one.
    """
    seen: Counter[tuple[str, ...]] = Counter()
    result = []
    for deck in decks:
        guids = []
        for card in deck.cards:
            key = card_key(deck.name, card)
            seen[key] += 1
            repeat = (str(seen[key]),) if seen[key] > 1 else ()
            guids.append(
                _base91(_hash64("deckgen note", *key, *repeat)) if repeat else guid_of(key)
            )
        result.append(tuple(guids))
    return tuple(result)


def guid_of(key: tuple[str, ...]) -> str:
    """The GUID of the note of a card with identity ``key`` that repeats no card before it."""
    return _base91(_hash64("deckgen note", *key))


def duplicate_problems(decks: Sequence[Deck], *, across_files_only: bool = False) -> list[Problem]:
    """A warning for each card whose id or question repeats an earlier one.

    Questions repeat only within a deck; an id is one for the whole build.
    """
    first: dict[tuple[str, ...], tuple[Card, Deck]] = {}
    problems = []
    for deck in decks:
        for card in deck.cards:
            key = card_key(deck.name, card)
            earlier, earlier_deck = first.setdefault(key, (card, deck))
            if earlier is card or (across_files_only and earlier_deck.source == deck.source):
                continue
            what = f"id {card.id!r}" if card.id else "question"
            where = (
                f"line {earlier.pos.line}" if earlier_deck.source == deck.source else earlier.pos
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

"""Stable ids, so a rebuilt deck updates the notes a learner already has.

Anki matches an imported note to an existing one by GUID alone, and decks by name.
A GUID that hashed the answer (genanki's default) would turn every edit into a new
note; ours hashes the deck name and the question's plain text instead.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

from .model import Card
from .render import to_plain

# Anki's own GUID alphabet (base 91).
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def _hash64(*key: str) -> int:
    # JSON keeps the parts apart: ("a__b",) and ("a", "b") hash differently.
    encoded = json.dumps(key, ensure_ascii=False).encode("utf-8")
    return int.from_bytes(hashlib.sha256(encoded).digest()[:8], "big")


def _base91(number: int) -> str:
    digits = []
    while number:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits)) or _BASE91[0]


def normalised_question(card: Card) -> str:
    """The question as identity sees it: markup stripped, whitespace folded, NFC."""
    return unicodedata.normalize("NFC", " ".join(to_plain(card.question).split()))


def note_guid(deck_name: str, card: Card) -> str:
    """The note's GUID: the same for the same deck and question, whatever the answer."""
    return _base91(_hash64("deckgen note", deck_name, normalised_question(card)))


def deck_id(deck_name: str) -> int:
    """A fixed Anki deck id for a deck name (Anki matches decks by name anyway)."""
    # Below 2**63 (SQLite integers) and far from Anki's "Default" deck, id 1.
    return (_hash64("deckgen deck", deck_name) >> 2) + (1 << 40)

"""CSV for Anki's text importer (File > Import) and for spreadsheets.

Header lines tell Anki everything it would otherwise guess (and get wrong): the
separator, that fields are HTML, which columns hold the GUID, the tags and the deck.
Columns are named after the fields of Anki's stock "Basic" note type so they map
onto it without touching the import dialog; the Back column carries the sources
too, since Basic has no field for them. Every value is quoted: Anki drops a row
whose first byte is ``#``, and a GUID may start with one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ..identity import card_key, guid_of, note_guids
from ..model import Card, Deck
from ..render import rendered, sources_section

SUFFIX = ".csv"
COLUMNS = ("GUID", "Front", "Back", "Sources", "Tags", "Deck")
HEADER = (
    "#separator:comma\n"
    "#html:true\n"
    f"#columns:{','.join(COLUMNS)}\n"
    "#guid column:1\n"
    "#tags column:5\n"
    "#deck column:6\n"
    "#if matches:update current\n"
)


def row(card: Card, guid: str, deck_name: str) -> list[str]:
    """The CSV columns for one card (see COLUMNS)."""
    html = rendered(card)
    front, back = html.question_html, html.answer_html
    if card.citations:
        back += "\n" + sources_section(card.citations)
    urls = "\n".join(c.url or c.title for c in card.citations)
    return [guid, front, back, urls, " ".join(card.tags), deck_name]


def _writer(out):
    # Every value quoted: Anki drops a row whose first byte is "#" (see above).
    return csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")


def write(decks: Sequence[Deck], path: Path, previous: Path | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        writer = _writer(out)
        for deck, guids in zip(decks, note_guids(decks), strict=True):
            for card, guid in zip(deck.cards, guids, strict=True):
                writer.writerow(row(card, guid, deck.name))


def count(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as text:
        for _ in range(HEADER.count("\n")):
            text.readline()
        return sum(1 for row in csv.reader(text) if len(row) == len(COLUMNS))


def _row_text(card: Card, deck_name: str) -> str:
    out = io.StringIO()
    _writer(out).writerow(row(card, guid_of(card_key(deck_name, card)), deck_name))
    return out.getvalue()


def replace_card(previous: Path, path: Path, deck: str, index: int, old: Card, new: Card) -> None:
    """Write ``previous`` to ``path`` with the row of ``old`` (card ``index``) now ``new``'s.

    The old row is found by its text, which is unique: it holds the card's GUID.
    """
    data = previous.read_bytes()
    old_row = _row_text(old, deck).encode()
    start = data.find(old_row)
    if start < 0:
        raise ValueError("the card's row is not in the file")
    view = memoryview(data)  # slices without copies: a large file is not held twice
    with path.open("wb") as out:
        out.write(view[:start])
        out.write(_row_text(new, deck).encode())
        out.write(view[start + len(old_row) :])

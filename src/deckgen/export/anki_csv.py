"""CSV for Anki's text importer (File > Import) and for spreadsheets.

Header lines tell Anki everything it would otherwise guess (and get wrong): the
separator, that fields are HTML, which column is the GUID, the tags and the deck.
Columns are named after the fields of Anki's stock "Basic" note type so they map
onto it without touching the import dialog; the Back column carries the sources
too, since Basic has no field for them. Every value is quoted: Anki drops a row
whose first byte is ``#``, and a GUID may start with one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..identity import note_guids
from ..model import Card, Deck
from ..render import sources_section, to_html

SUFFIX = ".csv"
COLUMNS = ("GUID", "Front", "Back", "Sources", "Tags")


def header(deck: Deck) -> str:
    lines = [
        "#separator:comma",
        "#html:true",
        f"#columns:{','.join(COLUMNS)}",
        "#guid column:1",
        "#tags column:5",
        f"#deck:{deck.name}",
        "#if matches:update current",
    ]
    return "".join(line + "\n" for line in lines)


def row(card: Card, guid: str) -> list[str]:
    """The CSV columns for one card (see COLUMNS)."""
    front = to_html(card.question, card.citations, card.media)
    back = to_html(card.answer, card.citations, card.media)
    if card.citations:
        back += "\n" + sources_section(card.citations)
    urls = "\n".join(c.url or c.title for c in card.citations)
    return [guid, front, back, urls, " ".join(card.tags)]


def write(deck: Deck, path: Path, previous: Path | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header(deck))
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for card, guid in zip(deck.cards, note_guids(deck), strict=True):
            writer.writerow(row(card, guid))

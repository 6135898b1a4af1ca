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

from ..identity import note_guid
from ..model import Deck
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


def write(deck: Deck, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header(deck))
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for card in deck.cards:
            back = to_html(card.answer, card.citations)
            if card.citations:
                back += "\n" + sources_section(card.citations)
            urls = "\n".join(c.url or c.title for c in card.citations)
            writer.writerow(
                [note_guid(deck.name, card), to_html(card.question, card.citations), back, urls, ""]
            )

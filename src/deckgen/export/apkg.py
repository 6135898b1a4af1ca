"""Anki package (.apkg), written with genanki.

The note type's id and field list are fixed: Anki matches note types by id, and a
changed field list makes it copy the note type and refuse to update notes.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from ..identity import deck_id, note_guid
from ..model import Deck
from ..render import card_css, sources_html, to_html

SUFFIX = ".apkg"

BASIC_MODEL_ID = 1_607_392_319_001  # fixed forever; see the module docstring
BASIC_MODEL_NAME = "deckgen Basic"
FIELDS = ("Question", "Answer", "Sources")

QUESTION_TEMPLATE = '<div class="question">{{Question}}</div>'
ANSWER_TEMPLATE = """\
{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Sources}}
<div class="sources"><div class="sources-title">Sources</div>{{Sources}}</div>
{{/Sources}}"""

# Zip entries carry a date; a fixed one keeps the bytes independent of the clock.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _basic_model():
    import genanki

    return genanki.Model(
        BASIC_MODEL_ID,
        BASIC_MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": QUESTION_TEMPLATE, "afmt": ANSWER_TEMPLATE}],
        css=card_css(),
    )


def write(deck: Deck, path: Path, timestamp: float | None = None) -> None:
    import genanki

    model = _basic_model()
    anki_deck = genanki.Deck(deck_id(deck.name), deck.name)
    for card in deck.cards:
        fields = [
            to_html(card.question, card.citations),
            to_html(card.answer, card.citations),
            sources_html(card.citations),
        ]
        anki_deck.add_note(
            genanki.Note(model=model, fields=fields, guid=note_guid(deck.name, card))
        )
    _write_package(
        genanki.Package(anki_deck), path, time.time() if timestamp is None else timestamp
    )


def _write_package(package, path: Path, timestamp: float) -> None:
    """Like genanki's ``write_to_file``, but compressed and without a stray temp file."""
    import itertools

    with tempfile.TemporaryDirectory(prefix="deckgen-") as work:
        db_path = Path(work, "collection.anki2")
        connection = sqlite3.connect(db_path)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            _add(archive, "collection.anki2", db_path.read_bytes())
            _add(archive, "media", b"{}")


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)

"""Anki package (.apkg): the collection genanki would write, with genanki's note types.

Two note types, with ids and field lists fixed forever: Anki matches note types by
id, and a changed field list makes it copy the note type and refuse to update notes.

Updating in place: Anki's default import updates a matched note only when the
package's note is newer (its ``mod``). Each build reads the package it replaces
and keeps the old ``mod`` of every note whose content did not change, so only
edited cards update in Anki and edits made inside Anki to other cards survive.
A build whose notes, note types and media are all unchanged writes the previous
package again as it was, byte for byte.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..identity import card_key, deck_id, guid_of, note_guids
from ..model import CLOZE_START, Card, Deck, Media, has_cloze
from ..render import card_css, rendered, sources_html

SUFFIX = ".apkg"

BASIC_MODEL_ID = 1_607_392_319_001
BASIC_MODEL_NAME = "deckgen Basic"
BASIC_FIELDS = ("Question", "Answer", "Sources", "Reverse")
CLOZE_MODEL_ID = 1_607_392_319_002
CLOZE_MODEL_NAME = "deckgen Cloze"
CLOZE_FIELDS = ("Text", "Back Extra", "Sources")

_SOURCES = """{{#Sources}}
<div class="sources"><div class="sources-title">Sources</div>{{Sources}}</div>
{{/Sources}}"""
FORWARD_TEMPLATE = {
    "name": "Question > Answer",
    "qfmt": '<div class="question">{{Question}}</div>',
    "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n' + _SOURCES,
}
# Only made when the Reverse field is filled in (Anki skips cards with an empty front).
BACKWARD_TEMPLATE = {
    "name": "Answer > Question",
    "qfmt": '{{#Reverse}}<div class="question reverse">{{Answer}}</div>{{/Reverse}}',
    "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Question}}</div>\n' + _SOURCES,
}
CLOZE_TEMPLATE = {
    "name": "Cloze",
    "qfmt": '<div class="cloze-text">{{cloze:Text}}</div>',
    "afmt": '<div class="cloze-text">{{cloze:Text}}</div>\n'
    '{{#Back Extra}}<hr id="answer"><div class="answer">{{Back Extra}}</div>{{/Back Extra}}\n'
    + _SOURCES,
}

_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _models() -> dict[int, object]:
    import genanki

    css = card_css()
    return {
        BASIC_MODEL_ID: genanki.Model(
            BASIC_MODEL_ID,
            BASIC_MODEL_NAME,
            fields=[{"name": name} for name in BASIC_FIELDS],
            templates=[FORWARD_TEMPLATE, BACKWARD_TEMPLATE],
            css=css,
        ),
        CLOZE_MODEL_ID: genanki.Model(
            CLOZE_MODEL_ID,
            CLOZE_MODEL_NAME,
            fields=[{"name": name} for name in CLOZE_FIELDS],
            templates=[CLOZE_TEMPLATE],
            css=css,
            model_type=genanki.Model.CLOZE,
        ),
    }


def note_fields(card: Card) -> tuple[int, list[str]]:
    """The note type id and field values (HTML) of a card's note."""
    html = rendered(card)
    question, answer = html.question_html, html.answer_html
    sources = sources_html(card.citations)
    if not card.is_cloze:
        return BASIC_MODEL_ID, [question, answer, sources, "y" if card.reverse else ""]
    if has_cloze(card.question):
        return CLOZE_MODEL_ID, [question, answer, sources]
    return CLOZE_MODEL_ID, [question + "\n" + answer, "", sources]


@dataclass
class _Snapshot:
    """The notes and note types a package holds, to tell what changed between builds."""

    timestamp: int = 0
    notes: dict[str, tuple[bytes, int]] = field(default_factory=dict)  # guid: (content, mod)
    models: dict[str, dict] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)


def _snapshot(db_path: Path, media: list[str]) -> _Snapshot:
    """What a collection holds; a note's content (type, fields, tags) as a short digest."""
    connection = sqlite3.connect(db_path)
    try:
        (col_mod, models_json) = connection.execute("SELECT mod, models FROM col").fetchone()
        notes = {}
        for guid, mid, flds, tags, mod in connection.execute(
            "SELECT guid, mid, flds, tags, mod FROM notes"
        ):
            notes[guid] = (_digest(mid, flds, tags), mod)
    finally:
        connection.close()
    return _Snapshot(col_mod // 1000, notes, json.loads(models_json), media)


def _digest(model_id: int, fields: str, tags: str) -> bytes:
    return hashlib.blake2b(f"{model_id}\x1e{fields}\x1e{tags}".encode(), digest_size=16).digest()


def _read_previous(path: Path) -> _Snapshot:
    """The previous build's notes; an unreadable or foreign file counts as none."""
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as work:
            media = sorted(json.loads(archive.read("media")).values())
            return _snapshot(Path(archive.extract("collection.anki2", work)), media)
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile, sqlite3.Error):
        return _Snapshot()


def _without_mod(model_json: dict) -> dict:
    return {k: v for k, v in model_json.items() if k != "mod"}


def write(
    decks: Sequence[Deck], path: Path, previous: Path | None = None, now: float | None = None
) -> None:
    """Write the package to ``path``; ``previous`` is the file it replaces, if any."""
    media = {m.name: m for deck in decks for card in deck.cards for m in card.media}
    old = _read_previous(previous) if previous else _Snapshot()
    timestamp = max(int(time.time() if now is None else now), old.timestamp + 1)
    with tempfile.TemporaryDirectory(prefix="deckgen-") as work:
        db_path = Path(work, "collection.anki2")
        note_count, same_notes, models = _write_db(decks, db_path, timestamp, old)
        same_models = {
            mid for mid, js in models.items()
            if _without_mod(old.models.get(mid, {})) == _without_mod(js)
        }  # fmt: skip
        unchanged = (
            previous is not None
            and note_count == len(same_notes) == len(old.notes)
            and same_models == set(models)
            and sorted(media) == old.media
        )
        if unchanged:  # the same package again: keep its bytes, and its time stamps
            shutil.copyfile(previous, path)
            return
        final = _finish(db_path, timestamp, models, old, same_models)
        _zip(path, final, [media[name] for name in sorted(media)])


def _note_columns(card: Card) -> tuple[int, list[str], str, str]:
    """A card's note as the notes table stores it: type, fields, joined fields, tags."""
    model_id, fields = note_fields(card)
    return model_id, fields, "\x1f".join(fields), f" {' '.join(card.tags)} "


def _card_ords(model_id: int, fields: list[str]) -> list[int]:
    """The templates (Basic) or cloze numbers (Cloze) that give a note its cards."""
    if model_id == CLOZE_MODEL_ID:
        return sorted({int(n) - 1 for n in CLOZE_START.findall(fields[0])})
    return [0, 1] if fields[3] else [0]


def _write_db(
    decks: Sequence[Deck], db_path: Path, timestamp: int, old: _Snapshot
) -> tuple[int, set[str], dict[str, dict]]:
    """The collection genanki would write (its schema and JSON), streamed in batches.

    Ids count up from the timestamp in milliseconds: a note, then its cards. A note
    the ``old`` package holds unchanged keeps its ``mod``; the others get the
    timestamp. Returns the number of notes, the GUIDs of those unchanged and the
    note types' JSON.
    """
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    models = _models()
    ids = itertools.count(timestamp * 1000)
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("PRAGMA synchronous = OFF")  # a scratch file: no need to sync
        connection.executescript(APKG_SCHEMA)
        connection.executescript(APKG_COL)
        decks_json = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        models_json = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        notes, cards, note_count, same_notes = [], [], 0, set()
        for deck, guids in zip(decks, note_guids(decks), strict=True):
            did = deck_id(deck.name)
            decks_json[str(did)] = genanki.Deck(did, deck.name).to_json()
            used = set()
            for card, guid in zip(deck.cards, guids, strict=True):
                model_id, fields, flds, tags = _note_columns(card)
                used.add(model_id)
                note_id = next(ids)
                mod = timestamp
                if guid in old.notes and old.notes[guid][0] == _digest(model_id, flds, tags):
                    mod = old.notes[guid][1]
                    same_notes.add(guid)
                note_count += 1
                notes.append(
                    (note_id, guid, model_id, mod, -1, tags, flds, fields[0], 0, 0, "")
                )  # fmt: skip
                for ord_ in _card_ords(model_id, fields):
                    cards.append(
                        (next(ids), note_id, did, ord_, mod, -1, 0, 0, 0, 0, 0, 0, 0, 0,
                         0, 0, 0, "")
                    )  # fmt: skip
                if len(notes) >= 1000:
                    _insert(connection, notes, cards)
            models_json.update({str(mid): models[mid].to_json(timestamp, did) for mid in used})
        _insert(connection, notes, cards)
        connection.execute(
            "UPDATE col SET decks = ?, models = ?",
            (json.dumps(decks_json), json.dumps(models_json)),
        )
        connection.commit()
    finally:
        connection.close()
    return note_count, same_notes, json.loads(json.dumps(models_json))  # as stored


def _insert(connection: sqlite3.Connection, notes: list, cards: list) -> None:
    connection.executemany(f"INSERT INTO notes VALUES ({','.join('?' * 11)})", notes)
    connection.executemany(f"INSERT INTO cards VALUES ({','.join('?' * 18)})", cards)
    notes.clear()
    cards.clear()


def _finish(
    db_path: Path,
    timestamp: int,
    models: dict[str, dict],
    old: _Snapshot,
    same_models: set[str],
) -> Path:
    """Unchanged note types (``models``, as written) keep their old ``mod``; the
    collection gets ``timestamp``. Returns the file to package.

    After a previous package, that is a fresh copy: ``VACUUM INTO`` writes the same
    bytes for the same content, whatever the scratch file went through. A first
    build's scratch file only ever went through the same steps, so it is used as is.
    """
    connection = sqlite3.connect(db_path)
    try:
        for mid in models:
            models[mid]["mod"] = old.models[mid]["mod"] if mid in same_models else timestamp
        models_json = json.dumps(models, sort_keys=True)
        connection.execute("UPDATE col SET models = ?, mod = ?", (models_json, timestamp * 1000))
        connection.commit()
        if not old.notes and not old.models:
            return db_path
        final = db_path.with_name("final.anki2")
        connection.execute("VACUUM INTO ?", (str(final),))
        return final
    finally:
        connection.close()


def replace_card(
    previous: Path,
    path: Path,
    deck: str,
    index: int,
    old: Card,
    new: Card,
    now: float | None = None,
) -> None:
    """Write to ``path`` what ``write`` would make of ``previous``'s deck with card
    ``index`` (``old``) now ``new``, without writing the other notes again.

    ``write`` numbers notes and cards from its timestamp in deck order, so the other
    rows only move by the difference of the two timestamps; they keep their ``mod``.
    """
    old_guid, guid = guid_of(card_key(deck, old)), guid_of(card_key(deck, new))
    old_model, old_fields, _, _ = _note_columns(old)
    model_id, fields, flds, tags = _note_columns(new)
    if _card_ords(old_model, old_fields) != _card_ords(model_id, fields):
        raise ValueError("the card's cards changed: the package is written whole")
    with zipfile.ZipFile(previous) as archive, tempfile.TemporaryDirectory() as work:
        if json.loads(archive.read("media")):
            raise ValueError("a package with media is written whole")
        old_path = archive.extract("collection.anki2", work)
        connection = sqlite3.connect(Path(work, "scratch.anki2"))
        try:
            connection.execute("ATTACH ? AS old", (old_path,))
            (col_mod,) = connection.execute("SELECT mod FROM old.col").fetchone()
            note = connection.execute(
                "SELECT id, guid, mid, flds, tags FROM old.notes ORDER BY id LIMIT 1 OFFSET ?",
                (index,),
            ).fetchone()
            if note is None or note[1] != old_guid:
                raise ValueError("the card's note is not where the record says")
            if note[1:] == (guid, model_id, flds, tags):
                shutil.copyfile(previous, path)  # as write does for an unchanged package
                return
            old_timestamp = col_mod // 1000
            timestamp = max(int(time.time() if now is None else now), old_timestamp + 1)
            shift = (timestamp - old_timestamp) * 1000
            # The old collection's own schema, so that VACUUM INTO writes what write does.
            schema = connection.execute(
                "SELECT sql FROM old.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            ).fetchall()
            for (sql,) in schema:
                connection.execute(sql)
            for table, moved in [("col", ()), ("revlog", ()), ("graves", ()),
                                 ("notes", ("id",)), ("cards", ("id", "nid"))]:  # fmt: skip
                _copy_moved(connection, table, moved, shift)
            note_id = note[0] + shift
            connection.execute(
                "UPDATE notes SET guid = ?, mid = ?, mod = ?, tags = ?, flds = ?, sfld = ? "
                "WHERE id = ?",
                (guid, model_id, timestamp, tags, flds, fields[0], note_id),
            )
            connection.execute("UPDATE cards SET mod = ? WHERE nid = ?", (timestamp, note_id))
            connection.execute("UPDATE col SET mod = ?", (timestamp * 1000,))
            connection.commit()
            connection.execute("DETACH old")
            final = Path(work, "final.anki2")
            connection.execute("VACUUM INTO ?", (str(final),))
        finally:
            connection.close()
        _zip(path, final, [])


def _copy_moved(
    connection: sqlite3.Connection, table: str, moved: tuple[str, ...], shift: int
) -> None:
    """Copy ``table`` from the attached ``old`` collection, adding ``shift`` to the
    ``moved`` columns (ids)."""
    columns = [row[1] for row in connection.execute(f"PRAGMA old.table_info({table})")]
    values = [f"{name} + {int(shift)}" if name in moved else name for name in columns]
    connection.execute(f"INSERT INTO {table} SELECT {', '.join(values)} FROM old.{table}")


def count(path: Path) -> int:
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as work:
        connection = sqlite3.connect(archive.extract("collection.anki2", work))
        try:
            return connection.execute("SELECT count(*) FROM notes").fetchone()[0]
        finally:
            connection.close()


def _zip(path: Path, db_path: Path, media: list[Media]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "collection.anki2", db_path)
        names = {str(i): m.name for i, m in enumerate(media)}
        with archive.open(_entry("media"), "w") as out:
            out.write(json.dumps(names).encode())
        for i, item in enumerate(media):
            _add(archive, str(i), item.path)


def _entry(name: str) -> zipfile.ZipInfo:
    # Zip entries carry a date; a fixed one keeps the bytes independent of the clock.
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    # The fastest level: three times quicker than the default, for a file 8% larger.
    # ZipFile.open(info, "w") takes the level from the entry (Python 3.13 also names
    # it compress_level; the old name still works there).
    info._compresslevel = 1
    return info


def _add(archive: zipfile.ZipFile, name: str, source: Path) -> None:
    """A file into the archive, a piece at a time: a large collection is not read whole."""
    with source.open("rb") as data, archive.open(_entry(name), "w") as out:
        shutil.copyfileobj(data, out, 1 << 20)

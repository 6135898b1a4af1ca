"""Anki package (.apkg), written by genanki's public API, then finished here.

genanki writes the collection (``Package.write_to_db``) from deckgen's note types
(``anki.notetypes``). What genanki does not do is done after it, in the same scratch
collection, and documented here:

- **Unchanged notes keep their ``mod``.** Anki's default import updates a matched
  note only when the package's note is newer. Each build reads the package it
  replaces; a note whose type, fields and tags are the same as there keeps its old
  ``mod`` (and its cards theirs), so only edited cards update in Anki and edits made
  inside Anki to the other cards survive. Note types keep theirs the same way.
- **The same bytes for the same content.** Ids count up from the build's timestamp;
  a package whose content (decks, note types, notes, cards, media) is that of the
  previous one is not written again: the previous file is kept byte for byte. Else
  the collection is copied with ``VACUUM INTO`` (its bytes depend only on its
  content) and zipped with fixed dates.
"""

from __future__ import annotations

import copy
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
from functools import lru_cache
from pathlib import Path

from ..anki import notetypes
from ..identity import deck_id
from ..model import Media, NoteDeck

SUFFIX = ".apkg"
COLLECTION = "collection.anki2"
# Level 6 (zlib's default) was 8 % smaller than level 1 for about 0.1 s at 10,000 cards.
COMPRESS_LEVEL = 6


@lru_cache(maxsize=1)
def _models() -> dict[int, object]:
    """genanki's note types, each with templates of its own: genanki adds keys to them."""
    import genanki

    css = notetypes.card_css()
    specs = [
        (notetypes.BASIC_MODEL_ID, notetypes.BASIC_MODEL_NAME, notetypes.BASIC_FIELDS, 0),
        (notetypes.CLOZE_MODEL_ID, notetypes.CLOZE_MODEL_NAME, notetypes.CLOZE_FIELDS, 1),
    ]
    return {
        model_id: genanki.Model(
            model_id,
            name,
            fields=[{"name": name} for name in fields],
            templates=[copy.deepcopy(dict(t)) for t in notetypes.TEMPLATES[model_id]],
            css=css,
            model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
        )
        for model_id, name, fields, cloze in specs
    }


@dataclass
class _Previous:
    """What the package a build replaces holds, to tell what changed."""

    timestamp: int = 0
    notes: dict[str, tuple[str, int]] = field(default_factory=dict)  # guid: (content, mod)
    models: dict[str, tuple[str, int]] = field(default_factory=dict)  # id: (content, mod)
    signature: str = ""  # see _signature


def _read_previous(path: Path | None, work: Path) -> _Previous:
    """The previous build's package; an unreadable or foreign file counts as none."""
    if path is None:
        return _Previous()
    try:
        with zipfile.ZipFile(path) as archive:
            media = sorted(json.loads(archive.read("media")).values())
            db_path = Path(archive.extract(COLLECTION, work))
        connection = sqlite3.connect(db_path)
        try:
            (col_mod, models_json) = connection.execute("SELECT mod, models FROM col").fetchone()
            notes = {
                guid: (_content(mid, flds, tags), mod)
                for guid, mid, flds, tags, mod in connection.execute(
                    "SELECT guid, mid, flds, tags, mod FROM notes"
                )
            }
            models = {
                mid: (_model_content(model), model["mod"])
                for mid, model in json.loads(models_json).items()
            }
            signature = _signature(connection, media)
        finally:
            connection.close()
        db_path.unlink()
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile, sqlite3.Error):
        return _Previous()
    return _Previous(col_mod // 1000, notes, models, signature)


def _content(model_id: int, fields: str, tags: str) -> str:
    return hashlib.blake2b(f"{model_id}\x1e{fields}\x1e{tags}".encode(), digest_size=16).hexdigest()


def _model_content(model: dict) -> str:
    """A note type's JSON without its time stamp."""
    return json.dumps({k: v for k, v in model.items() if k != "mod"}, sort_keys=True)


def _signature(connection: sqlite3.Connection, media: list[str]) -> str:
    """A digest of everything a package holds that is not a time stamp or an id:
    decks, note types, notes and their cards in order, and the media's names (which
    hold a hash of their content)."""
    digest = hashlib.sha256()
    decks, models = connection.execute("SELECT decks, models FROM col").fetchone()
    models = {mid: _model_content(model) for mid, model in json.loads(models).items()}
    digest.update(json.dumps([json.loads(decks), models, media], sort_keys=True).encode())
    for row in connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id"):
        digest.update(json.dumps(row).encode())
    for row in connection.execute(
        "SELECT n.guid, c.did, c.ord FROM cards c JOIN notes n ON c.nid = n.id ORDER BY c.id"
    ):
        digest.update(json.dumps(row).encode())
    return digest.hexdigest()


def write(
    decks: Sequence[NoteDeck], path: Path, previous: Path | None = None, now: float | None = None
) -> None:
    """Write the package to ``path``; ``previous`` is the file it replaces, if any."""
    import genanki

    models = _models()
    media: dict[str, Media] = {}
    package_decks = []
    for deck in decks:
        package_deck = genanki.Deck(deck_id(deck.name), deck.name)
        for note, guid in zip(deck.notes, deck.guids, strict=True):
            model_id, fields = notetypes.note_fields(note)
            package_deck.add_note(
                genanki.Note(models[model_id], fields, tags=note.card.tags, guid=guid)
            )
            media.update((m.name, m) for m in note.media)
        package_decks.append(package_deck)
    # Scratch files go beside the output, where the build cleans up after itself.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".deckgen-") as work:
        old = _read_previous(previous, Path(work))
        timestamp = max(int(time.time() if now is None else now), old.timestamp + 1)
        db_path = Path(work, COLLECTION)
        connection = sqlite3.connect(db_path)
        try:
            connection.execute("PRAGMA synchronous = OFF")  # a scratch file: no need to sync
            genanki.Package(package_decks).write_to_db(
                connection.cursor(), timestamp, itertools.count(timestamp * 1000)
            )
            names = sorted(media)
            if previous is not None and _signature(connection, names) == old.signature:
                connection.close()
                shutil.copyfile(previous, path)  # the same package again, time stamps too
                return
            _keep_unchanged(connection, old, timestamp)
            connection.commit()
            final = db_path
            if old.notes or old.models:
                final = db_path.with_name("final.anki2")
                connection.execute("VACUUM INTO ?", (str(final),))
        finally:
            connection.close()
        _zip(path, final, [media[name] for name in names])


def _keep_unchanged(connection: sqlite3.Connection, old: _Previous, timestamp: int) -> None:
    """The post-pass: unchanged notes, their cards and note types keep their old ``mod``."""
    kept = []
    for note_id, guid, mid, flds, tags in connection.execute(
        "SELECT id, guid, mid, flds, tags FROM notes"
    ).fetchall():
        before = old.notes.get(guid)
        if before is not None and before[0] == _content(mid, flds, tags):
            kept.append((before[1], note_id))
    connection.executemany("UPDATE notes SET mod = ? WHERE id = ?", kept)
    connection.executemany("UPDATE cards SET mod = ? WHERE nid = ?", kept)
    (models_json,) = connection.execute("SELECT models FROM col").fetchone()
    models = json.loads(models_json)
    for mid, model in models.items():
        before = old.models.get(mid)
        model["mod"] = before[1] if before and before[0] == _model_content(model) else timestamp
    connection.execute(
        "UPDATE col SET models = ?, mod = ?", (json.dumps(models, sort_keys=True), timestamp * 1000)
    )


def count(path: Path) -> int:
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory(dir=path.parent) as work:
        connection = sqlite3.connect(archive.extract(COLLECTION, work))
        try:
            return connection.execute("SELECT count(*) FROM notes").fetchone()[0]
        finally:
            connection.close()


def _zip(path: Path, db_path: Path, media: list[Media]) -> None:
    # Entries named by a string get zipfile's fixed date (1980-01-01) and this level:
    # the archive's bytes depend only on what goes in.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        _add(archive, COLLECTION, db_path)
        with archive.open("media", "w") as out:
            out.write(json.dumps({str(i): m.name for i, m in enumerate(media)}).encode())
        for i, item in enumerate(media):
            _add(archive, str(i), item.path)


def _add(archive: zipfile.ZipFile, name: str, source: Path) -> None:
    """A file into the archive, a piece at a time: a large file is not read whole."""
    with source.open("rb") as data, archive.open(name, "w") as out:
        shutil.copyfileobj(data, out, 1 << 20)

"""Anki package (.apkg), written by genanki's public API, then finished here.

genanki writes the collection (``Package.write_to_db``) from deckgen's note types
(``anki.notetypes``). What genanki does not do is done after it, in the same scratch
collection, and documented here:

- **Unchanged notes keep their ``mod``.** Anki's default import updates a matched
  note only when the package's note is newer. Each build reads the package it
  replaces; a note whose type, fields, tags and deck are the same as there keeps its
  old ``mod`` (and its cards theirs), so only edited cards update in Anki and edits
  made inside Anki to the other cards survive. Note types keep theirs the same way.
  A note whose type and fields the previous collection holds is not given to genanki
  at all: its rows are copied from there, as genanki would write them (``_Reuse``),
  so that a rebuild after one edit writes one note, and the package is the one a
  full write makes (a test compares the two).
- **The same bytes for the same content.** Ids count up from the build's timestamp;
  a package whose content (decks, note types, notes, cards, media) is that of the
  previous one is not written again: the previous file is kept byte for byte. Else
  the collection is copied with ``VACUUM INTO`` (its bytes depend only on its
  content) and zipped with fixed dates.
"""

from __future__ import annotations

import collections
import copy
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..anki import notetypes
from ..changes import Stored
from ..identity import deck_id
from ..model import Media, NoteDeck

SUFFIX = ".apkg"
COLLECTION = "collection.anki2"
# Level 1: the .apkg is written last, on the build's critical path; zlib's default
# (6) made it 8 % smaller for 0.1 s more at 10,000 cards and 1 s at 100,000.
COMPRESS_LEVEL = 1


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


def write(
    decks: Sequence[NoteDeck],
    path: Path,
    previous: Path | None = None,
    now: float | None = None,
    reuse_notes: bool = True,
) -> Delta:
    """Write the package to ``path``; ``previous`` is the file it replaces, if any.

    Returns how its notes differ from those of ``previous`` (all new without one).
    ``reuse_notes=False`` gives every note to genanki, none copied from ``previous``.
    """
    import genanki

    media: dict[str, Media] = {}  # filled as the notes are written
    # Scratch files go beside the output, named after this process: a build killed
    # midway leaves them, and the next build removes them (see _remove_stale).
    _remove_stale(path.parent)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f"{SCRATCH}{os.getpid()}-") as work:
        old = _previous(previous, Path(work))
        timestamp = max(int(time.time() if now is None else now), old.timestamp + 1)
        db_path = Path(work, COLLECTION)
        connection = sqlite3.connect(db_path)
        try:
            connection.execute("PRAGMA synchronous = OFF")  # a scratch file: no need to sync
            if old.db is not None:
                connection.execute("ATTACH ? AS old", (str(old.db),))
            reuse = _Reuse(connection if old.db is not None and reuse_notes else None)
            genanki.Package(_package_decks(decks, media, timestamp, reuse)).write_to_db(
                connection.cursor(), timestamp, reuse.genanki_ids()
            )
            if not reuse.copy(connection, timestamp):  # the note types changed: every note anew
                connection.close()
                return write(decks, path, previous, now, reuse_notes=False)
            names = sorted(media)
            final = db_path
            delta = Delta(new=None)
            if old.db is not None:
                if _same_content(connection, names, old.media):
                    connection.close()
                    shutil.copyfile(previous, path)  # the same package again, time stamps too
                    return Delta()
                delta = _delta(connection)
                _keep_unchanged(connection)
            _finish(connection, timestamp)
            if old.db is not None:
                connection.execute("DETACH old")
                final = db_path.with_name("final.anki2")
                connection.execute("VACUUM INTO ?", (str(final),))
        finally:
            connection.close()
        _zip(path, final, [media[name] for name in names])
    return delta


SCRATCH = ".deckgen-"


def _remove_stale(folder: Path) -> None:
    """Remove the scratch folders of builds whose process has ended."""
    for stale in folder.glob(f"{SCRATCH}*-*"):
        try:
            pid = int(stale.name.removeprefix(SCRATCH).split("-", 1)[0])
            os.kill(pid, 0)  # raises if no such process
        except ProcessLookupError:
            shutil.rmtree(stale, ignore_errors=True)
        except (ValueError, PermissionError, OSError):
            continue  # not ours, or a process of another user: left alone


NOTES_AT_ONCE = 1000


def _package_decks(
    decks: Sequence[NoteDeck], media: dict[str, Media], timestamp: int, reuse: _Reuse
) -> Iterator[object]:
    """genanki decks of at most NOTES_AT_ONCE notes, made as genanki writes them.

    ``Package.write_to_db`` goes through its decks once, in order: a generator keeps
    only one batch of genanki notes in memory (a large deck's would be hundreds of
    MB). A deck's notes may come in several batches: genanki writes the same deck
    (same id and name) each time, and its notes in order. A note ``reuse`` copies is
    left out of its batch, which still names its note type as the note would.
    """
    import genanki

    models = _models()
    batch, name, size = None, None, 0
    next_id = timestamp * 1000  # ids as genanki gives them: a note's, then its cards'
    for deck in decks:
        for note, guid in zip(deck.notes, deck.guids, strict=True):
            full = deck.deck_of(note)
            if batch is None or full != name or size >= NOTES_AT_ONCE:
                if batch is not None:
                    yield batch
                batch, name, size = genanki.Deck(deck_id(full), full), full, 0
            size += 1
            model_id, fields = notetypes.note_fields(note)
            media.update((m.name, m) for m in note.media)
            kept = reuse.copied(guid, model_id, fields, note.card.tags, batch.deck_id, next_id)
            if kept is not None:
                batch.add_model(models[model_id])
                next_id += 1 + kept
                continue
            written = genanki.Note(models[model_id], fields, tags=note.card.tags, guid=guid)
            batch.add_note(written)
            reuse.give_ids(range(next_id, next_id + 1 + len(written.cards)))
            next_id += 1 + len(written.cards)
    if batch is not None:
        yield batch


class _Reuse:
    """The notes of the previous collection (attached as ``old``) that a build copies
    instead of giving them to genanki: those whose note type and fields an old note has.

    genanki makes a note's cards from its type and fields alone, so such a note's cards
    are the old note's, whatever its GUID, tags or deck (renaming a deck gives every
    note a new GUID). Its rows are copied with this build's GUID, tags, deck and time,
    as genanki would write them, under the ids genanki would have given it: its own,
    then one per card in the order of the old cards' ids (genanki's order, the fields
    being the same). The post-pass then gives back the old ``mod`` where it does for
    every note (see _keep_unchanged). The other notes go to genanki, which takes its
    ids from ``genanki_ids``.
    """

    def __init__(self, connection: sqlite3.Connection | None) -> None:
        # An old note of each note type and fields: its id and how many cards it has.
        self.by_fields: dict[tuple[int, str], tuple[int, int]] = {}
        if connection is not None:
            for note_id, mid, flds, cards in connection.execute(
                "SELECT n.id, n.mid, n.flds, "
                "(SELECT count(*) FROM old.cards c WHERE c.nid = n.id) FROM old.notes n"
            ):
                if cards:
                    self.by_fields.setdefault((mid, flds), (note_id, cards))
        self.kept: list[tuple[int, int, str, str, int]] = []  # rows of temp.kept
        self.ids: collections.deque[int] = collections.deque()

    def copied(
        self,
        guid: str,
        model_id: int,
        fields: Sequence[str],
        tags: Sequence[str],
        did: int,
        note_id: int,
    ) -> int | None:
        """Take the note to copy under ``note_id`` if an old note has its type and
        fields: how many cards it has. None: genanki writes it."""
        flds = "\x1f".join(fields)  # as genanki joins them; tags with a space each side
        if flds.count("\x1f") >= len(fields):
            # A field holds the separator (the parser leaves none; a caller might): two
            # different notes could join to one string, so only genanki writes this one.
            return None
        found = self.by_fields.get((model_id, flds))
        if found is None:
            return None
        old_id, cards = found
        self.kept.append((old_id, note_id, guid, f" {' '.join(tags)} ", did))
        return cards

    def give_ids(self, ids: range) -> None:
        self.ids.extend(ids)

    def genanki_ids(self) -> Iterator[int]:
        """The ids of the notes genanki writes, filled as their batches are made."""
        while True:
            yield self.ids.popleft()

    def copy(self, connection: sqlite3.Connection, timestamp: int) -> bool:
        """Copy the kept notes and their cards; False (nothing copied) if the note types
        are not those of the previous collection, whose cards might then differ. (Their
        time stamps and default decks may differ: neither makes a card.)"""
        if not self.kept:
            return True
        new, old = (
            connection.execute(f"SELECT models FROM {db}.col").fetchone()[0]
            for db in ("main", "old")
        )
        if _card_rules(json.loads(new)) != _card_rules(json.loads(old)):
            return False
        connection.execute(
            "CREATE TEMP TABLE kept (old INTEGER, id INTEGER, guid TEXT, tags TEXT, did INTEGER)"
        )
        connection.executemany("INSERT INTO temp.kept VALUES (?, ?, ?, ?, ?)", self.kept)
        connection.execute(
            "INSERT INTO notes SELECT k.id, k.guid, o.mid, ?, o.usn, k.tags, o.flds, "
            "o.sfld, o.csum, o.flags, o.data FROM temp.kept k JOIN old.notes o ON o.id = k.old",
            (timestamp,),
        )
        connection.execute(
            "INSERT INTO cards SELECT k.id + 1 + (SELECT count(*) FROM old.cards e "
            "WHERE e.nid = c.nid AND e.id < c.id), k.id, k.did, c.ord, ?, c.usn, c.type, "
            "c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, c.odue, c.odid, "
            "c.flags, c.data FROM temp.kept k JOIN old.cards c ON c.nid = k.old",
            (timestamp,),
        )
        return True


@dataclass
class Delta:
    """How a package's notes differ from the previous package's, by GUID: for the
    build's change report. ``new`` is None when there was no previous package."""

    new: frozenset[str] | None = frozenset()
    changed: frozenset[str] = frozenset()  # type, fields, tags or deck
    removed: tuple[Stored, ...] = ()  # notes only the previous package has


# A note's deck: that of its first card.
_DECK_OF = "(SELECT c.did FROM {db}.cards c WHERE c.nid = n.id ORDER BY c.ord LIMIT 1)"


def _delta(connection: sqlite3.Connection) -> Delta:
    """The new collection against the attached ``old`` one, in SQL: a large package's
    notes are compared without being read into Python."""
    new = connection.execute(
        "SELECT guid FROM notes WHERE guid NOT IN (SELECT guid FROM old.notes)"
    ).fetchall()
    changed = connection.execute(
        f"SELECT n.guid FROM notes n JOIN old.notes o ON o.guid = n.guid "
        f"WHERE o.mid != n.mid OR o.flds != n.flds OR o.tags != n.tags "
        f"OR {_DECK_OF.format(db='main')} IS NOT "
        f"(SELECT c.did FROM old.cards c WHERE c.nid = o.id ORDER BY c.ord LIMIT 1)"
    ).fetchall()
    (decks_json,) = connection.execute("SELECT decks FROM old.col").fetchone()
    names = {int(i): d["name"] for i, d in json.loads(decks_json).items()}
    removed = connection.execute(
        f"SELECT n.flds, n.tags, {_DECK_OF.format(db='old')} FROM old.notes n "
        "WHERE n.guid NOT IN (SELECT guid FROM main.notes) ORDER BY n.id"
    ).fetchall()
    return Delta(
        frozenset(guid for (guid,) in new),
        frozenset(guid for (guid,) in changed),
        tuple(
            Stored(tuple(fields.split("\x1f")[:1]), tuple(tags.split()), names.get(did, ""))
            for fields, tags, did in removed
        ),
    )


@dataclass
class _Previous:
    """The collection of the package a build replaces, extracted, if it can be read."""

    db: Path | None = None
    timestamp: int = 0
    media: list[str] = field(default_factory=list)


def _previous(path: Path | None, work: Path) -> _Previous:
    """The previous build's collection; an unreadable or foreign file counts as none."""
    if path is None:
        return _Previous()
    try:
        with zipfile.ZipFile(path) as archive:
            media = sorted(json.loads(archive.read("media")).values())
            db_path = Path(archive.extract(COLLECTION, work / "previous"))
        connection = sqlite3.connect(db_path)
        try:
            (col_mod,) = connection.execute("SELECT mod FROM col").fetchone()
            connection.execute("SELECT guid, mid, flds, tags, mod FROM notes LIMIT 1").fetchall()
            # What the post-pass looks notes up by (a scratch copy: it may be changed).
            connection.execute("CREATE INDEX IF NOT EXISTS deckgen_guid ON notes (guid)")
            connection.commit()
        finally:
            connection.close()
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile, sqlite3.Error):
        return _Previous()
    return _Previous(db_path, int(col_mod) // 1000, [str(name) for name in media])


def _same_content(connection: sqlite3.Connection, media: list[str], old_media: list[str]) -> bool:
    """Whether the new collection holds what the attached ``old`` one does, time stamps
    and ids aside: decks, note types, notes and cards in order, and media (whose names
    hold a hash of their content)."""
    if media != old_media:
        return False
    new, old = (
        connection.execute(f"SELECT decks, models FROM {db}.col").fetchone()
        for db in ("main", "old")
    )
    if json.loads(new[0]) != json.loads(old[0]):
        return False
    if _without_mod(json.loads(new[1])) != _without_mod(json.loads(old[1])):
        return False
    for query in (
        "SELECT guid, mid, flds, tags FROM {db}.notes ORDER BY id",
        "SELECT n.guid, c.did, c.ord FROM {db}.cards c JOIN {db}.notes n ON c.nid = n.id "
        "ORDER BY c.id",
    ):
        rows = [connection.execute(query.format(db=db)) for db in ("main", "old")]
        if any(a != b for a, b in itertools.zip_longest(*rows)):
            return False
    return True


def _without_mod(models: dict[str, dict]) -> dict[str, dict]:
    """Note types without their time stamps."""
    return {mid: {k: v for k, v in model.items() if k != "mod"} for mid, model in models.items()}


def _card_rules(models: dict[str, dict]) -> dict[str, dict]:
    """Note types without what makes no card: their time stamps and default decks."""
    return {
        mid: {k: v for k, v in m.items() if k not in ("mod", "did")} for mid, m in models.items()
    }


# A note of the new collection is unchanged when the old one has a note of its GUID
# with the same type, fields and tags.
_SAME_OLD_NOTE = (
    "FROM old.notes o WHERE o.guid = notes.guid AND o.mid = notes.mid "
    "AND o.flds = notes.flds AND o.tags = notes.tags"
)


def _keep_unchanged(connection: sqlite3.Connection) -> None:
    """The post-pass: unchanged notes, their cards and note types keep their old ``mod``."""
    connection.execute(f"UPDATE notes SET mod = coalesce((SELECT o.mod {_SAME_OLD_NOTE}), mod)")
    connection.execute("UPDATE cards SET mod = (SELECT mod FROM notes WHERE notes.id = cards.nid)")
    new, old = (
        json.loads(connection.execute(f"SELECT models FROM {db}.col").fetchone()[0])
        for db in ("main", "old")
    )
    for mid, model in new.items():
        before = old.get(mid)
        if before is not None and _without_mod({mid: before}) == _without_mod({mid: model}):
            model["mod"] = before["mod"]
    connection.execute("UPDATE col SET models = ?", (json.dumps(new),))


def _finish(connection: sqlite3.Connection, timestamp: int) -> None:
    """The collection's own time stamp, and its note types in a stable order."""
    (models_json,) = connection.execute("SELECT models FROM col").fetchone()
    models = json.dumps(json.loads(models_json), sort_keys=True)
    connection.execute("UPDATE col SET models = ?, mod = ?", (models, timestamp * 1000))
    connection.commit()


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

"""Parsed pieces of pages and rendered cards, kept next to the output so that a
rebuild parses and renders only what changed.

An entry is found by a hash of everything it depends on: its text (a piece of a
page; a card's markdown and which of its ``[^labels]`` the page defines), a digest
of deckgen's own source files (so a changed renderer never serves old HTML, even
in an editable install whose version never changes) and the versions of the
libraries that parse and render. Images are checked again on every use: an entry
whose pictures changed is not used. A cache that cannot be read is ignored and
started afresh; it is never needed for a correct build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import marshal
import os
import sqlite3
import zlib
from collections.abc import Container, Iterable
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from .markdown import CITATION_MARKER
from .render.card import Rendering

if TYPE_CHECKING:
    from .parse.document import Chunk

FOLDER = ".deckgen-cache"

Entry = tuple[Rendering, dict[str, str]]  # the rendering, and the media names it used
# The libraries a rendering depends on: (distribution, module).
LIBRARIES = (
    ("markdown-it-py", "markdown_it"),
    ("mdit-py-plugins", "mdit_py_plugins"),
    ("pygments", "pygments"),
    ("nh3", "nh3"),
)


def source_digest(package: Path) -> str:
    """A digest of every Python file of the package in ``package``: names and contents."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def versions() -> str:
    """What every key depends on besides its text: deckgen's code and its libraries."""
    import importlib

    found = [f"deckgen={source_digest(Path(__file__).parent)}"]
    for package, module in LIBRARIES:
        # The module's own __version__: asking importlib.metadata for the installed
        # distribution's costs a build about 20 ms (its import, and a search of sys.path).
        number = getattr(importlib.import_module(module), "__version__", None)
        found.append(f"{package}={number or _installed(package)}")
    return " ".join(found)


def _installed(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def key(question: str, answer: str, defined: Container[str]) -> str:
    """The cache key of a card's rendering."""
    labels: list[str] = []
    if "[^" in question or "[^" in answer:
        found = CITATION_MARKER.findall(question + answer)
        labels = sorted({label for label in found if label in defined})
    digest = _key_start(versions()).copy()
    # The question's length keeps the parts apart: ("ab", "c") and ("a", "bc") differ.
    digest.update(f"{len(question)}\n{question}{answer}\n{labels}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _key_start(versions: str):
    return hashlib.sha256(f"card {versions}\n".encode())


class RenderCache:
    """A SQLite file of rendered cards; entries this build did not use are dropped at the end.

    New entries go into the file as they come, in a transaction that only a build
    that wrote its outputs commits, so a large build does not hold them in memory.
    """

    key = staticmethod(key)

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "cards.sqlite"
        # The keys this build used, kept in a temporary table of the database (a large
        # deck's are MB), here only while there is no database yet.
        self.used: set[str] = set()
        self.db: sqlite3.Connection | None = None
        self.created = False  # whether this build made the file (removed if not saved)
        self.made_folders: list[Path] = []  # the folders it made for it, innermost first
        if self.path.is_file():
            try:
                self.db = self._open()
            except (OSError, sqlite3.Error):
                self.db = None  # no cache this time: slower, never wrong

    def _open(self) -> sqlite3.Connection:
        for _ in range(2):
            db = sqlite3.connect(self.path)
            try:
                db.execute("CREATE TABLE IF NOT EXISTS cards (key TEXT PRIMARY KEY, entry BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS chunks (key TEXT PRIMARY KEY, entry BLOB)")
                db.execute("SELECT count(*) FROM cards").fetchone()
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                db.commit()
                return db
            except sqlite3.DatabaseError:  # not a database, or damaged: start again
                db.close()
                self.path.unlink(missing_ok=True)
        raise sqlite3.DatabaseError("cannot create the cache")

    def _lookup(self, table: str, keys: Iterable[str], decode, column: str = "entry") -> dict:
        """The entries of ``keys`` found, unsealed and decoded, marked used; with ``decode``
        None, only which keys are there (``column`` "NULL": nothing read or marked)."""
        wanted = list(dict.fromkeys(keys))
        found: dict = {}
        if self.db is None:
            return found
        try:
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, {column} FROM {table} WHERE key IN ({marks})"
                for entry_key, sealed in self.db.execute(query, batch):
                    if decode is None:
                        found[entry_key] = None
                        continue
                    data = _unsealed(entry_key, sealed)
                    entry = decode(data) if data is not None else None
                    if entry is not None:
                        found[entry_key] = entry
        except sqlite3.Error:
            return {}
        if decode is not None:
            self._mark(k for k in wanted if k in found)
        return found

    def has(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` have a card rendering (not read: a large deck's are many MB)."""
        return set(self._lookup("cards", keys, None, column="NULL"))

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The card renderings found for ``keys``, still packed (see :func:`unpack`)."""
        return self._lookup("cards", keys, lambda packed: packed)

    def put(self, entries: dict[str, bytes]) -> None:
        """Add entries made by :func:`pack` (packed where they were made: they are small)."""
        self._insert("cards", {key: (entry,) for key, entry in entries.items()})

    def has_chunks(self, texts: Iterable[str | None]) -> set[str]:
        """Which of ``texts`` (pieces of pages) have a parse kept (not read). Those are
        kept for the next build even if this one does not read them: a page whose cut
        was not safe is parsed whole, and its pieces are found (and cut) again next time."""
        keys = {_chunk_key(text): text for text in texts if text is not None}
        found = self._lookup("chunks", keys, None, column="NULL")
        self._mark(found)
        return {keys[k] for k in found}

    def get_chunks(self, texts: list[str]) -> dict[str, Chunk]:
        """Parsed pieces of pages, by their text."""
        keys = {_chunk_key(text): text for text in texts}
        found = self._lookup("chunks", keys, _decode_chunk)
        return {keys[k]: chunk for k, chunk in found.items()}

    def put_chunks(self, chunks: dict[str, Chunk]) -> None:
        self._insert(
            "chunks", {_chunk_key(text): (_encode_chunk(chunk),) for text, chunk in chunks.items()}
        )

    def _mark(self, keys: Iterable[str]) -> None:
        """Note ``keys`` as used by this build: ``close`` keeps their entries."""
        self.used.update(keys)
        if self.db is not None and self.used:
            try:
                rows = ((k,) for k in self.used)
                self.db.executemany("INSERT OR IGNORE INTO temp.used VALUES (?)", rows)
            except sqlite3.Error:
                self._drop()
            self.used.clear()

    def _insert(self, table: str, entries: dict[str, tuple]) -> None:
        """Add rows to ``table``: each key with its entry, sealed (see _seal)."""
        if not entries:
            return
        try:
            if self.db is None and not self.created:
                self.made_folders = [
                    p for p in (self.folder, *self.folder.parents) if not p.exists()
                ]
                self.folder.mkdir(parents=True, exist_ok=True)
                self.created = not self.path.exists()
                self.db = self._open()
            if self.db is not None:
                rows = [(key, _seal(key, entry)) for key, (entry,) in entries.items()]
                marks = ",".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
        except (OSError, sqlite3.Error):
            self._drop()
        self._mark(entries)

    def _drop(self) -> None:
        """Stop caching for this build (the file is locked, damaged or cannot be made)."""
        if self.db is not None:
            self.db.close()
            self.db = None
        self.created = True  # not to be tried again

    def close(self, save: bool = True) -> None:
        """Save the new entries and drop the ones this build did not use (if ``save``)."""
        if self.db is None:
            return
        try:
            if save:
                for table in ("cards", "chunks"):
                    self.db.execute(
                        f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM temp.used)"
                    )
                self.db.commit()
            else:
                self.db.rollback()
        except sqlite3.Error:
            pass  # the build is done either way
        finally:
            self.db.close()
            self.db = None
        if self.created and not save:  # leave no trace of a build that wrote nothing
            self.path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                for folder in self.made_folders:
                    folder.rmdir()  # only if nothing else is in it


# --- sealed entries -----------------------------------------------------------------
# The cache holds finished HTML, which a build puts in cards as it is. An output folder
# copied from someone else could carry HTML that never went through the sanitiser, so
# each entry is sealed with a key of this user's, kept outside every output folder: an
# entry whose seal does not hold is not used (the card is rendered again).

_SEAL = 16  # bytes of HMAC-SHA256 before each entry


@lru_cache(maxsize=1)
def _secret() -> bytes:
    """This user's key, made once; a key for this process only if none can be kept."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "deckgen"
    path = folder / "cache.key"
    try:
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(os.urandom(32))
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except OSError:
        pass
    return os.urandom(32)


def _seal(key: str, data: bytes) -> bytes:
    mac = hmac.new(_secret(), key.encode() + b"\0" + data, hashlib.sha256).digest()
    return mac[:_SEAL] + data


def _unsealed(key: str, sealed: object) -> bytes | None:
    if not isinstance(sealed, bytes) or len(sealed) < _SEAL:
        return None
    data = sealed[_SEAL:]
    expected = hmac.new(_secret(), key.encode() + b"\0" + data, hashlib.sha256).digest()
    return data if hmac.compare_digest(expected[:_SEAL], sealed[:_SEAL]) else None


def pack(entry: Entry) -> bytes:
    """An entry as the cache stores it: the rendering's fields and the media names,
    marshalled and compressed. ``marshal`` is Python's own format for its constants:
    the fastest to read back, and safe here because only sealed entries (written by
    this user's deckgen) are ever read, under keys that name this very code."""
    rendering, media = entry
    return zlib.compress(marshal.dumps((_fields_of(rendering), media)), 1)


def unpack(packed: bytes) -> Entry | None:
    """The entry ``pack`` made, or None if it is not one (damaged, or of another version)."""
    try:
        fields, media = marshal.loads(zlib.decompress(packed))
        if len(fields) != len(_FIELDS) or type(media) is not dict:
            return None
        return Rendering(*fields), media
    except (ValueError, TypeError, EOFError, zlib.error):
        return None


_FIELDS = [f.name for f in dataclasses.fields(Rendering)]
_fields_of = attrgetter(*_FIELDS)  # a rendering's fields, as one tuple


def _chunk_key(text: str) -> str:
    return hashlib.sha256(f"chunk {versions()}\n{text}".encode()).hexdigest()


def _encode_chunk(chunk: Chunk) -> bytes:
    fields = (
        chunk.text, chunk.origin, chunk.blocks, chunk.unclosed, chunk.definitions, chunk.open_end
    )  # fmt: skip
    return zlib.compress(marshal.dumps(fields), 1)  # marshal: see pack


def _decode_chunk(packed: bytes) -> Chunk | None:
    from .parse.document import Chunk

    try:
        fields = marshal.loads(zlib.decompress(packed))
        return Chunk(*fields) if len(fields) == 6 else None
    except (ValueError, TypeError, EOFError, zlib.error):
        return None

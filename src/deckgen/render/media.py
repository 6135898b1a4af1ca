"""Local images: resolved next to the markdown file, never outside its folder."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from urllib.parse import unquote

from ..model import Media

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+:")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


MAX_IMAGE_BYTES = 50_000_000  # an image larger than this is not a card's


def _digest(path: Path) -> str:
    """The SHA-256 of a file, read a piece at a time: a large file is not held whole."""
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while piece := data.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


class MediaRefused(Exception):
    """A local image that cannot be packaged; the message says why."""


class MediaMissing(MediaRefused):
    """A local image that is not there: the card is written with the reference as it is."""


def is_remote(src: str) -> bool:
    """An URL with a scheme (``https:``, ``data:``): left as it is, never fetched."""
    return _SCHEME.match(src) is not None


SEARCHED_FILES = 20_000  # a folder holding more than this is not searched for an image


class ByName:
    """Files under a folder found as Obsidian finds "![[diagram.png]]": by a name alone
    anywhere in the vault (the shortest path first, then in alphabetical order), or by a
    path from the vault's top ("![[attachments/diagram.png]]"). The folder is listed
    once, when an image is first not found, and not at all past SEARCHED_FILES files."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._files: dict[str, Path] | None = None

    def __call__(self, name: str) -> Path | None:
        if "/" in name or "\\" in name:
            path = (self.root / name).resolve()
            return path if path.is_file() else None
        if self._files is None:
            self._files = self._list()
        path = self._files.get(name)
        return path.resolve() if path is not None else None

    def _list(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        seen = 0
        for folder, folders, files in os.walk(self.root):
            folders[:] = sorted(f for f in folders if not f.startswith("."))  # .git, .obsidian
            seen += len(files)
            if seen > SEARCHED_FILES:
                return {}
            for name in files:
                path = Path(folder) / name
                known = found.get(name)
                if known is None or (len(path.parts), str(path)) < (len(known.parts), str(known)):
                    found[name] = path
        return found


def resolve(
    src: str, folder: Path, root: Path | None = None, by_name: ByName | None = None
) -> Media:
    """The packaged image for ``src``, a path relative to the markdown file's ``folder``,
    or, not there, the file ``by_name`` finds (given for "![[name.png]]" only).

    The file must lie inside ``root`` (default: ``folder``), symlinks followed.
    """
    relative = unquote(src)
    if Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise MediaRefused(
            f"image {relative} is an absolute path; use a path relative to the markdown file"
        )
    boundary = (root or folder).resolve()
    path = (folder.resolve() / relative).resolve()
    if not path.is_relative_to(boundary):
        where = "the markdown file's folder" if root in (None, folder) else f"the folder {root}"
        raise MediaRefused(
            f"image {relative} is outside {where}; "
            "move it into that folder (images outside it are never packaged)"
        )
    try:
        status = path.stat()
    except OSError:
        found = by_name(relative) if by_name is not None else None
        if found is None or not found.is_relative_to(boundary):
            message = f"image not found: {relative} (looked in {folder.resolve()})"
            raise MediaMissing(message) from None
        path, status = found, found.stat()
    if not stat.S_ISREG(status.st_mode):
        raise MediaRefused(f"image {relative} is not a regular file (a pipe or a device)")
    if status.st_size > MAX_IMAGE_BYTES:
        raise MediaRefused(
            f"image {relative} is {status.st_size / 1e6:.0f} MB, over the limit of "
            f"{MAX_IMAGE_BYTES / 1e6:.0f} MB for an image in a card; make it smaller"
        )
    digest = _digest(path)[:12]
    # Anki treats media names starting with "_" as template assets; avoid them.
    stem = _UNSAFE_NAME.sub("-", path.stem).strip("-_") or "image"
    return Media(src=src, path=path, name=f"{stem}-{digest}{path.suffix.lower()}")

"""Local images: resolved next to the markdown file, never outside its folder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

from ..model import Media

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+:")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


class MediaRefused(Exception):
    """A local image that cannot be packaged; the message says why."""


def is_remote(src: str) -> bool:
    """An URL with a scheme (``https:``, ``data:``): left as it is, never fetched."""
    return _SCHEME.match(src) is not None


def resolve(src: str, folder: Path, root: Path | None = None) -> Media:
    """The packaged image for ``src``, a path relative to the markdown file's ``folder``.

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
    if not path.is_file():
        raise MediaRefused(f"image not found: {relative} (looked in {folder.resolve()})")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    # Anki treats media names starting with "_" as template assets; avoid them.
    stem = _UNSAFE_NAME.sub("-", path.stem).strip("-_") or "image"
    return Media(src=src, path=path, name=f"{stem}-{digest}{path.suffix.lower()}")

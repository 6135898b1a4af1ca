"""Output files are replaced all at once or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; it becomes ``path`` if the block succeeds.

    An error, or a run that is killed, leaves the previous ``path`` as it was; the
    temporary files a killed run leaves are removed by the next one.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder} is a file, not a folder") from None
    except OSError as err:
        raise OutputError(f"cannot create the folder {folder}: {err.strerror}") from None
    if not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder")
    for stale in folder.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"cannot write into {folder}: {err.strerror}") from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        temp.chmod(0o666 & ~_umask())  # mkstemp makes the file private; outputs are not
        yield temp
        os.replace(temp, path)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)

"""Output formats. Each is a module with

- ``SUFFIX``;
- ``write(decks, path, previous)``: the notes of ``decks`` (see model.NoteDeck, GUIDs
  given) into ``path``; ``previous`` is the file the new one will replace (or None),
  for formats that carry state from one build to the next. What it returns is the
  build's to report (the .apkg: how its notes differ from the previous package's);
- ``count(path)``: how many cards a written file holds, read back from the file;
- optionally ``check(decks, options)``: warnings about what this format cannot show
  well, given only when the format is written (or checked).

Exporters know nothing of markdown: they write the HTML and text the render pass
made. The registry names modules rather than importing them, so a command imports
genanki (or anything heavy) only when it writes that format.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..files import replacing
from ..model import NoteDeck, Problem

if TYPE_CHECKING:
    from ..api import Options

FORMATS: dict[str, str] = {
    "apkg": "deckgen.export.apkg",
    "tsv": "deckgen.export.quizlet",
    "csv": "deckgen.export.anki_csv",
}


def exporter(name: str) -> ModuleType:
    """The module that writes format ``name``."""
    return importlib.import_module(FORMATS[name])


def output_path(deck_stem: str, name: str, out_dir: Path) -> Path:
    return out_dir / f"{deck_stem}{exporter(name).SUFFIX}"


def checks(decks: Sequence[NoteDeck], formats: Sequence[str], options: Options) -> list[Problem]:
    """The warnings of each format's own ``check``, for the formats named."""
    problems: list[Problem] = []
    for name in formats:
        check = getattr(exporter(name), "check", None)
        if check is not None:
            problems += check(decks, options)
    return problems


def export(decks: Sequence[NoteDeck], name: str, path: Path) -> Path:
    """Write the notes of ``decks`` to ``path`` in format ``name``, all or nothing.

    The file is written under a temporary name in the same folder, read back, and
    renamed into place, so an interrupted build leaves the previous file as it was.
    """
    with replacing(path) as temp:
        _write_checked(decks, name, temp, path)
    return path


def _write_checked(decks: Sequence[NoteDeck], name: str, temp: Path, path: Path) -> object:
    """Write ``temp`` (which is to become ``path``), then read it back: every card
    parsed must be in it. Returns what the writer returns."""
    module = exporter(name)
    result = module.write(decks, temp, path if path.is_file() else None)
    written, expected = module.count(temp), sum(len(deck.notes) for deck in decks)
    if written != expected:
        raise OutputError(
            f"{path} would hold {written} cards, not the {expected} parsed; "
            "the previous file is kept (please report this as a bug)"
        )
    return result


WRITE_APART_FROM = 2000  # fewer cards than this: a second process costs more than it saves


def export_all(
    decks: Sequence[NoteDeck],
    targets: Sequence[tuple[str, Path]],
    jobs: int = 1,
    progress: Callable[[Path, int, int], None] | None = None,
) -> dict[str, object]:
    """Write the same decks in several formats: (format name, path) each. Returns what
    each format's writer returned, by format name.

    The files of one build are replaced together: each is written under a temporary
    name and read back, and only when all of them are does any replace its previous
    file -- never some new and some old. With ``jobs`` > 1 and large decks, the first
    formats (the .apkg, slowest to write, comes first by default) are written by
    worker processes, one each, while this process writes the rest.
    ``progress(path, done, total)`` hears of each file as its writing starts.
    """
    from ..workers import Workers, can_fork

    report = progress or (lambda path, done, total: None)
    cards = sum(len(deck.notes) for deck in decks)
    apart_count = 0
    if jobs >= 2 and len(targets) >= 2 and cards >= WRITE_APART_FROM and can_fork():
        apart_count = min(jobs, len(targets)) - 1
    results: dict[str, object] = {}
    with contextlib.ExitStack() as replaced:
        temps = [replaced.enter_context(replacing(path)) for _, path in targets]
        work = [(name, temp, path) for (name, path), temp in zip(targets, temps, strict=True)]
        if not apart_count:
            for done, (name, temp, path) in enumerate(work):
                report(path, done, len(work))
                results[name] = _write_checked(decks, name, temp, path)
        else:
            from concurrent.futures import wait

            # The workers inherit the decks: nothing is pickled but names and paths.
            with Workers(apart_count, decks) as workers:
                futures = [workers.submit(_write_checked, *job) for job in work[:apart_count]]
                try:
                    for done, (name, temp, path) in enumerate(work[apart_count:], apart_count):
                        report(path, done, len(work))
                        results[name] = _write_checked(decks, name, temp, path)
                finally:
                    wait(futures)
                for (name, _, _), future in zip(work, futures, strict=False):
                    results[name] = future.result()  # the first error, once all are done
    return results

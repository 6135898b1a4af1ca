"""The library API and the one build path: read -> parse -> render -> export.

    import deckgen

    report = deckgen.build(["cards.md"], deckgen.Options(output_dir="out"))
    for problem in report.problems:
        print(problem)
    print(report.card_count, "cards ->", [str(w.path) for w in report.written])

``build``, ``check`` and ``preview`` read their inputs the same way and return a
``Report``; they raise ``DeckgenError`` only for what stops a build as a whole (two
inputs writing the same files, an output that cannot be written). Problems in the
inputs are in the report, with file and line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DeckgenError, InputError, ParseError
from .model import NoteDeck, Problem
from .parse import DEFAULT_MAX_BYTES
from .parse.front_matter import FileOptions

if TYPE_CHECKING:
    from .cache import RenderCache
    from .changes import Changes
    from .project import Source

FORMAT_NAMES = ("apkg", "tsv", "csv")

# (phase, file, done, total): "rendering", "cards.md", 2500, 10000
Progress = Callable[[str, str, int, int], None]


@dataclass(frozen=True)
class Options:
    """How to read the inputs and what to write; the defaults suit most people."""

    deck: str | None = None  # the deck name; for a folder, the name of the top deck
    dialect: str | None = None  # read every input in this format (default: detect)
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES  # refuse larger input files
    quizlet_limit: int = 1000  # warn about longer cards on a Quizlet line; 0: never
    jobs: int = 1  # processes for large files; 0: one per CPU
    # build and preview
    output_dir: Path | str = Path("output")
    name: str | None = None  # base name of the output files (default: the input's)
    # build
    formats: tuple[str, ...] = FORMAT_NAMES
    split: bool = False  # one set of files per input file
    keep_going: bool = False  # write the files that parse even when others have errors
    cache: bool = True  # reuse the renderings kept in the output folder
    # preview
    mathjax: Path | None = None  # a local MathJax script (default: the system's, if any)
    progress: Progress | None = field(default=None, compare=False)

    @property
    def processes(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass(frozen=True)
class Written:
    """One output file of a build, and how many cards it holds."""

    path: Path
    cards: int
    left_out: int = 0  # cards of its inputs that are not in it (see the warnings)


@dataclass(frozen=True)
class Report:
    """What a build, check or preview did: its decks, every problem, the files written."""

    decks: tuple[NoteDeck, ...]  # one per input file that gave cards, in input order
    problems: tuple[Problem, ...]  # sorted by file and line
    files: int  # how many input files were read
    written: tuple[Written, ...] = ()
    changes: Changes | None = None  # since the last package (build) or in Anki (sync)
    planned: tuple[str, ...] = ()  # what a sync does (or, dry run, would do)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def notes(self) -> tuple[Problem, ...]:
        """What a verbose run lists: text left out before the first card or after the last."""
        return tuple(p for p in self.problems if p.severity == "info")

    @property
    def card_count(self) -> int:
        return sum(len(deck.notes) for deck in self.decks)

    @property
    def left_out(self) -> int:
        """Cards left out with a warning: a question without an answer, and the like."""
        return sum(deck.left_out for deck in self.decks)


def build(inputs: Sequence[Path | str], options: Options = Options()) -> Report:
    """Read, check and write the inputs in ``options.formats``.

    Nothing is written when any input has an error, unless ``keep_going``: then the
    files that parsed are written and the report still holds the errors.
    """
    from .cache import FOLDER, RenderCache
    from .export import checks, export_all, output_path
    from .identity import with_guids

    output_dir = Path(options.output_dir)
    use_cache = options.cache and not output_dir.is_file()
    cache = RenderCache(output_dir / FOLDER) if use_cache else None
    wrote = False
    try:
        sources, decks, problems, files = _read(inputs, options, cache)
        problems += checks(decks, options.formats, options)
        report = Report(tuple(decks), _sorted(problems), files)
        if report.errors and not (options.keep_going and decks):
            return report
        groups = _groups(inputs, sources, decks, options)
        written, changes = [], []
        for stem, group in groups:
            targets = [(fmt, output_path(stem, fmt, output_dir)) for fmt in options.formats]
            count = sum(len(deck.notes) for deck in group)
            left_out = sum(deck.left_out for deck in group)
            group = with_guids(group)
            if "apkg" in options.formats:
                changes.append(_changes(group, output_path(stem, "apkg", output_dir)))
            for path in export_all(group, targets, options.processes):
                written.append(Written(path, count, left_out))
        wrote = True
        return Report(report.decks, report.problems, files, tuple(written), _merged(changes))
    finally:
        if cache:
            cache.close(save=wrote)  # renderings are kept only for a build that wrote


def sync(
    inputs: Sequence[Path | str],
    options: Options = Options(),
    *,
    collection: Path | str | None = None,
    ankiconnect: str | None = None,
    key: str | None = None,
    dry_run: bool = False,
    delete_removed: bool = False,
) -> Report:
    """Bring the notes of an Anki collection in step with the inputs (see deckgen.ankisync).

    Into the collection file ``collection`` (Anki closed), else into the running Anki
    through AnkiConnect at ``ankiconnect`` (default http://127.0.0.1:8765). Nothing is
    changed when an input has an error, or with ``dry_run``. The report's ``changes``
    are against the collection; ``planned`` says what was (or would be) done.
    """
    from . import ankisync as syncing
    from .identity import with_guids

    _, decks, problems, files = _read(inputs, options, None)
    report = Report(tuple(decks), _sorted(problems), files)
    if report.errors:
        return report
    decks = with_guids(decks)
    if collection is not None:
        from .ankisync.collection import CollectionFile

        target = str(Path(collection).resolve())
        backend: syncing.Backend = CollectionFile(Path(collection))
    else:
        from .ankisync.ankiconnect import DEFAULT_URL, AnkiConnect

        target = ankiconnect or DEFAULT_URL
        backend = AnkiConnect(target, key)
    record = syncing.state_path(Path(options.output_dir), target)
    try:
        plan = syncing.plan(
            decks, backend.deckgen_notes(), syncing.load_state(record), delete_removed
        )
        if not dry_run:
            syncing.apply(plan, backend, [deck.name for deck in decks])
            syncing.save_state(record, plan.state)
    finally:
        backend.close()
    return Report(
        report.decks, report.problems, files, changes=plan.changes, planned=tuple(plan.steps())
    )


def _changes(decks: list[NoteDeck], package: Path) -> Changes:
    """What writing ``decks`` changes, against the package it replaces."""
    from .changes import against
    from .export.apkg import stored_notes

    return against(decks, stored_notes(package) if package.is_file() else {})


def _merged(parts: list[Changes]) -> Changes | None:
    from .changes import Changes

    if not parts:
        return None
    return Changes(
        tuple(c for part in parts for c in part.added),
        tuple(c for part in parts for c in part.changed),
        sum(part.unchanged for part in parts),
        tuple(c for part in parts for c in part.removed),
    )


def check(inputs: Sequence[Path | str], options: Options = Options()) -> Report:
    """Read and check the inputs as ``build`` would, for every format; write nothing."""
    from .export import FORMATS, checks

    _, decks, problems, files = _read(inputs, options, None)
    problems += checks(decks, tuple(FORMATS), options)
    return Report(tuple(decks), _sorted(problems), files)


def preview(inputs: Sequence[Path | str], options: Options = Options()) -> Report:
    """Write one HTML page of every card of the inputs, as Anki will show them.

    Nothing is written when any input has an error.
    """
    from .identity import with_guids

    # Not `from . import preview`: the package's lazy `preview` (this function) would
    # answer for the module when it is not imported yet.
    from .preview import SUFFIX, find_mathjax, page, write
    from .project import output_name

    _, decks, problems, files = _read(inputs, options, None)
    report = Report(tuple(decks), _sorted(problems), files)
    if report.errors:
        return report
    name = _checked_name(options.name) or output_name([Path(p) for p in inputs])
    html = page(with_guids(decks), report.problems, name, find_mathjax(options.mathjax))
    path = write(html, Path(options.output_dir) / f"{name}{SUFFIX}")
    return Report(report.decks, report.problems, files, (Written(path, report.card_count),))


def _read(
    inputs: Sequence[Path | str], options: Options, cache: RenderCache | None
) -> tuple[list[Source], list[NoteDeck], list[Problem], int]:
    """Read, parse and render every input file; a file with an error gives no deck.

    Never stops at a bad file: its problems are in the result, so a caller can
    report everything at once, or build the rest.
    """
    from .identity import duplicate_problems
    from .parse import parse_file
    from .project import config_for, sources
    from .render import render_deck
    from .render.ahead import Ahead

    files, problems = sources([Path(p) for p in inputs])
    found: list[tuple[Source, NoteDeck]] = []
    configs: dict[Path, tuple] = {}  # read once a build for each folder
    for source in files:
        folder = source.path.parent.resolve()
        if folder not in configs:
            configs[folder] = config_for(folder)
            problems += configs[folder][1]
        config = configs[folder][0]
        folder_deck = source.folder_deck(options.deck or config.deck)
        defaults = FileOptions(deck=folder_deck).over(config) if folder_deck else config
        path = str(source.path)
        ahead = Ahead(options.processes)
        try:
            deck = parse_file(
                source.path,
                None if folder_deck else options.deck,
                encoding=options.encoding,
                max_bytes=options.max_bytes,
                dialect=options.dialect,
                defaults=defaults,
                source_name=source.relative.as_posix(),
                jobs=options.processes,
                chunks=cache,
                code_found=ahead.start,
            )
        except ParseError as err:
            problems += err.problems
            continue
        except InputError as err:
            problems.append(Problem(err.pos, err.message))
            continue
        finally:
            highlighted = ahead.finish()
        problems += deck.warnings
        notes, found_problems = render_deck(
            deck,
            media_root=source.root,
            cache=cache,
            jobs=options.processes,
            progress=_for_file(options.progress, "rendering", path),
            highlighted=highlighted,
        )
        problems += found_problems
        if not any(p.severity == "error" for p in found_problems):
            found.append((source, notes))
    decks = [deck for _, deck in found]
    problems += duplicate_problems(decks)
    return [source for source, _ in found], decks, problems, len(files)


def _for_file(progress: Progress | None, phase: str, path: str):
    if progress is None:
        return None
    return lambda done, total: progress(phase, path, done, total)


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    """Problems once each, by file, then line."""
    return tuple(sorted(dict.fromkeys(problems), key=by_position))


def by_position(problem: Problem) -> tuple[str, int]:
    """Sort key: problems by file, then line."""
    return (problem.pos.path, problem.pos.line) if problem.pos else ("", 0)


def _checked_name(name: str | None) -> str | None:
    """``--name``: a file name, never a path that could lead out of the output folder."""
    if name is not None and (
        not name.strip() or name in (".", "..") or any(sep in name for sep in "/\\\0")
    ):
        raise DeckgenError(
            f"--name {name!r} is not a file name: give a name without / or \\, such as 'cards'"
        )
    return name


def _groups(
    inputs: Sequence[Path | str], sources: list[Source], decks: list[NoteDeck], options: Options
) -> list[tuple[str, list[NoteDeck]]]:
    """(output base name, decks) for each set of files to write."""
    from .project import output_name, split_name

    _checked_name(options.name)
    if not options.split:
        return [(options.name or output_name([Path(p) for p in inputs]), decks)]
    groups = [(split_name(s), [d]) for s, d in zip(sources, decks, strict=True)]
    stems = [stem for stem, _ in groups]
    for stem in dict.fromkeys(s for s in stems if stems.count(s) > 1):
        paths = [str(src.path) for (s, _), src in zip(groups, sources, strict=True) if s == stem]
        raise DeckgenError(
            f"{' and '.join(paths)} would both write {stem}.*; build them separately or use --name"
        )
    return groups

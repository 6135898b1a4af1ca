"""The library API and the one build path: read -> parse -> render -> export.

    import deckgen

    report = deckgen.build(["cards.md"], deckgen.Options(output_dir="out"))
    for problem in report.problems:
        print(problem)
    print(report.card_count, "cards ->", [str(w.path) for w in report.written])

``build``, ``check`` and ``preview`` read their inputs the same way and return a
``Report``; they raise ``DeckgenError`` only for what stops a build as a whole (two
inputs writing the same files, an output that cannot be written, options that cannot
go together: ``OptionsError``). Problems in the inputs are in the report, with file
and line. An input ``"-"`` is standard input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DeckgenError, InputError, OptionsError, ParseError
from .model import NoteDeck, Problem
from .parse import DEFAULT_MAX_BYTES
from .parse.front_matter import FileOptions

if TYPE_CHECKING:
    from .cache import RenderCache
    from .changes import Changes
    from .export.apkg import Delta
    from .project import Source

FORMAT_NAMES = ("apkg", "tsv", "csv")

# (phase, file, done, total), in this order for each input file:
#   "reading", "cards.md", 0, 3     the first of 3 input files (done: files read before it)
#   "parsing", "cards.md", 0, 3
#   "rendering", "cards.md", 2500, 10000   cards rendered, of the file's cards
# then for each file written (build, preview), or the collection synced:
#   "writing", "output/cards.apkg", 0, 3   the first of 3 output files
#   "syncing", "collection.anki2", 0, 1
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
    # build and preview: a folder, or one file whose suffix names its format
    # (out/deck.apkg; out/page.html for preview); a folder that exists stays a folder
    output_dir: Path | str = Path("output")
    name: str | None = None  # base name of the output files (default: the input's)
    # build
    formats: tuple[str, ...] = ()  # default: all three, or the one output_dir names
    split: bool = False  # one set of files per input file
    keep_going: bool = False  # write the files that parse even when others have errors
    cache: bool = True  # reuse the renderings kept in the output folder
    # preview
    mathjax: Path | None = None  # a local MathJax script (default: the system's, if any)
    progress: Progress | None = field(default=None, compare=False)

    @cached_property
    def processes(self) -> int:
        """``jobs``, or for 0 one per CPU this process may use (see workers.available)."""
        from .workers import available

        return self.jobs or available()


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

    output_dir, name, formats, file = _build_outputs(options)
    _checked_name(options.name)
    use_cache = options.cache and not output_dir.is_file()
    cache = RenderCache(output_dir / FOLDER) if use_cache else None
    wrote = False
    try:
        sources, decks, problems, files = _read(inputs, options, cache, name)
        problems += checks(decks, formats, options)
        report = Report(tuple(decks), _sorted(problems), files)
        if report.errors and not (options.keep_going and decks):
            return report
        groups = _groups(inputs, sources, decks, name, options.split)
        written, changes = [], []
        writing = _progress(options.progress, "writing")
        for stem, group in groups:
            targets = [(fmt, file or output_path(stem, fmt, output_dir)) for fmt in formats]
            count = sum(len(deck.notes) for deck in group)
            left_out = sum(deck.left_out for deck in group)
            group = with_guids(group)
            results = export_all(group, targets, options.processes, writing)
            written += [Written(path, count, left_out) for _, path in targets]
            if "apkg" in results:
                changes.append(_changes(group, results["apkg"]))
        wrote = True
        return Report(report.decks, report.problems, files, tuple(written), _merged(changes))
    finally:
        if cache:
            cache.close(save=wrote)  # renderings are kept only for a build that wrote


def _output_file(path: Path, suffixes: dict[str, str]) -> str | None:
    """The format ``path`` names as one file by its suffix (``deck.apkg``: "apkg"), or
    None when it is a folder: no such suffix, or a folder that already exists."""
    if path.is_dir():
        return None
    return suffixes.get(path.suffix.lower())


def _build_outputs(
    options: Options,
) -> tuple[Path, str | None, tuple[str, ...], Path | None]:
    """Where a build writes: (folder, base name or None for the input's, formats, and
    the one file to write when ``output_dir`` names one)."""
    from .export import FORMATS, exporter
    from .page import SUFFIX as PAGE_SUFFIX

    path = Path(options.output_dir)
    suffixes = {exporter(name).SUFFIX: name for name in FORMATS}
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise OptionsError(f"unknown format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    fmt = _output_file(path, suffixes)
    if fmt is None:
        if not path.is_dir() and path.suffix.lower() == PAGE_SUFFIX:
            raise OptionsError(
                f"-o {path} names a page, which 'deckgen preview' writes; a build writes "
                f"{', '.join(suffixes)} files: give -o a folder or a file with one of those"
            )
        return path, options.name, options.formats or FORMAT_NAMES, None
    if options.formats and set(options.formats) != {fmt}:
        asked = " and ".join(dict.fromkeys(options.formats))
        raise OptionsError(
            f"-o {path} is one .{fmt} file, but -f asks for {asked}: drop -f, or give -o a folder"
        )
    if options.split:
        raise OptionsError(
            f"--split writes one set of files per input, and -o {path} is one file: "
            "give -o a folder"
        )
    if options.name is not None and options.name != path.stem:
        raise OptionsError(f"--name {options.name} and -o {path} both name the output: drop --name")
    return path.parent, path.stem, (fmt,), path


def _page_output(options: Options, inputs: Sequence[Path | str]) -> Path:
    """The page a preview writes: ``-o page.html`` itself, else NAME.html in the folder."""
    from .export import FORMATS, exporter
    from .page import SUFFIX
    from .project import output_name

    path = Path(options.output_dir)
    if _output_file(path, {SUFFIX: "html"}):
        return path
    if not path.is_dir() and _output_file(path, {exporter(n).SUFFIX: n for n in FORMATS}):
        raise OptionsError(
            f"-o {path} names a {path.suffix} file, which 'deckgen build' writes; a preview "
            f"is an HTML page: give -o a folder or a file named *{SUFFIX}"
        )
    name = _checked_name(options.name) or output_name(list(inputs))
    return path / f"{name}{SUFFIX}"


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
    if options.progress:
        options.progress("syncing", target, 0, 1)
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


def _changes(decks: list[NoteDeck], delta: Delta) -> Changes:
    """The report of what the .apkg's notes changed (see export.apkg.Delta)."""
    from .changes import Card, Changes, gone, short

    added, changed, unchanged = [], [], 0
    for deck in decks:
        for note, guid in zip(deck.notes, deck.guids, strict=True):
            if delta.new is None or guid in delta.new:
                added.append(Card(short(note.question_text), deck.deck_of(note), note.card.pos))
            elif guid in delta.changed:
                changed.append(Card(short(note.question_text), deck.deck_of(note), note.card.pos))
            else:
                unchanged += 1
    return Changes(tuple(added), tuple(changed), unchanged, tuple(map(gone, delta.removed)))


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
    from .page import find_mathjax, page, write

    path = _page_output(options, inputs)
    _, decks, problems, files = _read(inputs, options, None, path.stem)
    report = Report(tuple(decks), _sorted(problems), files)
    if report.errors:
        return report
    name = path.stem
    html = page(with_guids(decks), report.problems, name, find_mathjax(options.mathjax))
    if options.progress:
        options.progress("writing", str(path), 0, 1)
    path = write(html, path)
    return Report(report.decks, report.problems, files, (Written(path, report.card_count),))


def _read(
    inputs: Sequence[Path | str],
    options: Options,
    cache: RenderCache | None,
    output_name: str | None = None,
) -> tuple[list[Source], list[NoteDeck], list[Problem], int]:
    """Read, parse and render every input file; a file with an error gives no deck.

    A page from standard input that names no deck is named after the outputs
    (``output_name``, else ``options.name``, else "stdin").

    Never stops at a bad file: its problems are in the result, so a caller can
    report everything at once, or build the rest.
    """
    from .identity import duplicate_problems
    from .parse import parse_text, read_stdin, read_text
    from .project import STDIN_STEM, config_for, sources
    from .render import render_deck
    from .render.ahead import Ahead
    from .render.media import ByName

    files, problems = sources(list(inputs))
    found: list[tuple[Source, NoteDeck]] = []
    configs: dict[Path, tuple] = {}  # read once a build for each folder
    by_name: dict[Path, ByName] = {}  # the files under each media root, listed once a build
    report = options.progress or (lambda phase, path, done, total: None)
    stdin_deck = output_name or options.name or STDIN_STEM
    for index, source in enumerate(files):
        folder = source.folder.resolve()
        if folder not in configs:
            configs[folder] = config_for(folder)
            problems += configs[folder][1]
        config = configs[folder][0]
        folder_deck = source.folder_deck(options.deck or config.deck)
        defaults = FileOptions(deck=folder_deck).over(config) if folder_deck else config
        path = source.name
        ahead = Ahead(options.processes)
        try:
            report("reading", path, index, len(files))
            if source.stdin:
                text = read_stdin(options.encoding, options.max_bytes)
            else:
                text = read_text(source.path, options.encoding, options.max_bytes)
            report("parsing", path, index, len(files))
            deck = parse_text(
                text,
                path,
                None if folder_deck else options.deck,
                dialect=options.dialect,
                defaults=defaults,
                source_name=source.relative.as_posix(),
                jobs=options.processes,
                chunks=cache,
                code_found=ahead.start,
                default_deck=stdin_deck if source.stdin else None,
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
        del text  # a large page: one copy (the deck's) is enough
        media_root = source.root or (source.folder if source.stdin else None)
        root = (media_root or Path(deck.source).parent).resolve()
        notes, found_problems = render_deck(
            deck,
            media_root=media_root,
            by_name=by_name.setdefault(root, ByName(root)),
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


def _progress(progress: Progress | None, phase: str):
    """``progress`` for files written: (path, done, total) each."""
    if progress is None:
        return None
    return lambda path, done, total: progress(phase, str(path), done, total)


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
    inputs: Sequence[Path | str],
    sources: list[Source],
    decks: list[NoteDeck],
    name: str | None,
    split: bool,
) -> list[tuple[str, list[NoteDeck]]]:
    """(output base name, decks) for each set of files to write."""
    from .project import output_name, split_name

    if not split:
        return [(name or output_name(list(inputs)), decks)]
    groups = [(split_name(s), [d]) for s, d in zip(sources, decks, strict=True)]
    stems = [stem for stem, _ in groups]
    for stem in dict.fromkeys(s for s in stems if stems.count(s) > 1):
        paths = [str(src.path) for (s, _), src in zip(groups, sources, strict=True) if s == stem]
        raise DeckgenError(
            f"{' and '.join(paths)} would both write {stem}.*; build them separately or use --name"
        )
    return groups

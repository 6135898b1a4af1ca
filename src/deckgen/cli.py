"""The ``deckgen`` command: arguments in, one library call, messages and exit codes out."""

from __future__ import annotations

import codecs
import dataclasses
import functools
import gc
import json
from dataclasses import dataclass
from pathlib import Path

import click

from .errors import DeckgenError

# The keys of deckgen.export.FORMATS and deckgen.parse.DIALECTS, written out so that
# `deckgen --help` need not import the exporters and the parser (a test keeps them equal).
FORMAT_NAMES = ("apkg", "tsv", "csv")
DIALECT_NAMES = ("sections", "labels", "table", "headings")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="deckgen-md", prog_name="deckgen")
def cli() -> None:
    """Turn markdown flashcards into an Anki package, a Quizlet TSV and an Anki CSV."""


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


@dataclass(frozen=True)
class Reading:
    """The inputs and the reading options every command takes, from the command line."""

    inputs: tuple[Path, ...]
    deck_name: str | None
    dialect: str | None
    encoding: str
    max_size: float
    quizlet_limit: int
    jobs: int  # 0: one per CPU

    @property
    def processes(self) -> int:
        import os

        return self.jobs or os.cpu_count() or 1

    @property
    def default_name(self) -> str:
        """The base name of the output files: the input's name."""
        from .project import output_name

        return output_name(list(self.inputs))

    def load(self, cache=None):
        """Read and check the inputs (a progress line on a terminal meanwhile)."""
        from .project import ReadOptions, load

        progress = Progress()
        read = ReadOptions(
            self.encoding,
            int(self.max_size * 1_000_000),
            self.quizlet_limit,
            self.processes,
            cache,
            progress,
        )
        try:
            return load(
                list(self.inputs), deck_name=self.deck_name, dialect=self.dialect, read=read
            )
        finally:
            progress.clear()


def reading_options(command):
    """The inputs and options every command shares, given to it as one ``reading``."""

    @functools.wraps(command)
    def with_reading(**params):
        names = [field.name for field in dataclasses.fields(Reading)]
        reading = Reading(**{name: params.pop(name) for name in names})
        return command(reading=reading, **params)

    options = [
        click.argument(
            "inputs",
            metavar="INPUT",
            nargs=-1,
            required=True,
            type=click.Path(exists=True, path_type=Path),
        ),
        click.option(
            "--deck",
            "deck_name",
            help="Deck name (default: front matter, the page's deck heading, else the file "
            "name). For a folder: the name of the top deck.",
        ),
        click.option(
            "--dialect",
            type=click.Choice(DIALECT_NAMES),
            help="Read every input in this format instead of detecting it per file.",
        ),
        click.option(
            "--encoding",
            default="utf-8",
            show_default=True,
            callback=_check_encoding,
            help="Text encoding of the inputs, for legacy files (e.g. cp1252, euc-kr).",
        ),
        click.option(
            "--max-size",
            type=click.FloatRange(min=0.001),
            default=50.0,
            show_default=True,
            help="Refuse input files larger than this many MB.",
        ),
        click.option(
            "--quizlet-limit",
            type=click.IntRange(min=0),
            default=1000,
            show_default=True,
            help="Warn about cards longer than this many characters on one Quizlet line "
            "(0: never).",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=0,
            help="Processes for large files (default 0: one per CPU; 1: no workers).",
        ),
    ]
    for option in reversed(options):
        with_reading = option(with_reading)
    return with_reading


class Progress:
    """A progress line on stderr: only on a terminal, and only once a build takes a second."""

    def __init__(self, stream=None, delay: float = 1.0) -> None:
        import sys
        import time

        self.stream = stream or sys.stderr
        self.clock = time.monotonic
        self.start = self.clock()
        self.delay = delay
        self.shown = False
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, path: str, done: int, total: int) -> None:
        if not self.enabled or self.clock() - self.start < self.delay:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{path}: [{bar}] {done}/{total} cards")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def output_dir_option(what: str):
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(path_type=Path),
        default=Path("output"),
        show_default=True,
        help=f"Folder for {what} (created if missing).",
    )


@cli.command()
@reading_options
@output_dir_option("the output files")
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(FORMAT_NAMES),
    multiple=True,
    help="Write only this format; repeat for several. Default: all three.",
)
@click.option("--split", is_flag=True, help="Write one set of files per input file.")
@click.option("--name", help="Base name of the output files (default: the input's name).")
@click.option(
    "--keep-going", is_flag=True, help="Build the files that parse even if others have errors."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every card again instead of reusing the renderings kept in the output "
    "folder (.deckgen-cache).",
)
@click.option("-v", "--verbose", is_flag=True, help="Say which format each file was read as.")
def build(
    reading: Reading,
    output_dir: Path,
    formats: tuple[str, ...],
    split: bool,
    name: str | None,
    keep_going: bool,
    no_cache: bool,
    verbose: bool,
) -> None:
    """Build INPUT (markdown files or folders of them) into output/NAME.apkg, .tsv and .csv.

    A folder gives every *.md below it, in one deck per file named after its path
    (notes/python/basics.md -> notes::python::basics).
    """
    from . import rebuild
    from .cache import FOLDER, RenderCache

    cache = None if no_cache or output_dir.is_file() else RenderCache(output_dir / FOLDER)
    formats = formats or FORMAT_NAMES
    job = _one_file_job(reading, formats, output_dir, name) if cache and not split else None
    wrote, code = False, 1
    try:
        if job and (rebuilt := rebuild.rebuild(cache, job)):
            _report_rebuilt(rebuilt, job, verbose)
            wrote, code = True, 0
            return
        result = reading.load(cache)
        for problem in result.problems:
            click.echo(str(problem), err=True)
        if result.errors and not (keep_going and result.decks):
            click.echo(f"Error: {_summary(result)}; nothing written", err=True)
        else:
            if verbose:
                _describe(result)
            groups = _groups(result, split, name or reading.default_name)
            wrote, code = _write(groups, result, formats, output_dir, reading.processes)
            if job and code == 0 and len(result.decks) == 1:
                rebuild.remember(cache, job, result.decks[0], result.problems)
    finally:
        if cache:
            cache.close(save=wrote)  # renderings are kept only for a build that wrote
    if code:
        raise SystemExit(code)


def _one_file_job(reading: Reading, formats, output_dir: Path, name: str | None):
    """A build of one file, which the next build may redo a card at a time."""
    from .export import output_path
    from .rebuild import Job

    if len(reading.inputs) != 1 or not reading.inputs[0].is_file():
        return None
    stem = name or reading.default_name
    return Job(
        reading.inputs[0], reading.deck_name, reading.dialect, reading.encoding,
        int(reading.max_size * 1_000_000), reading.quizlet_limit,
        tuple((fmt, output_path(stem, fmt, output_dir)) for fmt in formats),
    )  # fmt: skip


def _report_rebuilt(rebuilt, job, verbose: bool) -> None:
    for problem in rebuilt.problems:
        click.echo(str(problem), err=True)
    count = _cards(rebuilt.card_count)
    if verbose:
        click.echo(f"{job.path}: sections format, {count}, deck {rebuilt.deck!r}", err=True)
    for path in rebuilt.paths:
        click.echo(f"{count} -> {path}")


def _describe(result) -> None:
    for source, deck in zip(result.sources, result.decks, strict=True):
        cards = _cards(len(deck.cards))
        click.echo(f"{source.path}: {deck.dialect} format, {cards}, deck {deck.name!r}", err=True)


def _groups(result, split: bool, name: str) -> list:
    """(output base name, decks) for each set of files to write."""
    from .project import split_name

    if split:
        return [(split_name(s), [d]) for s, d in zip(result.sources, result.decks, strict=True)]
    return [(name, list(result.decks))]


def _write(groups, result, formats, output_dir: Path, processes: int) -> tuple[bool, int]:
    """Write every output; (whether all were written, exit code)."""
    from .export import export_all, output_path

    try:
        _check_unique(groups, result.sources)
        for stem, decks in groups:
            count = _cards(sum(len(deck.cards) for deck in decks))
            targets = [(name, output_path(stem, name, output_dir)) for name in formats]
            for path in export_all(decks, targets, processes):
                click.echo(f"{count} -> {path}")
    except DeckgenError as err:
        click.echo(f"Error: {err}", err=True)
        return False, 1
    if result.errors:
        failed = len({p.pos.path for p in result.errors if p.pos})
        click.echo(f"Error: {_summary(result)}; {failed} file(s) left out", err=True)
        return True, 1
    return True, 0


@cli.command()
@reading_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="How to print the problems: lines for people, JSON for editors and CI.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def check(
    reading: Reading,
    output_format: str,
    strict: bool,
) -> None:
    """Check INPUT (markdown files or folders) and list every problem; writes nothing.

    Exit 0 when there is no error (and, with --strict, no warning), else 1.
    """
    result = reading.load()
    if output_format == "json":
        report = {
            "files": result.files,
            "cards": result.card_count,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "problems": [
                {
                    "path": p.pos.path if p.pos else None,
                    "line": p.pos.line if p.pos else None,
                    "level": p.severity,
                    "message": p.message,
                }
                for p in result.problems
            ],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for problem in result.problems:
            click.echo(str(problem))
        click.echo(f"{_summary(result)}; {_cards(result.card_count)}")
    if result.errors or (strict and result.warnings):
        raise SystemExit(1)


@cli.command()
@reading_options
@output_dir_option("the page")
@click.option(
    "--mathjax",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="DECKGEN_MATHJAX",
    help="A local MathJax script (MathJax.js or tex-svg.js) to typeset math with. "
    "Default: a system-wide MathJax if one is installed; else math shows as written.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
def preview(
    reading: Reading,
    output_dir: Path,
    mathjax: Path | None,
    open_page: bool,
) -> None:
    """Write every card of INPUT to output/NAME.html, as Anki will show it.

    One page, no network needed: front and back of each card with the .apkg's own HTML
    and CSS, a light/dark switch, a search box, and each card's file:line, deck, tags
    and warnings.
    """
    from . import preview as pages

    result = reading.load()
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if result.errors:
        click.echo(f"Error: {_summary(result)}; nothing written", err=True)
        raise SystemExit(1)
    name = reading.default_name
    try:
        html = pages.page(result.decks, result.problems, name, pages.find_mathjax(mathjax))
        path = pages.write(html, output_dir / f"{name}{pages.SUFFIX}")
    except DeckgenError as err:
        click.echo(f"Error: {err}", err=True)
        raise SystemExit(1) from None
    click.echo(f"{_cards(result.card_count)} -> {path}")
    if open_page:
        click.launch(str(path))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _cards(count: int) -> str:
    return _plural(count, "card")


def _summary(result) -> str:
    errors, warnings = (
        _plural(len(result.errors), "error"),
        _plural(len(result.warnings), "warning"),
    )
    return f"{errors}, {warnings} in {_plural(result.files, 'file')}"


def _check_unique(groups, sources) -> None:
    stems = [stem for stem, _ in groups]
    for stem in dict.fromkeys(s for s in stems if stems.count(s) > 1):
        paths = [str(src.path) for (s, _), src in zip(groups, sources, strict=True) if s == stem]
        raise DeckgenError(
            f"{' and '.join(paths)} would both write {stem}.*; build them separately or use --name"
        )


def main() -> None:
    # A build makes millions of small objects and keeps most of them to the end, so
    # the cyclic collector's frequent full passes find little: let it run less often.
    gc.set_threshold(50_000, 20, 20)
    cli()

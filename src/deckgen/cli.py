"""The ``deckgen`` command: arguments in, one library call, messages and exit codes out."""

from __future__ import annotations

import codecs
import functools
import gc
import json
from pathlib import Path
from typing import NoReturn, TextIO

import click

from .errors import DeckgenError, OptionsError

# The keys of deckgen.export.FORMATS and deckgen.parse.DIALECTS, written out so that
# `deckgen --help` need not import the exporters and the parser (a test keeps them equal).
FORMAT_NAMES = ("apkg", "tsv", "csv")
DIALECT_NAMES = ("sections", "labels", "table", "headings")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="deckgen-md", prog_name="deckgen")
def cli() -> None:
    """Turn markdown flashcards into an Anki package, a Quizlet TSV and an Anki CSV.

    Shell completion: eval "$(_DECKGEN_COMPLETE=bash_source deckgen)" in ~/.bashrc
    (zsh_source in ~/.zshrc; fish_source for fish).
    """


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


def _options(params: dict) -> dict:
    """The reading options every command shares, as keyword arguments of api.Options."""
    return {
        "deck": params.pop("deck_name"),
        "dialect": params.pop("dialect"),
        "encoding": params.pop("encoding"),
        "max_bytes": int(params.pop("max_size") * 1_000_000),
        "quizlet_limit": params.pop("quizlet_limit"),
        "jobs": params.pop("jobs"),
    }


def reading_options(command):
    """The inputs and options every command shares, given to it as ``inputs`` and
    ``reading`` (keyword arguments of api.Options)."""

    @functools.wraps(command)
    def with_reading(**params):
        reading = _options(params)
        return command(reading=reading, **params)

    options = [
        # Kept as given (not made a Path) so that ./- stays a file named "-".
        click.argument(
            "inputs",
            metavar="INPUT",
            nargs=-1,
            required=True,
            type=click.Path(exists=True, allow_dash=True),
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
    """Each phase of a run on stderr with click's progress bar ("reading cards.md",
    "rendering cards.md [####    ] 2500/10000"): only on a terminal, never in a pipe."""

    def __init__(self, stream: TextIO | None = None) -> None:
        import sys

        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.key: tuple[str, str] | None = None
        self.bar = None
        self.last = ""  # "parsing cards.md": where a run was, should it fail

    def __call__(self, phase: str, path: str, done: int, total: int) -> None:
        self.last = f"{path}: while {phase}"
        if not self.enabled:
            return
        if self.key != (phase, path):
            self.clear()
            self.key = (phase, path)
            self.bar = click.progressbar(
                length=max(total, 1),
                label=f"{phase} {_fitted(path, _terminal_width() - 50 - len(phase))}",
                file=self.stream,
                show_pos=total > 1,
                show_percent=False,
                show_eta=phase == "rendering",
                width=20,
            )
        if done > self.bar.pos:
            self.bar.update(done - self.bar.pos)
        else:
            self.bar.render_progress()

    def clear(self) -> None:
        """Take the bar off the screen (and show the cursor click's bar hides)."""
        if self.bar is not None:
            self.stream.write("\r\033[K\033[?25h")
            self.stream.flush()
            self.bar = self.key = None


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _fitted(path: str, room: int) -> str:
    """The path, cut at its start to fit on the line with its bar (it keeps its end)."""
    room = max(room, 12)
    return path if len(path) <= room else "..." + path[len(path) - room + 3 :]


def output_dir_option(what: str, metavar: str = "DIR", file: str = ""):
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(path_type=Path),
        default=Path("output"),
        show_default=True,
        metavar=metavar,
        help=f"Folder for {what} (created if missing).{file}",
    )


WATCH_HELP = (
    "{what} again each time an input file is saved, with a line on what changed; Ctrl-C ends it."
)


@cli.command()
@reading_options
@output_dir_option(
    "the output files",
    "DIR|FILE",
    " Or one file, NAME.apkg, NAME.tsv or NAME.csv, written in that format alone (the "
    "cache kept beside it). A folder that exists stays a folder, whatever its name.",
)
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
@click.option("--watch", is_flag=True, help=WATCH_HELP.format(what="Build"))
def build(
    inputs: tuple[str, ...],
    reading: dict,
    output_dir: Path,
    formats: tuple[str, ...],
    split: bool,
    name: str | None,
    keep_going: bool,
    no_cache: bool,
    verbose: bool,
    watch: bool,
) -> None:
    """Build INPUT (markdown files or folders of them) into output/NAME.apkg, .tsv and .csv.

    A folder gives every *.md and *.markdown below it, in one deck per file named after
    its path (notes/python/basics.md -> notes::python::basics). INPUT - reads the page
    from standard input (outputs named stdin unless --name).
    """
    from . import api

    options = api.Options(
        **reading,
        output_dir=output_dir,
        formats=formats,
        split=split,
        name=name,
        keep_going=keep_going,
        cache=not no_cache,
    )

    def once(brief: bool = False) -> None:
        report = _run(api.build, inputs, options)
        _print_problems(report, verbose)
        if report.errors and not report.written:
            _fail(f"{_summary(report)}; nothing written")
        if brief:  # --watch, after the first build: a line a save
            files = ", ".join(str(w.path) for w in report.written)
            click.echo(f"{_now()} {_cards(report.card_count)} -> {files}; {_brief(report)}")
            _print_changes(report.changes, verbose, only_lists=True)
            return
        if verbose:
            _describe(report)
        for written in report.written:
            left_out = f" ({written.left_out} left out)" if written.left_out else ""
            click.echo(f"{_cards(written.cards)}{left_out} -> {written.path}")
        _print_changes(
            report.changes,
            verbose,
            "importing the .apkg keeps removed cards in Anki: delete them there, "
            "or keep a collection in step with 'deckgen sync'",
        )
        if report.errors:
            failed = len({p.pos.path for p in report.errors if p.pos})
            _fail(f"{_summary(report)}; {failed} file(s) left out")

    _watching(once, inputs) if watch else once()


@cli.command()
@reading_options
@output_dir_option("the record of what was synced (in .deckgen-cache)")
@click.option(
    "--collection",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sync into this collection file (collection.anki2) while Anki is closed; needs "
    "the anki extra (pip install '.[anki]' in deckgen's checkout). Default: the running "
    "Anki, through AnkiConnect.",
)
@click.option(
    "--ankiconnect",
    "ankiconnect_url",
    default="http://127.0.0.1:8765",
    show_default=True,
    help="Where AnkiConnect listens.",
)
@click.option(
    "--ankiconnect-key",
    envvar="DECKGEN_ANKICONNECT_KEY",
    help="AnkiConnect's API key, if its config sets one (or $DECKGEN_ANKICONNECT_KEY).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.option(
    "--delete-removed",
    is_flag=True,
    help="Delete the notes whose card left the markdown, instead of tagging them deckgen::removed.",
)
@click.option("-v", "--verbose", is_flag=True, help="List the added and changed cards too.")
@click.option("--watch", is_flag=True, help=WATCH_HELP.format(what="Sync"))
def sync(
    inputs: tuple[str, ...],
    reading: dict,
    output_dir: Path,
    collection: Path | None,
    ankiconnect_url: str,
    ankiconnect_key: str | None,
    dry_run: bool,
    delete_removed: bool,
    verbose: bool,
    watch: bool,
) -> None:
    """Bring the notes of an Anki collection in step with INPUT: add, update, move, and
    tag (or delete) the notes of cards removed from the markdown.

    Review history is kept: a renamed deck or a card moved to another file keeps its
    note. Tags added in Anki are kept, and so are edits made in Anki to cards the
    markdown did not change since the last sync.
    """
    import functools

    from . import api

    options = api.Options(**reading, output_dir=output_dir)
    command = functools.partial(
        api.sync,
        collection=collection,
        ankiconnect=ankiconnect_url,
        key=ankiconnect_key,
        dry_run=dry_run,
        delete_removed=delete_removed,
    )

    def once(brief: bool = False) -> None:
        report = _run(command, inputs, options)
        _print_problems(report, verbose)
        if report.errors:
            _fail(f"{_summary(report)}; nothing synced")
        if brief and not dry_run:  # --watch, after the first sync: a line a save
            click.echo(f"{_now()} synced {_cards(report.card_count)}: {_brief(report)}")
            _print_changes(report.changes, verbose, only_lists=True)
            return
        if dry_run:
            click.echo("dry run, nothing changed; a sync would:")
            for step in report.planned:
                click.echo(f"  {step}")
        _print_changes(report.changes, verbose)

    _watching(once, inputs) if watch else once()


def _watching(once, inputs: tuple[str, ...]) -> None:
    """Run ``once`` now and after each change to the inputs, until Ctrl-C."""

    from watchfiles import watch

    from .project import is_stdin

    if any(is_stdin(given) for given in inputs):
        raise click.UsageError("--watch cannot watch standard input (-): give the files")

    def attempt(brief: bool) -> None:
        try:
            once(brief)
        except SystemExit as failed:  # a failed run is reported; the watch goes on
            if failed.code not in (0, None):
                click.echo("(waiting for the next save)", err=True)

    try:
        attempt(brief=False)
        click.echo(f"watching {_plural(len(inputs), 'input')} for saves; Ctrl-C stops", err=True)
        for _ in watch(*inputs, watch_filter=_is_input):
            attempt(brief=True)
    except KeyboardInterrupt:
        pass
    click.echo("stopped watching")


def _now() -> str:
    import time

    return time.strftime("%H:%M:%S")


def _brief(report) -> str:
    """The change report's counts, and the warnings' count if any."""
    parts = [report.changes.summary()] if report.changes else []
    if report.warnings:
        parts.append(_plural(len(report.warnings), "warning"))
    return "; ".join(parts) or "done"


def _is_input(change, path: str) -> bool:
    """Markdown and config files, not the outputs or editors' scratch files."""
    name = Path(path).name
    return not name.startswith((".", "~")) and name.endswith((".md", ".markdown", ".toml"))


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
@click.option(
    "-v", "--verbose", is_flag=True, help="Also list the text left out before and after the cards."
)
def check(
    inputs: tuple[str, ...], reading: dict, output_format: str, strict: bool, verbose: bool
) -> None:
    """Check INPUT (markdown files or folders) and list every problem; writes nothing.

    Exit 0 when there is no error (and, with --strict, no warning), else 1.
    """
    from . import api

    report = _run(api.check, inputs, api.Options(**reading))
    if output_format == "json":
        data = {
            "files": report.files,
            "cards": report.card_count,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "left_out": report.left_out,
            "problems": [
                {
                    "path": p.pos.path if p.pos else None,
                    "line": p.pos.line if p.pos else None,
                    "end_line": (p.pos.end or p.pos.line) if p.pos else None,
                    "level": p.severity,
                    "message": p.message,
                }
                for p in report.problems
            ],
            "coverage": [
                {
                    "path": deck.source,
                    "cards": len(deck.notes),
                    "lines": deck.coverage[1],
                    "lines_in_cards": deck.coverage[0],
                    "share_in_cards": round(deck.coverage[0] / max(deck.coverage[1], 1), 3),
                }
                for deck in report.decks
            ],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            if problem.severity != "info" or verbose:
                click.echo(str(problem))
        if verbose:
            _describe(report)
        left_out = f" ({report.left_out} left out)" if report.left_out else ""
        click.echo(f"{_summary(report)}; {_cards(report.card_count)}{left_out}")
    if report.errors or (strict and report.warnings):
        raise SystemExit(1)


@cli.command()
@reading_options
@output_dir_option(
    "the page",
    "DIR|FILE",
    " Or the page itself, NAME.html. A folder that exists stays a folder, whatever its name.",
)
@click.option(
    "--mathjax",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="DECKGEN_MATHJAX",
    help="A local MathJax script (MathJax.js or tex-svg.js) to typeset math with. "
    "Default: a system-wide MathJax if one is installed; else math shows as written.",
)
@click.option(
    "--open",
    "open_page",
    is_flag=True,
    help="Open the page in the default browser; exit 1 if none can be opened.",
)
def preview(
    inputs: tuple[str, ...],
    reading: dict,
    output_dir: Path,
    mathjax: Path | None,
    open_page: bool,
) -> None:
    """Write every card of INPUT to output/NAME.html, as Anki will show it.

    One page, no network needed: front and back of each card with the .apkg's own HTML
    and CSS, a light/dark switch, a search box, and each card's file:line, deck, tags
    and warnings.
    """
    from . import api

    options = api.Options(**reading, output_dir=output_dir, mathjax=mathjax)
    report = _run(api.preview, inputs, options)
    _print_problems(report, verbose=False)
    if report.errors:
        _fail(f"{_summary(report)}; nothing written")
    for written in report.written:
        click.echo(f"{_cards(written.cards)} -> {written.path}")
        if open_page:
            _open(written.path)


def _open(page: Path) -> None:
    """Show the page in the default browser, or fail naming it, to be opened by hand."""
    if not _has_browser() or click.launch(str(page)):
        _fail(f"no browser could be opened; open {page} in one by hand")


def _has_browser() -> bool:
    """Whether a browser can show a page. On Linux and the BSDs, only with a display
    (or $BROWSER, or WSL): click starts xdg-open without waiting, so its failure to
    find a browser would go unseen."""
    import os
    import sys

    if sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin")):
        return True
    names = ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "WSL_DISTRO_NAME")
    return any(os.environ.get(name) for name in names)


def _run(command, inputs: tuple[str, ...], options):
    """One library call, with its progress on a terminal meanwhile."""
    import dataclasses

    progress = Progress()
    try:
        return command(list(inputs), dataclasses.replace(options, progress=progress))
    except OptionsError as err:
        raise click.UsageError(str(err), click.get_current_context()) from None
    except DeckgenError as err:
        _fail(str(err))
    except Exception as err:
        # A bug of ours: the user gets a sentence naming the page, not a traceback.
        import os

        if os.environ.get("DECKGEN_DEBUG"):
            raise
        where = f"{progress.last}, " if progress.last else ""
        _fail(
            f"{where}deckgen stopped on a fault of its own ({type(err).__name__}: {err}). "
            "This is a bug in deckgen, not in your page: please report it with the page "
            "(DECKGEN_DEBUG=1 shows the traceback); the files of an earlier build are "
            "left as they were."
        )
    finally:
        progress.clear()


def _print_problems(report, verbose: bool) -> None:
    for problem in report.problems:
        if problem.severity != "info" or verbose:
            click.echo(str(problem), err=True)


LISTED = 10  # removed cards listed without -v: a renamed deck removes every card


def _print_changes(
    changes, verbose: bool, removed_hint: str = "", only_lists: bool = False
) -> None:
    """The change report: counts, each removed card, and with -v the others."""
    if changes is None:
        return
    if not only_lists:
        click.echo(changes.summary())
    listed = [("added", changes.added), ("changed", changes.changed)] if verbose else []
    for word, cards in [*listed, ("removed", changes.removed)]:
        shown = cards if verbose else cards[:LISTED]
        for card in shown:
            click.echo(f"  {word}: {card}")
        if len(shown) < len(cards):
            click.echo(f"  ... and {len(cards) - len(shown)} more {word} (-v lists them all)")
    for old, new, count in changes.moved():
        click.echo(
            f"  ({count} of the removed cards are added again in deck {new!r}, was {old!r}: "
            "in Anki they become new notes, without their review history; a card with an "
            "'<!-- id: ... -->' keeps its note, and 'deckgen sync' moves notes)"
        )
    if changes.removed and removed_hint:
        click.echo(f"  ({removed_hint})")


def _describe(report) -> None:
    """Which shapes each file's cards came in, how many, and which deck."""
    for deck in report.decks:
        cards = _cards(len(deck.notes))
        text, in_cards = deck.coverage[1], deck.coverage[0]
        share = f"{in_cards * 100 // max(text, 1)}% of its lines in cards"
        shapes = f" ({deck.dialect})" if deck.dialect else ""
        click.echo(f"{deck.source}: {cards}{shapes}, deck {deck.name!r}, {share}", err=True)


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(1)


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


def main() -> None:
    # A build makes millions of small objects and keeps most of them to the end, so
    # the cyclic collector's frequent full passes find little: let it run less often.
    gc.set_threshold(50_000, 20, 20)
    cli()

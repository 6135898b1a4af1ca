"""The ``deckgen`` command: arguments in, one library call, messages and exit codes out."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import DeckgenError, ParseError

# The keys of deckgen.export.FORMATS and deckgen.parse.DIALECTS, written out so that
# `deckgen --help` need not import the exporters and the parser (a test keeps them equal).
FORMAT_NAMES = ("apkg", "tsv", "csv")
DIALECT_NAMES = ("sections", "labels", "table", "headings")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="deckgen-md", prog_name="deckgen")
def cli() -> None:
    """Turn markdown flashcards into an Anki package, a Quizlet TSV and an Anki CSV."""


@cli.command()
@click.argument(
    "inputs",
    metavar="INPUT...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the output files (created if missing).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(FORMAT_NAMES),
    multiple=True,
    help="Write only this format; repeat for several. Default: all three.",
)
@click.option(
    "--deck",
    "deck_name",
    help="Deck name (default: front matter, the page's deck heading, else the file name). "
    "For a folder: the name of the top deck.",
)
@click.option(
    "--dialect",
    type=click.Choice(DIALECT_NAMES),
    help="Read every input in this format instead of detecting it per file.",
)
@click.option("--split", is_flag=True, help="Write one set of files per input file.")
@click.option("--name", help="Base name of the output files (default: the input's name).")
@click.option("-v", "--verbose", is_flag=True, help="Say which format each file was read as.")
def build(
    inputs: tuple[Path, ...],
    output_dir: Path,
    formats: tuple[str, ...],
    deck_name: str | None,
    dialect: str | None,
    split: bool,
    name: str | None,
    verbose: bool,
) -> None:
    """Build INPUT (markdown files or folders of them) into output/NAME.apkg, .tsv and .csv.

    A folder gives every *.md below it, in one deck per file named after its path
    (notes/python/basics.md -> notes::python::basics).
    """
    from .export import export, output_path
    from .project import load, output_name, split_name

    try:
        result = load(list(inputs), deck_name=deck_name, dialect=dialect)
        for warning in result.warnings:
            click.echo(str(warning), err=True)
        if verbose:
            for source, deck in zip(result.sources, result.decks, strict=True):
                cards = _cards(len(deck.cards))
                click.echo(
                    f"{source.path}: {deck.dialect} format, {cards}, deck {deck.name!r}", err=True
                )
        if split:
            groups = [
                (split_name(s), [d]) for s, d in zip(result.sources, result.decks, strict=True)
            ]
        else:
            groups = [(name or output_name(list(inputs)), list(result.decks))]
        _check_unique(groups, result.sources)
        for stem, decks in groups:
            count = _cards(sum(len(deck.cards) for deck in decks))
            for format_name in formats or FORMAT_NAMES:
                path = export(decks, format_name, output_path(stem, format_name, output_dir))
                click.echo(f"{count} -> {path}")
    except DeckgenError as err:
        _fail(err)


def _cards(count: int) -> str:
    return f"{count} card{'' if count == 1 else 's'}"


def _check_unique(groups, sources) -> None:
    stems = [stem for stem, _ in groups]
    for stem in dict.fromkeys(s for s in stems if stems.count(s) > 1):
        paths = [str(src.path) for (s, _), src in zip(groups, sources, strict=True) if s == stem]
        raise DeckgenError(
            f"{' and '.join(paths)} would both write {stem}.*; build them separately or use --name"
        )


def _fail(err: DeckgenError) -> None:
    """Print the error the way compilers do and exit 1."""
    if isinstance(err, ParseError):
        for problem in err.problems:
            click.echo(str(problem), err=True)
        count = len(err.problems)
        click.echo(f"Error: {count} error{'s' if count > 1 else ''}; nothing written", err=True)
    else:
        click.echo(f"Error: {err}", err=True)
    raise SystemExit(1)


def main() -> None:
    cli()

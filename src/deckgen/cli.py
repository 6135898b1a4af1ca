"""The ``deckgen`` command: arguments in, one library call, messages and exit codes out."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import DeckgenError, ParseError

FORMAT_NAMES = ("apkg", "tsv", "csv")  # the keys of deckgen.export.FORMATS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="deckgen-md", prog_name="deckgen")
def cli() -> None:
    """Turn markdown flashcards into an Anki package, a Quizlet TSV and an Anki CSV."""


@cli.command()
@click.argument(
    "input_file", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path)
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
    "--deck", "deck_name", help="Deck name (default: the page's deck heading, else the file name)."
)
def build(
    input_file: Path, output_dir: Path, formats: tuple[str, ...], deck_name: str | None
) -> None:
    """Build INPUT (a markdown file) into output/INPUT.apkg, .tsv and .csv."""
    from .export import export, output_path
    from .parse import parse_file

    try:
        deck = parse_file(input_file, deck_name)
        for warning in deck.warnings:
            click.echo(str(warning), err=True)
        for name in formats or FORMAT_NAMES:
            path = export(deck, name, output_path(input_file.stem, name, output_dir))
            click.echo(f"{len(deck.cards)} cards -> {path}")
    except DeckgenError as err:
        _fail(err)


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

"""A build's inputs: files and folders, the project's config, deck names from paths.

    deckgen build notes/             # every *.md below, one deck per file:
                                     # notes/python/basics.md -> notes::python::basics
    deckgen build a.md b.md          # each file names its own deck

Options come, strongest first, from the command line, the file's front matter, then
the project's config: ``[tool.deckgen]`` in the nearest pyproject.toml, or a
deckgen.toml, found from the input's folder upwards.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, ParseError
from .identity import duplicate_problems
from .model import Deck, Problem, SourcePos
from .parse import DEFAULT_MAX_BYTES, parse_file
from .parse.front_matter import FileOptions, options

if TYPE_CHECKING:
    from .cache import RenderCache

CONFIG_FILES = ("deckgen.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Source:
    """One markdown file of a build, and where it sits in it."""

    path: Path
    root: Path | None = None  # the folder given on the command line, if any

    @property
    def relative(self) -> Path:
        return self.path.relative_to(self.root) if self.root else Path(self.path.name)

    def folder_deck(self, root_name: str | None) -> str | None:
        """``root::sub::stem`` for a file found in a folder; None for a file given by name."""
        if self.root is None:
            return None
        parts = [root_name or self.root.resolve().name, *self.relative.with_suffix("").parts]
        return "::".join(parts)


def sources(inputs: list[Path]) -> tuple[list[Source], list[Problem]]:
    """The markdown files of the inputs: folders give every ``*.md`` below, sorted."""
    found: list[Source] = []
    problems: list[Problem] = []
    for given in inputs:
        if given.is_dir():
            files = sorted(p for p in given.rglob("*.md") if p.is_file())
            if not files:
                problems.append(Problem(SourcePos(str(given), 1), "no *.md files in this folder"))
            found += [Source(p, given) for p in files]
        else:
            found.append(Source(given))
    return found, problems


def _read_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ParseError(
            [Problem(SourcePos(str(path), 1), f"cannot read the config: {err}")]
        ) from None


def project_options(folder: Path) -> tuple[FileOptions, tuple[Problem, ...]]:
    """The config that applies to files in ``folder``: the nearest one going up."""
    for directory in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = directory / name
            if not path.is_file():
                continue
            data = _read_toml(path)
            if name == "pyproject.toml":
                data = data.get("tool", {}).get("deckgen")
                if data is None:
                    continue
            found, problems = options(data, SourcePos(str(path), 1), "config")
            return found, tuple(problems)
    return FileOptions(), ()


@dataclass(frozen=True, slots=True)
class Build:
    """The parsed inputs of one build: a deck per file that parsed, and every problem."""

    sources: tuple[Source, ...]  # the files that parsed
    decks: tuple[Deck, ...]  # one per source, same order
    problems: tuple[Problem, ...]  # from every file, the config and across files; sorted
    files: int  # how many files were read

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def card_count(self) -> int:
        return sum(len(deck.cards) for deck in self.decks)


def output_name(inputs: list[Path]) -> str:
    """The base name of a build's files: the input's stem or folder name, else their folder's."""
    if len(inputs) == 1:
        given = inputs[0].resolve()
        return given.name if given.is_dir() else given.stem
    common = Path(*_common_parts([p.resolve() for p in inputs]))
    return (common if common.is_dir() else common.parent).name or "deck"


def _common_parts(paths: list[Path]) -> list[str]:
    common = list(paths[0].parts)
    for path in paths[1:]:
        while list(path.parts[: len(common)]) != common:
            common.pop()
    return common


def split_name(source: Source) -> str:
    """The base name of one file's outputs with --split: its path in the folder, joined by -."""
    return "-".join(source.relative.with_suffix("").parts)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs and what to check; the defaults suit most people."""

    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES
    quizlet_limit: int = 1000  # characters a side; 0: no check
    jobs: int = 1  # processes for checking and rendering the cards of a large file
    cache: RenderCache | None = None  # renderings kept from earlier builds
    progress: Callable[[str, int, int], None] | None = None  # (file, cards done, cards)


def load(
    inputs: list[Path],
    *,
    deck_name: str | None = None,
    dialect: str | None = None,
    read: ReadOptions = ReadOptions(),
) -> Build:
    """Parse every input file and check what was parsed.

    Never stops at a bad file: its problems are in the result and its cards are not,
    so a caller can report everything at once, or build the rest (--keep-going).
    """
    found: list[tuple[Source, Deck]] = []
    files, problems = sources(inputs)
    configs: dict[Path, tuple[FileOptions, tuple[Problem, ...]]] = {}
    for source in files:
        folder = source.path.parent.resolve()
        if folder not in configs:
            try:
                configs[folder] = project_options(folder)
            except ParseError as err:
                configs[folder] = (FileOptions(), err.problems)
        config, config_problems = configs[folder]
        problems += config_problems
        folder_deck = source.folder_deck(deck_name or config.deck)
        defaults = FileOptions(deck=folder_deck).over(config) if folder_deck else config
        try:
            deck = parse_file(
                source.path,
                None if folder_deck else deck_name,
                encoding=read.encoding,
                max_bytes=read.max_bytes,
                dialect=dialect,
                defaults=defaults,
                source_name=source.relative.as_posix(),
                media_root=source.root,
                jobs=read.jobs,
                cache=read.cache,
                progress=_for_file(read.progress, str(source.path)),
            )
        except ParseError as err:
            problems += err.problems
            continue
        except InputError as err:
            problems.append(Problem(err.pos, err.message))
            continue
        found.append((source, deck))
        problems += deck.warnings
    decks = tuple(deck for _, deck in found)
    problems += duplicate_problems(decks, across_files_only=True)
    problems += quizlet_problems(decks, read.quizlet_limit)
    return Build(
        tuple(source for source, _ in found),
        decks,
        tuple(sorted(dict.fromkeys(problems), key=by_position)),
        len(files),
    )


def _for_file(progress, path: str):
    if progress is None:
        return None
    return lambda done, total: progress(path, done, total)


def by_position(problem: Problem) -> tuple[str, int]:
    """Sort key: problems by file, then line."""
    return (problem.pos.path, problem.pos.line) if problem.pos else ("", 0)


def quizlet_problems(decks: tuple[Deck, ...], limit: int) -> list[Problem]:
    """A warning for each card whose Quizlet text is longer than ``limit`` characters."""
    if limit <= 0:
        return []
    from .export.quizlet import row

    problems = []
    for deck in decks:
        for card in deck.cards:
            longest = max(len(side) for side in row(card))
            if longest > limit:
                problems.append(
                    Problem(
                        card.pos,
                        f"this card is {longest} characters long in Quizlet's one-line form "
                        f"(over {limit}, --quizlet-limit): hard to study there",
                        "warning",
                    )
                )
    return problems

"""A build's inputs: files and folders, the project's config, deck names from paths.

    deckgen build notes/             # every *.md (and *.markdown) below, one deck per
                                     # file: notes/python/basics.md -> notes::python::basics
    deckgen build a.md b.md          # each file names its own deck
    pbpaste | deckgen build -        # standard input: a page named <stdin> in messages

Options come, strongest first, from the command line, the file's front matter, then
the project's config: ``[tool.deckgen]`` in the nearest pyproject.toml, or a
deckgen.toml, found from the input's folder upwards.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import OptionsError, ParseError
from .model import Problem, SourcePos
from .parse.front_matter import FileOptions, options

CONFIG_FILES = ("deckgen.toml", "pyproject.toml")
MARKDOWN_SUFFIXES = (".md", ".markdown")  # what a folder gives
STDIN = "-"  # an input that names standard input
STDIN_STEM = "stdin"  # the outputs' base name for a page from standard input


def is_stdin(given: Path | str) -> bool:
    """Whether an input names standard input: ``-`` (a file named so is ``./-``, as a string)."""
    return given == STDIN if isinstance(given, str) else given == Path(STDIN)


@dataclass(frozen=True, slots=True)
class Source:
    """One markdown file of a build, and where it sits in it."""

    path: Path  # Path("-") for standard input
    root: Path | None = None  # the folder given on the command line, if any
    stdin: bool = False

    @property
    def name(self) -> str:
        """What messages call it: its path, or ``<stdin>``."""
        from .parse import STDIN_NAME

        return STDIN_NAME if self.stdin else str(self.path)

    @property
    def relative(self) -> Path:
        """Its path in the folder given, or its name (``stdin`` for standard input)."""
        if self.stdin:
            return Path(STDIN_STEM)
        return self.path.relative_to(self.root) if self.root else Path(self.path.name)

    @property
    def folder(self) -> Path:
        """Where its images and config are found: its folder, or the current one for stdin."""
        return Path.cwd() if self.stdin else self.path.parent

    def folder_deck(self, root_name: str | None) -> str | None:
        """``root::sub::stem`` for a file found in a folder; None for a file given by name."""
        if self.root is None:
            return None
        parts = [root_name or self.root.resolve().name, *self.relative.with_suffix("").parts]
        return "::".join(parts)


def sources(inputs: list[Path | str]) -> tuple[list[Source], list[Problem]]:
    """The markdown files of the inputs: folders give every ``*.md`` and ``*.markdown``
    below, sorted; ``-`` is standard input.

    A file named twice (or through a link, or inside a folder also given) is read once:
    its cards twice would be duplicate notes. Standard input can be read only once.
    """
    if sum(is_stdin(given) for given in inputs) > 1:
        raise OptionsError("- (standard input) is given twice; it can be read only once")
    found: list[Source] = []
    problems: list[Problem] = []
    seen: dict[Path, Source] = {}
    for given in inputs:
        if is_stdin(given):
            found.append(Source(Path(STDIN), stdin=True))
            continue
        given = Path(given)
        if given.is_dir():
            files = sorted(
                p for p in given.rglob("*") if p.suffix in MARKDOWN_SUFFIXES and p.is_file()
            )
            if not files:
                message = "no *.md or *.markdown files in this folder"
                problems.append(Problem(SourcePos(str(given), 1), message))
            candidates = [Source(p, given) for p in files]
        else:
            candidates = [Source(given)]
        for source in candidates:
            try:
                key = source.path.resolve()
            except OSError:
                key = source.path.absolute()
            if key in seen:
                message = f"the same file as {seen[key].path}, which is read once"
                problems.append(Problem(SourcePos(str(source.path), 1), message, "warning"))
                continue
            seen[key] = source
            found.append(source)
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


def config_for(folder: Path) -> tuple[FileOptions, tuple[Problem, ...]]:
    """The config that applies to files in ``folder``, and the problems reading it."""
    try:
        return project_options(folder)
    except ParseError as err:
        return FileOptions(), err.problems


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


def output_name(inputs: list[Path | str]) -> str:
    """The base name of a build's files: the input's stem or folder name (``stdin`` for
    standard input), else their folder's (standard input counts as the current folder)."""
    if len(inputs) == 1:
        if is_stdin(inputs[0]):
            return STDIN_STEM
        given = Path(inputs[0]).resolve()
        return given.name if given.is_dir() else given.stem
    paths = [Path.cwd() / STDIN if is_stdin(p) else Path(p).resolve() for p in inputs]
    common = Path(*_common_parts(paths))
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

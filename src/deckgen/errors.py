"""Exceptions the library raises. ``str(error)`` is the message a user sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # names for annotations only: `deckgen --help` need not load the model
    from .model import Problem, SourcePos


class DeckgenError(Exception):
    """Base class: something the user can fix, described in a sentence."""

    def __init__(self, message: str, pos: SourcePos | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos else self.message


class InputError(DeckgenError):
    """An input file cannot be read as markdown text."""


class ParseError(DeckgenError):
    """An input file holds cards that cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))

    def __str__(self) -> str:
        return self.message


class OptionsError(DeckgenError):
    """Options that cannot go together, such as an output file and a different format;
    the command line reports it as a usage error."""


class OutputError(DeckgenError):
    """An output file cannot be written."""

"""Notes written for the Obsidian_to_Anki plugin, read as deckgen's own cards.

The plugin's notes sit between a line ``START`` and a line ``END``, the note type on
the line after ``START``, then its fields ("Front: ...", "Back: ...", the first field's
name may be left out), a ``Tags: ...`` line and the plugin's ``<!--ID: ...-->``.
``TARGET DECK`` over a line names the file's deck. Each of those lines is rewritten in
place, into what the finder reads (a blank line, a label, a tag line, a rule), so that
every other line keeps its number and every message its place.
"""

from __future__ import annotations

import re

_START = re.compile(r"^[ \t]*START[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"`{3,}|~{3,}")
_NOTE_TYPE = re.compile(r"(?:basic|cloze)\b", re.IGNORECASE)
_NAMED_FIELD = re.compile(r"[ \t]*(?:front|back|text|back extra)[ \t]*:", re.IGNORECASE)
_FIELD = re.compile(r"(?P<name>[A-Za-z][\w ]{0,30}?)[ \t]*:(?:[ \t]+|$)")
# The fields of the note types the plugin ships, as deckgen reads them.
_REWRITTEN = {
    "front": "Front:",
    "back": "Back:",
    "text": "",
    "back extra": "Extra:",
    "extra": "Extra:",
}


def rewrite(text: str) -> tuple[str, str | None] | None:
    """The page with the plugin's markers made plain, and its target deck (None if it
    names none); None when the page holds no note of the plugin's."""
    if "START" not in text or _START.search(text) is None:
        return None  # most pages: not split into lines for nothing
    lines = text.split("\n")
    deck, found, n, fence = None, False, 0, ""
    while n < len(lines):
        line = lines[n].strip()
        if fence or _FENCE.match(line):  # "START" and "END" in code are pseudocode
            if not fence:
                fence = _FENCE.match(line).group(0)
            elif line.startswith(fence) and not line.strip(fence[0]):
                fence = ""
            n += 1
            continue
        if line == "TARGET DECK" and n + 1 < len(lines) and lines[n + 1].strip():
            deck = lines[n + 1].strip()
            lines[n] = lines[n + 1] = ""
            n += 2
            continue
        end = _end_of(lines, n) if line == "START" else None
        if end is None:
            n += 1
            continue
        found = True
        _rewrite_note(lines, n, end)
        n = end + 1
    return ("\n".join(lines), deck) if found else None


def _end_of(lines: list[str], start: int) -> int | None:
    """The line ``END`` of the note whose ``START`` is line ``start``, if it is one: a
    note type of Anki's below ``START`` ("Basic", "Cloze"...), or a field named in it.
    ("START", "Boil the kettle", ..., "END" is a flowchart's text.)"""
    if start + 1 >= len(lines) or not lines[start + 1].strip():
        return None
    for n in range(start + 2, len(lines)):
        if lines[n].strip() == "END":
            named = any(_NAMED_FIELD.match(line) for line in lines[start + 2 : n])
            return n if named or _NOTE_TYPE.match(lines[start + 1].strip()) else None
        if lines[n].strip() == "START":
            return None
    return None


def _rewrite_note(lines: list[str], start: int, end: int) -> None:
    note_type = lines[start + 1].strip().lower()
    lines[start] = ""
    # A reversed note type's cards go both ways: deckgen's "#reverse" tag.
    lines[start + 1] = "#reverse" if "reverse" in note_type else ""
    first = True
    for n in range(start + 2, end):
        line = lines[n]
        field = _FIELD.match(line)
        name = field.group("name").lower() if field else None
        if name == "tags":
            tags = line[field.end() :].split()
            lines[n] = " ".join(f"#{tag.lstrip('#')}" for tag in tags)
        elif name in _REWRITTEN:
            lines[n] = f"{_REWRITTEN[name]} {line[field.end() :]}".strip()
        elif first and line.strip() and "cloze" not in note_type:
            lines[n] = f"Front: {line.strip()}"  # the first field, its name left out
        if line.strip():
            first = False
    lines[end] = "***"  # the note ends here: what follows is no part of its last field

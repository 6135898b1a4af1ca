"""Cards whose parts are marked by HTML comments, as some note apps' plugins write them:

    <!-- Anki Card -->
    <!-- type: basic -->
    <!-- front -->
    What are the four bases of DNA?

    <!-- back -->
    Adenine, thymine, guanine and cytosine.
    <!-- tags: biology, dna -->

Each marker line is rewritten in place into what the finder reads ("Front:", "Back:",
a tag line, a blank line), so that every other line keeps its number. A cloze card's
``{{gap}}`` becomes Anki's ``{{c1::gap}}``.
"""

from __future__ import annotations

import re

from .line_shapes import as_clozes

_MARKER = re.compile(
    r"[ \t]*<!--[ \t]*(?P<name>[\w -]+?)[ \t]*(?::[ \t]*(?P<value>.*?))?[ \t]*-->[ \t]*"
)
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_GAP = re.compile(r"\{\{(?!c\d+::)([^{}:\n]+)\}\}")


def rewrite(text: str) -> str | None:
    """The page with its comment markers made labels; None when it has no such card."""
    if "<!--" not in text or not re.search(r"<!--[ \t]*back[ \t]*-->", text, re.IGNORECASE):
        return None  # most pages
    lines = text.split("\n")
    found, fence, cloze = False, "", False
    for n, line in enumerate(lines):
        if opener := _FENCE.match(line):
            closing = fence and opener.group(1).startswith(fence)
            fence = "" if closing else fence or opener.group(1)
            continue
        marker = _MARKER.fullmatch(line) if not fence else None
        if marker is None:
            if cloze and "{{" in line:
                lines[n] = as_clozes(_GAP, line)
            continue
        name, value = marker.group("name").strip().lower(), (marker.group("value") or "").strip()
        if name == "front":
            lines[n], found = "Front:", True
        elif name == "back":
            lines[n], cloze = "Back:", False
        elif name == "tags" and value:
            lines[n] = " ".join(
                "#" + re.sub(r"\s+", "_", t.strip()) for t in value.split(",") if t.strip()
            )
        elif name in ("anki card", "card", "options") or (name == "type" and value):
            cloze = name == "type" and value.lower() == "cloze"
            lines[n] = ""
    return "\n".join(lines) if found else None

"""Question and answer labels: ``Q:``, ``**Answer:**`` and friends.

One table, so a new label (or language) is one line.
"""

from __future__ import annotations

import re

QUESTION = "question"
ANSWER = "answer"

LABELS: dict[str, str] = {
    "q": QUESTION,
    "question": QUESTION,
    "a": ANSWER,
    "answer": ANSWER,
}

_WORD = "|".join(sorted((re.escape(w) for w in LABELS), key=len, reverse=True))
_COLON = "[:\uff1a]"  # ASCII and full-width
# "Q:", "**Q:**", "**Q**:", "__Answer:__" at the start of a line.
_LABEL = re.compile(
    rf"""[ \t]*(?:
        (?P<mark>\*\*|__)(?P<marked>{_WORD})[ \t]*(?:{_COLON}(?P=mark)|(?P=mark)[ \t]*{_COLON})
      | (?P<plain>{_WORD})[ \t]*{_COLON}
    )[ \t]*""",
    re.IGNORECASE | re.VERBOSE,
)


def match_label(line: str) -> tuple[str, int] | None:
    """The role of the label that starts ``line`` and where the text after it starts."""
    match = _LABEL.match(line)
    if not match:
        return None
    word = (match.group("marked") or match.group("plain")).lower()
    return LABELS[word], match.end()

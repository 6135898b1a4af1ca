"""Card markdown to one line of plain text, for Quizlet: no HTML, blocks joined."""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from ..markdown import CITATION_MARKER, option_breaks
from ..model import CLOZE, HTML_TAG

_HIDDEN = re.compile(
    r"<(script|style)\b(?:(?!</?(?:script|style)\b).)*</\1\s*>|<!--(?:(?!<!--|-->).)*-->",
    re.S | re.IGNORECASE,
)
CODE_LINE_BREAK = " ↵ "
BLOCK_BREAK = " / "
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r" {2,}")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def fold(text: str) -> str:
    """One line: tabs, line and paragraph separators become spaces; runs of spaces fold."""
    return _SPACES.sub(" ", _LINE_BREAKS.sub(" ", text)).strip()


def plain(tokens: list[Token]) -> str:
    """The text of a card side's tokens as one line; citation markers and HTML dropped."""
    return fold(BLOCK_BREAK.join(_plain_blocks(tokens)))


def hide_clozes(markdown: str) -> str:
    """The text with each cloze deletion shown as ``[...]`` (or ``[hint]``)."""
    return CLOZE.sub(lambda m: f"[{m.group(3) or '...'}]", markdown)


def reveal_clozes(markdown: str) -> str:
    """The text with each cloze deletion replaced by its answer."""
    return CLOZE.sub(lambda m: m.group(2), markdown)


def _plain_blocks(tokens: list[Token]) -> list[str]:
    """Plain text of each block in a token stream, recursing into containers."""
    blocks: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "inline":
            text = _plain_inline(token.children or [])
            if text.strip():
                blocks.append(text)
        elif token.type in ("fence", "code_block"):
            lines = [line for line in token.content.splitlines() if line.strip()]
            blocks.append(CODE_LINE_BREAK.join(lines))
        elif token.type.startswith("math_block"):
            blocks.append(token.content)
        elif token.type == "html_block":
            # "<details><summary>Hint</summary>..." keeps its words; script and style
            # never reach a card, so their text is not kept either.
            text = html.unescape(HTML_TAG.sub(" ", _HIDDEN.sub(" ", token.content)))
            if text.strip():
                blocks.append(text)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, i)
            blocks.append(_plain_list(tokens[i + 1 : end], token))
            i = end
        elif token.type == "table_open":
            end = _closing(tokens, i)
            blocks.append(_plain_table(tokens[i + 1 : end]))
            i = end
        i += 1
    return blocks


def _plain_list(tokens: list[Token], opener: Token) -> str:
    number = int(opener.attrGet("start") or 1)
    items, i = [], 0
    while i < len(tokens):
        if tokens[i].type == "list_item_open":
            end = _closing(tokens, i)
            marker = f"{number}." if opener.type == "ordered_list_open" else "•"
            items.append(f"{marker} {' '.join(_plain_blocks(tokens[i + 1 : end]))}")
            number += 1
            i = end
        i += 1
    return " ".join(items)


def _plain_table(tokens: list[Token]) -> str:
    rows, cells = [], []
    for token in tokens:
        if token.type == "inline":
            cells.append(_plain_inline(token.children or []))
        elif token.type == "tr_close":
            rows.append(" | ".join(cells))
            cells = []
    return "; ".join(rows)


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes ``tokens[start]``."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _plain_inline(children: list[Token]) -> str:
    parts = []
    breaks = option_breaks(children)
    for n, child in enumerate(children):
        if child.type in ("text", "text_special"):
            parts.append(CITATION_MARKER.sub("", child.content))
        elif child.type in ("code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "math_inline_double":
            parts.append(child.content.strip())
        elif child.type == "softbreak":
            parts.append(BLOCK_BREAK if n in breaks else " ")
        elif child.type == "hardbreak" or (
            child.type == "html_inline" and _BREAK_TAG.fullmatch(child.content)
        ):
            parts.append(BLOCK_BREAK)  # "the station<br>Dov'è...": not one run-on word
        elif child.type == "image":
            parts.append(_plain_inline(child.children or []))
    return "".join(parts)

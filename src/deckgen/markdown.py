"""The markdown-it configuration shared by the parser and the renderer.

Citations are ``[^label]`` markers. The document parser resolves them with the
footnote plugin; inside a single card (parsed on its own, without the definitions
at the bottom of the page) the ``citation`` rule below recognises the labels the
card is allowed to cite, passed in ``env["citations"]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# An unresolved marker left as text, e.g. "[^9]" with no "[^9]:" definition.
UNRESOLVED_CITATION = re.compile(r"\[\^([^\]\s]+)\]")


def _citation_rule(state: StateInline, silent: bool) -> bool:
    labels = state.env.get("citations")
    src, start = state.src, state.pos
    if not labels or not src.startswith("[^", start):
        return False
    match = UNRESOLVED_CITATION.match(src, start, state.posMax)
    if not match or match.group(1) not in labels:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"label": match.group(1)}
    state.pos = match.end()
    return True


def card_parser(
    *, html: bool = False, highlight: Callable[[str, str, str], str] | None = None
) -> MarkdownIt:
    """A parser for the markdown of one card (CommonMark + GFM tables and strikethrough)."""
    md = MarkdownIt("commonmark", {"html": html, "highlight": highlight})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


def inline_text(token: Token) -> str:
    """The plain text of an inline token: escapes resolved, markup and HTML dropped."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child))
    return "".join(parts).strip()

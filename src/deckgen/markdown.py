"""The markdown-it configuration shared by the parser and the renderer.

Citations are ``[^label]`` markers. The document parser resolves them with the
footnote plugin; inside a single card (parsed on its own, without the definitions
at the bottom of the page) the ``citation`` rule below recognises the labels the
card is allowed to cite, passed in ``env["citations"]``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import block as block_rule
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# How deep lists and quotes may nest (a list level is two): markdown-it's own 20 stops
# at ten levels, and its parser then drops the rest of the page. Past this, the page's
# check warns (see parse.document).
MAX_NESTING = 100

# A citation marker, "[^label]"; left as text when the page has no "[^label]:".
CITATION_MARKER = re.compile(r"\[\^([^\]\s[]+)\]")
# A multiple choice's option mark: "a)", "B.", "(c)". Markdown runs lines that start with
# one into one; a card keeps each on its own line.
OPTION_MARK = r"[A-Ha-h][.)]|\([A-Ha-h]\)"
OPTION = re.compile(rf"(?:{OPTION_MARK})[ \t]")


def option_breaks(tokens: list[Token]) -> frozenset[int]:
    """The line breaks among a paragraph's ``tokens`` that an option line follows, when
    its lines hold options a, b, ... in order ("a) Ribosome", "b) Mitochondrion"); none
    for prose whose wrapped lines only start like one ("E. coli", "H. W. Bush")."""
    found = [
        (n, tokens[n + 1].content.lstrip("(")[0].lower())
        for n in range(len(tokens) - 1)
        if tokens[n].type == "softbreak"
        and tokens[n + 1].type == "text"
        and OPTION.match(tokens[n + 1].content)
    ]
    letters = "".join(letter for _, letter in found)
    if len(found) < 2 or not "abcdefgh".startswith(letters):
        return frozenset()
    return frozenset(n for n, _ in found)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    labels = state.env.get("citations")
    src, start = state.src, state.pos
    if not labels or not src.startswith("[^", start):
        return False
    match = CITATION_MARKER.match(src, start, state.posMax)
    if not match or match.group(1) not in labels:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"label": match.group(1)}
    state.pos = match.end()
    return True


def _display_math_rule(state: StateInline, silent: bool) -> bool:
    r"""``\[ ... \]`` inside a paragraph (the texmath plugin only knows it as a block)."""
    src, start = state.src, state.pos
    if not src.startswith("\\[", start):
        return False
    # Where each "\]" of the text is, found once: looking from every "\[" to the end
    # of a text with thousands of them would take minutes.
    ends = state.env.setdefault("display_math_ends", {})
    if src not in ends:
        ends[src] = [m.start() for m in re.finditer(r"\\\]", src)]
    n = bisect.bisect_left(ends[src], start + 2)
    end = ends[src][n] if n < len(ends[src]) else -1
    if end < 0 or end >= state.posMax or not src[start + 2 : end].strip():
        return False
    if not silent:
        token = state.push("math_inline_double", "math", 0)
        token.content = src[start + 2 : end]
        token.markup = "\\["
    state.pos = end + 2
    return True


# Obsidian's embed of an image: "![[diagram.png]]", "![[Pasted image 2024.png|300]]".
WIKI_IMAGE = re.compile(
    r"!\[\[[ \t]*([^\[\]|#^\n]+?\.(?:png|jpe?g|gif|svg|webp|bmp|avif))[ \t]*"
    r"(?:\|[ \t]*(?:([1-9]\d{0,4})(?:x\d{1,5})?[ \t]*|[^\[\]\n]*))?\]\]",
    re.IGNORECASE,
)


def wiki_images(text: str) -> set[str]:
    """The sources of the images ``text`` embeds as "![[name.png]]", as the card's HTML
    names them (code spans not told apart: at most one image more is looked for)."""
    return {_wiki_src(match) for match in WIKI_IMAGE.finditer(text)} if "![[" in text else set()


def _wiki_src(match: re.Match[str]) -> str:
    return quote(match.group(1).strip())


def _wiki_image_rule(state: StateInline, silent: bool) -> bool:
    """ "![[diagram.png]]" as the image ``![](diagram.png)`` (a width after "|" kept):
    written with its own syntax, it was text on the card, and the image never packaged."""
    src, start = state.src, state.pos
    if not src.startswith("![[", start):
        return False
    match = WIKI_IMAGE.match(src, start, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("image", "img", 0)
        token.attrs = {"src": _wiki_src(match), "alt": ""}
        token.meta = {"embed": True}  # found by its name alone, as Obsidian finds it
        if match.group(2):  # "|300": Obsidian's width, in pixels
            token.attrs["width"] = match.group(2)
        token.children = []
        token.content = ""
    state.pos = match.end()
    return True


def use_math(md: MarkdownIt) -> MarkdownIt:
    r"""Math as Anki's MathJax knows it, kept away from markdown's escapes.

    ``$...$`` (not a price: ``$5`` is text), ``$$...$$``, ``\(...\)`` and ``\[...\]``.
    Code spans and fences are parsed first, so ``$`` inside code is never math.
    """
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.texmath import texmath_plugin

    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")
    md.inline.ruler.before("escape", "display_math", _display_math_rule)
    return md


def _one_paragraph_rule(state: StateCore) -> None:
    """The core "block" rule, short for a card side that can only be one paragraph.

    Most questions and many answers are one line of text. A single line that starts
    with a letter is a paragraph whatever follows (every other block starts with a
    marker, an indent, or needs a second line), so the block parser, a third of the
    cost of such a side, is left out. The tokens are the ones it would make.
    """
    src = state.src
    # No space at either end either (a superset of what markdown trims from a
    # paragraph), so the line is its own content.
    if state.inlineMode or "\n" in src or not src[:1].isalpha() or src[-1:].isspace():
        block_rule(state)
        return
    map_ = [0, 1]
    state.tokens += [
        Token("paragraph_open", "p", 1, map=map_, block=True),
        Token("inline", "", 0, map=[*map_], level=1, content=src, children=[], block=True),
        Token("paragraph_close", "p", -1, block=True),
    ]


def card_parser(
    *, html: bool = False, highlight: Callable[[str, str, str], str] | None = None
) -> MarkdownIt:
    """A parser for the markdown of one card: CommonMark, GFM tables and strikethrough, math."""
    md = MarkdownIt("commonmark", {"html": html, "highlight": highlight, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    use_math(md)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("image", "wiki_image", _wiki_image_rule)
    md.core.ruler.at("block", _one_paragraph_rule)
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

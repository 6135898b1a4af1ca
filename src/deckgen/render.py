"""Card markdown to Anki HTML (code highlighted by pygments) or to one line of plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from markdown_it.token import Token

from .markdown import CITATION_MARKER, card_parser
from .model import CLOZE, Card, Citation, Media, pickled_by_fields


@lru_cache(maxsize=256)
def _lexer(language: str):
    """The pygments lexer for a fence's language, or None (plain code)."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language) if language else None
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _formatter():
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


def _highlight(code: str, language: str, _attrs: str) -> str:
    from pygments import highlight

    language = language.split()[0] if language.strip() else ""
    css_class = f' class="language-{html.escape(language)}"' if language else ""
    lexer = _lexer(language)
    # Cloze markers inside code would be split up by the highlighter's spans, and
    # Anki would no longer see them: highlight a placeholder word, then put them back.
    clozes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        clozes.append(match.group(0))
        return f"DECKGENCLOZE{len(clozes) - 1}X"

    source = CLOZE.sub(hide, code)
    body = highlight(source, lexer, _formatter()) if lexer else html.escape(source)
    for n, cloze in enumerate(clozes):
        body = body.replace(f"DECKGENCLOZE{n}X", html.escape(cloze, quote=False))
    if "DECKGENCLOZE" in body:  # a placeholder the lexer split: no highlighting then
        body = html.escape(code, quote=False)
    # Starting with "<pre" tells markdown-it to use this as the whole block.
    return f'<pre class="highlight"><code{css_class}>{body}</code></pre>\n'


def known_language(language: str) -> bool:
    """Whether pygments can highlight ``language`` (a fence's info word)."""
    return _lexer(language) is not None


def stripped_html(fragment: str) -> list[str]:
    """What the sanitiser removes from raw HTML, described: ``<script>``, ``onclick=``..."""
    removed = []
    for tag in re.findall(r"<\s*([a-zA-Z][\w-]*)", fragment):
        if tag.lower() not in _ALLOWED_TAGS:
            removed.append(f"<{tag.lower()}>")
    for attribute in re.findall(r"\s(on[a-z]+)\s*=", fragment, re.IGNORECASE):
        removed.append(f"{attribute.lower()}=")
    if re.search(r"(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):", fragment, re.I):
        removed.append("a javascript:/data: link")
    return list(dict.fromkeys(removed))


def _math(content: str) -> str:
    # MathJax in Anki breaks on a raw newline; LaTeX does not need them.
    return html.escape(" ".join(content.split()), quote=False)


def _render_inline_math(self, tokens: list[Token], idx: int, options, env) -> str:
    return "\\(" + _math(tokens[idx].content) + "\\)"


def _render_display_math(self, tokens: list[Token], idx: int, options, env) -> str:
    return "\\[" + _math(tokens[idx].content) + "\\]"


def _render_math_block(self, tokens: list[Token], idx: int, options, env) -> str:
    return '<div class="math">\\[' + _math(tokens[idx].content) + "\\]</div>\n"


def _render_image(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    name = env.get("media", {}).get(token.attrGet("src"))
    if name:
        token.attrSet("src", name)
    return self.image(tokens, idx, options, env)


def _render_citation(self, tokens: list[Token], idx: int, options, env) -> str:
    number = env["citations"][tokens[idx].meta["label"]]
    # Brackets keep neighbours apart: [1][2], not "12".
    return f'<sup class="citation">[{number}]</sup>'


@lru_cache(maxsize=1)
def _html_parser():
    md = card_parser(html=True, highlight=_highlight)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("image", _render_image)
    for name in ("math_inline",):
        md.add_render_rule(name, _render_inline_math)
    md.add_render_rule("math_inline_double", _render_display_math)
    for name in ("math_block", "math_block_eqno", "math_block_label"):
        md.add_render_rule(name, _render_math_block)
    return md


# What raw HTML in a card may keep. Everything else -- <script>, <iframe>, <style>,
# event handlers, javascript: URLs -- is removed before it reaches Anki.
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
}


@lru_cache(maxsize=1)
def _sanitiser():
    import nh3

    return nh3.Cleaner(
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        filter_style_properties={"text-align"},
    )


def sanitise(fragment: str) -> str:
    """Keep formatting, drop anything that could run or load: see ``_ALLOWED_TAGS``."""
    return _sanitiser().clean(fragment)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class CardRender:
    """Everything deckgen derives from a card's markdown, from one parse of each side."""

    question_html: str
    answer_html: str
    question_text: str  # one line of plain text
    answer_text: str
    citations: tuple[str, ...]  # labels, in order of first citation
    code: tuple[tuple[str, str], ...]  # (language, code) of each code block
    images: tuple[str, ...]  # local or remote image references, as the parser sees them
    raw_html: tuple[str, ...]  # HTML written in the markdown, before sanitising
    unresolved: tuple[str, ...]  # [^labels] with no definition, left as text


class _Analysis:
    """What a card's tokens hold, collected in one walk."""

    def __init__(self) -> None:
        self.citations: list[str] = []
        self.code: list[tuple[str, str]] = []
        self.images: list[str] = []
        self.raw_html: list[str] = []
        self.unresolved: list[str] = []

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "citation":
                if token.meta["label"] not in self.citations:
                    self.citations.append(token.meta["label"])
            elif kind in ("fence", "code_block"):
                language = token.info.split()[0] if token.info.strip() else ""
                self.code.append((language, token.content))
            elif kind == "image":
                self.images.append(str(token.attrs.get("src", "")))
            elif kind == "text":
                if "[^" in token.content:
                    self.unresolved += CITATION_MARKER.findall(token.content)
            elif kind in ("html_inline", "html_block"):
                self.raw_html.append(token.content)
            if token.children:
                self.walk(token.children)


def render_card(
    question: str,
    answer: str,
    defined: Container[str] = (),
    resolve_image: Callable[[str], str | None] = lambda src: None,
) -> CardRender:
    """Parse both sides once; analyse, then render HTML and plain text from the tokens.

    ``defined``: the citation labels the page defines. ``resolve_image(src)``: the
    packaged name of a local image, or None to leave the reference as it is.
    """
    md = _html_parser()
    env: dict = {"citations": defined}
    sides = [md.parse(question, env), md.parse(answer, env)]
    analysis = _Analysis()
    for tokens in sides:
        analysis.walk(tokens)
    media = {}
    for src in dict.fromkeys(analysis.images):
        name = resolve_image(src)
        if name:
            media[src] = name
    env = {"citations": {label: n for n, label in enumerate(analysis.citations, 1)}, "media": media}
    html_sides = [_to_html(md, tokens, env) for tokens in sides]
    text_sides = [fold(BLOCK_BREAK.join(_plain_blocks(tokens))) for tokens in sides]
    return CardRender(
        *html_sides,
        *text_sides,
        tuple(analysis.citations),
        tuple(analysis.code),
        tuple(analysis.images),
        tuple(analysis.raw_html),
        tuple(dict.fromkeys(analysis.unresolved)),
    )


def rendered(card: Card) -> CardRender:
    """A card's rendering: the one made while parsing, else a new one."""
    if isinstance(card.rendered, CardRender):
        return card.rendered
    media = {m.src: m.name for m in card.media}
    return render_card(card.question, card.answer, {c.label for c in card.citations}, media.get)


def _to_html(md, tokens: list[Token], env: dict) -> str:
    rendered = md.renderer.render(tokens, md.options, env)
    # Markdown syntax renders to safe HTML by itself; raw HTML must be cleaned.
    if any(t.type == "html_block" or _has_inline_html(t) for t in tokens):
        rendered = sanitise(rendered)
    return rendered.strip()


def _has_inline_html(token: Token) -> bool:
    return bool(token.children) and any(c.type == "html_inline" for c in token.children)


def to_html(markdown: str, citations: Sequence[Citation] = (), media: Sequence[Media] = ()) -> str:
    """Anki field HTML, sanitised. Citations become superscript [1], [2]... in card order;
    local images point at their packaged media names."""
    md = _html_parser()
    env = {
        "citations": {c.label: n for n, c in enumerate(citations, start=1)},
        "media": {m.src: m.name for m in media},
    }
    return _to_html(md, md.parse(markdown, env), env)


def sources_html(citations: Sequence[Citation]) -> str:
    """The numbered list of a card's sources, as links where there is a URL."""
    if not citations:
        return ""
    items = []
    for citation in citations:
        text = html.escape(citation.title or unquote(citation.url))
        if citation.url:
            items.append(f'<li><a href="{html.escape(citation.url)}">{text}</a></li>')
        else:
            items.append(f"<li>{text}</li>")
    return "<ol>" + "".join(items) + "</ol>"


def sources_section(citations: Sequence[Citation]) -> str:
    """The sources list with its title, as the back of an Anki card shows it."""
    if not citations:
        return ""
    title = '<div class="sources-title">Sources</div>'
    return f'<div class="sources">{title}{sources_html(citations)}</div>'


# --- plain text, for Quizlet: one line, no HTML -------------------------------------

CODE_LINE_BREAK = " ↵ "
BLOCK_BREAK = " / "
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r" {2,}")


def fold(text: str) -> str:
    """One line: tabs, line and paragraph separators become spaces; runs of spaces fold."""
    return _SPACES.sub(" ", _LINE_BREAKS.sub(" ", text)).strip()


def to_plain(markdown: str) -> str:
    """The card text as one line of plain text; citation markers and HTML tags are dropped."""
    return fold(BLOCK_BREAK.join(_plain_blocks(_html_parser().parse(markdown, {}))))


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
    for child in children:
        if child.type in ("text", "text_special"):
            parts.append(CITATION_MARKER.sub("", child.content))
        elif child.type in ("code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "math_inline_double":
            parts.append(child.content.strip())
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append(BLOCK_BREAK)
        elif child.type == "image":
            parts.append(_plain_inline(child.children or []))
    return "".join(parts)


# --- card styling --------------------------------------------------------------------

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"
# Anki puts "nightMode night_mode" on the card's own element (.card is <body>); some
# clients put it on an ancestor instead. ".nightMode .card" would match neither.
_NIGHT = (".card.nightMode", ".card.night_mode", ".nightMode", ".night_mode")

_BASE_CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR", sans-serif;
  font-size: 20px;
  line-height: 1.5;
  color: var(--fg, #1f2328);
  background-color: var(--canvas, #ffffff);
}
.card.nightMode, .card.night_mode {
  color: var(--fg, #e6edf3);
  background-color: var(--canvas, #1f2328);
}
.question { text-align: center; }
.answer, .sources, .cloze-text { text-align: left; }
pre.highlight {
  text-align: left;
  overflow-x: auto;
  white-space: pre;
  max-width: 100%;
  padding: 0.6em 0.8em;
  border-radius: 6px;
  font-size: 0.8em;
  line-height: 1.4;
  color: #1f2328;
  background-color: #f6f8fa;
}
code { font-family: "JetBrains Mono", Menlo, Consolas, "Noto Sans Mono", monospace; }
:not(pre) > code {
  padding: 0.1em 0.3em;
  border-radius: 4px;
  font-size: 0.9em;
  background-color: var(--canvas-code, rgba(175, 184, 193, 0.25));
}
sup.citation { font-size: 0.6em; color: var(--fg-subtle, #6e7781); }
.sources { margin-top: 1em; font-size: 0.7em; color: var(--fg-subtle, #6e7781); }
.sources ol { margin: 0.2em 0; padding-left: 1.5em; }
.sources a { color: inherit; word-break: break-all; }
.sources-title { font-weight: bold; }
.math { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid var(--border, #d0d7de); padding: 0.25em 0.6em; }
img { max-width: 100%; height: auto; }
.cloze { font-weight: bold; color: var(--accent-note, #0969da); }
"""


def card_css() -> str:
    """CSS for the note types: layout, and code colours for Anki's light and night modes."""
    from pygments.formatters import HtmlFormatter

    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")
    dark_formatter = HtmlFormatter(style=DARK_STYLE)
    dark = dark_formatter.get_style_defs([f"{night} .highlight" for night in _NIGHT])
    style = dark_formatter.style
    night_pre = ", ".join(f"{night} pre.highlight" for night in _NIGHT)
    # Tokens the dark style leaves uncoloured must not keep their light-mode colour.
    night_reset = ", ".join(f"{night} .highlight span" for night in _NIGHT)
    return (
        _BASE_CSS
        + light
        + f"\n{night_pre} {{ color: #e6edf3; background-color: {style.background_color}; }}\n"
        + f"{night_reset} {{ color: inherit; background-color: transparent; "
        "font-weight: inherit; font-style: inherit; }\n" + dark + "\n"
    )

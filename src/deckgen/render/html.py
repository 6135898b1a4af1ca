"""Card markdown to Anki field HTML: code highlighted by pygments, math for MathJax,
raw HTML sanitised by nh3."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it.token import Token

from ..markdown import card_parser, option_breaks
from ..model import CLOZE


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


def _render_fence(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    ready = env.get("highlighted")
    found = ready.get((token.info, token.content)) if ready else None
    return found if found is not None else self.fence(tokens, idx, options, env)


def fence_html(info: str, code: str) -> str:
    """The HTML of a code fence with this info string and code, as a card shows it."""
    md = parser()
    token = Token("fence", "code", 0, info=info, content=code)
    return md.renderer.fence([token], 0, md.options, {})


def _render_softbreak(self, tokens: list[Token], idx: int, options, env) -> str:
    # The paragraph's options are found once, at its first line break.
    breaks = env.setdefault("option breaks", {})
    if id(tokens) not in breaks:
        breaks.clear()
        breaks[id(tokens)] = option_breaks(tokens)
    return "<br>\n" if idx in breaks[id(tokens)] else "\n"


def _render_citation(self, tokens: list[Token], idx: int, options, env) -> str:
    number = env["citations"][tokens[idx].meta["label"]]
    # Brackets keep neighbours apart: [1][2], not "12".
    return f'<sup class="citation">[{number}]</sup>'


@lru_cache(maxsize=1)
def parser():
    """The markdown-it parser for card sides, with deckgen's HTML rules."""
    md = card_parser(html=True, highlight=_highlight)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("softbreak", _render_softbreak)
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


def to_html(md, tokens: list[Token], env: dict) -> str:
    """The HTML of a card side's tokens; sanitised when the markdown held raw HTML.

    ``env["highlighted"]`` may map a fence's (info, code) to its ``fence_html``, made ahead.
    """
    rendered = md.renderer.render(tokens, md.options, env)
    # Markdown syntax renders to safe HTML by itself; raw HTML must be cleaned.
    if any(t.type == "html_block" or _has_inline_html(t) for t in tokens):
        rendered = sanitise(rendered)
    return rendered.strip()


def _has_inline_html(token: Token) -> bool:
    return bool(token.children) and any(c.type == "html_inline" for c in token.children)

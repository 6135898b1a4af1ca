"""One card's markdown, parsed once per side, to everything the outputs need of it."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass

from markdown_it.token import Token

from ..identity import question_identity
from ..markdown import CITATION_MARKER
from ..model import has_cloze, pickled_by_fields
from . import html, text


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Rendering:
    """What deckgen derives from a card's markdown. Only strings and tuples of them, so
    that the cache can keep it as it is (see cache.pack)."""

    question_html: str
    answer_html: str
    question_text: str  # one line of plain text; a cloze card's shows its gaps as [...]
    answer_text: str
    identity: str  # the question as identity.py normalises it
    citations: tuple[str, ...]  # labels, in order of first citation
    # The languages named by code blocks that pygments does not know, each once: known
    # here, so that a build of cached cards does not load pygments to ask.
    unknown_languages: tuple[str, ...]
    images: tuple[str, ...]  # local or remote image references, as the parser sees them
    raw_html: tuple[str, ...]  # HTML written in the markdown, before sanitising
    unresolved: tuple[str, ...]  # [^labels] with no definition, left as text


class _Analysis:
    """What a card's tokens hold, collected in one walk."""

    def __init__(self) -> None:
        self.citations: list[str] = []
        self.languages: list[str] = []
        self.images: list[str] = []
        self.embeds: set[str] = set()  # the images written "![[name.png]]"
        self.raw_html: list[str] = []
        self.unresolved: list[str] = []

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "citation":
                if token.meta["label"] not in self.citations:
                    self.citations.append(token.meta["label"])
            elif kind in ("fence", "code_block"):
                self.languages.append(token.info.split()[0] if token.info.strip() else "")
            elif kind == "image":
                self.images.append(str(token.attrs.get("src", "")))
                if token.meta.get("embed"):
                    self.embeds.add(self.images[-1])
            elif kind == "text":
                if "[^" in token.content:
                    self.unresolved += CITATION_MARKER.findall(token.content)
            elif kind in ("html_inline", "html_block"):
                self.raw_html.append(token.content)
            if token.children:
                self.walk(token.children)


# A "[" whose next "]" is further than this can open no link: CommonMark's link labels
# are at most 999 characters.
_LABEL_REACH = 1000
_MANY_BRACKETS = 500


def _defused(markdown: str) -> str:
    """The markdown with each "[" that can close no link escaped, when there are many.

    markdown-it looks for the end of a link from every "[" to the next "]": thousands
    of "[" with no "]" in reach (an attack, or a paste gone wrong) take minutes.
    Written as the character reference "&#91;", they are the same text, read in one pass
    (a backslash would make "\\[" the start of display math).
    """
    if markdown.count("[") < _MANY_BRACKETS:
        return markdown
    parts, start = [], 0
    for match in re.finditer(r"(?<!\\)\[", markdown):
        at = match.start()
        close = markdown.find("]", at, at + _LABEL_REACH)
        if close < 0:
            parts.append(markdown[start:at] + "&#91;")
            start = at + 1
    parts.append(markdown[start:])
    return "".join(parts)


def render_card(
    question: str,
    answer: str,
    defined: Container[str] = (),
    resolve_image: Callable[[str, bool], str | None] = lambda src, embedded: None,
    highlighted: Mapping[tuple[str, str], str] | None = None,
) -> Rendering:
    """Parse both sides once; analyse, then make HTML, plain text and identity of the tokens.

    ``defined``: the citation labels the page defines. ``resolve_image(src, embedded)``:
    the packaged name of a local image (``embedded``: written "![[name.png]]"), or None
    to leave the reference as it is.
    ``highlighted``: code fences highlighted ahead (see ``html.fence_html``).
    """
    md = html.parser()
    env: dict = {"citations": defined}
    sides = [md.parse(_defused(question), env), md.parse(_defused(answer), env)]
    identity = question_identity(sides[0])
    analysis = _Analysis()
    for tokens in sides:
        analysis.walk(tokens)
    media = {}
    for src in dict.fromkeys(analysis.images):
        name = resolve_image(src, src in analysis.embeds)
        if name:
            media[src] = name
    env = {
        "citations": {label: n for n, label in enumerate(analysis.citations, 1)},
        "media": media,
        "highlighted": highlighted,
    }
    html_sides = [html.to_html(md, tokens, env) for tokens in sides]
    if has_cloze(question) or has_cloze(answer):
        # Quizlet has no cloze cards: the term shows the gaps, the definition the text.
        # A cloze sentence's extra text (Anki's Back Extra) shows on the back only.
        whole = question + "\n\n" + answer
        front = question if has_cloze(question) else whole
        text_sides = [
            text.plain(md.parse(text.hide_clozes(front), {})),
            text.plain(md.parse(text.reveal_clozes(whole), {})),
        ]
    else:
        text_sides = [text.plain(tokens) for tokens in sides]
    return Rendering(
        *html_sides,
        *text_sides,
        identity,
        tuple(analysis.citations),
        tuple(
            language
            for language in dict.fromkeys(analysis.languages)
            if language and not html.known_language(language)
        ),
        tuple(analysis.images),
        tuple(analysis.raw_html),
        tuple(dict.fromkeys(analysis.unresolved)),
    )

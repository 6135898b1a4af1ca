"""deckgen's two Anki note types: ids, fields, card templates and CSS, and the field
values of a note. The .apkg exporter writes them; the preview fills the same templates.

Ids and field lists are fixed forever: Anki matches note types by id, and a changed
field list makes it copy the note type and refuse to update notes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import unquote

from ..model import CLOZE_START, Citation, Note, has_cloze

BASIC_MODEL_ID = 1_607_392_319_001
BASIC_MODEL_NAME = "deckgen Basic"
BASIC_FIELDS = ("Question", "Answer", "Sources", "Reverse")
CLOZE_MODEL_ID = 1_607_392_319_002
CLOZE_MODEL_NAME = "deckgen Cloze"
CLOZE_FIELDS = ("Text", "Back Extra", "Sources")

_SOURCES = """{{#Sources}}
<div class="sources"><div class="sources-title">Sources</div>{{Sources}}</div>
{{/Sources}}"""
# Read-only: a writer that needs a dict of its own (genanki adds keys) takes a copy.
FORWARD_TEMPLATE: Mapping[str, str] = MappingProxyType(
    {
        "name": "Question > Answer",
        "qfmt": '<div class="question">{{Question}}</div>',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n'
        + _SOURCES,
    }
)
# Only made when the Reverse field is filled in (Anki skips cards with an empty front).
BACKWARD_TEMPLATE: Mapping[str, str] = MappingProxyType(
    {
        "name": "Answer > Question",
        "qfmt": '{{#Reverse}}<div class="question reverse">{{Answer}}</div>{{/Reverse}}',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Question}}</div>\n'
        + _SOURCES,
    }
)
CLOZE_TEMPLATE: Mapping[str, str] = MappingProxyType(
    {
        "name": "Cloze",
        "qfmt": '<div class="cloze-text">{{cloze:Text}}</div>',
        "afmt": '<div class="cloze-text">{{cloze:Text}}</div>\n'
        '{{#Back Extra}}<hr id="answer"><div class="answer">{{Back Extra}}</div>{{/Back Extra}}\n'
        + _SOURCES,
    }
)
TEMPLATES: Mapping[int, tuple[Mapping[str, str], ...]] = MappingProxyType(
    {
        BASIC_MODEL_ID: (FORWARD_TEMPLATE, BACKWARD_TEMPLATE),
        CLOZE_MODEL_ID: (CLOZE_TEMPLATE,),
    }
)


def note_fields(note: Note) -> tuple[int, list[str]]:
    """The note type id and field values (HTML) of a note."""
    question, answer = note.question_html, note.answer_html
    sources = sources_html(note.citations)
    if not note.card.is_cloze:
        return BASIC_MODEL_ID, [question, answer, sources, "y" if note.card.reverse else ""]
    if has_cloze(note.card.question):
        return CLOZE_MODEL_ID, [question, answer, sources]
    return CLOZE_MODEL_ID, [question + "\n" + answer, "", sources]


def card_ords(model_id: int, fields: Sequence[str]) -> list[int]:
    """The templates (Basic) or cloze numbers (Cloze) that give a note its cards."""
    if model_id == CLOZE_MODEL_ID:
        return sorted({int(n) - 1 for n in CLOZE_START.findall(fields[0])})
    return [0, 1] if fields[3] else [0]


def sources_html(citations: Sequence[Citation]) -> str:
    """The numbered list of a card's sources, as links where there is a URL."""
    if not citations:
        return ""
    return _sources_html(tuple(citations))


@lru_cache(maxsize=1024)  # a page's cards cite the same few sources over and over
def _sources_html(citations: tuple[Citation, ...]) -> str:
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


# --- card styling -------------------------------------------------------------------------

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"
# Anki puts "nightMode night_mode" on the card's own element (.card is <body>), which
# ".nightMode .card" does not match; some clients put them on an ancestor instead, so
# the card's own night rule names both.
_NIGHT = (".card.nightMode", ".card.night_mode", ".nightMode", ".night_mode")
# Night-mode fallbacks of the colour variables: older desktops and some mobile clients
# define none, and the light fallbacks are too dark on the night canvas (3.5:1 for the
# sources, 3.0:1 for a cloze). These reach WCAG's 4.5:1 on it, and a cloze also on
# inline code's background and in a code block.
NIGHT_SUBTLE = "#9198a1"
NIGHT_ACCENT = "#79c0ff"

_BASE_CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR", sans-serif;
  font-size: 20px;
  line-height: 1.5;
  color: var(--fg, #1f2328);
  background-color: var(--canvas, #ffffff);
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
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


def _night(*selectors: str) -> str:
    """A selector list for ``selectors`` in night mode, however the client marks it."""
    return ", ".join(f"{night} {selector}" for night in _NIGHT for selector in selectors)


def card_css() -> str:
    """CSS for the note types: layout, and code colours for Anki's light and night modes."""
    from pygments.formatters import HtmlFormatter

    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")
    dark_formatter = HtmlFormatter(style=DARK_STYLE)
    dark = dark_formatter.get_style_defs([f"{night} .highlight" for night in _NIGHT])
    style = dark_formatter.style
    night_text = (
        f"{_night('sup.citation', '.sources')} {{ color: var(--fg-subtle, {NIGHT_SUBTLE}); }}\n"
        f"{_night('.cloze')} {{ color: var(--accent-note, {NIGHT_ACCENT}); }}\n"
    )
    night_pre = _night("pre.highlight")
    # Tokens the dark style leaves uncoloured must not keep their light-mode colour.
    night_reset = _night(".highlight span")
    # The <span class="cloze"> Anki puts around a revealed cloze in code is no token: it
    # keeps the cloze colour (and weight), which the reset would take away.
    night_cloze = _night(".highlight .cloze")
    return (
        _BASE_CSS
        + night_text
        + light
        + f"\n{night_pre} {{ color: #e6edf3; background-color: {style.background_color}; }}\n"
        + f"{night_reset} {{ color: inherit; background-color: transparent; "
        "font-weight: inherit; font-style: inherit; }\n"
        + f"{night_cloze} {{ color: var(--accent-note, {NIGHT_ACCENT}); font-weight: bold; }}\n"
        + dark
        + "\n"
    )

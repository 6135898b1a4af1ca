"""``deckgen preview``: every card of a build on one HTML page, as Anki will show it.

Each side of each card is made the way Anki makes it from the .apkg: the note's field
values (``notetypes.note_fields``) put into the note type's own card templates, styled
by the note type's CSS (``notetypes.card_css``). Nothing is rendered a second way.

The page is one file that needs no network: no CDN, no web fonts. Local images are
embedded in it; math is typeset only if a local MathJax is found (``find_mathjax``),
else the raw ``\\(...\\)`` stays visible. Its script does O(1) work at load; the search
box filters with one pass over the cards, using lowercase text precomputed here.
"""

from __future__ import annotations

import base64
import bisect
import html
import json
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The note types are the .apkg's own, so the preview cannot drift from what Anki is given.
from .anki.notetypes import (
    BACKWARD_TEMPLATE,
    BASIC_FIELDS,
    CLOZE_FIELDS,
    CLOZE_MODEL_ID,
    CLOZE_TEMPLATE,
    FORWARD_TEMPLATE,
    card_css,
    note_fields,
)
from .errors import OutputError
from .files import replacing
from .model import CLOZE, CLOZE_START, Note, NoteDeck, Problem

SUFFIX = ".html"

# Where distributions install MathJax, most self-contained first (tex-svg needs no
# font files). The first one that exists is used unless --mathjax names another.
MATHJAX_CANDIDATES = (
    "/usr/share/nodejs/mathjax-full/es5/tex-svg.js",  # Debian/Ubuntu node-mathjax-full (v3)
    "/usr/share/nodejs/mathjax-full/es5/tex-chtml.js",
    "/usr/share/javascript/mathjax/MathJax.js",  # Debian/Ubuntu libjs-mathjax (v2)
)


# --- the sides of a card, from the .apkg's templates ----------------------------------


@dataclass(frozen=True, slots=True)
class Face:
    """One of the Anki cards a note makes: its template's name and both sides' HTML."""

    name: str  # "Question > Answer", "Answer > Question", "Cloze 2"
    front: str
    back: str


def faces(note: Note) -> list[Face]:
    """The cards Anki makes from a note, each side's HTML as Anki renders it."""
    model_id, values = note_fields(note)
    if model_id == CLOZE_MODEL_ID:
        fields = dict(zip(CLOZE_FIELDS, values, strict=True))
        numbers = sorted({int(n) for n in CLOZE_START.findall(fields["Text"])})
        return [_face(CLOZE_TEMPLATE, fields, f"Cloze {n}", n) for n in numbers]
    fields = dict(zip(BASIC_FIELDS, values, strict=True))
    found = [
        _face(template, fields, template["name"])
        for template in (FORWARD_TEMPLATE, BACKWARD_TEMPLATE)
    ]
    return [face for face in found if face.front.strip()]  # Anki skips empty fronts too


def _face(template: Mapping[str, str], fields: dict[str, str], name: str, cloze: int = 0) -> Face:
    front = _fill(template["qfmt"], fields, cloze=cloze, reveal=False)
    back = _fill(template["afmt"], fields, cloze=cloze, reveal=True, front_side=front)
    return Face(name, front, back)


# Our templates use only {{Field}}, {{cloze:Field}}, {{FrontSide}} and {{#Field}}...{{/Field}}
# sections; this is enough for them, not a general template engine.
_SECTION = re.compile(r"\{\{#(.+?)\}\}(.*?)\{\{/\1\}\}", re.S)
_REPLACEMENT = re.compile(r"\{\{(cloze:)?(.+?)\}\}")


def _fill(
    template: str, fields: dict[str, str], *, cloze: int, reveal: bool, front_side: str = ""
) -> str:
    text = _SECTION.sub(lambda m: m.group(2) if fields[m.group(1)].strip() else "", template)

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name == "FrontSide":
            return front_side
        if match.group(1):
            return _cloze(fields[name], cloze, reveal)
        return fields[name]

    # One pass: a field's value is never read as template, even if it holds "{{".
    return _REPLACEMENT.sub(replace, text)


def _cloze(text: str, active: int, reveal: bool) -> str:
    """Anki's cloze markup for card ``active``: that cloze hidden (front) or shown (back)."""

    def one(match: re.Match[str]) -> str:
        number, answer, hint = int(match.group(1)), match.group(2), match.group(3)
        if number != active:
            return f'<span class="cloze-inactive" data-ordinal="{number}">{answer}</span>'
        if reveal:
            return f'<span class="cloze" data-ordinal="{number}">{answer}</span>'
        return (
            f'<span class="cloze" data-cloze="{_anki_attribute(answer)}" '
            f'data-ordinal="{number}">[{hint or "..."}]</span>'
        )

    return CLOZE.sub(one, text)


def _anki_attribute(text: str) -> str:
    """Escape an attribute value as Anki does (Rust's htmlescape::encode_attribute)."""
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
    out = []
    for char in text:
        if char in named:
            out.append(named[char])
        elif ord(char) < 256 and not (char.isascii() and char.isalnum()):
            out.append(f"&#x{ord(char):02X};")
        else:
            out.append(char)
    return "".join(out)


# --- warnings next to their card --------------------------------------------------------


def problems_by_card(
    decks: Sequence[NoteDeck], problems: Sequence[Problem]
) -> tuple[dict[tuple[int, int], list[Problem]], list[Problem]]:
    """Each problem under the card whose lines hold it: ``{(deck, card): problems}``.

    A card's lines run from its question to the next card's (the last card: to the
    end of the file). Problems outside every card come back on their own.
    """
    # A deck is one file: its cards' first lines, in order, keyed by the file's path.
    first_lines = {
        deck.notes[0].card.pos.path: (d, [note.card.pos.line for note in deck.notes])
        for d, deck in enumerate(decks)
        if deck.notes
    }
    by_card: dict[tuple[int, int], list[Problem]] = {}
    others: list[Problem] = []
    for problem in problems:
        d, lines = first_lines.get(problem.pos.path, (0, [])) if problem.pos else (0, [])
        index = bisect.bisect_right(lines, problem.pos.line) - 1 if problem.pos else -1
        if index >= 0:
            by_card.setdefault((d, index), []).append(problem)
        else:
            others.append(problem)
    return by_card, others


# --- MathJax ---------------------------------------------------------------------------


def find_mathjax(given: Path | None = None) -> Path | None:
    """The MathJax script to use: ``given``, else the first installed candidate, else None."""
    if given is not None:
        return given
    return next((Path(p) for p in MATHJAX_CANDIDATES if Path(p).is_file()), None)


def _mathjax_tags(script: Path) -> str:
    url = html.escape(script.resolve().as_uri())
    # Our cards hold math as \(...\) and \[...\] only; "$" is left alone (prices).
    # MathJax's Safe extension keeps \href{javascript:...} and the like from making links
    # (only http, https and file URLs stay), in version 2 and 3 alike.
    if script.name == "MathJax.js":  # version 2 loads its parts from beside itself
        config = (
            "MathJax.Hub.Config({extensions: ['Safe.js'], "
            "Safe: {allow: {URLs: 'safe', classes: 'safe', cssIDs: 'safe', styles: 'safe', "
            "require: 'none'}}, "
            "tex2jax: {inlineMath: [['\\\\(', '\\\\)']], "
            "displayMath: [['\\\\[', '\\\\]']]}});"
        )
        return (
            f'<script type="text/x-mathjax-config">{config}</script>\n'
            f'<script src="{url}?config=TeX-AMS_CHTML"></script>\n'
        )
    config = (
        "window.MathJax = {loader: {load: ['ui/safe']}, "
        "tex: {inlineMath: [['\\\\(', '\\\\)']], "
        "displayMath: [['\\\\[', '\\\\]']]}};"
    )
    return f'<script>{config}</script>\n<script src="{url}" async></script>\n'


# --- the page --------------------------------------------------------------------------


def _night_cards(css: str) -> str:
    """The card CSS's rules for ``.card.nightMode``, for cards inside a night-mode page.

    In Anki the card is the <body>, which carries the night-mode classes itself; here
    many cards share one <body>, so the page's switch flips the classes on the body
    only (one change, however many cards) and these copies of the rules follow it.
    """
    rules = re.findall(r"([^{}]*)\{([^{}]*)\}", css)
    return "".join(
        f"body.nightMode .card {{{body}}}\n"
        for selectors, body in rules
        if ".card.nightMode" in (s.strip() for s in selectors.split(","))
    )


_PAGE_CSS = """\
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1f2328; background: #eaeef2; }
body.nightMode { color: #e6edf3; background: #010409; color-scheme: dark; }
[hidden] { display: none !important; }
#bar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 0.6em;
  align-items: center; padding: 0.6em 1em; background: inherit;
  border-bottom: 1px solid #d0d7de; }
body.nightMode #bar { border-color: #30363d; }
#bar h1 { font-size: 1.1em; margin: 0 auto 0 0; }
#search { font: inherit; padding: 0.3em 0.5em; min-width: 16em; }
#theme { font: inherit; padding: 0.3em 0.8em; cursor: pointer; }
main { padding: 0 1em 2em; }
.entry { margin: 1em 0; padding: 0.6em 0.8em; border: 1px solid #d0d7de; border-radius: 8px;
  content-visibility: auto; contain-intrinsic-size: auto 20em; }  /* lay out what is seen */
body.nightMode .entry { border-color: #30363d; }
.meta { display: flex; flex-wrap: wrap; gap: 0.3em 1em; font-size: 0.9em; }
.meta .title { font-weight: bold; }
.meta .title:empty { display: none; }
.where { font-family: ui-monospace, monospace; }
.tag { display: inline-block; margin-right: 0.3em; padding: 0 0.4em; border-radius: 1em;
  background: rgba(175, 184, 193, 0.3); }
.problems { margin: 0.4em 0; padding-left: 1.4em; color: #9a6700; }
.problems .error { color: #cf222e; }
body.nightMode .problems { color: #d29922; }
body.nightMode .problems .error { color: #f85149; }
.face-name { margin-top: 0.6em; font-size: 0.85em; opacity: 0.8; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(20em, 1fr)); gap: 0.6em; }
.side-name { font-size: 0.75em; text-transform: uppercase; opacity: 0.7; }
.side { min-width: 0; }  /* a long code line scrolls inside its card */
.sides .card { padding: 0.8em 1em; border-radius: 6px; overflow-x: auto; min-height: 2em;
  border: 1px solid rgba(128, 128, 128, 0.3); }
"""

# Runs before the cards are parsed, so a dark page never flashes white first.
_THEME_SCRIPT = """\
var deckgenTheme = { key: "deckgen-preview-theme", classes: ["nightMode", "night_mode"] };
(function () {
  var stored = null;
  try { stored = localStorage.getItem(deckgenTheme.key); } catch (e) {}
  var dark = stored ? stored === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  deckgenTheme.classes.forEach(function (c) { document.body.classList.toggle(c, dark); });
})();
"""

# Event listeners on the search box and the button; no per-card work until one fires.
_PAGE_SCRIPT = """\
(function () {
  var body = document.body;
  var entries = document.getElementById("cards").children;
  var search = document.getElementById("search");
  var count = document.getElementById("count");
  var theme = document.getElementById("theme");

  function filter() {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < entries.length; i++) {
      var text = entries[i].getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      entries[i].hidden = !match;
      if (match) shown++;
    }
    count.textContent = shown + " of " + entries.length + " cards shown";
  }

  function showTheme() {
    var dark = body.classList.contains("nightMode");
    theme.textContent = dark ? "Light mode" : "Dark mode";
    theme.setAttribute("aria-pressed", String(dark));
  }

  search.addEventListener("input", filter);
  theme.addEventListener("click", function () {
    var dark = !body.classList.contains("nightMode");
    deckgenTheme.classes.forEach(function (c) { body.classList.toggle(c, dark); });
    try { localStorage.setItem(deckgenTheme.key, dark ? "dark" : "light"); } catch (e) {}
    showTheme();
  });
  showTheme();
  if (search.value) filter();  // the browser kept a query across a reload
})();
"""

# Card HTML names packaged images by their media names, as Anki's media folder does;
# here the files are embedded in the page, and each <img> is pointed at its copy.
_MEDIA_SCRIPT = """\
(function () {
  var media = JSON.parse(document.getElementById("media").textContent);
  var images = document.images;
  for (var i = 0; i < images.length; i++) {
    var data = media[images[i].getAttribute("src")];
    if (data) images[i].src = data;
  }
})();
"""


def page(
    decks: Sequence[NoteDeck],
    problems: Sequence[Problem] = (),
    title: str = "cards",
    mathjax: Path | None = None,
) -> str:
    """The preview page: every card's sides, its deck, tags, place and problems."""
    by_card, others = problems_by_card(decks, problems)
    total = sum(len(deck.notes) for deck in decks)
    css = card_css()
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} — deckgen preview</title>\n",
        f'<style id="card-css">\n{css}</style>\n',
        f"<style>\n{_night_cards(css)}{_PAGE_CSS}</style>\n",
        _mathjax_tags(mathjax) if mathjax else "",
        f"</head>\n<body>\n<script>\n{_THEME_SCRIPT}</script>\n",
        '<div id="bar">\n'
        f"<h1>{html.escape(title)}</h1>\n"
        '<input id="search" type="search" placeholder="Search cards" aria-label="Search cards">\n'
        f'<span id="count" aria-live="polite">{total} of {total} cards shown</span>\n'
        '<button id="theme" type="button" aria-pressed="false">Dark mode</button>\n'
        "</div>\n<main>\n",
    ]
    if others:
        parts.append(f'<ul class="problems">{"".join(map(_problem_item, others))}</ul>\n')
    parts.append('<div id="cards">\n')
    for d, deck in enumerate(decks):
        for c, note in enumerate(deck.notes):
            parts.append(_entry(deck, note, by_card.get((d, c), [])))
    parts.append("</div>\n</main>\n")
    media = _media(decks)
    if media:
        data = json.dumps(media).replace("<", "\\u003c")  # no "</script>" inside
        parts.append(f'<script type="application/json" id="media">{data}</script>\n')
        parts.append(f"<script>\n{_MEDIA_SCRIPT}</script>\n")
    parts.append(f"<script>\n{_PAGE_SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(parts)


def _entry(deck: NoteDeck, note: Note, problems: list[Problem]) -> str:
    card = note.card
    where = str(card.pos)
    searchable = " ".join(
        [card.title, note.question_text, note.answer_text, deck.deck_of(note), *card.tags, where]
    ).lower()
    tags = "".join(f'<span class="tag">{html.escape(tag)}</span>' for tag in card.tags)
    out = [
        f'<article class="entry" data-search="{html.escape(searchable)}">\n<div class="meta">'
        f'<span class="title">{html.escape(card.title)}</span>'
        f'<span class="where">{html.escape(where)}</span>'
        f'<span class="deck">{html.escape(deck.deck_of(note))}</span>'
        f'<span class="tags">{tags}</span></div>\n'
    ]
    if problems:
        out.append(f'<ul class="problems">{"".join(map(_problem_item, problems))}</ul>\n')
    for face in faces(note):
        out.append(
            f'<div class="face"><div class="face-name">{html.escape(face.name)}</div>\n'
            '<div class="sides">\n'
            f'<div class="side"><div class="side-name">Front</div>\n'
            f'<div class="card">{face.front}</div></div>\n'
            f'<div class="side"><div class="side-name">Back</div>\n'
            f'<div class="card">{face.back}</div></div>\n'
            "</div></div>\n"
        )
    out.append("</article>\n")
    return "".join(out)


def _problem_item(problem: Problem) -> str:
    return f'<li class="{html.escape(problem.severity)}">{html.escape(str(problem))}</li>'


def _media(decks: Sequence[NoteDeck]) -> dict[str, str]:
    """Each packaged image's media name, and its file as a data: URL."""
    found = {m.name: m.path for deck in decks for note in deck.notes for m in note.media}
    media = {}
    for name, path in sorted(found.items()):
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        try:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        except OSError as err:
            raise OutputError(f"cannot read the image {path}: {err.strerror}") from None
        media[name] = f"data:{kind};base64,{data}"
    return media


# --- writing ---------------------------------------------------------------------------


def write(text: str, path: Path) -> Path:
    """Write the page to ``path``, all or nothing, like the exporters do."""
    with replacing(path) as temp:
        temp.write_text(text, encoding="utf-8")
    return path

"""Cards written as data in a fenced block, for importing: CSV, TSV and JSON.

Asked for "Anki flashcards", a chat assistant often answers with the cards as a file
to import, inside a code fence, between a preamble and closing instructions::

    ```csv
    Front,Back
    "What is the capital of Australia?","Canberra"
    ```

This module reads such blocks, on a page where nothing else is a card (as the
re-read of a ```markdown block: see ``parse_text``). A block is read when its info
string names data or nothing (``csv``, ``tsv``, ``text``, ``json``, none), so a
```python block stays code, and when its content holds cards:

- delimited rows (tab, semicolon or comma, as Anki's text import reads them; the one
  that gives the most rows of one width, two fields or more, decided per block); a
  first row naming a question and an answer column ("Front,Back", "Frage;Antwort") is a
  header, not a card; the other columns join the answer as ``**Header:** value`` and a
  ``Tags`` column gives the card's tags;
- JSON: a list of objects with a question and an answer key ("front"/"back", "q"/"a"...),
  or of ``[question, answer]`` pairs, alone or in an object (``{"flashcards": [...]}``).

A row that cannot be read (another width, broken quotes, invalid JSON) is left out with
a warning naming its lines. A block whose info string says nothing of data (none,
``text``) and that holds no more readable rows than unreadable ones is not data at all:
its lines are reported as any other text in no card.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Problem, SourcePos
from .document import Block, Document, control_names, without_controls
from .draft import Draft
from .finder import deck_and_sections
from .labels import INDEX_HEADERS, column_title, extra_columns, is_table_header, named_columns

# The info strings of a block that may hold data; anything else ("python") is code.
DELIMITED_INFO = frozenset({"csv", "tsv", "anki"})
JSON_INFO = frozenset({"json", "json5", "jsonc"})
PLAIN_INFO = frozenset({"", "text", "txt", "plain", "plaintext"})
# Anki's text import reads these three; ties go to the first (a comma inside a
# semicolon-separated question is likelier than a semicolon inside a CSV answer).
DELIMITERS = ("\t", ";", ",")
# A column or key that holds the card's tags, not answer text.
TAG_TITLES = frozenset({"tags", "tag", "etiquetas", "étiquettes", "schlagwörter", "태그", "タグ"})
# Columns of a file exported from Anki (or by deckgen) that are no text of a card.
_NOT_TEXT = frozenset({"guid", "deck", "notetype", "note type", "sources"})


@dataclass
class Found:
    """What the data blocks of a page hold."""

    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kept: set[int] = field(default_factory=set)  # the lines of the blocks read as data
    deck: str = ""  # the deck the first block that names one names ({"deck": ..., "cards": [...]})


def parse(doc: Document) -> tuple[list[Draft], str, list[Problem], set[int]]:
    """The cards of the page's data blocks, as ``finder.parse`` gives its own: drafts,
    the deck name the headings above them give, problems, and lines kept out of cards."""
    found = Found()
    headings: list[Block] = []  # the headings above the block, outermost first
    for block in doc.blocks:
        if block.kind == "heading":
            while headings and headings[-1].level >= block.level:
                headings.pop()
            headings.append(block)
        elif block.kind == "other":
            drafts = _block_cards(doc, block, found)
            for draft in drafts:
                draft.path = tuple(headings)
            found.drafts += drafts
    return found.drafts, deck_and_sections(found.drafts) or found.deck, found.problems, found.kept


def _fence(line: str) -> tuple[str, str] | None:
    """A fence's opening line: its fence ("```") and the first word of its info string."""
    bare = line.lstrip(" ")
    if len(line) - len(bare) > 3 or bare[:3] not in ("```", "~~~"):
        return None
    fence = bare[: len(bare) - len(bare.lstrip(bare[0]))]
    words = bare[len(fence) :].split()
    return fence, words[0].lower() if words else ""


def _block_cards(doc: Document, block: Block, found: Found) -> list[Draft]:
    """The cards of one fenced block, if it holds data (its problems go to ``found``)."""
    opener = _fence(doc.lines[block.start])
    if opener is None:
        return []
    fence, info = opener
    first, end = block.start + 1, block.end
    last = doc.lines[end - 1].strip() if end - 1 > block.start else ""
    if last.startswith(fence) and not last.strip(fence[0]):
        end -= 1  # the closing fence (an unclosed block runs to the page's end)
    content = [doc.lines[n] for n in range(first, end)]
    reader = None
    starts_like_json = "".join(content).lstrip()[:1] in ("[", "{")
    if info in JSON_INFO or (info in PLAIN_INFO and starts_like_json):
        reader = _json_rows
    elif info in DELIMITED_INFO or info in PLAIN_INFO:
        reader = _delimited_rows
    if reader is None:
        return []
    rows = reader(content)
    if rows is None or len(rows.cards) < rows.least:
        return []  # not data: its lines stay text in no card
    found.deck = found.deck or rows.deck
    if info in PLAIN_INFO and len(rows.cards) <= len(rows.bad):
        return []  # a block that says nothing of data, mostly unreadable: text, not data
    # Every line of the block is a card's, or a row left out with its own warning below,
    # or the data's frame (fences, a header, a JSON list's brackets): none is reported
    # again as text in no card.
    found.kept.update(range(block.start, block.end))
    return _drafts(doc, first, rows, found)


def anki_file(doc: Document) -> tuple[list[Draft], str, list[Problem], set[int]] | None:
    """A page that is a file made for Anki's importer, its first line one of Anki's file
    headers ("#separator:tab"): its rows, as ``parse`` gives a block's; None for any
    other page. Read before any other shape: its rows would read as Quizlet's lines."""
    lines = doc.lines
    first = next((n for n in range(len(lines)) if lines[n].strip()), None)
    if first is None:
        return None
    if anki_header(lines[first]) is None:
        # A CSV file saved as a page: its first line names its columns ("front,back").
        if not _names_columns(lines[first]):
            return None
        rows = _delimited_rows(lines[first:])
        if rows is None or len(rows.cards) < 2 or len(rows.bad) >= len(rows.cards):
            return None
    else:
        headers = _anki_headers(lines[first:])
        if not headers.sure:
            return None  # "#Tags: biology" above markdown cards: a note, not Anki's file
        rows = _delimited_rows(lines[first:], headers)
        if rows is None:
            return None
    found = Found()
    found.kept.update(range(len(lines)))
    found.drafts = _drafts(doc, first, rows, found)
    return found.drafts, rows.deck, found.problems, found.kept


def _names_columns(line: str) -> bool:
    """Whether a line is a CSV (or semicolon, or tab) header naming a question and an
    answer column: "front,back", "Question;Answer"."""
    for delimiter in (",", ";", "\t"):
        try:
            fields = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a field longer than csv's limit: a line of text, no header
            continue
        if len(fields) >= 2 and named_columns(tuple(fields)) is not None:
            return True
    return False


def _drafts(doc: Document, first: int, rows: Rows, found: Found) -> list[Draft]:
    """The drafts of rows read from the lines from ``first`` on; their problems go to
    ``found``."""
    left_out = [(start, stop, f"{why}; this row is left out") for start, stop, why in rows.bad]
    for start, stop, why in left_out + rows.notes:
        pos = doc.pos(first + start)
        where = SourcePos(pos.path, pos.line, doc.pos(first + stop - 1).line)
        found.problems.append(Problem(where, why, "warning"))
    drafts = []
    for card in rows.cards:
        line = first + card.start
        draft = Draft("", line, answer_line=line, end_line=first + card.end, shape=rows.shape)
        draft.question.append(card.question)
        draft.answer += card.answer
        draft.tags = card.tags
        drafts.append(draft)
    return drafts


@dataclass
class Row:
    """A card read from a block: lines [start, end) counted in the block's content."""

    start: int
    end: int
    question: str
    answer: list[str]  # markdown pieces: the answer, then "**Title:** value" for each extra
    tags: list[str]


@dataclass
class Rows:
    """What a block's content gives: cards, and rows that cannot be read."""

    shape: str  # "csv", "tsv" or "json": how deckgen build -v names them
    cards: list[Row] = field(default_factory=list)
    bad: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why)
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # read, with a warning
    least: int = 1  # the fewest cards that make the block data
    deck: str = ""  # the name a JSON object around the cards gives them


# --- delimited rows ------------------------------------------------------------------------


def _split(content: list[str], delimiter: str) -> list[tuple[int, int, list[str] | None]]:
    """Each row as (start, end, fields), fields None where the csv module cannot read it
    (strict: a quote in the wrong place, which also tells a wrong delimiter)."""
    reader = csv.reader(
        (line + "\n" for line in content),
        delimiter=delimiter,
        skipinitialspace=True,
        strict=True,
    )
    rows = []
    while True:
        start = reader.line_num
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # A quote in the wrong place (the reader goes on at the next line), or one never
            # closed (it ran to the end: the last row).
            rows.append((start, reader.line_num, None))
            continue
        if any(f.strip() for f in fields):
            rows.append((start, reader.line_num, [f.strip() for f in fields]))
    return rows


# Anki's file headers, above the rows of a file made for its importer: "#separator:tab",
# "#html:true", "#columns:Front;Back" (see formats.md).
_ANKI_HEADER = re.compile(r"#([A-Za-z ]+):(.*)")
_ANKI_KEYS = frozenset(
    {"separator", "html", "tags", "columns", "notetype", "deck", "notetype column",
     "deck column", "tags column", "guid column", "match scope", "if matches"}
)  # fmt: skip
_SEPARATOR_NAMES = {
    "comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"
}  # fmt: skip


def anki_header(line: str) -> tuple[str, str] | None:
    """One of Anki's file headers ("#separator:tab"), as (key, value); None for any other
    line ("#todo: finish these" is a note, not a header)."""
    match = _ANKI_HEADER.fullmatch(line.strip())
    if match is None:
        return None
    key = " ".join(match.group(1).lower().split())
    return (key, match.group(2).strip()) if key in _ANKI_KEYS else None


@dataclass
class _Headers:
    """What Anki's file headers above some rows say."""

    lines: list[str]  # the lines, headers blank (the "#columns:" line: its columns)
    delimiters: tuple[str, ...] = DELIMITERS  # the one "#separator:" names, else all
    columns: dict[str, int] = field(default_factory=dict)  # "#tags column:3": {"tags": 2}
    tags: list[str] = field(default_factory=list)  # "#tags:": every row's
    deck: str = ""
    found: bool = False
    sure: bool = False  # a "#separator:", "#html:" or "#columns:": what only Anki's files hold


def _anki_headers(content: list[str]) -> _Headers:
    headers = _Headers(list(content))
    for n, line in enumerate(content):
        header = anki_header(line)
        if header is None:
            break
        key, value = header
        headers.found = True
        headers.sure = headers.sure or key in ("separator", "html", "columns")
        headers.lines[n] = value if key == "columns" else ""
        if key == "separator":
            named = _SEPARATOR_NAMES.get(value.lower(), value)
            headers.delimiters = (named,) if len(named) == 1 else headers.delimiters
        elif key.endswith(" column") and value.isdecimal() and int(value) > 0:
            headers.columns[key.removesuffix(" column")] = int(value) - 1
        elif key == "tags":
            headers.tags = _tag_words(value)
        elif key == "deck":
            headers.deck = value
    return headers


def _delimited_rows(content: list[str], headers: _Headers | None = None) -> Rows | None:
    """The cards of tab, semicolon or comma separated lines; the delimiter is the one
    whose rows agree best (a header naming the columns settles it), or the one Anki's
    ``#separator:`` line names (``headers``: those of ``content``, if read already)."""
    headers = headers or _anki_headers(content)
    content = headers.lines
    best: tuple[tuple[bool, int], str, list, int] | None = None
    for delimiter in headers.delimiters:
        rows = _split(content, delimiter)
        widths = Counter(len(fields) for _, _, fields in rows if fields and len(fields) > 1)
        if not widths:
            continue
        first = rows[0][2]
        headed = bool(first) and named_columns(tuple(first)) is not None
        width = len(first) if headed and first else widths.most_common(1)[0][0]
        score = (headed, sum(1 for _, _, fields in rows if fields and len(fields) == width))
        if best is None or score > best[0]:
            best = (score, delimiter, rows, width)
    if best is None:
        return None
    (headed, _), delimiter, rows, width = best
    found = Rows("tsv" if delimiter == "\t" else "csv", least=2, deck=headers.deck)
    header: tuple[str, ...] = ()
    if headed:
        header = tuple(rows.pop(0)[2] or ())
    asks, answers, extra, tags = _columns(header, rows, width)
    named = {key: n for key, n in headers.columns.items() if n < width}
    if named:  # "#tags column:3", "#guid column:1": no text of the card's
        tags = named.get("tags", tags)
        text = [n for n in range(width) if n not in named.values()]
        if not header and len(text) >= 2:
            asks, answers = text[:2]
        extra = [n for n in extra if n in text and n not in (asks, answers)]
    decks = set()  # "#deck column:2": the decks the rows name
    for start, end, fields in rows:
        if headers.found and fields is not None and len(fields) < width:
            fields = [*fields, *[""] * (width - len(fields))]  # as Anki fills them
        if fields is None and end == len(content) and end - start > 1:
            found.bad.append((start, end, "a quote in this row is never closed"))
        elif fields is None:
            why = 'a quote in this row is out of place (a quote inside a field is written "")'
            found.bad.append((start, end, why))
        elif len(fields) != width:
            why = f"this row has {len(fields)} fields where the others have {width}"
            found.bad.append((start, end, why))
        else:
            answer = [fields[answers]]
            for n in extra:  # "**Example:** Hablo español." under the meaning, as in tables
                if fields[n]:
                    answer.append(f"**{header[n]}:** {fields[n]}" if header else fields[n])
            own = [*headers.tags, *(_tag_words(fields[tags]) if tags is not None else [])]
            found.cards.append(Row(start, end, fields[asks], answer, own))
            if "deck" in named:
                decks.add(fields[named["deck"]].strip())
    if len(decks) == 1 and not found.deck:
        found.deck = decks.pop()  # one deck for every row: the page's (several: not yet)
    return found


def _columns(
    header: tuple[str, ...], rows: list, width: int
) -> tuple[int, int, list[int], int | None]:
    """The question column, the answer column, the other columns the answer shows, and
    the tags column: named by the header, else the first asks and the rest answer."""
    if not header:
        return 0, 1, list(range(2, width)), None
    asks, answers = named_columns(header) or (0, 1)
    table = [(0, header), *((start, tuple(f)) for start, _, f in rows if f and len(f) == width)]
    extra = extra_columns(table, asks, answers)
    tags = next((n for n in extra if column_title(header[n]) in TAG_TITLES), None)
    shown = [n for n in extra if n != tags and column_title(header[n]) not in _NOT_TEXT]
    return asks, answers, shown, tags


def _tag_words(value: object) -> list[str]:
    """Tags as Anki's import reads them: words between spaces (commas too), no "#"."""
    if isinstance(value, list):
        return [w for item in value for w in _tag_words(item)]
    return [word.lstrip("#") for word in str(value).replace(",", " ").split() if word != "#"]


# --- JSON -------------------------------------------------------------------------------------

# What the scan for a JSON list's items stops at: brackets, commas, quotes, escapes and
# line ends (a JSON string never spans lines: an unclosed quote ends at its line).
_JSON_MARK = re.compile(r'[\[\]{},"\\\n]')


def _json_items(text: str) -> list[tuple[int, int]]:
    """Where each item of the list of cards lies in ``text``: the list itself, or the first
    list right inside the object around it whose items are objects or lists. One pass,
    without decoding: a broken item costs that item, not the list (its neighbours are
    still found between the commas)."""
    top = text.lstrip()[:1]
    depth = 1 if top == "[" else 2  # how deep the list's items lie: [ ... ] or { "x": [ ... ] }
    stack: list[str] = []
    lists: list[list[tuple[int, int]]] = []
    item_start = -1  # after the "[" or "," that opened the item being read
    in_string = False
    skip = -1  # the character after a backslash, which is escaped
    for mark in _JSON_MARK.finditer(text):
        at, char = mark.start(), mark.group()
        if at == skip:
            continue
        if in_string:
            if char == "\\":
                skip = at + 1
            elif char in '"\n':
                in_string = False
            continue
        in_list = len(stack) == depth and stack[-1] == "["
        if in_list and char in ",]":
            lists[-1].append((item_start, at))
            item_start = at + 1
        if char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
            if len(stack) == depth and char == "[":
                lists.append([])
                item_start = at + 1
        elif char in "]}" and stack:
            stack.pop()
    if len(stack) >= depth and stack[depth - 1] == "[" and item_start >= 0:
        lists[-1].append((item_start, len(text)))  # a list never closed: its last item
    for items in lists:
        spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in items]
        spans = [(s, e) for s, e in spans if text[s:e].strip()]  # "[]", a trailing comma
        if spans and text[spans[0][0]] in "[{":
            return spans
    return []


def _json_rows(content: list[str]) -> Rows | None:
    """The cards of a JSON list of objects (or of [question, answer] pairs)."""
    text = "\n".join(content)
    found = Rows("json")
    first, counted = 0, 0  # the line of text[counted]: items come in order, lines count once
    for start, end in _json_items(text):
        first += text.count("\n", counted, start)
        counted = start
        last = first + text.count("\n", start, end)
        try:
            value = json.loads(text[start:end])
        except ValueError:
            found.bad.append((first, last + 1, "this item is not valid JSON"))
            continue
        card = _json_card(value)
        if card is None:
            why = "this item names no question and answer (such as front and back)"
            found.bad.append((first, last + 1, why))
            continue
        question, answer, tags = card
        # A JSON escape (\u001f) makes a control character no card can show: left out,
        # as the page's own are (see parse_text).
        cleaned = [without_controls(piece) for piece in (question, *answer, *tags)]
        if held := "".join(found for _, found in cleaned):
            texts = [text for text, _ in cleaned]
            question, answer, tags = texts[0], texts[1 : len(answer) + 1], texts[len(answer) + 1 :]
            why = f"this item's text held control characters ({control_names(held)}), left out"
            found.notes.append((first, last + 1, why))
        found.cards.append(Row(first, last + 1, question, answer, tags))
    found.deck = _deck_name(text)
    return found if found.cards or found.bad else None


def _deck_name(text: str) -> str:
    """The name a JSON object around the cards gives them: {"deck": "AWS", "cards": [...]}."""
    try:
        whole = json.loads(text)
    except ValueError:
        return ""
    if not isinstance(whole, dict):
        return ""
    name = next((whole[k] for k in whole if column_title(k) in ("deck", "name", "title")), "")
    return without_controls(name)[0].strip() if isinstance(name, str) else ""


def _text(value: object) -> str | None:
    """A JSON value as card text: a string or number as it is, a list of them as a list."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "\n".join(f"- {v}" for v in value)
    return None


def _json_card(value: object) -> tuple[str, list[str], list[str]] | None:
    """An item's question, answer pieces and tags, if it has a question and an answer."""
    if isinstance(value, list):  # ["question", "answer", ...]
        texts = [_text(v) for v in value]
        if len(texts) < 2 or None in texts:
            return None
        return texts[0] or "", [t for t in texts[1:] if t], []
    if not isinstance(value, dict):
        return None
    keys = [k for k in value if isinstance(k, str)]
    pair = next(((a, b) for a in keys for b in keys if a != b and is_table_header(a, b)), None)
    if pair is None:
        return None
    asks, answers = (_text(value[k]) for k in pair)
    if asks is None or answers is None:
        return None
    answer, tags = [answers], []
    for key in keys:
        title = column_title(key)
        if key in pair or (title in INDEX_HEADERS | {"id"} and isinstance(value[key], int)):
            continue  # the card's own number is no part of it, as a table's "#" column
        if title in TAG_TITLES:
            tags = _tag_words(value[key])
        elif value[key] not in (None, ""):
            text = _text(value[key])  # else an object, as JSON: shown rather than lost
            shown = text if text is not None else json.dumps(value[key], ensure_ascii=False)
            answer.append(f"**{key}:** {shown}")
    return asks, answer, tags

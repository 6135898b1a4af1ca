"""One line (or list item) as a card: the splitters the finder tries on a block's lines.

Each splitter takes one line and gives (question, answer, both ways) or None:
Obsidian's ``Question::Answer`` (and RemNote's ``>>``, ``<<``, ``<>``), Quizlet's
``term<TAB>definition``, vocabulary (``хлеб — bread``), a bold question (``**What is
X?** Y``), a cloze. ``list_items`` gives a list's items with their lines. All of them
are pure functions of their text.
"""

from __future__ import annotations

import re

from ..model import CLOZE_START, has_cloze
from .document import parse_block_text, token_lines
from .labels import match_label
from .sections import _TAG_LINE

# "- **What is a cursor?** A token..." (the answer may also be on the lines below).
BOLD_LEAD = re.compile(
    r"(\*\*|__)(?P<question>(?:(?!\*\*|__)[^\n])+)\1[ \t]*(?:[:\uff1a\-\u2013\u2014=][ \t]*)?"
    r"(?P<rest>.*)"
)
SR_COMMENT = re.compile(r"<!--\s*SR:(?:(?!-->|<!--).)*-->", re.S)
CODE_SPAN = re.compile(r"`+[^`]*`+")
# Obsidian's "::" and ":::" (both ways), RemNote's ">>", "<<" (backward) and "<>" (both ways).
SR_SEPARATOR = re.compile(r":::|::|[ \t]>>[ \t]|[ \t]<<[ \t]|[ \t]<>[ \t]")


def question_like(text: str) -> bool:
    return text.rstrip().endswith(("?", "\uff1f", "\u061f"))  # and full-width, Arabic


# Logseq's properties ("tags:: biology", "card-last-interval:: 4"), not cards.
# Logseq's page and block properties (and Dataview's fields): a blank after "::"
# ("Title::the legal right to a property" is an Obsidian card).
PROPERTY = re.compile(
    r"[ \t]*(?:tags|alias|title|id|type|template|public|collapsed|filters|icon|card-[\w-]+)::"
    r"(?=[ \t]|$)"
    # A note's links, as Dataview fields: "builds-on:: [[ml-workflow]]", "up:: [[MOC]]"
    # (but "Hund:: [[dog]]" is a card, with a link for an answer).
    r"|[ \t]*(?-i:[a-z][a-z0-9]*[-_][a-z0-9_-]*|up|down|next|prev|previous|parent|related"
    r"|source|feeds|scroll|moc|topic|topics)::[ \t]+(?=\[\[)",
    re.IGNORECASE,
)


def each_line(lines: list[str]) -> list[tuple[int, int, str]]:
    return [(i, i + 1, line) for i, line in enumerate(lines)]


_SENTENCE_END = (".", "!", "?", ":", ";", ")", "\u3002", "\uff01", "\uff1f", "\uff1a")
_CLOZE_LEAD = re.compile(r"(?:\{\{c\d+::|[*_`(\[\s])*")


def wrapped_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    """Lines joined where a sentence runs on to the next line ("...its official name is
    the" / "{{c2::federal city}}."): (first line, end line, text) each."""
    found: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        if found and line.strip():
            start, end, text = found[-1]
            rest = line.lstrip()
            first = rest[_CLOZE_LEAD.match(rest).end() :][:1]
            whole = text.rstrip().endswith("}}") and has_cloze(rest)  # each line a note
            if (
                end == i
                and not whole
                and not text.rstrip().endswith(_SENTENCE_END)
                and first.islower()
            ):
                found[-1] = (start, i + 1, f"{text.rstrip()} {rest}")
                continue
        found.append((i, i + 1, line))
    return found


def sr_split(line: str):
    if has_cloze(line) or PROPERTY.match(line):
        return None
    plain = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    match = SR_SEPARATOR.search(plain)
    if match is None:
        return None
    question = line[: match.start()].strip()
    answer = SR_COMMENT.sub("", line[match.end() :]).strip()
    if (
        not question
        or question.startswith(("#", "<", "|"))
        or not (answer or line.rstrip() != line)
    ):
        return None  # "Question::" with no answer yet is a card (left out with a warning)
    separator = match.group(0).strip()
    if separator == "<<":
        # RemNote's backward card: "Madrid << capital of Spain" shows the right side and
        # asks for the left. A card with no question is left out with a warning.
        return answer, question, False
    return question, answer, separator in (":::", "<>")


def sr_card(line: str):
    """``Question::Answer`` (or ``>>``, ``<<``, ``<>``) as a whole line, read strictly: in
    an answer a line is more often prose or code than a card. Text on both sides, one
    separator, and not a path in code (``std::vector``, ``Vec::new()``) or an address
    (``http://[::1]``). The split, as :func:`sr_split` gives it, or None."""
    if "::" not in line and "<" not in line and ">>" not in line:
        return None  # most lines
    if match_label(line) is not None or _TAG_LINE.fullmatch(line):
        return None
    plain = SR_COMMENT.sub("", CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    separators = SR_SEPARATOR.findall(plain)
    if len(separators) != 1 or "://" in plain or plain.rstrip().endswith((";", "{", "}")):
        return None  # "cout << x;" is a statement
    parts = sr_split(line)
    if parts is None or not parts[0] or not parts[1]:
        return None
    match = SR_SEPARATOR.search(plain)
    if match.group(0) == "::" and _code_path(plain[: match.start()], plain[match.end() :]):
        return None
    return parts


def _code_path(before: str, after: str) -> bool:
    """ "std::vector", "os::getenv", "Vec::new()": ``::`` between two names in code. A
    card's sides are rarely a lower-case name glued to ``::`` ("Mitochondria::Make ATP"
    is a card)."""
    left, right = _NAME.match(before[::-1]), _NAME.match(after)
    if left is None or right is None:
        return False  # "Question :: Answer", "Question?::Answer": a card's separator
    word = left.group(0)[::-1]
    if word.isascii() and (word[0].islower() or word[0] == "_"):
        return True
    return after[right.end() : right.end() + 1] in ("(", "<", "[")


_NAME = re.compile(r"\w+")


# What every separator of those cards holds (see Finder.labelled_paragraph).
SEPARATOR_MARK = re.compile("::|>>|<<|<>")
# What ends the parent line of a card whose answer is its children (longest first):
# RemNote's ">>>" (and ">>", "<<", "<>"), Obsidian's "::" and ":::".
_TRAILING = (":::", ">>>", "::", ">>", "<<", "<>")


def trailing_separator(line: str, strict: bool = False):
    """ "What are the three layers? ::" (or ``>>``, ``>>>``...): the line of a card whose
    answer is the lines (a list) below it. The question, whether the card is backward
    (``<<``: the lines below ask), and whether it goes both ways; or None. ``strict``
    (in an answer): a space before the separator, as a card writes it, not "Foo::"."""
    text = SR_COMMENT.sub("", line).rstrip()
    separator = next((s for s in _TRAILING if text.endswith(s)), None)
    if separator is None or has_cloze(text) or PROPERTY.match(text):
        return None
    question = text[: -len(separator)]
    if (
        not question.strip()
        or question.lstrip().startswith(("#", "<", "|"))
        or ((separator[0] != ":" or strict) and not question[-1:].isspace())
        or SR_SEPARATOR.search(CODE_SPAN.sub(" ", question)) is not None
    ):
        return None  # "a>>", "x::" glued, or a line with a card of its own before
    return question.strip(), separator == "<<", separator in (":::", "<>")


def tab_split(line: str):
    if "\t" not in line.strip():
        return None
    question, _, answer = line.strip().partition("\t")
    if not question.strip() or not answer.strip():
        return None
    return question.strip(), answer.strip(), False


# "хлеб — bread", "il biglietto = the ticket", "ev - house", "**Encoding** — storing":
# a term (a few words) and its meaning. Not a colon: "Date: 12 May" lines are notes.
_NOT_TERM = r"=\u2014\u2013:;,()\[\]{}<>\u2192"  # a term has none of these: "seq = x" in prose
# A term may hold a note in parentheses: "el perro (m.)", "学习 (xuéxí)", "der Hund (-e)".
# An empty pair too: "len() → returns the length". A bullet typed as a character ("• ",
# as Apple Notes copies a list) is no part of it.
_BULLET_CHAR = r"(?:[\u2022\u00b7\u25aa\u25e6\u2023][ \t]+)?"
_TERM = (
    rf"[ \t]*{_BULLET_CHAR}"
    rf"(?P<term>[^\s{_NOT_TERM}\u2022](?:[^{_NOT_TERM}\n]|\([^()\n]{{0,30}}\)){{0,60}}?)"
)
_VOCAB = re.compile(
    _TERM + r"[ \t]+(?P<sep>\u2014|\u2013|=|->|\u2192|-)[ \t]+(?P<meaning>\S[^\n]*)"
)
# "bố: father": only on a page where nothing else is a card (see parse).
_VOCAB_COLON = re.compile(_TERM + r"[ \t]*(?P<sep>[:\uff1a])[ \t]+(?P<meaning>\S[^\n]*)")


def vocab_split(line: str, colon: bool = False, among_vocabulary: bool = False):
    """ "term - meaning" (or "=", or ":" with ``colon``). A second such separator makes
    the line prose ("The war — which lasted four years — ended"), unless the lines
    around it are vocabulary (``among_vocabulary``): then it is the meaning's own
    ("der Bürgersteig - the pavement (UK) - sidewalk (US)")."""
    match = (_VOCAB_COLON if colon else _VOCAB).fullmatch(line.strip())
    if match is None:
        return None
    term, sep, meaning = match.group("term").strip(), match.group("sep"), match.group("meaning")
    bare = term.strip("*_").strip()
    if not bare or len(bare.split()) > 6 or "`" in term:
        return None
    # "What is X? - ..." asks (see ask_split); "¿Qué tal? = How are you?" among vocabulary,
    # or with "=", is a phrase to learn.
    if bare.endswith(".") or (bare.endswith(("?", "!")) and not (among_vocabulary or sep == "=")):
        return None
    if sep in ("->", "\u2192") and not _arrowed(bare, meaning):
        return None
    if not among_vocabulary and (f" {sep} " if sep == "-" else sep) in meaning:
        return None  # "The war — which lasted four years — ended", "x = 5 when y = 2": prose
    question = bare if term[:2] in ("**", "__") else term  # "**Encoding**": the word
    return question, match.group("meaning"), False


def all_vocabulary(lines: list[str], colon: bool = False) -> bool:
    """Whether two or more lines (or list items) are all a term and its meaning, with a
    dash or an equals sign between (or a colon, with ``colon``)."""
    written = [line for line in lines if line.strip()]
    if len(written) < 2 or any("\n" in line.strip() for line in written):
        return False
    plain = sum(vocab_split(line, colon) is not None for line in written)
    if plain == len(written):
        return True
    split = [vocab_split(line, colon, among_vocabulary=True) for line in written]
    if not all(split):
        return False
    # Lines with a second dash count when most lines are plainly a term and a meaning,
    # or when every line has its second ("die Miete — rent — Die Miete ist hoch."): a
    # term, its meaning and an example, as a table's three columns.
    if plain * 2 > len(written):
        return True
    cuts = {_three_parts(line) for line in written}
    return len(cuts) == 1 and None not in cuts


def mixed_vocabulary(lines: list[str]) -> bool:
    """Whether two or more lines are each a term and its meaning, some with a dash and
    some with a colon: most with a dash ("Stack — LIFO", "Hash table: maps keys"), or all
    with a bold term ("**Array**: contiguous", "**Linked list** - nodes")."""
    written = [line for line in lines if line.strip()]
    dashes = sum(vocab_split(line, among_vocabulary=True) is not None for line in written)
    if not 0 < dashes < len(written) or not all(map(either_split, written)):
        return False  # all with a dash, or all with a colon: see all_vocabulary
    bold = all(line.lstrip()[:2] in ("**", "__") for line in written)
    return len(written) >= 2 and (bold or dashes * 2 > len(written))


def either_split(line: str):
    """A vocabulary line with a dash (or "="), else with a colon."""
    return vocab_split(line, among_vocabulary=True) or vocab_split(line, True, True)


def _three_parts(line: str) -> str | None:
    """The dash a line is cut into three parts with ("a — b — c"), or None. The third is
    an example, a sentence of its own: "The war — which lasted years — ended" is prose."""
    for sep in (" \u2014 ", " \u2013 ", " - "):
        if line.count(sep) == 2:
            third = line.rsplit(sep, 1)[1].lstrip("*_ (")
            return None if third[:1].islower() else sep
    return None


# "**PIB réel** : valeur ..." a line: a term in bold, a colon (inside the bold or after it).
_BOLD_TERM = re.compile(r"[ \t]*(\*\*|__)(?P<term>[^*_\n]{1,60}?)(?::\1|\1[ \t]*[:\uff1a])[ \t]*\S")
# Bold lines that describe a page or label a note, not terms of a subject: "**Topic:**
# Biology", "**Key idea**: prices signal scarcity".
_ABOUT_PAGE = frozenset(
    {"deck", "tags", "tag", "topic", "subject", "level", "source", "sources", "date", "author"}
    | {"cards", "format", "note", "notes", "tip", "tips", "total", "course", "lecture"}
    | {"chapter", "unit", "number of cards", "difficulty", "key idea", "key point", "main idea"}
    | {"why it matters", "example", "examples", "definition", "summary", "idea", "goal", "aim"}
    | {"question", "answer", "context", "background", "takeaway", "key takeaway", "important"}
    | {"remember", "warning", "caution", "hint", "solution", "result", "conclusion", "mnemonic"}
    | {"formula", "rule", "use", "usage", "pros", "cons", "advantages", "disadvantages"}
    | {"instructor", "teacher", "professor", "prof", "lecturer", "tutor", "semester", "term"}
    | {"textbook", "book", "reading", "readings", "class", "room", "time", "location", "email"}
    | {"office hours", "due", "deadline", "grade", "grading", "credits", "version", "updated"}
    | {"last updated", "status", "prerequisites", "name", "student", "school", "university"}
    | {"module", "exam", "exam date", "language", "duration", "week", "day"}
)


def bold_terms(lines: list[str]) -> bool:
    """Whether two or more lines are all a bold term, a colon and its meaning: a student's
    definitions ("**Inflation**: a general rise in prices"), cards even among others."""
    written = [line for line in lines if line.strip()]
    if len(written) < 2:
        return False
    for line in written:
        match = _BOLD_TERM.match(line)
        if match is None or match.group("term").strip(" :").lower() in _ABOUT_PAGE:
            return False
    return all(vocab_split(line, colon=True) is not None for line in written)


_LOGIC = re.compile("[\u00ac\u2227\u2228\u21d2\u2261]")  # not, and, or, implies, equivalent


def _arrowed(term: str, meaning: str) -> bool:
    """Whether a term and its meaning lie across an arrow ("len() → returns the number of
    items", "neko → cat"), not a formula, a reaction or a step ("p → q", "N₂ + 3H₂ →
    2NH₃", "Client → server: SYN"): a term of two characters or more without "+", a
    meaning without a colon, of two words or more or one word without digits."""
    if len(term) < 2 or "+" in term or ":" in meaning or _LOGIC.search(term + meaning):
        return False
    # one word over to one word only among words: "neko → cat", not "2H₂O → 2H₂ + O₂"
    words = len(meaning.split()) > 1 or len(meaning) > 1
    return words and (len(meaning.split()) > 1 or not any(c.isdigit() for c in term + meaning))


def no_split(line: str):
    return None


# "Which drugs cause SIADH? — Carbamazepine": a question, a dash (or arrow), its answer.
_ASK_DASH = re.compile(
    r"(?:[\u2022\u00b7\u25aa\u25e6\u2023][ \t]+)?"
    r"(?P<question>\S.*?[?\uff1f\u061f])[ \t]+(?:\u2014|\u2013|-|->|\u2192|=>)[ \t]+"
    r"(?P<answer>\S.*)"
)
# "What is the capital of Australia? ||Canberra||": the answer behind a spoiler, as chat
# apps hide it.
_SPOILER = re.compile(
    r"(?P<question>\S.*?[?\uff1f\u061f])[ \t]*\|\|(?P<answer>[^|\n]+)\|\|"
    r"(?P<note>[ \t]+\([^()\n]*\))?"
)


def ask_split(line: str):
    """ "Which drugs cause SIADH? — Carbamazepine" on a line of its own."""
    match = _ASK_DASH.fullmatch(line.strip()) or _SPOILER.fullmatch(line.strip())
    if match is None or not match.group("answer").strip():
        return None
    if match.re is _SPOILER and match.group("note"):  # "||Kilimanjaro|| (5,895 m)"
        return (
            match.group("question"),
            f"{match.group('answer').strip()}{match.group('note')}",
            False,
        )
    return match.group("question"), match.group("answer").strip(), False


def all_asking(lines: list[str]) -> bool:
    """Whether two or more lines have text, and each is a question, a dash and its answer
    (one alone is more likely prose: "Want a harder set? — Just ask.")."""
    written = [line for line in lines if line.strip()]
    return len(written) > 1 and all(ask_split(line) is not None for line in written)


def bold_split(line: str):
    """ "**What is B?** b" on a line of its own."""
    lead = BOLD_LEAD.fullmatch(line.strip())
    if lead is None or not question_like(lead.group("question")) or not lead.group("rest"):
        return None
    return lead.group("question"), lead.group("rest").strip(), False


def cloze_split(line: str):
    if not has_cloze(line):
        return None
    return SR_COMMENT.sub("", line).strip(), "", False


NESTED_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
LOGSEQ_CARD = re.compile(r"[ \t]#card\b|^#card\b", re.IGNORECASE)
LOGSEQ_CLOZE = re.compile(r"\{\{cloze[ \t]+(.+?)\}\}")


def dedent(lines: list[str]) -> list[str]:
    """Lines without the indentation they all share (tabs count as one each)."""
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]


def list_items(lines: list[str], nested: bool = False) -> list[tuple[int, int, str]]:
    """The top-level items of a list (every item, with ``nested``): (first line, end
    line, text without the marker)."""
    tokens = parse_block_text("\n".join(lines))
    items = []
    for token in tokens:
        if token.type == "list_item_open" and (nested or token.level == 1) and token.map:
            start, end = token_lines(token, lines)
            while end - 1 > start and not lines[end - 1].strip():
                end -= 1
            marker = NESTED_ITEM.match(lines[start])
            indent = marker.end() if marker else 0
            body = [lines[start][indent:]]
            for line in lines[start + 1 : end]:
                spaces = len(line) - len(line.lstrip(" "))
                body.append(line[min(spaces, indent) :])
            items.append((start, end, "\n".join(body)))
    return items


# A line's lead that says nothing of what it asks: a bullet, a number, a heading's #s,
# a quote's ">", bold or italics around it ("1. **What is HTML?**").
_LEAD = re.compile(r"[ \t]*(?:(?:[-*+>]|#{1,6}|\d{1,3}[.)])[ \t]+)*(?:\*\*|__|\*|_)?")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]")
_LINK_ONLY = re.compile(r"\[[^\]]*\]\([^)]*\)")  # "[What is X?](#what-is-x)": contents
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")


def card_like(lines: list[str]) -> list[str]:
    """The lines of some text in no card that read like cards of their own: a question
    with text under it ("1. **What is HTML?**" over its answer), or one of three or
    more lines in a row that pair a term with its meaning ("el hombre -> the man",
    "Yo | I", "Term::Meaning"), or a line with a cloze gap. Not code, not a list of
    titles that ask ("- Why Now?" among a book's chapters), not links alone (a page's
    contents)."""
    written, fence = [], ""
    for line in lines:
        if opener := _FENCE.match(line):
            closing = fence and opener.group(1).startswith(fence)
            fence = "" if closing else fence or opener.group(1)
        elif not fence and line.strip():
            written.append(line)
    found: list[str] = []
    run: list[str] = []  # pairs in a row
    for n, line in enumerate([*written, ""]):
        if line and _pair(line):
            run.append(line.strip())
            continue
        if len(run) >= 3:
            found += run
        run = []
        if line and ("{{c" in line) and (LOGSEQ_CLOZE.search(line) or CLOZE_START.search(line)):
            found.append(line.strip())  # a gap to fill, "{{cloze ...}}" with no "#card"
        elif line and _asks(line) and n + 1 < len(written):
            below = written[n + 1]
            sibling = _ITEM.match(line) and _ITEM.match(below) and _indent(below) == _indent(line)
            if not sibling and not _asks(below):
                found.append(line.strip())
    return found


def _asks(line: str) -> bool:
    lead = _LEAD.match(line)
    bare = line[lead.end() :].strip().rstrip("*_ \t")
    return len(bare) > 3 and question_like(bare) and not _LINK_ONLY.fullmatch(bare.strip("*_"))


def _pair(line: str) -> bool:
    text = line.strip()
    if sr_card(text) is not None:
        return True
    item = _LEAD.match(text)
    body = text[item.end() :] if _ITEM.match(text) else text
    if vocab_split(body, among_vocabulary=True):
        return True
    # "Yo  | I": a pair parted by a bar, not a table's row ("| a | b |").
    left, bar, right = body.partition("|")
    return bool(bar) and "|" not in right and 0 < len(left.split()) <= 6 and bool(right.strip())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def as_clozes(gaps: re.Pattern[str], text: str) -> str:
    """``text`` with each match of ``gaps`` (its first group the hidden words) written as
    Anki's cloze, numbered: "==Mitochondria== ... ==ATP==" -> "{{c1::Mitochondria}} ...
    {{c2::ATP}}"."""
    number = iter(range(1, 1_000_000))
    return gaps.sub(lambda m: f"{{{{c{next(number)}::{m.group(1)}}}}}", text)

"""Cards in boxes: MkDocs admonitions, as course sites built with Material for MkDocs
write them, and quotes that hold a list of questions (see _unquote_questions):

    ??? question "Why is a filter in the prompt not enough?"
        Because the model has no guaranteed boundary between data and instructions.

    !!! exercise "Exercise 1 · Find the trifecta"
        An assistant reads mail and can send it. What would you change?

        ??? success "Solution"
            Ask a human before it sends.

A collapsible question (``???``, ``???+`` or ``!!!`` of type question, faq, help or
quiz) asks its title; an admonition holding a collapsed answer (a ``success``,
``answer`` or ``solution`` one, or one titled "Solution") asks what comes before it.
Each line is rewritten in place into what the finder reads ("Q:", "A:", a bold title,
the body without the indent that nests it), so every line keeps its number.
"""

from __future__ import annotations

import re

from .finder import _QUOTE_MARK, is_reveal

_OPENER = re.compile(
    r"(?P<indent>[ ]*)(?:\?\?\?\+?|!!!)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"
    r'(?:[ \t]+"(?P<title>[^"\n]*)")?[ \t]*'
)
_ASKING = frozenset({"question", "faq", "help", "quiz", "q"})
_ANSWERING = frozenset({"success", "answer", "solution", "check", "done"})
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_EMOJI_LEAD = re.compile(r"[ \t]*[\u2190-\u2bff\U0001f300-\U0001faff]\ufe0f?[ \t]*")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+>|#]|\d+[.)]|`{3}|~{3}|<)")


def rewrite(text: str) -> str | None:
    """The page with its admonition cards made labels and its quoted lists of questions
    unquoted; None when it has neither."""
    lines = text.split("\n")
    found = "\n>" in text and _unquote_questions(lines)
    if "???" in text or "!!!" in text:
        found |= _admonitions(lines)
    return "\n".join(lines) if found else None


# A list item that asks in bold and answers after it: "- **Can you define X?** No, ..."
_BOLD_QUESTION_ITEM = re.compile(r"[ \t]*[-*+][ \t]+(\*\*|__)[^\n]*?[?\uff1f][ \t]*\1[ \t]*\S")


def _unquote_questions(lines: list[str]) -> bool:
    """A quote that holds a list of bold questions, each with its answer after it, as
    course pages box their review questions:

        > ❓ **Review questions:**
        > - **Can you define your own functions?** No, only built-in ones.

    loses its quote marks, so the list is read as the list of cards it is."""
    found = False
    n = 0
    while n < len(lines):
        if not lines[n].startswith(">"):
            n += 1
            continue
        end = n
        while end < len(lines) and lines[end].startswith(">"):
            end += 1
        inner = [_QUOTE_MARK.sub("", line, count=1) for line in lines[n:end]]
        asking = sum(1 for line in inner if _BOLD_QUESTION_ITEM.match(line))
        items = sum(1 for line in inner if _ITEM.match(line))
        if asking >= 2 and asking * 2 >= items:
            first = next((i for i, line in enumerate(inner) if _ITEM.match(line)), 0)
            # The box's title is no question of its own: "❓ **Review questions:**"
            inner[:first] = [_EMOJI_LEAD.sub("", line, count=1) for line in inner[:first]]
            lines[n:end] = inner
            found = True
        n = end
    return found


def _admonitions(lines: list[str]) -> bool:
    """Rewrite the page's admonition cards as labels (see the module's doc)."""
    found, fence = False, ""
    n = 0
    while n < len(lines):
        if mark := _FENCE.match(lines[n]):  # an admonition shown in code is no card
            closing = fence and mark.group(1).startswith(fence)
            fence = "" if closing else fence or mark.group(1)
        opener = _OPENER.fullmatch(lines[n]) if not fence else None
        if opener is None:
            n += 1
            continue
        end = _body_end(lines, n, len(opener.group("indent")))
        found |= _card(lines, n, end, opener)
        n = end
    return found


def _body_end(lines: list[str], start: int, indent: int) -> int:
    """The line after an admonition's body: its lines indented past ``indent`` (blank
    lines among them), without the blank lines that end it."""
    end = start + 1
    last = start
    while end < len(lines):
        line = lines[end]
        if line.strip():
            if len(line) - len(line.lstrip(" ")) < indent + 4:
                break
            last = end
        end += 1
    return last + 1


def _card(lines: list[str], start: int, end: int, opener: re.Match[str]) -> bool:
    """Rewrite the admonition in ``lines[start:end]`` as a card, if it is one."""
    indent = len(opener.group("indent")) + 4
    kind, title = opener.group("kind").lower(), (opener.group("title") or "").strip()
    body = range(start + 1, end)
    inner = next((n for n in body if _answers(lines[n], indent)), None)
    if inner is not None:  # an exercise over its collapsed solution
        asked = [n for n in range(start + 1, inner) if lines[n].strip()]
        answer_end = _body_end(lines, inner, indent)
        if not asked or answer_end <= inner + 1 or _BLOCK_START.match(lines[asked[0]]):
            return False
        lines[start] = f"**{title}**" if title else ""
        _dedent(lines, start + 1, inner, indent)
        lines[asked[0]] = "Q: " + lines[asked[0]]
        lines[inner] = "A:"
        _dedent(lines, inner + 1, answer_end, indent + 4)
        _dedent(lines, answer_end, end, indent)
        _end_card(lines, end)
        return True
    if kind not in _ASKING or not title:
        return False
    answer = next((n for n in body if lines[n].strip()), None)
    if answer is None:
        return False
    lines[start] = "Q: " + title
    _dedent(lines, start + 1, end, indent)
    if not _BLOCK_START.match(lines[answer]):
        lines[answer] = "A: " + lines[answer]  # (a list or code below a question answers it)
    _end_card(lines, end)
    return True


def _end_card(lines: list[str], end: int) -> None:
    """A rule on the blank line after a card's admonition: what follows it at the outer
    indent ("!!! note", a paragraph) is no part of that card's answer."""
    if end < len(lines) and not lines[end].strip():
        lines[end] = "***"


def _answers(line: str, indent: int) -> bool:
    """Whether a line opens a collapsed answer inside an admonition's body."""
    opener = _OPENER.fullmatch(line)
    if opener is None or len(opener.group("indent")) != indent:
        return False
    title = (opener.group("title") or "").strip()
    return opener.group("kind").lower() in _ANSWERING or (bool(title) and is_reveal(title))


def _dedent(lines: list[str], start: int, end: int, indent: int) -> None:
    for n in range(start, end):
        line = lines[n]
        spaces = len(line) - len(line.lstrip(" "))
        lines[n] = line[min(spaces, indent) :]

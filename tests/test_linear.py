"""No pattern deckgen runs on user text backtracks without end.

Every compiled pattern of deckgen's modules is fed adversarial strings (runs of the
pieces its patterns look for, unclosed) of growing length: four times the text may
take about four times as long, never sixteen. The whole pipeline is fed the inputs
that once took minutes. Ratios of CPU time in one process, not speed targets.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import deckgen

PIECES = [
    "{{c1::", "}}", "::", ":::", "<!--", "-->", "<!-- id:", "[^", "]", "[", "**", "__", "*",
    "_", "\\[", "\\]", "$", "$$", "`", "```", "|", "\t", " ", "  ", "#", "> ", "- ", "1. ",
    "Q:", "A:", "**Q:", "<details>", "<summary>", "</summary>", "?", "\n", "(", ")",
    "<img src=", "<a href=", "=", ":", ".", "#card", ">>", "<<", "---", "\n\n",
]  # fmt: skip


def patterns() -> list[tuple[str, re.Pattern]]:
    for module in pkgutil.walk_packages(deckgen.__path__, "deckgen."):
        importlib.import_module(module.name)
    found = {}
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("deckgen"):
            for attr, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    found[id(value)] = (f"{name}.{attr}", value)
    return sorted(found.values(), key=lambda item: item[0])


PATTERNS = patterns()
# The patterns deckgen searches through a text (search, finditer, sub, findall); the
# others it only matches at a place (the start of a line, a heading, a word).
SEARCHED = {
    "CITATION_MARKER", "CLOZE", "CLOZE_START", "FOOTNOTE_LINE", "_BOLD_QUESTION_LINES",
    "_BROKEN_CLOZE", "_CHATTER_END", "CODE_SPAN", "_DEEP_LINE", "_DEEP_MARKERS", "_DETAILS", "_HIDDEN", "_HTML_IMAGE",
    "_ID_COMMENT", "_JSON_MARK", "_LABEL_END", "_LABEL_LINE", "_LINE_BREAKS", "LOGSEQ_CARD",
    "LOGSEQ_CLOZE", "_MARKUP", "_MAYBE_ANOTHER", "_MAYBE_SPECIAL", "_SPACES",
    "SR_COMMENT", "SR_SEPARATOR", "_START", "_TIGHT_RULE", "_LINE_BREAK", "_ARROW", "_INLINE_NUMBER", "_WIKI_EMBED", "_SENTENCE_BREAK", "_TAG", "_TAGS", "_VISIBLE", "_SURROGATE",
}  # fmt: skip


def adversarial(piece: str, count: int) -> list[str]:
    return [piece * count, (piece + " ") * count, "a" + (piece + "x") * count, piece * count + "\n"]


def cpu(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def grows_linearly(run, count: int, floor: float) -> bool:
    """Whether ``run(4 * count)`` takes under eight times ``run(count)`` (or under
    ``floor`` seconds). Measured again, up to three times, before saying no: a busy
    machine once made a linear pattern look 8.1x slower; a quadratic one is 16x every time.
    """
    for _ in range(3):
        small, large = cpu(lambda: run(count)), cpu(lambda: run(4 * count))
        if large < max(floor, 8 * small):
            return True
        print(f"{small:.3f}s -> {large:.3f}s for 4x the input")
    return False


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_every_pattern_is_linear_on_adversarial_text(name, pattern):
    assert len(PATTERNS) > 40  # every module's patterns were found

    searched = name.rsplit(".", 1)[1] in SEARCHED

    def run(count: int) -> None:
        for piece in PIECES:
            for text in adversarial(piece, count):
                pattern.match(text)
                pattern.fullmatch(text)
                if searched:
                    pattern.search(text)
                    for _ in pattern.finditer(text):
                        pass

    assert grows_linearly(run, 300, floor=0.3), f"{name}: slower than linear on 4x the text"


PAGES = {
    "unclosed clozes": lambda n: "Q: " + "{{c1::" * n + "\nA: x\n",
    "an id comment never closed": lambda n: "Q: a <!-- id:" + " " * (4 * n) + "\nA: x\n",
    "bold and blanks": lambda n: "Q: **a" + " \t" * n + "\nA: x\n",
    "citation openers": lambda n: "Q: " + "[^" * (10 * n) + "\nA: x\n",
    "display math openers": lambda n: "Q: " + "\\[ " * (5 * n) + "\nA: x\n",
    "details openers": lambda n: "<details><summary>" * n + "\n",
    "deep quotes": lambda n: "Q: a\nA: " + "> " * n + "x\n",
    "markdown fences never closed": lambda n: "```markdown\ntext\n" * n,
    "vocabulary-like lines": lambda n: "a - b - c = d \u2014 e\n" * n,
    "question callouts": lambda n: "> [!question] Q?\n\n" * n + "> [!faq]\n> > [!answer]\n" * n,
    "quiz lists": lambda n: "## Quiz\n\n" + "1. Q?\n" * n + "\n## Answers\n\n" + "1. A\n" * n,
    "definition lists": lambda n: "term\n: x\n" * n + ": y\n" * n,
    "ankdown percent lines": lambda n: "q\n\n%\n\n%\n\na\n\n---\n\n" * n + "q\n\n%\n\na\n" * n,
    "headings answered below": lambda n: "## Card 1\n" * n + "### Q?\n**A:** x\n" * n,
    "answer subheadings": lambda n: "## Q?\n\n### Answer\n\nx\n\n" * n + "### Answer\n" * n,
    "answer keys of numbered headings": lambda n: (
        "## Question 1\nq\n## Question 2\nq\n" * n
        + "## Answers\n### Answer 1\nx\n### Answer 2\ny\n" * n
    ),
    "answer keys of label questions": lambda n: (
        "**Q1.** a:\n\n- A) x\n\n**Q2.** b:\n\n- A) y\n\n## Answers\n\n1. A\n2. A\n\n" * n
        + "**Q3.** c?\n\n" * n
    ),
    "vocabulary notes in parentheses": lambda n: "Q: a?\nA: b\n\n" + "x (" * n + "y) - z\n" * n,
    "toggles and br labels": lambda n: "\u25b8 q\n  a\n\n" * n + "Q: a<br>" * n + "A: b\n",
    "nested remnote topics": lambda n: ("- t\n" + "    - q >> a\n" * 3) * n + "- t\n  - x\n" * n,
    "cloze extras": lambda n: "{{c1::a}} b\nExtra: c\n" * n + "- {{c1::a}}\n  extra:" * n + "\n",
    "question paragraphs": lambda n: "q?\n\na\n\n" * n + "b:\n\n" * n + "```\nx\n```\n\nA: y\n",
    "wide tables": lambda n: "| a | b | c |\n|---|---|---|\n" + "| 1 | x | y |\n" * n,
    "separator lines after an answer": lambda n: (
        "Q: a?\nA: b\n" + "std::e;\n" * n + "c::d\n" * n + "\nx\n?\ny\n" + "f::g\n" * n
    ),
    "lines ending with separators": lambda n: (
        "Q: a?\nA: b\n" + "c ::\n" * n + "- d\n" * n + "\n" + "- e >>>\n  - f\n" * n
    ),
    "introductions after answers": lambda n: "Q: a?\nA: b\n\nNext:\n\n" * n,
    "one-line paragraphs": lambda n: (
        "wort - word - more\n\n" * (n // 2) + "a line of prose\n\n" * (n // 2)
    ),
    "vocabulary paragraphs": lambda n: "wort - word\n\n" * (n // 2),
    "question headings with parts": lambda n: (
        "## Q?\n\n### a\n\nx\n\n" * (n // 2) + "## R?\n\ny\n\n" * (n // 2)
    ),
    "questions with a dash": lambda n: "1. Q? — a\n" * (n // 2) + "- R? -> b\n" * (n // 2),
    "items answered by label": lambda n: (
        "1. a ____\n   Answer: b\n" * (n // 2) + "2. c?\n   - a) x\n" * (n // 2)
    ),
    "answer keys on one line": lambda n: (
        "## Quiz\n\n1. a?\n   - A) x\n2. b?\n\n**Answers**\n\n1. A　2\\. B\n\n" * (n // 4)
        + "1. "
        + "1. A 2. " * n
        + "\n"
    ),
    "question marks over an answer label": lambda n: (
        "What\n" + "?\n" * (10 * n) + "**Answer:** x\n"
    ),
    "quoted question lists": lambda n: "> t\n" + "> - **q?** a\n> x\n" * n + "\n> " * n,
    "admonitions": lambda n: (
        '??? question "q?"\n' * n + "    a\n" * n + '!!! exercise "e"\n    x\n    ??? success\n' * n
    ),
    "wiki embeds never closed": lambda n: "Q: a?\nA: " + "![[x.png|" * n + "![[y" * n + "\n",
    "lines of closing tags": lambda n: "<span>Q: a?" + "</span>" * (10 * n) + ".\nA: b\n",
    "tags after heading answers": lambda n: "## Q?\n\nA.\n#t\n" * n,
    "marks above a heading": lambda n: (
        "## Q?\n\nA.\n\n#u\n" + "<!-- id: x -->\n#t\n" * n + "## R?\n\nB.\n"
    ),
    "fronts and backs between rules": lambda n: "q\n\n---\n\na\n\nb\n***\nc\n\n" * n,
    "rules alike between sides and cards": lambda n: "q\n\n---\n\n" * n,
    "backward cards": lambda n: "- a << b << c\n" * n + "x <<  <<\n" * n,
    "data blocks": lambda n: (
        "```csv\n"
        + "a,b\n" * n
        + 'c,"d"e\n' * n
        + '"f,\n' * n
        + "```\n\n```json\n["
        + '{"q": "a", "a": "b"},\n' * n
        + '{"q": "\\"' * n
        + "\n"
        + '{"q": [' * n
        + "\n]\n```\n"
        + "```\nx\ty\n```\n" * n
    ),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_hostile_page_is_read_in_time_linear_in_its_size(name, tmp_path):
    def run(count: int) -> None:
        page = tmp_path / "page.md"
        page.write_text(PAGES[name](count), encoding="utf-8")
        deckgen.check([page])

    run(50)  # imports and caches out of the way
    # 250 and 1,000: every page here takes time in proportion to its size from 125 up,
    # and a quadratic fault shows plainly at these sizes (the closing tags' old pattern:
    # 1.2 s, then 18.5 s); larger pages only made the default test run longer.
    assert grows_linearly(run, 250, floor=0.25), f"{name}: slower than linear on 4x the page"

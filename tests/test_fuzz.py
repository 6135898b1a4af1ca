"""Property tests: whatever text comes in, deckgen answers with cards or a DeckgenError."""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

from hypothesis import assume, example, given
from hypothesis import strategies as st

from deckgen import parse_text
from deckgen.anki.notetypes import note_fields
from deckgen.errors import DeckgenError
from deckgen.export import anki_csv, quizlet
from deckgen.identity import with_guids
from deckgen.render import render_deck

# Lines people (and chat assistants) write, plus the awkward ones.
LINES = st.sampled_from(
    [
        "**Q:** What is it?", "Q: why?", "A: because", "**A:**", "Answer: yes", "Question:",
        "**Flashcard 1**", "### Card 1", "## Deck", "# Title", "---", "***", "",
        "```", "```python", "~~~", "    indented code", "- item", "  - nested", "1. first",
        "* **Front:** front", "* **Back:** back", "| Q | A |", "|---|---|", "| a \\| b | c |",
        "{{c1::cloze}}", "{{c1:broken}", "$x < y$", "$$", "\\(a\\)", "\\[b\\]", "$5",
        "[^1]", "text[^1][^2]", "[^1]: https://example.com", "[^2]: [t](javascript:x)",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!-- id: x -->",
        "#tag #reverse", "  ### Indented", "  ***", "![img](missing.png)", "![img](../x.png)", "![r](https://e.com/x.png)",
        "Let me know if you want more!", "\t\ttabs\tinside", "line\u2028separator",
        "질문: 뭐?", "답: 이것", "問題：何？", "答え：これ", "> quote", "<div>", "</div>",
    ]
)  # fmt: skip


def _gallery_lines() -> list[str]:
    """Every line of the README's gallery: one of each shape deckgen reads (ankdown's
    "%", Mochi's rules, RemNote's "::", tables, <details>...), to be cut up and mixed."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    examples = re.findall(
        r"<!-- gallery: \d+ cards? -->\n(`{3,})markdown\n(.*?)\n\1\n", readme, re.S
    )
    return sorted({line for _, text in examples for line in text.splitlines()})


SHAPES = st.sampled_from(_gallery_lines())
MARKDOWN = st.lists(st.one_of(LINES, SHAPES, st.text(max_size=40)), max_size=40).map("\n".join)
ANY_TEXT = st.one_of(MARKDOWN, st.text(max_size=2000))


def parse_or_error(text: str):
    try:
        return parse_text(text, "fuzz.md")
    except DeckgenError:
        return None


def notes_of(text: str):
    """The notes of a page, as a build writes them (none if the page has an error)."""
    deck = parse_or_error(text)
    if deck is None:
        return None
    notes, _ = render_deck(deck)
    return with_guids([notes])[0]


@given(ANY_TEXT)
@example("Q: a\n" + "- " * 300 + "x")  # deeply nested list
@example("Q: " + "x" * 100_000 + "\nA: y")  # a huge line
@example("```\n**Q:** inside an unclosed fence\nA: x")
@example("| Q |\n|---|\n| what? |")  # a table of one column (was an IndexError)
@example("Q: a\ud800\nA: b")  # a lone surrogate: no output could write it
def test_parser_gives_cards_or_a_deckgen_error(text):
    deck = parse_or_error(text)
    if deck is not None:
        assert deck.cards


NESTED = "\n".join("  " * depth + f"- level {depth}" for depth in range(12))


@given(MARKDOWN)
@example(f"Q: first?\nA: a list:\n\n{NESTED}\n\nQ: second?\nA: two\n")  # deep nesting
@example("### C\n\n**Q:** a?[^1]\n\n**A:** b\n\n[^1]: https://e.com/1\n[^2]: https://e.com/2\n")
@example("> [!faq]- Who founded the shogunate?\n[^1]: https://example.com")  # no answer
def test_no_card_is_lost_and_no_footnote_joins_an_answer(text):
    """Every question label line of the page gives a card or a warning about it, and a
    footnote definition is never part of an answer."""
    deck = parse_or_error(text)
    if deck is None:
        return
    for card in deck.cards:
        outside_code = re.sub(r"(?ms)^[ \t]*(```|~~~).*?(^[ \t]*\1|\Z)", "", card.answer)
        # After a blank line, at the start of a line: a definition, not a line of a quote
        # or a paragraph that it continues.
        assert not re.search(r"(?:\A|\n\n)\[\^[^\]\s]+\]:", outside_code), card.answer
    if "level 11" in text:
        assert [c.question for c in deck.cards] == ["first?", "second?"]


@given(text=MARKDOWN)
def test_a_page_given_twice_is_read_once(tmp_path_factory, text):
    import deckgen

    page = tmp_path_factory.mktemp("twice") / "page.md"
    page.write_text(text, encoding="utf-8")
    once, twice = deckgen.check([page]), deckgen.check([page, page])
    assert twice.card_count == once.card_count
    assert len(twice.warnings) == len(once.warnings) + 1  # "the same file as ..."


@given(MARKDOWN)
@example(">\n>")  # markdown-it-py 2.0.0 and older raised IndexError (the minimum is 2.0.1)
@example("---\n%")  # an empty part before a rule, beside a "%" line
def test_quizlet_rows_are_one_line_with_one_tab(text):
    deck = notes_of(text)
    for note in deck.notes if deck else ():
        term, definition = quizlet.row(note)
        line = f"{term}\t{definition}"
        assert line.count("\t") == 1
        assert len(line.splitlines()) <= 1  # no \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028...


@given(text=MARKDOWN)
def test_csv_rows_round_trip_through_the_writer_and_a_csv_reader(tmp_path_factory, text):
    deck = notes_of(text)
    if not deck:
        return
    path = tmp_path_factory.mktemp("csv") / "cards.csv"
    anki_csv.write([deck], path)
    assert anki_csv.count(path) == len(deck.notes)
    with path.open(encoding="utf-8", newline="") as written:
        lines = [next(written) for _ in range(anki_csv.HEADER.count("\n"))]
        assert "".join(lines) == anki_csv.HEADER
        rows = list(csv.reader(written))
    assert rows == [
        anki_csv.row(note, guid, deck.deck_of(note))
        for note, guid in zip(deck.notes, deck.guids, strict=True)
    ]


@given(st.lists(st.text(), max_size=6))
@example(['say "hi"', "a,b", "line\nbreak", "carriage\rreturn", "", "#guid"])
def test_csv_line_is_what_the_csv_writer_writes(fields):
    # Before Python 3.11, csv.writer refuses a NUL; deckgen writes it as 3.11 does.
    assume(sys.version_info >= (3, 11) or not any("\0" in field for field in fields))
    written = io.StringIO()
    csv.writer(written, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(fields)
    assert anki_csv.line(fields) == written.getvalue()


@given(MARKDOWN)
def test_card_html_never_holds_a_script(text):
    deck = notes_of(text)
    for note in deck.notes if deck else ():
        _, fields = note_fields(note)
        for field in fields:
            lowered = field.lower()
            assert "<script" not in lowered
            assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", lowered)  # an event handler
            assert 'href="javascript:' not in lowered


@given(MARKDOWN)
@example("# a\n\n```\n\n# inside a fence\n\n```\n\n# b\n\ntext")
@example("- item\n\n  ```\n\n# looks like a heading\n\n  ```\n\n# real")
@example("<!--\n\n# in a comment\n\n-->\n\n# after")
@example("- item\n\n  ### inside the item\n\ntext")  # indented: the list item's own
@example("1. item\n\n   ***\n\ntext")
@example("$$\n\n### Card 1\n$$")  # a math block runs over a blank line and a heading
@example("# a\n\n```\ncode\n    ```\n\n# b\n\ntext")  # indented 4: code, not the end
@example("# a\n\n$$\nx\n$$.\n\n# b\n\n$$\ny\n$$")  # only a line ending in "$$" ends math
@example("- $$\n\n# b\n\n$$")  # math in a list item reads on past the item
@example("text\n$$\n\n# b\n\n$$\nx\n\n# c\n\n$$")  # "$$" in a paragraph opens no math
@example("</details>\n\u00a0\n# heading")  # a no-break space is no blank line
@example("> quote\n### Card 1\n>")  # markdown-it 2 mapped the empty quote a line past the end
def test_a_page_cut_into_pieces_parses_like_the_whole_page(text):
    from deckgen.parse import document
    from deckgen.parse.labels import is_plain, questions_in

    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as parse_text gives it
    whole = document.Document(text, "x.md")
    original = document.CHUNK_LINES
    document.CHUNK_LINES = 1  # cut wherever the page allows
    try:
        pieces = document.Document(text, "x.md")
    finally:
        document.CHUNK_LINES = original
    assert list(pieces.lines) == list(whole.lines)
    assert pieces.blocks == whole.blocks
    assert pieces.unclosed == whole.unclosed
    assert pieces.citations == whole.citations
    assert [pieces.pos(n) for n in range(len(pieces.lines))] == [
        whole.pos(n) for n in range(len(whole.lines))
    ]
    for block in whole.blocks:  # what the parse works out is what the readers would
        if block.kind == "paragraph":
            source = whole.source(block.start, block.end)
            assert (block.asks, block.plain) == (questions_in(source), is_plain(source))


# One line that starts with a letter, then anything inline (or block-looking) after it.
ONE_LINE = st.builds(
    lambda first, rest: first + rest,
    st.characters(categories=("Lu", "Ll", "Lo")),
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    " **bold**",
                    " *em*",
                    " `code`",
                    " [^1]",
                    "[^2]",
                    " $x$",
                    " \\(y\\)",
                    " \\[z\\]",
                    " <b>",
                    " <!-- c -->",
                    " [l](u)",
                    " ![i](p.png)",
                    "  ",
                    " ~~s~~",
                    " {{c1::x}}",
                    " |",
                    " | a |",
                    " # h",
                    " ---",
                    " &amp;",
                    "\\",
                    "\t",
                    "\u00a0",
                    "\x0b",
                    "\x0c",
                    "\u2028",
                    "\x00",
                    "\r",
                    " 1.",
                    " - x",
                ]
            ),
            st.text(max_size=8),
        ),
        max_size=12,
    ).map("".join),
)


@given(ONE_LINE)
@example("x\r")  # a carriage return is a line break to markdown
@example("x\x00y")
@example("a   ")
def test_one_line_sides_parse_as_the_block_parser_would(text):
    from markdown_it.rules_core.block import block

    from deckgen.markdown import card_parser

    short, full = card_parser(html=True), card_parser(html=True)
    full.core.ruler.at("block", block)
    env = {"citations": {"1": 1}}
    assert short.parse(text, dict(env)) == full.parse(text, dict(env))

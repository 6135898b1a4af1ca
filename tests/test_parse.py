from __future__ import annotations

import re

import pytest

from conftest import note_deck
from deckgen import parse_file, parse_text
from deckgen.errors import InputError, ParseError
from deckgen.render import render_deck


def languages(note) -> list[str]:
    """The language of each highlighted code block of a note ("" if none)."""
    html = note.question_html + note.answer_html
    return re.findall(r'<pre class="highlight"><code(?: class="language-([^"]+)")?>', html)


def render_warnings(text: str, path: str) -> list[str]:
    _, problems = render_deck(parse_text(text, path))
    return [str(p) for p in problems]


SAMPLE_QUESTIONS = [
    "SQLAlchemy에서 모델 클래스를 수정하면 데이터베이스 테이블이 자동으로 변경되나요?",
    "Alembic을 프로젝트에 설치하고 초기화하는 명령어는?",
    "`alembic.ini` 파일에서 MySQL 데이터베이스 연결을 설정하는 방법은?",
    "`alembic/env.py`에서 모델 메타데이터를 연결하려면 어떻게 해야 하나요?",
    "모델 변경사항을 자동으로 감지하여 마이그레이션 파일을 생성하는 명령어는?",
    "생성된 마이그레이션을 데이터베이스에 적용하는 명령어는?",
    "마이그레이션 파일의 `upgrade()`와 `downgrade()` 함수의 역할은?",
    "현재 데이터베이스의 마이그레이션 버전을 확인하는 명령어는?",
    "모든 마이그레이션 이력을 확인하는 명령어는?",
    "마이그레이션을 한 단계 롤백하는 명령어는?",
    "Alembic autogenerate가 변경사항을 감지하지 못하는 주요 원인은?",
    "프로덕션 환경에서 마이그레이션 적용 전 반드시 해야 할 작업은?",
    "SQLAlchemy 컬럼 추가 예시 코드는?",
    "`alembic init alembic` 명령어 실행 시 생성되는 주요 파일/폴더는?",
    "pyproject.toml 환경에서 Alembic과 pymysql을 Poetry로 설치하는 명령어는?",
]

# Footnote labels each card cites, in order of first citation.
SAMPLE_CITATIONS = [
    ["2", "4"], [], ["5", "2"], ["6", "7"], ["7", "1"], ["2", "1"], ["1"], [], [], ["1"],
    ["6", "7"], ["2", "1"], [], ["4", "1"], [],
]  # fmt: skip

SAMPLE_LANGUAGES = [
    [], ["bash"], ["ini"], ["python"], ["bash"], ["bash"], [], ["bash"], ["bash"], ["bash"],
    [], [], ["python"], [], ["bash"],
]  # fmt: skip

# Text from around the cards that must never end up inside one.
JUNK = [
    "r2cdn.perplexity.ai",
    "플래시 카드 생성",
    "바탕으로 플래시 카드를 생성하겠습니다",
    "플래시 카드 세트",
    "이 플래시 카드들을",
    "display:none",
    "⁂",
    "[^8]",
    "https://",
    "***",
    "카드 ",
]


@pytest.fixture
def sample(sample_page):
    return parse_file(sample_page)


def test_sample_page_has_exactly_the_15_questions(sample):
    assert [card.question for card in sample.cards] == SAMPLE_QUESTIONS


def test_sample_deck_name_resolves_the_markdown_escape(sample):
    assert sample.name == "플래시 카드 세트: SQLAlchemy & Alembic 마이그레이션"


def test_sample_cards_keep_their_titles_and_lines(sample, sample_page):
    assert [card.title for card in sample.cards] == [f"카드 {n}" for n in range(1, 16)]
    lines = sample_page.read_text(encoding="utf-8").split("\n")
    for card in sample.cards:
        assert card.pos.path == str(sample_page)
        assert lines[card.pos.line - 1].startswith("**Q:**")


def test_sample_citations_in_order_of_first_citation(sample_page):
    sample = note_deck(sample_page)
    assert [[c.label for c in note.citations] for note in sample.notes] == SAMPLE_CITATIONS
    card3 = sample.notes[2]
    assert card3.citations[0].url == (
        "https://develop-davi-kr.tistory.com/entry/파이썬-각종-db-연결sqlalchemy-pymysql"
    )
    assert card3.citations[1].url == (
        "https://dev.to/surajbhattarai/mastering-sqlalchemy-migrations-a-comprehensive-guide-2fo0"
    )


def test_sample_code_blocks_with_languages(sample, sample_page):
    notes = note_deck(sample_page).notes
    assert [languages(note) for note in notes] == SAMPLE_LANGUAGES
    assert "```bash\n# 설치\npip install alembic\n# 또는\npoetry add alembic\n\n# 초기화\n" in (
        sample.cards[1].answer
    )


def test_sample_has_no_junk_in_any_card(sample):
    for card in sample.cards:
        for junk in JUNK:
            assert junk not in card.question, (card.pos, junk)
            assert junk not in card.answer, (card.pos, junk)


def test_sample_answers_start_on_the_label_line_or_below(sample):
    assert sample.cards[0].answer.startswith("아니요. `Base.metadata.create_all()`")
    assert sample.cards[0].answer.endswith("필요합니다.[^2][^4]")
    assert sample.cards[1].answer.startswith("```bash\n# 설치")
    assert sample.cards[11].answer.splitlines() == [
        "1. 데이터베이스 백업",
        "2. 개발/테스트 환경에서 먼저 테스트",
        "3. 생성된 마이그레이션 파일 검토",
        "4. 팀원과 마이그레이션 파일 공유 (Git)[^2][^1]",
    ]


def test_sample_parses_without_warnings_and_leaves_out_only_the_chat(sample):
    assert [w for w in sample.warnings if w.severity != "info"] == []
    assert [(w.pos.line, w.pos.end, w.message.split(":")[0]) for w in sample.warnings] == [
        (1, 1, "left out, before the first card"),  # the assistant's logo
        (5, 5, "left out, before the first card"),  # "I'll make flashcards from..."
        (218, 221, "left out, after the last card"),  # "You can study these in Anki..."
    ]


# --- the rules of the format, one case each --------------------------------------------


def test_the_label_pattern_turns_away_at_the_first_character_only_lines_of_no_label():
    """The lookahead that makes most lines fail fast changes no match: the pattern without them finds the same labels on every line of the test
    pages and on lines made to be close, and no character a label word can start with
    (case folded as the pattern folds it) is missing from the lookahead."""
    from pathlib import Path

    from deckgen.parse import labels

    pattern = labels._LABEL.pattern
    lookahead = pattern[pattern.index("(?=[") : pattern.index("])") + 2]
    plain = re.compile(pattern.replace(lookahead, ""), re.I | re.X)
    assert plain.pattern != pattern
    lines = {
        line
        for page in Path(__file__).parent.joinpath("data").rglob("*.md")
        for line in page.read_text(encoding="utf-8").split("\n")
    }
    words = labels.QUESTION_WORDS | labels.ANSWER_WORDS
    for word in words:
        for form in (word, word.upper(), word.title()):
            lines |= {f"{form}: x", f"  **{form}:** x", f"\U0001f539 {form} 1) x", f"{form}. x"}
    assert len(lines) > 2000
    for line in lines:
        found, expected = labels._LABEL.match(line), plain.match(line)
        assert (found and found.groupdict()) == (expected and expected.groupdict()), line
    first = re.compile("|".join(re.escape(word[0]) for word in words), re.I)
    starts = re.compile(f"[{re.escape(labels.LABEL_STARTS)}]", re.I)
    chars = map(chr, range(0x110000))
    assert [c for c in chars if first.fullmatch(c) and not starts.fullmatch(c)] == []


def test_labels_plain_or_bold_any_case():
    deck = parse_text(
        "### One\nquestion: First?\nANSWER: one\n\n"
        "### Two\n**Question:** Second?\n\n**answer:** two\n\n"
        "### Three\n**Q**: Third?\n**A**: three\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("First?", "one"),
        ("Second?", "two"),
        ("Third?", "three"),
    ]


def test_a_numbered_label_inside_the_bold_around_the_question_is_a_label():
    """ "**Q1. Who founded Rome?**" reads as "**Q1.** Who founded Rome?" does."""
    deck = parse_text(
        "# Hist\n\n**Q1. Who founded Rome?**\nRomulus\n\n**Q2) When did Rome fall?**\n476\n\n"
        "**Q3. 2 + 2?**\n4\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Who founded Rome?", "Romulus"),
        ("When did Rome fall?", "476"),
        ("2 + 2?", "4"),
    ]
    korean = parse_text(
        "**질문 1. 조선을 건국한 왕은?**\n태조 이성계\n\n**질문 2. 한글은?**\n세종\n"
    )
    assert [(c.question, c.answer) for c in korean.cards] == [
        ("조선을 건국한 왕은?", "태조 이성계"),
        ("한글은?", "세종"),
    ]


def test_a_bold_numbered_label_with_a_parenthesis_and_an_answer_label_alone_on_its_line():
    """'**Q1)** ...', then 'A1)' alone above the answer's code block."""
    deck = parse_text(
        "# SQL\n\n**Q1)** Find the second highest salary.\n\nA1)\n```sql\n"
        "SELECT MAX(salary) FROM employees;\n```\n\n**Q2)** Count the rows.\n\nA2)\n"
        "```sql\nSELECT COUNT(*) FROM employees;\n```\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Find the second highest salary.", "```sql\nSELECT MAX(salary) FROM employees;\n```"),
        ("Count the rows.", "```sql\nSELECT COUNT(*) FROM employees;\n```"),
    ]
    # "**A)**" alone is still an option of a multiple choice, not a label
    (card,) = parse_text("Q: Which is prime?\n**A)** 4\n**B)** 7\n\nA: B\n").cards
    assert card.question.startswith("Which is prime?")


def test_answer_runs_over_blocks_until_a_heading_of_the_same_level():
    deck = parse_text(
        "## Deck\n\n### Card\n\n**Q:** What?\n\n**A:** First.\n\n"
        "#### Detail\n\nMore text.\n\n- item\n\n### Not a card\n\nChatter.\n",
        dialect="sections",
    )
    (card,) = deck.cards
    assert card.answer == "First.\n\n#### Detail\n\nMore text.\n\n- item"


def test_answer_ends_at_a_thematic_break_or_the_next_card_heading():
    deck = parse_text(
        "# Deck\n\n### 1\nQ: a?\nA: b\n\n---\n\nNot part of it.\n\n"
        "### 2\nQ: c?\nA: d\n\n## Card three\nQ: e?\nA: f\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("a?", "b"),
        ("c?", "d"),
        ("e?", "f"),
    ]


def test_question_may_span_blocks_up_to_the_answer_label():
    deck = parse_text(
        "### C\n**Q:** What does this print?\n\n```python\nprint(1)\n```\n\n**A:** 1\n"
    )
    (card,) = deck.cards
    assert card.question == "What does this print?\n\n```python\nprint(1)\n```"
    assert languages(note_deck(deck).notes[0]) == ["python"]


def test_deck_name_is_the_nearest_outranking_heading_else_the_file_stem():
    page = "# Title\n\n## The deck\n\n### Card\nQ: a?\nA: b\n"
    assert parse_text(page, dialect="sections").name == "The deck"
    assert parse_text(page, deck_name="Mine", dialect="sections").name == "Mine"
    assert parse_text("Q: a?\nA: b\n", path="notes/python.md").name == "python"


def test_citation_with_a_titled_link_definition():
    deck = parse_text(
        "### C\nQ: a?\nA: b[^x] and [^y][^x]\n\n"
        "[^x]: [The docs](https://docs.example.com/a)\n[^y]: https://example.com/y\n"
        "[^z]: https://never.cited/\n"
    )
    (note,) = note_deck(deck).notes
    assert [(c.label, c.url, c.title) for c in note.citations] == [
        ("x", "https://docs.example.com/a", "The docs"),
        ("y", "https://example.com/y", ""),
    ]


def test_citation_markers_inside_code_are_not_citations():
    deck = parse_text("### C\nQ: a?\nA: `re.compile('[^1]')` and[^1]\n\n[^1]: https://e.com\n")
    assert [c.label for c in note_deck(deck).notes[0].citations] == ["1"]


def test_undefined_citation_is_a_warning_with_the_line():
    assert render_warnings("# D\n\n### C\nQ: a?\nA: b[^9]\n", "x.md") == [
        "x.md:4: warning: citation [^9] has no definition; it is kept as text"
    ]


def test_crlf_line_endings(write_md, tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(b"### C\r\n**Q:** a?\r\n**A:** b\r\nmore\r\n")
    (card,) = parse_file(path).cards
    assert (card.question, card.answer) == ("a?", "b\nmore")


# --- errors: every problem, with file and line ----------------------------------------


def errors_of(text: str, path: str = "x.md") -> list[str]:
    with pytest.raises(ParseError) as caught:
        parse_text(text, path)
    return [str(p) for p in caught.value.problems]


def warnings_of(text: str, path: str = "x.md") -> list[str]:
    return [str(p) for p in parse_text(text, path).warnings if p.severity == "warning"]


def test_question_without_answer():
    text = "### C\n\n**Q:** Lonely?\n\n***\n\n### D\nQ: b?\nA: c\n"
    assert warnings_of(text) == [
        'x.md:3: warning: this question has no answer: add an "A:" line below it; '
        "this card is left out"
    ]
    assert parse_text(text).left_out == 1


def test_empty_answer_and_empty_question_are_all_reported():
    assert warnings_of("### 1\nQ: a?\nA:\n\n---\n\n### 2\nQ:\nA: b\n\n### 3\nQ: c\nA: d\n") == [
        "x.md:3: warning: the answer is empty; this card is left out",
        "x.md:8: warning: the question is empty; this card is left out",
    ]


def test_answer_without_question_is_left_out_and_the_other_cards_written():
    """A stray answer is one card's fault: before, an error, and the page's other cards
    (15 of a real write-up) were not written either."""
    deck = parse_text("# D\n\n**A:** stray\n\n### C\nQ: a?\nA: b\n", "x.md")
    assert [(c.question, c.answer) for c in deck.cards] == [("a?", "b")]
    assert [str(w) for w in deck.warnings] == [
        "x.md:3: warning: answer label without a question before it; this answer is left out "
        "(write its question above it)",
        "x.md:3: info: left out, before the first card: '**A:** stray'",
    ]


def test_no_cards():
    assert errors_of("# Just notes\n\nNothing here.\n") == [
        'x.md:1: error: no cards found; a card looks like "Q: question" with "A: answer" on '
        "the next line, or see 'Writing cards' in the README"
    ]


def test_no_cards_names_the_nearest_miss():
    assert errors_of("# Notes\n\nSome prose.\n\n**Q -** What is it?\n**A -** This.\n") == [
        "x.md:5: error: no cards found; the nearest miss: '**Q -** What is it?' is not a label "
        'deckgen reads (write Q: with a colon); a card looks like "Q: question" with '
        "\"A: answer\" on the next line, or see 'Writing cards' in the README"
    ]


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("### C\nQ: a?\nA: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert str(caught.value) == (
        f"{path}:3: not UTF-8 text (byte 0xe9 at column 7); save the file as UTF-8, "
        "or name its encoding with --encoding (e.g. cp1252)"
    )


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff### C\nQ: a?\nA: b\n".encode())
    assert parse_file(path).cards[0].question == "a?"


def test_tags_ids_and_reverse_marker_are_not_card_text():
    deck = parse_text(
        "---\ntags: [lang, fr]\n---\n# Vocab\n\n### 1\n<!-- id: bonjour -->\n**Q:** Bonjour\n"
        "**A:** Hello\n#greeting #reverse\n",
        "vocab.md",
    )
    (card,) = deck.cards
    assert (card.question, card.answer) == ("Bonjour", "Hello")
    assert card.id == "bonjour"
    assert card.reverse
    assert card.tags == ("lang", "fr", "source::vocab.md", "greeting")
    assert card.pos.line == 8  # front matter lines still count


def test_front_matter_deck_and_problems():
    assert parse_text("---\ndeck: Lang::French\n---\n### 1\nQ: a\nA: b\n").name == "Lang::French"
    # A key like one of deckgen's is a slip; others are other tools' (Obsidian, Jekyll).
    # "sessions: [s1]" (an Obsidian vault's own key) holds no value "sections" takes.
    deck = parse_text(
        "---\ndecks: Lang\ncolour: blue\nsr-due: 2026-01-05\nsessions: [s1]\n---\n### 1\n"
        "Q: a\nA: b\n",
        "x.md",
    )
    assert [str(w) for w in deck.warnings] == [
        "x.md:1: warning: unknown front matter key 'decks' (did you mean 'deck'?)",
        "x.md:1: info: front matter keys deckgen does not use, left to other tools: 'colour', "
        "'sr-due', 'sessions'",
    ]
    assert errors_of("---\ntags: [a\n---\n### 1\nQ: a\nA: b\n")[0].startswith(
        "x.md:3: error: front matter is not valid YAML"
    )


def test_cloze_card_needs_no_answer():
    (card,) = parse_text("### C\nQ: The capital of France is {{c1::Paris}}.\n").cards
    assert card.is_cloze
    assert card.answer == ""


def test_html_image_with_a_local_file_warns():
    assert render_warnings('### C\nQ: a?\nA: <img src="local.png">\n', "x.md") == [
        "x.md:3: warning: <img src='local.png'> in HTML is not packaged; "
        "write ![alt](local.png) instead"
    ]


def test_cards_and_blocks_survive_pickling_whole():
    """Cards and blocks cross between processes pickled by their fields (see model)."""
    import pickle

    from deckgen.parse.document import Block, parse_chunk

    text = (
        "# T\n\n**Q:** What is `x`?[^1]\n\n**A:** 42\n\n```nolang\nx\n```\n\n"
        "[^1]: https://a.example\n"
    )
    deck = parse_text(text, "x.md")
    card = deck.cards[0]
    assert pickle.loads(pickle.dumps(card)) == card
    notes, (problem,) = render_deck(deck)  # the unknown code language
    note = notes.notes[0]
    copy = pickle.loads(pickle.dumps(note))
    assert copy == note
    assert copy.citations[0].url == "https://a.example"
    chunk = parse_chunk(text)
    blocks = [Block.placed(fields, 3) for fields in chunk.blocks]
    assert pickle.loads(pickle.dumps(blocks)) == blocks
    assert pickle.loads(pickle.dumps(problem)) == problem


def test_the_parse_works_out_each_paragraphs_labels_as_the_readers_would():
    """Paragraphs carry what the readers first ask of them (see Block.asks): a pure
    speed-up, so a page reads the same when the readers work it out again."""
    from deckgen.parse import document

    text = (
        "# Deck\n\n## One\n\n**Q:** What?\n**A:** That.\n\nJust text.\n\n"
        "**Card 2**\nQ: Why?\n\nA: Because.\n#tag\n\n<!-- id: x -->\nQ: Who?\nA: Me.\n\n"
        "Front: Hola\nBack: Hello\n\nQ: When?\nA: Now.\n\n#later\n"
    )
    doc = document.Document(text, "x.md")
    facts = [(b.asks, b.plain) for b in doc.blocks if b.kind == "paragraph"]
    plain, tags = (0, True), (0, False)  # "Just text.", "#later"
    one = (1, False)  # one question label
    assert facts == [one, plain, one, (0, False), one, one, one, tags]
    original = document._blocks

    def unknown(tokens, lines):  # every paragraph as one a reader cut out: not worked out
        return [(*fields[:6], -1, False) for fields in original(tokens, lines)]

    document._blocks = unknown
    try:
        again = parse_text(text, "x.md")
    finally:
        document._blocks = original
    assert again == parse_text(text, "x.md")
    assert len(again.cards) == 5
    assert "later" in again.cards[-1].tags


@pytest.mark.parametrize(
    ("deep", "line"),
    [
        (" " * 84 + "- too deep", 1),  # by its indentation
        ("Q: b\nA: c\n\n" + " " * 84 + "1. too deep", 4),
        ("Q: b\nA: c\n\n" + "> " * 45 + "too deep", 4),  # by its markers
        ("Q: b\nA: c\n\n" + "- " * 45 + "too deep", 4),
    ],
)
def test_lists_nested_past_what_is_read_warn_at_their_line(deep, line):
    deck = parse_text(f"Q: a\nA: x\n\n{deep}\n", "deep.md")
    (warning,) = [w for w in deck.warnings if "nested about 40 levels" in w.message]
    assert warning.pos.line == line + 3


def test_a_page_that_starts_nested_too_deep_warns_at_line_1():
    deck = parse_text(" " * 84 + "- too deep\n\nQ: a\nA: x\n", "deep.md")
    assert [w.pos.line for w in deck.warnings if "nested about 40" in w.message] == [1]


def test_lists_nested_a_little_do_not_warn():
    deck = parse_text("Q: a\nA: x\n\n" + " " * 40 + "- deep\n" + "> " * 30 + "quote\n", "ok.md")
    assert not [w for w in deck.warnings if "nested" in w.message]


def test_an_id_right_above_a_question_is_that_questions_id():
    deck = parse_text(
        "Q: Gold?\nA: Au\n\n<!-- id: water -->\nQ: Water?\nA: H2O\n\n"
        "Q: Iron?\nA: Fe\n<!-- id: iron -->\n\nQ: Tin?\n<!-- id: tin -->\nA: Sn\n",
        "ids.md",
    )
    assert [(card.question, card.id) for card in deck.cards] == [
        ("Gold?", ""),
        ("Water?", "water"),  # its own line, right above the question
        ("Iron?", "iron"),  # after the answer: still the card it is in
        ("Tin?", "tin"),
    ]


def test_code_or_a_list_after_a_cloze_line_ending_in_a_colon_belongs_to_that_card():
    page = (
        "# Python\n\nThe keyword {{c1::def}} starts a function:\n\n```python\ndef f():\n"
        "    return 1\n```\n\nThe {{c1::return}} statement gives a value back.\n\n"
        "```python\nreturn 1\n```\n\nLists are made with {{c1::brackets}}：\n\n- `[1, 2]`\n"
    )
    deck = parse_text(page, "cloze.md")
    assert [card.question.split("\n")[0] for card in deck.cards] == [
        "The keyword {{c1::def}} starts a function:",
        "The {{c1::return}} statement gives a value back.",
        "Lists are made with {{c1::brackets}}：",
    ]
    assert deck.cards[0].question.endswith("```python\ndef f():\n    return 1\n```")
    assert deck.cards[2].question.endswith("- `[1, 2]`")
    # No colon: the code after the second card is in no card, and a warning says so.
    assert "return 1" not in deck.cards[1].question
    assert [w.pos.line for w in deck.warnings if "in no card" in w.message] == [12]


def test_the_quick_check_for_control_characters_agrees_with_the_pattern():
    """without_controls looks at UTF-8 bytes first: every other code point passes it,
    every control character is caught (and removed, the lines kept)."""
    from deckgen.parse.document import CONTROL, without_controls

    others = "".join(
        chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and not CONTROL.match(chr(c))
    )
    assert without_controls(others) == (others, "")
    controls = [chr(c) for c in range(0x80) if CONTROL.match(chr(c))]
    assert len(controls) == 30  # C0 but tab, line feed and form feed; DEL
    for control in controls:
        kept = " " if control == "\x0b" else ""  # a vertical tab breaks a line in Word
        assert without_controls(f"a\n{control}b") == (f"a\n{kept}b", control)


def test_text_before_or_after_the_cards_that_reads_like_cards_gets_a_warning():
    """A preamble or a closing is said of in an info line; when lines of it ask over an
    answer, or pair terms with meanings three or more in a row, they are more likely
    cards deckgen did not read there: a warning names them."""
    page = (
        "# Spanish, week 2\n\n"
        "Español | English\n"
        "el perro | the dog\n"
        "el gato | the cat\n"
        "la casa | the house\n\n"
        "## Chapters\n\n- Why Spanish?\n- Who is it for?\n- What you need\n\n"
        "## Cards\n\nQ: What does *la mesa* mean?\nA: the table\n\n"
        "Q: What does *el libro* mean?\nA: the book\n\n"
        "---\n\nMore from last week:\n\n"
        "> **How do you say *good night*?**\n> Buenas noches.\n\n"
        "> **How do you say *thank you*?**\n> Gracias.\n\n"
        "Want me to add more cards?\n"
    )
    deck = parse_text(page, "es.md")
    assert len(deck.cards) == 2
    warnings = [str(w) for w in deck.warnings if w.severity == "warning"]
    assert warnings == [
        "es.md:3-6: warning: 4 lines before the first card read like cards ('Español | "
        "English') but are in none; if they are cards, write them as the cards of this page are",
        "es.md:24-32: warning: 2 lines after the last card read like cards ('> **How do you "
        "say *good night*?**') but are in none; if they are cards, write them as the cards "
        "of this page are",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Here are your flashcards! Ready?\n\n",  # the assistant asks, and it is one line
        "## Contents\n\n- [What is a dog?](#dog)\n- [What is a cat?](#cat)\n\n",  # links
        "Notes:\n\n- Why Spanish?\n- Who is it for?\n\n",  # a list of titles that ask
        "```\nwhy? -> because\na -> b\nc -> d\n```\n\n",  # code
        "Spanish - a language\n\nToday we learn words.\n\n",  # one pair is no run
    ],
)
def test_text_outside_the_cards_that_does_not_read_like_cards_is_an_info_line(text):
    deck = parse_text(text + "Q: What is a dog?\nA: An animal.\n", "x.md")
    assert [w.severity for w in deck.warnings] == ["info"] * len(deck.warnings) != []


def test_a_details_card_with_only_empty_html_inside_is_left_out_with_a_warning():
    """A list of interview questions, each in <details>, most not answered yet: "<br>"
    and "<p></p>" show nothing, so those cards have no answer."""
    page = (
        "# 운영체제 면접 질문\n\n"
        "<details>\n  <summary>1. 프로세스와 스레드의 차이는?</summary>\n  <br>\n"
        "  프로세스는 메모리를 따로 갖고, 스레드는 공유합니다.\n</details>\n\n"
        "<details>\n  <summary>2. 교착 상태의 조건은?</summary>\n  <br>\n  <p></p>\n</details>\n\n"
        "<details>\n  <summary>3. 페이지 교체 알고리즘은?</summary>\n  &nbsp;\n</details>\n\n"
        "<details>\n  <summary>4. 가상 메모리란?</summary>\n  <img src='vm.png'>\n</details>\n"
    )
    deck = parse_text(page, "os.md")
    assert [c.question for c in deck.cards] == [
        "1. 프로세스와 스레드의 차이는?",
        "4. 가상 메모리란?",
    ]
    assert [str(w) for w in deck.warnings if w.severity == "warning"] == [
        "os.md:9: warning: the answer is empty; this card is left out",
        "os.md:15: warning: the answer is empty; this card is left out",
    ]
    assert deck.left_out == 2


def test_a_reveal_under_a_title_heading_asks_what_is_shown_above_it():
    """ "### P3. Graceful or not" titles a question and its options; a <details> that
    only says "Answer" hides the answer. The question is what is shown, options and all
    (before, it was the title alone, and the options were in no card, said nowhere)."""
    page = (
        "# Docker practice\n\n### P3. Graceful or not\n\n"
        "Which command lets the app finish its requests before the container stops?\n\n"
        "- A) `docker kill api`\n- B) `docker stop api`\n\n"
        "<details>\n<summary>Answer</summary>\n\nB) `docker stop api`\n\n</details>\n"
    )
    (card,) = parse_text(page, "p.md").cards
    assert card.title == "P3. Graceful or not"
    assert card.question == (
        "Which command lets the app finish its requests before the container stops?\n\n"
        "- A) `docker kill api`\n- B) `docker stop api`"
    )
    assert card.answer == "B) `docker stop api`"


def test_cards_kept_in_the_front_matter_by_another_app_get_a_warning():
    page = (
        "---\ntitle: TCP\ncards:\n- front: What does SYN do?\n  back: Opens a connection.\n"
        "- front: What does FIN do?\n  back: Closes it.\nsources:\n- url: https://e.org\n"
        "  label: RFC\n---\n\nQ: What is a port?\nA: A number for a service.\n"
    )
    deck = parse_text(page, "tcp.md")
    assert len(deck.cards) == 1
    assert [str(w) for w in deck.warnings if w.severity == "warning"] == [
        "tcp.md:1: warning: front matter key 'cards' holds 2 cards, which deckgen does not read "
        "there; write them in the page to build them"
    ]


def test_correct_answer_labels_a_quizs_answer_only_while_its_question_waits():
    """ "**Correct Answer:** B" under a question and its options answers it (before, the
    options and that line were the answer); below an answer it is more of the answer."""
    page = (
        "**Question 1:** What is a neural network mostly used for?\n\n"
        "  A) Data entry\n  B) Pattern recognition\n**Correct Answer:** B\n\n"
        "Q: Which is prime?\nA: 7\nCorrect answer: 7, since it has no divisors.\n"
    )
    deck = parse_text(page, "nn.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        (
            "What is a neural network mostly used for?\n\n  A) Data entry\n  B) Pattern recognition",
            "B",
        ),
        ("Which is prime?", "7\nCorrect answer: 7, since it has no divisors."),
    ]


def test_a_correct_answer_label_of_another_language_answers_a_waiting_question():
    """ "**Question:**" of an English template, then "**정답:**" as a Korean learner writes
    it: before, the options and the answer line were the answer, with no warning."""
    page = (
        "**Question:** Which layer does a router work at?\n\n**Options:**\n- A) Physical\n"
        "- B) Network\n\n**정답: B) Network**\n\n라우터는 IP 주소로 경로를 정합니다.\n\n"
        "**Question:** What does DNS translate?\n\n**정답:** names to addresses\n"
    )
    deck = parse_text(page, "net.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        (
            "Which layer does a router work at?\n\n**Options:**\n\n- A) Physical\n- B) Network",
            "B) Network\n\n라우터는 IP 주소로 경로를 정합니다.",
        ),
        ("What does DNS translate?", "names to addresses"),
    ]


def test_hard_line_breaks_after_titles_and_labels_are_no_text():
    """ "**Flashcard 2**\\" over "Q: ...?\\" over "A: ...": backslashes that break the
    lines (as some editors write them) were kept in the questions, and each title ended
    the answer above it."""
    page = (
        "**Flashcard 1**\\\nQ: What is a Blueprint?\\\nA: A module of routes.\n\n"
        "**Flashcard 2**\\\nQ: How is one registered?\\\nA: With `register_blueprint`.\n"
    )
    deck = parse_text(page, "f.md")
    assert [(c.title, c.question, c.answer) for c in deck.cards] == [
        ("Flashcard 1", "What is a Blueprint?", "A module of routes."),
        ("Flashcard 2", "How is one registered?", "With `register_blueprint`."),
    ]


def test_a_sections_number_is_no_part_of_a_question_heading():
    """ "#### 2.1 什么是LSTM" (and a full-width question mark): the question lost only
    "2.", and asked "1 什么是LSTM"."""
    page = "### 2.1 什么是LSTM？\n\n**答案：** 长短时记忆网络。\n\n### 2.2 什么是GRU？\n\n**答案：** 门控循环单元。\n"
    assert [c.question for c in parse_text(page, "z.md").cards] == ["什么是LSTM？", "什么是GRU？"]


def test_a_question_over_its_choices_whose_last_item_is_the_correct_answer():
    """A course quiz: "**Question 1**" over the question, then a list of the choices
    whose next item is "**Correct Answer:** ..." and more notes: before, the page gave
    one card holding every question."""
    page = (
        "# Quiz: containers\n\n---\n\n**Question 1**\nWhich service runs one container "
        "without a VM?\n\n* A) AKS\n* B) ACI\n* **Correct Answer:** B) ACI is serverless.\n"
        "* **Why not A:** AKS needs a cluster.\n\n---\n\n**Question 2**\nWhich one "
        "orchestrates many containers?\n\n* A) ACI\n* B) AKS\n* **Correct Answer:** B\n"
    )
    deck = parse_text(page, "q.md")
    assert [(c.title, c.question, c.answer) for c in deck.cards] == [
        ("Question 1", "Which service runs one container without a VM?\n\n* A) AKS\n* B) ACI",
         "B) ACI is serverless.\n* **Why not A:** AKS needs a cluster."),
        ("Question 2", "Which one orchestrates many containers?\n\n* A) ACI\n* B) AKS", "B"),
    ]  # fmt: skip
    assert not [w for w in deck.warnings if w.severity == "warning"]


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("**Answer Key**", "1. **B**\n2. **A**\n"),
        ("📖 Answers", "1. B　2\\. A\n"),  # one line, a period escaped, an ideographic space
    ],
)
def test_a_line_alone_titles_an_answer_key_under_a_quiz_heading(title, key):
    page = (
        "## Quiz\n\n1. Which sort is stable?\n   - A) Quicksort\n   - B) Merge sort\n"
        f"2. Which is O(1) to index?\n   - A) Array\n   - B) Linked list\n\n{title}\n\n{key}"
    )
    deck = parse_text(page, "quiz.md")
    assert [(c.question.split("\n")[0], c.answer) for c in deck.cards] == [
        ("Which sort is stable?", "**B**" if "**" in key else "B"),
        ("Which is O(1) to index?", "**A**" if "**" in key else "A"),
    ]


def test_an_answer_label_over_a_list_is_no_answer_key_title():
    page = (
        "## Algorithms\n\n1. Sorting\n2. Searching\n\n**Q:** Name two stable sorts.\n\n"
        "**Answer:**\n\n1. Merge sort\n2. Insertion sort\n"
    )
    deck = parse_text(page, "a.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Name two stable sorts.", "1. Merge sort\n2. Insertion sort")
    ]


def test_a_numbered_task_heading_over_its_task_and_an_answer_label():
    """ "### Task 1", the task (no question mark), then "**Answer:**": before, an error
    ("answer label without a question before it") and no file written; with "***Ответ:***"
    (bold italics, not read as a label) one card per heading holding task and answer."""
    page = (
        "## Homework\n\n### Task 1\n\nFind the error in this JSON.\n\n**Answer:**\n\n"
        "The ip key lacks a quote.\n\n### Задание 2\n\nНапишите скрипт.\n\n***Ответ:***\n\nСм. код.\n"
    )
    deck = parse_text(page, "hw.md")
    assert [(c.title, c.question, c.answer) for c in deck.cards] == [
        ("Task 1", "Find the error in this JSON.", "The ip key lacks a quote."),
        ("Задание 2", "Напишите скрипт.", "См. код."),
    ]


def test_a_scenario_above_the_question_under_a_titled_question_heading_is_asked_too():
    """ "### Question 5: A real case", a scenario and its steps, then the question and
    "**Answer:**": before, the front was the last line alone, and the scenario was in no
    card with no word said."""
    page = (
        "### Question 5: A real case\nYour checkout has 3 steps:\n1. Reserve stock\n"
        "2. Charge card\n\nIf step 2 fails, is step 1 undone?\n\n**Answer:** Use a transaction.\n"
    )
    (card,) = parse_text(page, "q.md").cards
    assert (card.title, card.question, card.answer) == (
        "Question 5: A real case",
        "Your checkout has 3 steps:\n\n1. Reserve stock\n2. Charge card\n\n"
        "If step 2 fails, is step 1 undone?",
        "Use a transaction.",
    )


def test_obsidians_question_mark_over_an_answer_label_and_a_tag_line_over_a_question():
    """ "?" (Obsidian's separator) then "**Answer:**": the "?" stayed on the front; a tag
    line right above a question ("#flashcards/algo") was the first line of the front."""
    labelled = (
        "## VHDL\nWhat does `use ieee.std_logic_1164.all` give?\n?\n**Answer:**\nstd_logic.\n"
    )
    tagged = "Some prose.\n\n#flashcards/algo #exam\nwhat does n%2 mean\n?\nthe remainder\n"
    assert [(c.question, c.answer) for c in parse_text(labelled, "v.md").cards] == [
        ("What does `use ieee.std_logic_1164.all` give?", "std_logic.")
    ]
    (card,) = parse_text(tagged, "t.md").cards
    assert (card.question, card.answer, card.tags) == (
        "what does n%2 mean",
        "the remainder",
        ("source::t.md", "exam"),
    )


def test_a_labelled_task_ending_with_a_period_is_answered_by_the_text_below():
    """ "**Q4: Give an example where greedy fails.**" over a paragraph: before, "this
    question has no answer" (the answer was right below); its options or its code below
    are still no answer."""
    page = (
        "**Q4: Give an example where greedy fails.**\n\nCoin change with coins 1, 3, 4 and 6.\n\n"
        "**Q5: Explain recursion.**\n\n- a) A loop\n- b) A function calling itself\n\n"
        "**Q6: Consider this code.**\n\n```python\nprint(1)\n```\n"
    )
    deck = parse_text(page, "g.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Give an example where greedy fails.", "Coin change with coins 1, 3, 4 and 6.")
    ]
    assert [p.pos.line for p in deck.warnings if "no answer" in p.message] == [5, 10]


def test_cloze_lines_in_no_card_are_a_warning_not_an_info_line():
    """Logseq blocks with a "{{cloze ...}}" gap but no "#card", after the last card:
    before, only an info line (shown with -v) said they were left out."""
    page = (
        "- Coursera\n\t- Bitcoin is {{cloze decentralized}}. #card\n"
        "\t- Who are miners? {{cloze Computers that validate blocks}}\n"
        "\t- What are UTXOs? {{cloze Unspent outputs}}\n"
    )
    deck = parse_text(page, "b.md")
    assert len(deck.cards) == 1
    assert [(p.pos.line, p.severity) for p in deck.warnings if "read like cards" in p.message] == [
        (3, "warning")
    ]


def test_a_summing_up_section_after_the_cards_makes_no_cards():
    """ "## 6. Key Learnings" (or "## Resources") over bold-lead items, after the page's
    question headings: before, each item was a card, with no word (8 cards of two
    held-out pages); a numbered summary heading was a heading card as well."""
    page = (
        "## 5. Q&A\n\n### Why keep both undo and redo logs?\n- Redo makes commits durable.\n"
        "- Undo rolls back and serves old versions.\n\n## 6. Key Learnings\n\n"
        "1. **In-place updates keep tables small**: history goes to undo.\n"
        "2. **Gap locks stop phantoms**: at Repeatable Read.\n\n## Resources\n\n"
        "- **The manual** — chapter 15.\n- **A blog post** — on MVCC.\n"
    )
    deck = parse_text(page, "db.md")
    assert [c.question for c in deck.cards] == ["Why keep both undo and redo logs?"]


def test_dataview_fields_naming_a_link_are_no_cards():
    """ "builds-on:: [[ml-workflow]] — why" in an Obsidian note is a field of Dataview's,
    not a card "builds-on" (4 junk cards of a held-out vault note)."""
    page = (
        "builds-on:: [[ml-workflow]] — the validation slice stands in for unseen data\n"
        "feeds:: [[metrics]] — each fold reports one\n\n"
        "Why stop at the validation dip? :: Past it the model memorises noise.\n"
    )
    deck = parse_text(page, "kfold.md")
    assert [c.question for c in deck.cards] == ["Why stop at the validation dip?"]


def test_a_quote_that_answers_the_numbered_problem_above_it():
    """ "**1.** Compute ..." over "> **Solution:** ...": before, the whole problem set was
    text in no card (10 cards of a real page, warned)."""
    page = (
        "## Problems\n\n**1.** Compute 15% of 80.\n\n> **Solution:** 0.15 × 80 = 12.\n\n"
        "**2.** Why is 0.1 + 0.2 not 0.3 in floating point?\n\n> Answer: 0.1 has no exact\n"
        "> binary form.\n\nA note below, quoted:\n\n> Not an answer.\n"
    )
    deck = parse_text(page, "p.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Compute 15% of 80.", "0.15 × 80 = 12."),
        ("Why is 0.1 + 0.2 not 0.3 in floating point?", "0.1 has no exact\nbinary form."),
    ]


@pytest.mark.parametrize(
    ("page", "questions"),
    [
        # A heading named "Key" over numbered bold-lead items, with no quiz above: cards.
        ("# Traffic\n\n## Key\n\n1. **Red**: stop now\n2. **Green**: go ahead\n", ["Red", "Green"]),
        # Items numbered "1." each, a key item holding "2.": paired by their places.
        (
            "## Quiz\n\n1. What is the first step?\n1. What is 3+3?\n\n### Answer Key\n\n"
            "1. See step 2. Then go.\n1. 6\n",
            ["What is the first step?", "What is 3+3?"],
        ),
        # An Obsidian card whose answer is a link, under a capitalised term: a card.
        ("Hund:: [[dog]]\nKatze:: [[cat]]\nMaus:: [[mouse]]\n", ["Hund", "Katze", "Maus"]),
        # "## Homework" over vocabulary after Q/A cards: cards (only summing-up headings
        # like "## Key takeaways" hold none).
        (
            "## Lesson 1\n\nQ: What is x?\nA: y\n\n## Homework\n\n- **Hund**: dog\n- **Katze**: cat\n",
            ["What is x?", "Hund", "Katze"],
        ),
        # A question heading with nothing below it answers nothing: the takeaways are cards.
        (
            "## Why study?\n\n## Key takeaways\n\n- **Hund**: dog\n- **Katze**: cat\n",
            ["Hund", "Katze"],
        ),
    ],
)
def test_shapes_a_review_found_lost_by_the_answer_key_and_summary_rules(page, questions):
    assert [c.question for c in parse_text(page, "r.md").cards] == questions


def test_a_front_matter_key_like_deckgens_with_a_number_is_still_a_slip():
    deck = parse_text("---\nDeck: 101\n---\nQ: a?\nA: b\n", "x.md")
    assert [w.message for w in deck.warnings] == [
        "unknown front matter key 'Deck' (did you mean 'deck'?)"
    ]


def test_bold_questions_over_their_options_and_a_detailed_corrections_key():
    """ "1. **Which disk ...?**" over "a) ..." lines, then "## Corrections détaillées" over
    "1. **b) ...**" and an explanation: before, the options were each question's answer
    and each key item a card of its own (10 wrong and 10 junk on a real page)."""
    page = (
        "## QCM\n\n1. **Quel disque pour une base critique ?**  \n   a) HDD  \n   b) SSD Premium\n"
        "2. **Quelle VM pour un batch interruptible ?**  \n   a) Spot  \n   b) Réservée\n\n"
        "## Corrections détaillées\n\n1. **b) SSD Premium**  \n   - latence faible et stable.\n"
        "2. **a) Spot**  \n   - peu coûteuse, peut être arrêtée.\n"
    )
    deck = parse_text(page, "qcm.md")
    assert [(c.question.split("\n")[0], c.answer.split("\n")[0]) for c in deck.cards] == [
        ("**Quel disque pour une base critique ?**  ", "**b) SSD Premium**  "),
        ("**Quelle VM pour un batch interruptible ?**  ", "**a) Spot**  "),
    ]


def test_a_question_over_its_answer_after_an_arrow():
    """ "**Card 2:** What is a VPC?" over "→ An isolated network.": before, the page's ten
    cards were lost, and its file failed ("no cards") on answerless questions below."""
    page = (
        "## Flash Cards\n\n**Card 1:** What is auto scaling?\n→ Adjusting capacity to demand.\n\n"
        "**Card 2:** What is a VPC?\n-> An isolated network\nin the cloud.\n\n"
        "Q: What is IAM?\nA: Who may do what.\n\nWhat is S3?\n=> Object storage.\n\n"
        "Next steps\n→ read the docs\n"
    )
    deck = parse_text(page, "c.md")
    assert [(c.title, c.question, c.answer) for c in deck.cards] == [
        ("Card 1", "What is auto scaling?", "Adjusting capacity to demand."),
        ("Card 2", "What is a VPC?", "An isolated network\nin the cloud."),
        ("", "What is IAM?", "Who may do what."),
        ("", "What is S3?", "Object storage."),
    ]


def test_bold_option_bullets_stay_with_their_question_over_a_reveal():
    """ "**2. [Choice]** Which ...?" over "- **A.** save" bullets, then a <details> reveal:
    before, each option was a card of its own ("A." -> "save"), and the number's bold was
    cut in two ("[Choice]** Which ...?")."""
    reveal = "<details>\n<summary>Show answer</summary>\n\n**Correct: {}**.\n\n</details>\n\n"
    page = (
        "## Review\n\n**1. [Choice]** Which one reads?\n\n- **A.** find\n- **B.** save\n\n"
        + reveal.format("A")
        + "**2. [Choice]** Which one persists?\n\n- **A.** save\n- **B.** find\n\n"
        + reveal.format("A")
    )
    deck = parse_text(page, "r.md")
    assert [(c.question, c.answer) for c in deck.cards][1:] == [
        ("**[Choice]** Which one persists?\n\n- **A.** save\n- **B.** find", "**Correct: A**."),
    ]
    assert len(deck.cards) == 2


def test_a_reveal_on_the_line_of_its_numbered_question():
    """ "1. What does Model give? <details><summary>Answer</summary>...</details>" on one
    line: before, one heading card held the whole list."""
    page = (
        "## Review\n\n1. What does `Model` give you? <details><summary>Answer</summary>"
        "All the ORM code.</details>\n2. What if you skip `migrate`? <details><summary>답"
        "</summary>The database is unchanged.</details>\n"
    )
    deck = parse_text(page, "r.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What does `Model` give you?", "All the ORM code."),
        ("What if you skip `migrate`?", "The database is unchanged."),
    ]


def test_a_dotted_answer_label_after_a_slash_on_the_questions_line():
    """ "1. Q. What is HL7? / A. A messaging standard": before, every question had no
    answer and the file failed with "no cards"."""
    page = (
        "## Flashcards\n\n1. Q. What is HL7? / A. A messaging standard\n2. Q. Why? | A. Because.\n"
    )
    deck = parse_text(page, "h.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is HL7?", "A messaging standard"),
        ("Why?", "Because."),
    ]


def test_a_quote_boxing_a_list_of_bold_questions_with_their_answers():
    """ "> ❓ **Review questions:**" over "> - **Can you ...?** No, ...": before, the box
    was left out before the first card with only an info line."""
    page = (
        "Some notes on HCL functions.\n\n> ❓ **Review questions:**\n"
        "> - **Can you define your own functions?** No, only built-in ones.\n"
        "> - **What does `element(l, 5)` return on 3 items?** The item at 5 mod 3.\n\n"
        "> ⚠️ **Common mistakes:**\n> - **Mixing types** in both branches.\n"
        "> - **Writing `=`** instead of `==`.\n"
    )
    deck = parse_text(page, "hcl.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Can you define your own functions?", "No, only built-in ones."),
        ("What does `element(l, 5)` return on 3 items?", "The item at 5 mod 3."),
    ]


def test_a_bold_answer_title_alone_and_the_blank_fields_of_a_practice_log():
    """ "## 問題ex3-1" over code, a question and its options, then "**解答**" alone over
    the answer, then an empty practice log ("回答" and "正解" with full-width colons): before, an error on
    each empty field, and no file written (a held-out Japanese exam bank)."""
    page = (
        "## 問題ex3-1\n\n```java\nint[] a = new int[3];\nSystem.out.print(a[3]);\n```\n\n"
        "次のプログラムを実行するとどうなりますか。\n\nA. 0 が出力される\nB. 例外がスローされる\n\n"
        "**解答**\n\n正解：**B**\n\n## Practice log\n\nYour answer:\nCorrect:\n"
    )
    deck = parse_text(page, "j.md")
    (card,) = deck.cards
    assert card.question.endswith("A. 0 が出力される\nB. 例外がスローされる")
    assert card.answer == "正解：**B**"
    assert not [p for p in deck.warnings if "without a question" in p.message]


def test_numbered_questions_each_over_a_reveal_and_a_told_heading_over_its_hint():
    """ "2. Does Y merge both?" over a <details> reveal, after other such cards: before,
    the front was the summary ("정답 보기"); "#### 1) Name the admin account." over a
    hint and "**Ans:**": before, an error that stopped the whole file."""
    reveal = "<details>\n<summary>정답 보기</summary>\n\n**정답:** {}\n\n</details>\n\n"
    quiz = (
        "## Quiz\n\n1. Does X copy files?\n\n"
        + reveal.format("No.")
        + "2. Does Y merge both files?\n\n"
        + reveal.format("Yes.")
    )
    assert [(c.question, c.answer) for c in parse_text(quiz, "q.md").cards][1:] == [
        ("Does Y merge both files?", "**정답:** Yes.")
    ]
    told = (
        "#### 1) Name the admin account on the VM.\n*Open the Control Panel.*\n**Ans:** `Harden`\n"
    )
    (card,) = parse_text(told, "t.md").cards
    assert (card.question, card.answer) == (
        "Name the admin account on the VM.\n\n*Open the Control Panel.*",
        "`Harden`",
    )


def test_a_quizdown_question_with_checked_options_and_an_explanation():
    """ "### What is hashing for?" over "- [x] ..." / "- [ ] ..." and a quoted explanation
    (quizdown): before, the options with their checkboxes were the answer."""
    page = (
        "## Quiz\n\n### What does a good hash function need?\n\n- [x] Collision resistance\n"
        "- [ ] Compression\n\n> **Explanation:** Two inputs should not share a hash.\n\n"
        "### Which are symmetric ciphers?\n\n1. [x] AES\n2. [ ] RSA\n3. [X] ChaCha20\n"
    )
    deck = parse_text(page, "quiz.md")
    assert [(c.question, c.answer) for c in deck.cards] == [
        (
            "What does a good hash function need?\n\n- Collision resistance\n- Compression",
            "- Collision resistance\n\n**Explanation:** Two inputs should not share a hash.",
        ),
        ("Which are symmetric ciphers?\n\n- AES\n- RSA\n- ChaCha20", "- AES\n- ChaCha20"),
    ]

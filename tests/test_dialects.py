"""One fixture file per input dialect and label language, with the cards it must give."""

from __future__ import annotations

import csv

import pytest

from conftest import DATA
from deckgen import Options, build, check, parse_file, parse_text
from deckgen.errors import ParseError

DIALECTS = DATA / "dialects"

# file: (dialect, deck name, [(question, answer), ...])
EXPECTED = {
    "chatgpt_flashcards.md": ("labels", "chatgpt_flashcards", [
        ("What is a list in Python?", "An ordered, mutable sequence of items."),
        ("How do you create an empty dictionary?", "With `{}` or `dict()`."),
        ("What is the difference between a tuple and a list?",
         "A tuple is immutable; a list is mutable."),
        ("Show a list comprehension that squares 0–4.",
         "```python\nsquares = [x**2 for x in range(5)]\n```"),
    ]),
    "claude_cards.md": ("labels", "claude_cards", [
        ("What is photosynthesis?",
         "The process by which plants turn light energy into chemical energy stored in glucose."),
        ("Which two stages does photosynthesis have?",
         "- The light-dependent reactions\n- The Calvin cycle (light-independent)"),
        ("What is the overall equation?", r"$6CO_2 + 6H_2O \rightarrow C_6H_{12}O_6 + 6O_2$"),
    ]),
    "numbered_labels.md": ("labels", "HTTP basics", [
        ("What does HTTP stand for?", "HyperText Transfer Protocol."),
        ('Which status code means "Not Found"?', "404.\nIt is a client error."),
        ("Which method should be idempotent?", "`PUT` (and `GET`, `DELETE`)."),
    ]),
    "gemini_bullets.md": ("labels", "Biology Flashcards", [
        ("What is the powerhouse of the cell?", "The mitochondria."),
        ("What does the cell membrane do?",
         "It controls what enters and leaves the cell:\n\n- nutrients in\n- waste out"),
        ("Where is DNA stored in eukaryotic cells?", "In the nucleus."),
    ]),
    "numbered_list.md": ("labels", "numbered_list", [
        ("What is 2 + 2?", "4"),
        ("What is the square root of 81?", "9\n\n(both exact)"),
        ("Is 7 prime?", "Yes."),
    ]),
    "term_definition.md": ("labels", "term_definition", [
        ("photosynthesis", "turning light into chemical energy"),
        ("osmosis", "diffusion of water through a membrane"),
    ]),
    "gemini_table.md": ("table", "gemini_table", [
        ("**hola**", "hello"),
        ("*gracias*", "thank you"),
        ("`¿qué tal?`", "how are you? | what's up?"),
    ]),
    "mdanki_headings.md": ("headings", "Git basics", [
        ("What does `git init` do?", "Creates an empty repository in the current folder."),
        ("How do you see the history?", "```bash\ngit log --oneline\n```"),
        ("Which command stages a file?", "`git add FILE`, then:\n\n- `git commit` to record it"),
    ]),
    "korean.md": ("labels", "파이썬 기초", [
        ("리스트와 튜플의 차이는?", "리스트는 변경 가능하고, 튜플은 변경할 수 없습니다."),
        ("`len()` 함수는 무엇을 반환하나요?", "항목의 개수를 반환합니다."),
    ]),
    "japanese.md": ("labels", "japanese", [
        ("日本の首都は？", "東京です。"),
        ("「ありがとう」を英語で言うと？", "Thank you."),
    ]),
    "chinese.md": ("labels", "chinese", [
        ("中国的首都是哪里？", "北京。"),
        ("水的化学式是什么？", "$H_2O$"),
    ]),
    "spanish.md": ("labels", "spanish", [
        ("¿Cuál es la capital de España?", "Madrid."),
        ('¿Cómo se dice "cat" en español?', "Gato."),
    ]),
    "french.md": ("labels", "french", [
        ("Quelle est la capitale de la France ?", "Paris."),
        ("Comment dit-on « dog » en français ?", "Chien."),
    ]),
    "german.md": ("labels", "german", [
        ("Was ist die Hauptstadt von Deutschland?", "Berlin."),
        ('Wie sagt man „cat" auf Deutsch?', "Katze."),
    ]),
    "cloze_labels.md": ("labels", "cloze_labels", [
        ("The capital of France is {{c1::Paris}}.", ""),
        ("{{c1::Mitochondria}} are the {{c2::powerhouse::role}} of the cell.",
         "They also have their own DNA."),
    ]),
}  # fmt: skip


def test_every_fixture_has_expectations():
    assert sorted(p.name for p in DIALECTS.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_exactly_the_expected_cards(name):
    dialect, deck_name, cards = EXPECTED[name]
    deck = parse_file(DIALECTS / name)
    assert deck.dialect == dialect
    assert deck.name == deck_name
    assert [(c.question, c.answer) for c in deck.cards] == cards
    assert [w for w in deck.warnings if w.severity != "info"] == []
    # What is left out is only the chat around the cards, before or after them.
    assert all(w.message.startswith("left out, ") for w in deck.warnings)


def test_bold_title_lines_are_titles_not_answer_text():
    deck = parse_file(DIALECTS / "chatgpt_flashcards.md")
    assert [c.title for c in deck.cards] == [f"Flashcard {n}" for n in range(1, 5)]
    assert all("Flashcard" not in c.answer for c in deck.cards)


def test_cloze_cards_in_the_labels_dialect():
    first, second = parse_file(DIALECTS / "cloze_labels.md").cards
    assert first.is_cloze and second.is_cloze


@pytest.mark.parametrize(
    "closing",
    [
        "Let me know if you want more!",
        "Hope these help! 😊",
        "**Would you like** me to make more cards?",
        "Feel free to ask for more.",
        "I can also turn these into a quiz.",
        "Happy studying!",
        "도움이 되셨으면 좋겠습니다.",
        "必要であれば、もっと作ります。",
        "¡Espero que te sirva!",
        "N'hésitez pas à demander.",
        "Ich hoffe, das hilft!",
        "I hope this helps!",
        "These cover the basics.",
        "These six cards cover the main causes of the war.",
        "がんばってください！",
        "시험 잘 보세요!",
        "시험 화이팅!",
        "試験がんばって！",
        "بالتوفيق في الامتحان!",
        "परीक्षा के लिए शुभकामनाएँ!",
        "(बाकी प्रश्न अगले हफ़्ते जोड़ूँगा)",
        "(more questions next week)",
        "I will add more cards later.",
        "How did you do? I can make a harder set if you like.",
        "Başka bir dönem için de kart hazırlamamı ister misin? Sınavında başarılar! 🎓",
        "Sınavında başarılar!",
        "需要我把这些卡片导出成 Anki 可以导入的格式吗？",
    ],
)
def test_closing_chatter_is_never_part_of_the_last_card(closing):
    deck = parse_text(f"Sure! Here you go:\n\nQ: a?\nA: b\n\n- c\n\n{closing}\n")
    assert [(c.question, c.answer) for c in deck.cards] == [("a?", "b\n\n- c")]


@pytest.mark.parametrize(
    "page",
    [
        "1. **Where is DNA kept?**\n   In the nucleus.\n2. **Where does glycolysis take place?**\n"
        "   In the cytoplasm.\nLet me know if you'd like more!\n",
        "Q: Where is DNA kept?\nA: In the nucleus.\n\nQ: Where does glycolysis take place?\n"
        "A: In the cytoplasm.\nLet me know if you'd like more!\n",
    ],
)
def test_a_closing_remark_right_below_the_last_answer_is_no_part_of_it(page):
    """No blank line between the last answer and "Let me know...": one paragraph."""
    deck = parse_text(page)
    assert [c.answer for c in deck.cards] == ["In the nucleus.", "In the cytoplasm."]
    assert [(p.pos.line, p.severity) for p in deck.warnings] == [(page.count("\n"), "info")]


def test_chatter_is_not_trimmed_when_it_is_the_whole_answer():
    (card,) = parse_text(
        "Q: What do you say to end a chat?\nA: Let me know if you want more!\n"
    ).cards
    assert card.answer == "Let me know if you want more!"


def test_answer_label_of_another_family_is_text():
    (card,) = parse_text(
        "Q: What is a glossary entry?\nA: It pairs\n\nDefinition: a meaning\n"
    ).cards
    assert card.answer == "It pairs\n\nDefinition: a meaning"


def test_table_inside_an_answer_is_not_a_deck():
    deck = parse_text(
        "Q: Compare the two.\nA: See:\n\n| Question | Answer |\n|---|---|\n| x | y |\n"
    )
    assert deck.dialect == "labels"
    (card,) = deck.cards
    assert "| x | y |" in card.answer


def test_labels_under_one_heading_are_the_labels_dialect_and_the_heading_names_the_deck():
    deck = parse_text("## Python flashcards\n\n**Q:** a?\n**A:** b\n\n**Q:** c?\n**A:** d\n")
    assert deck.dialect == "labels"
    assert deck.name == "Python flashcards"
    assert [(c.question, c.answer) for c in deck.cards] == [("a?", "b"), ("c?", "d")]


def test_labels_dialect_answer_ends_at_any_heading():
    deck = parse_text("# D\n\nQ: a?\nA: b\n\n## Later section\n\nNot an answer.\n\nQ: c?\nA: d\n")
    assert [(c.question, c.answer) for c in deck.cards] == [("a?", "b"), ("c?", "d")]


def test_headings_dialect_with_a_lone_title_has_no_cards():
    with pytest.raises(ParseError, match="no cards found"):
        parse_text("# Notes\n\nJust prose.\n")


def test_forcing_a_dialect_and_the_message_when_it_finds_nothing():
    text = "# Deck\n\n## What is X?\n\nQ: is this a label?\nA: yes\n"
    assert parse_text(text).dialect == "labels"
    forced = parse_text(text, dialect="headings")
    assert [(c.question, c.answer) for c in forced.cards] == [
        ("What is X?", "Q: is this a label?\nA: yes")
    ]
    with pytest.raises(ParseError) as caught:
        parse_text(text, "x.md", dialect="table")
    assert str(caught.value) == (
        "x.md:1: error: no cards found in the table format; a card looks like a row of a "
        'table headed "| Question | Answer |"'
    )


def test_front_matter_chooses_the_dialect():
    deck = parse_text("---\ndialect: headings\n---\n# D\n\n## Q?\n\nQ: not a label here\nA: x\n")
    assert deck.dialect == "headings"


def test_unknown_dialect():
    with pytest.raises(ParseError, match=r"unknown dialect 'yaml' \(known: sections, labels"):
        parse_text("Q: a\nA: b\n", dialect="yaml")


def test_empty_labels_leave_their_cards_out_with_their_lines():
    deck = parse_text("Q: a?\nA:\n\nQ:\nA: b\n\nQ: c?\nA: d\n", "x.md")
    assert [(c.question, c.answer) for c in deck.cards] == [("c?", "d")]
    assert deck.left_out == 2
    assert [str(p) for p in deck.warnings] == [
        "x.md:2: warning: the answer is empty; this card is left out",
        "x.md:4: warning: the question is empty; this card is left out",
    ]
    with pytest.raises(ParseError) as caught:  # nothing left: no cards
        parse_text("Q: a?\nA:\n", "x.md")
    assert [str(p) for p in caught.value.problems] == [
        "x.md:1: error: no cards: the 1 found are left out (see the warnings above)",
        "x.md:2: warning: the answer is empty; this card is left out",
    ]


def test_list_items_with_labels_keep_their_source_lines():
    deck = parse_file(DIALECTS / "gemini_bullets.md")
    assert [c.pos.line for c in deck.cards] == [5, 7, 11]


def test_a_list_in_an_answer_that_merely_starts_with_a_label_is_left_alone():
    (card,) = parse_text(
        "Q: Name two labels.\nA: These:\n\n- A: the answer label\n- Back: another\n"
    ).cards
    assert card.answer == "These:\n\n- A: the answer label\n- Back: another"


def test_a_bold_card_title_after_a_rule_titles_the_next_card_and_is_no_leftover():
    """Claude writes "**Card 2**" alone, between a "---" and the next question."""
    deck = parse_text(
        "**Card 1**\n\nQ: What is 2+2?\nA: 4\n\n---\n\n**Card 2**\n\nQ: What is 3+3?\nA: 6\n"
    )
    assert [(c.title, c.question, c.answer) for c in deck.cards] == [
        ("Card 1", "What is 2+2?", "4"),
        ("Card 2", "What is 3+3?", "6"),
    ]
    assert deck.warnings == ()


def test_details_under_question_headings_answer_them_and_a_bold_question_starts_a_card():
    deck = parse_text(
        "### Which layer is TCP?\n\nHint: not the network layer.\n\n"
        "<details><summary>Answer</summary>Layer 4.</details>\n\n"
        "**Which layer is IP?**\n\n<details><summary>정답</summary>Layer 3.</details>\n\n"
        "### What is UDP?\n\n<details><summary>Hint</summary>Not TCP.</details>\n\n"
        "<details><summary>Answer</summary>A datagram protocol.</details>\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        # What the page shows above the reveal asks; the reveal's label is no answer.
        ("Which layer is TCP?\n\nHint: not the network layer.", "Layer 4."),
        ("**Which layer is IP?**", "Layer 3."),
        ("What is UDP?", "Not TCP.\n\nA datagram protocol."),  # a second reveal: more answer
    ]
    assert deck.warnings == ()


def test_details_under_card_number_headings_take_the_paragraph_as_the_question():
    deck = parse_text(
        "## Card 7\n\nWhich layer is TCP?\n\n<details><summary>Answer</summary>Layer 4.</details>\n\n"
        "## Card 8\n\nWhich layer is IP?\n\n<details><summary>Respuesta</summary>3</details>\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Which layer is TCP?", "Layer 4."),
        ("Which layer is IP?", "3"),
    ]


@pytest.mark.parametrize(
    "cards",
    [
        "| Question | Answer |\n|---|---|\n| What is 3+3? | 6 |\n| What is 4+4? | 8 |\n",
        "**More**\n\n| Term | Definition |\n|---|---|\n| What is 3+3? | 6 |\n| What is 4+4? | 8 |\n",
        "**Vocabulary**\n\n- **What is 3+3?** 6\n- **What is 4+4?** 8\n",
    ],
)
def test_cards_of_another_shape_after_an_answer_are_cards_not_more_answer(cards):
    deck = parse_text(f"Q: What is 2+2?\nA: 4\n\n{cards}")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is 2+2?", "4"),
        ("What is 3+3?", "6"),
        ("What is 4+4?", "8"),
    ]
    assert deck.warnings == ()  # the bold title is the next cards' title, not left out


def test_a_rule_after_a_heading_cards_answer_ends_the_card():
    deck = parse_text(
        "# Rust\n\n## What is a move?\n\nThe value changes owner.\n\n---\n\n"
        "## What is a borrow?\n\nA reference.\n\n---\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a move?", "The value changes owner."),
        ("What is a borrow?", "A reference."),
    ]
    assert deck.warnings == ()


@pytest.mark.parametrize(
    "page",
    [
        # right above each heading
        "# Rust\n\n<!-- id: rust-move -->\n## What is a move?\n\nThe value changes owner.\n\n"
        "#ownership\n\n<!-- id: rust-borrow -->\n## What is a borrow?\n\nA reference.\n",
        # right below each heading, the tags at the end of the card
        "# Rust\n\n## What is a move?\n<!-- id: rust-move -->\n\nThe value changes owner.\n\n"
        "#ownership\n\n## What is a borrow?\n<!-- id: rust-borrow -->\n\nA reference.\n",
    ],
)
def test_ids_and_tags_in_a_heading_card_are_that_cards(page):
    deck = parse_text(page)
    assert [(c.question, c.id, "ownership" in c.tags) for c in deck.cards] == [
        ("What is a move?", "rust-move", True),
        ("What is a borrow?", "rust-borrow", False),
    ]
    assert deck.warnings == ()


def test_a_summary_section_after_heading_cards_is_prose_not_a_card():
    deck = parse_text(
        "# Lecture 3\n\n## What is the span of a set of vectors?\n\n"
        "All their linear combinations.\n\n## Summary\n\nToday: span. Next time: basis.\n"
    )
    assert [c.question for c in deck.cards] == ["What is the span of a set of vectors?"]


def test_a_cloze_sentence_wrapped_over_two_lines_is_one_note():
    deck = parse_text(
        "{{c1::Bern}} is the de facto capital of Switzerland; its official name is the\n"
        "{{c2::federal city}}.\nPhotosynthesis turns {{c1::carbon dioxide}} into glucose, and it\n"
        "releases oxygen.\nThe capital of France is {{c1::Paris}}\nThe capital of Italy is "
        "{{c1::Rome}}\n"
    )
    assert [c.question.replace("\n", " ") for c in deck.cards] == [
        "{{c1::Bern}} is the de facto capital of Switzerland; its official name is the "
        "{{c2::federal city}}.",
        "Photosynthesis turns {{c1::carbon dioxide}} into glucose, and it releases oxygen.",
        "The capital of France is {{c1::Paris}}",  # the next line starts a sentence
        "The capital of Italy is {{c1::Rome}}",
    ]
    assert deck.warnings == ()


def test_a_practice_questions_section_does_not_name_the_deck():
    deck = parse_text(
        "# PSYC 100 — Week 6: Memory\n\nNotes on Baddeley's model.\n\n## Practice questions\n\n"
        "Q: Who was patient H.M.?\nA: Henry Molaison.\n"
    )
    assert deck.name == "PSYC 100 — Week 6: Memory"


@pytest.mark.parametrize("question", ["**What is X?**", "**1. What is X?**", "**2) What is X?**"])
def test_a_page_of_one_bold_question_is_a_card(question):
    for page in (f"{question}\n\nThe answer.\n", f"{question}\nThe answer.\n"):
        assert [(c.question, c.answer) for c in parse_text(page).cards] == [
            ("What is X?", "The answer.")
        ]


@pytest.mark.parametrize(("ask", "bold"), [("\uff1f", "**"), ("\uff1f", "__"), ("?", "__")])
def test_a_page_of_bold_questions_under_headings_is_a_card_each(ask, bold):
    # A chat answer's cards under topic headings, each question a bold line ending in a
    # full-width (or ASCII) question mark: two such lines make every one of them ask.
    questions = ["要约和要约邀请有什么区别", "承诺何时生效", "什么是对价"]
    answers = ["要约一经承诺即受约束；要约邀请只是邀请他人发出要约。", "承诺通知到达要约人时生效。"]
    answers.append("为换取对方的允诺而给予的有价值的东西。")
    q = [f"{bold}{question}{ask}{bold}" for question in questions]
    page = (
        f"下面是合同法的复习卡片，按主题分组。\n\n## 要约与承诺\n\n{q[0]}\n{answers[0]}\n\n"
        f"{q[1]}\n{answers[1]}\n\n## 对价\n\n{q[2]}\n{answers[2]}\n"
    )
    assert [(c.question, c.answer) for c in parse_text(page).cards] == [
        (question + ask, answer) for question, answer in zip(questions, answers, strict=True)
    ]


@pytest.mark.parametrize(
    "page",
    [
        "1. **What does DNS do?**\n   - Answer: Translates names into addresses.\n",
        "* Question: What does DNS do?\n  * Answer: Translates names into addresses.\n",
    ],
)
def test_an_answer_bullet_under_a_question_loses_its_label(page):
    assert [(c.question, c.answer) for c in parse_text(page).cards] == [
        ("What does DNS do?", "Translates names into addresses.")
    ]


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        (
            "# Еда\n\nхлеб — bread\nмолоко — milk\n\n## Глаголы\n\nесть — to eat\nпить — to drink\n",
            [("хлеб", "bread"), ("молоко", "milk"), ("есть", "to eat"), ("пить", "to drink")],
        ),
        (
            "- il biglietto = the ticket\n- in ritardo = late\n",
            [("il biglietto", "the ticket"), ("in ritardo", "late")],
        ),
        (
            "ev - house\nteşekkür ederim - thank you\n",
            [("ev", "house"), ("teşekkür ederim", "thank you")],
        ),
        (
            "**Encoding** — storing it.\n**Retrieval** — getting it back.\n",
            [("Encoding", "storing it."), ("Retrieval", "getting it back.")],
        ),
        # A colon only on a page where nothing else is a card.
        ("# Gia đình\n\n- bố: father\n- mẹ: mother\n", [("bố", "father"), ("mẹ", "mother")]),
    ],
)
def test_vocabulary_lines_are_a_card_each(page, cards):
    deck = parse_text(page)
    assert [(c.question, c.answer) for c in deck.cards] == cards
    assert deck.warnings == ()


def test_vocabulary_may_mix_its_dashes_and_equals_signs():
    deck = parse_text("perro — dog\ngato – cat\ncasa = house\nmesa - table\n")
    assert [c.answer for c in deck.cards] == ["dog", "cat", "house", "table"]


def test_a_vocabulary_line_with_a_second_dash_among_plain_ones_is_a_card_too():
    """One line "term - meaning - more" among plain vocabulary lines used to make the
    whole block prose: "no cards found" for a Quizlet export."""
    deck = parse_text(
        "Deutsch A2 (aus Quizlet exportiert):\n\nder Apfel - the apple\ndie Birne - the pear\n"
        "der Bürgersteig - the pavement (UK) - sidewalk (US)\nsich freuen auf - to look forward to\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("der Apfel", "the apple"),
        ("die Birne", "the pear"),
        ("der Bürgersteig", "the pavement (UK) - sidewalk (US)"),
        ("sich freuen auf", "to look forward to"),
    ]


@pytest.mark.parametrize(
    "prose",
    [
        "The war — which lasted four years — ended in 1918.\nThe peace — signed at Versailles — "
        "was harsh.\n",
        "x = 5 when y = 2\nz = 7 when y = 3\n",
        "Paris - the capital - is large\nRome - the old one - is larger\n",
    ],
)
def test_sentences_with_a_pair_of_dashes_or_equals_are_no_vocabulary(prose):
    deck = parse_text(f"{prose}\nQ: What is X?\nA: Y.\n")
    assert [c.question for c in deck.cards] == ["What is X?"]


def test_prose_with_equals_and_notes_with_colons_are_no_vocabulary():
    deck = parse_text(
        "# Networking\n\n- Date: 12 May\n- Room: B12\n\n"
        "## Describe the TCP handshake.\n\n1. Client → server: SYN (seq = x)\n"
        "2. Server → client: SYN-ACK (seq = y)\n\nQ: What is UDP?\nA: A datagram protocol.\n"
    )
    assert [c.question for c in deck.cards] == ["What is UDP?"]


def test_cards_inside_a_markdown_fence_are_read_when_the_page_has_no_other():
    deck = parse_text(
        "Here are your cards:\n\n```markdown\n**Q:** What is a decorator?\n"
        "**A:** A function that wraps another.\n\n**Q:** What is a generator?\n"
        "**A:** A lazy iterator.\n```\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("What is a decorator?", "A function that wraps another.", 4),
        ("What is a generator?", "A lazy iterator.", 7),
    ]


def test_cards_all_in_quotes_are_read_when_the_page_has_no_other():
    deck = parse_text(
        "# Linear algebra\n\n> **Q:** What is the determinant of $\\begin{pmatrix} a & b \\\\ "
        "c & d \\end{pmatrix}$?\n>\n> **A:** $ad - bc$\n\n"
        "> **Q:** When is a square matrix invertible?\n> **A:**\n> - when its determinant "
        "is not 0\n>   - so its columns are independent\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("What is the determinant of $\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$?",
         "$ad - bc$", 3),
        ("When is a square matrix invertible?",
         "- when its determinant is not 0\n  - so its columns are independent", 7),
    ]  # fmt: skip
    assert deck.name == "Linear algebra"


@pytest.mark.parametrize(
    "second",
    [
        "**What is retrieval?**\n\nGetting it back out.\n",
        "Q1) What is retrieval?\nA1) Getting it back out.\n",
    ],
)
def test_a_second_card_after_an_answer_is_a_card_not_more_answer(second):
    deck = parse_text(f"Q: What is encoding?\nA: Storing information.\n\n{second}")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is encoding?", "Storing information."),
        ("What is retrieval?", "Getting it back out."),
    ]


def test_a_multiple_choice_option_is_no_label():
    (card,) = parse_text("Q: Which is a prime?\nA) 4\nB) 7\n\nA: B\n").cards
    assert card.question.startswith("Which is a prime?") and card.answer == "B"


def test_a_heading_with_a_question_label_and_an_answer_label_below_is_that_card():
    deck = parse_text(
        "## Q: Difference between `is` and `==`?\n\nA: Identity and equality.\n\n"
        "## Q: What is a list?\n\nA mutable sequence.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Difference between `is` and `==`?", "Identity and equality."),
        ("Q: What is a list?", "A mutable sequence."),  # a heading card, as it always was
    ]
    assert not [p for p in deck.warnings if p.severity != "info"]


@pytest.mark.parametrize(
    "page",
    [
        "Pytanie: Kiedy był chrzest Polski?\nOdpowiedź: W 966 roku.\n\nPowodzenia na egzaminie!\n",
        "Vraag: Wat is BTW?\nAntwoord: Belasting.\n\nVeel succes met je tentamen!\n",
        "Fråga: Vad är moms?\nSvar: En skatt.\n\nLycka till på provet!\n",
        "Frage: Wann endete er?\nAntwort: 1945.\n\nMöchtest du mehr Karten?\n",
        "Pregunta: ¿Qué es el IVA?\nRespuesta: Un impuesto.\n\n¿Quieres más tarjetas?\n",
        "Question : Qu'est-ce que la TVA ?\nRéponse : Un impôt.\n\nCes fiches couvrent le chapitre 3.\n",
        "Вопрос: Что такое НДС?\nОтвет: Налог.\n\nХотите ещё карточки?\n",
        "Soru: KDV nedir?\nCevap: Bir vergi.\n\nDaha fazla kart ister misin?\n",
        "Q: What is VAT?\nA: A tax.\n\n**Tips for using these flashcards:**\n\n- Shuffle them.\n- Say it aloud.\n",
    ],
)
def test_closing_remarks_in_more_languages(page):
    (card,) = parse_text(page).cards
    assert "\n" not in card.answer


def test_indonesian_soal_and_greek_capitals_are_labels():
    deck = parse_text(
        "Pertanyaan: Apa itu aset?\nJawaban: Sumber daya.\n\nSoal: Apa itu jurnal?\nJawab: Buku.\n\n"
        "ΕΡΩΤΗΣΗ: Πότε έγινε η μάχη;\nΑΠΑΝΤΗΣΗ: Το 490 π.Χ.\n"
    )
    assert [c.answer for c in deck.cards] == ["Sumber daya.", "Buku.", "Το 490 π.Χ."]


def test_a_label_inside_code_in_an_answer_is_no_second_card():
    deck = parse_text("Q: What does this YAML load as?\nA:\n```yaml\nQ: 1\n```\n`{'Q': 1}`\n")
    assert len(deck.cards) == 1 and deck.warnings == ()


@pytest.mark.parametrize(
    "explanation",
    [
        "- **Flow control** protects the receiver.\n- **Congestion control** protects the net.\n",
        "| Record | Purpose |\n|---|---|\n| A | An IPv4 address |\n| MX | A mail server |\n",
    ],
)
def test_an_explanation_above_the_flashcards_heading_is_prose_not_cards(explanation):
    deck = parse_text(
        f"## How TCP copes\n\n{explanation}\n## Flashcards\n\nQ: What does TCP add to IP?\n"
        "A: Reliable, ordered delivery.\n"
    )
    assert [c.question for c in deck.cards] == ["What does TCP add to IP?"]


def test_a_question_after_the_rule_of_a_heading_card_starts_the_next_card():
    deck = parse_text(
        "## How do you list stashes?\n\n`git stash list`\n\n---\n\n"
        "What does `git cherry-pick` do?\n\nApplies one commit on top of the branch.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("How do you list stashes?", "`git stash list`"),
        ("What does `git cherry-pick` do?", "Applies one commit on top of the branch."),
    ]


def test_review2_cloze_lines_in_lower_case_stay_notes_of_their_own():
    from deckgen.parse import parse_text

    text = "mitochondria is the {{c1::powerhouse}}\nnucleus holds the {{c1::DNA}}\n"
    assert [c.question for c in parse_text(text).cards] == [
        "mitochondria is the {{c1::powerhouse}}",
        "nucleus holds the {{c1::DNA}}",
    ]


def test_review2_markdown_fence_holding_a_code_fence():
    from deckgen.parse import parse_text

    text = "```markdown\nQ: What?\nA: That.\n\n```python\nx = 1\n```\n```\n"
    cards = parse_text(text).cards
    assert [c.question for c in cards] == ["What?"]
    assert "x = 1" in cards[0].answer


def test_obsidian_question_callouts_are_cards():
    deck = parse_text(
        "# 日本史\n\n"
        "> [!question] 江戸幕府を開いたのは誰ですか？\n> > [!success]- 答え\n> > 徳川家康（1603年）。\n\n"
        "> [!question] 明治維新は何年に始まりましたか？\n\n> [!answer]- Answer\n> 1868年。\n\n"
        "> [!faq]+\n> 鎌倉幕府を開いたのは誰ですか？\n>\n> 源頼朝。\n\n"
        "> [!FAQ] What is osmosis?\n> Water moving across a membrane.\n> - toward more solute\n\n"
        "> [!tip] 年号は語呂合わせで覚えると楽です。\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("江戸幕府を開いたのは誰ですか？", "徳川家康（1603年）。"),
        ("明治維新は何年に始まりましたか？", "1868年。"),
        ("鎌倉幕府を開いたのは誰ですか？", "源頼朝。"),
        ("What is osmosis?", "Water moving across a membrane.\n- toward more solute"),
    ]
    assert deck.name == "日本史"
    # The tip is no card, and is said to be left out (after the last card: an info line).
    assert [p.pos.line for p in deck.warnings if "left out" in p.message] == [21]


def test_a_callout_that_asks_nothing_is_no_card():
    deck = parse_text(
        "> [!note] Read chapter 3 first.\n\nQ: What is TCP?\nA: A transport protocol.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is TCP?", "A transport protocol.")
    ]


def test_a_table_of_three_columns_is_cards_on_a_page_of_nothing_else():
    deck = parse_text(
        "# Verbos\n\n| Verbo | Significado | Ejemplo |\n|---|---|---|\n"
        "| hablar | to speak | Hablo español. |\n| comer | to eat | |\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("hablar", "to speak\n\n**Ejemplo:** Hablo español."),
        ("comer", "to eat"),
    ]


def test_a_named_table_keeps_its_other_columns_in_the_answer_but_not_its_numbers():
    deck = parse_text(
        "| # | Question | Answer | Notes |\n|---|---|---|---|\n"
        "| 1 | What does `git stash` do? | Shelves changes. | `git stash pop` restores. |\n"
        "| 2 | What does `git add -p` do? | Stages hunks. | |\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What does `git stash` do?", "Shelves changes.\n\n**Notes:** `git stash pop` restores."),
        ("What does `git add -p` do?", "Stages hunks."),
    ]


def test_a_wide_table_among_other_cards_is_no_cards_of_its_own():
    deck = parse_text(
        "Q: What is a commit?\nA: A snapshot.\n\n"
        "| Year | Event | Place |\n|---|---|---|\n| 2005 | Git released | Linux kernel |\n"
    )
    assert [c.question for c in deck.cards] == ["What is a commit?"]


@pytest.mark.parametrize(
    ("asks", "answers"),
    [("Quiz: the French Revolution", "Answers"), ("Preguntas", "Respuestas"), ("問題", "解答")],
)
def test_a_list_of_questions_and_a_list_under_answers_pair_up(asks, answers):
    deck = parse_text(
        f"Sure! Here is a short quiz.\n\n## {asks}\n\n1. In which year was the Bastille stormed?\n"
        "   a) 1789\n   b) 1799\n2. Who was king in 1789?\n3. What was the Terror?\n\n"
        f"## {answers}\n\n1. a) 1789\n2. Louis XVI\n3. The 1793–94 mass executions\n\nGood luck!\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("In which year was the Bastille stormed?\na) 1789\nb) 1799", "a) 1789", 5),
        ("Who was king in 1789?", "Louis XVI", 8),
        ("What was the Terror?", "The 1793–94 mass executions", 9),
    ]
    assert deck.name == asks
    assert [p.severity for p in deck.warnings] == ["info", "info"]  # the preamble, "Good luck!"


def test_questions_and_answers_of_different_counts_warn_instead_of_pairing():
    deck = parse_text("## Quiz\n\n1. What is 2 + 2?\n2. What is 3 + 3?\n\n## Answers\n\n1. 4\n")
    assert [p.pos.line for p in deck.warnings if "looks like another card" in p.message] == [3]


def test_an_answer_holding_a_list_of_questions_is_a_warning():
    deck = parse_text("## Arithmetic\n\n- What is 2 + 2?\n- What is 3 + 3?\n")
    (warning,) = deck.warnings
    assert warning.pos.line == 3 and "looks like another card" in warning.message


def test_a_definition_list_is_a_card_per_term():
    deck = parse_text(
        "# Glossar\n\nLatenz\n: Die Zeit, bis eine Antwort beginnt.\n\n"
        "Durchsatz\n: Anfragen pro Sekunde.\n: Gemessen in req/s.\nBandbreite\n: Daten pro Zeit.\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("Latenz", "Die Zeit, bis eine Antwort beginnt.", 3),
        ("Durchsatz", "Anfragen pro Sekunde.\n\nGemessen in req/s.", 6),
        ("Bandbreite", "Daten pro Zeit.", 9),
    ]
    assert deck.warnings == ()


def test_a_colon_line_that_is_no_definition_list_stays_text():
    deck = parse_text("Q: What is a ratio?\nA: A quotient\n: of two numbers.\n")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a ratio?", "A quotient\n: of two numbers.")
    ]


def test_remnote_backward_and_both_ways_separators():
    """RemNote's ``>>`` asks the left side, ``<<`` the right side, ``<>`` both ways."""
    deck = parse_text(
        "## Capitales\n\n- Madrid << la capital de España\n- Lisboa <> la capital de Portugal\n"
        "- 東京 >> 日本の首都\n\nRoma << la capital de Italia\n"
    )
    assert [(c.question, c.answer, c.reverse) for c in deck.cards] == [
        ("la capital de España", "Madrid", False),
        ("Lisboa", "la capital de Portugal", True),
        ("東京", "日本の首都", False),
        ("la capital de Italia", "Roma", False),
    ]
    assert deck.warnings == ()


def test_a_backward_card_with_nothing_to_ask_is_left_out_with_a_warning():
    deck = parse_text("- Lima << \n- Quito << la capital de Ecuador\n", "x.md")
    assert [c.question for c in deck.cards] == ["la capital de Ecuador"]
    assert [str(w) for w in deck.warnings] == [
        "x.md:1: warning: the question is empty; this card is left out"
    ]


@pytest.mark.parametrize(
    "page",
    [
        # right under the answer line, and a paragraph of their own
        "Frage: Was ist eine Zelle?\nAntwort: Die kleinste Einheit des Lebens.\n"
        "Mitochondrium::Macht ATP.\n"
        "\nRibosom:::Baut Proteine.\n",
        # under an Obsidian "?" card's answer
        "Was ist eine Zelle?\n?\nDie kleinste Einheit des Lebens.\nMitochondrium::Macht ATP.\n"
        "Ribosom:::Baut Proteine.\n",
        # under a question heading's answer
        "## Was ist eine Zelle?\n\nDie kleinste Einheit des Lebens.\nMitochondrium::Macht ATP.\n\n"
        "Ribosom:::Baut Proteine.\n",
        # RemNote items after an answer
        "Q: Was ist eine Zelle?\nA: Die kleinste Einheit des Lebens.\n\n- Mitochondrium >> Macht "
        "ATP.\n- Ribosom <> Baut Proteine.\n",
    ],
)
def test_spaced_repetition_lines_after_an_answer_are_cards_of_their_own(page):
    deck = parse_text(page)
    assert [(c.question, c.answer, c.reverse) for c in deck.cards] == [
        ("Was ist eine Zelle?", "Die kleinste Einheit des Lebens.", False),
        ("Mitochondrium", "Macht ATP.", False),
        ("Ribosom", "Baut Proteine.", True),
    ]
    assert deck.warnings == ()


def test_spaced_repetition_lines_keep_the_heading_cards_id_and_section():
    deck = parse_text(
        "# Biología\n\n## Células\n\n### ¿Qué es una célula?\n<!-- id: celula -->\n\n"
        "La unidad de la vida.\nMitocondria::Produce ATP.\nRibosoma::Produce proteínas.\n\n"
        "## Genes\n\n### ¿Qué es un gen?\n\nUna unidad de herencia.\n"
    )
    assert [(c.question, c.id, c.section) for c in deck.cards] == [
        ("¿Qué es una célula?", "celula", "Células"),
        ("Mitocondria", "", "Células"),
        ("Ribosoma", "", "Células"),
        ("¿Qué es un gen?", "", "Genes"),
    ]


@pytest.mark.parametrize(
    "answer",
    [
        "A dynamic array.\nstd::vector grows; std::array does not.\nstd::map keeps keys sorted.",
        'Call it:\nVec::new() allocates nothing.\nString::from("a") copies.',
        "Listen on:\nhttp://[::1]:8080 is the local address.\nhttps://[::1]:8443 is too.",
        "Print it:\ncout << x;\ncin >> y;",
        "Both `a::b` and `c::d` name items.\nSee `e::f` too.",
        "Like this:\n\n```cpp\nFoo::Bar\nBaz::Qux\n```",
    ],
)
def test_code_paths_addresses_and_statements_in_an_answer_stay_answer(answer):
    deck = parse_text(f"Q: What does C++ offer?\nA: {answer}\n\nQ: And Rust?\nA: Traits.\n")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What does C++ offer?", answer),
        ("And Rust?", "Traits."),
    ]


def test_one_separator_line_on_a_page_of_other_cards_stays_answer():
    """A single "X::Y" in an answer, and nothing else on the page like it: more likely
    prose than Obsidian's card."""
    (card,) = parse_text("Q: What is ATP?\nA: The cell's fuel.\nMitochondria::Make it.\n").cards
    assert card.answer == "The cell's fuel.\nMitochondria::Make it."


@pytest.mark.parametrize(
    "page",
    [
        # RemNote's and Obsidian's outline: the children answer
        "- What are the three layers? ::\n    - presentation\n    - logic\n    - data\n"
        "- What does the logic layer hold? >>>\n    - the rules of the business\n",
        # a line above a list
        "What are the three layers? >>\n- presentation\n- logic\n- data\n\n"
        "What does the logic layer hold? ::\n\n- the rules of the business\n",
        # after another card's answer
        "Q: What is a tier?\nA: A layer on its own machine.\n\nWhat are the three layers? ::\n"
        "- presentation\n- logic\n- data\n\nWhat does the logic layer hold? >>\n"
        "- the rules of the business\n",
    ],
)
def test_a_line_ending_with_a_separator_is_answered_by_the_list_below_it(page):
    deck = parse_text(page)
    cards = [(c.question, c.answer) for c in deck.cards]
    assert cards[-2:] == [
        ("What are the three layers?", "- presentation\n- logic\n- data"),
        ("What does the logic layer hold?", "the rules of the business"),  # one bullet
    ]
    assert len(cards) == 2 or cards[0] == ("What is a tier?", "A layer on its own machine.")
    assert deck.warnings == ()


def test_children_below_a_backward_or_both_ways_separator():
    deck = parse_text(
        "## 動詞\n\n- 始まる <<\n    - to begin (intransitive)\n- 届ける <>\n    - to deliver\n"
    )
    assert [(c.question, c.answer, c.reverse) for c in deck.cards] == [
        ("- to begin (intransitive)", "始まる", False),
        ("届ける", "to deliver", True),
    ]


def test_a_glued_separator_above_a_list_in_an_answer_stays_answer():
    (card,) = parse_text(
        "Q: Which members does the class have?\nA: Two constructors.\nWidget::\n- Widget()\n"
        "- Widget(int)\n"
    ).cards
    assert card.answer == "Two constructors.\nWidget::\n\n- Widget()\n- Widget(int)"


@pytest.mark.parametrize(
    ("intro", "lang"),
    [
        ("Next, some questions about cell transport:", "en"),
        ("Ahora, unas preguntas sobre el transporte celular:", "es"),
        ("Passons maintenant au transport cellulaire :", "fr"),
        ("다음은 세포 수송에 관한 질문입니다：", "ko"),
    ],
)
def test_a_line_introducing_the_next_cards_ends_the_answer_above_it(intro, lang):
    deck = parse_text(
        f"Q: What is osmosis? ({lang})\nA: Diffusion of water through a membrane.\n\n{intro}\n\n"
        "Q: What is active transport?\nA: Movement against a gradient, using ATP.\n\n"
        "That covers the membrane chapter.\n",
        "x.md",
    )
    assert [c.answer for c in deck.cards] == [
        "Diffusion of water through a membrane.",
        "Movement against a gradient, using ATP.",
    ]
    # Not lost without a word: the introduction is reported, the closing remark noted.
    assert [(w.pos.line, w.severity) for w in deck.warnings] == [(4, "warning"), (9, "info")]


@pytest.mark.parametrize(
    "more",
    [
        "\nIt is passive:\n",  # no blank line: the answer goes on
        "\n\nThree kinds:\n\n- isotonic\n- hypotonic\n- hypertonic\n",  # a colon, then its list
        "\n\nIt needs no energy.\n",  # a paragraph without a colon: more answer, as always
    ],
)
def test_what_goes_on_with_the_answer_stays_in_it(more):
    deck = parse_text(
        f"Q: What is osmosis?\nA: Diffusion of water through a membrane.{more}\n"
        "Q: What is active transport?\nA: Movement against a gradient.\n"
    )
    assert deck.cards[0].answer == "Diffusion of water through a membrane." + more.rstrip("\n")


@pytest.mark.parametrize(
    "between",
    [
        "Le propriétaire change.\n#propriété\n\n",  # right under the answer
        "Le propriétaire change.\n\n#propriété\n",  # right above the next heading
        "Le propriétaire change.\n#propriété\n",  # both
    ],
)
def test_tags_after_a_heading_cards_answer_are_that_cards(between):
    deck = parse_text(
        f"# Rust\n\n## Qu'est-ce qu'un move ?\n\n{between}## Qu'est-ce qu'un emprunt ?\n"
        "#emprunt\n\nUne référence.\n#référence\n"
    )
    assert [(c.question, c.answer, c.tags[1:]) for c in deck.cards] == [
        ("Qu'est-ce qu'un move ?", "Le propriétaire change.", ("propriété",)),
        ("Qu'est-ce qu'un emprunt ?", "Une référence.", ("emprunt", "référence")),
    ]
    assert deck.warnings == ()


def test_an_id_and_tags_right_above_a_heading_are_the_next_cards_together():
    deck = parse_text(
        "# Rust\n\n## 무브란?\n#소유권\n\n값의 주인이 바뀐다.\n\n<!-- id: rust-borrow -->\n#참조\n"
        "## 빌림이란?\n\n참조.\n"
    )
    assert [(c.question, c.id, c.tags[1:]) for c in deck.cards] == [
        ("무브란?", "", ("소유권",)),
        ("빌림이란?", "rust-borrow", ("참조",)),
    ]
    assert deck.warnings == ()


@pytest.mark.parametrize(
    "page",
    [
        # a rule between each front and back, a blank line between the cards
        "¿Qué es una mitocondria?\n\n---\n\nEl orgánulo que produce ATP.\n\n"
        "リボソーム\n***\nタンパク質を作る場所。\nmRNAを読む。\n",
        # every rule alike: between the sides, then between the cards
        "---\n\n¿Qué es una mitocondria?\n\n---\n\nEl orgánulo que produce ATP.\n\n---\n\n"
        "リボソーム\n\n---\n\nタンパク質を作る場所。\nmRNAを読む。\n\n---\n",
    ],
)
def test_a_page_of_fronts_and_backs_between_rules_gives_a_card_each(page):
    deck = parse_text(f"# Biología\n\n{page}")
    assert deck.name == "Biología"
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("¿Qué es una mitocondria?", "El orgánulo que produce ATP."),
        ("リボソーム", "タンパク質を作る場所。\nmRNAを読む。"),
    ]
    assert deck.warnings == ()


def test_a_back_may_run_over_several_blocks_and_a_preamble_is_left_out():
    deck = parse_text(
        "Here are your cards.\n\nWhat is a mitochondrion?\n\n---\nThe organelle that makes ATP.\n\n"
        "- inner membrane\n- outer membrane\n\nWhat is a ribosome?\n\n***\n\nWhere proteins are "
        "made.\n",
        "x.md",
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a mitochondrion?", "The organelle that makes ATP.\n\n- inner membrane\n- outer "
         "membrane"),
        ("What is a ribosome?", "Where proteins are made."),
    ]  # fmt: skip
    assert [str(w) for w in deck.warnings] == [
        "x.md:1: info: left out, before the first card: 'Here are your cards.'"
    ]


def test_rules_between_paragraphs_of_prose_are_no_cards():
    with pytest.raises(ParseError, match="no cards found"):
        parse_text(
            "The war began in 1914.\nIt changed Europe.\n\n---\n\nThe peace was signed in 1919.\n"
        )


def test_ankdown_cards_question_percent_answer():
    deck = parse_text(
        "What is a mutex?\n\n%\n\nA lock that lets one thread in at a time.\n\n"
        "```c\npthread_mutex_lock(&m);\n```\n\n---\n\n"
        "Was ist ein Semaphor?\n\n%\n\nEin Zähler von Erlaubnissen.\n\n---\n\n"
        "A note without a percent line.\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        (
            "What is a mutex?",
            "A lock that lets one thread in at a time.\n\n```c\npthread_mutex_lock(&m);\n```",
            1,
        ),
        ("Was ist ein Semaphor?", "Ein Zähler von Erlaubnissen.", 13),
    ]
    assert [(p.pos.line, p.severity) for p in deck.warnings] == [(21, "info")]


def test_mdanki_cards_a_heading_then_percent_the_heading_is_the_fronts_first_line():
    """mdanki's format: each card a heading, maybe more of the question, "%", the answer.
    The heading asks ("## Datasets" over "What are they?"), and a question heading's
    card keeps its answer apart: before, the headings were dropped from the fronts (two
    cards with the same front "Source = ...") or the "%" ended up in the answer."""
    deck = parse_text(
        "## Ports\n\nSource = https://example.org/networking\n\n%\n\n"
        "22: SSH\n80: HTTP\n\n"
        "## Sockets\n\nSource = https://example.org/networking\n\n%\n\n"
        "An endpoint: an address and a port.\n\n"
        "### What does TCP add to IP?\n\nName two things.\n\n%\n\nOrdering and retransmission.\n",
        "net.md",
    )
    assert [(c.question, c.answer, c.section) for c in deck.cards] == [
        ("Ports\n\nSource = https://example.org/networking", "22: SSH\n80: HTTP", ""),
        ("Sockets\n\nSource = https://example.org/networking",
         "An endpoint: an address and a port.", ""),
        ("What does TCP add to IP?\n\nName two things.", "Ordering and retransmission.", ""),
    ]  # fmt: skip
    assert not deck.warnings
    # One heading over ankdown's cards names the deck; it is no part of a card.
    deck = parse_text("# Threads\n\nWhat is a mutex?\n\n%\n\nA lock.\n", "t.md")
    assert [(c.question, c.answer) for c in deck.cards] == [("What is a mutex?", "A lock.")]


def test_school_notes_labels_with_a_period():
    deck = parse_text(
        "Q. What is an enzyme?\nAns. A protein that speeds up a reaction.\n\n"
        "Ques. Which is prime?\nA. 4\nB. 7\n\nAns. B\n\nQuestion. What is pH?\nAnswer. A scale of acidity.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is an enzyme?", "A protein that speeds up a reaction."),
        ("Which is prime?\nA. 4\nB. 7", "B"),
        ("What is pH?", "A scale of acidity."),
    ]


# --- cards as data in a fenced block (a chat assistant's "ready to import" answer) ---------


def test_a_csv_block_with_a_header_and_quoted_commas_is_a_card_per_row():
    deck = parse_text(
        "Here are your flashcards in CSV format, ready to import into Anki:\n\n```csv\n"
        "Front,Back\n"
        '"What is the capital of Australia?","Canberra"\n'
        '"What is the largest ocean?","The Pacific Ocean, by far"\n'
        '"What does ""HTTP"" stand for?", "HyperText Transfer Protocol"\n'
        "```\n\nTo import, open Anki and choose File > Import.\n",
        "x.md",
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("What is the capital of Australia?", "Canberra", 5),
        ("What is the largest ocean?", "The Pacific Ocean, by far", 6),
        ('What does "HTTP" stand for?', "HyperText Transfer Protocol", 7),
    ]
    assert deck.dialect == "csv"
    assert [str(w) for w in deck.warnings] == [
        "x.md:1: info: left out, before the first card: 'Here are your flashcards in CSV "
        "format, ready to import i...'",
        "x.md:10: info: left out, after the last card: 'To import, open Anki and choose "
        "File > Import.'",
    ]


def test_anki_file_headers_above_the_rows_name_the_separator_and_columns():
    """A file made for Anki's importer starts "#separator:...", "#columns:...": its
    headers, not rows. Its comma in an answer is no field break under "#separator:semicolon"."""
    deck = parse_text(
        "# Deutsch\n\nZum Importieren in Anki:\n\n```\n#separator:semicolon\n#html:false\n"
        "#columns:Front;Back;Tags\n#tags column:3\n"
        "der Hund;the dog, a pet;tiere\ndie Katze;the cat;tiere haustiere\n```\n",
        "x.md",
    )
    assert [(c.question, c.answer, c.tags[1:], c.pos.line) for c in deck.cards] == [
        ("der Hund", "the dog, a pet", ("tiere",), 10),
        ("die Katze", "the cat", ("tiere", "haustiere"), 11),
    ]
    assert [w for w in deck.warnings if w.severity == "warning"] == []


def test_a_page_that_is_an_anki_text_file_is_read_as_one_with_its_headers():
    """Anki's own export (or a file written for its importer): "#separator:tab" first,
    then rows; not Quizlet lines with the tags column glued to the answer."""
    deck = parse_text(
        "#separator:tab\n#html:true\n#deck:Geo::Capitals\n#guid column:1\n#tags column:4\n"
        'a1b2\tWhat is the capital of Chile?\t"Santiago, founded 1541"\tgeo south\n'
        'c3d4\t"Say ""hi"" in Spanish"\tHola\tspanish\n',
        "export.md",
    )
    assert deck.name == "Geo::Capitals"
    assert [(c.question, c.answer, c.tags[1:], c.pos.line) for c in deck.cards] == [
        ("What is the capital of Chile?", "Santiago, founded 1541", ("geo", "south"), 6),
        ('Say "hi" in Spanish', "Hola", ("spanish",), 7),
    ]
    assert deck.warnings == ()
    semicolons = parse_text(
        "#separator:Semicolon\n#tags column:3\nPeru?;Lima;geo\nChile?;Santiago;geo\n"
    )
    assert [(c.answer, c.tags[1:]) for c in semicolons.cards] == [
        ("Lima", ("geo",)),
        ("Santiago", ("geo",)),
    ]


def test_deckgens_own_csv_pasted_into_a_block_gives_its_cards_back(tmp_path):
    """The rows of a CSV deckgen wrote (Anki's headers, GUID, Sources and Deck columns,
    HTML fields): the same questions and answers, no column of bookkeeping in them."""
    page = tmp_path / "cards.md"
    page.write_text("# Vocab\n\nQ: der Hund\nA: the dog\n\nQ: die Katze\nA: the cat\n")
    build([page], Options(output_dir=tmp_path / "out", formats=("csv",)))
    written = (tmp_path / "out/cards.csv").read_text(encoding="utf-8")
    again = tmp_path / "again.md"
    again.write_text(f"# Again\n\n```csv\n{written}```\n", encoding="utf-8")
    report = check([again])
    assert [(n.question_text, n.answer_text) for n in report.decks[0].notes] == [
        ("der Hund", "the dog"),
        ("die Katze", "the cat"),
    ]
    assert report.warnings == ()  # two questions, not one twice (HTML blocks have text)


def test_tab_separated_lines_in_a_bare_block_are_cards_without_a_header():
    deck = parse_text(
        "# Vocabulaire\n\nVoici vos cartes, à importer dans Anki :\n\n```\n"
        "le chat\tthe cat\nle chien\tthe dog, or the hound\nla maison\tthe house\n```\n"
    )
    assert deck.name == "Vocabulaire"
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("le chat", "the cat", 6),
        ("le chien", "the dog, or the hound", 7),
        ("la maison", "the house", 8),
    ]


def test_semicolon_separated_lines_keep_the_commas_of_their_questions():
    deck = parse_text(
        "Hier sind deine Karteikarten:\n\n```text\nFrage;Antwort\n"
        "Was ist 1,5 + 1?;2,5\nWie heißt die Hauptstadt von Frankreich?;Paris\n```\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Was ist 1,5 + 1?", "2,5"),
        ("Wie heißt die Hauptstadt von Frankreich?", "Paris"),
    ]


@pytest.mark.parametrize(
    ("data", "cards"),
    [
        (
            '[\n  {"pregunta": "¿Cuál es la capital de España?", "respuesta": "Madrid"},\n'
            '  {"Front": "¿Cómo se dice \\"cat\\"?", "Back": "Gato", "id": 2,\n'
            '   "Ejemplo": "El gato duerme."}\n]',
            [
                ("¿Cuál es la capital de España?", "Madrid", 5),
                ('¿Cómo se dice "cat"?', "Gato\n\n**Ejemplo:** El gato duerme.", 6),
            ],
        ),
        (
            '{\n  "deck": "한국어 [1]",\n  "flashcards": [\n'
            '    {"질문": "한국의 수도는?", "답변": "서울"},\n'
            '    {"Q": "가장 큰 바다는?",\n     "A": "태평양"},\n  ]\n}',
            [("한국의 수도는?", "서울", 7), ("가장 큰 바다는?", "태평양", 8)],
        ),
    ],
    ids=["list", "wrapped"],
)
def test_a_json_block_of_objects_is_a_card_per_object(data, cards):
    deck = parse_text(f"Here you go:\n\n```json\n{data}\n```\n\nImport it with a script.\n")
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == cards
    assert [w.severity for w in deck.warnings] == ["info", "info"]  # preamble, closing


def test_a_tags_column_gives_tags_and_the_other_columns_join_the_answer():
    deck = parse_text(
        "```csv\n#,Question,Answer,Notes,Tags\n"
        "1,What is the capital of Peru?,Lima,On the coast.,geography capitals\n"
        '2,What is the longest river?,The Nile,,"geography, rivers"\n```\n'
    )
    assert [(c.question, c.answer, c.tags) for c in deck.cards] == [
        ("What is the capital of Peru?", "Lima\n\n**Notes:** On the coast.",
         ("source::<text>", "geography", "capitals")),
        ("What is the longest river?", "The Nile", ("source::<text>", "geography", "rivers")),
    ]  # fmt: skip


def test_a_row_that_cannot_be_read_is_left_out_with_a_warning_naming_its_line():
    deck = parse_text(
        "```csv\nQuestion,Answer\nWhat is 2 + 2?,4\nWhat is the capital of Chile?,Santiago,"
        'Chile\nWhat is 3 x 3?,9\n"What is 10 / 2?",5\n```\n',
        "x.md",
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("What is 2 + 2?", "4", 3),
        ("What is 3 x 3?", "9", 5),
        ("What is 10 / 2?", "5", 6),
    ]
    assert [str(w) for w in deck.warnings] == [
        "x.md:4: warning: this row has 3 fields where the others have 2; this row is left out"
    ]


def test_a_json_item_that_is_not_valid_is_left_out_with_a_warning_naming_its_line():
    deck = parse_text(
        '```json\n[\n  {"q": "What is 2 + 2?", "a": "4"},\n  {"q": "What is 3 x 3?" "a": "9"},\n'
        '  {"q": "What is 10 / 2?", "a": "5"}\n]\n```\n',
        "x.md",
    )
    assert [(c.question, c.pos.line) for c in deck.cards] == [
        ("What is 2 + 2?", 3),
        ("What is 10 / 2?", 5),
    ]
    assert [str(w) for w in deck.warnings] == [
        "x.md:4: warning: this item is not valid JSON; this row is left out"
    ]


@pytest.mark.parametrize(
    "block",
    [
        "```python\nprint(add(1, 2))\nprint(add(3, 4))\nprint(add(5, 6))\n```",
        "```\nHello, world.\n```",
        '```json\n{"name": "deckgen", "version": 2}\n```',
    ],
)
def test_a_code_block_that_holds_no_data_cards_is_still_no_cards(block):
    with pytest.raises(ParseError, match="no cards found"):
        parse_text(f"Add these numbers:\n\n{block}\n\nThen run it.\n")


def test_a_question_heading_with_an_answer_label_below_is_that_card():
    deck = parse_text(
        "# Docker\n\n### 1. What does `docker run -d` do?\n**Answer:** Starts it in the background.\n\n"
        "### 2. ¿Cómo se listan los contenedores?\n\n**Respuesta:**\n\n- `docker ps`\n- `docker ps -a`\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("What does `docker run -d` do?", "Starts it in the background.", 3),
        ("¿Cómo se listan los contenedores?", "- `docker ps`\n- `docker ps -a`", 6),
    ]
    assert deck.name == "Docker" and deck.warnings == ()


def test_a_generic_heading_then_a_question_then_an_answer_label():
    deck = parse_text(
        "## Frage 1\n\nWann wurde die Weimarer Republik ausgerufen?\n\n**Antwort:** Am 9. November 1918.\n\n"
        "## Frage 2\n\nWas war der Hitlerputsch?\n\nA: Ein gescheiterter Putsch 1923.\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("Wann wurde die Weimarer Republik ausgerufen?", "Am 9. November 1918.", 3),
        ("Was war der Hitlerputsch?", "Ein gescheiterter Putsch 1923.", 9),
    ]


def test_an_answer_subheading_answers_the_heading_above():
    deck = parse_text(
        "# Cardiology\n\n## What causes left heart failure?\n\n### Answer\n\nIschemic heart disease.\n\n"
        "## How does the NYHA grade it?\n\n### Answer\n\n| Class | Symptoms |\n|---|---|\n"
        "| I | None |\n| IV | At rest |\n\n## Card 3\n\nWhat is HFrEF?\n\n## Solution\n\nAn ejection fraction under 40 %.\n"
    )
    assert [(c.question, c.answer.split("\n")[0]) for c in deck.cards] == [
        ("What causes left heart failure?", "Ischemic heart disease."),
        ("How does the NYHA grade it?", "| Class | Symptoms |"),
        ("What is HFrEF?", "An ejection fraction under 40 %."),
    ]
    assert deck.name == "Cardiology" and deck.warnings == ()
    assert {c.section for c in deck.cards} == {""}


def test_vocabulary_terms_may_hold_a_note_in_parentheses():
    deck = parse_text("学习 (xuéxí) - to study\nel perro (m.) - dog\nder Hund (-e) - dog\n")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("学习 (xuéxí)", "to study"),
        ("el perro (m.)", "dog"),
        ("der Hund (-e)", "dog"),
    ]


def test_vocabulary_lines_after_an_answer_are_cards_of_their_own():
    deck = parse_text(
        "Q: Plural of gato?\nA: gatos\n\n"
        "la casa (f.) - house\nel libro (m.) - book\n\n"
        "Q: Which values?\nA: These:\n\nx - 5\ny - 3\n\n"
        "Question 1 - What is elasticity?\nAnswer - How much quantity responds.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Plural of gato?", "gatos"),
        ("la casa (f.)", "house"),
        ("el libro (m.)", "book"),
        ("Which values?", "These:\n\nx - 5\ny - 3"),
        ("What is elasticity?", "How much quantity responds."),
    ]


def test_arabic_abbreviated_labels_and_japanese_bracket_labels():
    deck = parse_text(
        "س1: ما هو العدد الذري للكربون؟\nج1: 6\n\n"
        "問題：江戸幕府を開いたのは誰？\n答え：徳川家康\n\n【問題】大政奉還は何年？\n【答え】1867年。\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("ما هو العدد الذري للكربون؟", "6"),
        ("江戸幕府を開いたのは誰？", "徳川家康"),
        ("大政奉還は何年？", "1867年。"),
    ]


def test_anki_export_lines_with_br_between_question_and_answer():
    deck = parse_text(
        "Q: Antidote for paracetamol?<br>A: N-acetylcysteine.\n"
        "Q: Side effect of ACE inhibitors?<br/>A: Dry cough.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Antidote for paracetamol?", "N-acetylcysteine."),
        ("Side effect of ACE inhibitors?", "Dry cough."),
    ]


def test_notion_toggles_are_cards_alone_and_after_an_answer():
    deck = parse_text(
        "Q: What is GDP?\nA: Total value of final goods.\n\n"
        "▸ What is inflation?\n    A general rise in prices.\n    Measured with the CPI.\n\n"
        "▸ ¿Qué es la deflación?\n    Una caída general de los precios.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is GDP?", "Total value of final goods."),
        ("What is inflation?", "A general rise in prices.\n\nMeasured with the CPI."),
        ("¿Qué es la deflación?", "Una caída general de los precios."),
    ]


def test_p_and_r_labels_of_spanish_and_portuguese_notes():
    deck = parse_text(
        "Q1 - O que é cláusula pétrea?\nR: Norma que não pode ser abolida.\n\n"
        "P: ¿Qué es el quórum?\nR: El número mínimo de miembros.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("O que é cláusula pétrea?", "Norma que não pode ser abolida."),
        ("¿Qué es el quórum?", "El número mínimo de miembros."),
    ]


def test_remnote_cards_nested_under_a_topic():
    deck = parse_text(
        "- 한국사\n    - 조선은 언제 건국되었나요? >> 1392년\n    - 임진왜란의 주요 해전 ::\n"
        "        - 한산도 대첩\n        - 명량 해전\n    - 대한제국 <> 1897년의 국호\n"
        "- Geography\n    - Capital of Korea >> Seoul\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("조선은 언제 건국되었나요?", "1392년", 2),
        ("임진왜란의 주요 해전", "- 한산도 대첩\n- 명량 해전", 3),
        ("대한제국", "1897년의 국호", 6),
        ("Capital of Korea", "Seoul", 8),
    ]
    assert deck.warnings == ()


def test_a_bold_answer_line_under_a_question_heading_is_no_part_of_the_answer():
    deck = parse_text(
        "# Ecology\n\n### What is a keystone species?\n\n**Answer**\n\nA species with a large effect.\n\n"
        "### ¿Un ejemplo?\n\n__Respuesta__\n\nLa nutria marina.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is a keystone species?", "A species with a large effect."),
        ("¿Un ejemplo?", "La nutria marina."),
    ]
    assert deck.warnings == ()


def test_bold_list_questions_lose_their_label_and_bold_terms_their_equals_sign():
    deck = parse_text(
        "1. **Q1 - What are the steps of the TCP handshake?**\n   SYN, SYN-ACK, ACK.\n"
        "2. **Q2: Why a random initial sequence number?**\n   To make spoofing hard.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What are the steps of the TCP handshake?", "SYN, SYN-ACK, ACK."),
        ("Why a random initial sequence number?", "To make spoofing hard."),
    ]
    deck = parse_text(
        "- **la cocina** = the kitchen\n  *Ejemplo: Mi madre cocina.*\n- **el baño** = the bathroom\n"
    )
    assert [(c.question, c.answer.split("\n")[0]) for c in deck.cards] == [
        ("la cocina", "the kitchen"),
        ("el baño", "the bathroom"),
    ]


def test_a_cloze_extra_line_is_the_back_extra_not_the_sentence():
    deck = parse_text(
        "1. {{c1::Metformin}} is first-line for type 2 diabetes.\n   Extra: not if eGFR < 30.\n"
        "2. Warfarin inhibits {{c1::VKORC1}}.\n\n"
        "{{c1::Protamine}} reverses heparin.\n**Extra:** 1 mg per 100 units.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("{{c1::Metformin}} is first-line for type 2 diabetes.", "not if eGFR < 30."),
        ("Warfarin inhibits {{c1::VKORC1}}.", ""),
        ("{{c1::Protamine}} reverses heparin.", "1 mg per 100 units."),
    ]
    assert deck.warnings == ()


@pytest.mark.parametrize(
    "closing",
    [
        "Let me know if you want more!",
        "I hope these cards help you prepare.",
        "That is all for this set, so review these again tomorrow.",
    ],
)
def test_closing_remarks_after_the_last_heading_card_are_no_part_of_it(closing):
    deck = parse_text(
        f"## What is inflation?\n\nA general rise in prices.\n\n## What is GDP?\n\n"
        f"The value of all final goods.\n\n- at market prices\n\n{closing}\n"
    )
    assert [c.answer for c in deck.cards] == [
        "A general rise in prices.",
        "The value of all final goods.\n\n- at market prices",
    ]
    assert [(p.pos.line, p.severity) for p in deck.warnings] == [(11, "info")]


def test_a_question_with_its_code_above_an_answer_label_is_one_card():
    deck = parse_text(
        "Q: What is a tuple?\nA: An immutable sequence.\n\n"
        "What does this print?\n\n```python\nprint(1 + 1)\n```\n\nAnswer: `2`\n"
    )
    assert [(c.question, c.answer, c.pos.line) for c in deck.cards] == [
        ("What is a tuple?", "An immutable sequence.", 1),
        ("What does this print?\n\n```python\nprint(1 + 1)\n```", "`2`", 4),
    ]
    assert deck.warnings == ()


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        (
            "# مفردات\n\nما عاصمة مصر؟\nالقاهرة.\n\nما عاصمة الأردن؟\nعمّان.\n",
            [("ما عاصمة مصر؟", "القاهرة."), ("ما عاصمة الأردن؟", "عمّان.")],
        ),
        (
            "Q) When did WWI begin?\nA) In 1914.\n\nQ) What ended it?\nA) The armistice.\n",
            [("When did WWI begin?", "In 1914."), ("What ended it?", "The armistice.")],
        ),
        (
            "How do you print a CSV's 3rd column:\n\n```bash\ncut -d, -f3 data.csv\n```\n\n"
            "How do you count lines:\n\n```bash\nwc -l file.txt\n```\n",
            [
                ("How do you print a CSV's 3rd column:", "```bash\ncut -d, -f3 data.csv\n```"),
                ("How do you count lines:", "```bash\nwc -l file.txt\n```"),
            ],
        ),
        (
            "Here are two questions:\n\nWhat is 2 + 2?\n\nFour, as you\nknow.\n\nWhat is 3 + 3?\n\nSix.\n",
            [("What is 2 + 2?", "Four, as you\nknow."), ("What is 3 + 3?", "Six.")],
        ),
    ],
)
def test_question_paragraphs_over_their_answers_on_a_page_of_no_other_card(page, cards):
    deck = parse_text(page)
    assert [(c.question, c.answer) for c in deck.cards] == cards


def test_emoji_labels_and_labels_after_an_emoji():
    deck = parse_text(
        "❓ What is the closest star to the Sun?\n💡 Proxima Centauri.\n\n"
        "🔹 **Q:** What gas do plants absorb?\n🔸 **A:** Carbon dioxide.\n\n"
        "Q. What is a mutex?\nAns.\n- a lock\n- one thread at a time\n\n"
        "💡 **Tip:** Review these with spaced repetition.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is the closest star to the Sun?", "Proxima Centauri."),
        ("What gas do plants absorb?", "Carbon dioxide."),
        ("What is a mutex?", "- a lock\n- one thread at a time"),
    ]
    assert [p.severity for p in deck.warnings] == ["info"]  # the tip, after the last card


def test_a_dot_answer_below_a_q_dot_question_loses_its_label_unless_it_is_an_option():
    deck = parse_text(
        "1. Q. 응집도가 가장 높은 것은?\n   A. 기능적 응집도\n\n"
        "Q. What is idempotency?\nA. Same result when applied twice.\n\n"
        "Q. Which is prime?\nA. 4\nB. 7\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("응집도가 가장 높은 것은?", "기능적 응집도"),
        ("What is idempotency?", "Same result when applied twice."),
        ("Which is prime?", "A. 4\nB. 7"),
    ]


def test_an_answer_that_is_one_bullet_of_one_line_is_that_line():
    """A numbered question over "- 443", a Logseq card over its one child block: the
    answer a person reads is "443", not a list of one item."""
    deck = parse_text(
        "# Networking\n\n1. What port does HTTPS use?\n   - 443\n2. What does DNS do?\n"
        "   - It resolves names.\n   - It caches answers.\n\n"
        "- What protein coats endocytic vesicles? #card\n  - Clathrin\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What port does HTTPS use?", "443"),
        ("What does DNS do?", "- It resolves names.\n- It caches answers."),
        ("What protein coats endocytic vesicles?", "Clathrin"),
    ]


def test_a_json_object_that_names_its_deck_names_the_deck():
    deck = parse_text(
        'Here they are as JSON:\n\n```json\n{\n  "deck": "AWS Cloud Practitioner",\n'
        '  "flashcards": [\n    {"question": "What is S3?", "answer": "Object storage"},\n'
        '    {"question": "What is IAM?", "answer": "Identity and Access Management"}\n  ]\n}\n```\n',
        "aws.md",
    )
    assert deck.name == "AWS Cloud Practitioner"
    assert [c.question for c in deck.cards] == ["What is S3?", "What is IAM?"]
    titled = parse_text(
        '# AWS\n\n```json\n{"deck": "Other", "cards": [["a?", "b"], ["c?", "d"]]}\n```\n'
    )
    assert titled.name == "AWS"  # the page's heading names it first


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        (
            "der Apfel - the apple\n\ndie Birne - the pear\n\nsich freuen auf - to look forward to\n",
            [("der Apfel", "the apple"), ("die Birne", "the pear"),
             ("sich freuen auf", "to look forward to")],
        ),
        ("bố: father\n\nmẹ: mother\n", [("bố", "father"), ("mẹ", "mother")]),
    ],
)  # fmt: skip
def test_vocabulary_lines_kept_apart_by_blank_lines_are_a_card_each(page, cards):
    """Markdown joins lines no blank line parts, so people put one between each."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_a_list_item_with_an_answer_label_below_its_first_line_is_a_card():
    """Fill-in-the-blank statements, and multiple choice with the options on the front."""
    deck = parse_text(
        "# Chemistry\n\n1. The atomic number of carbon is ____.\n   Answer: 6\n\n"
        "2. Which organelle makes ATP?\n   a) Ribosome\n   b) Mitochondrion\n\n   Answer: b\n\n"
        "3. 水的化学式是______。\n   答案：H₂O\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("The atomic number of carbon is ____.", "6"),
        ("Which organelle makes ATP?\na) Ribosome\nb) Mitochondrion", "b"),
        ("水的化学式是______。", "H₂O"),
    ]


@pytest.mark.parametrize(
    "page",
    [
        "1. Which nerves carry parasympathetic fibres? — III, VII, IX and X.\n"
        "2. Which drugs cause SIADH? — Carbamazepine, SSRIs.\n",
        "- Which nerves carry parasympathetic fibres? -> III, VII, IX and X.\n"
        "- Which drugs cause SIADH? -> Carbamazepine, SSRIs.\n",
        "Which nerves carry parasympathetic fibres? - III, VII, IX and X.\n"
        "Which drugs cause SIADH? → Carbamazepine, SSRIs.\n",
    ],
)
def test_a_question_a_dash_and_its_answer_on_one_line_is_a_card(page):
    deck = parse_text(f"# Pharmacology\n\n{page}")
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Which nerves carry parasympathetic fibres?", "III, VII, IX and X."),
        ("Which drugs cause SIADH?", "Carbamazepine, SSRIs."),
    ]


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        (
            "**True or false:** The Magna Carta was sealed in 1215.\n**Answer:** True.\n\n"
            "**True or false:** Vikings wore horned helmets.\n**Answer:** False.\n",
            [("The Magna Carta was sealed in 1215.", "True."),
             ("Vikings wore horned helmets.", "False.")],
        ),
        (
            "**Statement 1:** The Bastille fell in 1789.\n**Answer:** True.\n\n"
            "**Statement 2:** Napoleon was crowned in 1799.\n**Answer:** False — in 1804.\n",
            [("The Bastille fell in 1789.", "True."),
             ("Napoleon was crowned in 1799.", "False — in 1804.")],
        ),
        (
            "Aussage 1: Wasser siedet bei 100 °C.\nAntwort: Richtig (auf Meereshöhe).\n\n"
            "Aussage 2: Eis ist schwerer als Wasser.\nAntwort: Falsch.\n",
            [("Wasser siedet bei 100 °C.", "Richtig (auf Meereshöhe)."),
             ("Eis ist schwerer als Wasser.", "Falsch.")],
        ),
        (
            "שאלה: מי הוביל את בני ישראל?\nתשובה: משה.\n\nשאלה: מי היה המלך הראשון?\nתשובה: שאול.\n",
            [("מי הוביל את בני ישראל?", "משה."), ("מי היה המלך הראשון?", "שאול.")],
        ),
        (
            "سوال: پایتخت ایران کجاست؟\nجواب: تهران\n\nسوال: بلندترین کوه ایران؟\nجواب: دماوند\n",
            [("پایتخت ایران کجاست؟", "تهران"), ("بلندترین کوه ایران؟", "دماوند")],
        ),
    ],
)  # fmt: skip
def test_more_label_families(page, cards):
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_a_statement_without_a_number_is_a_glossary_term_not_a_question_label():
    deck = parse_text(
        "# Logic\n\nStatement: a sentence that is either true or false\n"
        "Premise: a statement an argument starts from\n"
        "Conclusion: what the argument claims to show\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Statement", "a sentence that is either true or false"),
        ("Premise", "a statement an argument starts from"),
        ("Conclusion", "what the argument claims to show"),
    ]


def test_plain_sub_headings_under_a_question_heading_are_parts_of_its_answer():
    """Lecture notes: "## What causes the seasons?" over "### Axial tilt" and its text;
    interview prep: "### Complexity" after "### Solution". Each sub-heading was a card."""
    deck = parse_text(
        "# Lecture 7\n\n## What causes the seasons?\n\nTwo things:\n\n### Axial tilt\nThe axis "
        "leans 23.4°.\n\n### Not the distance\nEarth is closest in January.\n\n"
        "## What is the Coriolis effect?\n\nAn apparent deflection.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What causes the seasons?", "Two things:\n\n### Axial tilt\n\nThe axis leans 23.4°.\n\n"
         "### Not the distance\n\nEarth is closest in January."),
        ("What is the Coriolis effect?", "An apparent deflection."),
    ]  # fmt: skip
    solved = parse_text(
        "# Prep\n\n## 1. Two Sum\n\nReturn the indices of two numbers adding up to target.\n\n"
        "### Solution\n\nUse a dict.\n\n### Complexity\n\n- Time: O(n)\n\n"
        "## 2. Contains Duplicate\n\nIs any value there twice?\n\n### Solution\n\nUse a set.\n"
    )
    assert [c.answer for c in solved.cards] == [
        "Use a dict.\n\n### Complexity\n\n- Time: O(n)",
        "Use a set.",
    ]
    # Sub-headings that are cards of their own stay cards.
    cards = parse_text(
        "## Biology\n\n### What is a cell?\nThe unit of life.\n\n### What is DNA?\nThe genome.\n"
    )
    assert [c.question for c in cards.cards] == ["What is a cell?", "What is DNA?"]


def test_a_glossarys_letter_headings_are_no_sub_decks():
    deck = parse_text(
        "# Networking glossary\n\n## A\n\n**ARP**: Address Resolution Protocol.\n\n"
        "**Anycast**: one address, many hosts.\n\n## B\n\n**BGP**: Border Gateway Protocol.\n\n"
        "**Bandwidth**: the data a link carries per second.\n"
    )
    assert deck.name == "Networking glossary"
    assert [c.section for c in deck.cards] == [""] * 4


def test_multiple_choice_questions_with_an_answer_key_below_pair_with_it():
    """The options are the question's: they are no answer, the key's item is."""
    deck = parse_text(
        "# Astronomy quiz\n\n1. Which planet has the most moons?\n   - a) Jupiter\n   - b) Saturn\n"
        "2. What is the closest star to the Sun?\n   - a) Sirius\n   - b) Proxima Centauri\n\n"
        "## Answer key\n\n1. b) Saturn\n2. b) Proxima Centauri\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Which planet has the most moons?\n- a) Jupiter\n- b) Saturn", "b) Saturn"),
        ("What is the closest star to the Sun?\n- a) Sirius\n- b) Proxima Centauri",
         "b) Proxima Centauri"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # a tags column past the last field: no column (it raised IndexError)
        ("#separator:tab\n#tags column:99\nWhat is 2+2?\t4\nWhat is 3+3?\t6\n",
         [("What is 2+2?", "4", ()), ("What is 3+3?", "6", ())]),
        # a column number that is a digit but no number: no column (it raised ValueError)
        ("#separator:tab\n#tags column:²\nWhat is 2+2?\t4\nWhat is 3+3?\t6\n",
         [("What is 2+2?", "4", ()), ("What is 3+3?", "6", ())]),
        # rows shorter than "#columns:": Anki fills the missing fields (they were dropped)
        ("#separator:tab\n#columns:Front\tBack\tTags\nWhat is 2+2?\t4\nPeru?\tLima\tgeo\n",
         [("What is 2+2?", "4", ()), ("Peru?", "Lima", ("geo",))]),
        # "#tags:" for every row, a separator named "colon"
        ("#separator:Colon\n#tags:geo world\nPeru?:Lima\nChile?:Santiago\n",
         [("Peru?", "Lima", ("geo", "world")), ("Chile?", "Santiago", ("geo", "world"))]),
        # a note that only looks like a header: the page is no Anki file
        ("#todo: finish these\n\n**Q:** What is an acid, in short?\n**A:** A proton donor.\n\n"
         "**Q:** What is a base, in short?\n**A:** A proton acceptor.\n",
         [("What is an acid, in short?", "A proton donor.", ()),
          ("What is a base, in short?", "A proton acceptor.", ())]),
    ],
)  # fmt: skip
def test_anki_headers_read_as_anki_reads_them(page, cards):
    deck = parse_text(page)
    assert [(c.question, c.answer, c.tags[1:]) for c in deck.cards] == cards
    assert [w for w in deck.warnings if w.severity == "warning"] == []


def test_a_json_deck_name_loses_its_control_characters():
    deck = parse_text('```json\n{"deck": "AW\\u001fS", "cards": [["a?", "b"], ["c?", "d"]]}\n```\n')
    assert deck.name == "AWS"


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # a rule between a question (with its options, or a hint) and its answer splits them
        ("**Which of these is a mammal?**\n\n- Shark\n- Dolphin\n\n---\n\nDolphin\n",
         [("Which of these is a mammal?", "- Shark\n- Dolphin\n\nDolphin")]),
        ("**What is the capital of Australia?**\nHint: not Sydney.\n\n---\n\nCanberra\n",
         [("What is the capital of Australia?", "Hint: not Sydney.\n\nCanberra")]),
        # an answer that reads like a closing remark, right after the rule, is the answer
        ("# Spanish\n\n## Wishes\n\nHow do you wish a friend luck before an exam?\n\n---\n\n"
         "¡Mucha suerte!\n",
         [("Wishes\n\nHow do you wish a friend luck before an exam?", "¡Mucha suerte!")]),
        # instructions that start like a closing remark stay in the answer
        ("Q: How do you commit?\nA: git commit.\n\nNeed to add a message with -m, otherwise "
         "git opens an editor.\n",
         [("How do you commit?", "git commit.\n\nNeed to add a message with -m, otherwise "
           "git opens an editor.")]),
        ("Q: كيف أكتب الحرف الأول كبيرًا؟\nA: upper()\n\nإذا أردت الحرف الأول فقط، استخدم "
         "capitalize.\n",
         [("كيف أكتب الحرف الأول كبيرًا؟", "upper()\n\nإذا أردت الحرف الأول فقط، استخدم "
           "capitalize.")]),
    ],
)  # fmt: skip
def test_what_only_looks_like_the_end_of_a_card_stays_in_it(page, cards):
    """Found by review: each of these lost its answer, or part of it, to a rule or to a
    closing-remark phrase."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_a_heading_that_names_the_subject_stays_in_the_question():
    """ "## 404" is no card number: it is what the question below it asks about."""
    deck = parse_text(
        "# HTTP status codes\n\n## 404\n\nWhat does this status code mean?\n\nNot Found.\n\n"
        "## 503\n\nWhat does this status code mean?\n\nService Unavailable.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("404\n\nWhat does this status code mean?", "Not Found."),
        ("503\n\nWhat does this status code mean?", "Service Unavailable."),
    ]


def test_answers_to_a_numbered_quiz_pair_with_that_quiz_wherever_it_is():
    deck = parse_text(
        "# Chemistry\n\n## Quiz 1\n\n1. What is H2O?\n2. What is NaCl?\n\n## Quiz 2\n\n"
        "1. What is CO2?\n2. What is O3?\n\n## Answers to Quiz 1\n\n1. Water\n2. Salt\n\n"
        "## Answers to Quiz 2\n\n1. Carbon dioxide\n2. Ozone\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is H2O?", "Water"),
        ("What is NaCl?", "Salt"),
        ("What is CO2?", "Carbon dioxide"),
        ("What is O3?", "Ozone"),
    ]


@pytest.mark.parametrize(
    "page",
    [
        "## What does `this` refer to inside a method?\n\n```js\nobj.f()\n```\n\nThe object.\n",
        "## List comprehension syntax:\n\n```python\n[x * 2 for x in y]\n```\n\nBuilds a list.\n",
        "- **How do you swap two variables in this language (Python)?**\n  ```python\n  a, b = b, a\n"
        "  ```\n  Tuple unpacking.\n- **What is a list?**\n  An ordered sequence.\n",
    ],
)
def test_code_below_a_question_that_does_not_point_at_it_is_the_answers(page):
    """Found by review: a bare "this", a closing colon, "this language" moved the
    answer's code to the front."""
    card = parse_text(page).cards[0]
    assert "```" in card.answer and "```" not in card.question


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        ("# HSK 1\n\n## 爱\nài — to love\n\n## 八\nbā — eight\n",
         [("爱", "ài — to love"), ("八", "bā — eight")]),
        ("## 9\nWhat does DNS do?\n\nResolves names.\n\n## 10\nWhat port does HTTPS use?\n\n443.\n",
         [("What does DNS do?", "Resolves names."), ("What port does HTTPS use?", "443.")]),
        ("# Civics\n\n1. What are the branches of government?\n   a. Legislative\n   b. Executive\n"
         "2. Who heads the executive?\n   The President.\n",
         [("What are the branches of government?", "a. Legislative\nb. Executive"),
          ("Who heads the executive?", "The President.")]),
        ("# Business English\n\ninvoice - die Rechnung\nstatement - die Aussage\n",
         [("invoice", "die Rechnung"), ("statement", "die Aussage")]),
        ("#Tags: biology\n\nQ: What is the powerhouse of the cell?\nA: The mitochondria, which "
         "make ATP.\n\nQ: What does DNA stand for?\nA: Deoxyribonucleic acid.\n",
         [("What is the powerhouse of the cell?", "The mitochondria, which make ATP."),
          ("What does DNA stand for?", "Deoxyribonucleic acid.")]),
        ("# Biology\n\n## Chapter 3: What is a cell?\n\n### Nucleus\nHolds the DNA.\n\n"
         "### Ribosome\nMakes proteins.\n",
         [("Nucleus", "Holds the DNA."), ("Ribosome", "Makes proteins.")]),
        ("**Q:** Is \"Hey\" formal?\n**A:** No.\n\n## Practice dialogues\n\n1. At a party\n"
         "   A: Hi! I'm Tom.\n   B: Nice to meet you.\n",
         [('Is "Hey" formal?', "No.")]),
        ("**Q:** Capital of Australia?\n**A:** Canberra.\n\n---\n\nWant a harder set? — Just ask.\n",
         [("Capital of Australia?", "Canberra.")]),
        ("## What is the output of the following?\n\n```python\nprint(2 ** 3)\n```\n\n8, two cubed.\n",
         [("What is the output of the following?\n\n```python\nprint(2 ** 3)\n```",
           "8, two cubed.")]),
    ],
)  # fmt: skip
def test_pages_that_read_right_before_this_sessions_shapes_still_do(page, cards):
    """Found by the second review: each of these was read wrongly by a rule added for
    another shape (one-letter index headings, options with no key, labels, Anki's
    headers, parts of an answer, answer-labelled items, question-dash lines, code)."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_wrapped_prose_that_only_starts_like_options_is_not_broken_into_lines():
    from deckgen.render import render_card

    rendering = render_card("The bacterium\nE. coli is the standard, and\nB. subtilis too.", "")
    assert "<br>" not in rendering.question_html


@pytest.mark.parametrize("closing", ["Still need help?", "Didn't find your answer?", "Contact us"])
def test_an_faqs_closing_contact_section_is_no_card(closing):
    deck = parse_text(
        "# Help Center\n\n## How do I reset my password?\n\nUse *Reset password* in Settings.\n\n"
        "## How do I contact support?\n\nWrite to help@example.com.\n\n"
        f"## {closing}\n\nOpen a ticket from the dashboard.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("How do I reset my password?", "Use *Reset password* in Settings."),
        ("How do I contact support?", "Write to help@example.com."),
    ]
    assert [p.pos.line for p in deck.warnings if p.severity == "info"] == [13]


def test_a_quiz_question_ending_in_a_colon_its_options_and_its_answer_in_one_paragraph():
    """ChatGPT's multiple choice: no blank line between the bold question, its options
    and "**Answer: C**". A question ending in ":" gave "answer label without a question"
    errors, and the page no cards."""
    deck = parse_text(
        "**1. Which quantity is a vector?**\nA) Mass\nB) Displacement\n**Answer: B**\n\n"
        "**2. Newton's third law states that:**\nA) F = ma\nB) Action equals reaction\n"
        "**Answer: B**\n\n"
        "**3. The SI unit of momentum is:**\nA) kg·m/s\nB) N/m\n"
        "**Answer: A** — mass times velocity.\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Which quantity is a vector?\nA) Mass\nB) Displacement", "B"),
        ("Newton's third law states that:\nA) F = ma\nB) Action equals reaction", "B"),
        ("The SI unit of momentum is:\nA) kg·m/s\nB) N/m", "**A** — mass times velocity."),
    ]


def test_a_bold_label_closing_before_the_lines_end_gives_its_bold_back_to_the_text():
    deck = parse_text(
        "**Q: What is 2 + 2?** (easy)\n**Answer: 4** — count on your fingers.\n\n"
        "**Q: What is 3 × 3?**\n**A: 9**\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("**What is 2 + 2?** (easy)", "**4** — count on your fingers."),
        ("What is 3 × 3?", "9"),
    ]


def test_bold_term_definitions_in_lecture_notes_are_cards_among_label_cards():
    """A student's notes: "**Term**: meaning" lines, then "Q."/"A." cards. The terms were
    left out, with an info line only when they came before the first card."""
    deck = parse_text(
        "# Macro – notes\n\n## Lecture 1\n\nThe GDP measures what a country makes.\n\n"
        "**Nominal GDP** : output at current prices\n**Real GDP** : output at base-year prices\n\n"
        "Q. What are the three ways to measure GDP?\nA. Output, income and spending.\n\n"
        "## Review questions\n\n1. What does the CPI measure?\n2. Who publishes it?\n\n"
        "## Answers\n\n1. Consumer prices\n2. The statistics office\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Nominal GDP", "output at current prices"),
        ("Real GDP", "output at base-year prices"),
        ("What are the three ways to measure GDP?", "Output, income and spending."),
        ("What does the CPI measure?", "Consumer prices"),
        ("Who publishes it?", "The statistics office"),
    ]


@pytest.mark.parametrize(
    "page",
    [
        # an assistant explains, then gives the cards
        "Here is an overview:\n\n**Encoding**: storing it\n**Retrieval**: getting it back\n\n"
        "### Flashcards\n\n",
        # what the page is about, not terms
        "**Topic:** Memory\n**Level:** beginner\n\n",
        # labels of notes, not terms
        "**Key idea**: memory is rebuilt\n**Why it matters**: recall can err\n\n",
    ],
)
def test_bold_lines_that_are_no_terms_stay_out_of_the_cards(page):
    deck = parse_text(
        page + "Q: What is encoding?\nA: Storing it.\n\nQ: What is recall?\nA: Use.\n"
    )
    assert [c.question for c in deck.cards] == ["What is encoding?", "What is recall?"]


def test_an_answer_key_short_of_an_answer_pairs_by_number_and_says_which_has_none():
    deck = parse_text(
        "## Practice questions\n\n1. Worst-case BST lookup?\n2. What does BFS use?\n"
        "3. What does DFS use?\n4. Heapify's complexity?\n\n"
        "## Answers\n\n1. O(n)\n2. A queue\n3. A stack\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Worst-case BST lookup?", "O(n)"),
        ("What does BFS use?", "A queue"),
        ("What does DFS use?", "A stack"),
    ]
    assert [(p.pos.line, "no answer" in p.message) for p in deck.warnings] == [(6, True)]


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        ("Frente: O que é um alelo?\nVerso: Uma forma de um gene.\n\n"
         "**Frente**: O que diz a 1ª lei de Mendel?\n**Verso**: A segregação dos fatores.\n",
         [("O que é um alelo?", "Uma forma de um gene."),
          ("O que diz a 1ª lei de Mendel?", "A segregação dos fatores.")]),
        ("Recto : Qui a écrit Candide ?\nVerso : Voltaire\n\nRecto : Qui a écrit Germinal ?\n"
         "Verso : Zola\n", [("Qui a écrit Candide ?", "Voltaire"),
                            ("Qui a écrit Germinal ?", "Zola")]),
        ("Vorderseite: Was ist ein Reflex?\nRückseite: Eine automatische Reaktion.\n\n"
         "Vorderseite: Wer war Pawlow?\nRückseite: Ein Physiologe.\n",
         [("Was ist ein Reflex?", "Eine automatische Reaktion."),
          ("Wer war Pawlow?", "Ein Physiologe.")]),
    ],
)  # fmt: skip
def test_anki_field_names_as_labels_in_more_languages(page, cards):
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_vocabulary_with_examples_a_dash_each_and_tables_named_by_their_languages():
    """A German course's page: "die Miete — rent — Die Miete ist hoch." lines, and a
    table "Deutsch | English | Beispiel". Both were one card a section, or none."""
    deck = parse_text(
        "# Lektion 5\n\n## Wörter\n\ndie Miete — rent — Die Miete ist hoch.\n"
        "der Flur — hallway — Die Schuhe stehen im Flur.\n\n"
        "## Möbel\n\n| Deutsch | English | Beispiel |\n|---|---|---|\n"
        "| der Schrank | wardrobe | Der Schrank ist groß. |\n| das Sofa | sofa | |\n\n"
        "## Japanisch\n\n| Word | Meaning |\n|---|---|\n| 猫 | cat |\n| 犬 | dog |\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("die Miete", "rent — Die Miete ist hoch."),
        ("der Flur", "hallway — Die Schuhe stehen im Flur."),
        ("der Schrank", "wardrobe\n\n**Beispiel:** Der Schrank ist groß."),
        ("das Sofa", "sofa"),
        ("猫", "cat"),
        ("犬", "dog"),
    ]


def test_obsidian_to_anki_plugin_notes():
    """The plugin's START / note type / fields / END blocks, its TARGET DECK and tags:
    the markers and the note types' names were cards' text, and notes ran together."""
    deck = parse_text(
        "TARGET DECK\nNetworking::Transport\n\n# TCP\n\nNotes from chapter 3.\n\n"
        "START\nBasic\nFront: What does TCP guarantee?\nBack: In-order delivery.\n"
        "Tags: tcp reliability\nEND\n\n"
        "START\nBasic (and reversed card)\nMSS\nBack: Maximum segment size\nEND\n\n"
        "Some quick ones I write inline:\n\n"
        "START\nCloze\nText: TCP opens with a {{c1::three-way}} handshake.\n"
        "Back Extra: SYN, SYN-ACK, ACK\n<!--ID: 1700000000000-->\nEND\n\n"
        "START\nBasic\nFront: Why slow start?\nBack:\nTo probe the bandwidth:\n"
        "the window doubles every RTT.\nEND\n"
    )
    assert deck.name == "Networking::Transport"
    assert [(c.question, c.answer, c.tags[1:]) for c in deck.cards] == [
        ("What does TCP guarantee?", "In-order delivery.", ("tcp", "reliability")),
        ("MSS", "Maximum segment size", ()),
        ("TCP opens with a {{c1::three-way}} handshake.", "SYN, SYN-ACK, ACK", ()),
        ("Why slow start?", "To probe the bandwidth:\nthe window doubles every RTT.", ()),
    ]
    assert [c.reverse for c in deck.cards] == [False, True, False, False]
    assert [p.pos.line for p in deck.warnings if p.severity == "warning"] == [21]


def test_sides_and_cards_between_rules_with_no_blank_lines():
    """Mochi's way without blank lines: each "---" right under a line made it a heading,
    and 7 of 8 cards were questions without answers."""
    deck = parse_text(
        "# Spanish history\n\nIn what year did the Reconquista end?\n---\n1492.\n---\n"
        "Who were the Catholic Monarchs?\n---\nIsabel and Fernando.\n---\n"
        "When was the Armada defeated?\n---\n1588\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("In what year did the Reconquista end?", "1492."),
        ("Who were the Catholic Monarchs?", "Isabel and Fernando."),
        ("When was the Armada defeated?", "1588"),
    ]
    headings = parse_text("What is X?\n---\nX is a letter.\n\nWhat is Y?\n---\nY is one too.\n")
    assert [(c.question, c.answer) for c in headings.cards] == [
        ("What is X?", "X is a letter."),
        ("What is Y?", "Y is one too."),
    ]


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # Italian "fronte" is the forehead, Spanish "dorso" the back of the hand
        ("# Il viso\n\nFronte: la parte sopra le sopracciglia\nGuancia: sotto gli occhi\n"
         "Mento: la parte più bassa\n", [("Fronte", "la parte sopra le sopracciglia"),
                                         ("Guancia", "sotto gli occhi"),
                                         ("Mento", "la parte più bassa")]),
        ("# La mano\n\nPalma: cara anterior de la mano\nDorso: cara posterior de la mano\n",
         [("Palma", "cara anterior de la mano"), ("Dorso", "cara posterior de la mano")]),
        # a glossary of manuscripts: "Recto" and "Verso" are its terms
        ("# Codicologie\n\nFolio : une feuille\nRecto : la face avant\nVerso : la face "
         "arrière\n", [("Folio", "une feuille"), ("Recto", "la face avant"),
                        ("Verso", "la face arrière")]),
        # element symbols, "F:" among them
        ("# Halogens\n\nF: fluorine\nCl: chlorine\nBr: bromine\n",
         [("F", "fluorine"), ("Cl", "chlorine"), ("Br", "bromine")]),
    ],
)  # fmt: skip
def test_words_that_label_only_in_pairs_are_terms_alone(page, cards):
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


@pytest.mark.parametrize("header", ["front,back", "Question;Answer", "Term\tDefinition"])
def test_a_csv_file_saved_as_a_page_is_read_by_its_header(header):
    delimiter = header[len(header.split(",")[0].split(";")[0].split("\t")[0])]
    rows = [("What does git fetch do?", "Downloads commits, no merge"),
            ('Write "hello" as a message', 'git commit -m "hello"')]  # fmt: skip
    lines = [header] + [
        delimiter.join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows
    ]
    deck = parse_text("\n".join(lines) + "\n")
    assert [(c.question, c.answer) for c in deck.cards] == rows


def test_a_first_line_longer_than_csvs_field_limit_is_text_not_a_header():
    # The limit is the csv module's, for the whole process: the CSV exporter raises it,
    # so set it back to its default here, as a parse in a fresh process finds it.
    default = csv.field_size_limit(131072)
    try:
        deck = parse_text("Q: " + "x" * 140_000 + "\nA: b\n")
    finally:
        csv.field_size_limit(default)
    assert [(len(c.question), c.answer) for c in deck.cards] == [(140_000, "b")]


def test_decks_named_by_a_logseq_title_and_by_anki_exports_deck_column():
    logseq = parse_text(
        "title:: Organic Chemistry\ntags:: chemistry\n\n- Alcohols\n"
        "\t- What is the functional group of an alcohol? #card\n\t\t- Hydroxyl, -OH\n"
    )
    assert logseq.name == "Organic Chemistry"
    assert [(c.question, c.answer) for c in logseq.cards] == [
        ("What is the functional group of an alcohol?", "Hydroxyl, -OH")
    ]
    export = parse_text(
        "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n"
        "Basic\tPharmacology::Antibiotics\tWhat inhibits the 30S subunit?\tAminoglycosides\n"
        "Basic\tPharmacology::Antibiotics\tDrug of choice for MRSA?\tVancomycin\n"
    )
    assert export.name == "Pharmacology::Antibiotics"
    assert [(c.question, c.answer) for c in export.cards] == [
        ("What inhibits the 30S subunit?", "Aminoglycosides"),
        ("Drug of choice for MRSA?", "Vancomycin"),
    ]


def test_a_section_after_the_last_card_that_no_card_reads_is_a_warning_not_a_note():
    """ "## Quick facts" over a list the cards missed is not a closing remark: it was an
    info line, shown only with -v. Notes to self and tips stay notes."""
    deck = parse_text(
        "Q: What is the antidote for heparin?\nA: Protamine.\n\n"
        "## Quick facts\n\n- Drug of choice in pregnancy: methyldopa\n- Nitrate tolerance: rest\n\n"
        "## Exam tips\n\nFocus on antidotes. Good luck!\n\n## To review\n\n- ask TA about digoxin\n"
    )
    assert [(p.pos.line, p.severity) for p in deck.warnings] == [
        (6, "warning"), (11, "info"), (15, "info")
    ]  # fmt: skip


def test_items_that_all_open_with_the_same_bold_word_ask_what_follows_it():
    """ "- **Drug**: Lisinopril" over its facts: four cards all asking "Drug" were made."""
    deck = parse_text(
        "## Antihypertensives\n\n- **Drug**: Lisinopril\n  - Class: ACE inhibitor\n"
        "  - Side effects: dry cough\n- **Drug**: Losartan\n  - Class: ARB\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Lisinopril", "- Class: ACE inhibitor\n- Side effects: dry cough"),
        ("Losartan", "Class: ARB"),  # one bullet: its line
    ]


def test_a_note_among_vocabulary_lines_leaves_them_cards():
    deck = parse_text(
        "## Adjectives\n\n暗い (くらい) — dark\n便利 (べんり) — convenient\n"
        "*Remember: 便利 is a な-adjective.*\n\n## Verbs\n\n借りる — to borrow\n返す — to return\n"
    )
    assert [c.question for c in deck.cards] == ["暗い (くらい)", "便利 (べんり)", "借りる", "返す"]


def test_vocabulary_with_dashes_and_a_colon_and_lecture_titles_that_ask():
    """A student's notes: "Stack — LIFO" lines with one "Hash table: ..." (the block was
    prose), bold terms with a dash or a colon, and "## Lecture 1: What is psychology?",
    a lecture's title, over its notes (which were its answer, then left out)."""
    deck = parse_text(
        "# CS notes\n\n## Lecture 1: What is a data structure?\n\nA way to organise data.\n\n"
        "**Array**: contiguous memory\n**Linked list** - nodes with pointers\n\n"
        "Q. Cost of inserting at the head of a linked list?\nA. O(1)\n\n"
        "## Lecture 2: Stacks\n\nStack — LIFO: last in, first out\nQueue — FIFO: first in, "
        "first out\nHash table: maps keys to buckets\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Array", "contiguous memory"),
        ("Linked list", "nodes with pointers"),
        ("Cost of inserting at the head of a linked list?", "O(1)"),
        ("Stack", "LIFO: last in, first out"),
        ("Queue", "FIFO: first in, first out"),
        ("Hash table", "maps keys to buckets"),
    ]


def test_a_quiz_repositorys_revealed_answer_is_its_text_not_its_frame():
    """<details> holding "<p>", "#### Answer: B" and the explanation, "</p>": the answer
    began with the "<p>" and a heading."""
    deck = parse_text(
        "###### 1. What's the output?\n\n```javascript\nconsole.log(typeof typeof 1);\n```\n\n"
        '- A: `"number"`\n- B: `"string"`\n\n<details><summary><b>Answer</b></summary>\n<p>\n\n'
        '#### Answer: B\n\n`typeof 1` is `"number"`, a string.\n\n</p>\n</details>\n'
    )
    (card,) = deck.cards
    assert card.answer == 'B\n\n`typeof 1` is `"number"`, a string.'


def test_an_interview_repositorys_contents_back_to_top_links_and_license_are_no_cards():
    """A README of questions: a table of contents ("| No. | Questions |" of links) was
    cards and the deck's name, "back to top" ended every answer, "## License" was a card."""
    deck = parse_text(
        "# Python Interview Questions\n\n## Table of Contents\n\n| No. | Questions |\n"
        "| --- | --- |\n| 1 | [What is the GIL?](#1-what-is-the-gil) |\n"
        "| 2 | [What is a generator?](#2-what-is-a-generator) |\n\n---\n\n"
        "### 1. What is the GIL?\n\nA lock in CPython.\n\n**[⬆ back to top](#table-of-contents)**\n\n"
        "### 2. What is a generator?\n\nA lazy iterator.\n\n**[⬆ back to top](#table-of-contents)**\n\n"
        "## Contributing\n\nPull requests welcome.\n\n## License\n\nMIT\n"
    )
    assert deck.name == "Python Interview Questions"
    assert [(c.question, c.answer, c.section) for c in deck.cards] == [
        ("1. What is the GIL?", "A lock in CPython.", ""),
        ("2. What is a generator?", "A lazy iterator.", ""),
    ]
    assert [p.severity for p in deck.warnings] == ["info"] * 3  # contents, contributing, MIT


def test_a_numbered_table_whose_cells_are_whole_cards():
    deck = parse_text(
        "| # | Kaart |\n|---|---|\n| 1 | Vraag: Wat is de verleden tijd van lopen? <br> "
        "Antwoord: liep |\n| 2 | Vraag: Welk hulpwerkwoord hoort bij gaan? <br> Antwoord: zijn |\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Wat is de verleden tijd van lopen?", "liep"),
        ("Welk hulpwerkwoord hoort bij gaan?", "zijn"),
    ]


def test_ankdown_cards_with_lists_in_their_answers_and_tags_as_a_third_side():
    """ankdown's own format: an answer's list of bold terms was taken for cards of its
    own, which turned the page's % reading off (2 cards of 12); "% tags" was text."""
    deck = parse_text(
        "What is the difference between rough and smooth ER?\n\n%\n\n"
        "- **Rough ER** has ribosomes.\n- **Smooth ER** makes lipids.\n\n---\n\n"
        "What digests worn-out organelles?\n\n%\n\nLysosomes.\n\n%\n\norganelles cells\n\n---\n\n"
        "What is osmosis?\n\n%\n\nThe diffusion of water.\n"
    )
    assert [(c.question, c.answer, c.tags[1:]) for c in deck.cards] == [
        ("What is the difference between rough and smooth ER?",
         "- **Rough ER** has ribosomes.\n- **Smooth ER** makes lipids.", ()),
        ("What digests worn-out organelles?", "Lysosomes.", ("organelles", "cells")),
        ("What is osmosis?", "The diffusion of water.", ()),
    ]  # fmt: skip
    assert not [p for p in deck.warnings if p.severity == "warning"]


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # a legend of bold symbols is no label closing mid-line
        ("Q: What is the ideal gas law?\nA: PV = nRT\n**P: pressure** in Pa, **V: volume** in m³\n"
         "**R: 8.314 J/(mol·K)**, the gas constant\n",
         [("What is the ideal gas law?", "PV = nRT\n**P: pressure** in Pa, **V: volume** in m³"
           "\n**R: 8.314 J/(mol·K)**, the gas constant")]),
        # "Statement 1:" lines inside an answer explain it
        ("Q: What are the parts of a for loop header?\nA: Three statements:\n"
         "Statement 1: runs once\nStatement 2: the condition\n",
         [("What are the parts of a for loop header?",
           "Three statements:\nStatement 1: runs once\nStatement 2: the condition")]),
        # the line to learn, below "then say:", is no closing remark
        ("Q: How do you end a support chat?\nA: Sum up the fix, then say:\n"
         "Let me know if there's anything else I can help you with!\n",
         [("How do you end a support chat?", "Sum up the fix, then say:\n"
           "Let me know if there's anything else I can help you with!")]),
        # a real FAQ question that starts like a closing section
        ("## Can't find your confirmation email?\n\nCheck your spam folder.\n\n"
         "## How long does shipping take?\n\n3–5 days.\n",
         [("Can't find your confirmation email?", "Check your spam folder."),
          ("How long does shipping take?", "3–5 days.")]),
        # START and END in a flowchart's code
        ("Q: Write the flowchart of max(a, b).\nA:\n```\nSTART\nINPUT a, b\nEND\n```\n",
         [("Write the flowchart of max(a, b).", "```\nSTART\nINPUT a, b\nEND\n```")]),
        # a course's header, not terms
        ("**Instructor**: Dr. Okafor\n**Semester**: Fall 2024\n\nQ: What is a cell?\nA: A unit.\n",
         [("What is a cell?", "A unit.")]),
        # one word's two meanings, each its own card
        ("- **bank**: a business that keeps and lends money\n  - I opened an account.\n"
         "- **bank**: the land along the side of a river\n  - We sat on the bank.\n",
         [("bank", "a business that keeps and lends money\n- I opened an account."),
          ("bank", "the land along the side of a river\n- We sat on the bank.")]),
    ],
)  # fmt: skip
def test_text_near_the_newer_rules_reads_as_before(page, cards):
    """Pages a review wrote at the edges of the newer rules, each read right before them."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_tables_that_compare_languages_and_srs_title_cards():
    table = parse_text(
        "Q: Which word order does German use in main clauses?\nA: V2.\n\n"
        "| Feature | English | German |\n|---|---|---|\n| Word order | SVO | V2 |\n| Cases | 2 | 4 |\n"
    )
    assert [c.question for c in table.cards] == [
        "Which word order does German use in main clauses?"
    ]
    sr = parse_text("Title::the legal right to own a property\nEasement::a right to use land\n")
    assert sr.name == "<text>"
    assert [c.question for c in sr.cards] == ["Title", "Easement"]


def test_repository_decks_footers_inline_bold_labels_and_nested_reveals():
    footer = parse_text(
        "# Git\n\n## How do you undo the last commit?\n\n`git reset --soft HEAD~1`\n\n"
        "## How do you list merged branches?\n\n`git branch --merged main`\n\n---\n\n"
        "MIT License © 2023 — made with mdanki in mind.\n"
    )
    assert [(c.question, c.answer) for c in footer.cards][-1] == (
        "How do you list merged branches?",
        "`git branch --merged main`",
    )
    inline = parse_text(
        "**Q.** What is opportunity cost? **A.** The next best alternative given up.\n\n"
        "**Q.** What does the law of demand say? **A.** Price up, quantity down.\n"
    )
    assert [(c.question, c.answer) for c in inline.cards] == [
        ("What is opportunity cost?", "The next best alternative given up."),
        ("What does the law of demand say?", "Price up, quantity down."),
    ]
    nested = parse_text(
        "1. **Qual a diferença entre JDK e JRE?**\n\n   <details><summary>Resposta</summary>\n\n"
        "   O JDK traz o compilador.\n\n   </details>\n\n   **[⬆ voltar ao topo](#índice)**\n\n"
        "2. **O que é a JVM?**\n\n   <details><summary>Resposta</summary>\n\n"
        "   A máquina virtual.\n\n   </details>\n"
    )
    assert [(c.question, c.answer) for c in nested.cards] == [
        ("Qual a diferença entre JDK e JRE?", "O JDK traz o compilador."),
        ("O que é a JVM?", "A máquina virtual."),
    ]
    last = parse_text(
        "### 1. What does DNS do?\n\nNames to addresses.\n\n### 2. What happens on a URL?\n\n"
        "1. DNS\n2. TCP\n\n**[⬆ back to top](#contents)**\n\n---\n\nContributions welcome!\n"
    )
    assert last.cards[-1].answer == "1. DNS\n2. TCP"
    unanswered = parse_text(
        "### 1. What is debouncing?\n\nWaiting until calls stop.\n\n"
        "### 2. What is throttling?\n\n**[⬆ back to top](#contents)**\n"
    )
    assert [c.question for c in unanswered.cards] == ["1. What is debouncing?"]
    assert [p.pos.line for p in unanswered.warnings] == [5]


def test_phrases_ending_in_a_question_mark_among_vocabulary_and_other_tools_front_matter():
    deck = parse_text(
        "---\ntitle: Español A1\nauthor: Ana\n---\n# Expresiones\n\n"
        "¿Qué tal? = How are you?\nMucho gusto = Nice to meet you\n"
        "¿Cuánto cuesta? = How much is it?\nNo pasa nada = No problem\n"
    )
    assert [c.question for c in deck.cards] == [
        "¿Qué tal?",
        "Mucho gusto",
        "¿Cuánto cuesta?",
        "No pasa nada",
    ]
    assert deck.warnings == ()


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # a glossary of law: "## Licence" and "## Disclaimer" are terms, not a footer
        ("# IP terms\n\n## Patent\n\nA monopoly for an invention.\n\n## Licence\n\nPermission to "
         "use a right.\n\n## Disclaimer\n\nA statement that limits liability.\n",
         [("Patent", "A monopoly for an invention."), ("Licence", "Permission to use a right."),
          ("Disclaimer", "A statement that limits liability.")]),
        # answers that start like a footer
        ("Q: What does copyright protect?\nA: Expression, not ideas.\n\nCopyright law protects "
         "the telling, not the plot.\n\nQ: What is focaccia?\nA: A flat bread.\nMade with flour, "
         "water and olive oil.\n\nGood luck!\n",
         [("What does copyright protect?",
           "Expression, not ideas.\n\nCopyright law protects the telling, not the plot."),
          ("What is focaccia?", "A flat bread.\nMade with flour, water and olive oil.")]),
        # tables under "## Summary" and "## Notes" are definitions to learn
        ("# Drugs\n\n## Summary\n\n| Term | Definition |\n|---|---|\n| Preload | Filling |\n"
         "| Afterload | Resistance |\n",
         [("Preload", "Filling"), ("Afterload", "Resistance")]),
        # "%" lines inside code are no ankdown page
        ("| Term | Definition |\n|---|---|\n| help | shows help text |\n| doc | opens docs |\n\n"
         "```matlab\nfunction y = f(x)\n%\n% F doubles x.\n%\ny = 2 * x;\n```\n",
         [("help", "shows help text"), ("doc", "opens docs")]),
        # a table that numbers its rows answers by them
        ("| Number | German |\n|---|---|\n| 1 | eins |\n| 2 | zwei |\n",
         [("1", "eins"), ("2", "zwei")]),
        # "Clase C:" and "Units:" name what they ask about, not a lecture
        ("## Clase A: ¿qué rango tiene?\n\nDe 1 a 126.\n\n## Clase C: ¿qué máscara tiene?\n\n"
         "255.255.255.0\n\n## Units: what is one newton?\n\nOne kg·m/s².\n",
         [("Clase A: ¿qué rango tiene?", "De 1 a 126."),
          ("Clase C: ¿qué máscara tiene?", "255.255.255.0"),
          ("Units: what is one newton?", "One kg·m/s².")]),
        # Dataview's field above the cards
        ("Tags:: #biology #cells\n\nCell::the unit of life\nNucleus::holds the DNA\n",
         [("Cell", "the unit of life"), ("Nucleus", "holds the DNA")]),
        # an answer that is a link into the page
        ("Q: Which test compares two independent means?\nA: [t-test](#t-tests)\n\n"
         "Q: What does a p-value measure?\nA: How surprising the data are.\n",
         [("Which test compares two independent means?", "[t-test](#t-tests)"),
          ("What does a p-value measure?", "How surprising the data are.")]),
        # a bold answer label, then its explanation
        ("**Q:** Which is a vector?\nA) mass\nB) velocity\n**Answer: B** because it has a "
         "direction.\n",
         [("Which is a vector?\nA) mass\nB) velocity", "**B** because it has a direction.")]),
    ],
)  # fmt: skip
def test_text_near_the_newest_rules_reads_as_before(page, cards):
    """A second review's pages at the edges of this session's later rules."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_a_section_heading_named_like_a_footer_keeps_its_sub_deck_and_front_matter_title():
    deck = parse_text(
        "# Endocrine system\n\n## Feedback\n\nQ: What does negative feedback do?\n"
        "A: It damps a change.\n\nQ: And positive feedback?\nA: It amplifies one.\n\n"
        "## Hormones\n\nQ: What does insulin do?\nA: Lowers glucose.\n\n"
        "Q: What does glucagon do?\nA: Raises it.\n"
    )
    assert deck.name == "Endocrine system"
    assert [c.section for c in deck.cards] == ["Feedback", "Feedback", "Hormones", "Hormones"]
    titled = parse_text("---\ntitle: Renal physiology\n---\nQ: What filters?\nA: The glomerulus.\n")
    assert (titled.name, titled.warnings) == ("Renal physiology", ())


def test_arrows_typed_bullets_and_spoilers_as_chat_apps_and_notes_write_them():
    arrows = parse_text(
        "## Python built-ins → what they do\n\nlen() → returns the number of items\n"
        "zip() -> pairs up items\nsorted() → returns a new sorted list\n"
    )
    assert [(c.question, c.answer) for c in arrows.cards] == [
        ("len()", "returns the number of items"),
        ("zip()", "pairs up items"),
        ("sorted()", "returns a new sorted list"),
    ]
    steps = parse_text(
        "### Describe the TCP handshake.\n\n1. Client → server: SYN\n2. Server → client: SYN-ACK\n"
    )
    assert [c.question for c in steps.cards] == ["Describe the TCP handshake."]
    bullets = parse_text("Chem\n\n• Mole – 6.022 × 10²³ particles\n• Isotope – same element\n")
    assert [c.question for c in bullets.cards] == ["Mole", "Isotope"]
    spoilers = parse_text(
        "1. What is the capital of Australia? ||Canberra||\n2. Which river flows through "
        "Budapest? ||The Danube||\n"
    )
    assert [(c.question, c.answer) for c in spoilers.cards] == [
        ("What is the capital of Australia?", "Canberra"),
        ("Which river flows through Budapest?", "The Danube"),
    ]


def test_a_page_of_one_question_and_remnote_sub_topics():
    one = parse_text(
        "What is the overall equation for photosynthesis?\n\n6CO₂ + 6H₂O → C₆H₁₂O₆ + 6O₂\n"
    )
    assert [(c.question, c.answer) for c in one.cards] == [
        ("What is the overall equation for photosynthesis?", "6CO₂ + 6H₂O → C₆H₁₂O₆ + 6O₂")
    ]
    remnote = parse_text(
        "- Immunology\n    - Innate immunity >> the first line of defense\n"
        "    - Complement system\n        - What does C3b do? >> opsonization\n"
        "        - What does the MAC do? >> lyses cells\n    - IgA <> the mucosal antibody\n"
    )
    assert [c.question for c in remnote.cards] == [
        "Innate immunity",
        "What does C3b do?",
        "What does the MAC do?",
        "IgA",
    ]
    assert remnote.warnings == ()


def test_cards_in_the_inline_html_notes_apps_export():
    """Evernote's export: a card in a "<div>", a question in a coloured "<span>" (the
    span hid its label: an 'answer label without a question' error, and no card at all)."""
    deck = parse_text(
        "# Spanish\n\n<div>\nQ: What is the preterite yo form of <b>tener</b>?\nA: tuve\n</div>\n\n"
        "<div>\nQ: And of estar?\nA: estuve\n</div>\n\n"
        '<span style="color:rgb(255, 0, 0);">Q: And of poder?</span>\nA: pude\n'
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("What is the preterite yo form of <b>tener</b>?", "tuve"),
        ("And of estar?", "estuve"),
        ("And of poder?", "pude"),
    ]
    assert deck.warnings == ()


def test_a_set_copied_from_quizlets_page_a_term_over_its_definition():
    deck = parse_text(
        "# Biology Unit 3\n\nphotosynthesis\nprocess by which plants make glucose\n\n"
        "chlorophyll\ngreen pigment that absorbs light\n\nstomata\npores for gas exchange\n"
    )
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("photosynthesis", "process by which plants make glucose"),
        ("chlorophyll", "green pigment that absorbs light"),
        ("stomata", "pores for gas exchange"),
    ]
    with pytest.raises(ParseError):  # two lines of prose each are no set
        parse_text("The cell divides.\nThen it grows.\n\nIt rests.\nIt dies.\n\nNo.\nYes.\n")


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # arrows in reactions, logic and steps are no vocabulary
        ("## Combustion\n\nCH₄ + 2O₂ → CO₂ + 2H₂O\nC₃H₈ + 5O₂ → 3CO₂ + 4H₂O\n\n"
         "## Neutralisation\n\nAn acid and a base give a salt and water.\n",
         [("Combustion", "CH₄ + 2O₂ → CO₂ + 2H₂O\nC₃H₈ + 5O₂ → 3CO₂ + 4H₂O"),
          ("Neutralisation", "An acid and a base give a salt and water.")]),
        ("## Order lifecycle\n\nPending → Paid: payment captured\nPaid → Shipped: label printed\n\n"
         "## Saga\n\nA chain of local transactions.\n",
         [("Order lifecycle", "Pending → Paid: payment captured\nPaid → Shipped: label printed"),
          ("Saga", "A chain of local transactions.")]),
        # norms are no spoilers
        ("## Norms\n\n- Unit vector: x / ||x||\n- Cauchy–Schwarz: |x·y| ≤ ||x|| ||y||\n\n"
         "## Rank\n\nThe dimension of the column space.\n",
         [("Norms", "- Unit vector: x / ||x||\n- Cauchy–Schwarz: |x·y| ≤ ||x|| ||y||"),
          ("Rank", "The dimension of the column space.")]),
        # LaTeX's "\\\\" and an answer that is a backslash
        ("Q: What is the 2×2 identity?\nA: $\\begin{pmatrix} 1 & 0 \\\\\n0 & 1 \\end{pmatrix}$\n\n"
         "Q: Which character continues a Python line?\nA: \\\n",
         [("What is the 2×2 identity?", "$\\begin{pmatrix} 1 & 0 \\\\\n0 & 1 \\end{pmatrix}$"),
          ("Which character continues a Python line?", "\\")]),
        # a licence header in code, part (c) of an answer, licences in a list
        ("Q: What goes at the top of a source file?\nA: A header:\n\n```python\n"
         "# Copyright 2024 Example Corp\n```\n\nQ: Name two permissive licences.\nA: Two:\n\n"
         "- MIT License\n- Apache 2.0 License\n",
         [("What goes at the top of a source file?",
           "A header:\n\n```python\n# Copyright 2024 Example Corp\n```"),
          ("Name two permissive licences.", "Two:\n\n- MIT License\n- Apache 2.0 License")]),
        # "## Index" over the kinds of database index
        ("## Index\n\n| Type | Best for |\n|---|---|\n| B-tree | ranges |\n| Hash | equality |\n",
         [("B-tree", "ranges"), ("Hash", "equality")]),
        # "Card 1" answers, no title
        ("Q: Which position is the present?\nA:\nCard 1\n\nQ: Which is the past?\nA:\nCard 2\n",
         [("Which position is the present?", "Card 1"), ("Which is the past?", "Card 2")]),
        # a course header in bold is no "Term:" label
        ("**Term: Fall 2025** · Dr. Ruiz · Tue/Thu 10:00\n\nQ: What is GDP?\nA: Output.\n\n"
         "Q: What is CPI?\nA: Prices.\n", [("What is GDP?", "Output."), ("What is CPI?", "Prices.")]),
        # "## Feedback" is a control theory topic after question headings
        ("## What is a plant?\n\nThe system controlled.\n\n## What is a sensor?\n\nIt measures.\n\n"
         "## Feedback\n\nThe output fed back to the input.\n",
         [("What is a plant?", "The system controlled."), ("What is a sensor?", "It measures."),
          ("Feedback", "The output fed back to the input.")]),
    ],
)  # fmt: skip
def test_text_near_the_latest_rules_reads_as_before(page, cards):
    """A third review's pages at the edges of this session's latest rules."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_prose_that_asks_once_is_no_card():
    for page in (
        "Have you ever crammed for an exam and forgotten it all a week later?\n\n"
        "Spaced repetition fixes that.\n\nHere is how it works, step by step.\n",
        "Happy to help you make flashcards! Which chapter should they cover?\n\n"
        "Once you tell me, I'll write about 20 cards.\n",
    ):
        with pytest.raises(ParseError):
            parse_text(page)


@pytest.mark.parametrize(
    ("page", "cards"),
    [
        # a bold question and its answer after it on the line
        ("**Q: What is 7 × 8?** 56\n\n**Q: Area of a circle?** πr²\n",
         [("Q: What is 7 × 8?", "56"), ("Q: Area of a circle?", "πr²")]),
        # a backslash that ends an answer is text: a path, a shell's line continuation
        ("Q: Where are user folders on Windows?\nA: C:\\Users\\\n\n"
         "Q: How do you run nginx on port 8080?\nA: docker run -d \\\n   -p 8080:80 nginx\n",
         [("Where are user folders on Windows?", "C:\\Users\\"),
          ("How do you run nginx on port 8080?", "docker run -d \\\n   -p 8080:80 nginx")]),
        # one word across an arrow, among words
        ("# Japanese\n\nneko → cat\ninu → dog\nsakana → fish\n",
         [("neko", "cat"), ("inu", "dog"), ("sakana", "fish")]),
    ],
)  # fmt: skip
def test_text_near_the_last_rules_reads_as_before(page, cards):
    """A fourth review's pages at the edges of this session's last rules."""
    assert [(c.question, c.answer) for c in parse_text(page).cards] == cards


def test_a_dialogue_in_a_div_and_a_poem_are_no_cards():
    deck = parse_text(
        '<div class="dialogue">\nA: Hi, how was your weekend?\nB: Great, I went hiking.\n</div>\n\n'
        "Q: Where did speaker B go?\nA: Hiking.\n"
    )
    assert [c.question for c in deck.cards] == ["Where did speaker B go?"]
    with pytest.raises(ParseError):
        parse_text(
            "# Lines\n\nThe woods are lovely\ndark and deep\n\nBut I have promises\nto keep\n\n"
            "And miles to go\nbefore I sleep\n"
        )


def test_obsidian_sr_highlight_clozes_on_a_page_tagged_flashcards():
    """Obsidian Spaced Repetition hides each ==highlight== of a paragraph, on a note
    tagged #flashcards; before, such paragraphs were text in no card (with a warning)."""
    page = (
        "#flashcards/biologie\n\n# Zelle\n\nWas ist ein Ribosom?::Die Proteinfabrik der Zelle.\n"
        "Was ist ein Lysosom?::Das Verdauungsorganell.\n\n"
        "Die ==Mitochondrien== liefern ATP, das ==endoplasmatische Retikulum== faltet Proteine.\n"
        "<!--SR:!2026-03-01,4,250-->\n\n"
        "In Python prüft `a == b` Gleichheit.\n"
    )
    deck = parse_text(page, "zelle.md")
    assert [c.question for c in deck.cards] == [
        "Was ist ein Ribosom?",
        "Was ist ein Lysosom?",
        "Die {{c1::Mitochondrien}} liefern ATP, das {{c2::endoplasmatische Retikulum}} faltet "
        "Proteine.",
    ]
    assert deck.cards[2].is_cloze
    # Without the tag, a highlight is only a highlight.
    plain = parse_text(page.replace("#flashcards/biologie", "#biologie"), "zelle.md")
    assert [c.question for c in plain.cards] == ["Was ist ein Ribosom?", "Was ist ein Lysosom?"]


def test_obsidian_cards_in_a_fence_that_names_no_language_are_cards():
    """A blog post: "copy this block into a note" over a bare fence of ``key:::meaning``
    lines. Before, the heading above became one card holding the whole block."""
    page = (
        "# My Vim flashcards\n\nCopy the block below into a note, then review it with the "
        "plugin.\n\n```\n#flashcards/vim\n`dd`:::delete the line\n`yy`:::copy the line\n"
        "`p`::: paste after the cursor\n```\n\n"
        "# And some C++\n\n```\nstd::vector<int> v;\nstd::sort(v.begin(), v.end());\n"
        "auto n = std::size(v);\n```\n"
    )
    deck = parse_text(page, "vim.md")
    assert [(c.question, c.answer, c.reverse) for c in deck.cards] == [
        ("`dd`", "delete the line", True),
        ("`yy`", "copy the line", True),
        ("`p`", "paste after the cursor", True),
    ]


def test_a_flashcard_item_whose_sub_items_are_labelled_front_and_back():
    """ "- **Flashcard 1:**" over "- *Front:* ..." and "- *Back:* ..." (labels in italics,
    as a chat assistant writes them): before, the card asked "Flashcard 1" and both
    sides were its answer."""
    page = (
        "## Flashcards\n\n- **Flashcard 1:**\n  - *Anverso:* ¿Qué es un monomio?\n"
        "  - *Reverso:* Una expresión de un solo término.\n"
        "- **Flashcard 2:**\n  - *Front:* What is a binomial?\n  - *Back:* A sum of two terms,\n"
        "    such as $x + 1$.\n"
    )
    deck = parse_text(page, "p.md")
    assert [(c.title, c.question, c.answer) for c in deck.cards] == [
        ("Flashcard 1", "¿Qué es un monomio?", "Una expresión de un solo término."),
        ("Flashcard 2", "What is a binomial?", "A sum of two terms,\nsuch as $x + 1$."),
    ]

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import DATA, ROOT, note_deck
from deckgen import parse_text
from deckgen.identity import duplicate_problems


def guids(text: str, deck_name: str = "Deck") -> tuple[str, ...]:
    return note_deck(parse_text(text, deck_name=deck_name)).guids


def test_guid_depends_on_deck_and_question_not_on_the_answer():
    first = guids("### C\nQ: What is **X**?\nA: one\n")
    assert guids("### C\nQ:   What is   X?\nA: two, edited\n") == first  # markup, spaces
    assert guids("### C\nQ: What is Y?\nA: one\n") != first
    assert guids("### C\nQ: What is X?\nA: one\n", deck_name="Other") != first


def test_guid_ignores_unicode_normalisation_form():
    composed = guids("### C\nQ: caf\u00e9?\nA: x\n")
    decomposed = guids("### C\nQ: cafe\u0301?\nA: x\n")
    assert composed == decomposed


def test_explicit_id_wins_over_question_and_deck():
    first = guids("### C\n<!-- id: alembic-init -->\nQ: How to init?\nA: x\n")
    edited = guids("### C\n<!-- id: alembic-init -->\nQ: How do you initialise?\nA: y\n", "New")
    inline = guids("### C\nQ: Anything? <!-- id: alembic-init -->\nA: y\n")
    assert first == edited == inline
    assert guids("### C\nQ: How to init?\nA: x\n") != first


def test_duplicate_questions_warn_and_still_get_distinct_guids():
    deck = note_deck(parse_text("# D\n\n### 1\nQ: Same?\nA: a\n\n### 2\nQ: Same?\nA: b\n", "d.md"))
    assert [str(w) for w in duplicate_problems([deck])] == [
        "d.md:8: warning: same question as the card at line 4; both are kept, but give each "
        "its own id (<!-- id: ... -->) so edits update the right note"
    ]
    first, second = deck.guids
    assert first != second
    assert first == guids("# D\n\n### 1\nQ: Same?\nA: a\n", deck_name="D")[0]


def test_duplicate_ids_warn():
    deck = note_deck(
        parse_text(
            "### 1\n<!-- id: x -->\nQ: a?\nA: a\n\n### 2\n<!-- id: x -->\nQ: b?\nA: b\n", "d.md"
        )
    )
    warnings = duplicate_problems([deck])
    assert [w.message.split(";")[0] for w in warnings] == ["same id 'x' as the card at line 3"]


def test_guids_and_deck_ids_never_change_between_versions():
    """Learners' collections hold these: a changed GUID would duplicate every note."""
    from deckgen.identity import deck_id

    text = (
        "### C\nQ: What is X?\nA: one\n\n### D\nQ: 한국어 질문?\nA: x\n\n"
        "### E\nQ: What is X?\nA: again\n\n### F\n<!-- id: alembic-init -->\nQ: How?\nA: y\n"
    )
    assert list(guids(text)) == ["E=P`Ek,gY3", "pV9FRff(P{", "Re<RP/>3;t", "DMO4$]%l@1"]
    assert deck_id("Deck") == 4582340313719923951


@given(st.integers(min_value=0, max_value=2**64 - 1))
@example(0)
@example(91)
@example(91 * 91)
def test_base91_writes_digits_of_the_number(number):
    from deckgen.identity import _BASE91, _base91

    text = _base91(number)
    assert text == _BASE91[0] or text[0] != _BASE91[0]  # no leading zero digit
    assert sum(_BASE91.index(c) * 91**i for i, c in enumerate(reversed(text))) == number


PINNED = json.loads((DATA / "identity" / "guids.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", sorted(PINNED))
def test_every_sample_card_keeps_its_pinned_guid(page):
    """Every card of the sample pages, questions with code, lists, math, links, tables,
    HTML, cloze and Korean included: learners' notes update only while these hold."""
    deck = note_deck(ROOT / page)
    pinned = PINNED[page]
    assert deck.name == pinned["deck"]
    assert list(deck.guids) == [guid for guid, _ in pinned["cards"]]


def test_pinned_guids_do_not_follow_the_quizlet_text(monkeypatch):
    """The TSV's one-line text may change (here: how blocks and code lines are joined);
    the GUIDs may not."""
    page = "tests/data/identity/questions.md"
    before = note_deck(ROOT / page)
    monkeypatch.setattr("deckgen.render.text.BLOCK_BREAK", " | ")
    monkeypatch.setattr("deckgen.render.text.CODE_LINE_BREAK", " ; ")
    after = note_deck(ROOT / page)
    assert [n.question_text for n in after.notes] != [n.question_text for n in before.notes]
    assert list(after.guids) == [guid for guid, _ in PINNED[page]["cards"]]

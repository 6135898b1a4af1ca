"""What we write, imported into Anki's own backend in a temp collection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anki_backend import collection, import_apkg, import_csv, notes
from conftest import note_deck
from deckgen import parse_file
from deckgen.anki.notetypes import BASIC_MODEL_ID, BASIC_MODEL_NAME, sources_section
from deckgen.export import export

DECK = "플래시 카드 세트: SQLAlchemy & Alembic 마이그레이션"


@pytest.fixture
def built(sample_page, tmp_path) -> dict[str, Path]:
    deck = parse_file(sample_page)
    return {
        fmt: export([note_deck(deck)], fmt, tmp_path / f"sample.{fmt}") for fmt in ("apkg", "csv")
    }


def test_apkg_imports_15_notes_into_the_named_deck(built, tmp_path):
    with collection(tmp_path / "col.anki2") as col:
        assert import_apkg(col, built["apkg"]) == {
            "new": 15, "updated": 0, "duplicate": 0, "conflicting": 0,
        }  # fmt: skip
        imported = notes(col)
        assert len(imported) == 15
        note_type = imported[0].note_type()
        assert note_type["id"] == BASIC_MODEL_ID
        assert note_type["name"] == BASIC_MODEL_NAME
        assert [f["name"] for f in note_type["flds"]] == [
            "Question",
            "Answer",
            "Sources",
            "Reverse",
        ]
        decks = {col.decks.name(card.did) for note in imported for card in note.cards()}
        assert decks == {DECK}


def test_apkg_fields_and_rendered_cards(built, tmp_path):
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, built["apkg"])
        by_question = {re.sub("<[^>]+>", "", n["Question"]): n for n in notes(col)}
        first = by_question[
            "SQLAlchemy에서 모델 클래스를 수정하면 데이터베이스 테이블이 자동으로 변경되나요?"
        ]
        card = first.cards()[0]
        front, back = card.question(), card.answer()
        assert "<code>Base.metadata.create_all()</code>" in back
        assert '<sup class="citation">[1]</sup><sup class="citation">[2]</sup>' in back
        assert "Sources" in back
        assert '<a href="https://dev.to/surajbhattarai/' in back
        assert "kubeblogs.com" in back
        assert "Sources" not in front
        assert "pre.highlight" in front  # the note type's CSS travels with the card

        install = by_question["Alembic을 프로젝트에 설치하고 초기화하는 명령어는?"]
        back = install.cards()[0].answer()
        assert '<pre class="highlight"><code class="language-bash">' in back
        assert '<span class="c1"># 설치</span>' in back  # pygments highlighted the comment
        assert '<div class="sources">' not in back  # no sources cited: no sources box


def test_apkg_korean_url_in_sources(built, tmp_path):
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, built["apkg"])
        sources = " ".join(n["Sources"] for n in notes(col))
        assert (
            "https://develop-davi-kr.tistory.com/entry/파이썬-각종-db-연결sqlalchemy-pymysql"
            in sources
        )


def test_editing_an_answer_updates_the_note_instead_of_adding_one(sample_page, tmp_path):
    package = tmp_path / "out" / "deck.apkg"
    page = tmp_path / "page.md"
    text = sample_page.read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    export([note_deck(parse_file(page))], "apkg", package)
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, package)
        page.write_text(text.replace("아니요.", "아니요, 절대로."), encoding="utf-8")
        export(
            [note_deck(parse_file(page))], "apkg", package
        )  # same folder: it reads the last build
        log = import_apkg(col, package)  # Anki's default options: update if newer
        assert log == {"new": 0, "updated": 1, "duplicate": 14, "conflicting": 0}
        assert len(notes(col)) == 15
        assert any("아니요, 절대로." in n["Answer"] for n in notes(col))


def test_csv_imports_15_notes_with_anki_text_importer(built, tmp_path):
    with collection(tmp_path / "col.anki2") as col:
        assert import_csv(col, built["csv"])["new"] == 15
        imported = notes(col)
        assert len(imported) == 15
        assert {col.decks.name(n.cards()[0].did) for n in imported} == {DECK}
        card = imported[0].cards()[0]
        assert "SQLAlchemy에서 모델 클래스를" in card.question()
        assert "<code>Base.metadata.create_all()</code>" in card.answer()
        assert "kubeblogs.com" in card.answer()  # sources ride on the Back field
        # Importing the same file again matches by GUID: nothing new.
        assert import_csv(col, built["csv"])["new"] == 0
        assert len(notes(col)) == 15


def test_csv_names_basic_even_when_the_dialog_last_used_cloze(sample_page, tmp_path):
    deck = note_deck(parse_file(sample_page))
    written = export([deck], "csv", tmp_path / "s.csv")
    # Anki's dialog preselects the "current" note type (config curModel) when the file
    # names none: the one last used to add notes, here Cloze.
    unnamed = tmp_path / "unnamed.csv"
    text = re.sub(r"(?m)^#notetype column:.*\n", "", written.read_text(encoding="utf-8"))
    unnamed.write_text(text, encoding="utf-8")

    def last_used_cloze(col) -> None:
        col.models.set_current(col.models.by_name("Cloze"))

    with collection(tmp_path / "unnamed.anki2") as col:
        last_used_cloze(col)
        import_csv(col, unnamed)
        note = notes(col)[0]  # the bad case, without the header line
        assert note.note_type()["name"] == "Cloze"
        assert note["Text"] in deck.guids

    with collection(tmp_path / "col.anki2") as col:
        last_used_cloze(col)
        assert import_csv(col, written)["new"] == 15
        imported = {note.guid: note for note in notes(col)}
        assert {n.note_type()["name"] for n in imported.values()} == {"Basic"}
        for note, guid in zip(deck.notes, deck.guids, strict=True):
            back = note.answer_html
            if note.citations:
                back += "\n" + sources_section(note.citations)
            assert imported[guid].keys() == ["Front", "Back"]
            assert imported[guid]["Front"] == note.question_html
            assert imported[guid]["Back"] == back

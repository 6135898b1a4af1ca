from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from conftest import note_deck
from deckgen import parse_file, parse_text
from deckgen.errors import OutputError
from deckgen.export import FORMATS, export

HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.fixture
def sample(sample_page):
    return parse_file(sample_page)


def test_tsv_is_one_line_per_card_with_exactly_one_tab_and_no_html(sample, tmp_path):
    path = export([note_deck(sample)], "tsv", tmp_path / "s.tsv")
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM: it would be pasted into the first term
    assert b"\r" not in data
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    rows = lines[:-1]
    assert len(rows) == 15
    for row in rows:
        assert row.count("\t") == 1
        assert not HTML_TAG.search(row), row
        term, definition = row.split("\t")
        assert term.strip() and definition.strip()
    assert rows[1] == (
        "Alembic을 프로젝트에 설치하고 초기화하는 명령어는?\t"
        "# 설치 ↵ pip install alembic ↵ # 또는 ↵ poetry add alembic ↵ # 초기화 ↵ alembic init alembic"
    )
    assert rows[11].endswith(
        "\t1. 데이터베이스 백업 2. 개발/테스트 환경에서 먼저 테스트 "
        "3. 생성된 마이그레이션 파일 검토 4. 팀원과 마이그레이션 파일 공유 (Git)"
    )


def test_tsv_folds_tabs_and_unicode_line_separators(tmp_path):
    deck = parse_text("### C\nQ: a\tb?\nA: one\u2028two\u0085three\n\n```\nx\ty\n```\n")
    row = export([note_deck(deck)], "tsv", tmp_path / "x.tsv").read_text(encoding="utf-8")
    assert row == "a b?\tone two three / x y\n"


def test_csv_header_lines_then_quoted_rows(sample, tmp_path):
    notes = note_deck(sample)
    text = export([notes], "csv", tmp_path / "s.csv").read_text(encoding="utf-8")
    header = text.split("\n")[:8]
    assert header == [
        "#separator:comma",
        "#html:true",
        "#columns:GUID,Front,Back,Sources,Tags,Deck,Notetype",
        "#guid column:1",
        "#tags column:5",
        "#deck column:6",
        "#notetype column:7",
        "#if matches:update current",
    ]
    body = text.split("\n", 8)[8]
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 15
    assert all(len(row) == 7 for row in rows)
    assert {row[5] for row in rows} == {sample.name}
    assert {row[6] for row in rows} == {"Basic"}
    assert {row[4] for row in rows} == {"source::perplexity_sqlalchemy.md"}
    assert tuple(row[0] for row in rows) == notes.guids
    assert all(line.startswith('"') for line in body.splitlines() if line.startswith(('"', "#")))
    first = rows[0]
    assert (
        first[1]
        == "<p>SQLAlchemy에서 모델 클래스를 수정하면 데이터베이스 테이블이 자동으로 변경되나요?</p>"
    )
    assert first[3].split("\n") == [
        "https://dev.to/surajbhattarai/mastering-sqlalchemy-migrations-a-comprehensive-guide-2fo0",
        "https://www.kubeblogs.com/build-databases-with-sqlalchemy-and-alembic/",
    ]


def test_apkg_is_a_compressed_zip_with_collection_and_media(sample, tmp_path):
    path = export([note_deck(sample)], "apkg", tmp_path / "s.apkg")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert archive.getinfo("collection.anki2").compress_type == zipfile.ZIP_DEFLATED
        assert archive.read("media") == b"{}"


def test_a_first_apkg_is_the_same_bytes_for_the_same_cards_and_time(sample, tmp_path):
    from deckgen.export import apkg

    notes = note_deck(sample)
    apkg.write([notes], tmp_path / "a.apkg", now=1_700_000_000)
    apkg.write([notes], tmp_path / "b.apkg", now=1_700_000_000)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()
    apkg.write([notes], tmp_path / "c.apkg", now=1_700_000_001)
    assert (tmp_path / "c.apkg").read_bytes() != (tmp_path / "a.apkg").read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temp(
    sample, tmp_path, fmt, monkeypatch
):
    from deckgen.export import exporter

    target = tmp_path / f"s.{fmt}"
    target.write_text("previous build")

    def explode(decks, path, previous):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporter(fmt), "write", explode)
    with pytest.raises(OutputError, match="No space left on device"):
        export([note_deck(sample)], fmt, target)
    assert target.read_text() == "previous build"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_output_folder_that_is_a_file(sample, tmp_path):
    (tmp_path / "out").write_text("I am a file")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        export([note_deck(sample)], "tsv", tmp_path / "out" / "s.tsv")


BEFORE = """\
# Deck

## Verbs

Q: one?
A: first

Q: two?
A: second #tag-a

Q: three?
A: third <!-- id: three -->

- The {{c2::second}} and the {{c1::first}} and {{c10::tenth}}.

## Nouns

Q: four?
A: fourth
"""

# Every way a note can change between builds: answer, tags, deck (same id), a note added mid-deck,
# one removed, the cloze's cards in genanki's order, and reversed notes (two cards).
AFTER = """\
# Deck

## Verbs

Q: one?
A: first, edited

Q: added?
A: new

Q: two?
A: second #tag-b

- The {{c2::second}} and the {{c1::first}} and {{c10::tenth}}.

## Nouns

Q: three?
A: third <!-- id: three -->

Q: four?
A: fourth
"""


@pytest.mark.parametrize(
    "after",
    [
        BEFORE,
        AFTER,
        BEFORE.replace("## Nouns", "## Names"),
        "---\nreverse: true\n---\n" + AFTER,
        BEFORE.replace("# Deck", "# Renamed"),  # every GUID new, every note's fields kept
        BEFORE.replace("id: three", "id: drei"),  # one note's GUID new
        "---\ntags: [extra]\n---\n" + BEFORE,  # every note's tags new, fields kept
    ],
)
def test_notes_copied_from_the_previous_package_make_the_package_a_full_write_makes(
    tmp_path, after
):
    """A rebuild copies notes whose fields are unchanged from the previous .apkg instead
    of giving them to genanki: the package must be byte for byte the one genanki makes
    of every note."""
    from deckgen.export import apkg

    apkg.write([note_deck(parse_text(BEFORE, "d.md"))], tmp_path / "old.apkg", now=1_700_000_000)
    notes = [note_deck(parse_text(after, "d.md"))]
    old = tmp_path / "old.apkg"
    reused = apkg.write(notes, tmp_path / "a.apkg", old, now=1_700_000_100)
    full = apkg.write(notes, tmp_path / "b.apkg", old, now=1_700_000_100, reuse_notes=False)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()
    assert reused == full


def test_a_note_whose_field_holds_the_field_separator_is_never_copied(tmp_path):
    """Two cloze notes whose fields differ only in where a U+001F stands join to one
    string: the second must not be copied as the first (it would get the first's cards)."""
    import dataclasses

    from deckgen.export import apkg

    def deck(name: str, *answers: tuple[str, str]):
        base = note_deck(
            parse_text(
                "# D\n\n"
                + "\n".join(
                    f"{i}. {{{{c1::a{i}}}}} and {{{{c2::b{i}}}}}" for i in range(len(answers))
                ),
                "d.md",
            )
        )
        notes = tuple(
            dataclasses.replace(note, question_html=q, answer_html=a)
            for note, (q, a) in zip(base.notes, answers, strict=True)
        )
        return dataclasses.replace(base, name=name, notes=notes)

    one = ("<div>{{c1::a}}</div>", "<div>{{c2::b}}</div>\x1f<div>z</div>")
    two = ("<div>{{c1::a}}</div>\x1f<div>{{c2::b}}</div>", "<div>z</div>")
    old = tmp_path / "old.apkg"
    apkg.write([deck("D", one, ("x", "y"))], old, now=1_700_000_000)
    notes = [deck("E", two, ("x", "y"))]
    reused = apkg.write(notes, tmp_path / "a.apkg", old, now=1_700_000_100)
    full = apkg.write(notes, tmp_path / "b.apkg", old, now=1_700_000_100, reuse_notes=False)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()
    assert reused == full


def test_a_package_of_other_note_types_is_not_copied_from(tmp_path, monkeypatch):
    """After an upgrade that changed the note types, no note is copied: their cards
    might differ now (a template added, say)."""
    import copy

    from deckgen.anki.notetypes import BASIC_MODEL_ID
    from deckgen.export import apkg

    apkg.write([note_deck(parse_text(BEFORE, "d.md"))], tmp_path / "old.apkg", now=1_700_000_000)
    models = copy.deepcopy(apkg._models())
    basic = models[BASIC_MODEL_ID]
    basic.templates.append({"name": "Third", "qfmt": "{{Answer}}", "afmt": "{{Question}}"})
    basic.__dict__.pop("_req", None)  # worked out from the templates, maybe already
    monkeypatch.setattr(apkg, "_models", lambda: models)
    notes = [note_deck(parse_text(AFTER, "d.md"))]
    old = tmp_path / "old.apkg"
    apkg.write(notes, tmp_path / "a.apkg", old, now=1_700_000_100)
    apkg.write(notes, tmp_path / "b.apkg", old, now=1_700_000_100, reuse_notes=False)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_a_previous_package_with_a_guid_twice_is_written_as_a_full_write_would(tmp_path):
    """An edited package may hold two notes of one GUID: neither is copied (copying both
    under one id would fail), and the package is the one a full write makes."""
    import sqlite3

    from deckgen.export import apkg

    old = tmp_path / "old.apkg"
    apkg.write([note_deck(parse_text(BEFORE, "d.md"))], old, now=1_700_000_000)
    with zipfile.ZipFile(old) as archive:
        archive.extractall(tmp_path / "x")
    db = sqlite3.connect(tmp_path / "x" / "collection.anki2")
    db.execute(
        "INSERT INTO notes SELECT id - 500, guid, mid, mod, usn, tags, flds, sfld, csum, "
        "flags, data FROM notes WHERE flds LIKE '%four?%'"
    )
    db.commit()
    db.close()
    with zipfile.ZipFile(old, "w") as archive:
        for name in ("collection.anki2", "media"):
            archive.write(tmp_path / "x" / name, name)
    notes = [note_deck(parse_text(BEFORE, "d.md"))]
    reused = apkg.write(notes, tmp_path / "a.apkg", old, now=1_700_000_100)
    full = apkg.write(notes, tmp_path / "b.apkg", old, now=1_700_000_100, reuse_notes=False)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()
    assert reused == full


def test_a_note_types_new_default_deck_does_not_make_genanki_write_every_note(
    tmp_path, monkeypatch
):
    """Renaming the last deck moves the note types' default deck: no card depends on it,
    so the unchanged notes are still copied, and genanki writes the package once."""
    import genanki

    from deckgen.export import apkg

    apkg.write([note_deck(parse_text(BEFORE, "d.md"))], tmp_path / "old.apkg", now=1_700_000_000)
    calls = []
    real = genanki.Package.write_to_db

    def counted(self, *args):
        calls.append(self)
        return real(self, *args)

    monkeypatch.setattr(genanki.Package, "write_to_db", counted)
    notes = [note_deck(parse_text(BEFORE.replace("## Nouns", "## Names"), "d.md"))]
    apkg.write(notes, tmp_path / "a.apkg", tmp_path / "old.apkg", now=1_700_000_100)
    assert len(calls) == 1

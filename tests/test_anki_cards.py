"""Cards that look right in Anki and keep their identity, checked in Anki's own backend."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import deckgen
from anki_backend import collection, import_apkg, import_csv, notes
from conftest import DATA, note_deck
from deckgen import parse_file
from deckgen.anki.notetypes import BASIC_MODEL_ID, CLOZE_MODEL_ID
from deckgen.export import export

GOLDEN = DATA / "golden"
UPDATE_GOLDEN = os.environ.get("DECKGEN_UPDATE_GOLDEN") == "1"


@pytest.fixture
def rich(tmp_path) -> Path:
    """A copy of the rich fixture (with its images) in a temp folder."""
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(DATA / "rich_cards.md", folder / "rich_cards.md")
    shutil.copytree(DATA / "img", folder / "img")
    shutil.copytree(DATA / "other", folder / "other")
    return folder / "rich_cards.md"


def build(page: Path, out: Path) -> Path:
    return export([note_deck(parse_file(page))], "apkg", out / f"{page.stem}.apkg")


def by_title(col, page: Path) -> dict:
    """Imported notes keyed by their card's heading in the markdown."""
    deck = note_deck(page)
    imported = {note.guid: note for note in notes(col)}
    return {
        note.card.title: imported[guid] for note, guid in zip(deck.notes, deck.guids, strict=True)
    }


def without_style(html: str) -> str:
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S).strip() + "\n"


# 1. Rebuilding unchanged input: the same bytes, nothing new in Anki.
def test_unchanged_rebuild_is_byte_identical_and_imports_nothing_new(rich, tmp_path):
    out = tmp_path / "output"
    first = build(rich, out).read_bytes()
    with collection(tmp_path / "col.anki2") as col:
        assert import_apkg(col, out / "rich_cards.apkg")["new"] == 6
        second = build(rich, out).read_bytes()
        assert second == first
        log = import_apkg(col, out / "rich_cards.apkg")
        assert log == {"new": 0, "updated": 0, "duplicate": 6, "conflicting": 0}
        assert len(notes(col)) == 6


# 2. An edited answer updates its note, with default options, and keeps its history.
def test_edited_answer_updates_in_place_and_keeps_review_history(rich, tmp_path):
    out = tmp_path / "output"
    build(rich, out)
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, out / "rich_cards.apkg")
        note = by_title(col, rich)["Table"]
        card = note.cards()[0]
        col.decks.select(card.did)
        col.sched.answerCard(_reviewable(col, card), 3)
        reviews_before = col.db.scalar("select count() from revlog where cid = ?", card.id)
        assert reviews_before == 1

        rich.write_text(
            rich.read_text(encoding="utf-8").replace("| POST   | **no**     |", "| POST | never |"),
            encoding="utf-8",
        )
        build(rich, out)  # same output folder: the previous package is the reference
        log = import_apkg(col, out / "rich_cards.apkg")  # Anki's defaults: update if newer
        assert log == {"new": 0, "updated": 1, "duplicate": 5, "conflicting": 0}
        updated = col.get_note(note.id)
        assert "never" in updated["Answer"]
        assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1
        assert col.get_card(card.id).reps == 1
        assert len(notes(col)) == 6


def _reviewable(col, card):
    fresh = col.get_card(card.id)
    fresh.start_timer()
    return fresh


def test_a_local_edit_in_anki_survives_a_rebuild_of_other_cards(rich, tmp_path):
    out = tmp_path / "output"
    build(rich, out)
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, out / "rich_cards.apkg")
        cards = by_title(col, rich)
        mine = cards["Math"]
        mine["Answer"] = mine["Answer"] + "<p>my own note</p>"
        col.update_note(mine)
        rich.write_text(
            rich.read_text(encoding="utf-8").replace("**A:** Hello", "**A:** Hello!"),
            encoding="utf-8",
        )
        build(rich, out)
        assert import_apkg(col, out / "rich_cards.apkg")["updated"] == 1
        assert "my own note" in col.get_note(mine.id)["Answer"]
        assert col.get_note(cards["Reversed"].id)["Answer"] == "<p>Hello!</p>"


# 3. What the learner sees.
def test_rendered_cards_have_code_sources_math_table_and_media(rich, tmp_path):
    build(rich, tmp_path / "output")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "output/rich_cards.apkg")
        cards = by_title(col, rich)
        code = cards["Code and sources"].cards()[0].answer()
        assert '<pre class="highlight"><code class="language-python">' in code
        assert '<span class="k">def</span>' in code
        assert "# $not math$ inside code" in code
        assert '<sup class="citation">[1]</sup>' in code
        assert (
            '<a href="https://docs.python.org/3/library/functions.html#sorted">Built-in functions</a>'
            in code
        )

        math = cards["Math"].cards()[0].answer()
        assert r"\(A = \pi r^2\)" in math
        assert r"\[A_1 + A_2 &lt; 2 \pi \max(r_1, r_2)^2\]" in math
        assert r"\(e^{i\pi} + 1 = 0\)" in math
        assert r"\[\sum_{k=1}^n k = \frac{n(n+1)}{2}\]" in math
        assert "A coffee costs $5, or $10 with cake." in math

        table = cards["Table"].cards()[0].answer()
        assert '<th style="text-align:center">Idempotent</th>' in table
        assert '<td style="text-align:center"><strong>no</strong></td>' in table

        images = cards["Images"].cards()[0].answer()
        names = re.findall(r'<img src="([^"]+)"', images)
        assert names[2] == "https://example.com/logo.png"  # remote: left as it is
        red, blue = names[:2]
        assert red != blue  # same file name, different content: no collision
        media_dir = Path(col.media.dir())
        assert (media_dir / red).read_bytes() == (DATA / "img/diagram.png").read_bytes()
        assert (media_dir / blue).read_bytes() == (DATA / "other/diagram.png").read_bytes()


def test_css_reads_well_in_night_mode(rich, tmp_path):
    build(rich, tmp_path / "output")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "output/rich_cards.apkg")
        css = notes(col)[0].note_type()["css"]
    assert ".card.nightMode .highlight .k" in css
    assert ".card.night_mode .highlight .k" in css
    assert ".nightMode .highlight .k" in css
    assert "var(--fg" in css
    assert "overflow-x: auto" in css


def test_cloze_reverse_and_tags(rich, tmp_path):
    build(rich, tmp_path / "output")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "output/rich_cards.apkg")
        cards = by_title(col, rich)
        cloze = cards["Cloze"]
        assert cloze.note_type()["id"] == CLOZE_MODEL_ID
        assert [c.ord for c in cloze.cards()] == [0, 1]
        front = cloze.cards()[0].question()
        assert "[...]" in front and "Paris" not in re.sub(r"<[^>]+>", "", without_style(front))
        assert "[city]" in cloze.cards()[1].question()
        assert "Both are capitals." in cloze.cards()[0].answer()

        reversed_note = cards["Reversed"]
        assert reversed_note.note_type()["id"] == BASIC_MODEL_ID
        assert len(reversed_note.cards()) == 2
        assert "Hello" in without_style(reversed_note.cards()[1].question())
        assert len(cards["Table"].cards()) == 1  # not reversed: one card

        assert sorted(reversed_note.tags) == ["french", "math", "python", "source::rich_cards.md"]
        assert "python-basics" in cards["Code and sources"].tags


def test_the_csv_carries_cloze_and_reversed_cards_as_anki_stock_note_types(rich, tmp_path):
    """Each row names its note type: before, every row was Basic, and a cloze arrived as
    a Basic note showing "{{c1::Paris}}" on its front, with no word at build time."""
    deck = note_deck(parse_file(rich))
    written = export([deck], "csv", tmp_path / "rich.csv")
    with collection(tmp_path / "col.anki2") as col:
        assert import_csv(col, written)["new"] == len(deck.notes)
        imported = {note.guid: note for note in notes(col)}
        cards = {n.card.title: imported[g] for n, g in zip(deck.notes, deck.guids, strict=True)}
        cloze = cards["Cloze"]
        assert cloze.note_type()["name"] == "Cloze"
        assert [c.ord for c in cloze.cards()] == [0, 1]
        assert "[...]" in cloze.cards()[0].question()
        assert "Both are capitals." in cloze["Back Extra"]
        assert cards["Reversed"].note_type()["name"] == "Basic (and reversed card)"
        assert len(cards["Reversed"].cards()) == 2
        assert cards["Table"].note_type()["name"] == "Basic"
        assert len(cards["Table"].cards()) == 1


def test_reverse_via_front_matter_for_the_whole_file(tmp_path):
    page = tmp_path / "vocab.md"
    page.write_text("---\nreverse: true\n---\n### 1\nQ: chat\nA: cat\n", encoding="utf-8")
    build(page, tmp_path / "output")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "output/vocab.apkg")
        (note,) = notes(col)
        assert len(note.cards()) == 2


# 4. Hostile input.
def test_hostile_html_never_reaches_anki(tmp_path):
    build(DATA / "hostile.md", tmp_path / "output")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "output/hostile.apkg")
        (note,) = notes(col)
        rendered = note.cards()[0].answer()
    fields = " ".join(note.fields)
    for html in (fields, without_style(rendered)):
        lowered = html.lower()
        for bad in ("<script", "onerror", "onclick", "onload", '="javascript:', "<iframe",
                    "<object", "<form", "<svg", "<style", '="data:'):  # fmt: skip
            assert bad not in lowered, bad
    assert "[link](javascript:alert(5))" in fields  # markdown refused the link: plain text
    assert "<b>bold stays</b>" in fields


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../outside.png", "image ../outside.png is outside the markdown file's folder"),
        ("/etc/hostname", "image /etc/hostname is an absolute path"),
        ("link.png", "image link.png is outside the markdown file's folder"),
    ],
)
def test_images_outside_the_folder_are_refused(tmp_path, reference, message):
    (tmp_path / "outside.png").write_bytes((DATA / "img/diagram.png").read_bytes())
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    page = folder / "cards.md"
    page.write_text(f"### C\n\nQ: Which?\n\nA: This:\n\n![x]({reference})\n", encoding="utf-8")
    report = deckgen.build([page], deckgen.Options(output_dir=tmp_path / "output"))
    (problem,) = report.problems
    assert str(problem).startswith(f"{page}:7: error: {message}")
    assert not report.decks and not report.written
    assert not (tmp_path / "output").exists()


def test_a_missing_image_is_a_warning_and_the_card_is_written_then_packaged_once_found(
    tmp_path,
):
    """Notes copied without their pictures: the cards are still worth studying. The
    warning names the line; the next build after the file appears packages it (a
    rendering made without the file is not kept in the cache)."""
    page = tmp_path / "cards.md"
    page.write_text(
        "Q: What does the diagram show?\nA: A cell.\n\n![cell](cell.png)\n\n"
        "Q: What is DNA?\nA: The code of life.\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    report = deckgen.build([page], deckgen.Options(output_dir=output))
    assert [str(p) for p in report.problems] == [
        f"{page}:4: warning: image not found: cell.png (looked in {tmp_path}); "
        "the card is written without it"
    ]
    assert report.card_count == 2
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, output / "cards.apkg")
        (note_id,) = col.find_notes('"Question:*diagram*"')
        assert '<img src="cell.png"' in col.get_note(note_id)["Answer"]
        assert col.media.have("cell.png") is False
    (tmp_path / "cell.png").write_bytes((DATA / "img/diagram.png").read_bytes())
    report = deckgen.build([page], deckgen.Options(output_dir=output))
    assert report.problems == ()
    assert (report.changes.added, len(report.changes.changed)) == ((), 1)
    with collection(tmp_path / "col2.anki2") as col:
        import_apkg(col, output / "cards.apkg")
        (note_id,) = col.find_notes('"Question:*diagram*"')
        assert '<img src="cell-' in col.get_note(note_id)["Answer"]


# Golden files: the HTML Anki renders for representative cards (CSS left out).
@pytest.mark.parametrize("title", ["Code and sources", "Math", "Table", "Cloze"])
def test_rendered_html_matches_golden_file(rich, tmp_path, title):
    build(rich, tmp_path / "output")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "output/rich_cards.apkg")
        card = by_title(col, rich)[title].cards()[0]
        rendered = without_style(card.answer())
    golden = GOLDEN / (title.lower().replace(" ", "_") + ".html")
    if UPDATE_GOLDEN:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")

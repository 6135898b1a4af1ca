"""Real-looking pages of every shape (tests/data/pages, counted by hand): every card a
person sees is a card, with the question a person would read, in the right deck."""

from __future__ import annotations

import json
import re

import pytest

from anki_backend import collection, import_apkg, notes
from conftest import DATA
from deckgen import Options, build, check

PAGES = DATA / "pages"
# Two corpora, each counted by hand: pages/ written with the shapes of the issue in
# mind, heldout/ written later without looking at the parser.
CORPORA = {folder: json.loads((DATA / folder / "expected.json").read_text(encoding="utf-8"))
           for folder in ("pages", "heldout")}  # fmt: skip
CASES = sorted((folder, name) for folder, pages in CORPORA.items() for name in pages)


def question(note) -> str:
    """A note's question as the manifest writes it: plain text, clozes answered, 30 chars."""
    text = re.sub(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", r"\1", note.identity)
    return " ".join(text.split())[:30].rstrip()


@pytest.mark.parametrize(("folder", "name"), CASES, ids=[f"{f}/{n}" for f, n in CASES])
def test_every_card_on_the_page_becomes_a_card(folder, name):
    expected = CORPORA[folder][name]
    report = check([DATA / folder / name])
    assert not report.errors, [str(p) for p in report.errors]
    (deck,) = report.decks
    got = [question(note) for note in deck.notes]
    assert len(got) == expected["cards"]
    wanted = [" ".join(q.split())[:30].rstrip() for q in expected["questions"]]
    assert [g[: len(w)] for g, w in zip(got, wanted, strict=True)] == wanted
    assert deck.name == (expected["deck"] or name.removesuffix(".md"))
    sections = [s for note in deck.notes for s in note.card.section.split("::") if s]
    assert list(dict.fromkeys(sections)) == expected["sections"]


def test_sections_become_sub_decks_in_anki(tmp_path):
    page = PAGES / "table_vocab_es.md"
    report = build([page], Options(output_dir=tmp_path / "out", formats=("apkg", "csv")))
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "out/table_vocab_es.apkg")
        decks = {col.decks.name(n.cards()[0].did) for n in notes(col)}
    title = "Vocabulario – Unidad 3: Comer fuera"
    assert decks == {
        f"{title}::La comida",
        f"{title}::En el restaurante::Verbos",
        f"{title}::En el restaurante::Frases útiles",
    }
    assert report.card_count == 17
    rows = (tmp_path / "out/table_vocab_es.csv").read_text(encoding="utf-8")
    assert f'"{title}::La comida"' in rows


def test_sections_may_be_tags_instead(tmp_path):
    text = (PAGES / "list_questions_api_en.md").read_text(encoding="utf-8")
    page = tmp_path / "api.md"
    page.write_text("---\nsections: tags\n---\n" + text, encoding="utf-8")
    (deck,) = check([page]).decks
    assert {note.card.section for note in deck.notes} == {""}
    assert "Pagination" in deck.notes[0].card.tags
    assert "Errors_&_versioning" in deck.notes[-1].card.tags

"""deckgen preview: the page shows each card with the very HTML Anki renders from the .apkg."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import click
import pytest

import deckgen
from anki_backend import collection, import_apkg, notes
from conftest import DATA, note_deck
from deckgen import parse_file, parse_text
from deckgen.errors import OutputError
from deckgen.export import export
from deckgen.identity import with_guids
from deckgen.model import Problem, SourcePos
from deckgen.page import faces, page, problems_by_card, write

SPECIAL = """\
# Special cards

### Cloze in code, with a hint and characters to escape
**Q:** In {{c1::Seoul & <b>co</b>}} the {{c2::한국어 "quoted" 'x'/y::a hint}} and {{c1::again}}.

```python
x = {{c1::sorted(items)}}  # {{c2::<tag>}}
```

**A:** extra, cited[^1]

### Cloze in the answer only
**Q:** Fill in:

**A:** The {{c3::third}} one.

### Reversed with code
**Q:** `len([1, 2])`?

**A:**
```python
2  # an int
```

#reverse

[^1]: https://example.com/a?b=1&c=2
"""


@pytest.fixture
def pages(tmp_path) -> list[Path]:
    """The sample page, the rich fixture (code, math, table, images, cloze, reverse,
    citations) with its images, and the special cards above, in a temp folder."""
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(DATA / "perplexity_sqlalchemy.md", folder / "sample.md")
    shutil.copy(DATA / "rich_cards.md", folder / "rich_cards.md")
    shutil.copytree(DATA / "img", folder / "img")
    shutil.copytree(DATA / "other", folder / "other")
    (folder / "special.md").write_text(SPECIAL, encoding="utf-8")
    return [folder / "sample.md", folder / "rich_cards.md", folder / "special.md"]


def without_style(rendered: str) -> str:
    return re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)


def entries(text: str) -> list[str]:
    """The page's cards, one HTML string each."""
    return re.findall(r'<article class="entry".*?</article>', text, re.S)


@pytest.mark.parametrize("index", [0, 1, 2], ids=["sample", "rich", "special"])
def test_each_side_is_exactly_what_anki_renders_from_the_apkg(pages, index, tmp_path):
    source = pages[index]
    deck = note_deck(parse_file(source))
    text = page([deck])
    package = export([deck], "apkg", tmp_path / "out" / f"{source.stem}.apkg")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, package)
        imported = {note.guid: note for note in notes(col)}
        for ours, guid in zip(deck.notes, deck.guids, strict=True):
            note = imported[guid]
            anki_cards = note.cards()
            shown = faces(ours)
            assert len(shown) == len(anki_cards), ours.card.title
            for face, anki_card in zip(shown, anki_cards, strict=True):
                assert face.front == without_style(anki_card.question())
                assert face.back == without_style(anki_card.answer())
                assert f'<div class="card">{face.front}</div>' in text
                assert f'<div class="card">{face.back}</div>' in text
            # The fields Anki stores, verbatim in the page (a cloze's Text only as
            # Anki shows it, with the clozes marked up: checked above).
            shown_fields = ["Question", "Answer", "Sources", "Back Extra"]
            for name in shown_fields:
                if name in note:
                    assert note[name] in text


def test_the_page_holds_the_note_types_css_verbatim(pages, tmp_path):
    package = export([note_deck(pages[1])], "apkg", tmp_path / "rich.apkg")
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, package)
        css = notes(col)[0].note_type()["css"]
    assert f'<style id="card-css">\n{css}</style>' in page([note_deck(parse_file(pages[1]))])


def test_faces_of_basic_reversed_and_cloze_cards(pages):
    cards = {note.card.title: note for note in note_deck(parse_file(pages[1])).notes}
    assert [f.name for f in faces(cards["Table"])] == ["Question > Answer"]
    assert [f.name for f in faces(cards["Reversed"])] == ["Question > Answer", "Answer > Question"]
    front, back = faces(cards["Cloze"])[1].front, faces(cards["Cloze"])[1].back
    assert '<span class="cloze" data-cloze="Rome" data-ordinal="2">[city]</span>' in front
    assert '<span class="cloze-inactive" data-ordinal="1">Paris</span>' in front
    assert '<span class="cloze" data-ordinal="2">Rome</span>' in back
    special = {note.card.title: note for note in note_deck(parse_file(pages[2])).notes}
    assert [f.name for f in faces(special["Cloze in the answer only"])] == ["Cloze 3"]


def test_every_card_has_its_place_deck_tags_and_search_text(pages, monkeypatch):
    monkeypatch.chdir(pages[1].parent)
    deck = note_deck(parse_file("rich_cards.md"))
    shown = entries(page([deck]))
    assert len(shown) == len(deck.notes) == 6
    code = shown[0]
    assert '<span class="where">rich_cards.md:14</span>' in code
    assert '<span class="deck">Rich deck</span>' in code
    assert '<span class="tag">python-basics</span>' in code
    search = html.unescape(re.search(r'data-search="([^"]*)"', code).group(1))
    assert "what does sorted() return?" in search
    assert "a new list:" in search and "python-basics" in search and "rich deck" in search
    assert search == search.lower()


def test_the_counter_and_controls_are_there(pages):
    text = page([note_deck(parse_file(p)) for p in pages], title="notes")
    assert '<span id="count" aria-live="polite">24 of 24 cards shown</span>' in text
    assert '<input id="search" type="search"' in text
    assert '<button id="theme" type="button"' in text
    assert "<title>notes — deckgen preview</title>" in text


def test_warnings_are_shown_next_to_their_card(write_md, monkeypatch):
    path = write_md(
        "---\ndecks: red\n---\n### C\nQ: a?\nA: b[^3]\n\n### D\nQ: c?\nA: d\n\n"
        "```nosuchlanguage\nx\n```\n"
    )
    monkeypatch.chdir(path.parent)
    build = deckgen.check([Path(path.name)])
    assert len(build.problems) == 3
    text = page(with_guids(build.decks), build.problems)
    first, second = entries(text)
    assert "cards.md:5: warning: citation [^3] has no definition" in first
    assert "unknown code language" not in first
    assert "cards.md:12: warning: unknown code language" in second  # the fence's line
    # Before any card: on its own, above the cards.
    top = text.split('<div id="cards">')[0]
    assert "cards.md:1: warning: unknown front matter key" in top


def test_problems_by_card_uses_each_cards_lines():
    deck = note_deck(parse_text("### A\nQ: a?\nA: b\n\n### B\nQ: c?\nA: d\n", "x.md"))
    near = [
        Problem(SourcePos("x.md", 1), "before", "warning"),
        Problem(SourcePos("x.md", 2), "first", "warning"),
        Problem(SourcePos("x.md", 5), "still first", "warning"),
        Problem(SourcePos("x.md", 6), "second", "warning"),
        Problem(SourcePos("other.md", 6), "elsewhere", "warning"),
        Problem(None, "nowhere", "warning"),
    ]
    by_card, others = problems_by_card([deck], near)
    assert {k: [p.message for p in v] for k, v in by_card.items()} == {
        (0, 0): ["first", "still first"],
        (0, 1): ["second"],
    }
    assert [p.message for p in others] == ["before", "elsewhere", "nowhere"]


def test_text_outside_the_cards_is_escaped(write_md):
    path = write_md("### <i>Title</i>\nQ: a?\nA: b\n")
    deck = note_deck(parse_file(path, "<script>alert(1)</script>"))
    text = page([deck], [Problem(None, "<b>bold</b>", "warning")], title="<x>")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>bold</b>" not in text and "<x>" not in text


def test_nothing_is_loaded_from_the_network(pages, tmp_path):
    mathjax = tmp_path / "tex-svg.js"
    mathjax.write_text("// MathJax", encoding="utf-8")
    text = page([note_deck(parse_file(p)) for p in pages], mathjax=mathjax)
    outside_cards = re.sub(r'<div class="card">.*?</div></div>\n', "", text, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", outside_cards, re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//|@import", text, re.I)
    assert not re.search(r"""<(script|link|iframe)[^>]+(src|href)=["']?https?:""", text, re.I)
    assert f'<script src="{mathjax.resolve().as_uri()}" async></script>' in text


def test_images_are_embedded_not_linked(pages):
    deck = note_deck(parse_file(pages[1]))
    text = page([deck])
    media = {m.name: m.path for note in deck.notes for m in note.media}
    assert len(media) == 2
    for name in media:
        assert f'<img src="{name}"' in text  # the card's HTML as Anki has it
        assert f'"{name}": "data:image/png;base64,' in text  # and the file for the page


def test_math_is_left_as_written_without_mathjax(pages):
    text = page([note_deck(parse_file(pages[1]))])
    assert r"\(A = \pi r^2\)" in text
    assert "MathJax" not in text


def test_mathjax_2_gets_its_configuration(tmp_path):
    script = tmp_path / "MathJax.js"
    script.write_text("", encoding="utf-8")
    text = page([note_deck(parse_text("Q: a?\nA: b\n"))], mathjax=script)
    assert '<script type="text/x-mathjax-config">MathJax.Hub.Config(' in text
    assert f'src="{script.resolve().as_uri()}?config=TeX-AMS_CHTML"' in text


def test_write_replaces_the_page_whole(tmp_path, monkeypatch):
    target = tmp_path / "out" / "cards.html"
    write("old", target)
    (target.parent / ".cards.html.abc.tmp").write_text("left by a killed run")

    def fail(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OutputError, match=r"cannot write .*cards\.html: No space left on device"):
        write("new", target)
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["cards.html"]


def test_write_into_a_file_is_an_error(tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write("page", tmp_path / "taken" / "cards.html")


# --- the command --------------------------------------------------------------------


def test_preview_writes_output_name_html(run, sample_page, tmp_path, monkeypatch):
    monkeypatch.setattr("deckgen.page.MATHJAX_CANDIDATES", ())
    shutil.copy(sample_page, tmp_path / "page.md")
    result = run("preview", "page.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == "15 cards -> output/page.html\n"
    assert result.stderr == ""
    assert [p.name for p in (tmp_path / "output").iterdir()] == ["page.html"]
    text = (tmp_path / "output/page.html").read_text(encoding="utf-8")
    assert len(entries(text)) == 15
    assert "MathJax" not in text


def test_preview_options(run, sample_page, tmp_path, monkeypatch):
    shutil.copy(sample_page, tmp_path / "page.md")
    (tmp_path / "mj.js").write_text("")
    opened = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    monkeypatch.setenv("DISPLAY", ":0")  # a browser to open it in
    result = run("preview", "page.md", "-o", "out/nested", "--deck", "My <deck>", "--mathjax",
                 "mj.js", "--open")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "15 cards -> out/nested/page.html\n"
    assert opened == ["out/nested/page.html"]
    text = (tmp_path / "out/nested/page.html").read_text(encoding="utf-8")
    assert '<span class="deck">My &lt;deck&gt;</span>' in text
    assert (tmp_path / "mj.js").resolve().as_uri() in text


def test_preview_mathjax_from_the_environment(run, write_md, tmp_path, monkeypatch):
    write_md("Q: $x$?\nA: b\n")
    (tmp_path / "tex-chtml.js").write_text("")
    monkeypatch.setenv("DECKGEN_MATHJAX", str(tmp_path / "tex-chtml.js"))
    assert run("preview", "cards.md").exit_code == 0
    text = (tmp_path / "output/cards.html").read_text(encoding="utf-8")
    assert (tmp_path / "tex-chtml.js").resolve().as_uri() in text


def test_preview_shows_warnings_and_still_writes(run, write_md, tmp_path):
    write_md("### C\nQ: a?\nA: b[^3]\n")
    result = run("preview", "cards.md")
    assert result.exit_code == 0
    warning = "cards.md:2: warning: citation [^3] has no definition; it is kept as text"
    assert result.stderr == warning + "\n"
    assert html.escape(warning) in (tmp_path / "output/cards.html").read_text(encoding="utf-8")


def test_preview_of_bad_input_fails_and_writes_nothing(run, write_md, tmp_path, monkeypatch):
    write_md("## Deck\n\n### 1\n\n**Q:** Lonely?\n\n**A:** ![x](../outside.png)\n")
    opened = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url))
    result = run("preview", "cards.md", "--open")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "cards.md:7: error: image ../outside.png is outside the markdown file's folder; move "
        "it into that folder (images outside it are never packaged)\n"
        "Error: 1 error, 0 warnings in 1 file; nothing written\n"
    )
    assert not (tmp_path / "output").exists()
    assert opened == []


def test_preview_into_a_file_fails_cleanly(run, write_md, tmp_path):
    write_md("Q: a?\nA: b\n")
    (tmp_path / "taken").write_text("")
    result = run("preview", "cards.md", "-o", "taken")
    assert result.exit_code == 1
    assert result.stderr == "Error: taken is a file, not a folder\n"
    assert "Traceback" not in result.output

"""The cache never serves what deckgen's current code would not make."""

from __future__ import annotations

import shutil
from pathlib import Path

import deckgen
from deckgen import cache

PACKAGE = Path(deckgen.__file__).parent


def test_a_changed_renderer_source_changes_every_cache_key(tmp_path, monkeypatch):
    copy = tmp_path / "deckgen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.source_digest(copy)
    assert before == cache.source_digest(PACKAGE)
    html = copy / "render" / "html.py"
    html.write_text(html.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    after = cache.source_digest(copy)
    assert after != before

    key = cache.key("What is X?", "Y", ())
    assert f"deckgen={before}" in cache.versions()
    monkeypatch.setattr(cache, "source_digest", lambda package: after)
    cache.versions.cache_clear()
    try:
        assert f"deckgen={after}" in cache.versions()
        assert cache.key("What is X?", "Y", ()) != key
    finally:
        cache.versions.cache_clear()


def test_keys_name_the_installed_version_of_each_rendering_library():
    from importlib.metadata import version

    for package, _ in cache.LIBRARIES:
        assert f"{package}={version(package)}" in cache.versions().split()


def test_a_build_after_a_source_change_renders_again(tmp_path, monkeypatch):
    page = tmp_path / "cards.md"
    page.write_text("Q: What is X?\nA: Y\n", encoding="utf-8")
    options = deckgen.Options(output_dir=tmp_path / "out", formats=("tsv",))
    deckgen.build([page], options)
    calls = []
    real = deckgen.render.render_card

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr("deckgen.render.render_card", counting)
    deckgen.build([page], options)
    assert calls == []  # the same code: the rendering comes from the cache
    monkeypatch.setattr(cache, "versions", lambda: "deckgen=another-digest")
    deckgen.build([page], options)
    assert len(calls) == 1


def test_html_edited_into_the_cache_never_reaches_a_card(tmp_path):
    """An output folder copied from someone else is no way around the sanitiser."""
    import sqlite3

    page = tmp_path / "cards.md"
    page.write_text("Q: What is X?\nA: Y\n", encoding="utf-8")
    options = deckgen.Options(output_dir=tmp_path / "out", formats=("tsv", "csv"))
    deckgen.build([page], options)
    database = tmp_path / "out" / cache.FOLDER / "cards.sqlite"
    with sqlite3.connect(database) as db:
        (key, sealed) = db.execute("SELECT key, entry FROM cards").fetchone()
        rendering, media = cache.unpack(sealed[16:])
        forged = cache.pack((rendering.__class__(*(
            "<p>Y<script>alert(1)</script></p>" if name == "answer_html" else getattr(rendering, name)
            for name in cache._FIELDS
        )), media))  # fmt: skip
        db.execute("UPDATE cards SET entry = ? WHERE key = ?", (sealed[:16] + forged, key))
    page.write_text("Q: What is X?\nA: Y\n\nQ: New?\nA: card\n", encoding="utf-8")
    deckgen.build([page], options)
    assert "<script" not in (tmp_path / "out/cards.csv").read_text(encoding="utf-8")
    assert "<p>Y</p>" in (tmp_path / "out/cards.csv").read_text(encoding="utf-8")


def _pieces(text: str) -> list[str]:
    from deckgen.parse.document import split_page

    lines = text.split("\n")
    return ["\n".join(lines[a:b]) for a, b in split_page(lines, size=200)]


def test_a_card_added_mid_page_makes_one_new_piece_and_keeps_the_others():
    """Pieces are cut by their text, not by line numbers: an insertion moves every line
    below it, yet only the piece it lands in is parsed again (the rest are cached)."""
    cards = [f"### Card {n}\n\nQ: What is {n}?\n\nA: {n * 3}.\n\n***\n" for n in range(600)]
    before = _pieces("\n".join(["# Deck\n", *cards]))
    added = "### Card new\n\nQ: What is new?\n\nA: This.\n\n***\n"
    after = _pieces("\n".join(["# Deck\n", *cards[:300], added, *cards[300:]]))
    assert len(before) > 10
    new = [p for p in after if p not in before]
    # The piece it lands in, which the new card may cut in two (its text may be a mark).
    assert 1 <= len(new) <= 2 and added in "".join(new)
    assert len(after) - len(new) >= len(before) - 2  # every other piece is kept
    removed = _pieces("\n".join(["# Deck\n", *cards[:300], *cards[301:]]))
    assert 1 <= len([p for p in removed if p not in before]) <= 2


def test_a_piece_ending_in_html_that_a_blank_line_ends_is_no_reason_to_parse_whole():
    """Only HTML that its own end text ends (a comment, <pre>...) runs on past a blank
    line into the next piece: a card ending in an <img> or a <div> leaves the cut safe."""
    from deckgen.parse.document import parse_chunk

    assert not parse_chunk("# a\n\nQ: x\n\nA: y\n\n<img src=x.png>\n").open_end
    assert not parse_chunk("# a\n\n<div>\nx\n</div>\n").open_end
    assert not parse_chunk("# a\n\n<!-- a note\n\nstill -->\n").open_end
    assert parse_chunk("# a\n\n<!-- a note\n\nruns on\n").open_end


def _build_pieces(tmp_path, monkeypatch, text: str, builds: int) -> list[list[str]]:
    """What each of ``builds`` builds of ``text`` parsed, cut wherever the page allows."""
    from deckgen.cache import RenderCache
    from deckgen.parse import document

    monkeypatch.setattr(document, "CHUNK_LINES", 1)
    real, parsed = document.parse_chunk, []
    monkeypatch.setattr(document, "parse_chunk", lambda piece: parsed.append(piece) or real(piece))
    found = []
    for _ in range(builds):
        cache = RenderCache(tmp_path)
        document.Document(text, "x.md", chunks=cache)
        cache.close()
        found.append(parsed[:])
        parsed.clear()
    return found


def test_a_page_parsed_whole_keeps_its_pieces_for_the_next_build(tmp_path, monkeypatch):
    """A cut found unsafe (inside a <?php block, which runs over blank lines) makes the
    page parse whole; the pieces stay cached, not dropped and parsed again every other
    build."""
    text = "# a\n\nx\n\n# b\n\n<?php\n\n# c\n\n?>\n\n# d\n\ny\n\n# e\n\nz\n"
    first, *later = _build_pieces(tmp_path, monkeypatch, text, 3)
    assert len(first) > 2
    assert later == [[text], [text]]  # the page whole, and no piece again


def test_a_cached_piece_that_cannot_be_read_is_parsed_and_kept_again(tmp_path, monkeypatch):
    import sqlite3

    text = "# a\n\nx\n\n# b\n\ny\n"
    _build_pieces(tmp_path, monkeypatch, text, 1)
    with sqlite3.connect(tmp_path / "cards.sqlite") as db:
        db.execute("UPDATE chunks SET entry = x'00'")  # damaged: its seal does not hold
    db.close()
    damaged, healed = _build_pieces(tmp_path, monkeypatch, text, 2)
    assert damaged == ["# a\n\nx\n", "# b\n\ny\n"] and healed == []


def test_entries_and_pieces_come_back_as_they_were_put_and_damage_reads_as_none():
    from deckgen.parse.document import parse_chunk
    from deckgen.render.card import render_card

    rendering = render_card("What is `x`?[^1]", "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    entry = (rendering, {"cat.png": "cat-1a2b.png"})
    assert cache.unpack(cache.pack(entry)) == entry
    chunk = parse_chunk("# Deck\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nx\n")
    assert cache._decode_chunk(cache._encode_chunk(chunk)) == chunk
    for damaged in (b"", b"not zlib", cache.pack(entry)[:-3], __import__("zlib").compress(b"[1]")):
        assert cache.unpack(damaged) is None
        assert cache._decode_chunk(damaged) is None


def test_a_card_from_the_cache_warns_as_a_rendered_one_does(tmp_path, monkeypatch):
    page = tmp_path / "cards.md"
    page.write_text("Q: What is X?\nA: this:\n\n```nolang\nx\n```\n\n```python\ny\n```\n")
    options = deckgen.Options(output_dir=tmp_path / "out", formats=("tsv",))
    first = [str(p) for p in deckgen.build([page], options).problems]
    monkeypatch.setattr("deckgen.render.render_card", None)  # any rendering would fail
    again = [str(p) for p in deckgen.build([page], options).problems]
    assert (
        again
        == first
        == [f"{page}:4: warning: unknown code language 'nolang': shown without highlighting"]
    )

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

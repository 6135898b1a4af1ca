"""The README's examples do what it says."""

from __future__ import annotations

import contextlib
import io
import re
import shutil

from conftest import ROOT


def test_the_use_from_python_example_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- python-example:begin.*?```python\n(.*?)```\n<!-- python-example:end -->",
        readme,
        re.S,
    )
    assert block, "the README's Use from Python example is missing"
    shutil.copy(ROOT / "cards.md", tmp_path / "cards.md")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block.group(1), "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert "8 cards -> out/cards.apkg" in lines
    assert "8 cards -> out/cards.csv" in lines
    assert not (tmp_path / "out/cards.tsv").exists()
    assert lines[-1] == "Flashcards: Git & Python packaging basics What does git status show?"


def test_every_markdown_example_builds_into_the_cards_the_readme_says(tmp_path):
    """Each ```markdown block of the README, copied out as it is and built."""
    from deckgen import Options, build

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^(`{3,})markdown\n", readme, re.M)
    examples = re.findall(
        r"<!-- gallery: (\d+) cards? -->\n(`{3,})markdown\n(.*?)\n\2\n", readme, re.S
    )
    assert len(examples) == len(blocks) >= 12  # every example says how many cards it gives
    for n, (count, _, text) in enumerate(examples):
        page = tmp_path / f"example{n}.md"
        page.write_text(text + "\n", encoding="utf-8")
        report = build([page], Options(output_dir=tmp_path / f"out{n}"))
        assert not report.errors and not report.warnings, (text, report.problems)
        assert report.card_count == int(count), text
        assert [w.cards for w in report.written] == [int(count)] * 3
        assert "<-" not in text  # notes for the reader stay out of the markdown

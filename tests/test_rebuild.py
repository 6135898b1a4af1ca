"""Rebuilding a card at a time writes what a full build writes, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deckgen import rebuild
from deckgen.cli import cli

CODE = "```python\ndef f():\n    return 1\n```"


def page(count: int = 6) -> list[str]:
    lines = ["# Deck", "", "## Python", ""]
    for n in range(1, count + 1):
        answer = f"It is **{n}**.[^{n % 2 + 1}]"
        if n % 3 == 0:
            answer = CODE + "\n\n" + answer
        lines += [f"### Card {n}", "", f"**Q:** What is `x{n}`?", "", "**A:**", "", answer]
        lines += ["", "#tag" if n % 4 == 0 else "", "", "***", ""]
    lines += ["[^1]: https://example.com/one", "[^2]: [Two](https://example.com/two)", ""]
    return "\n".join(lines).split("\n")


def other_page() -> list[str]:
    """Korean labels, ids, sub-headings and tables inside answers, a titled citation,
    math and a card without a heading of its own level."""
    text = """---
tags: [korean]
---
# 덱

Intro that is not a card.

## Card A
<!-- id: card-a -->
질문: 첫 번째?

답: 하나.[^a]

#### 자세히

| x | y |
|---|---|
| 1 | 2 |

## Card B
질문: 두 번째 $x^2$?

답:

- 항목
- 항목 둘

## Card C
질문: 세 번째?

답: 셋.[^a] #tag

감사합니다!

[^a]: [A source](https://example.com/a)
"""
    return text.split("\n")


def build(folder: Path, *options: str) -> str:
    result = CliRunner().invoke(
        cli, ["build", str(folder / "cards.md"), "-o", str(folder / "out"), *options]
    )
    return result.output.replace(str(folder), "FOLDER") + f"exit {result.exit_code}"


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder / "out").iterdir() if p.is_file()}


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: .apkg bytes hold the time of the build."""
    now = [1_700_000_000.0]
    monkeypatch.setattr("deckgen.export.apkg.time.time", lambda: now[0])
    return now


@pytest.fixture
def taken(monkeypatch):
    """How many builds were rebuilt a card at a time."""
    count = [0]
    real = rebuild.rebuild

    def counting(*args):
        result = real(*args)
        count[0] += result is not None
        return result

    monkeypatch.setattr(rebuild, "rebuild", counting)
    return count


def edit_and_compare(tmp_path: Path, clock, before: list[str], after: list[str]) -> str:
    """Build ``before``, then ``after`` twice: on top of it, and in full on a copy of
    the first build's outputs without the cache. Both must write the same bytes."""
    work, reference = tmp_path / "work", tmp_path / "reference"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(reference, ignore_errors=True)
    work.mkdir()
    (work / "cards.md").write_text("\n".join(before), encoding="utf-8")
    first = build(work)
    shutil.copytree(work, reference)
    shutil.rmtree(reference / "out/.deckgen-cache", ignore_errors=True)
    clock[0] += 10
    for folder in (work, reference):
        (folder / "cards.md").write_text("\n".join(after), encoding="utf-8")
    again, full = build(work), build(reference, "--no-cache")
    assert again == full
    assert outputs(work) == outputs(reference)
    return first


def one_answer_edited(lines: list[str]) -> list[str]:
    return [line.replace("It is **2**", "It is **two**") for line in lines]


def built(tmp_path: Path) -> Path:
    """A folder with the page built once, the cache and the record in place."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "cards.md").write_text("\n".join(page()), encoding="utf-8")
    build(work)
    return work


def test_editing_one_answer_rebuilds_that_card_only(tmp_path, clock, taken):
    edit_and_compare(tmp_path, clock, page(), one_answer_edited(page()))
    assert taken[0] == 1


def test_an_edit_that_adds_a_card_is_a_full_build(tmp_path, clock, taken):
    before = page()
    at = before.index("### Card 3") + 6
    after = [*before[:at], "", "**Q:** new?", "", "**A:** yes", *before[at:]]
    edit_and_compare(tmp_path, clock, before, after)
    assert taken[0] == 0


EDITS = st.sampled_from(
    [
        "more text", "", "**Q:** another question?", "**A:** another answer", "#tag2",
        "### A heading", "#### A smaller heading", "## A bigger heading", "***", "```",
        "```python", "<!--", "-->", "$$", "- a list", "  - nested", "[^1]", "[^3]",
        "[^2]: https://example.com/new", "Answer: other family", "질문: 뭐?",
        "<!-- id: an-id -->", "It is **2**.[^1]", "What is `x1`?", "{{c1::cloze}}",
        "![img](https://example.com/a.png)", "**Title**", "    indented code",
        "Let me know if you want more!", "***\n\n#tag3", "***\n\n<!-- id: later -->",
        "\n**Title**", "#### Detail", "```\ncode\n```", "```\n[^1]: in code\n```",
        "답: 다른 답", "질문: 새 질문?", "## Card D", "감사합니다!", "| 3 | 4 |", "[^a]",
    ]
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(where=4, how="replace", line="## A bigger heading", other=False)  # the deck's name
@example(
    where=22, how="replace", line="It is **two**.[^1]\n\nLet me know if you want more!", other=False
)  # a chat remark is kept in a card that is not the last
@example(where=22, how="replace", line="It is **two**.[^1]\n\n***\n\n#tag3", other=False)
@example(where=19, how="replace", line="***", other=True)  # card B takes a heading of card A
@given(
    where=st.integers(min_value=0, max_value=200),
    how=st.sampled_from(["replace", "insert", "delete", "append"]),
    line=EDITS,
    other=st.booleans(),
)
def test_any_edit_writes_what_a_full_build_writes(tmp_path_factory, clock, where, how, line, other):
    tmp_path = tmp_path_factory.mktemp("edit")
    before = other_page() if other else page()
    at = where % len(before)
    after = list(before)
    if how == "replace":
        after[at] = line
    elif how == "insert":
        after.insert(at, line)
    elif how == "append":  # to the end of a line: part of it changes
        after[at] += line
    else:
        del after[at]
    edit_and_compare(tmp_path, clock, before, after)


@given(st.text("ab\n", max_size=12), st.text("ab\n", max_size=12), st.integers(0, 3))
def test_changed_bounds_every_difference(old, new, scale):
    from deckgen.rebuild import _changed

    pad = "x\n" * 40_000 * scale  # longer than the steps it compares in
    old, new = pad + old + pad, pad + new + pad
    found = _changed(old, new)
    if found is None:
        assert old == new
        return
    start, end = found
    assert old[:start] == new[:start]
    assert old[end:] == new[end + len(new) - len(old) :]
    assert 0 <= start <= end <= len(old) and start <= end + len(new) - len(old)


def test_a_changed_output_or_a_lost_cache_means_a_full_build(tmp_path, clock, taken):
    work = built(tmp_path)
    (work / "out/cards.tsv").write_text("edited by hand\tyes\n", encoding="utf-8")
    (work / "cards.md").write_text("\n".join(one_answer_edited(page())), encoding="utf-8")
    assert build(work).endswith("exit 0")
    assert taken[0] == 0
    assert "It is two." in (work / "out/cards.tsv").read_text(encoding="utf-8")
    shutil.rmtree(work / "out/.deckgen-cache")
    (work / "cards.md").write_text("\n".join(page()), encoding="utf-8")
    assert build(work).endswith("exit 0")
    assert taken[0] == 0


def test_a_rebuild_that_cannot_write_is_done_in_full(tmp_path, clock, taken, monkeypatch):
    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr("deckgen.export.anki_csv.replace_card", fail)
    edit_and_compare(tmp_path, clock, page(), one_answer_edited(page()))
    assert taken[0] == 0


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE builds SET record = 'not json'",
        "UPDATE builds SET text = x'00ff'",
        """UPDATE builds SET record = json_set(record, '$.spans', 'AAAA')""",
        """UPDATE builds SET record = json_set(record, '$.digests', 'x')""",
        """UPDATE builds SET record = json_remove(record, '$.guids')""",
    ],
)
def test_a_damaged_record_means_a_full_build(tmp_path, clock, taken, damage):
    import sqlite3

    work = built(tmp_path)
    with sqlite3.connect(work / "out/.deckgen-cache/cards.sqlite") as db:
        db.execute(damage)
    (work / "cards.md").write_text("\n".join(one_answer_edited(page())), encoding="utf-8")
    assert build(work).endswith("exit 0")
    assert taken[0] == 0
    assert "It is two." in (work / "out/cards.tsv").read_text(encoding="utf-8")


def test_anki_updates_the_one_edited_note_from_a_rebuilt_package(tmp_path, clock, taken):
    from anki_backend import collection, import_apkg, notes
    from conftest import DATA

    work = tmp_path / "work"
    work.mkdir()
    text = (DATA / "perplexity_sqlalchemy.md").read_text(encoding="utf-8")
    (work / "cards.md").write_text(text, encoding="utf-8")
    build(work)
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, work / "out/cards.apkg")
        (work / "cards.md").write_text(text.replace("아니요.", "아니요, 절대로."), encoding="utf-8")
        clock[0] += 10
        assert build(work).endswith("exit 0")
        assert taken[0] == 1  # the short way
        log = import_apkg(col, work / "out/cards.apkg")
        assert log == {"new": 0, "updated": 1, "duplicate": 14, "conflicting": 0}
        assert len(notes(col)) == 15
        assert any("아니요, 절대로." in n["Answer"] for n in notes(col))


def test_an_unreadable_config_is_reported_not_raised(tmp_path):
    work = built(tmp_path)
    (work / "deckgen.toml").write_text("deck = [\n", encoding="utf-8")
    output = build(work)
    assert "deckgen.toml:1: error: cannot read the config" in output
    assert output.endswith("exit 1")
    assert "Traceback" not in output

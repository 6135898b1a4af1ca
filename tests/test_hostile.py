"""Hostile and unlucky input: no lost card, no script in a card, no hang, no mixed outputs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import deckgen
from anki_backend import collection, import_apkg, notes
from conftest import DATA

DECKGEN = [sys.executable, "-m", "deckgen"]


def deckgen_run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """deckgen in a process of its own, so that a hang fails the test instead of the run."""
    return subprocess.run(
        [*DECKGEN, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_a_javascript_source_is_never_a_link(tmp_path):
    page = tmp_path / "cards.md"
    page.write_text(
        "Q: What is it?[^1][^2]\nA: This.\n\n[^1]: javascript://%0Aalert(1)\n"
        "[^2]: https://example.com/safe\n",
        encoding="utf-8",
    )
    deckgen.build([page], deckgen.Options(output_dir=tmp_path / "out", formats=("apkg", "csv")))
    with collection(tmp_path / "col.anki2") as col:
        import_apkg(col, tmp_path / "out/cards.apkg")
        (note,) = notes(col)
        back = note.cards()[0].answer()
    assert 'href="javascript' not in back.lower()
    assert "javascript://%0Aalert(1)" in back  # shown as text
    assert '<a href="https://example.com/safe">' in back
    assert 'href="javascript' not in (tmp_path / "out/cards.csv").read_text().lower()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_or_a_device_is_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    for name in ("pipe.md", "zero.md"):
        result = deckgen_run("check", name, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout.startswith(
            f"{name}:1: error: this is not a regular file (a device, a pipe or a socket)"
        )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_an_image_that_is_a_pipe_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pic.png")
    (tmp_path / "cards.md").write_text("Q: Which?\nA: ![x](pic.png)\n", encoding="utf-8")
    result = deckgen_run("check", "cards.md", cwd=tmp_path)
    assert "cards.md:2: error: image pic.png is not a regular file" in result.stdout


def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path):
    (tmp_path / "utf16.md").write_bytes("Q: 질문?\nA: 답\n".encode("utf-16"))
    (tmp_path / "utf32.md").write_bytes("Q: question?\nA: answer\n".encode("utf-32"))
    report = deckgen.check([tmp_path / "utf16.md", tmp_path / "utf32.md"])
    assert not report.problems
    assert [n.card.question for d in report.decks for n in d.notes] == ["질문?", "question?"]


def test_a_name_is_a_name_not_a_path(tmp_path):
    page = tmp_path / "in/cards.md"
    page.parent.mkdir()
    page.write_text("Q: a?\nA: b\n", encoding="utf-8")
    for name in ("../escape", "/abs/x", "..", "a\\b"):
        result = deckgen_run("build", "in/cards.md", "--name", name, cwd=tmp_path)
        assert result.returncode == 1
        assert f"Error: --name {name!r} is not a file name" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_a_side_of_invisible_characters_is_empty(tmp_path):
    page = tmp_path / "cards.md"
    page.write_text("Q: \u200b\u200d\nA: b\n\nQ: c?\nA: \ufeff\u2060\n\nQ: e?\nA: f\n")
    (deck,) = deckgen.check([page]).decks
    assert [n.card.question for n in deck.notes] == ["e?"]
    assert deck.left_out == 2


def test_control_characters_are_left_out_with_a_warning_and_anki_sees_two_fields(tmp_path):
    """Anki reads U+001F in a field as a break between fields: a control character in
    the page (or a JSON escape of one) would shift a note's fields."""
    page = tmp_path / "cards.md"
    page.write_text(
        "# Controls\n\nQ: What is \x1f here?\nA: A \x07bell and a\x0btab.\n\n"
        "Q: And this?\nA: Plain.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.md"
    data.write_text(
        '# Data\n\n```json\n[{"front": "A\\u001fB?", "back": "C"},\n'
        ' {"front": "D?", "back": "E\\u0007F"}]\n```\n',
        encoding="utf-8",
    )
    report = deckgen.build(
        [page, data], deckgen.Options(output_dir=tmp_path / "out", formats=("apkg", "csv"))
    )
    warned = {(p.pos.path, p.pos.line): p.message for p in report.warnings}
    assert (
        "lines 3, 4 held invisible control characters (U+001F, U+0007, U+000B)"
        in (warned[(str(page), 3)])
    )
    assert "(U+001F)" in warned[(str(data), 4)] and "(U+0007)" in warned[(str(data), 5)]
    with collection(tmp_path / "col.anki2") as col:
        (package,) = (w.path for w in report.written if w.path.suffix == ".apkg")
        import_apkg(col, package)
        fields = {note.fields[0]: note.fields[1] for note in notes(col)}
    assert fields == {
        "<p>What is  here?</p>": "<p>A bell and a tab.</p>",
        "<p>And this?</p>": "<p>Plain.</p>",
        "<p>AB?</p>": "<p>C</p>",
        "<p>D?</p>": "<p>EF</p>",
    }
    csv_text = package.with_suffix(".csv").read_text(encoding="utf-8")
    assert not set(csv_text) & {"\x1f", "\x07", "\x0b"}


def test_front_matter_aliases_are_refused_and_many_unknown_keys_warned_once(tmp_path):
    laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
    laughs += "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("bcdefgh", "cdefghi", strict=True)
    )
    (tmp_path / "laughs.md").write_text(laughs + "---\nQ: a?\nA: b\n", encoding="utf-8")
    (problem,) = deckgen.check([tmp_path / "laughs.md"]).errors
    assert problem.message == "front matter uses a YAML alias (*name): write the value out instead"
    keys = "".join(f"key{n}: {n}\n" for n in range(2_000))
    (tmp_path / "keys.md").write_text(f"---\n{keys}---\nQ: a?\nA: b\n", encoding="utf-8")
    (note,) = deckgen.check([tmp_path / "keys.md"]).problems
    assert note.message == (
        "front matter keys deckgen does not use, left to other tools: 'key0', 'key1', 'key2', "
        "'key3', 'key4' and 1995 more"
    )
    typos = "".join(f"deck{n}: {n}\n" for n in range(100))  # each like "deck"
    (tmp_path / "typos.md").write_text(f"---\n{typos}---\nQ: a?\nA: b\n", encoding="utf-8")
    warnings = deckgen.check([tmp_path / "typos.md"]).warnings
    assert len(warnings) == 6
    assert warnings[-1].message == "95 more unknown front matter keys"


def test_a_card_over_the_csv_field_limit_builds_every_format(tmp_path):
    code = "\n".join(f"print({n})  # line {n} of a long listing" for n in range(3000))
    page = tmp_path / "big.md"
    page.write_text(f"Q: What does it print?\nA:\n\n```python\n{code}\n```\n", encoding="utf-8")
    report = deckgen.build([page], deckgen.Options(output_dir=tmp_path / "out"))
    assert [w.path.name for w in report.written] == ["big.apkg", "big.tsv", "big.csv"]
    assert "# line 2999 of a long listing" in (tmp_path / "out/big.csv").read_text(encoding="utf-8")


def test_the_outputs_of_a_build_are_replaced_together_or_not_at_all(tmp_path, monkeypatch):
    page = tmp_path / "cards.md"
    page.write_text("Q: a?\nA: b\n", encoding="utf-8")
    options = deckgen.Options(output_dir=tmp_path / "out", cache=False)
    deckgen.build([page], options)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    page.write_text("Q: a?\nA: changed\n", encoding="utf-8")

    def broken(decks, path, previous=None):
        raise deckgen.DeckgenError("the disk is full")

    monkeypatch.setattr("deckgen.export.anki_csv.write", broken)  # the last format written
    with pytest.raises(deckgen.DeckgenError):
        deckgen.build([page], options)
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert after == before  # the new .apkg and TSV were written, and not put in place


def test_footnotes_right_after_the_last_card_are_sources_not_answer(tmp_path):
    page = tmp_path / "cards.md"
    page.write_text(
        "### C\n\n**Q:** What is it?[^1]\n\n**A:** This.\n\n"
        "[^1]: https://example.com/x\n[^2]: https://example.com/never-cited\n",
        encoding="utf-8",
    )
    for dialect in (None, "sections", "labels"):
        (deck,) = deckgen.check([page], deckgen.Options(dialect=dialect)).decks
        (note,) = deck.notes
        assert note.card.answer == "This."
        assert [c.url for c in note.citations] == ["https://example.com/x"]


def test_the_same_file_named_twice_or_through_a_link_is_read_once(tmp_path):
    page = tmp_path / "cards.md"
    page.write_text("Q: a?\nA: b\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(page)
    report = deckgen.check([page, page, tmp_path / "link.md"])
    assert report.card_count == 1
    assert [str(w) for w in report.warnings] == [
        f"{page}:1: warning: the same file as {page}, which is read once",
        f"{tmp_path / 'link.md'}:1: warning: the same file as {page}, which is read once",
    ]


def test_a_renamed_deck_in_a_folder_build_is_written_not_copied(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("---\ndeck: First\n---\nQ: a? <!-- id: a -->\nA: b\n")
    options = deckgen.Options(output_dir=tmp_path / "out", formats=("apkg",))
    deckgen.build([folder], options)
    (folder / "a.md").write_text("---\ndeck: Second\n---\nQ: a? <!-- id: a -->\nA: b\n")
    deckgen.build([folder], options)
    with zipfile.ZipFile(tmp_path / "out/notes.apkg") as archive:
        collection_bytes = archive.read("collection.anki2")
    assert b"Second" in collection_bytes and b'"First"' not in collection_bytes


def test_the_hostile_fixture_still_builds(tmp_path):
    report = deckgen.build([DATA / "hostile.md"], deckgen.Options(output_dir=tmp_path / "out"))
    assert report.written and not report.errors


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc; PDEATHSIG is Linux's"
)
def test_workers_end_with_a_killed_build_and_its_scratch_files_are_removed(tmp_path):
    import time

    cards = "\n".join(
        f"### Card {n}\n\n**Q:** What is {n} + {n}?\n\n**A:**\n\n```python\nprint({n} + {n})\n```\n"
        for n in range(4000)
    )
    (tmp_path / "deck.md").write_text(cards, encoding="utf-8")
    build = subprocess.Popen(
        [*DECKGEN, "build", "deck.md", "--jobs", "2", "--no-cache"], cwd=tmp_path
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and build.poll() is None:
        workers = _children(build.pid)
        time.sleep(0.05)
    assert workers, "the build used no worker processes"
    build.kill()  # the main process only, not its group
    build.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    (tmp_path / "small.md").write_text("Q: a?\nA: b\n", encoding="utf-8")
    (tmp_path / "output").mkdir(exist_ok=True)
    (tmp_path / "output" / f".deckgen-{build.pid}-x").mkdir()  # as a killed writer leaves it
    result = deckgen_run("build", "small.md", "--name", "deck", cwd=tmp_path)
    assert result.returncode == 0
    left = sorted(p.name for p in (tmp_path / "output").iterdir() if p.name.startswith("."))
    assert left == [".deckgen-cache"]  # the cache stays; the dead build's scratch is gone


def test_an_image_over_the_size_limit_is_refused_without_being_read(tmp_path):
    (tmp_path / "cards.md").write_text("Q: Which?\nA: ![x](huge.png)\n", encoding="utf-8")
    with (tmp_path / "huge.png").open("wb") as sparse:  # 2 GB on paper, nothing on disk
        sparse.truncate(2 * 1024**3)
    report = deckgen.build([tmp_path / "cards.md"], deckgen.Options(output_dir=tmp_path / "out"))
    (problem,) = report.errors
    assert problem.message == (
        "image huge.png is 2147 MB, over the limit of 50 MB for an image in a card; make it smaller"
    )
    assert not report.written


def test_a_lone_surrogate_from_a_wrong_encoding_is_left_out_with_a_warning(tmp_path):
    """UTF-7's "+2AA-" decodes to half a character (U+D800), which no file can hold: it
    stopped the build with a UnicodeEncodeError while hashing the page."""
    page = tmp_path / "p.md"
    page.write_bytes(b"Q: What is a+2AA-?\nA: b\n")
    report = deckgen.build([page], deckgen.Options(output_dir=tmp_path / "out", encoding="utf-7"))
    assert report.card_count == 1
    assert [str(p) for p in report.warnings] == [
        f"{page}:1: warning: line 1 held invisible control characters (U+D800), which no card "
        "can show; deckgen left them out (delete them in the file to silence this)"
    ]
    assert "What is a?" in (tmp_path / "out/p.csv").read_text(encoding="utf-8")

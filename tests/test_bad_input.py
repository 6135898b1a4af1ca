"""Bad input never crashes, never loses a card, never leaves a broken file; `deckgen check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SUMMARY_1 = "Error: 1 error, 0 warnings in 1 file; nothing written\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_binary_file(run, tmp_path):
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("build", "photo.md")
    assert result.exit_code == 1
    assert result.stderr == (
        "photo.md:1: error: this looks like a binary file (it holds NUL bytes), not markdown\n"
        + SUMMARY_1
    )


def test_legacy_encoding_with_encoding_option(run, tmp_path):
    (tmp_path / "legacy.md").write_bytes("Q: Temperature?\nA: 20 \xb0C\n".encode("cp1252"))
    assert run("build", "legacy.md").exit_code == 1
    result = run("build", "legacy.md", "--encoding", "cp1252", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output/legacy.tsv").read_text(encoding="utf-8") == "Temperature?\t20 °C\n"


def test_unknown_encoding_is_a_usage_error(run, tmp_path):
    (tmp_path / "a.md").write_text("Q: a\nA: b\n")
    result = run("build", "a.md", "--encoding", "klingon")
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr


def test_bom_and_crlf_and_cr_never_reach_a_field(run, tmp_path):
    (tmp_path / "win.md").write_bytes(
        b"\xef\xbb\xbfQ: one?\r\nA: first\r\nline\r\n\r\nQ: two?\rA: 2\r"
    )
    result = run("build", "win.md")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for name in ("win.tsv", "win.csv"):
        assert b"\r" not in (tmp_path / "output" / name).read_bytes()
    with zipfile.ZipFile(tmp_path / "output/win.apkg") as archive:
        import sqlite3

        db = tmp_path / "col.db"
        db.write_bytes(archive.read("collection.anki2"))
        fields = [row[0] for row in sqlite3.connect(db).execute("SELECT flds FROM notes")]
    assert len(fields) == 2
    assert all("\r" not in f and "\ufeff" not in f for f in fields)


def test_file_over_the_size_limit(run, tmp_path):
    (tmp_path / "big.md").write_text("Q: a\nA: " + "x" * 3000 + "\n")
    result = run("build", "big.md", "--max-size", "0.001")
    assert result.exit_code == 1
    assert result.stderr == (
        "big.md:1: error: the file is 0.0 MB, over the limit of 0 MB (--max-size)\n" + SUMMARY_1
    )


def test_folder_named_like_a_file(run, tmp_path):
    (tmp_path / "notes.md").mkdir()
    result = run("build", "notes.md")
    assert result.exit_code == 1
    assert result.stderr == (
        "notes.md:1: error: no *.md or *.markdown files in this folder\n"
        "Error: 1 error, 0 warnings in 0 files; nothing written\n"
    )


def test_unreadable_file(run, tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_text("Q: a\nA: b\n")
    path.chmod(0)
    if IS_ROOT:  # root reads files whatever their permissions: refuse as the OS would
        import os

        real = os.open

        def refuse(name, *args, **kwargs):
            if str(name).endswith("secret.md"):
                raise PermissionError(13, "Permission denied")
            return real(name, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    result = run("build", "secret.md")
    assert result.exit_code == 1
    assert (
        result.stderr == "secret.md:1: error: cannot read the file: Permission denied\n" + SUMMARY_1
    )


def test_keep_going_builds_the_good_files_and_reports_the_bad(run, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/good.md").write_text("Q: a?\nA: b\n")
    (tmp_path / "notes/bad.md").write_text("Q: broken {{c1:cloze}\nA: x\n")
    without = run("build", "notes")
    assert without.exit_code == 1
    assert not (tmp_path / "output").exists()
    result = run("build", "notes", "--keep-going", "-f", "tsv")
    assert result.exit_code == 1
    assert result.stdout == "1 card -> output/notes.tsv\n"
    assert result.stderr == (
        "notes/bad.md:1: error: '{{c1:' is not a cloze Anki reads; write {{c1::answer}}\n"
        "Error: 1 error, 0 warnings in 2 files; 1 file(s) left out\n"
    )


def test_every_card_parsed_is_in_every_output_or_nothing_is_replaced(run, tmp_path, monkeypatch):
    from deckgen.export import quizlet

    (tmp_path / "cards.md").write_text("Q: a?\nA: b\n\nQ: c?\nA: d\n")
    assert run("build", "cards.md", "-f", "tsv").exit_code == 0
    before = (tmp_path / "output/cards.tsv").read_bytes()
    (tmp_path / "cards.md").write_text("Q: a?\nA: b, edited\n\nQ: c?\nA: d\n")

    def lossy_write(decks, path, previous=None):  # a bug that loses a card
        with path.open("w", encoding="utf-8") as out:
            out.write("a?\tb, edited\n")

    monkeypatch.setattr(quizlet, "write", lossy_write)
    result = run("build", "cards.md", "-f", "tsv")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: output/cards.tsv would hold 1 cards, not the 2 parsed; the previous file is kept "
        "(please report this as a bug)\n"
    )
    assert (tmp_path / "output/cards.tsv").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        ".deckgen-cache",
        "cards.tsv",
    ]


def test_a_fault_of_deckgen_names_the_page_and_keeps_the_outputs(run, tmp_path, monkeypatch):
    """A bug met on some page is a sentence naming the page, not a traceback, and the
    previous build's files stay."""
    import deckgen.parse

    (tmp_path / "cards.md").write_text("Q: a?\nA: b\n")
    assert run("build", "cards.md", "-f", "tsv").exit_code == 0
    before = (tmp_path / "output/cards.tsv").read_bytes()

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(deckgen.parse, "parse_text", broken)
    result = run("build", "cards.md", "-f", "tsv")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cards.md: while parsing, deckgen stopped on a fault of its own (IndexError: "
        "list index out of range). This is a bug in deckgen, not in your page: please report "
        "it with the page (DECKGEN_DEBUG=1 shows the traceback); the files of an earlier build "
        "are left as they were.\n"
    )
    assert (tmp_path / "output/cards.tsv").read_bytes() == before
    monkeypatch.setenv("DECKGEN_DEBUG", "1")
    with pytest.raises(IndexError):
        run("build", "cards.md")


def test_read_only_output_folder(run, tmp_path, monkeypatch):
    import tempfile

    (tmp_path / "cards.md").write_text("Q: a?\nA: b\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0o555)
    if IS_ROOT:  # root writes into read-only folders: refuse as the OS would

        def refuse(**_):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("build", "cards.md", "-o", "locked")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write into locked: Permission denied\n"


KILLED_BUILD = """
import sys, time
from pathlib import Path
import deckgen
from deckgen.export import apkg

real_write = apkg.write
def slow_write(decks, path, previous=None):
    real_write(decks, path, previous)
    print("written", flush=True)
    time.sleep(60)  # killed here: the new package is complete but not yet in place

apkg.write = slow_write
options = deckgen.Options(output_dir=sys.argv[2], formats=("apkg",), cache=False)
deckgen.build([sys.argv[1]], options)
"""


def test_a_build_killed_mid_write_leaves_the_previous_output_intact(tmp_path):
    import deckgen

    page = tmp_path / "cards.md"
    page.write_text("Q: a?\nA: b\n")
    target = tmp_path / "output/cards.apkg"
    options = deckgen.Options(output_dir=target.parent, formats=("apkg",), cache=False)
    deckgen.build([page], options)
    before = target.read_bytes()
    page.write_text("Q: a?\nA: changed\n\nQ: new?\nA: card\n")
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(page), str(target.parent)],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout.readline() == "written\n"
        finally:
            child.kill()
    assert target.read_bytes() == before
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "cards.apkg"]
    assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")
    deckgen.build([page], options)  # the next build cleans up after it
    assert [p.name for p in target.parent.iterdir()] == ["cards.apkg"]
    assert target.read_bytes() != before


# --- deckgen check --------------------------------------------------------------------


@pytest.fixture
def messy(tmp_path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/a.md").write_text(
        "Q: Same?\nA: one[^9]\n\nQ: Same?\nA: two\n\n```nolang\nx\n```\n"
    )
    (tmp_path / "notes/b.md").write_text("A: stray answer\n\nQ: fine?\nA: yes\n\n[^1]: https://x\n")
    (tmp_path / "notes/c.md").write_text("# Just notes\n\nNothing here.\n")
    return tmp_path / "notes"


def test_check_lists_every_problem_sorted_with_a_summary(run, messy):
    result = run("check", "notes")
    assert result.exit_code == 1
    assert result.stdout == (
        "notes/a.md:1: warning: citation [^9] has no definition; it is kept as text\n"
        "notes/a.md:4: warning: same question as the card at line 1; both are kept, but give "
        "each its own id (<!-- id: ... -->) so edits update the right note\n"
        "notes/a.md:7: warning: unknown code language 'nolang': shown without highlighting\n"
        "notes/b.md:1: warning: answer label without a question before it; this answer is "
        "left out (write its question above it)\n"
        "notes/b.md:6: warning: footnote [^1] is defined but never cited\n"
        'notes/c.md:1: error: no cards found; a card looks like "Q: question" with "A: '
        "answer\" on the next line, or see 'Writing cards' in the README\n"
        "1 error, 5 warnings in 3 files; 3 cards\n"
    )
    assert not (messy.parent / "output").exists()


def test_check_json(run, messy):
    result = run("check", "notes", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["files"], report["cards"], report["errors"], report["warnings"]) == (3, 3, 1, 5)
    assert report["problems"][-1] == {
        "path": "notes/c.md",
        "line": 1,
        "end_line": 1,
        "level": "error",
        "message": 'no cards found; a card looks like "Q: question" with "A: answer" on the '
        "next line, or see 'Writing cards' in the README",
    }


def test_check_exit_codes_and_strict(run, tmp_path):
    (tmp_path / "clean.md").write_text("Q: a?\nA: b\n")
    (tmp_path / "warned.md").write_text("Q: a?\nA: b[^1]\n")
    assert run("check", "clean.md").stdout == "0 errors, 0 warnings in 1 file; 1 card\n"
    assert run("check", "clean.md").exit_code == 0
    assert run("check", "warned.md").exit_code == 0
    assert run("check", "warned.md", "--strict").exit_code == 1
    assert run("check", "clean.md", "--strict").exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q: a?\nA: b\n\n```python\nnever closed\n",
         "x.md:4: warning: this code fence (```) is never closed: everything after it, to the "
         "end of the file, is code"),
        ("Q: a?\nA: b\n\n```\nx\n    ```\n",  # indented 4 spaces: code, not the end
         "x.md:4: warning: this code fence (```) is never closed"),
        ("Q: a?\nA: b\n\n[^5]: https://unused.example\n",
         "x.md:4: warning: footnote [^5] is defined but never cited"),
        ("Q: The capital is {{c1:Paris}}.\n",
         "x.md:1: error: '{{c1:' is not a cloze Anki reads; write {{c1::answer}}"),
        ("Q: a?\nA: <b onclick=\"x()\">b</b><iframe src=x></iframe>\n",
         "x.md:1: warning: HTML that is removed for safety: onclick=, <iframe>"),
        ("Q: a?\nA: " + "long " * 300 + "\n",
         "x.md:1: warning: this card is 1499 characters long in Quizlet's one-line form (over "
         "1000, --quizlet-limit): hard to study there"),
        ("Q: a?\nA: ![x](gone.png)\n", "x.md:2: warning: image not found: gone.png"),
        ("Q: a?\nA: ![x](../up.png)\n",
         "x.md:2: error: image ../up.png is outside the markdown file's folder; move it into "
         "that folder (images outside it are never packaged)"),
    ],
)  # fmt: skip
def test_check_finds(run, tmp_path, text, message):
    (tmp_path / "x.md").write_text(text)
    result = run("check", "x.md")
    assert any(line.startswith(message) for line in result.stdout.splitlines()), result.stdout


def test_quizlet_limit_is_configurable(run, tmp_path):
    (tmp_path / "x.md").write_text("Q: a?\nA: " + "long " * 30 + "\n")
    assert "Quizlet" not in run("check", "x.md").stdout
    assert "Quizlet" in run("check", "x.md", "--quizlet-limit", "100").stdout
    assert "Quizlet" not in run("check", "x.md", "--quizlet-limit", "0").stdout

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest


def test_build_writes_three_files_into_output(run, sample_page, tmp_path):
    shutil.copy(sample_page, tmp_path / "page.md")
    result = run("build", "page.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "15 cards -> output/page.apkg\n15 cards -> output/page.tsv\n15 cards -> output/page.csv\n"
        "15 added, 0 changed, 0 unchanged, 0 removed\n"
    )
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        ".deckgen-cache",
        "page.apkg",
        "page.csv",
        "page.tsv",
    ]


def test_build_options_output_dir_format_and_deck(run, sample_page, tmp_path):
    shutil.copy(sample_page, tmp_path / "page.md")
    result = run("build", "page.md", "-o", "out/nested", "--format", "tsv", "-f", "csv",
                 "--deck", "My deck")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "15 cards -> out/nested/page.tsv\n15 cards -> out/nested/page.csv\n"
    assert '"My deck"\n' in (tmp_path / "out/nested/page.csv").read_text(encoding="utf-8")
    assert not (tmp_path / "out/nested/page.apkg").exists()


def test_warnings_go_to_stderr_and_the_build_goes_on(run, write_md):
    write_md("### C\nQ: a?\nA: b[^3]\n", "w.md")
    result = run("build", "w.md", "-f", "tsv")
    assert result.exit_code == 0
    assert result.stderr == "w.md:2: warning: citation [^3] has no definition; it is kept as text\n"
    assert result.stdout == "1 card -> output/w.tsv\n"


def assert_failed_and_wrote_nothing(result, tmp_path: Path, stderr: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == stderr
    assert not (tmp_path / "output").exists()


def test_a_question_without_answer_is_left_out_and_the_rest_is_written(run, write_md, tmp_path):
    write_md("## Deck\n\n### 1\n\n**Q:** Lonely?\n\n***\n\n### 2\n**Q:** Fine?\n**A:** yes\n")
    result = run("build", "cards.md", "-f", "tsv")
    assert result.exit_code == 0
    assert result.stderr == (
        'cards.md:5: warning: this question has no answer: add an "A:" line below it; '
        "this card is left out\n"
    )
    assert result.stdout == "1 card (1 left out) -> output/cards.tsv\n"
    assert (tmp_path / "output/cards.tsv").read_text() == "Fine?\tyes\n"
    strict = run("check", "cards.md", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.endswith("0 errors, 1 warning in 1 file; 1 card (1 left out)\n")


def test_every_card_left_out_is_listed(run, write_md, tmp_path):
    write_md("### 1\nQ: a?\nA:\n\n---\n\n### 2\nQ:\nA: b\n\n### 3\nQ: c?\nA: d\n")
    result = run("build", "cards.md", "-f", "csv")
    assert result.exit_code == 0
    assert result.stderr == (
        "cards.md:3: warning: the answer is empty; this card is left out\n"
        "cards.md:8: warning: the question is empty; this card is left out\n"
    )
    assert result.stdout == "1 card (2 left out) -> output/cards.csv\n"


def test_a_page_whose_every_card_is_left_out_is_an_error(run, write_md, tmp_path):
    write_md("Q: a?\nA:\n")
    result = run("build", "cards.md")
    assert_failed_and_wrote_nothing(
        result,
        tmp_path,
        "cards.md:1: error: no cards: the 1 found are left out (see the warnings above)\n"
        "cards.md:2: warning: the answer is empty; this card is left out\n"
        "Error: 1 error, 1 warning in 1 file; nothing written\n",
    )


def test_file_with_no_cards(run, write_md, tmp_path):
    write_md("# Notes\n\nJust prose.\n", "notes.md")
    result = run("build", "notes.md")
    assert_failed_and_wrote_nothing(
        result,
        tmp_path,
        'notes.md:1: error: no cards found; a card looks like "Q: question" with "A: answer" on'
        " the next line, or see 'Writing cards' in the README\n"
        "Error: 1 error, 0 warnings in 1 file; nothing written\n",
    )


def test_empty_file(run, write_md, tmp_path):
    write_md("", "empty.md")
    result = run("build", "empty.md")
    assert result.exit_code == 1
    assert result.stderr == (
        "empty.md:1: error: the file is empty\nError: 1 error, 0 warnings in 1 file; nothing written\n"
    )


def test_file_that_is_not_utf8(run, tmp_path):
    (tmp_path / "legacy.md").write_bytes("### C\n\nQ: a?\nA: \xb0C\n".encode("cp1252"))
    result = run("build", "legacy.md")
    assert_failed_and_wrote_nothing(
        result,
        tmp_path,
        "legacy.md:4: error: not UTF-8 text (byte 0xb0 at column 4); save the file as UTF-8, "
        "or name its encoding with --encoding (e.g. cp1252)\n"
        "Error: 1 error, 0 warnings in 1 file; nothing written\n",
    )


def test_output_dir_that_is_a_file(run, sample_page, tmp_path):
    shutil.copy(sample_page, tmp_path / "page.md")
    (tmp_path / "output").write_text("not a folder")
    result = run("build", "page.md")
    assert result.exit_code == 1
    assert result.stderr == "Error: output is a file, not a folder\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "missing.md"], "Path 'missing.md' does not exist."),
        (["build"], "Missing argument 'INPUT'."),
        (["build", ".", "-f", "pdf"], "'pdf' is not one of 'apkg', 'tsv', 'csv'."),
    ],
)
def test_usage_errors_exit_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_version_and_help(run):
    assert run("--version").stdout.startswith("deckgen, version ")
    assert "build" in run("--help").stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_after_its_delay_and_clears_itself():
    from deckgen.cli import Progress

    terminal = _Terminal()
    progress = Progress(terminal, delay=0)
    progress("rendering", "deck.md", 5, 10)
    assert terminal.getvalue() == "\rdeck.md: rendering [###############---------------] 5/10 cards"
    progress.clear()
    assert terminal.getvalue().endswith("\r\033[K")

    slow = _Terminal()
    Progress(slow, delay=60)("rendering", "deck.md", 5, 10)  # a quick build never shows it
    assert slow.getvalue() == ""
    piped = io.StringIO()
    Progress(piped, delay=0)("rendering", "deck.md", 5, 10)  # not a terminal: never
    assert piped.getvalue() == ""


def test_build_reports_what_changed_since_the_last_package(run, tmp_path):
    page = tmp_path / "deck.md"
    page.write_text("# Deck\n\nQ: one?\nA: 1\n\nQ: two?\nA: 2\n\nQ: three?\nA: 3\n")
    assert run("build", "deck.md", "-f", "apkg").stdout.endswith(
        "3 added, 0 changed, 0 unchanged, 0 removed\n"
    )
    page.write_text(
        "# Deck\n\nQ: one?\nA: 1, edited\n\nQ: four?\nA: 4\n\n## Part\n\nQ: three?\nA: 3\n"
    )
    result = run("build", "deck.md", "-f", "apkg", "-v")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n")[1:] == [
        "1 added, 2 changed, 0 unchanged, 1 removed",
        "  added: deck.md:6: 'four?' (deck 'Deck')",
        "  changed: deck.md:3: 'one?' (deck 'Deck')",  # its answer
        "  changed: deck.md:11: 'three?' (deck 'Deck::Part')",  # its deck
        "  removed: 'two?' (deck 'Deck', was in deck.md)",
        "  (importing the .apkg keeps removed cards in Anki: delete them there, "
        "or keep a collection in step with 'deckgen sync')",
        "",
    ]
    unchanged = run("build", "deck.md", "-f", "apkg")
    assert unchanged.stdout.endswith("0 added, 0 changed, 3 unchanged, 0 removed\n")

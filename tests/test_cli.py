from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import click
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
    assert '"My deck","Basic"\n' in (tmp_path / "out/nested/page.csv").read_text(encoding="utf-8")
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
    assert run("-V").stdout == run("--version").stdout
    assert "build" in run("--help").stdout


# --- -o FILE: an output path with a format's suffix is that file ------------------------

PAGE = "### C\nQ: a?\nA: b\n"


@pytest.mark.parametrize("fmt", ["apkg", "tsv", "csv"])
def test_output_path_with_a_format_suffix_is_that_one_file(run, write_md, tmp_path, fmt):
    write_md(PAGE)
    result = run("build", "cards.md", "-o", f"decks/mydeck.{fmt}")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"1 card -> decks/mydeck.{fmt}"
    assert (tmp_path / f"decks/mydeck.{fmt}").is_file()
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == [
        ".deckgen-cache",
        f"mydeck.{fmt}",
    ]
    assert not (tmp_path / "output").exists()


def test_output_file_replaces_the_previous_file(run, write_md, tmp_path):
    write_md(PAGE)
    (tmp_path / "deck.tsv").write_text("old\n")
    assert run("build", "cards.md", "-o", "deck.tsv", "-f", "tsv").exit_code == 0
    assert (tmp_path / "deck.tsv").read_text() == "a?\tb\n"


def test_an_existing_folder_named_like_a_file_stays_a_folder(run, write_md, tmp_path):
    write_md(PAGE)
    (tmp_path / "x.apkg").mkdir()
    result = run("build", "cards.md", "-o", "x.apkg", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 card -> x.apkg/cards.tsv\n"


# click names its first help option in the hint: "-h" up to 8.2.0, "--help" after.
USAGE = re.compile(
    r"Usage: deckgen build \[OPTIONS\] INPUT\nTry 'deckgen build (-h|--help)' for help\.\n\n"
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "deck.apkg", "-f", "tsv"],
            "-o deck.apkg is one .apkg file, but -f asks for tsv: drop -f, or give -o a folder",
        ),
        (
            ["-o", "deck.csv", "-f", "csv", "-f", "tsv"],
            "-o deck.csv is one .csv file, but -f asks for csv and tsv: drop -f, or give -o a "
            "folder",
        ),
        (
            ["-o", "deck.apkg", "--split"],
            "--split writes one set of files per input, and -o deck.apkg is one file: "
            "give -o a folder",
        ),
        (
            ["-o", "deck.apkg", "--name", "other"],
            "--name other and -o deck.apkg both name the output: drop --name",
        ),
        (
            ["-o", "deck.html"],
            "-o deck.html names a page, which 'deckgen preview' writes; a build writes .apkg, "
            ".tsv, .csv files: give -o a folder or a file with one of those",
        ),
    ],
)
def test_output_file_and_options_that_contradict_it_are_usage_errors(
    run, write_md, tmp_path, args, message
):
    write_md(PAGE)
    result = run("build", "cards.md", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    usage = USAGE.match(result.stderr)
    assert usage is not None, result.stderr
    assert result.stderr[usage.end() :] == f"Error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards.md"]


def test_output_file_with_its_own_format_given_too_is_fine(run, write_md, tmp_path):
    write_md(PAGE)
    result = run("build", "cards.md", "-o", "deck.apkg", "-f", "apkg", "--name", "deck")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deck.apkg").is_file()


def test_preview_output_path_ending_in_html_is_the_page(run, write_md, tmp_path):
    write_md(PAGE)
    result = run("preview", "cards.md", "-o", "site/page.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 card -> site/page.html\n"
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["page.html"]
    assert "<title>page" in (tmp_path / "site/page.html").read_text(encoding="utf-8")
    package = run("preview", "cards.md", "-o", "page.apkg")
    assert package.exit_code == 2
    assert package.stderr.endswith(
        "Error: -o page.apkg names a .apkg file, which 'deckgen build' writes; a preview is "
        "an HTML page: give -o a folder or a file named *.html\n"
    )


# --- - reads the page from standard input ------------------------------------------------


def test_dash_reads_the_page_from_standard_input(run, tmp_path):
    result = run("build", "-", "--name", "spanish", "-f", "csv", input="Q: uno?\nA: one\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 card -> output/spanish.csv\n"
    row = (tmp_path / "output/spanish.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert row.endswith('"source::stdin","spanish","Basic"')  # the deck is named after the outputs


def test_a_page_from_standard_input_without_name_gives_stdin_outputs(run, tmp_path):
    result = run("build", "-", "-f", "tsv", "-f", "csv", input="# Verbs\n\nQ: a?\nA: b\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 card -> output/stdin.tsv\n1 card -> output/stdin.csv\n"
    row = (tmp_path / "output/stdin.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert row.endswith('"Verbs","Basic"')  # a deck the page names is kept


def test_messages_name_standard_input_stdin_with_line_numbers(run):
    result = run("check", "-", input="### C\nQ: a?\nA: b[^3]\n")
    assert result.exit_code == 0
    assert result.stdout == (
        "<stdin>:2: warning: citation [^3] has no definition; it is kept as text\n"
        "0 errors, 1 warning in 1 file; 1 card\n"
    )
    empty = run("build", "-", input="")
    assert empty.exit_code == 1
    assert empty.stderr.startswith("<stdin>:1: error: the file is empty\n")


def test_images_on_a_page_from_standard_input_are_found_in_the_current_folder(
    run, tmp_path, monkeypatch
):
    from conftest import DATA

    (tmp_path / "img").mkdir()
    shutil.copy(DATA / "other/diagram.png", tmp_path / "img/diagram.png")
    page = "Q: Which colour?\nA: ![red](img/diagram.png)\n"
    result = run("build", "-", "-o", "deck.apkg", input=page)
    assert result.exit_code == 0, result.output
    import zipfile

    with zipfile.ZipFile(tmp_path / "deck.apkg") as package:
        assert "diagram" in package.read("media").decode()
    missing = run("build", "-", input="Q: a?\nA: ![x](gone.png)\n")
    assert missing.exit_code == 0
    assert missing.stderr == (
        f"<stdin>:2: warning: image not found: gone.png (looked in {tmp_path}); "
        "the card is written without it\n"
    )


def test_preview_and_sync_read_standard_input_too(run, tmp_path):
    anki = pytest.importorskip("anki.collection")
    page = "Q: a?\nA: b\n"
    preview = run("preview", "-", input=page)
    assert preview.exit_code == 0, preview.output
    assert preview.stdout == "1 card -> output/stdin.html\n"
    anki.Collection(str(tmp_path / "col.anki2")).close()
    sync = run("sync", "-", "--collection", "col.anki2", input=page)
    assert sync.exit_code == 0, sync.output
    assert sync.stdout == "1 added, 0 changed, 0 unchanged, 0 removed\n"
    col = anki.Collection(str(tmp_path / "col.anki2"))
    try:
        (note_id,) = col.find_notes("deck:stdin")
        assert "source::stdin" in col.get_note(note_id).tags
    finally:
        col.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "-", "-"], "- (standard input) is given twice; it can be read only once"),
        (
            ["check", "-", "cards.md", "-"],
            "- (standard input) is given twice; it can be read only once",
        ),
        (["build", "-", "--watch"], "--watch cannot watch standard input (-): give the files"),
    ],
)
def test_standard_input_twice_or_watched_is_a_usage_error(run, write_md, args, message):
    write_md(PAGE)
    result = run(*args, input=PAGE)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\nError: {message}\n")


def test_a_file_named_dash_is_given_as_dot_slash_dash(run, tmp_path):
    (tmp_path / "-").write_text(PAGE)
    result = run("build", "./-", "-o", "deck.tsv", input="Q: not this?\nA: no\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deck.tsv").read_text() == "a?\tb\n"


# --- .markdown files ---------------------------------------------------------------------


def test_markdown_suffix_is_markdown_as_an_input_and_in_a_folder(run, tmp_path):
    (tmp_path / "notes/python").mkdir(parents=True)
    (tmp_path / "notes/a.markdown").write_text("Q: a?\nA: b\n")
    (tmp_path / "notes/python/basics.md").write_text("Q: c?\nA: d\n")
    (tmp_path / "notes/readme.txt").write_text("Q: not a card?\nA: no\n")
    result = run("build", "notes", "-f", "csv", "-v")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "notes/a.markdown: 1 card (labels), deck 'notes::a', 100% of its lines in cards\n"
        "notes/python/basics.md: 1 card (labels), deck 'notes::python::basics', "
        "100% of its lines in cards\n"
    )
    single = run("build", "notes/a.markdown", "-f", "tsv")
    assert single.stdout == "1 card -> output/a.tsv\n"
    split = run("build", "notes", "--split", "-f", "tsv", "-o", "split")
    assert split.stdout == "1 card -> split/a.tsv\n1 card -> split/python-basics.tsv\n"


# --- shell completion --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o nosort -F _deckgen_completion deckgen"),
        ("zsh", "compdef _deckgen_completion deckgen"),
        ("fish", "complete --no-files --command deckgen"),
    ],
)
def test_shell_completion_script_is_produced(shell, expected):
    from click.testing import CliRunner

    from deckgen.cli import cli

    env = {"_DECKGEN_COMPLETE": f"{shell}_source"}
    result = CliRunner().invoke(cli, [], prog_name="deckgen", env=env)
    assert result.exit_code == 0
    assert expected in result.stdout


def test_shell_completion_completes_commands_and_options():
    from click.testing import CliRunner

    from deckgen.cli import cli

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {
            "_DECKGEN_COMPLETE": "bash_complete",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
        return CliRunner().invoke(cli, [], prog_name="deckgen", env=env).stdout.split()

    assert complete("deckgen bu") == ["plain,build"]
    assert "plain,--keep-going" in complete("deckgen build --k")


# --- preview --open without a browser ----------------------------------------------------


def test_preview_open_fails_naming_the_page_when_no_browser_opens(
    run, write_md, tmp_path, monkeypatch
):
    write_md(PAGE)
    opened = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 1)
    monkeypatch.setenv("DISPLAY", ":0")
    result = run("preview", "cards.md", "--open")
    assert opened == ["output/cards.html"]
    assert result.exit_code == 1
    assert result.stdout == "1 card -> output/cards.html\n"
    assert result.stderr == (
        "Error: no browser could be opened; open output/cards.html in one by hand\n"
    )
    assert (tmp_path / "output/cards.html").is_file()


def test_preview_open_without_a_display_does_not_try(run, write_md, monkeypatch):
    write_md(PAGE)
    opened = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "WSL_DISTRO_NAME"):
        monkeypatch.delenv(name, raising=False)
    result = run("preview", "cards.md", "--open")
    assert opened == []
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no browser could be opened; open output/cards.html in one by hand\n"
    )
    monkeypatch.setenv("DISPLAY", ":0")
    assert run("preview", "cards.md", "--open").exit_code == 0
    assert opened == ["output/cards.html"]


# --- progress ------------------------------------------------------------------------------


def _phases(calls):
    """The (phase, file) steps, each once in a row."""
    steps = [(phase, path) for phase, path, _, _ in calls]
    return [step for n, step in enumerate(steps) if n == 0 or steps[n - 1] != step]


def test_the_library_reports_each_phase_of_each_file_in_order(tmp_path, monkeypatch):
    import deckgen
    from deckgen import api

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(PAGE)
    (tmp_path / "b.md").write_text(PAGE.replace("C", "D"))
    calls = []

    def progress(*call):
        calls.append(call)

    options = deckgen.Options(output_dir="out", formats=("tsv", "csv"), progress=progress)
    deckgen.build(["a.md", "b.md"], options)
    assert _phases(calls) == [
        ("reading", "a.md"),
        ("parsing", "a.md"),
        ("rendering", "a.md"),
        ("reading", "b.md"),
        ("parsing", "b.md"),
        ("rendering", "b.md"),
        ("writing", f"out/{tmp_path.name}.tsv"),
        ("writing", f"out/{tmp_path.name}.csv"),
    ]
    assert calls[0] == ("reading", "a.md", 0, 2)
    assert ("reading", "b.md", 1, 2) in calls
    assert ("rendering", "a.md", 1, 1) in calls
    assert calls[-1] == ("writing", f"out/{tmp_path.name}.csv", 1, 2)

    calls.clear()
    api.preview(["a.md"], deckgen.Options(output_dir="page.html", progress=progress))
    assert _phases(calls) == [
        ("reading", "a.md"),
        ("parsing", "a.md"),
        ("rendering", "a.md"),
        ("writing", "page.html"),
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_each_phase_on_a_terminal_and_clears_itself():
    from deckgen.cli import Progress

    terminal = _Terminal()
    progress = Progress(terminal)
    progress("reading", "deck.md", 0, 1)
    assert "reading deck.md" in terminal.getvalue()
    progress("rendering", "deck.md", 2500, 10000)
    progress("rendering", "deck.md", 5000, 10000)
    progress("writing", "out/deck.apkg", 0, 3)
    drawn = terminal.getvalue().split("\r")
    hidden = "\x1b[?25l"  # click's bar hides the cursor while it draws
    assert [line.removeprefix(hidden) for line in drawn if line.startswith(hidden)] == [
        "reading deck.md  [--------------------]",
        "rendering deck.md  [#####---------------]  2500/10000",
        "rendering deck.md  [##########----------]  5000/10000",
        "writing out/deck.apkg  [--------------------]  0/3",
    ]
    assert drawn.count("\x1b[K\x1b[?25h") == 2  # each phase's bar cleared for the next
    progress.clear()
    assert terminal.getvalue().endswith("\r\x1b[K\x1b[?25h")  # gone, and the cursor back


def test_progress_prints_nothing_when_stderr_is_not_a_terminal(run, write_md):
    from deckgen.cli import Progress

    piped = io.StringIO()
    progress = Progress(piped)
    progress("reading", "deck.md", 0, 1)
    progress("rendering", "deck.md", 5, 10)
    progress.clear()
    assert piped.getvalue() == ""
    write_md(PAGE)
    result = run("build", "cards.md", "-f", "tsv")  # stderr captured: not a terminal
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_progress_shows_on_a_terminal_from_reading_to_writing(tmp_path):
    import os
    import pty
    import subprocess

    import deckgen

    (tmp_path / "cards.md").write_text(PAGE)
    source = str(Path(deckgen.__file__).parents[1])  # this deckgen, not one installed
    main, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "deckgen", "build", "cards.md", "-f", "tsv"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": source},
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=60,
        )
        os.close(terminal)
        drawn = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(main)
    assert result.returncode == 0
    assert result.stdout == "1 card -> output/cards.tsv\n"  # the pipe gets no progress
    text = drawn.decode()
    places = [text.index(f"{phase} ") for phase in ("reading", "parsing", "rendering", "writing")]
    assert places == sorted(places)
    assert "writing output/cards.tsv" in text
    assert text.endswith("\r\x1b[K\x1b[?25h")


def test_progress_cuts_a_long_path_at_its_start_to_fit_the_line(monkeypatch):
    from deckgen.cli import Progress

    monkeypatch.setenv("COLUMNS", "80")
    terminal = _Terminal()
    path = "notes/" * 20 + "basics.md"
    Progress(terminal)("rendering", path, 1, 2)
    line = terminal.getvalue().removeprefix("\r\x1b[?25l")
    assert line.startswith("rendering ...es/notes/basics.md  [")
    assert len(line) <= 80


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


def test_a_renamed_deck_lists_ten_removed_cards_and_says_why_they_are_new(run, tmp_path):
    page = tmp_path / "deck.md"
    cards = "".join(f"Q: question {n} `code`?\nA: {n}\n\n" for n in range(12))
    page.write_text("# Verbs\n\n" + cards)
    run("build", "deck.md", "-f", "apkg")
    page.write_text("# Irregular verbs\n\n" + cards)
    lines = run("build", "deck.md", "-f", "apkg").stdout.split("\n")
    assert lines[1] == "12 added, 0 changed, 0 unchanged, 12 removed"
    assert sum(line.startswith("  removed: ") for line in lines) == 10
    assert "  ... and 2 more removed (-v lists them all)" in lines
    assert (
        "  (12 of the removed cards are added again in deck 'Irregular verbs', was 'Verbs': "
        "in Anki they become new notes, without their review history; a card with an "
        "'<!-- id: ... -->' keeps its note, and 'deckgen sync' moves notes)"
    ) in lines
    page.write_text("# Verbs\n\n" + cards)
    verbose = run("build", "deck.md", "-f", "apkg", "-v").stdout
    assert verbose.count("  removed: ") == 12 and "more removed" not in verbose


def test_a_removed_card_comes_back_once_however_many_cards_share_its_question():
    from deckgen.changes import Card, Changes

    changes = Changes(added=(Card("Q?", "New"), Card("Q ?", "New")), removed=(Card("Q?", "Old"),))
    assert changes.moved() == [("Old", "New", 1)]  # not "2 of the removed cards"

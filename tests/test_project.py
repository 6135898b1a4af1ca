"""The project's promises to a newcomer: the sample deck builds, the docs match the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from anki_backend import collection, import_apkg, notes
from conftest import ROOT
from deckgen.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_sample_cards_md_builds_and_imports_into_anki(tmp_path, monkeypatch):
    shutil.copy(ROOT / "cards.md", tmp_path / "cards.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "cards.md"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the sample has nothing to warn about
    assert result.stdout in README  # the README shows the real output
    with collection(tmp_path / "col.anki2") as col:
        assert import_apkg(col, tmp_path / "output/cards.apkg")["new"] == 8
        questions = [note["Question"] for note in notes(col)]
    assert "<p>What does <code>git status</code> show?</p>" in questions


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_readme_documents_every_command_and_option(command):
    assert f"deckgen {command} " in README
    for param in cli.commands[command].params:
        names = param.opts if param.param_type_name == "option" else [param.human_readable_name]
        for name in names:
            assert f"`{name}" in README, name


def test_readme_setup_is_two_commands_that_build_cards_md_and_run_the_tests():
    block = re.search(r"<!-- setup:begin.*?```sh\n(.*?)```", README, re.S).group(1)
    install, test = block.strip().split("\n")
    assert install.endswith("deckgen build cards.md")
    assert "pip install -e ." in install
    assert test.endswith("pytest")


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "deckgen", "--help"], capture_output=True, text=True, check=True
    )
    assert "build" in result.stdout


@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_each_command_runs_in_a_fresh_interpreter(command, tmp_path):
    # Import order differs from the tests' own; a circular import would show here.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "deckgen",
            command,
            str(ROOT / "cards.md"),
            *(["-o", str(tmp_path)] if command in ("build", "preview") else []),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dialect", ["sections", "labels", "table", "headings"])
def test_readme_example_of_each_dialect_reads_as_that_dialect(dialect):
    from deckgen import parse_text

    section = README.split(f"`{dialect}`:", 1)[1]
    example = re.search(r"(`{3,4})markdown\n(.*?)\n\1\n", section, re.S).group(2)
    example = re.sub(r" +<- .*", "", example)  # the README's annotations
    deck = parse_text(example)
    assert deck.dialect == dialect
    assert len(deck.cards) >= 1


def test_the_library_calls_are_functions_whatever_was_imported_before(tmp_path):
    """deckgen.build, check, preview and sync stay the API's functions even once every
    module of the package has been imported (a module named like one would shadow it)."""
    import importlib
    import pkgutil

    import deckgen

    for module in pkgutil.walk_packages(deckgen.__path__, "deckgen."):
        importlib.import_module(module.name)
    for name in ("build", "check", "preview", "sync"):
        assert callable(getattr(deckgen, name)), name
    (tmp_path / "a.md").write_text("Q: a?\nA: b\n", encoding="utf-8")
    for _ in range(2):
        report = deckgen.preview([tmp_path / "a.md"], deckgen.Options(output_dir=tmp_path))
        assert report.written[0].path == tmp_path / "a.html"


READING = {"--deck", "--dialect", "--encoding", "--max-size", "--quizlet-limit", "--jobs"}


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_the_command_summary_names_every_option_but_the_reading_ones(command):
    """The summary at the top of the Command reference matches --help."""
    block = README.split("## Command reference", 1)[1].split("```", 2)[1]
    lines = block.split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith(f"deckgen {command} "))
    summary = lines[start]
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        summary += line
    assert "[READING OPTIONS]" in summary
    for param in cli.commands[command].params:
        if param.param_type_name != "option" or READING & set(param.opts):
            continue
        assert any(re.search(rf"{re.escape(name)}\b", summary) for name in param.opts), (
            command,
            param.opts,
        )

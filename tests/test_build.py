"""Builds of many files and folders, project config, and the precedence of options."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import deckgen
from anki_backend import collection, import_apkg, notes
from conftest import DATA
from deckgen.cli import DIALECT_NAMES, FORMAT_NAMES, cli
from deckgen.export import FORMATS
from deckgen.parse import DIALECTS


def load(inputs, deck_name=None):
    """Read, parse and render as a build would, writing nothing."""
    import deckgen

    return deckgen.check(inputs, deckgen.Options(deck=deck_name))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def notes_folder(tmp_path) -> Path:
    root = tmp_path / "notes"
    write(root / "python/basics.md", "# Python\n\nQ: What is a list?\nA: A mutable sequence.\n")
    write(
        root / "python/advanced.md",
        "---\ndeck: Custom::Deck\ntags: [hard]\n---\nQ: What is a metaclass?\nA: A class's class.\n",
    )
    write(root / "git.md", "# Git\n\n## What does `git init` do?\n\nCreates a repository.\n")
    write(root / "README.txt", "not markdown, not read")
    return root


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_choices_match_the_registries():
    assert tuple(FORMATS) == FORMAT_NAMES
    assert tuple(DIALECTS) == DIALECT_NAMES


def test_folder_build_gives_sub_decks_from_paths_and_imports_into_anki(notes_folder, tmp_path):
    out = tmp_path / "output"
    result = run("build", str(notes_folder), "-o", str(out), "-v")
    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(
        f"3 cards -> {out}/notes.{fmt}\n" for fmt in ("apkg", "tsv", "csv")
    ) + (
        "3 added, 0 changed, 0 unchanged, 0 removed\n"
        f"  added: {notes_folder}/git.md:3: 'What does git init do?' (deck 'notes::git')\n"
        f"  added: {notes_folder}/python/advanced.md:5: 'What is a metaclass?' "
        "(deck 'Custom::Deck')\n"
        f"  added: {notes_folder}/python/basics.md:3: 'What is a list?' "
        "(deck 'notes::python::basics')\n"
    )
    assert result.stderr == (
        f"{notes_folder}/git.md: 1 card (headings), deck 'notes::git', 66% of its lines in cards\n"
        f"{notes_folder}/python/advanced.md: 1 card (labels), deck 'Custom::Deck', "
        "100% of its lines in cards\n"
        f"{notes_folder}/python/basics.md: 1 card (labels), deck 'notes::python::basics', "
        "66% of its lines in cards\n"
    )
    with collection(tmp_path / "col.anki2") as col:
        assert import_apkg(col, out / "notes.apkg")["new"] == 3
        decks = {
            note["Question"]: (col.decks.name(note.cards()[0].did), sorted(note.tags))
            for note in notes(col)
        }
    assert decks == {
        "<p>What does <code>git init</code> do?</p>": ("notes::git", ["source::git.md"]),
        "<p>What is a metaclass?</p>": ("Custom::Deck", ["hard", "source::python/advanced.md"]),
        "<p>What is a list?</p>": ("notes::python::basics", ["source::python/basics.md"]),
    }


def test_split_writes_one_set_per_file(notes_folder, tmp_path):
    out = tmp_path / "out"
    result = run("build", str(notes_folder), "-o", str(out), "--split", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".deckgen-cache",
        "git.tsv",
        "python-advanced.tsv",
        "python-basics.tsv",
    ]


def test_several_files_each_name_their_deck(tmp_path):
    a = write(tmp_path / "in/a.md", "## Deck A\n\nQ: a?\nA: a\n")
    b = write(tmp_path / "in/b.md", "Q: b?\nA: b\n")
    build = load([a, b])
    assert [d.name for d in build.decks] == ["Deck A", "b"]
    result = run("build", str(a), str(b), "-o", str(tmp_path / "out"), "-f", "csv")
    assert result.stdout == f"2 cards -> {tmp_path}/out/in.csv\n"


def test_reordered_files_keep_their_cards_identity(notes_folder, tmp_path):
    from deckgen.identity import note_guids

    first = load([notes_folder])
    (notes_folder / "git.md").rename(notes_folder / "zz_git.md")
    second = load([notes_folder])
    guids = lambda build: {  # noqa: E731
        note.card.question: guid
        for deck, deck_guids in zip(build.decks, note_guids(build.decks), strict=True)
        for note, guid in zip(deck.notes, deck_guids, strict=True)
    }
    # Renaming a file renames its deck; the other files' cards keep their GUIDs.
    same = {q for q in guids(first) if guids(first)[q] == guids(second).get(q)}
    assert same == {"What is a list?", "What is a metaclass?"}


def test_a_problem_in_one_file_names_that_file(notes_folder):
    write(notes_folder / "broken.md", "Q: broken {{c1:cloze}\nA: here\n")
    build = load([notes_folder])
    assert [str(p) for p in build.problems] == [
        f"{notes_folder}/broken.md:1: error: '{{{{c1:' is not a cloze Anki reads; "
        "write {{c1::answer}}"
    ]
    assert build.files == 4
    assert len(build.decks) == 3  # the others still parse


def test_same_id_in_two_files_warns_with_both_places(tmp_path):
    a = write(tmp_path / "a.md", "Q: one? <!-- id: dup -->\nA: 1\n")
    b = write(tmp_path / "b.md", "Q: two? <!-- id: dup -->\nA: 2\n")
    (warning,) = load([a, b]).warnings
    assert str(warning).startswith(f"{b}:1: warning: same id 'dup' as the card at {a}:1;")


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}/empty:1: error: no *.md or *.markdown files in this folder\n"
        "Error: 1 error, 0 warnings in 0 files; nothing written\n"
    )


def test_two_inputs_that_would_write_the_same_files(tmp_path):
    a = write(tmp_path / "x/cards.md", "Q: a?\nA: a\n")
    b = write(tmp_path / "y/cards.md", "Q: b?\nA: b\n")
    result = run("build", str(a), str(b), "--split", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {a} and {b} would both write cards.*; build them separately or use --name\n"
    )


# --- precedence: command line > front matter > project config --------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.deckgen]\ndeck = "Project deck"\ntags = ["course"]\n'
        "reverse = true\n",
    )
    write(tmp_path / "cards/plain.md", "Q: a?\nA: b\n")
    write(
        tmp_path / "cards/own.md",
        "---\ndeck: Own deck\nreverse: false\ntags: [mine]\n---\nQ: a?\nA: b\n",
    )
    return tmp_path / "cards"


def test_project_config_applies_where_front_matter_is_silent(project):
    (deck,) = load([project / "plain.md"]).decks
    assert deck.name == "Project deck"
    assert deck.notes[0].card.reverse
    assert deck.notes[0].card.tags == ("course", "source::plain.md")


def test_front_matter_wins_over_project_config_and_tags_add_up(project):
    (deck,) = load([project / "own.md"]).decks
    assert deck.name == "Own deck"
    assert not deck.notes[0].card.reverse
    assert deck.notes[0].card.tags == ("course", "mine", "source::own.md")


def test_command_line_wins_over_front_matter(project):
    (deck,) = load([project / "own.md"], deck_name="CLI deck").decks
    assert deck.name == "CLI deck"


def test_deckgen_toml_is_read_too(tmp_path):
    write(tmp_path / "deckgen.toml", 'dialect = "headings"\n')
    page = write(tmp_path / "x.md", "# D\n\n## Q: not a label?\n\nanswer\n\n## Two\n\nmore\n")
    (deck,) = load([page]).decks
    assert deck.dialect == "headings"


def test_broken_config_is_an_error_naming_it(tmp_path):
    config = write(tmp_path / "deckgen.toml", "deck = [unclosed\n")
    page = write(tmp_path / "x.md", "Q: a\nA: b\n")
    (problem,) = load([page]).problems
    assert str(problem).startswith(f"{config}:1: error: cannot read the config")


def test_unknown_config_key_warns(tmp_path):
    config = write(tmp_path / "deckgen.toml", 'colour = "blue"\n')
    page = write(tmp_path / "x.md", "Q: a\nA: b\n")
    assert [str(w) for w in load([page]).warnings] == [
        f"{config}:1: warning: unknown config key 'colour' (known: deck, tags, reverse, dialect, sections)"
    ]


def test_sample_page_builds_in_a_folder_with_its_images(tmp_path):
    root = tmp_path / "deck"
    shutil.copytree(DATA / "img", root / "img")
    write(root / "sub/page.md", "Q: Which colour?\nA: ![red](../img/diagram.png)\n")
    (deck,) = load([root]).decks
    assert deck.notes[0].media[0].path == (root / "img/diagram.png").resolve()


def test_obsidian_embeds_an_image_by_its_name_and_warns_of_a_note_it_embeds(tmp_path):
    """ "![[diagram.png|120]]" was text on the card and no image was packaged; an image
    named alone is found where Obsidian keeps it (an attachments folder); an embedded
    note ("![[Generations#^rule]]") cannot be read and says so."""
    vault = tmp_path / "vault"
    shutil.copytree(DATA / "img", vault / "attachments")
    write(
        vault / "notes/gc.md",
        "#flashcards\n\nWhat does the diagram show?\n?\n![[diagram.png|120]]\n\n"
        "What survives a GC cycle?\n?\n![[Generations#^survivor-rule]]\n\n"
        "What is `![[diagram.png]]` in code?\n?\nText.\n",
    )
    report = load([vault])
    (deck,) = report.decks
    first, second, third = deck.notes
    assert [m.path for m in first.media] == [(vault / "attachments/diagram.png").resolve()]
    assert f'<img src="{first.media[0].name}" alt="" width="120" />' in first.answer_html
    assert second.answer_html == "<p>![[Generations#^survivor-rule]]</p>"
    assert "<code>![[diagram.png]]</code>" in third.question_html and not third.media
    assert [(p.pos.line, p.message) for p in report.warnings] == [
        (
            9,
            "![[Generations#^survivor-rule]] embeds another note, which deckgen does not read: "
            "the card shows it as text; paste what it shows into the card",
        )
    ]


def test_images_found_by_name_only_when_embedded_and_the_vault_listed_once(tmp_path, monkeypatch):
    """Only "![[name.png]]" is looked for by name (a markdown image names its path);
    the folder is listed once for the whole build, not once a page; a path from the
    vault's top and blanks inside the brackets work; a width of 0 is none."""
    import deckgen.render.media as media

    vault = tmp_path / "vault"
    shutil.copytree(DATA / "img", vault / "attachments")
    for n in range(3):
        write(vault / f"notes/p{n}.md", f"Q: Which one {n}?\nA: ![[ nothere{n}.png ]]\n")
    write(
        vault / "notes/q.md",
        "Q: Plain?\nA: ![](diagram.png)\n\nQ: Path?\nA: ![[attachments/diagram.png|0]]\n",
    )
    listed = []
    monkeypatch.setattr(media.ByName, "_list", lambda self: listed.append(1) or {})
    report = load([vault])
    assert len(listed) == 1
    notes = {n.card.question: n for deck in report.decks for n in deck.notes}
    assert not notes["Plain?"].media  # not found beside the page: warned, not searched
    assert [m.path for m in notes["Path?"].media] == [(vault / "attachments/diagram.png").resolve()]
    assert "width" not in notes["Path?"].answer_html
    missing = sorted(p.message for p in report.warnings if "not found" in p.message)
    assert len(missing) == 4 and "diagram.png" in missing[0]


def test_a_cached_build_looks_for_a_markdown_image_where_a_fresh_one_does(tmp_path):
    """A markdown image ("![](pic.png)") moved from beside its page into another folder of
    the vault is missing, with or without the cache; only "![[pic.png]]" is found by
    name. (The cache's check of an image once looked for every one by name, and kept a
    card whose image a fresh build says is missing.)"""
    vault = tmp_path / "vault"
    shutil.copytree(DATA / "img", vault / "notes")
    write(
        vault / "notes/page.md",
        "Q: Plain?\nA: ![](diagram.png)\n\nQ: Embed?\nA: ![[diagram.png]]\n",
    )
    options = deckgen.Options(output_dir=tmp_path / "out")
    assert not deckgen.build([vault], options).warnings  # both beside the page: cached now
    (vault / "attachments").mkdir()
    (vault / "notes/diagram.png").rename(vault / "attachments/diagram.png")
    cached, fresh = (
        deckgen.build([vault], dataclasses.replace(options, cache=cache)) for cache in (True, False)
    )
    for report in (cached, fresh):
        notes = {n.card.question: n for deck in report.decks for n in deck.notes}
        assert not notes["Plain?"].media
        assert [m.path for m in notes["Embed?"].media] == [
            (vault / "attachments/diagram.png").resolve()
        ]
        assert [p.message for p in report.warnings] == [
            f"image not found: diagram.png (looked in {(vault / 'notes').resolve()}); "
            "the card is written without it"
        ]


def test_parallel_and_cached_builds_write_the_same_files_as_the_plain_path(tmp_path, monkeypatch):
    monkeypatch.setattr("deckgen.export.WRITE_APART_FROM", 100)  # formats in workers too
    lines = ["# Many cards", ""]
    for n in range(700):  # above the size where workers start
        code = f"\n\n```python\nprint({n})\n```" if n % 3 == 0 else ""
        lines += [f"Q: What is {n} + {n}?", f"A: **{2 * n}**[^1]{code}", ""]
    lines.append("[^1]: https://example.com/arithmetic")
    write(tmp_path / "many.md", "\n".join(lines))
    out = tmp_path / "out"

    def build(*options: str) -> dict[str, bytes]:
        result = run("build", str(tmp_path / "many.md"), "-o", str(out), *options)
        assert result.exit_code == 0, result.output
        return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    plain = build("--jobs", "1", "--no-cache")
    assert build("--jobs", "2", "--no-cache") == plain  # workers
    assert not (out / ".deckgen-cache").exists()
    assert build("--jobs", "2") == plain  # workers, filling the cache
    assert (out / ".deckgen-cache/cards.sqlite").is_file()

    def no_rendering(*args):
        raise AssertionError("rendered a card the cache holds")

    monkeypatch.setattr("deckgen.render.render_card", no_rendering)
    assert build("--jobs", "1") == plain  # every card from the cache


def test_a_damaged_cache_is_ignored(tmp_path):
    write(tmp_path / "a.md", "Q: a?\nA: b\n")
    out = tmp_path / "out"
    assert run("build", str(tmp_path / "a.md"), "-o", str(out), "-f", "tsv").exit_code == 0
    (out / ".deckgen-cache/cards.sqlite").write_bytes(b"not a database at all")
    result = run("build", str(tmp_path / "a.md"), "-o", str(out), "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert (out / "a.tsv").read_text() == "a?\tb\n"


def test_a_cached_card_whose_image_changed_is_rendered_again(tmp_path):
    shutil.copytree(DATA / "img", tmp_path / "img")
    write(tmp_path / "a.md", "Q: Which colour?\nA: ![dot](img/diagram.png)\n")
    out = tmp_path / "out"
    run("build", str(tmp_path / "a.md"), "-o", str(out), "-f", "csv")
    first = (out / "a.csv").read_text()
    shutil.copy(DATA / "other/diagram.png", tmp_path / "img/diagram.png")  # new content
    run("build", str(tmp_path / "a.md"), "-o", str(out), "-f", "csv")
    second = (out / "a.csv").read_text()
    assert first != second
    assert second == (
        run(
            "build",
            str(tmp_path / "a.md"),
            "-o",
            str(tmp_path / "fresh"),
            "-f",
            "csv",
            "--no-cache",
        )
        and (tmp_path / "fresh/a.csv").read_text()
    )


def test_an_output_a_worker_cannot_write_is_a_clean_error(tmp_path, monkeypatch):
    monkeypatch.setattr("deckgen.export.WRITE_APART_FROM", 1)
    write(tmp_path / "a.md", "Q: a?\nA: b\n")
    (tmp_path / "out/a.apkg").mkdir(parents=True)  # the .apkg is written by a worker
    result = run("build", str(tmp_path / "a.md"), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 1
    assert "Error: cannot write" in result.output and "a.apkg" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out/a.csv").is_file()  # the others are still written


def test_a_build_that_fails_leaves_the_cache_as_it_was(tmp_path):

    def keys() -> set[str]:
        with sqlite3.connect(out / ".deckgen-cache/cards.sqlite") as db:
            return {key for (key,) in db.execute("SELECT key FROM cards")}

    page, out = tmp_path / "a.md", tmp_path / "out"
    write(page, "Q: one?\nA: 1\n\nQ: two?\nA: 2\n")
    assert run("build", str(page), "-o", str(out)).exit_code == 0
    before = keys()
    assert len(before) == 2
    write(page, "Q: one?\nA: 1\n\nQ: three?\nA: 3\n\nQ: broken {{c1:cloze}\nA: x\n")
    assert run("build", str(page), "-o", str(out)).exit_code == 1
    assert keys() == before  # neither the new card kept nor the unused one dropped

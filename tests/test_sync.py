"""deckgen sync, into a real collection: straight into the file (Anki's backend), and
through AnkiConnect (a server in the tests that speaks its protocol and performs each
action on the same kind of collection). Every scenario runs both ways."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from anki_backend import collection, import_apkg
from deckgen.cli import cli

PAGE = """# Chemistry

Q: What is the symbol of gold?
A: Au

Q: What is the symbol of iron?
A: Fe
#metals

<!-- id: water -->
Q: What is water made of?
A: Hydrogen and oxygen.
"""


class Target:
    """A collection, synced into one of the two ways."""

    def __init__(self, mode: str, folder: Path) -> None:
        self.mode = mode
        self.folder = folder
        self.path = folder / "collection.anki2"
        self.out = folder / "out"
        self.port = _free_port()  # one Anki, one address: the record of syncs is by address
        Collection(str(self.path)).close()

    def write(self, text: str, name: str = "chem.md") -> Path:
        page = self.folder / name
        page.write_text(text, encoding="utf-8")
        return page

    def sync(self, *args: str, ok: bool = True) -> str:
        """Run `deckgen sync ARGS` into the collection; its output."""
        command = ["sync", *args, "-o", str(self.out)]
        with self.way_in() as where:
            result = CliRunner().invoke(cli, [*command, *where], catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return result.output

    @contextlib.contextmanager
    def way_in(self):
        if self.mode == "collection":
            yield ["--collection", str(self.path)]
            return
        from ankiconnect_server import ankiconnect_server

        with ankiconnect_server(self.path, port=self.port) as url:
            yield ["--ankiconnect", url]

    @contextlib.contextmanager
    def open(self):
        with collection(self.path) as col:
            yield col

    def edit(self, note_id: int, change) -> None:
        """Change a note as a user would in Anki's editor: ``change(note)``, then save."""
        with self.open() as col:
            note = col.get_note(note_id)
            change(note)
            col.update_note(note)

    def notes(self) -> dict[str, dict]:
        """Each note by its question field: id, fields, tags, decks of its cards."""
        with self.open() as col:
            found = {}
            for note_id in col.find_notes(""):
                note = col.get_note(note_id)
                found[note.fields[0]] = {
                    "id": note.id,
                    "fields": list(note.fields),
                    "tags": sorted(note.tags),
                    "decks": sorted(col.decks.name(card.did) for card in note.cards()),
                    "cards": [card.id for card in note.cards()],
                }
            return found


def _free_port() -> int:
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


@pytest.fixture(params=["collection", "ankiconnect"])
def anki(request, tmp_path, monkeypatch) -> Target:
    monkeypatch.chdir(tmp_path)
    return Target(request.param, tmp_path)


def user_tags(note: dict) -> list[str]:
    return [t for t in note["tags"] if not t.startswith("deckgen::key::")]


def test_first_sync_adds_every_note_with_its_deck_tags_and_note_type(anki):
    page = anki.write(PAGE)
    output = anki.sync(str(page))
    assert "3 added, 0 changed, 0 unchanged, 0 removed" in output
    notes = anki.notes()
    assert set(notes) == {
        "<p>What is the symbol of gold?</p>",
        "<p>What is the symbol of iron?</p>",
        "<p>What is water made of?</p>",
    }
    iron = notes["<p>What is the symbol of iron?</p>"]
    assert iron["fields"][1] == "<p>Fe</p>"
    assert user_tags(iron) == ["metals", "source::chem.md"]
    assert iron["decks"] == ["Chemistry"]
    with anki.open() as col:
        assert col.models.by_name("deckgen Basic")["flds"][0]["name"] == "Question"
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in anki.sync(str(page))


def test_an_edited_answer_updates_the_same_note_and_keeps_its_review_history(anki):
    page = anki.write(PAGE)
    anki.sync(str(page))
    gold = anki.notes()["<p>What is the symbol of gold?</p>"]
    with anki.open() as col:  # review it: an interval, a due date, a review count
        card = col.get_card(gold["cards"][0])
        card.start_timer()
        col.sched.answerCard(card, 3)
        card.load()
        history = (card.ivl, card.due, card.reps, card.type, card.queue)
    anki.write(PAGE.replace("A: Au", "A: **Au** (aurum)"))
    assert "0 added, 1 changed, 2 unchanged, 0 removed" in anki.sync(str(page))
    after = anki.notes()["<p>What is the symbol of gold?</p>"]
    assert after["id"] == gold["id"] and after["cards"] == gold["cards"]
    assert after["fields"][1] == "<p><strong>Au</strong> (aurum)</p>"
    with anki.open() as col:
        card = col.get_card(gold["cards"][0])
        assert (card.ivl, card.due, card.reps, card.type, card.queue) == history
        assert card.reps == 1


def test_an_edited_question_keeps_its_note_with_an_id_and_is_a_new_note_without(anki):
    page = anki.write(PAGE)
    anki.sync(str(page))
    before = anki.notes()
    edited = PAGE.replace("What is water made of?", "What are water molecules made of?")
    edited = edited.replace("symbol of gold?", "chemical symbol of gold?")
    anki.write(edited)
    output = anki.sync(str(page))
    assert "1 added, 1 changed, 1 unchanged, 1 removed" in output
    assert "removed: 'What is the symbol of gold?' (deck 'Chemistry', was in chem.md)" in output
    notes = anki.notes()
    water = notes["<p>What are water molecules made of?</p>"]
    assert water["id"] == before["<p>What is water made of?</p>"]["id"]  # the id kept it
    old_gold = notes["<p>What is the symbol of gold?</p>"]  # still there, tagged
    assert "deckgen::removed" in old_gold["tags"]
    assert notes["<p>What is the chemical symbol of gold?</p>"]["id"] != old_gold["id"]


def test_a_renamed_deck_moves_the_cards_with_their_notes(anki):
    page = anki.write(PAGE)
    anki.sync(str(page))
    before = anki.notes()
    anki.write(PAGE.replace("# Chemistry", "# Chemistry 101"))
    output = anki.sync(str(page))
    assert "0 added, 3 changed, 0 unchanged, 0 removed" in output  # each moved
    after = anki.notes()
    assert {q: n["id"] for q, n in after.items()} == {q: n["id"] for q, n in before.items()}
    assert all(n["decks"] == ["Chemistry 101"] for n in after.values())
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in anki.sync(str(page))


def test_a_card_moved_to_another_file_keeps_its_note(anki):
    page = anki.write(PAGE)
    other = anki.write("# Metals\n\nQ: What is bronze?\nA: Copper and tin.\n", "metals.md")
    anki.sync(str(page), str(other))
    iron = anki.notes()["<p>What is the symbol of iron?</p>"]
    moved = "\nQ: What is the symbol of iron?\nA: Fe\n#metals\n"
    anki.write(PAGE.replace(moved, ""))
    anki.write("# Metals\n\nQ: What is bronze?\nA: Copper and tin.\n" + moved, "metals.md")
    output = anki.sync(str(page), str(other))
    assert "0 added, 1 changed, 3 unchanged, 0 removed" in output
    after = anki.notes()["<p>What is the symbol of iron?</p>"]
    assert after["id"] == iron["id"]
    assert after["decks"] == ["Metals"]
    assert user_tags(after) == ["metals", "source::metals.md"]


def test_tags_added_in_the_markdown_and_in_anki_are_both_kept(anki):
    page = anki.write(PAGE)
    anki.sync(str(page))
    gold = anki.notes()["<p>What is the symbol of gold?</p>"]
    anki.edit(gold["id"], lambda note: note.tags.append("my-own"))
    anki.write(PAGE.replace("A: Au", "A: Au\n#precious"))
    anki.sync(str(page))
    assert user_tags(anki.notes()["<p>What is the symbol of gold?</p>"]) == [
        "my-own",
        "precious",
        "source::chem.md",
    ]


def test_an_edit_made_in_anki_to_a_card_the_markdown_did_not_change_survives(anki):
    page = anki.write(PAGE)
    anki.sync(str(page))
    gold = anki.notes()["<p>What is the symbol of gold?</p>"]

    def annotate(note) -> None:
        note.fields[1] = "<p>Au (my note: aurum)</p>"

    anki.edit(gold["id"], annotate)
    anki.write(PAGE.replace("A: Fe", "A: Fe (ferrum)"))
    output = anki.sync(str(page))
    assert "0 added, 1 changed, 2 unchanged, 0 removed" in output
    notes = anki.notes()
    assert notes["<p>What is the symbol of gold?</p>"]["fields"][1] == "<p>Au (my note: aurum)</p>"
    assert notes["<p>What is the symbol of iron?</p>"]["fields"][1] == "<p>Fe (ferrum)</p>"


def test_a_removed_card_is_tagged_then_deleted_when_asked(anki):
    page = anki.write(PAGE)
    anki.sync(str(page))
    anki.write(PAGE.replace("Q: What is the symbol of gold?\nA: Au\n", ""))
    output = anki.sync(str(page))
    assert "0 added, 0 changed, 2 unchanged, 1 removed" in output
    assert "deckgen::removed" in anki.notes()["<p>What is the symbol of gold?</p>"]["tags"]
    dry = anki.sync(str(page), "--delete-removed", "--dry-run")
    assert "delete: 1 note whose card left the markdown" in dry
    assert "<p>What is the symbol of gold?</p>" in anki.notes()
    anki.sync(str(page), "--delete-removed")
    assert set(anki.notes()) == {
        "<p>What is the symbol of iron?</p>",
        "<p>What is water made of?</p>",
    }


def test_notes_of_other_decks_and_files_are_never_called_removed(anki):
    anki.write("# Biology\n\nQ: What is a cell?\nA: The unit of life.\n", "bio.md")
    anki.sync("bio.md")
    page = anki.write(PAGE)
    output = anki.sync(str(page), "--delete-removed")
    assert "3 added, 0 changed, 0 unchanged, 0 removed" in output
    assert "<p>What is a cell?</p>" in anki.notes()


def test_the_output_folder_deleted_between_syncs_makes_no_duplicates(anki):
    import shutil

    page = anki.write(PAGE)
    anki.sync(str(page))
    before = anki.notes()
    shutil.rmtree(anki.out)
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in anki.sync(str(page))
    assert {q: n["id"] for q, n in anki.notes().items()} == {q: n["id"] for q, n in before.items()}


def test_a_sync_stopped_halfway_ends_in_the_same_state_when_run_again(anki, monkeypatch):
    page = anki.write(PAGE)
    anki.sync(str(page))
    edited = PAGE.replace("A: Au", "A: Au!").replace("# Chemistry", "# Chem") + (
        "\nQ: What is the symbol of tin?\nA: Sn\n"
    )
    anki.write(edited)
    from deckgen.ankisync.ankiconnect import AnkiConnect
    from deckgen.ankisync.collection import CollectionFile

    def stopped(*args):  # the new note added, then the process dies
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(CollectionFile, "set_fields", stopped)
        patch.setattr(AnkiConnect, "set_fields", stopped)
        assert "Aborted" in anki.sync(str(page), ok=False)
    assert len(anki.notes()) == 4
    output = anki.sync(str(page))
    assert "0 added, 3 changed, 1 unchanged, 0 removed" in output
    notes = anki.notes()
    assert len(notes) == 4
    assert all(n["decks"] == ["Chem"] for n in notes.values())
    assert notes["<p>What is the symbol of gold?</p>"]["fields"][1] == "<p>Au!</p>"
    assert "0 added, 0 changed, 4 unchanged, 0 removed" in anki.sync(str(page))


def test_notes_an_apkg_import_made_are_found_not_duplicated(anki, tmp_path):
    page = anki.write(PAGE)
    build = CliRunner().invoke(cli, ["build", str(page), "-o", str(tmp_path / "built")])
    assert build.exit_code == 0, build.output
    with anki.open() as col:
        assert import_apkg(col, tmp_path / "built/chem.apkg")["new"] == 3
    before = anki.notes()
    assert "0 added, 0 changed, 3 unchanged, 0 removed" in anki.sync(str(page))
    assert {q: n["id"] for q, n in anki.notes().items()} == {q: n["id"] for q, n in before.items()}


def test_dry_run_changes_nothing(anki):
    page = anki.write(PAGE)
    output = anki.sync(str(page), "--dry-run")
    assert "add 3 notes" in output and "3 added" in output
    assert anki.notes() == {}


def test_images_are_stored_in_the_collection_media(anki):
    import shutil

    shutil.copy(Path(__file__).parent / "data/img/diagram.png", anki.folder / "diagram.png")
    page = anki.write("# Pictures\n\nQ: Which diagram?\nA: ![d](diagram.png)\n")
    anki.sync(str(page))
    (note,) = anki.notes().values()
    name = note["fields"][1].split('src="')[1].split('"')[0]
    assert (anki.folder / "collection.media" / name).read_bytes() == (
        anki.folder / "diagram.png"
    ).read_bytes()


# --- what goes wrong, said clearly ---------------------------------------------------------


def test_an_open_collection_is_refused_and_left_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = Target("collection", tmp_path)
    page = target.write(PAGE)
    with target.open():  # Anki has it open
        result = CliRunner().invoke(
            cli, ["sync", str(page), "--collection", str(target.path)], catch_exceptions=False
        )
    assert result.exit_code == 1
    assert "cannot open the collection" in result.output and "close Anki" in result.output
    assert target.notes() == {}


def test_no_anki_listening_says_how_to_set_up_ankiconnect(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    url = f"http://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(cli, ["sync", "a.md", "--ankiconnect", url])
    assert result.exit_code == 1
    assert f"cannot reach Anki at {url}" in result.output and "2055492159" in result.output
    assert "Traceback" not in result.output


def test_ankiconnect_asking_for_a_key(tmp_path, monkeypatch):
    from ankiconnect_server import ankiconnect_server

    monkeypatch.chdir(tmp_path)
    Collection(str(tmp_path / "c.anki2")).close()
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    with ankiconnect_server(tmp_path / "c.anki2", key="s3cret") as url:
        refused = CliRunner().invoke(cli, ["sync", "a.md", "--ankiconnect", url])
        assert refused.exit_code == 1 and "--ankiconnect-key" in refused.output
        args = ["sync", "a.md", "--ankiconnect", url, "--ankiconnect-key", "s3cret"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert "3 added" in result.output


def test_sync_without_the_anki_backend_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_anki(name, *args, **kwargs):
        if name == "anki.collection" or name.startswith("anki."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.anki2").write_bytes(b"")
    monkeypatch.setattr(builtins, "__import__", no_anki)
    result = CliRunner().invoke(cli, ["sync", "a.md", "--collection", "c.anki2"])
    assert result.exit_code == 1
    assert "pip install '.[anki]'" in result.output and "AnkiConnect" in result.output

"""--watch: save a file, see the outputs (and a collection) follow, stop with Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from anki.collection import Collection

DECKGEN = [sys.executable, "-m", "deckgen"]


def wait_line(process: subprocess.Popen, text: str, seen: list[str]) -> None:
    """Read the watcher's output up to a line holding ``text`` (the process is killed by
    the caller's ``stop`` if it never comes: readline gives "" once it ends)."""
    while True:
        line = process.stdout.readline()
        seen.append(line)
        if text in line:
            return
        if not line:
            raise AssertionError(f"{text!r} never came: {''.join(seen)}")


edited_tsv = "What is 1 + 1?\ttwo\nWhat is 2 + 2?\t4\n"


def keep_saving(page: Path, text: str, done: threading.Event) -> None:
    while not done.is_set():
        page.write_text(text, encoding="utf-8")
        done.wait(1.0)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def ctrl_c() -> None:
    """Let Ctrl-C (SIGINT) reach the watcher, also when the tests run where it is
    ignored (a background job's children inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def watcher(folder: Path, *args: str) -> subprocess.Popen:
    """`deckgen ARGS --watch` in ``folder``, its output (both streams) to read."""
    return subprocess.Popen(
        [*DECKGEN, *args, "--watch"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ctrl_c,
    )


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, output
    return output


def test_build_watch_rebuilds_when_a_file_is_saved(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Q: What is 1 + 1?\nA: 2\n", encoding="utf-8")
    tsv = tmp_path / "out/page.tsv"
    process = watcher(tmp_path, "build", "page.md", "-o", "out")
    seen: list[str] = []
    done = threading.Event()
    edited = "Q: What is 1 + 1?\nA: two\n\nQ: What is 2 + 2?\nA: 4\n"
    saving = threading.Thread(target=keep_saving, args=(page, edited, done))
    try:
        wait_line(process, "1 added, 0 changed, 0 unchanged, 0 removed", seen)
        assert read(tsv) == "What is 1 + 1?\t2\n"
        saving.start()
        # A line a save: the time, the cards, the files, what changed.
        wait_line(process, "1 added, 1 changed, 0 unchanged, 0 removed", seen)
    finally:
        done.set()
        if saving.is_alive():
            saving.join()
        output = "".join(seen) + stop(process)
    report = r"\d\d:\d\d:\d\d 2 cards -> out/page.apkg, out/page.tsv, out/page.csv; "
    assert re.search(report + "1 added, 1 changed, 0 unchanged, 0 removed\n", output), output
    assert read(tsv) == edited_tsv
    assert output.rstrip().endswith("stopped watching")


def test_sync_watch_keeps_a_collection_in_step(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Sums\n\nQ: What is 1 + 1?\nA: 2\n", encoding="utf-8")
    path = tmp_path / "collection.anki2"
    Collection(str(path)).close()

    def answers() -> list[str]:
        # Read only between syncs (after the watcher's report): an open collection is
        # one the watcher could not sync into.
        col = Collection(str(path))
        try:
            return sorted(col.get_note(n).fields[1] for n in col.find_notes(""))
        finally:
            col.close()

    process = watcher(tmp_path, "sync", "page.md", "--collection", str(path))
    seen: list[str] = []
    done = threading.Event()
    saving = threading.Thread(
        target=keep_saving, args=(page, "# Sums\n\nQ: What is 1 + 1?\nA: two\n", done)
    )
    try:
        wait_line(process, "1 added, 0 changed", seen)
        assert answers() == ["<p>2</p>"]  # the watcher waits for a save: the file is free
        saving.start()
        wait_line(process, "synced 1 card: 0 added, 1 changed, 0 unchanged, 0 removed", seen)
    finally:
        done.set()
        if saving.is_alive():
            saving.join()
        output = stop(process)
    assert output.rstrip().endswith("stopped watching")
    assert answers() == ["<p>two</p>"]

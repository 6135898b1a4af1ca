"""How many processes a build uses, and what a small build never starts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from deckgen import workers


def test_a_build_takes_the_cpus_it_may_run_on(monkeypatch):
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 2, 3}, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 8)
    assert workers.available() == 3


def test_jobs_zero_means_one_per_cpu_and_a_number_means_itself(monkeypatch):
    import deckgen

    monkeypatch.setattr(workers, "available", lambda: 3)
    assert deckgen.Options(jobs=0).processes == 3
    assert deckgen.Options(jobs=2).processes == 2


def test_a_small_build_starts_no_process_machinery(tmp_path):
    """The 8-card sample imports only what it uses: no process pool, no multiprocessing.
    (genanki imports asyncio, and asyncio concurrent.futures, but not its process pool.)"""
    page = tmp_path / "cards.md"
    page.write_text("# Deck\n\nQ: What is X?\nA: Y\n", encoding="utf-8")
    script = (
        "import sys, deckgen; "
        f"deckgen.build([{str(page)!r}], deckgen.Options(output_dir={str(tmp_path / 'out')!r}, "
        "jobs=0)); "
        "print(sorted(m for m in sys.modules if m.startswith("
        "('multiprocessing', 'concurrent.futures.process', 'deckgen.workers.'))))"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def _frozen(state, _item):
    import gc

    return gc.get_freeze_count()


def test_workers_leave_what_they_inherit_out_of_their_collections():
    """Shared memory stays shared: a worker's full collections do not walk (and so write
    to) the objects it inherited, and this process collects its own again afterwards."""
    import gc

    from deckgen.workers import Workers, can_fork

    if not can_fork():
        pytest.skip("workers are not forked here")
    kept = [object() for _ in range(1000)]  # objects of the build, made before the workers
    with Workers(1) as workers:
        (frozen,) = workers.map(_frozen, [None])
    assert frozen >= len(kept)
    assert gc.get_freeze_count() == 0

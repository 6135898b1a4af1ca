"""Time deckgen against ankdown on synthetic decks; print medians and ratios.

    python bench/run.py                      # 10,000 cards, 3 runs each
    python bench/run.py --cards 1000 10000 100000 --runs 5

Installs nothing. ankdown is timed when it is on PATH (or given with --ankdown),
building its .apkg with --highlight from the same cards. Numbers are medians of
--runs runs, measured side by side in this run; ratios are deckgen / ankdown.

- cold: `deckgen build` into an empty folder, all three formats, no cache;
- warm: the same build again after editing one card (previous output and cache kept);
- peak MB: the largest resident size of any one deckgen process (the main one or a
  worker) in any of these builds: cold, filling the cache, warm. Forked workers count
  the pages they share with the main process, so this is an upper bound;
- --help: `deckgen --help`.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_deck import ankdown_deck, deckgen_deck


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench(count: int, runs: int, deckgen: str, ankdown: str | None, jobs: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"deckgen-bench-{count}-"))
    try:
        page = work / "deck.md"
        page.write_text(deckgen_deck(count), encoding="utf-8")
        build = [deckgen, "build", "deck.md", "-o", "out", "--jobs", jobs]
        cold, peak, warm = [], [], []
        for _ in range(runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            seconds, megabytes = timed([*build, "--no-cache"], work)
            cold.append(seconds)
            peak.append(megabytes)
        original = page.read_text(encoding="utf-8")
        for run in range(runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            peak.append(timed(build, work)[1])  # fills the output folder and the cache
            page.write_text(
                original.replace("times 1.", f"times 1 (edit {run})."), encoding="utf-8"
            )
            seconds, megabytes = timed(build, work)
            warm.append(seconds)
            peak.append(megabytes)
            page.write_text(original, encoding="utf-8")
        result = {"cards": count, "cold": median(cold), "warm": median(warm), "peak": max(peak)}
        if ankdown:
            folder = work / "ankdown"
            folder.mkdir()
            (folder / "deck.md").write_text(ankdown_deck(count), encoding="utf-8")
            command = [ankdown, "-r", str(folder), "-p", str(work / "ankdown.apkg"), "--highlight"]
            result["ankdown"] = median([timed(command, work)[0] for _ in range(runs)])
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="0", help="passed to deckgen --jobs (0: one per CPU)")
    parser.add_argument("--deckgen", default=shutil.which("deckgen") or "deckgen")
    parser.add_argument("--ankdown", default=shutil.which("ankdown"))
    args = parser.parse_args()

    help_runs = [timed([args.deckgen, "--help"], Path.cwd())[0] for _ in range(max(args.runs, 5))]
    print(f"deckgen --help: {median(help_runs) * 1000:.0f} ms (median of {len(help_runs)})")
    if not args.ankdown:
        print("ankdown not found: no ratios (pip install ankdown in another venv, pass --ankdown)")
    print(f"{'cards':>8} {'cold s':>8} {'warm s':>8} {'peak MB':>8} {'ankdown s':>10} "
          f"{'cold/ank':>9} {'warm/ank':>9}")  # fmt: skip
    results = []
    for count in args.cards:
        r = bench(count, args.runs, args.deckgen, args.ankdown, args.jobs)
        results.append(r)
        ank = r.get("ankdown")
        ratios = f"{r['cold'] / ank:>9.2f} {r['warm'] / ank:>9.2f}" if ank else f"{'-':>9} {'-':>9}"
        ank_text = f"{ank:>10.2f}" if ank else f"{'-':>10}"
        print(
            f"{count:>8} {r['cold']:>8.2f} {r['warm']:>8.2f} {r['peak']:>8.0f} {ank_text} {ratios}"
        )
    for before, after in itertools.pairwise(results):
        growth = after["cold"] / before["cold"]
        print(f"{after['cards']} vs {before['cards']} cards: cold time x{growth:.1f} "
              f"for x{after['cards'] / before['cards']:.0f} the cards")  # fmt: skip


if __name__ == "__main__":
    main()

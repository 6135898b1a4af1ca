"""Time deckgen against ankdown on synthetic decks; print medians and ratios.

    python bench/run.py                      # 10,000 cards, 3 runs each
    python bench/run.py --cards 1000 10000 100000 --runs 5

Installs nothing. ankdown is timed when it is on PATH (or given with --ankdown),
building its .apkg with --highlight from the same cards. Numbers are medians of
--runs runs, measured side by side in this run; ratios are deckgen / ankdown. Each
ankdown run follows a cold deckgen build, and the cold ratios (wall and CPU) are the
medians of each such pair's ratio, so that a machine whose speed drifts during the run
(a shared one does) moves both sides of a ratio alike.

- cold: `deckgen build` into an empty folder, all three formats, no cache; wall time,
  and CPU time (user + system, of the build and every worker it waited for);
- warm: the same build again after editing one card (previous output and cache kept);
- added, renamed: the same, after adding one card mid-page, and after renaming the deck
  (its heading): each run adds or renames once more, from the build before;
- peak MB: the largest resident size of any one deckgen process (the main one or a
  worker) in any of these builds: cold, filling the cache, warm. Forked workers count
  the pages they share with the main process, so this is an upper bound;
- whole MB: the memory of the whole build, workers included, at its largest: the sum of
  the proportional set sizes (PSS, shared pages divided among their sharers) of the
  build's processes, sampled every 20 ms (Linux; "-" elsewhere);
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
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_deck import ankdown_deck, deckgen_deck


def timed(command: list[str], cwd: Path, sample: bool = False) -> tuple[float, float, float, float]:
    """Wall seconds, peak resident MB of its largest process, CPU seconds (user + system,
    children it waited for included) of one run of ``command``; and, with ``sample``,
    the largest summed PSS in MB of its process tree (else 0). Sampling reads each
    process's page tables: it slows the run, so timed runs do not sample."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    whole = [0.0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_pss, args=(process.pid, whole, done), daemon=True)
    if sample:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    if sample:
        sampler.join()
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, whole[0]


def _sample_pss(pid: int, largest: list[float], done: threading.Event) -> None:
    while not done.wait(0.05):
        total = sum(_pss_kb(p) for p in _tree(pid))
        largest[0] = max(largest[0], total / 1024)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as /proc lists them now."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench(count: int, runs: int, deckgen: str, ankdown: str | None, jobs: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"deckgen-bench-{count}-"))
    try:
        page = work / "deck.md"
        page.write_text(deckgen_deck(count), encoding="utf-8")
        build = [deckgen, "build", "deck.md", "-o", "out", "--jobs", jobs]
        ankdown_command = None
        if ankdown:
            folder = work / "ankdown"
            folder.mkdir()
            (folder / "deck.md").write_text(ankdown_deck(count), encoding="utf-8")
            ankdown_command = [
                ankdown, "-r", str(folder), "-p", str(work / "ankdown.apkg"), "--highlight"
            ]  # fmt: skip
        cold, cpu, peak, whole, warm, runs_ank = [], [], [], [], [], []
        for _ in range(runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            seconds, megabytes, cpu_seconds, _ = timed([*build, "--no-cache"], work)
            cold.append(seconds)
            cpu.append(cpu_seconds)
            peak.append(megabytes)
            if ankdown_command:  # right after: both see the machine as it is now
                runs_ank.append(timed(ankdown_command, work))
        shutil.rmtree(work / "out", ignore_errors=True)
        whole.append(timed([*build, "--no-cache"], work, sample=True)[3])
        original = page.read_text(encoding="utf-8")
        for run in range(runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            peak.append(timed(build, work)[1])  # fills the output folder and the cache
            page.write_text(
                original.replace("times 1.", f"times 1 (edit {run})."), encoding="utf-8"
            )
            seconds, megabytes, _, _ = timed(build, work)
            warm.append(seconds)
            peak.append(megabytes)
            if run == runs - 1:  # once more, sampled: the whole build's memory when warm
                page.write_text(original.replace("times 1.", "times 1 (sampled)."), "utf-8")
                whole.append(timed(build, work, sample=True)[3])
            page.write_text(original, encoding="utf-8")
        # Each run adds one more card mid-page, then renames the deck, with the outputs
        # and cache of the build before: the rebuilds a user makes after those edits.
        added, renamed, text, heading = [], [], original, "## Benchmark deck"
        middle = f"### Card {count // 2 + 1}\n"
        for run in range(runs):
            card = (
                f"### Card added {run}\n\n**Q:** What is added {run}?\n\n**A:**\n\nIt.\n\n***\n\n"
            )
            text = text.replace(middle, card + middle)
            page.write_text(text, encoding="utf-8")
            added.append(timed(build, work)[0])
        for run in range(runs):
            text = text.replace(f"{heading}\n", f"## Benchmark deck {run}\n")
            heading = f"## Benchmark deck {run}"
            page.write_text(text, encoding="utf-8")
            renamed.append(timed(build, work)[0])
        result = {
            "cards": count,
            "cold": median(cold),
            "cpu": median(cpu),
            "warm": median(warm),
            "added": median(added),
            "renamed": median(renamed),
            "peak": max(peak),
            "whole": max(whole),
        }
        if runs_ank:
            result["ankdown"] = median([r[0] for r in runs_ank])
            result["ankdown_cpu"] = median([r[2] for r in runs_ank])
            # Each cold build over the ankdown run right after it: a machine that slows
            # down or speeds up during the run moves both sides of each ratio alike.
            result["cold_ratio"] = median([c / r[0] for c, r in zip(cold, runs_ank, strict=True)])
            result["cpu_ratio"] = median([c / r[2] for c, r in zip(cpu, runs_ank, strict=True)])
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

    times = max(args.runs, 5)
    help_runs = [timed([args.deckgen, "--help"], Path.cwd())[0] for _ in range(times)]
    # The interpreter deckgen runs on: the first line of its script names it.
    python = Path(args.deckgen).read_text(errors="replace").split("\n")[0].removeprefix("#!")
    python = python if Path(python).is_file() else sys.executable
    bare = [timed([python, "-c", "pass"], Path.cwd())[0] for _ in range(times)]
    ratio = median(help_runs) / median(bare)
    print(
        f"deckgen --help: {median(help_runs) * 1000:.0f} ms, python -c pass: "
        f"{median(bare) * 1000:.0f} ms ({ratio:.1f}x; medians of {times})"
    )
    if not args.ankdown:
        print("ankdown not found: no ratios (pip install ankdown in another venv, pass --ankdown)")
    print(f"{'cards':>8} {'cold s':>7} {'cpu s':>7} {'warm s':>7} {'added s':>8} {'renamed s':>9} "
          f"{'peak MB':>8} {'whole MB':>9} {'ankdown s':>10} {'ank cpu':>8} {'cold/ank':>9} "
          f"{'cpu/ank':>8} {'warm/ank':>9} {'added/ank':>9} {'renamed/ank':>11}")  # fmt: skip
    results = []
    for count in args.cards:
        r = bench(count, args.runs, args.deckgen, args.ankdown, args.jobs)
        results.append(r)
        ank, ank_cpu = r.get("ankdown"), r.get("ankdown_cpu")
        ratios = (
            f"{r['cold_ratio']:>9.2f} {r['cpu_ratio']:>8.2f} {r['warm'] / ank:>9.2f} "
            f"{r['added'] / ank:>9.2f} {r['renamed'] / ank:>11.2f}"
            if ank
            else f"{'-':>9} {'-':>8} {'-':>9} {'-':>9} {'-':>11}"
        )
        ank_text = f"{ank:>10.2f} {ank_cpu:>8.2f}" if ank else f"{'-':>10} {'-':>8}"
        whole = f"{r['whole']:>9.0f}" if r["whole"] else f"{'-':>9}"
        print(
            f"{count:>8} {r['cold']:>7.2f} {r['cpu']:>7.2f} {r['warm']:>7.2f} "
            f"{r['added']:>8.2f} {r['renamed']:>9.2f} {r['peak']:>8.0f} {whole} {ank_text} {ratios}"
        )
    for before, after in itertools.pairwise(results):
        growth = after["cold"] / before["cold"]
        print(f"{after['cards']} vs {before['cards']} cards: cold time x{growth:.1f} "
              f"for x{after['cards'] / before['cards']:.0f} the cards")  # fmt: skip


if __name__ == "__main__":
    main()

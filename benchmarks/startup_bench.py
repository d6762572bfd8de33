"""The shipped catalog as a user meets it: whole-process `imnation validate`, time to the app's
first screen, and search latency per keystroke.

Time to first screen is measured as a user sees it: `imnation` starts in a real terminal (tmux) and
the pane is polled until the main browser's section list shows. Keystrokes replay typing: every
prefix of each query is one search, as the app's overlay runs it. Prints a table and, last, one
JSON line. Usage: `python benchmarks/startup_bench.py [--runs N] [--catalog PATH]`.
(Search at 1k-100k entries, against fzf, is `search_bench.py`.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIRST_SCREEN_MARKER = "Subjects"
TYPED_QUERIES = ("bernado", "ep 4", "el paso", "judi", "family seperation", "mike hsi", "schwartz",
                 "bring at least two people", "287g", "@location charlote", "pocketknife", "stefani")


def imnation_command() -> list[str]:
    script = shutil.which("imnation")
    return [script] if script else [sys.executable, "-m", "tui"]


def time_validate(catalog: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*imnation_command(), "validate", "--catalog", str(catalog)], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def time_first_screen(catalog: Path, runs: int, timeout: float = 15.0) -> list[float]:
    socket = f"imnation-bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    command = " ".join([*imnation_command(), "--catalog", str(catalog)])
    times = []
    try:
        for run in range(runs):
            session = f"s{run}"
            started = time.perf_counter()
            subprocess.run([*tmux, "new-session", "-d", "-x", "120", "-y", "40", "-s", session, command],
                           check=True)
            while time.perf_counter() - started < timeout:
                pane = subprocess.run([*tmux, "capture-pane", "-p", "-t", session], capture_output=True,
                                      text=True, check=False).stdout  # the pane may not exist yet
                if FIRST_SCREEN_MARKER in pane:
                    times.append(time.perf_counter() - started)
                    break
                time.sleep(0.005)
            else:
                raise SystemExit(f"the first screen did not show within {timeout} s")
            subprocess.run([*tmux, "kill-session", "-t", session], check=False)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    return times


def time_keystrokes(catalog_path: Path) -> list[float]:
    """Seconds per search call, one per prefix of every query in TYPED_QUERIES."""
    from tui.catalog import load_catalog
    from tui.search import SearchIndex

    index = SearchIndex(load_catalog(catalog_path))
    times = []
    for query in TYPED_QUERIES:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            index.search(query[:end], limit=20)
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--catalog", type=Path, default=REPO / "catalog.yaml")
    args = parser.parse_args()
    validate = time_validate(args.catalog, args.runs)
    first_screen = time_first_screen(args.catalog, args.runs) if shutil.which("tmux") else []
    keystrokes = sorted(time_keystrokes(args.catalog))
    p95 = keystrokes[int(0.95 * (len(keystrokes) - 1))]
    print(f"{'measure':<28}{'median s':>10}{'min s':>10}{'max s':>10}   runs={args.runs}")
    for name, times in (("imnation validate (process)", validate), ("time to first screen", first_screen)):
        if times:
            print(f"{name:<28}{statistics.median(times):>10.3f}{min(times):>10.3f}{max(times):>10.3f}")
    print(f"search per keystroke: p50 {statistics.median(keystrokes) * 1000:.2f} ms, "
          f"p95 {p95 * 1000:.2f} ms, max {keystrokes[-1] * 1000:.2f} ms over {len(keystrokes)} keystrokes")
    print(json.dumps({
        "validate_median_s": round(statistics.median(validate), 4),
        "first_screen_median_s": round(statistics.median(first_screen), 4) if first_screen else None,
        "keystroke_p50_ms": round(statistics.median(keystrokes) * 1000, 3),
        "keystroke_p95_ms": round(p95 * 1000, 3),
        "runs": args.runs,
    }))


if __name__ == "__main__":
    main()

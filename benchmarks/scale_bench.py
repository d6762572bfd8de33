"""Scale benchmark: the app and the CLI on the shipped catalog and on generated 1k/10k(/100k)
catalogs (real YAML files in the real schema, every passage anchoring: `gen_catalog.py`), each
measure next to its reference in the same run.

    python benchmarks/scale_bench.py                      # shipped, 1k and 10k, 3 runs each
    python benchmarks/scale_bench.py --sizes 1k,10k,100k --runs 1

Rows: first screen in tmux at 120x40 (until the pane shows the browser; the reference is a minimal
Textual app showing one `Static`, timed the same way), `imnation validate` (whole process; reference
`python -c "import pydantic, yaml"`), validate time and peak RSS per size, `imnation coverage`, the
search index build, and, in the running app (Pilot, one process per size): its peak RSS, save ->
change on screen (a real file write seen by the watcher; with the app idle, and saves in a row, each
as soon as the last shows), and keystroke latency (a key event sent
as the driver sends it -> that query's results in the result list) over a typed session. Medians
over `--runs`. Prints a table, then one JSON line.

Every process started here shares one load cache (`tui.catalog.cache`) in the work folder: a
size's `validate` and first screen are measured cold (the cache emptied before each run: the
`validate_10k_s`, `first_screen_10k_s` keys) and again with the bytes cached (`..._warm_...`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from gen_catalog import generate  # noqa: E402

BROWSER_MARKER = "Subjects"  # the browser's section list (and the reference app's Static)
LOADING_MARKER = "Loading"  # the loading screen of a big catalog
REFERENCE_APP = """
from textual.app import App
from textual.widgets import Static

class Reference(App):
    def compose(self):
        yield Static("Subjects")

Reference().run()
"""
# Typed one key at a time in the search overlay; words come from the generated vocabulary or are
# names and typos, so every keystroke runs a real search.
TYPED = ("bra", "episode 4", "source", "quiast", "drue brea", "chia", "topic", "location gr")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def imnation() -> list[str]:
    script = shutil.which("imnation")
    return [script] if script else [sys.executable, "-m", "tui"]


def timed_process(command: list[str], timeout: float = 600.0) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process, measured from a fresh parent so that the
    children's maxrss is this command's alone. A process still running after `timeout` is killed
    and counts as (inf, nan). (The wait blocks: a `wait` with a timeout polls, and its sleeps of up to
    50 ms were counted as the command's time: 0.07 s read as 0.115 s.)"""
    probe = (
        "import resource, subprocess, sys, threading, time\n"
        "t = time.perf_counter()\n"
        "process = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)\n"
        "timer = threading.Timer(float(sys.argv[1]), process.kill)\n"
        "timer.start()\n"
        "code = process.wait()\n"
        "elapsed = time.perf_counter() - t\n"
        "timer.cancel()\n"
        "if code:\n"
        "    print('inf nan') if code == -9 else sys.exit(f'{sys.argv[2:]} exited with {code}'); sys.exit()\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(timeout), *command], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1])


def first_screen(command: list[str], runs: int, timeout: float = 600.0) -> tuple[list[float], list[float]]:
    """Seconds until the pane shows anything of the app (the loading screen or the browser) and
    until it shows the browser, per run."""
    socket = f"perf-bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    shown, ready = [], []
    # A session that outlives the timed ones: the server would otherwise exit after each run and
    # race the next run's start.
    subprocess.run([*tmux, "new-session", "-d", "-s", "keep", "sleep 3600"], check=True)
    try:
        for run in range(runs):
            session = f"s{run}"
            started = time.perf_counter()
            subprocess.run([*tmux, "new-session", "-d", "-x", "120", "-y", "40", "-s", session,
                            " ".join(command)], check=True)
            first = None
            while time.perf_counter() - started < timeout:
                pane = subprocess.run([*tmux, "capture-pane", "-p", "-t", session], capture_output=True,
                                      text=True, check=False).stdout
                now = time.perf_counter() - started
                if first is None and (LOADING_MARKER in pane or BROWSER_MARKER in pane):
                    first = now
                if BROWSER_MARKER in pane:
                    shown.append(first or now)
                    ready.append(now)
                    break
                time.sleep(0.005)
            else:
                raise SystemExit(f"{command}: no browser within {timeout} s")
            subprocess.run([*tmux, "kill-session", "-t", session], check=False)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    return shown, ready


# -- measured in a child process: `scale_bench.py --child index|app CATALOG` ----------------------
def child_index(catalog: Path) -> dict:
    from tui.catalog import load_catalog
    from tui.search import SearchIndex

    loaded = load_catalog(catalog)
    started = time.perf_counter()
    SearchIndex(loaded)
    return {"index_build_s": time.perf_counter() - started}


async def _app_session(catalog: Path) -> dict:
    from textual import events
    from textual.widgets import Input

    from tui.app.app import ImnationApp
    from tui.app.screens.browser import BrowserScreen
    from tui.app.screens.search import SearchScreen
    from tui.app.settings import Settings

    app = ImnationApp(catalog, settings=Settings(catalog.parent / "settings.json"))
    result: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        async def until(condition, timeout: float = 300.0) -> None:
            deadline = time.monotonic() + timeout
            while not condition():
                if time.monotonic() > deadline:
                    raise SystemExit("timed out")
                await asyncio.sleep(0.002)

        await until(lambda: isinstance(app.screen, BrowserScreen) and app.search_index is not None)
        await pilot.pause()
        # Save -> change on screen: the file written as an editor would, seen by the watcher. First
        # each save with the app idle (its index rebuilt since the last: edit, save, look), then
        # saves in a row (each as soon as the last one shows, while its index is being rebuilt).
        reloads: dict[str, list[float]] = {"idle": [], "in a row": []}
        original = catalog.read_text(encoding="utf-8")
        entry_id = "subject-000000"
        saves = 3 if len(app.catalog or ()) < 50_000 else 1  # 100k: one of each (each takes a minute)
        for n, pattern in enumerate(["idle"] * saves + ["in a row"] * saves):
            if pattern == "idle":
                await asyncio.sleep(0.5)
                await until(lambda: not any(w.group == "index" and w.is_running for w in app.workers), 60)
            name = f"Renamed Subject {n}"
            changed = original.replace(f"- id: {entry_id}\n    name: ", f'- id: {entry_id}\n    name: "{name}" #', 1)
            started = time.perf_counter()
            catalog.write_text(changed, encoding="utf-8")
            await until(lambda name=name: app.catalog is not None and app.catalog.entries[entry_id].name == name, 60)
            await pilot.pause()
            reloads[pattern].append(time.perf_counter() - started)
        catalog.write_text(original, encoding="utf-8")
        await until(lambda: app.catalog is not None and app.catalog.entries["subject-000000"].name != name, 60)
        await until(lambda: not any(w.group == "index" and w.is_running for w in app.workers), 60)
        await pilot.pause()
        # Keystrokes: press -> that query's results on screen.
        keystrokes = []
        for query in TYPED:
            await pilot.press("slash")
            await until(lambda: isinstance(app.screen, SearchScreen))
            screen = app.screen
            box = screen.query_one(Input)
            for character in query:
                started = time.perf_counter()
                # As the terminal driver delivers a key (Pilot's press adds two 20 ms idle waits).
                app._driver.send_message(events.Key("space" if character == " " else character, character))
                await until(lambda box=box, typed=character, screen=screen: box.value.endswith(typed)
                            and screen.shown_query == box.value)
                keystrokes.append(time.perf_counter() - started)
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, BrowserScreen))
        result["reload_s"] = statistics.median(reloads["idle"])
        result["reload_in_a_row_s"] = statistics.median(reloads["in a row"])
        result["keystrokes_ms"] = [k * 1000 for k in keystrokes]
        result["app_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def child(kind: str, catalog: Path) -> None:
    result = child_index(catalog) if kind == "index" else asyncio.run(_app_session(catalog))
    print(json.dumps(result))


def run_child(kind: str, catalog: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(catalog)], check=True,
                         capture_output=True, text=True, env={**os.environ, "TEXTUAL_ANIMATIONS": "none"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k", help="comma-separated, from 1k, 10k, 100k")
    parser.add_argument("--runs", type=int, default=3, help="runs on the shipped and 1k catalogs")
    parser.add_argument("--big-runs", type=int, default=1, help="runs on the 10k and 100k catalogs")
    parser.add_argument("--coverage-timeout", type=float, default=120.0, help="give up on coverage after (s)")
    parser.add_argument("--folder", type=Path, help="keep the generated catalogs here (default: a temp folder)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "CATALOG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    folder = args.folder or Path(tempfile.mkdtemp(prefix="imnation-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str]] = []  # (measure, value, reference)
    out: dict[str, float] = {}
    runs = args.runs
    # The load cache (`tui.catalog.cache`) of every process started here, emptied for a cold run.
    cache = folder / "load-cache"
    os.environ["IMNATION_CACHE_DIR"] = str(cache)

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    # Our modules byte-compiled, as `pip install .` leaves them and as the references' packages are:
    # with PYTHONDONTWRITEBYTECODE set (as on the CI machine) every process would first compile
    # 13,000 lines of `tui` (about 0.15 s), which no installed copy does.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "tui")], check=True)

    # Shipped catalog against its references.
    reference = folder / "reference_app.py"
    reference.write_text(REFERENCE_APP, encoding="utf-8")
    shipped = REPO / "catalog.yaml"
    _, app_ready = first_screen([*imnation(), "--catalog", str(shipped)], runs)
    _, ref_ready = first_screen([sys.executable, str(reference)], runs)
    out["first_screen_s"], out["first_screen_reference_s"] = median(app_ready), median(ref_ready)
    out["first_screen_ratio"] = median(app_ready) / median(ref_ready)
    rows.append(("first screen, shipped (tmux 120x40)", f"{median(app_ready):.3f} s",
                 f"one-Static Textual app {median(ref_ready):.3f} s ({out['first_screen_ratio']:.2f}x)"))
    validate = [timed_process([*imnation(), "validate", "--catalog", str(shipped)])[0] for _ in range(runs)]
    bare = [timed_process([sys.executable, "-c", "import pydantic, yaml"])[0] for _ in range(runs)]
    out["validate_s"], out["validate_reference_s"] = median(validate), median(bare)
    out["validate_ratio"] = median(validate) / median(bare)
    rows.append(("imnation validate, shipped", f"{median(validate):.3f} s",
                 f"import pydantic, yaml {median(bare):.3f} s ({out['validate_ratio']:.2f}x)"))

    for size in sizes:
        catalog_folder = folder / size
        catalog = catalog_folder / "catalog.yaml"
        if not catalog.is_file():
            generate(SIZES[size], catalog_folder)
        megabytes = catalog.stat().st_size / 1e6
        size_runs = runs if size == "1k" else args.big_runs
        validate_command = [*imnation(), "validate", "--catalog", str(catalog)]
        timings = []
        for _ in range(size_runs):
            cold()
            timings.append(timed_process(validate_command))
        out[f"validate_{size}_s"] = median([t for t, _ in timings])
        out[f"validate_{size}_mb"] = median([m for _, m in timings])
        rows.append((f"validate {size} ({megabytes:.1f} MB file), cold cache",
                     f"{out[f'validate_{size}_s']:.2f} s, {out[f'validate_{size}_mb']:.0f} MB peak", ""))
        warm = [timed_process(validate_command) for _ in range(size_runs)]  # the cold runs filled it
        out[f"validate_{size}_warm_s"] = median([t for t, _ in warm])
        out[f"validate_{size}_warm_mb"] = median([m for _, m in warm])
        rows.append((f"validate {size}, same bytes again (cache)",
                     f"{out[f'validate_{size}_warm_s']:.2f} s, {out[f'validate_{size}_warm_mb']:.0f} MB peak", ""))
        shown, ready = [], []
        for _ in range(size_runs):
            cold()
            painted, browser = first_screen([*imnation(), "--catalog", str(catalog)], 1)
            shown += painted
            ready += browser
        out[f"first_paint_{size}_s"], out[f"first_screen_{size}_s"] = median(shown), median(ready)
        rows.append((f"first screen {size}, cold cache: painted / browser",
                     f"{median(shown):.2f} / {median(ready):.2f} s", ""))
        shown, ready = first_screen([*imnation(), "--catalog", str(catalog)], size_runs)
        out[f"first_paint_{size}_warm_s"], out[f"first_screen_{size}_warm_s"] = median(shown), median(ready)
        rows.append((f"first screen {size}, cache: painted / browser",
                     f"{median(shown):.2f} / {median(ready):.2f} s", ""))
        coverage = [timed_process([*imnation(), "coverage", "--catalog", str(catalog)], args.coverage_timeout)[0]
                    for _ in range(size_runs)]
        out[f"coverage_{size}_s"] = median(coverage)
        rows.append((f"imnation coverage {size}", f"{median(coverage):.2f} s", ""))
        index = [run_child("index", catalog)["index_build_s"] for _ in range(size_runs)]
        out[f"index_build_{size}_s"] = median(index)
        rows.append((f"search index build {size}", f"{median(index):.2f} s", ""))
        session = run_child("app", catalog)
        keys = session["keystrokes_ms"]
        out[f"app_{size}_mb"] = session["app_mb"]
        out[f"reload_{size}_s"] = session["reload_s"]
        out[f"reload_in_a_row_{size}_s"] = session["reload_in_a_row_s"]
        out[f"keystroke_p50_{size}_ms"] = median(keys)
        out[f"keystroke_p95_{size}_ms"] = percentile(keys, 0.95)
        out[f"keystroke_max_{size}_ms"] = max(keys)
        rows.append((f"app {size}: peak RSS", f"{session['app_mb']:.0f} MB", ""))
        rows.append((f"app {size}: save -> change on screen", f"{session['reload_s']:.2f} s", "watch debounce 0.30 s"))
        rows.append((f"app {size}: saves in a row, each", f"{session['reload_in_a_row_s']:.2f} s",
                     "while the last one's index is rebuilt"))
        rows.append((f"app {size}: keystroke p50/p95/max ({len(keys)} keys)",
                     f"{median(keys):.0f} / {percentile(keys, 0.95):.0f} / {max(keys):.0f} ms", ""))

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}{'value':<28}reference (same run)   "
          f"runs: {runs} (shipped, 1k), {args.big_runs} (10k, 100k)")
    for measure, value, ref in rows:
        print(f"{measure:<{width}}{value:<28}{ref}")
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({k: (round(v, 4) if math.isfinite(v) else None) for k, v in out.items()}))


if __name__ == "__main__":
    main()

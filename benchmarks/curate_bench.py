"""How long a cite takes from the command to the reloaded catalog: `plan_cite` (read the file, splice,
validate the new text with the loader), `write` (temporary file, fsync, rename) and the reload the
app then does (keeping the source texts and located quotes of the catalog before, `reuse=`; and,
for comparison, a cold reload), on a copy of the shipped catalog and on a generated catalog of
10,000 entries (real YAML in the shipped style, one passage each). Also the closest-match search
for a drifted quote in a 20 MB source. Each figure is the median of `--runs` runs (undo between runs restores the file).

Usage: `python benchmarks/curate_bench.py [--entries N] [--runs N]`. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.catalog import load_catalog  # noqa: E402
from tui.catalog.anchor import SourceText  # noqa: E402
from tui.catalog.edit import plan_cite, undo, write  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def shipped_copy(folder: Path) -> Path:
    shutil.copy(REPO / "catalog.yaml", folder / "catalog.yaml")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    return folder / "catalog.yaml"


def generated(folder: Path, entries: int) -> Path:
    """`entries` people, each with a name, an alias, a summary and one passage in one source."""
    sentences = [f"Person {i} told the reporter about day {i} at the office in town {i % 97}." for i in range(entries)]
    (folder / "seeds").mkdir()
    (folder / "seeds" / "s.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    lines = [
        "# A generated catalog in the shipped catalog's style.",
        "sources:",
        "  - id: src",
        '    name: "A long source"',
        "    file: seeds/s.txt",
        "    source_kind: news",
        "    summary: >-",
        "      Every person's sentence.",
        "",
        "people:",
    ]
    for i in range(entries):
        lines += [
            f"  - id: person-{i}",
            f'    name: "Person {i}"',
            f'    aliases: ["P{i}"]',
            f'    summary: "Told the reporter about day {i}."',
            "    passages:",
            "      - source: src",
            f'        quote: "Person {i} told the reporter about day {i}"',
            "",
        ]
    path = folder / "catalog.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def time_cite(path: Path, entry_id: str, source_id: str, quote: str, runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"plan": [], "write": [], "reload": [], "total": [], "cold reload": []}
    catalog = load_catalog(path)
    for _ in range(runs):
        began = time.perf_counter()
        plan = plan_cite(catalog, entry_id, source_id, quote)
        planned = time.perf_counter()
        written = write(plan)
        wrote = time.perf_counter()
        load_catalog(path, reuse=catalog)
        reloaded = time.perf_counter()
        load_catalog(path)
        times["cold reload"].append(time.perf_counter() - reloaded)
        times["plan"].append(planned - began)
        times["write"].append(wrote - planned)
        times["reload"].append(reloaded - wrote)
        times["total"].append(reloaded - began)
        undo(written)
    return {name: statistics.median(found) * 1000 for name, found in times.items()}


def time_closest(runs: int) -> dict[str, float]:
    """A drifted quote in a 20 MB source: found near by its rare words, and not found at all."""
    filler = " ".join(f"w{i % 5000}x" for i in range(3_000_000))
    middle = len(filler) // 2
    sentence = "The directors Clusiau and Schwarz embedded with officers in Charlotte for three years."
    source = SourceText(filler[:middle] + " " + sentence + " " + filler[middle:])
    result = {}
    quotes = {
        "drifted": "The directors Clusiau and Schwarz embeded with officers in Charlote for 3 years.",
        "nothing close": "nothing of this sentence is anywhere in that text",
    }
    for name, quote in quotes.items():
        found = []
        for run in range(runs):
            began = time.perf_counter()
            source.locate(f"{quote} {run}")  # a new quote each run: none is answered from memory
            found.append(time.perf_counter() - began)
        result[name] = statistics.median(found) * 1000
    result["source MB"] = len(source.text.encode()) / 1e6
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as shipped, tempfile.TemporaryDirectory() as big:
        results["shipped catalog"] = time_cite(
            shipped_copy(Path(shipped)), "judy", "source-000",
            "The Times spoke with Clusiau and Schwartz about embedding with ICE", args.runs,
        )
        results[f"{args.entries:,} entries"] = time_cite(
            generated(Path(big), args.entries), "person-7", "src", "about day 7 at the office in town 7.", args.runs
        )
    closest = time_closest(args.runs)
    columns = ("plan", "write", "reload", "total", "cold reload")
    print(f"{'cite (median ms)':<22}" + "".join(f"{k:>13}" for k in columns))
    for name, found in results.items():
        print(f"{name:<22}" + "".join(f"{found[k]:>13.1f}" for k in columns))
    print(f"closest match in a {closest['source MB']:.0f} MB source (median ms): drifted {closest['drifted']:.1f}, "
          f"nothing close {closest['nothing close']:.1f}")
    print(json.dumps({"cite": results, "closest": closest, "runs": args.runs}))


if __name__ == "__main__":
    main()

"""How long selecting an entry takes when it is a hub: a generated catalog where one location has
N linked people (7,000 by default), each with a passage. Measures, in the running app (Pilot),
moving the list cursor onto the hub and off it again until the detail shows it, with the detail's
paging (the first rows of a group and `… and N more`) and, for comparison, with every row built.

Usage: `python benchmarks/detail_bench.py [--links N] [--runs N]`. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.app import ImnationApp  # noqa: E402
from tui.app.screens.browser import EntryList  # noqa: E402
from tui.app.widgets import entry_detail  # noqa: E402
from tui.app.widgets.entry_detail import EntryDetail  # noqa: E402


def hub_catalog(folder: Path, links: int) -> Path:
    text = "\n\n".join(f"Person {i} was at the hub on day {i}." for i in range(links)) + "\n"
    (folder / "seeds").mkdir()
    (folder / "seeds" / "s.txt").write_text(text, encoding="utf-8")
    data = {
        "sources": [{"id": "src", "name": "A source", "summary": "S.", "file": "seeds/s.txt", "source_kind": "news"}],
        "locations": [
            {"id": "hub", "name": "Hub", "summary": "Everyone was here."},
            {"id": "elsewhere", "name": "Elsewhere", "summary": "Nobody was here."},
        ],
        "people": [
            {"id": f"p{i}", "name": f"Person {i}", "summary": "Was there.", "locations": ["hub"],
             "passages": [{"source": "src", "quote": f"Person {i} was at the hub on day {i}."}]}
            for i in range(links)
        ],
    }
    path = folder / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


async def time_selection(path: Path, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"hub": [], "elsewhere": []}
    app = ImnationApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")  # locations: Hub, Elsewhere
        await pilot.pause()
        entries, detail = app.screen.query_one(EntryList), app.screen.query_one(EntryDetail)
        for _ in range(runs):
            for target in ("elsewhere", "hub"):
                started = time.perf_counter()
                entries.highlight_id(target)
                while detail.entry_id != target:
                    await pilot.pause()
                detail.render_lines(detail.region)  # until it is laid out and drawn
                times[target].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=7000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = hub_catalog(Path(folder), args.links)
        paged = asyncio.run(time_selection(path, args.runs))
        entry_detail.PAGE = args.links + 1  # every row built, as before paging
        everything = asyncio.run(time_selection(path, args.runs))
    result = {
        "links": args.links,
        "paged_median_s": round(statistics.median(paged["hub"]), 4),
        "every_row_median_s": round(statistics.median(everything["hub"]), 4),
        "one_link_median_s": round(statistics.median(paged["elsewhere"]), 4),
    }
    print(f"selecting a hub with {args.links:,} links: paged {result['paged_median_s'] * 1000:.0f} ms, "
          f"every row {result['every_row_median_s'] * 1000:.0f} ms; an entry with no links "
          f"{result['one_link_median_s'] * 1000:.0f} ms (medians of {args.runs}, Pilot's own pauses included)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

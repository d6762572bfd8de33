"""Fixture catalogs written to a temporary folder: as exact YAML text (`write_catalog`) or built
from Python data (`make_catalog`); the shipped catalog's path; what a load reports (`problems_of`)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from tui.catalog import CatalogError, load_catalog

SOURCE_TEXT = (
    "A Headline About the Series\n"
    "\n"
    "Judy Smith met the officers in Charlotte. She said \u201cwe\u2019re not going\u201d \u2014 twice.\n"
    "\n"
    "Later, Judy Smith met the officers again.\n"
)


def write_catalog(
    folder: Path, yaml_text: str, sources: dict[str, str] | None = None, *, dedent: bool = True
) -> Path:
    """Write `catalog.yaml` (dedented unless told not to) and source files (name -> text) under
    `folder`; return the catalog's path. Default source: `seeds/a.txt` holding SOURCE_TEXT."""
    for name, text in (sources if sources is not None else {"seeds/a.txt": SOURCE_TEXT}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    catalog = folder / "catalog.yaml"
    catalog.write_text(textwrap.dedent(yaml_text) if dedent else yaml_text, encoding="utf-8")
    return catalog


SOURCE_YAML = """\
sources:
  - id: src
    name: A Headline About the Series
    summary: A test source.
    file: seeds/a.txt
    source_kind: news
"""

# The source and one subject citing its first sentence: what the curating tests edit.
JUDY_CATALOG = SOURCE_YAML + """\
subjects:
  - id: judy
    name: Judy Smith
    main: true
    summary: Met the officers.
    passages:
      - source: src
        quote: Judy Smith met the officers in Charlotte.
"""

# A small valid catalog: one source, an episode, a main subject with a passage, a location.
VALID = SOURCE_YAML + """\
episodes:
  - id: episode-1
    number: 1
    name: Episode 1
    summary: The first episode.
subjects:
  - id: judy
    name: Judy Smith
    main: true
    summary: Met the officers.
    episodes: [episode-1]
    locations: [charlotte]
    passages:
      - source: src
        quote: met the officers in Charlotte
locations:
  - id: charlotte
    name: Charlotte
    region: North Carolina
    summary: A city.
"""


def problems_of(path: Path) -> list[str]:
    """`line:col: message` of each problem that stops the catalog at `path` from loading."""
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems]


def assert_schema_problem(problem: str, where: str, *words: str) -> None:
    """`problem` (`line:col: path: message`) starts with `where` (`line:col: path:`, the loader's
    own) and its message says each of `words` (case-insensitively): the rest of the wording is the
    validation library's (pydantic's `msg`), which its releases may rephrase."""
    assert problem.startswith(where), (problem, where)
    message = problem.removeprefix(where)
    assert message.strip(), problem
    for word in words:
        assert word.casefold() in message.casefold(), (problem, word)


def drift_of(path: Path) -> list[str]:
    """`line:col: message` of each problem that does not stop the catalog from loading."""
    return [f"{p.line}:{p.col}: {p.message}" for p in load_catalog(path).problems]


REPO = Path(__file__).resolve().parents[1]
SHIPPED_CATALOG = REPO / "catalog.yaml"

DEFAULT_SOURCE_TEXT = (
    "A Headline About the Series\n"
    "\n"
    "Judy Smith met the officers in Charlotte. She said she was not going anywhere.\n"
    "\n"
    "Later, Judy Smith met the officers again, in Charlotte, and spoke to the filmmakers.\n"
)


def make_catalog(
    tmp_path: Path,
    entries: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    source_text: str | Mapping[str, str] = DEFAULT_SOURCE_TEXT,
) -> Path:
    """Write a catalog under `tmp_path` and return the path of its `catalog.yaml`.

    entries: section name (`subjects`, `episodes`, ...) -> list of entry mappings, exactly as they
        would be written in catalog.yaml. Default: no entries but the source(s).
    source_text: the text of the one source, `seeds/source.txt` with id `src`; or a mapping
        source id -> text for several sources (each written to `seeds/<id>.txt`).
    A `sources` entry is added for every source text whose id `entries["sources"]` does not
    already declare, so passages can cite `src` without declaring it.
    """
    texts = {"src": source_text} if isinstance(source_text, str) else dict(source_text)
    data: dict[str, list[Mapping[str, Any]]] = {section: list(items) for section, items in (entries or {}).items()}
    declared = {source["id"] for source in data.get("sources", [])}
    files: dict[str, str] = {}
    for source_id, text in texts.items():
        file = "seeds/source.txt" if isinstance(source_text, str) else f"seeds/{source_id}.txt"
        files[file] = text
        if source_id not in declared:
            data.setdefault("sources", []).append(
                {
                    "id": source_id,
                    "name": f"Source {source_id}",
                    "summary": "A test source.",
                    "file": file,
                    "source_kind": "news",
                }
            )
    yaml_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return write_catalog(tmp_path, yaml_text, files, dedent=False)


def bounded_run(code: str, best_of: int = 1) -> tuple[float, float, str]:
    """Run `code` (Python that defines `run()`) in a fresh interpreter; the CPU seconds `run()`
    took, the process's peak memory in MB, and what `run()` returned as text. Time and memory of a
    hostile case are measured apart from the test process (its imports and earlier tests), and in
    CPU time, which other work on a shared machine does not inflate as it does wall-clock time
    (though a busy machine's shared caches still do: `best_of` runs keep the fastest, for a case
    whose cost is close to its bound)."""
    runs = [_bounded_run_once(code) for _ in range(best_of)]
    return min(runs, key=lambda run: run[0])


def _bounded_run_once(code: str) -> tuple[float, float, str]:
    program = (
        "import sys, time\n"
        + textwrap.dedent(code)
        + "\nstarted = time.process_time()\nsaid = run()\nelapsed = time.process_time() - started\n"
        # VmHWM: this program's own peak (ru_maxrss keeps the forking test process's across exec)
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024\n"
        "print(elapsed, peak)\nprint(said, end='')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)
    first, _, said = done.stdout.partition("\n")
    elapsed, peak = (float(part) for part in first.split())
    return elapsed, peak, said

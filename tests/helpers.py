"""Fixture catalogs written to a temporary folder, for tests that need exact YAML text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

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


def drift_of(path: Path) -> list[str]:
    """`line:col: message` of each problem that does not stop the catalog from loading."""
    return [f"{p.line}:{p.col}: {p.message}" for p in load_catalog(path).problems]

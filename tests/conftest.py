"""Shared fixtures: fixture catalogs built from Python data, and the shipped catalog's path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import write_catalog

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


@pytest.fixture
def shipped_catalog() -> Path:
    """The repository's own catalog.yaml (the one users browse)."""
    assert SHIPPED_CATALOG.is_file(), "catalog.yaml is missing from the repository"
    return SHIPPED_CATALOG


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`, e.g. Textual Pilot tests) run on asyncio only."""
    return "asyncio"

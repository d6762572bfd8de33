"""JSON export: one record per entry, the same record `imnation show --json` prints, so the two
never disagree. Written with `json_text`, which escapes control and bidi characters."""

from __future__ import annotations

from tui.catalog.model import Catalog
from tui.catalog.relations import grouped_links, link_record
from tui.catalog.schema import all_passages
from tui.text import json_text


def export_json(catalog: Catalog, ids: list[str]) -> str:
    return json_text([entry_record(catalog, i) for i in ids]) + "\n"


def entry_record(catalog: Catalog, entry_id: str) -> dict:
    """One entry as plain data: fields, links (derived ones included), passages (each `text` the
    exact `[start:end]` of its source) and `drifted`: the passages that did not anchor, with the
    curator's quote and why."""
    if entry_id not in catalog.entries:
        raise KeyError(entry_id)
    entry = catalog.entries[entry_id]
    return {
        "id": entry.id,
        "kind": catalog.kinds[entry_id],
        "name": entry.name,
        "aliases": list(entry.aliases),
        "summary": entry.summary,
        "links": [
            link_record(catalog, link)
            for _, links in grouped_links(catalog, entry_id)
            for link in links
        ],
        "passages": [
            {"source": a.source_id, "file": a.file, "line": a.line, "start": a.start, "end": a.end, "text": a.text}
            for a in catalog.anchors_of(entry_id)
        ],
        "drifted": [
            {
                "source": passage.source,
                "file": catalog.sources[passage.source].file,
                "quote": passage.quote,
                "problem": _drift_reason(catalog, entry_id, index),
            }
            for index, (passage, anchor) in enumerate(zip(all_passages(entry), catalog.anchors[entry_id], strict=True))
            if anchor is None
        ],
    }


def _drift_reason(catalog: Catalog, entry_id: str, index: int) -> str:
    problem = catalog.drift_reasons.get((entry_id, index))
    return str(problem) if problem else "the quote could not be found in its source"

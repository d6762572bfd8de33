"""JSON export: one record per entry, the same record `imnation show --json` prints, so the two
never disagree. Written with `json_text`, which escapes control and bidi characters."""

from __future__ import annotations

from tui.catalog.model import Anchor, Catalog
from tui.catalog.relations import grouped_links, link_record
from tui.catalog.schema import Discrepancy, Passage, Person, Subject, all_passages, passage_claims
from tui.text import json_text


def export_json(catalog: Catalog, ids: list[str]) -> str:
    return json_text([entry_record(catalog, i) for i in ids]) + "\n"


def entry_record(catalog: Catalog, entry_id: str) -> dict:
    """One entry as plain data: fields (a subject's `role` and `main`, a person's `role`, a
    discrepancy's `question` and `claims`, each with its passages), links (derived ones included),
    passages (each `text` the exact `[start:end]` of its source, with the curator's `note` if any)
    and `drifted`: the passages that did not anchor, with the curator's quote and why."""
    if entry_id not in catalog.entries:
        raise KeyError(entry_id)
    entry = catalog.entries[entry_id]
    passages = all_passages(entry)
    anchors = catalog.anchors.get(entry_id) or [None] * len(passages)
    record: dict = {
        "id": entry.id,
        "kind": catalog.kinds[entry_id],
        "name": entry.name,
        "aliases": list(entry.aliases),
        "summary": entry.summary,
    }
    if isinstance(entry, Subject | Person):
        record["role"] = entry.role
    if isinstance(entry, Subject):
        record["main"] = entry.main
    if isinstance(entry, Discrepancy):
        claims = passage_claims(entry)
        record["question"] = entry.question
        record["claims"] = [
            {
                "claim": claim.claim,
                "rank": claim.rank,
                "passages": [
                    _passage_record(passage, anchor)
                    for passage, anchor, of in zip(passages, anchors, claims, strict=True)
                    if anchor is not None and of is claim
                ],
            }
            for claim in entry.claims
        ]
    record["links"] = [
        link_record(catalog, link)
        for _, links in grouped_links(catalog, entry_id)
        for link in links
    ]
    record["passages"] = [
        _passage_record(passage, anchor)
        for passage, anchor in zip(passages, anchors, strict=True)
        if anchor is not None
    ]
    record["drifted"] = [
        {
            "source": passage.source,
            "file": catalog.sources[passage.source].file,
            "quote": passage.quote,
            **({"note": passage.note} if passage.note else {}),
            "problem": _drift_reason(catalog, entry_id, index),
        }
        for index, (passage, anchor) in enumerate(zip(passages, anchors, strict=True))
        if anchor is None
    ]
    return record


def _passage_record(passage: Passage, anchor: Anchor) -> dict:
    a = anchor
    record = {"source": a.source_id, "file": a.file, "line": a.line, "start": a.start, "end": a.end, "text": a.text}
    if passage.note:
        record["note"] = passage.note
    return record


def _drift_reason(catalog: Catalog, entry_id: str, index: int) -> str:
    problem = catalog.drift_reasons.get((entry_id, index))
    return str(problem) if problem else "the quote could not be found in its source"

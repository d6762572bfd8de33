"""Export entries with their evidence: Markdown dossiers, a CSV of passages, or JSON records.

`entry_record` is also what `imnation show --json` prints, so the two never disagree. Every piece
of catalog or source text in Markdown and CSV goes through `visible()`; JSON is written with
`ensure_ascii`, which escapes control and bidi characters on its own.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from tui.catalog.model import Catalog, Link
from tui.catalog.relations import grouped_links
from tui.catalog.schema import KINDS, Discrepancy, Entry, all_passages
from tui.text import json_text, one_line, visible

Format = Literal["markdown", "csv", "json"]
FORMATS: tuple[str, ...] = ("markdown", "csv", "json")
CSV_HEADER = ("entry_id", "kind", "name", "source", "line", "quote")

# Kind-specific fields shown under a dossier's heading, in this order.
_DETAILS = (("number", "Episode"), ("role", "Role"), ("region", "Region"), ("outlet", "Outlet"),
            ("source_kind", "Kind of source"), ("file", "File"))


def export(catalog: Catalog, ids: list[str] | None, fmt: Format) -> str:
    """The entries `ids` (all, in display order, when None) in one format. KeyError for an unknown
    id, ValueError for an unknown format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for entry_id in ids or ():
        if entry_id not in catalog.entries:
            raise KeyError(entry_id)
    chosen = list(ids) if ids is not None else [e.id for kind in KINDS for e in catalog.of_kind(kind)]
    if fmt == "json":
        return json_text([entry_record(catalog, i) for i in chosen]) + "\n"
    if fmt == "csv":
        return _csv(catalog, chosen)
    return "\n---\n\n".join(_dossier(catalog, i) for i in chosen)


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
            {
                "id": link.target_id,
                "kind": catalog.kinds[link.target_id],
                "name": catalog.entries[link.target_id].name,
                "relation": link.relation,
                "certainty": link.certainty,
                **({"note": link.note} if link.note else {}),
            }
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


# -- CSV ----------------------------------------------------------------------------------------


def _csv(catalog: Catalog, ids: list[str]) -> str:
    """One row per anchored passage, like a qualitative-coding tool's highlight export."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entry_id in ids:
        entry = catalog.entries[entry_id]
        for anchor in catalog.anchors_of(entry_id):
            writer.writerow(
                [entry_id, catalog.kinds[entry_id], visible(entry.name), anchor.source_id, anchor.line,
                 visible(anchor.text)]
            )
    return out.getvalue()


# -- Markdown -----------------------------------------------------------------------------------


def _dossier(catalog: Catalog, entry_id: str) -> str:
    entry = catalog.entries[entry_id]
    kind = catalog.kinds[entry_id]
    lines = [f"# {one_line(entry.name)} ({kind})", "", f"`{entry_id}`", ""]
    if entry.aliases:
        lines += ["*Also:* " + ", ".join(one_line(a) for a in entry.aliases), ""]
    details = [
        f"*{label}:* {one_line(str(getattr(entry, field)))}"
        for field, label in _DETAILS
        if getattr(entry, field, None) is not None
    ]
    if details:
        lines += ["  \n".join(details), ""]
    lines += [visible(entry.summary).strip(), ""]
    lines += _links_section(catalog, entry_id)
    lines += _passages_section(catalog, entry)
    return "\n".join(lines).rstrip() + "\n"


def _links_section(catalog: Catalog, entry_id: str) -> list[str]:
    groups = grouped_links(catalog, entry_id)
    if not groups:
        return []
    lines = ["## Links", ""]
    for relation, links in groups:
        names = [
            f"{one_line(catalog.entries[link.target_id].name)} (`{link.target_id}`){_certainty(link)}" for link in links
        ]
        lines.append(f"- **{relation.capitalize()}:** " + ", ".join(names))
    return [*lines, ""]


def _certainty(link: Link) -> str:
    return "" if link.certainty == "stated" else f" *({link.certainty}: {one_line(link.note or '')})*"


def _passages_section(catalog: Catalog, entry: Entry) -> list[str]:
    anchors = catalog.anchors.get(entry.id, ())
    if not anchors:
        return []
    lines = ["## Passages", ""]
    own = len(entry.passages)
    lines += _quotes(catalog, entry, range(own))
    if isinstance(entry, Discrepancy):
        lines = [f"**Question:** {one_line(entry.question)}", "", *lines]
        at = own
        for claim in entry.claims:
            lines += [f"### Claim: {one_line(claim.claim)}", ""]
            lines += _quotes(catalog, entry, range(at, at + len(claim.passages)))
            at += len(claim.passages)
    return lines


def _quotes(catalog: Catalog, entry: Entry, indices: range) -> list[str]:
    passages = all_passages(entry)
    anchors = catalog.anchors.get(entry.id, ())
    lines: list[str] = []
    for index in indices:
        passage, anchor = passages[index], anchors[index]
        source = catalog.sources[passage.source]
        text = anchor.text if anchor else passage.quote
        lines += [f"> {line}" if line.strip() else ">" for line in visible(text).strip().splitlines()]
        where = f"line {anchor.line}" if anchor else "quote not found (drifted)"
        lines += ["", f"\u2014 *{one_line(source.name)}*, {one_line(source.file)} {where}"]
        if passage.note:
            lines += ["", f"*Note:* {one_line(passage.note)}"]
        lines.append("")
    return lines

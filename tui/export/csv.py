"""CSV export: one row per anchored passage, like a qualitative-coding tool's highlight export.

A cell that a spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
carriage return) is prefixed with `'`, as OWASP's CSV-injection guidance recommends: the
spreadsheet then shows the text instead of evaluating it.
"""

from __future__ import annotations

import csv
import io

from tui.catalog.model import Catalog
from tui.catalog.schema import passage_claims
from tui.text import visible

CSV_HEADER = ("entry_id", "kind", "name", "claim", "source", "source_title", "line", "quote", "note")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as text a spreadsheet shows but never evaluates."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_csv(catalog: Catalog, ids: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entry_id in ids:
        entry = catalog.entries[entry_id]
        claims = passage_claims(entry)
        for anchor in catalog.anchors_of(entry_id):
            cells = [
                entry_id,
                catalog.kinds[entry_id],
                entry.name,
                claim.claim if (claim := claims[anchor.index]) else "",
                anchor.source_id,
                catalog.sources[anchor.source_id].name,
                str(anchor.line),
                anchor.text,
                anchor.passage.note or "",
            ]
            writer.writerow([spreadsheet_safe(visible(cell)) for cell in cells])
    return out.getvalue()


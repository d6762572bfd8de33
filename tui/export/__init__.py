"""Export entries with their evidence, one module per format: a Markdown dossier, a CSV of
passages, JSON records (`entry_record`, also what `imnation show --json` prints), W3C Web
Annotations, and a REFI-QDA project (`.qdpx`, the one binary format).

Nothing here imports Textual: the CLI imports it to export.
"""

from __future__ import annotations

from typing import Literal

from tui.catalog.model import Catalog
from tui.catalog.schema import KINDS
from tui.export.csv import CSV_HEADER, export_csv
from tui.export.json import entry_record, export_json
from tui.export.markdown import export_markdown
from tui.export.qdpx import export_qdpx
from tui.export.w3c import export_w3c

__all__ = ["BINARY_FORMATS", "CSV_HEADER", "FORMATS", "entry_record", "export", "export_bytes"]

TextFormat = Literal["markdown", "csv", "json", "w3c"]
Format = Literal["markdown", "csv", "json", "w3c", "qdpx"]
TEXT_FORMATS: tuple[TextFormat, ...] = ("markdown", "csv", "json", "w3c")
BINARY_FORMATS: tuple[Format, ...] = ("qdpx",)
FORMATS: tuple[Format, ...] = (*TEXT_FORMATS, *BINARY_FORMATS)

_TEXT_EXPORTERS = {"markdown": export_markdown, "csv": export_csv, "json": export_json, "w3c": export_w3c}


def chosen_ids(catalog: Catalog, ids: list[str] | None) -> list[str]:
    """`ids` checked (KeyError for an unknown one), or every entry in display order when None."""
    for entry_id in ids or ():
        if entry_id not in catalog.entries:
            raise KeyError(entry_id)
    return list(ids) if ids is not None else [e.id for kind in KINDS for e in catalog.of_kind(kind)]


def export(catalog: Catalog, ids: list[str] | None, fmt: TextFormat) -> str:
    """The entries `ids` (all, in display order, when None) in a text format. KeyError for an
    unknown id, ValueError for an unknown format or a binary one."""
    if fmt not in _TEXT_EXPORTERS:
        raise ValueError(f"unknown text export format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
    return _TEXT_EXPORTERS[fmt](catalog, chosen_ids(catalog, ids))


def export_bytes(catalog: Catalog, ids: list[str] | None, fmt: Format) -> bytes:
    """Any format as the bytes to write: text formats in UTF-8, `qdpx` as a zip."""
    if fmt == "qdpx":
        return export_qdpx(catalog, chosen_ids(catalog, ids))
    return export(catalog, ids, fmt).encode("utf-8")

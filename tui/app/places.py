"""Where the user can be, and what a list row opens: an entry, a span of a source, an overview.

History records places; every list that opens something carries one per row (`TargetOption`);
`Navigate` asks the App to go to one.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.search import Hit


@dataclass(frozen=True, slots=True)
class EntryPlace:
    """An entry's detail in the browser."""

    entry_id: str


@dataclass(frozen=True, slots=True)
class SourcePlace:
    """The source reader at a span (no span: the top of the document)."""

    source_id: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class ViewPlace:
    """An overview (matrix, timeline, comparison...), shown again as it was left; `entry_id`: at
    that entry (the discrepancy compared, the event or the subject under the cursor)."""

    name: str
    entry_id: str | None = None


Place = EntryPlace | SourcePlace | ViewPlace


def hit_place(hit: Hit) -> Place:
    """Where a search hit opens: an uncited source paragraph in the reader, anything else as an entry."""
    if hit.field == "text" and hit.source_id is not None:
        return SourcePlace(hit.source_id, hit.start, hit.end)
    return EntryPlace(hit.id)

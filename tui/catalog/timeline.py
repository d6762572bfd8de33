"""The timeline: the catalog's dated events in order, each with what conflicts with it.

Events are ordered by their date at its stated precision (`2017` before `2017-04`, since what
happened "in 2017" may have happened before April), then by name. An event whose date the sources
dispute is linked to that discrepancy (`events:` on the discrepancy, or `discrepancies`' derived
link); the timeline names those discrepancies so the UI can show the date as contested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.catalog.model import Anchor, Catalog, Link
from tui.catalog.relations import grouped_links, link_record
from tui.catalog.schema import Event


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    event: Event
    anchors: tuple[Anchor, ...]
    links: tuple[Link, ...]  # to everything but discrepancies
    disputed_by: tuple[str, ...]  # ids of discrepancies over this event

    @property
    def contested(self) -> bool:
        return bool(self.disputed_by)


def _order(event: Event) -> tuple[str, int, str]:
    return (event.date, len(event.date), event.name.casefold())


def timeline(catalog: Catalog) -> list[TimelineEvent]:
    """Every event, in date order."""
    found = []
    for event in sorted(catalog.entries_of(Event), key=_order):
        links = [link for _, group in grouped_links(catalog, event.id) for link in group]
        disputed = tuple(link.target_id for link in links if catalog.kind(link.target_id) == "discrepancy")
        others = tuple(link for link in links if catalog.kind(link.target_id) != "discrepancy")
        found.append(TimelineEvent(event, tuple(catalog.anchors_of(event.id)), others, disputed))
    return found


def timeline_record(catalog: Catalog, item: TimelineEvent) -> dict[str, Any]:
    """What `imnation timeline --json` prints for one event: `date` is ISO 8601 at the precision the
    sources give (a full date where the day is known), `stated` the sources' own words."""
    event = item.event
    return {
        "id": event.id,
        "name": event.name,
        "date": event.date,
        "stated": event.stated,
        "precision": event.precision,
        "date_certainty": event.date_certainty,
        "date_note": event.date_note,
        "passages": [
            {"source": a.source_id, "file": a.file, "line": a.line, "start": a.start, "end": a.end, "text": a.text}
            for a in item.anchors
        ],
        "links": [
            link_record(catalog, link)
            for link in item.links
        ],
        "disputed_by": list(item.disputed_by),
    }

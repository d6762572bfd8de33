"""Command-palette provider: every catalog entry (and source paragraph) through the SearchIndex, and
`SOURCE_ID:LINE` for the reader at that line.

Prompts are `Content` built from literal text: the palette would read a plain string as markup.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Protocol, cast

from textual.command import Hit, Hits, Provider
from textual.content import Content

from tui.app.literal import badge, highlight_positions, literal_line
from tui.app.places import Place, SourcePlace, hit_place, line_target, target_place
from tui.catalog.labels import source_labels
from tui.catalog.model import Catalog
from tui.search import SearchIndex


class PaletteHost(Protocol):
    """What the provider needs of the app (a protocol, so this module does not import the app)."""

    catalog: Catalog | None

    def open_place(self, place: Place) -> None: ...

    def wait_for_search_index(self) -> SearchIndex: ...


class EntryCommands(Provider):
    """Jump to an entry from `ctrl+p`, ranked by the same index as `/`."""

    async def search(self, query: str) -> Hits:
        app = cast(PaletteHost, self.app)
        if not query.strip() or app.catalog is None:
            return
        if line_target(query.strip()) is not None:  # SOURCE_ID:LINE: the reader at that line
            place = target_place(app.catalog, query.strip())
            if isinstance(place, SourcePlace):
                label = source_labels(app.catalog).get(place.source_id, place.source_id)
                line = app.catalog.texts[place.source_id].line_of(place.start or 0)
                yield Hit(
                    score=1.0,
                    match_display=Content.assemble(badge("source"), literal_line(label), (f"  line {line}", "bold")),
                    command=partial(app.open_place, place),
                    text=query,
                    help=Content.styled("read the source at this line", "dim"),  # type: ignore[arg-type]
                )
            return
        index = await asyncio.to_thread(app.wait_for_search_index)
        for hit in await asyncio.to_thread(index.search, query, limit=15):
            shown = highlight_positions(hit.matched, hit.positions) if hit.field == "name" else literal_line(hit.name)
            help_text = Content.assemble(
                ("open " if hit.field != "text" else "read ", "dim"),
                (hit.kind, "dim"),
                *((("  ", ""), literal_line(hit.snippet, "dim")) if hit.snippet else ()),
            )
            yield Hit(
                score=hit.score / 100,
                match_display=Content.assemble(badge(hit.kind), shown),
                command=partial(app.open_place, hit_place(hit)),
                text=f"{hit.kind} {hit.name}",
                help=help_text,  # type: ignore[arg-type]  # Content is shown as is
            )

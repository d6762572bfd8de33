"""Command-palette provider: every catalog entry (and source paragraph) through the SearchIndex.

Prompts are `Content` built from literal text: the palette would read a plain string as markup.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider
from textual.content import Content

from tui.app.literal import badge, highlight_positions, literal_line
from tui.app.places import hit_place

if TYPE_CHECKING:
    from tui.app.app import ImnationApp


class EntryCommands(Provider):
    """Jump to an entry from `ctrl+p`, ranked by the same index as `/`."""

    async def search(self, query: str) -> Hits:
        app: ImnationApp = self.app  # type: ignore[assignment]
        if not query.strip() or app.catalog is None:
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

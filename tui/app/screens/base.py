"""What every screen that shows the catalog has in common (compare posting's `Helpable`).

The App relies on exactly this and nothing else: on a reload it calls `apply_catalog` on every
`CatalogScreen` in the stack; `e` edits `current_entry_id`; the help screen lists the screen's own
`BINDINGS` under `HELP_TITLE`. A screen shows the problems of the catalog by composing a
`ProblemsPanel`, which keeps itself current.
"""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen

from tui.catalog import Catalog


class CatalogScreen(Screen[None]):
    HELP_TITLE: ClassVar[str] = ""
    """The heading of this screen's keys in help ("" for none)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show a reloaded catalog, keeping the user's place where it still exists. Screens that
        render catalog data extend this."""
        self.catalog = catalog

    @property
    def current_entry_id(self) -> str | None:
        """The entry the user is looking at (what `e` opens in the editor), if any."""
        return None

    def focus_entry(self, entry_id: str) -> None:
        """Put the cursor on `entry_id` if this screen shows it (a view opened from an entry opens
        at it: the matrix at a subject's row, the comparison at a discrepancy); else do nothing."""

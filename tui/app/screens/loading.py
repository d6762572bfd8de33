"""Shown while a big catalog loads (in a thread): which phase the loader is in, and how many
entries are anchored so far, instead of a blank terminal. The browser replaces it."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from tui.app.literal import literal

PHASES = {
    "reading": "Reading the YAML",
    "checking": "Checking entries and links",
    "anchoring": "Anchoring passages in their sources",
}
COUNTED = {"anchoring": "passages"}  # what a phase's `done` and `total` count


class LoadingScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadingScreen {
        align: center middle;
        #loading-title { width: auto; text-style: bold; }
        #loading-phase { width: auto; color: $text-muted; }
        ProgressBar { width: auto; }
    }
    """

    def __init__(self, catalog_path: Path, size: int) -> None:
        super().__init__()
        self.catalog_path = catalog_path
        self.file_size = size

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble("Loading ", literal(self.catalog_path.name), f" ({self.file_size / 1e6:.1f} MB)…"),
            id="loading-title",
            markup=False,
        )
        yield Static(PHASES["reading"], id="loading-phase", markup=False)
        yield ProgressBar(total=None, show_eta=False, id="loading-progress")
        yield Footer()

    def show_progress(self, phase: str, done: int, total: int) -> None:
        """What the loader reports (see `tui.catalog.loader.Progress`)."""
        text = PHASES.get(phase, phase)
        if total:
            text += f": {done:,} of {total:,} {COUNTED.get(phase, 'entries')}"
        self.query_one("#loading-phase", Static).update(Content(text))
        self.query_one(ProgressBar).update(total=total or None, progress=done)

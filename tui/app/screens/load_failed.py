"""Shown instead of the browser while no catalog has loaded yet. The problems themselves are in
the `ProblemsPanel` that live reload keeps up to date (tui.app.reload), as on every other screen:
saving another broken version lists the new problems, a valid one replaces this screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.literal import literal
from tui.app.widgets.problems_panel import ProblemsPanel


class LoadFailedScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadFailedScreen {
        #load-failed { padding: 1 2; color: $text-error; text-style: bold; }
        ProblemsPanel { max-height: 100%; }
    }
    """

    def __init__(self, catalog_path: Path) -> None:
        super().__init__()
        self.catalog_path = catalog_path

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                "The catalog ",
                literal(str(self.catalog_path)),
                " could not be loaded. Fix it and save: the app loads it as soon as it is valid. "
                "e opens your editor at the first problem; q quits.",
            ),
            id="load-failed",
            markup=False,
        )
        yield ProblemsPanel()
        yield Footer()

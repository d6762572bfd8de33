"""Shown instead of the browser when the catalog cannot be built: every problem, located."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.literal import literal
from tui.catalog import Problem


class LoadFailedScreen(Screen):
    DEFAULT_CSS = """
    LoadFailedScreen {
        #problems { padding: 1 2; }
        #problems-title { color: $text-error; text-style: bold; margin-bottom: 1; }
    }
    """

    def __init__(self, catalog_path: Path, problems: list[Problem]) -> None:
        super().__init__()
        self.catalog_path = catalog_path
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems"):
            yield Static(
                Content.assemble(
                    "The catalog ",
                    literal(str(self.catalog_path)),
                    f" could not be loaded ({len(self.problems)} problems). Fix it and restart, or press q to quit.",
                ),
                id="problems-title",
                markup=False,
            )
            for problem in self.problems:
                yield Static(literal(str(problem)), classes="problem", markup=False)
        yield Footer()

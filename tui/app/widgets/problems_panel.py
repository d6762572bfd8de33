"""A docked panel listing what is wrong with `catalog.yaml`, one `file:line:col: message` per line.

Errors mean the file on disk could not be loaded and the app is still showing the last good
catalog; warnings (drifted quotes, changed sources) accompany a catalog that did load. The panel
hides itself when there is nothing to say.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tui.app.literal import literal
from tui.catalog import Problem


class ProblemsPanel(Widget):
    """Docked at the bottom of a screen; `show(errors, warnings)` fills it, or hides it when both are empty."""

    DEFAULT_CSS = """
    ProblemsPanel {
        dock: bottom;
        height: auto;
        max-height: 40%;
        display: none;
        border-top: heavy $error;
        background: $error 10%;
        padding: 0 1;
    }
    ProblemsPanel.-warnings-only { border-top: heavy $warning; background: $warning 10%; }
    ProblemsPanel.-visible { display: block; }
    ProblemsPanel #problems-heading { text-style: bold; }
    ProblemsPanel VerticalScroll { height: auto; max-height: 12; }
    """

    def __init__(self) -> None:
        super().__init__(id="problems-panel")
        self.errors: tuple[Problem, ...] = ()
        self.warnings: tuple[Problem, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="problems-heading")
        with VerticalScroll():
            yield Static(id="problems-list")

    def on_mount(self) -> None:
        self._render_problems()

    def show(self, errors: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        """`errors`: why the file on disk did not load (an older catalog is shown);
        `warnings`: non-blocking problems of the catalog that is shown."""
        self.errors = tuple(errors)
        self.warnings = tuple(warnings)
        if self.is_mounted:
            self._render_problems()

    def _render_problems(self) -> None:
        self.set_class(bool(self.errors or self.warnings), "-visible")
        self.set_class(not self.errors, "-warnings-only")
        if self.errors:
            count = len(self.errors)
            heading = (
                f"catalog.yaml could not be loaded ({count} problem{'s' * (count != 1)}): still showing "
                "the last good catalog. Fix the file and save; it reloads by itself."
            )
            shown = [literal(str(p), "$error") for p in self.errors]
        else:
            count = len(self.warnings)
            heading = f"{count} warning{'s' * (count != 1)}: the catalog loaded, but these passages are not shown"
            shown = [literal(str(p), "$warning") for p in self.warnings]
        self.query_one("#problems-heading", Static).update(Content(heading))
        self.query_one("#problems-list", Static).update(Content("\n").join(shown))

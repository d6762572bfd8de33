"""A panel at the bottom of the screen listing what is wrong with `catalog.yaml`, one `file:line:col: message` per line.

Errors mean the file on disk could not be loaded: the app is still showing the last good catalog,
or, if none ever loaded, nothing but this panel. Warnings (drifted quotes, changed sources)
accompany a catalog that did load. The panel hides itself when there is nothing to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from textual.content import Content
from textual.widgets import Static

from tui.app.literal import literal
from tui.catalog import Problem

MAX_SHOWN = 12  # more than this and the rest are counted, not listed


class ProblemsPanel(Static):
    """At the bottom of a screen (below the footer); `show(errors, warnings)` fills it, or hides it when both are empty."""

    DEFAULT_CSS = """
    ProblemsPanel {
        split: bottom;  /* carves its own space: never covers the footer or another docked bar */
        height: auto;
        max-height: 50%;
        display: none;
        border-top: heavy $error;
        background: $error 10%;
        padding: 0 1;
    }
    ProblemsPanel.-warnings-only { border-top: heavy $warning; background: $warning 10%; }
    ProblemsPanel.-visible { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(id="problems-panel", markup=False)
        self.errors: tuple[Problem, ...] = ()
        self.warnings: tuple[Problem, ...] = ()

    def show(self, errors: Sequence[Problem], warnings: Sequence[Problem] = (), *, last_good: bool = True) -> None:
        """`errors`: why the file on disk did not load (`last_good`: an older catalog is shown);
        `warnings`: non-blocking problems of the catalog that is shown."""
        self.errors = tuple(errors)
        self.warnings = tuple(warnings)
        self.set_class(bool(self.errors or self.warnings), "-visible")
        self.set_class(not self.errors, "-warnings-only")
        if self.errors:
            count = len(self.errors)
            name = PurePath(self.errors[0].file).name
            keeping = "showing the last good catalog until you fix and save it" if last_good else "fix and save it"
            heading = f"{name} did not load ({count} problem{'s' * (count != 1)}); {keeping}:"
            listed, style = self.errors, "$text-error"
        else:
            count = len(self.warnings)
            heading = f"The catalog loaded with {count} warning{'s' * (count != 1)}:"
            listed, style = self.warnings, "$text-warning"
        lines = [literal(heading, "bold")]
        lines += [literal(str(problem), style) for problem in listed[:MAX_SHOWN]]
        if len(listed) > MAX_SHOWN:
            lines.append(Content(f"… and {len(listed) - MAX_SHOWN} more"))
        self.update(Content("\n").join(lines))

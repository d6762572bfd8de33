"""A panel at the bottom of the screen listing what is wrong with `catalog.yaml`, one `file:line:col: message` per line.

Errors mean the file on disk could not be loaded: the app is still showing the last good catalog,
or, if none ever loaded, nothing but this panel. Otherwise it lists the problems of the catalog that
did load (drifted passages, changed sources). The panel hides itself when there is nothing to say.

The App publishes a `ProblemReport` in its `problem_report` reactive; every panel watches it, so a
screen shows the problems by composing a panel and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from textual.content import Content
from textual.widgets import Static

from tui.app.literal import literal
from tui.catalog import Problem

MAX_SHOWN = 12  # more than this and the rest are counted, not listed


@dataclass(frozen=True, slots=True)
class ProblemReport:
    """What the panels show: `errors` stop the file on disk from loading (`last_good`: an older
    catalog is still shown); otherwise `loaded` are the problems of the catalog on screen."""

    errors: tuple[Problem, ...] = ()
    loaded: tuple[Problem, ...] = ()
    last_good: bool = True


class ProblemsPanel(Static):
    """At the bottom of a screen (below the footer); `show(errors, loaded)` fills it, or hides it
    when both are empty."""

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

    def on_mount(self) -> None:
        if hasattr(self.app, "problem_report"):  # (a screen hosted by a test's bare App has none)
            self.watch(self.app, "problem_report", self._show_report)

    def _show_report(self, report: ProblemReport) -> None:
        self.show(report.errors, () if report.errors else report.loaded, last_good=report.last_good)

    def show(self, errors: Sequence[Problem], loaded: Sequence[Problem] = (), *, last_good: bool = True) -> None:
        """`errors`: why the file on disk did not load (`last_good`: an older catalog is shown);
        `loaded`: the problems of the catalog that is shown, which did not stop it loading
        (errors: a passage does not anchor; warnings: a source changed)."""
        self.errors = tuple(errors)
        self.warnings = tuple(loaded)
        self.set_class(bool(self.errors or self.warnings), "-visible")
        self.set_class(not self.errors and all(p.severity == "warning" for p in loaded), "-warnings-only")
        if self.errors:
            count = len(self.errors)
            name = PurePath(self.errors[0].file).name
            keeping = "showing the last good catalog until you fix and save it" if last_good else "fix and save it"
            heading = f"{name} did not load ({count} problem{'s' * (count != 1)}); {keeping}:"
            listed = self.errors
        else:
            count = len(self.warnings)
            heading = f"The catalog loaded with {count} problem{'s' * (count != 1)}:"
            listed = self.warnings
        lines = [literal(heading, "bold")]
        lines += [
            literal(str(problem), "$text-warning" if problem.severity == "warning" else "$text-error")
            for problem in listed[:MAX_SHOWN]
        ]
        if len(listed) > MAX_SHOWN:
            lines.append(Content(f"… and {len(listed) - MAX_SHOWN} more"))
        self.update(Content("\n").join(lines))

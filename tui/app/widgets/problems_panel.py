"""A panel above the footer listing what is wrong with `catalog.yaml`, one `file:line:col: message`
per row: every problem, scrolling when they do not fit; `tab` reaches it and `e` on a row opens the
editor at that problem.

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

from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from tui.app.literal import literal
from tui.app.widgets.nav_list import NavList
from tui.catalog import Problem


@dataclass(frozen=True, slots=True)
class ProblemReport:
    """What the panels show: `errors` stop the file on disk from loading (`last_good`: an older
    catalog is still shown); otherwise `loaded` are the problems of the catalog on screen."""

    errors: tuple[Problem, ...] = ()
    loaded: tuple[Problem, ...] = ()
    last_good: bool = True


class ProblemOption(Option):
    """One problem's row; it carries the problem (no location parsed back out of the text)."""

    def __init__(self, problem: Problem) -> None:
        style = "$text-warning" if problem.severity == "warning" else "$text-error"
        super().__init__(literal(str(problem), style))
        self.problem = problem


class ProblemsPanel(NavList):
    """Above the footer of a screen; `show(errors, loaded)` fills it, or hides it when both are
    empty. `e` (or `enter`) on a row asks the App to edit at that problem (`EditProblem`)."""

    DEFAULT_CSS = """
    ProblemsPanel {
        height: auto;
        max-height: 30%;
        min-height: 2;
        display: none;
        border: none;
        border-top: heavy $error;
        background: $error 10%;
        padding: 0 1;
        &:focus { border: none; border-top: heavy $accent; }
        & > .option-list--option-disabled { color: $foreground; }
    }
    ProblemsPanel.-warnings-only { border-top: heavy $warning; background: $warning 10%; }
    ProblemsPanel.-warnings-only:focus { border-top: heavy $accent; }
    ProblemsPanel.-visible { display: block; }
    """

    BINDINGS = [
        Binding("e", "edit", "Edit here", id="problems.edit"),
    ]

    class EditProblem(Message):
        """Open the editor at this problem."""

        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self) -> None:
        super().__init__(id="problems-panel")
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
            heading = f"The catalog loaded with {count} problem{'s' * (count != 1)} (tab, then e: edit at one):"
            listed = self.warnings
        keep = self.highlighted
        self.set_options([Option(literal(heading, "bold"), disabled=True), *(ProblemOption(p) for p in listed)])
        if keep is not None and keep < self.option_count:
            self.highlighted = keep

    @property
    def text(self) -> str:
        """Every row, as plain text ("" when hidden)."""
        if not self.has_class("-visible"):
            return ""
        return "\n".join(str(option.prompt) for option in self.options)

    @property
    def highlighted_problem(self) -> Problem | None:
        option = self.get_option_at_index(self.highlighted) if self.highlighted is not None else None
        return option.problem if isinstance(option, ProblemOption) else None

    def action_edit(self) -> None:
        problem = self.highlighted_problem or next(iter(self.errors or self.warnings), None)
        if problem is not None:
            self.post_message(self.EditProblem(problem))

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        if isinstance(event.option, ProblemOption):
            event.stop()
            self.post_message(self.EditProblem(event.option.problem))


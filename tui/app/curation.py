"""The app's side of curating: the writes made from this session (what `u` undoes) and edit refusals
as messages. Every byte written is `tui.catalog.edit`'s: the app plans, shows the plan, and writes
it only when the user confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.catalog.edit import EditError, EditPlan, Written, undo, write
from tui.text import visible


@dataclass
class Change:
    """One confirmed action: the writes it made (a new entry and its first passage are two), undone
    together, newest first."""

    writes: list[Written] = field(default_factory=list)

    @property
    def description(self) -> str:
        return "; ".join(w.plan.description for w in self.writes)


def where(plan: EditPlan) -> str:
    """`catalog.yaml:LINE`: where a plan's text goes (the file name shown literally)."""
    return f"{visible(plan.path.name)}:{plan.line}"


def refusal(error: EditError) -> str:
    """An edit refused, as the user reads it: `file:line:col: message`."""
    return visible(str(error.problem))


class Curation:
    """The changes written from this session, newest last."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def write(self, plan: EditPlan, joining: Change | None = None) -> Change:
        """Write `plan` (refused with `EditError` if the file changed since it was planned), as a new
        change or as part of `joining`."""
        written = write(plan)
        change = joining if joining is not None else Change()
        change.writes.append(written)
        if change not in self.changes:
            self.changes.append(change)
        return change

    def undo_last(self) -> str:
        """Put back the bytes the last change replaced; what it was. Refused (`EditError`, the change
        kept) if the file changed on disk since; `IndexError` if nothing is left to undo."""
        change = self.changes[-1]
        description = change.description
        while change.writes:
            undo(change.writes[-1])
            change.writes.pop()
        self.changes.pop()
        return description

    def forget(self, change: Change) -> None:
        """A change whose writes were all undone (a flow cancelled after its first write)."""
        if change in self.changes and not change.writes:
            self.changes.remove(change)

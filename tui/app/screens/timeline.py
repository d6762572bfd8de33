"""The timeline: dated events in order, with the date as the sources state it.

One row per event (its date at the stated precision, its name, the sources' own words for the date),
marked when the date is hedged or inferred and when a discrepancy disputes it. `enter` opens the
event; the line below describes the event under the cursor and what disputes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Static

from tui.app.literal import literal_line
from tui.app.places import EntryPlace
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.timeline import TimelineEvent, timeline

DATE_WIDTH = 11  # "2020-08-03" and a space
CERTAINTY_MARK = {"stated": " ", "hedged": "~", "inferred": "?"}
DISPUTED_MARK = "⚡"


def event_row(item: TimelineEvent) -> Content:
    event = item.event
    return Content.assemble(
        (f"{event.date:<{DATE_WIDTH}}", "bold"),
        (f"{CERTAINTY_MARK[event.date_certainty]} ", "bold $text-warning"),
        literal_line(event.name, "bold"),
        ("  " + DISPUTED_MARK if item.contested else "", "bold $text-error"),
        ("  ", ""),
        literal_line(f"“{event.stated}”", "$text-muted"),
    )


class TimelineList(NavList):
    DEFAULT_CSS = """
    TimelineList {
        height: 1fr;
        border: none;
        &:focus { border: none; }
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option { padding: 0 1; }
    }
    """


class TimelineScreen(CatalogScreen):
    """Every event, oldest first; `enter` opens it."""

    HELP_TITLE = "Timeline view"
    DEFAULT_CSS = """
    TimelineScreen #timeline-title { padding: 0 1; text-style: bold; }
    TimelineScreen #timeline-legend { padding: 0 1; color: $text-muted; }
    TimelineScreen #timeline-status { padding: 0 1; height: auto; min-height: 1; max-height: 6; background: $boost; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="timeline.close")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.events: list[TimelineEvent] = []

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-title", markup=False)
        yield Static(
            Content.assemble(
                ("~", "bold $text-warning"), " date hedged by the source   ",
                ("?", "bold $text-warning"), " date partly inferred   ",
                (DISPUTED_MARK, "bold $text-error"), " the sources disagree (see the discrepancy)",
            ),
            id="timeline-legend",
            markup=False,
        )
        yield TimelineList(id="timeline-list")
        yield Static(id="timeline-status", markup=False)
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(TimelineList).focus()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show a reloaded catalog, the cursor on the same event if it remains."""
        keep = self.current_entry_id
        super().apply_catalog(catalog)
        self._fill()
        if keep is not None:
            self.focus_entry(keep)

    @property
    def current_entry_id(self) -> str | None:
        target = self.query_one(TimelineList).highlighted_target
        return target.entry_id if isinstance(target, EntryPlace) else None

    def focus_entry(self, entry_id: str) -> None:
        self.query_one(TimelineList).highlight_target(EntryPlace(entry_id))

    def _fill(self) -> None:
        self.events = timeline(self.catalog)
        events = self.query_one(TimelineList)
        events.set_options(TargetOption(event_row(item), EntryPlace(item.event.id)) for item in self.events)
        events.highlighted = 0 if self.events else None
        title = self.query_one("#timeline-title", Static)
        if self.events:
            contested = sum(item.contested for item in self.events)
            title.update(f"Timeline: {len(self.events)} dated events ({contested} disputed) · enter: open")
        else:
            title.update("Timeline: the catalog has no dated events yet (add them under `events:`).")
        self._describe()

    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        event.stop()
        self._describe()

    def _describe(self) -> None:
        status = self.query_one("#timeline-status", Static)
        index = self.query_one(TimelineList).highlighted
        if index is None or index >= len(self.events):
            status.update("")
            return
        item = self.events[index]
        event = item.event
        lines = [
            Content.assemble(
                literal_line(event.name, "bold"),
                (f" — {event.precision} precision, stated as ", "$text-muted"),
                literal_line(f"“{event.stated}”"),
            )
        ]
        if event.date_note:
            lines.append(Content.assemble((f"{event.date_certainty}: ", "bold"), literal_line(event.date_note)))
        for discrepancy_id in item.disputed_by:
            lines.append(
                Content.assemble(
                    (f"{DISPUTED_MARK} disputed: ", "bold $text-error"),
                    literal_line(self.catalog.entries[discrepancy_id].name),
                    ("  (d: compare the claims)", "$text-muted"),
                )
            )
        status.update(Content("\n").join(lines))

    def action_close(self) -> None:
        self.dismiss()

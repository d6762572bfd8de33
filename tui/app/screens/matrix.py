"""Who appears in which episode, as a grid you can take in at a glance.

Appearances are computed in `tui.catalog.relations`. Episodes the sources say nothing
specific about (`described: false`) are marked `?` rather than `·`: an absent link there means
"the sources do not say", not "does not appear".
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static
from textual.widgets.data_table import ColumnDoesNotExist, RowDoesNotExist

from tui.app.messages import Navigate
from tui.app.places import EntryPlace
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.nav_list import NavTable
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.relations import Appearance, appearances, matrix_rows, who
from tui.catalog.schema import Episode
from tui.text import one_line

PRESENT = "●"  # a source says so (or a linked scene is in that episode)
HEDGED = "~"  # a source says so with a hedge ("I think it's in Episode 4")
INFERRED = "?"  # no source says so; the curator inferred it (see the link's note)
ABSENT = "·"
NOT_DESCRIBED = "○"  # the sources say nothing specific about the episode

# Column keys are episode ids, plus these two, which no entry id can be (ids are kebab-case).
NAME_COLUMN = "_name"
NAME_WIDTH = 28  # longer names are cut in the grid (so six episodes fit in 80 columns)
WHO_COLUMN = "_who"


class MatrixScreen(CatalogScreen):
    """Subjects and people (rows) × episodes (columns); `enter` opens the row's entry or the episode."""

    HELP_TITLE = "Matrix view"

    DEFAULT_CSS = """
    MatrixScreen #matrix-title { padding: 0 1; text-style: bold; }
    MatrixScreen #matrix-legend { padding: 0 1; color: $text-muted; }
    MatrixScreen #matrix-table { height: 1fr; }
    MatrixScreen #matrix-status { padding: 0 1; height: auto; min-height: 1; background: $boost; }
    """

    BINDINGS = [
        Binding("a", "toggle_linked_only", "Linked only", id="matrix.linked_only"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.linked_only = False  # hide rows linked to no episode at all

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="matrix-title")
            yield Static(self._legend(), id="matrix-legend")
            table: DataTable[Text] = NavTable(id="matrix-table", cursor_type="cell", zebra_stripes=True)
            table.fixed_columns = 1
            yield table
            yield Static(id="matrix-status")
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show a reloaded catalog, keeping the cursor on the same entry and episode if they remain."""
        table = self.query_one(DataTable)
        keep = table.coordinate_to_cell_key(table.cursor_coordinate) if table.row_count else None
        super().apply_catalog(catalog)
        self._fill()
        if keep is None:
            return
        row_key, column_key = keep
        try:
            row = table.get_row_index(row_key)
        except RowDoesNotExist:  # the entry is gone: stay at the top
            return
        try:
            column = table.get_column_index(column_key)
        except ColumnDoesNotExist:
            column = 0
        table.move_cursor(row=row, column=column)

    def focus_entry(self, entry_id: str) -> None:
        table = self.query_one(DataTable)
        with contextlib.suppress(RowDoesNotExist):  # not a subject or person (or hidden by "linked only")
            table.move_cursor(row=table.get_row_index(entry_id))

    @property
    def current_entry_id(self) -> str | None:
        """The entry of the row under the cursor (what `e` edits)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    # -- building -------------------------------------------------------------------------------
    @property
    def episodes(self) -> list[Episode]:
        return self.catalog.entries_of(Episode)

    def _legend(self) -> Text:
        return Text.assemble(
            ("★ ", "bold"),
            "main subject   ",
            (f" {PRESENT} ", "bold"),
            "appears  ",
            (f" {HEDGED} ", "bold italic"),
            "hedged  ",
            (f" {INFERRED} ", "bold italic"),
            "inferred  ",
            (f" {ABSENT} ", "dim"),
            "not linked  ",
            (f" {NOT_DESCRIBED} ", "dim"),
            "episode not described (the sources do not say)",
        )

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        episodes = self.episodes
        rows = matrix_rows(self.catalog)
        hidden = 0
        if self.linked_only:
            shown = [entry for entry in rows if appearances(self.catalog, entry.id)]
            rows, hidden = shown, len(rows) - len(shown)
        table.add_column(Text("Name", style="bold"), key=NAME_COLUMN)
        for episode in episodes:
            label = f"E{episode.number}" if episode.described else f"E{episode.number}{NOT_DESCRIBED}"
            table.add_column(Text(label, style="bold"), key=episode.id)
        table.add_column(Text("Who", style="bold"), key=WHO_COLUMN)
        for entry in rows:
            seen = appearances(self.catalog, entry.id)
            role = who(self.catalog, entry)
            name = Text.assemble(("★ ", "bold") if role == "main subject" else "", one_line(entry.name))
            name.truncate(NAME_WIDTH, overflow="ellipsis")  # the status line gives it in full
            cells = [name, *(self._cell(episode, seen.get(episode.id)) for episode in episodes)]
            cells.append(Text(role.removeprefix("main "), style="dim"))
            table.add_row(*cells, key=entry.id)
        title = self.query_one("#matrix-title", Static)
        if hidden:
            title.update(f"Who appears where: {len(rows)} linked to an episode ({hidden} hidden; a: show all)")
        elif rows and episodes:
            title.update(f"Who appears where: {len(rows)} subjects and people × {len(episodes)} episodes")
        else:
            title.update("Nothing to show: the catalog has no episodes or no subjects and people yet.")
        self._describe_cursor()

    @staticmethod
    def _cell(episode: Episode, appearance: Appearance | None) -> Text:
        if appearance is not None:
            if appearance.certainty == "hedged":
                return Text(f" {HEDGED}", style="bold italic")
            if appearance.certainty == "inferred":
                return Text(f" {INFERRED}", style="bold italic")
            return Text(f" {PRESENT}", style="bold")
        if not episode.described:
            return Text(f" {NOT_DESCRIBED}", style="dim")
        return Text(f" {ABSENT}", style="dim")

    # -- cursor ---------------------------------------------------------------------------------
    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._describe_cursor()

    def _describe_cursor(self) -> None:
        status = self.query_one("#matrix-status", Static)
        table = self.query_one(DataTable)
        if not table.row_count:
            status.update("")
            return
        row_key, column_key = table.coordinate_to_cell_key(table.cursor_coordinate)
        status.update(self.describe_cell(str(row_key.value), str(column_key.value)))

    def describe_cell(self, entry_id: str, column: str) -> Text:
        """One line saying what the cell at (entry, column) means, in words."""
        entry = self.catalog.entries[entry_id]
        text = Text.assemble((one_line(entry.name), "bold"), f" ({who(self.catalog, entry)})")
        episode = self.catalog.get(column)
        if not isinstance(episode, Episode):
            text.append(" · enter: open this entry")
            return text
        text.append(" — ")
        text.append(one_line(episode.name), "bold")
        text.append(": ")
        appearance = appearances(self.catalog, entry_id).get(episode.id)
        if appearance is None:
            if episode.described:
                text.append("no link in the catalog")
            else:
                text.append("the sources do not say what this episode shows")
        else:
            ways = []
            if appearance.direct is not None:
                link = appearance.direct
                ways.append("linked directly" if link.certainty == "stated" else f"linked, {link.certainty}")
            ways += [f"through scene “{one_line(self.catalog.entries[s].name)}”" for s in appearance.scenes]
            text.append("appears, " + ", ".join(ways))
            if appearance.direct is not None and appearance.direct.note:
                text.append(f" ({one_line(appearance.direct.note)})", "italic")
        text.append(" · enter: open the episode")
        return text

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        row_id = str(event.cell_key.row_key.value)
        column = str(event.cell_key.column_key.value)
        target = column if column in self.catalog.entries else row_id
        self.post_message(Navigate(EntryPlace(target)))


    def action_toggle_linked_only(self) -> None:
        self.linked_only = not self.linked_only
        self.apply_catalog(self.catalog)

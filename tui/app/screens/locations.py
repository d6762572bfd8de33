"""Places, grouped by region, each with the episodes, subjects and people linked to it.

Links count in either direction, and a place's episodes include those of its scenes (the same rule
as the appearance matrix: `tui.catalog.relations`).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from tui.app.messages import Navigate
from tui.app.places import EntryPlace
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.nav_list import NavTree
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.relations import episodes_of, locations_by_region
from tui.catalog.schema import Location
from tui.text import one_line


class LocationsScreen(CatalogScreen):
    """Locations grouped by region; `enter` on any named node opens that entry."""

    HELP_TITLE = "Locations view"

    DEFAULT_CSS = """
    LocationsScreen #locations-title { padding: 0 1; text-style: bold; }
    LocationsScreen #locations-tree { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="locations-title")
        tree: Tree[str | None] = NavTree(Text("Locations"), id="locations-tree")
        tree.show_root = False
        tree.auto_expand = False  # enter opens an entry; space folds a region
        yield tree
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        tree = self.query_one(Tree)
        first_region = tree.root.children[0] if tree.root.children else None
        if first_region is not None and first_region.children:
            self.call_after_refresh(tree.move_cursor, first_region.children[0])  # lines exist after a refresh
        tree.focus()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show a reloaded catalog, keeping the cursor on the same entry if it remains."""
        tree = self.query_one(Tree)
        keep = tree.cursor_node.data if tree.cursor_node else None
        super().apply_catalog(catalog)
        self._fill()
        for node in self._walk(tree.root):
            if keep is not None and node.data == keep:
                self.call_after_refresh(tree.move_cursor, node)
                break

    @property
    def current_entry_id(self) -> str | None:
        """The entry under the cursor (what `e` edits); None on a region."""
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    def _fill(self) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        groups = locations_by_region(self.catalog)
        for region, locations in groups.items():
            label = Text.assemble((one_line(region), "bold"), (f"  {len(locations)}", "dim"))
            region_node = tree.root.add(label, data=None, expand=True)
            for location in locations:
                self._add_location(region_node, location)
        count = sum(len(places) for places in groups.values())
        title = self.query_one("#locations-title", Static)
        if count:
            title.update(f"{count} locations in {len(groups)} regions · enter: open · space: fold")
        else:
            title.update("The catalog has no locations yet.")

    def _add_location(self, parent: TreeNode[str | None], location: Location) -> None:
        episodes = episodes_of(self.catalog, location.id)
        subjects = self.catalog.linked(location.id, "subjects")
        people = self.catalog.linked(location.id, "people")
        label = Text(one_line(location.name), style="bold")
        if episodes:
            label.append("  " + " ".join(f"E{e.number}" for e in episodes), "dim")
        node = parent.add(label, data=location.id, expand=True)
        for kind, linked in (("episode", episodes), ("subject", subjects), ("person", people)):
            for entry in linked:
                node.add_leaf(Text.assemble((f"{kind:<8} ", "dim"), one_line(entry.name)), data=entry.id)
        if not (episodes or subjects or people):
            node.allow_expand = False

    @staticmethod
    def _walk(node: TreeNode[str | None]) -> Iterator[TreeNode[str | None]]:
        yield node
        for child in node.children:
            yield from LocationsScreen._walk(child)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str | None]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(Navigate(EntryPlace(event.node.data)))
        else:
            event.node.toggle()

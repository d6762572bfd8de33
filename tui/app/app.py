"""The imnation App: loads the catalog, owns navigation (every jump goes through `open_entry` /
`open_source` and is recorded in `History`), the search index and the global key bindings.

Screens ask for navigation by posting `OpenEntry` / `OpenSource` (tui.app.messages). A screen that
shows catalog data implements `apply_catalog(catalog)`; `App.apply_catalog` calls it on every
screen in the stack when a new catalog replaces the current one (live reload).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.actions import SkipAction
from textual.widgets import Input, OptionList

from tui.app.commands import EntryCommands
from tui.app.editor import edit_entry
from tui.app.history import EntryPlace, History, Place, SourcePlace, ViewPlace
from tui.app.literal import section_title
from tui.app.messages import OpenEntry, OpenSource
from tui.app.reload import LiveReload
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.help import BindingGroup, HelpScreen
from tui.app.screens.load_failed import LoadFailedScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import SearchScreen
from tui.app.widgets.nav_list import NavList
from tui.catalog import Catalog, CatalogError, load_catalog
from tui.catalog.schema import KINDS
from tui.search import Hit, SearchIndex

# Overview screens opened by key: name -> (module, class). Each is a Screen constructed as
# `View(catalog)` that posts OpenEntry / OpenSource. They are imported on first use, which keeps
# their imports (coverage analysis, tree widgets) out of start-up.
VIEWS: dict[str, tuple[str, str]] = {
    "matrix": ("tui.app.screens.matrix", "MatrixScreen"),
    "locations": ("tui.app.screens.locations", "LocationsScreen"),
    "coverage": ("tui.app.screens.coverage", "CoverageScreen"),
}


def view_class(name: str) -> type[Screen]:
    module_name, class_name = VIEWS[name]
    return getattr(importlib.import_module(module_name), class_name)


class ImnationApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "imnation"
    COMMANDS = App.COMMANDS | {EntryCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, id="app.quit_ctrl_c"),
        # Priority, so the overlay is open before the next key is handled: typing `/bernado` in one
        # burst puts `bernado` in the search box, not into bindings of the screen below.
        Binding("slash", "search", "Search", priority=True, id="app.search"),
        Binding("ctrl+k", "search", "Search", show=False, priority=True, id="app.search_ctrl_k"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("f1", "help", "Help", show=False, id="app.help_f1"),
        Binding("escape", "back", "Back", id="app.back"),
        Binding("backspace", "back", "Back", show=False, id="app.back_backspace"),
        Binding("alt+left", "back", "Back", show=False, id="app.back_alt_left"),
        Binding("alt+right", "forward", "Forward", show=False, id="app.forward"),
        Binding("m", "view('matrix')", "Matrix", id="app.matrix"),
        Binding("L", "view('locations')", "Locations", show=False, id="app.locations"),
        Binding("C", "view('coverage')", "Coverage", show=False, id="app.coverage"),
        Binding("e", "edit", "Edit", id="app.edit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
        # Textual's own focus keys, declared here too so that help lists them.
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"),
    ]

    def __init__(self, catalog_path: Path, open_id: str | None = None) -> None:
        super().__init__()
        self.catalog_path = Path(catalog_path)
        self.open_id = open_id
        self.history = History()
        self.catalog: Catalog | None = None
        self.search_index: SearchIndex | None = None
        self._index_ready = threading.Event()
        self.live_reload = LiveReload(self, self.catalog_path)
        # Overview screens stay installed while the catalog stands, so that going back to one
        # finds it as it was left (cursor, scroll, computed coverage).
        self.views: dict[str, Screen] = {}
        try:
            self.catalog = load_catalog(self.catalog_path)
        except CatalogError as error:
            # Live reload lists them in its panel; `e` opens the editor at the first one.
            self.live_reload.errors = tuple(error.problems)

    async def on_mount(self) -> None:
        self.live_reload.start()  # also when the first load failed: fixing the file loads it
        if self.catalog is None:
            await self.push_screen(LoadFailedScreen(self.catalog_path))
            return
        await self.push_screen(BrowserScreen(self.catalog))
        self._build_search_index(self.catalog)
        if self.open_id and self.open_id in self.catalog:
            self.open_entry(self.open_id)
        else:
            browser = self.browser
            if browser is not None and browser.current_entry_id:
                self.history.visit(EntryPlace(browser.current_entry_id))

    # -- catalog and index ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def _build_search_index(self, catalog: Catalog) -> None:
        """Build the index off the event loop so the first screen is not kept waiting."""
        index = SearchIndex(catalog)
        if catalog is self.catalog:
            self.search_index = index
            self._index_ready.set()

    def wait_for_search_index(self) -> SearchIndex:
        """The search index, waiting for the first build to finish (call from a thread)."""
        self._index_ready.wait()
        assert self.search_index is not None
        return self.search_index

    def apply_catalog(self, catalog: Catalog) -> None:
        """Swap in a new catalog (live reload): refresh every screen, keeping the user's place.

        The old search index keeps answering until the new one is built.
        """
        self.catalog = catalog
        self._build_search_index(catalog)
        failed = next((s for s in self.screen_stack if isinstance(s, LoadFailedScreen)), None)
        if failed is not None:
            self.call_later(self._replace_notice, failed, catalog)
            return
        if any(isinstance(s, ReaderScreen) and s.source_id not in catalog.sources for s in self.screen_stack):
            self._leave_for_browser()  # the document being read is no longer in the catalog
        for name, view in list(self.views.items()):
            if view not in self.screen_stack:  # built from the old catalog: build afresh when asked
                self.uninstall_screen(view)
                del self.views[name]
        for screen in self.screen_stack:
            apply = getattr(screen, "apply_catalog", None)
            if apply is not None:
                apply(catalog)

    async def _replace_notice(self, notice: LoadFailedScreen, catalog: Catalog) -> None:
        """The first catalog that loads: close what is open over the notice, then browse."""
        while self.screen is not notice:
            await self.pop_screen()
        await self.switch_screen(BrowserScreen(catalog))

    # -- navigation -----------------------------------------------------------------------------
    @property
    def browser(self) -> BrowserScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, BrowserScreen)), None)

    @property
    def current_place(self) -> Place | None:
        """Where the user is now: the reader's span, an overview, else the entry the browser shows."""
        if isinstance(self.screen, ReaderScreen):
            return self.screen.place
        shown_view = next((name for name, view in self.views.items() if view is self.screen), None)
        if shown_view is not None:
            return ViewPlace(shown_view)
        browser = self.browser
        if browser is not None and browser.current_entry_id:
            return EntryPlace(browser.current_entry_id)
        return None

    def _leave_for_browser(self) -> BrowserScreen | None:
        """Close every screen above the browser."""
        browser = self.browser
        while browser is not None and self.screen is not browser:
            self.pop_screen()
        return browser

    def _record_jump(self, target: Place) -> None:
        """Record where the user was (the cursor may have moved since the last jump) and where
        they are going."""
        here = self.current_place
        if here is not None:
            self.history.note(here)
        self.history.visit(target)

    def open_entry(self, entry_id: str, *, record: bool = True) -> None:
        if self.catalog is None or entry_id not in self.catalog:
            self.notify(f"No entry {entry_id!r} in the catalog.", severity="warning", markup=False)
            return
        if record:
            self._record_jump(EntryPlace(entry_id))
        browser = self._leave_for_browser()
        if browser is not None:
            browser.select_entry(entry_id)

    def open_source(self, source_id: str, start: int | None = None, end: int | None = None, *, record: bool = True) -> None:
        if self.catalog is None or source_id not in self.catalog.sources:
            self.notify(f"No source {source_id!r} in the catalog.", severity="warning", markup=False)
            return
        if record:
            self._record_jump(SourcePlace(source_id, start, end))
        if isinstance(self.screen, ReaderScreen):
            self.screen.show(source_id, start, end)
        else:
            self._leave_for_browser()
            self.push_screen(ReaderScreen(self.catalog, source_id, start, end))

    def open_place(self, place: Place) -> None:
        """Show a place from the history without recording a new jump."""
        if isinstance(place, EntryPlace):
            self.open_entry(place.entry_id, record=False)
        elif isinstance(place, ViewPlace):
            self.action_view(place.name)
        else:
            self.open_source(place.source_id, place.start, place.end, record=False)

    def open_hit(self, hit: Hit) -> None:
        """Open a search hit: a source paragraph in the reader, anything else as an entry."""
        if hit.field == "text" and hit.source_id is not None:
            self.open_source(hit.source_id, hit.start, hit.end)
        else:
            self.open_entry(hit.id)

    def on_open_entry(self, message: OpenEntry) -> None:
        self.open_entry(message.entry_id)

    def on_open_source(self, message: OpenSource) -> None:
        self.open_source(message.source_id, message.start, message.end)

    # -- actions --------------------------------------------------------------------------------
    def action_back(self) -> None:
        """Close a view opened on top (matrix, ...), else go back in the history."""
        if not isinstance(self.screen, (BrowserScreen, ReaderScreen, LoadFailedScreen)):
            self.pop_screen()
            return
        if self.current_place is not None:
            self.history.note(self.current_place)  # so forward returns here
        place = self.history.back()
        if place is None:
            if isinstance(self.screen, ReaderScreen):
                self.pop_screen()
            else:
                self.notify("Nothing to go back to.", timeout=2)
            return
        self.open_place(place)

    def action_forward(self) -> None:
        place = self.history.forward()
        if place is None:
            self.notify("Nothing to go forward to.", timeout=2)
            return
        self.open_place(place)

    def action_search(self) -> None:
        if self.catalog is None or isinstance(self.screen, SearchScreen) or isinstance(self.focused, Input):
            raise SkipAction()  # let the key through: "/" is text in a text box

        def opened(hit: Hit | None) -> None:
            if hit is not None:
                self.open_hit(hit)

        self.push_screen(SearchScreen(), opened)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups()))

    def action_view(self, name: str) -> None:
        if self.catalog is None:
            self.notify(f"The {name} view needs a catalog that loads.", severity="warning")
            return
        view = self.views.get(name)
        if view is not None and view is self.screen:
            return
        self._leave_for_browser()
        if view is None:
            view = self.views[name] = view_class(name)(self.catalog)  # type: ignore[call-arg]
            self.install_screen(view, name=f"view:{name}")
        self.push_screen(view)

    async def action_edit(self) -> None:
        """Edit what is on screen in $VISUAL/$EDITOR at its line in catalog.yaml, then reload."""
        entry_id = getattr(self.screen, "current_entry_id", None)
        place = self.current_place
        if entry_id is None and isinstance(place, SourcePlace):  # the reader: edit the source entry
            entry_id = place.source_id
        await edit_entry(self, self.live_reload, entry_id)

    def action_section(self, kind: str) -> None:
        browser = self._leave_for_browser()
        if browser is not None:
            browser.action_section(kind)

    # -- help and palette -----------------------------------------------------------------------
    def binding_groups(self) -> list[BindingGroup]:
        """Every binding the app declares, grouped by where it applies (feeds the help screen)."""
        groups: list[BindingGroup] = [
            ("Everywhere", _bindings(ImnationApp)),
            ("Lists", _bindings(NavList) + _bindings(OptionList)),
            ("Browser", _bindings(BrowserScreen)),
            ("Source reader", _bindings(ReaderScreen)),
            ("Search overlay", _bindings(SearchScreen)),
            ("Help", _bindings(HelpScreen)),
        ]
        for name in VIEWS:
            groups.append((f"{name.capitalize()} view", _bindings(view_class(name))))
        return groups

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.catalog is None:
            return
        for kind in KINDS:
            yield SystemCommand(
                f"Section: {section_title(kind)}", f"Show the {section_title(kind).lower()}", lambda k=kind: self.action_section(k)
            )
        yield SystemCommand("Search", "Jump to an entry or a source passage", self.action_search)
        yield SystemCommand("Help", "Show every key binding and the search syntax", self.action_help)
        yield SystemCommand("Back", "Go back to the previous place", self.action_back)
        yield SystemCommand("Forward", "Go forward again", self.action_forward)
        for name in VIEWS:
            yield SystemCommand(f"View: {name.capitalize()}", f"Open the {name} view", lambda n=name: self.action_view(n))


def _bindings(node_class: type) -> list[Binding]:
    """The `Binding`s a class declares itself (not inherited ones)."""
    return [b for b in node_class.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def run_app(catalog_path: Path, open_id: str | None = None) -> int:
    """Run the browser until the user quits; the process exit code."""
    app = ImnationApp(catalog_path, open_id)
    app.run()
    return app.return_code or 0

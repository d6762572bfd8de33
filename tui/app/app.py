"""The imnation App: loads the catalog, owns navigation (every jump goes through `open_place` and is
recorded in `History`), the search index, the problems shown, and the global key bindings.

Screens ask for navigation by posting `Navigate` (tui.app.messages). Every screen that shows
catalog data is a `CatalogScreen` (tui.app.screens.base): on a live reload the App calls
`apply_catalog` on each one in the stack and publishes the problems in `problem_report`, which the
screens' problems panels watch.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import events, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList

from tui.app.clipboard import CitationFormatScreen, citable_span, copy_citation_of
from tui.app.commands import EntryCommands
from tui.app.editor import edit_entry
from tui.app.history import History
from tui.app.literal import section_title
from tui.app.messages import Navigate
from tui.app.places import EntryPlace, Place, SourcePlace, ViewPlace
from tui.app.reload import LiveReload, Reloaded, ReloadFailed, ReloadResult
from tui.app.screens.base import CatalogScreen
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.help import BindingGroup, HelpScreen
from tui.app.screens.load_failed import LoadFailedScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import SearchScreen
from tui.app.views import VIEW_NAMED, VIEWS
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import NavList
from tui.app.widgets.problems_panel import ProblemReport
from tui.catalog import Catalog, CatalogError, load_catalog
from tui.catalog.schema import KINDS
from tui.search import SearchIndex
from tui.serve import BROWSER_SESSION


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class ImnationApp(App[None]):
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
        Binding("escape", "go_back", "Back", id="app.back"),
        Binding("backspace", "go_back", "Back", show=False, id="app.back_backspace"),
        Binding("alt+left", "go_back", "Back", show=False, id="app.back_alt_left"),
        Binding("alt+right", "go_forward", "Forward", show=False, id="app.forward"),
        *(
            Binding(view.key, f"view('{view.name}')", view.title, show=view.in_footer, id=f"app.{view.name}")
            for view in VIEWS
        ),
        Binding("e", "edit", "Edit", id="app.edit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
        # Textual's own focus keys, declared here too so that help lists them.
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"),
    ]

    problem_report: var[ProblemReport] = var(ProblemReport())
    """What the problems panels show; set on every load and reload."""

    def __init__(self, catalog_path: Path, open_id: str | None = None, *, in_browser: bool = False) -> None:
        super().__init__()
        self.catalog_path = Path(catalog_path)
        self.open_id = open_id
        self.in_browser = in_browser  # served by `imnation serve`: no terminal to hand to an editor
        self.history = History()
        self.catalog: Catalog | None = None
        self.search_index: SearchIndex | None = None
        self._index_ready = threading.Event()
        self.live_reload = LiveReload(self.catalog_path, lambda: self.catalog, self.receive_reload)
        # Overview screens stay installed while the catalog stands, so that going back to one
        # finds it as it was left (cursor, scroll, computed coverage).
        self.views: dict[str, CatalogScreen] = {}
        try:
            self.catalog = load_catalog(self.catalog_path)
        except CatalogError as error:
            # The problems panel lists them; `e` opens the editor at the first one.
            self.live_reload.errors = tuple(error.problems)

    async def on_mount(self) -> None:
        self._publish_problems()
        # Watch also when the first load failed: fixing the file loads it.
        self.run_worker(
            self.live_reload.watch(), name="catalog-watch", group="catalog-watch", exclusive=True, exit_on_error=False
        )
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

    # -- catalog, reloads and the index ---------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", description="building the search index")
    def _build_search_index(self, catalog: Catalog) -> None:
        """Build the index off the event loop so the first screen is not kept waiting. (The
        description keeps Textual from building `repr(catalog)` for the worker's name.)"""
        index = SearchIndex(catalog)
        if catalog is self.catalog:
            self.search_index = index
            self._index_ready.set()

    def wait_for_search_index(self) -> SearchIndex:
        """The search index, waiting for the first build to finish (call from a thread)."""
        self._index_ready.wait()
        assert self.search_index is not None
        return self.search_index

    def receive_reload(self, result: ReloadResult) -> None:
        """What live reload found: apply a new catalog, publish the problems, say what happened."""
        name = self.live_reload.shown_name
        if isinstance(result, Reloaded):
            self.apply_catalog(result.catalog)
            if not result.quiet:
                self.notify(f"{name} {result.changes}", markup=False)
        elif isinstance(result, ReloadFailed):
            if result.announce:
                self.notify(
                    f"{name} not reloaded: {_plural(len(result.problems), 'problem', 'problems')} (listed below)",
                    severity="error",
                    markup=False,
                )
        elif result.announce:
            self.notify(f"{name}: no changes", markup=False)
        self._publish_problems()

    def _publish_problems(self) -> None:
        loaded = self.catalog.problems if self.catalog is not None else ()
        self.problem_report = ProblemReport(self.live_reload.errors, loaded, last_good=self.catalog is not None)

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
            if isinstance(screen, CatalogScreen):
                screen.apply_catalog(catalog)

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
            return ViewPlace(shown_view, self.views[shown_view].current_entry_id)
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

    def open_place(self, place: Place, *, record: bool = True) -> None:
        """Go to a place; `record` it in the history unless it comes from the history."""
        if isinstance(place, EntryPlace):
            self.open_entry(place.entry_id, record=record)
        elif isinstance(place, SourcePlace):
            self.open_source(place.source_id, place.start, place.end, record=record)
        else:
            self.action_view(place.name, place.entry_id)

    def open_entry(self, entry_id: str, *, record: bool = True) -> None:
        if self.catalog is None or entry_id not in self.catalog:
            self.notify(f"No entry {entry_id!r} in the catalog.", severity="warning", markup=False)
            return
        if record:
            self._record_jump(EntryPlace(entry_id))
        browser = self._leave_for_browser()
        if browser is not None:
            browser.select_entry(entry_id)

    def open_source(
        self, source_id: str, start: int | None = None, end: int | None = None, *, record: bool = True
    ) -> None:
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

    def on_navigate(self, message: Navigate) -> None:
        self.open_place(message.place)

    # -- actions --------------------------------------------------------------------------------
    def action_go_back(self) -> None:
        """Close a view opened on top (matrix, ...), else go back in the history. (Not Textual's
        `action_back`, which only pops a screen.)"""
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
        self.open_place(place, record=False)

    def action_go_forward(self) -> None:
        place = self.history.forward()
        if place is None:
            self.notify("Nothing to go forward to.", timeout=2)
            return
        self.open_place(place, record=False)

    def action_search(self) -> None:
        if self.catalog is None or isinstance(self.screen, SearchScreen) or isinstance(self.focused, Input):
            raise SkipAction()  # let the key through: "/" is text in a text box

        def opened(place: Place | None) -> None:
            if place is not None:
                self.open_place(place)

        self.push_screen(SearchScreen(), opened)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups()))

    def action_view(self, name: str, entry_id: str | None = None) -> None:
        """Open an overview; at `entry_id`, or at what the current screen shows, if the view has it."""
        if self.catalog is None:
            self.notify(f"The {name} view needs a catalog that loads.", severity="warning")
            return
        screen = self.screen
        at = entry_id or (screen.current_entry_id if isinstance(screen, CatalogScreen) else None)
        view = self.views.get(name)
        if view is None or view is not self.screen:
            self._leave_for_browser()
            if view is None:
                view = self.views[name] = VIEW_NAMED[name].screen_class()(self.catalog)
                self.install_screen(view, name=f"view:{name}")
            self.push_screen(view)
        if at is not None and at in self.catalog:
            view.call_after_refresh(view.focus_entry, at)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a browser, `e` is hidden: there is no terminal to suspend for an editor."""
        return not (action == "edit" and self.in_browser)

    def on_key(self, event: events.Key) -> None:
        if self.in_browser and event.key == "e":  # hidden, so no binding ran: say why nothing happens
            self._explain_no_editor()

    def _explain_no_editor(self) -> None:
        self.notify(
            f"Editing is not available in a browser: the app cannot hand this page to an editor. "
            f"Edit {self.catalog_path.name} on the machine that serves it; the app reloads it when you save.",
            severity="warning",
            timeout=8,
            markup=False,
        )

    def action_copy_citation(self, ask: bool = False) -> None:
        """Copy the passage under the cursor with its citation (`ask`: choose the format first)."""
        copy_citation_of(self, self.catalog, citable_span(self.screen), None if ask else "plain")

    async def action_edit(self) -> None:
        """Edit what is on screen in $VISUAL/$EDITOR at its line in catalog.yaml, then reload."""
        if self.in_browser:
            self._explain_no_editor()
            return
        screen = self.screen
        entry_id = screen.current_entry_id if isinstance(screen, CatalogScreen) else None
        await edit_entry(self, self.live_reload, entry_id)

    def action_section(self, kind: str) -> None:
        browser = self._leave_for_browser()
        if browser is not None:
            browser.action_section(kind)

    # -- help and palette -----------------------------------------------------------------------
    def binding_groups(self) -> list[BindingGroup]:
        """Every binding the app declares, grouped by where it applies (feeds the help screen)."""
        everywhere = [b for b in _bindings(ImnationApp) if self.check_action(b.action, ())]
        groups: list[BindingGroup] = [
            ("Everywhere", everywhere),
            ("Lists", _bindings(NavList) + _bindings(OptionList)),
        ]
        groups.append(("Entry detail", _bindings(EntryDetail)))
        screens: list[type[Screen[Any]]] = [BrowserScreen, ReaderScreen, SearchScreen, CitationFormatScreen, HelpScreen]
        screens += [view.screen_class() for view in VIEWS]
        for screen in screens:
            groups.append((getattr(screen, "HELP_TITLE", "") or screen.__name__, _bindings(screen)))
        return groups

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.catalog is None:
            return
        for kind in KINDS:
            title = section_title(kind)
            yield SystemCommand(f"Section: {title}", f"Show the {title.lower()}", lambda k=kind: self.action_section(k))
        yield SystemCommand("Search", "Jump to an entry or a source passage", self.action_search)
        yield SystemCommand("Help", "Show every key binding and the search syntax", self.action_help)
        yield SystemCommand("Back", "Go back to the previous place", self.action_go_back)
        yield SystemCommand("Forward", "Go forward again", self.action_go_forward)
        yield SystemCommand(
            "Copy citation", "Copy the passage under the cursor with its citation", self.action_copy_citation
        )
        yield SystemCommand(
            "Copy citation as…", "Copy it as plain text, Markdown or CSL-JSON", lambda: self.action_copy_citation(True)
        )
        for view in VIEWS:
            yield SystemCommand(f"View: {view.title}", view.description, lambda n=view.name: self.action_view(n))


def _bindings(node_class: type) -> list[Binding]:
    """The `Binding`s a class declares itself (not inherited ones)."""
    return [b for b in node_class.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def run_app(catalog_path: Path, open_id: str | None = None) -> int:
    """Run the browser until the user quits; the process exit code. (`imnation serve` marks the
    sessions it starts in the environment: the app then knows it runs in a browser.)"""
    app = ImnationApp(catalog_path, open_id, in_browser=bool(os.environ.get(BROWSER_SESSION)))
    app.run()
    return app.return_code or 0

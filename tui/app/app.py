"""The imnation App: loads the catalog, owns navigation (every jump goes through `open_place` and is
recorded in `History`), the search index, the problems shown, and the global key bindings.

Screens ask for navigation by posting `Navigate` (tui.app.messages). Every screen that shows
catalog data is a `CatalogScreen` (tui.app.screens.base): on a live reload the App calls
`apply_catalog` on each one in the stack and publishes the problems in `problem_report`, which the
screens' problems panels watch.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.theme import ThemeProvider
from textual.widgets import Input, OptionList
from textual.worker import get_current_worker

from tui.app.clipboard import CitationFormatScreen, citable_span, copy_citation_of
from tui.app.commands import EntryCommands
from tui.app.curation import Change, Curation, refusal, where
from tui.app.editor import edit_at, edit_entry
from tui.app.history import History
from tui.app.literal import literal, literal_line, section_title
from tui.app.messages import Curate, Navigate
from tui.app.places import (
    EntryPlace,
    Place,
    SourcePlace,
    ViewPlace,
    Visit,
    target_place,
)
from tui.app.reload import LiveReload, Reloaded, ReloadFailed, ReloadResult, Unchanged, WatchNotice
from tui.app.screens.base import CatalogScreen
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.curate import (
    ConfirmScreen,
    EntryPickerScreen,
    NewEntryScreen,
    PreviewScreen,
    RepairScreen,
    TextInputScreen,
)
from tui.app.screens.help import BindingGroup, HelpScreen
from tui.app.screens.load_failed import LoadFailedScreen
from tui.app.screens.loading import LoadingScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import SearchScreen
from tui.app.settings import Settings
from tui.app.views import VIEW_NAMED, VIEWS
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import NavList
from tui.app.widgets.problems_panel import ProblemReport, ProblemsPanel
from tui.app.widgets.source_document import SourceDocument
from tui.catalog import Catalog, CatalogError, Problem, load_catalog
from tui.catalog.anchor import Span
from tui.catalog.edit import (
    EditError,
    EditPlan,
    plan_add_alias,
    plan_cite,
    plan_new_entry,
    plan_replace_quote,
    plan_set_note,
)
from tui.catalog.loader import Progress, is_packaged
from tui.catalog.model import PassageState
from tui.catalog.schema import KINDS
from tui.gcpause import refreeze
from tui.search import SearchIndex, Superseded
from tui.serve import BROWSER_SESSION

# From this size on (about 1,500 entries) the first screen shows the load's progress instead of
# waiting for it; the shipped catalog (0.2 MB) loads before the first paint.
LOAD_BEHIND_PROGRESS_BYTES = 1_000_000
# The screens paint first, then the search index is built (at start and after each reload): a thread
# building it meanwhile kept the event loop waiting for the interpreter lock, and the paint came the
# build's length later (1.1 s at 10,000 entries). After a reload the old index answers until then;
# at start, a search waits for the first index.
INDEX_AFTER_PAINT_SECONDS = 0.3


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
        Binding("u", "undo", "Undo a write", show=False, id="app.undo"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
        # Textual's own focus keys, declared here too so that help lists them.
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"),
    ]

    problem_report: var[ProblemReport] = var(ProblemReport())
    """What the problems panels show; set on every load and reload."""

    def __init__(
        self,
        catalog_path: Path,
        open_id: str | None = None,
        settings: Settings | None = None,
        *,
        in_browser: bool = False,
    ) -> None:
        """`open_id`: where to start, an entry id or `SOURCE_ID:LINE` (see `places.target_place`);
        without it, where the user left this catalog last time (`settings`, from the config folder).
        `in_browser`: served by `imnation serve`: no terminal to hand to an editor."""
        super().__init__()
        self.catalog_path = Path(catalog_path)
        self.open_id = open_id
        self.in_browser = in_browser
        self.settings = settings if settings is not None else Settings.load()
        chosen = os.environ.get("TEXTUAL_THEME")  # chosen for this run: it wins over the one remembered
        if not chosen and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.history = History()
        self.curation = Curation()  # the writes made from the app in this session (what `u` undoes)
        self.last_search = ""  # the search overlay's last query, offered again when it reopens
        self.catalog: Catalog | None = None
        self.search_index: SearchIndex | None = None
        self._indexed: Catalog | None = None  # the catalog `search_index` is of
        self._index_ready = threading.Event()
        self.live_reload = LiveReload(self.catalog_path, lambda: self.catalog, self.receive_reload)
        # Overview screens stay installed while the catalog stands, so that going back to one
        # finds it as it was left (cursor, scroll, computed coverage).
        self.views: dict[str, CatalogScreen] = {}
        try:
            size = self.catalog_path.stat().st_size
        except OSError:
            size = 0  # the loader says why
        # A big catalog loads behind a progress screen (on_mount); a small one before the first paint.
        self.loading: LoadingScreen | None = None
        if size >= LOAD_BEHIND_PROGRESS_BYTES:
            self.loading = LoadingScreen(self.catalog_path, size)
        else:
            self._catalog_loaded(*self._load())

    def _load(self, progress: Progress | None = None) -> tuple[Catalog | None, tuple[Problem, ...]]:
        try:
            catalog = load_catalog(self.catalog_path, progress=progress)
        except CatalogError as error:
            return None, tuple(error.problems)
        refreeze()  # the catalog lives on: full collections need not walk its million objects
        return catalog, ()

    def _catalog_loaded(self, catalog: Catalog | None, problems: tuple[Problem, ...]) -> None:
        self.catalog = catalog
        # The problems panel lists them; `e` opens the editor at the first one.
        self.live_reload.errors = problems

    @work(thread=True, exclusive=True, group="first-load", description="loading the catalog")
    def _load_behind_progress(self, screen: LoadingScreen) -> None:
        def progress(phase: str, done: int, total: int) -> None:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(screen.show_progress, phase, done, total)

        loaded = self._load(progress)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.call_later, self._start, *loaded)

    async def on_mount(self) -> None:
        if self.loading is not None:
            await self.push_screen(self.loading)
            self._load_behind_progress(self.loading)
        else:
            await self._start(self.catalog, self.live_reload.errors)

    async def _start(self, catalog: Catalog | None, problems: tuple[Problem, ...]) -> None:
        """The first catalog is loaded (or failed to): browse it, from where the user was."""
        self._catalog_loaded(catalog, problems)
        if self.loading is not None:
            await self.pop_screen()
            self.loading = None
        self._publish_problems()
        # Watch also when the first load failed: fixing the file loads it.
        self.run_worker(
            self.live_reload.watch(), name="catalog-watch", group="catalog-watch", exclusive=True, exit_on_error=False
        )
        if self.catalog is None:
            await self.push_screen(LoadFailedScreen(self.catalog_path))
            return
        await self.push_screen(BrowserScreen(self.catalog))
        catalog = self.catalog
        self.set_timer(INDEX_AFTER_PAINT_SECONDS, lambda: self._build_search_index(catalog))
        start = self.browser.where() if self.browser is not None else None
        if start is not None:
            self.history.visit(start)  # where back returns to from the first place opened
        if self.open_id:
            target = target_place(self.catalog, self.open_id)
            if isinstance(target, str):
                self.notify(f"Cannot open {self.open_id}: {target}", severity="warning", markup=False)
            else:
                self.open_place(target)
        elif (last := self.settings.last_place(self.catalog_path)) is not None and self._missing(last) is None:
            self.open_place(last)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen (the palette marks it as the current one)."""
        if theme != self.settings.theme:
            self.settings.theme = theme
            self._save_settings()

    def _save_settings(self) -> None:
        if (failure := self.settings.save()) is not None:
            self.log.warning(f"settings not saved: {failure}")

    async def action_quit(self) -> None:
        """Quit, remembering where the user is for the next start on this catalog."""
        here = self.current_place
        if here is not None and self.catalog is not None:
            self.settings.remember_place(self.catalog_path, here)
            self._save_settings()
        await super().action_quit()

    # -- catalog, reloads and the index ---------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", description="building the search index")
    def _build_search_index(self, catalog: Catalog) -> None:
        """Build the index off the event loop so the first screen is not kept waiting. (The
        description keeps Textual from building `repr(catalog)` for the worker's name.) A build
        gives up while a reload is under way: it would slow the reload down, for a catalog about to
        be replaced. The reload's result says what to index next (`receive_reload`)."""
        try:
            index = SearchIndex(catalog, lambda: catalog is not self.catalog or self.live_reload.reloading)
        except Superseded:
            return
        refreeze()  # as after the load: the index lives as long as its catalog
        if catalog is self.catalog:
            self.search_index, self._indexed = index, catalog
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
        elif isinstance(result, WatchNotice):
            if result.problem is not None:
                self.notify(f"{name}: {result.problem.message}", severity="warning", markup=False)
            else:
                self.notify(f"{name}: live reload watches its folders again", markup=False)
        elif result.announce:
            self.notify(f"{name}: no changes", markup=False)
        catalog = self.catalog
        if isinstance(result, (ReloadFailed, Unchanged)) and catalog is not None and catalog is not self._indexed:
            # The catalog stays: if its index build gave up for this reload, build it now.
            self.set_timer(INDEX_AFTER_PAINT_SECONDS, lambda: self._build_search_index(catalog))
        self._publish_problems()

    def _publish_problems(self) -> None:
        loaded = self.catalog.problems if self.catalog is not None else ()
        if self.live_reload.watch_problem is not None:  # changes are only polled for: say so while it lasts
            loaded = (*loaded, self.live_reload.watch_problem)
        self.problem_report = ProblemReport(self.live_reload.errors, loaded, last_good=self.catalog is not None)

    def apply_catalog(self, catalog: Catalog) -> None:
        """Swap in a new catalog (live reload): refresh every screen, keeping the user's place.

        The old search index keeps answering until the new one is built, which starts once the
        screens have shown the new catalog (INDEX_AFTER_PAINT_SECONDS).
        """
        self.catalog = catalog
        self.set_timer(INDEX_AFTER_PAINT_SECONDS, lambda: self._build_search_index(catalog))
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

    def _view_name(self, screen: Screen[Any]) -> str | None:
        return next((name for name, view in self.views.items() if view is screen), None)

    def where(self) -> Visit | None:
        """Where the user is now, exactly: the top screen that is a place (overlays such as search
        and help are not), as it is."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, (BrowserScreen, ReaderScreen)):
                return screen.where()
            if (name := self._view_name(screen)) is not None:
                return Visit(ViewPlace(name))
        return None

    @property
    def current_place(self) -> Place | None:
        visit = self.where()
        return visit.place if visit is not None else None

    def _leave_for_browser(self) -> BrowserScreen | None:
        """Close every screen above the browser."""
        browser = self.browser
        while browser is not None and self.screen is not browser:
            self.pop_screen()
        return browser

    def _missing(self, place: Place) -> str | None:
        """Why `place` cannot be shown (it is not in the catalog), or None."""
        if self.catalog is None:
            return "The catalog did not load."
        if isinstance(place, EntryPlace) and place.entry_id not in self.catalog:
            return f"No entry {place.entry_id!r} in the catalog."
        if isinstance(place, SourcePlace) and place.source_id not in self.catalog.sources:
            return f"No source {place.source_id!r} in the catalog."
        if isinstance(place, ViewPlace) and place.name not in VIEW_NAMED:
            return f"No view {place.name!r}."
        return None

    def open_place(self, place: Place) -> None:
        """Jump to a place, recording in the history where the user was and where they went."""
        if (why := self._missing(place)) is not None:
            self.notify(why, severity="warning", markup=False)
            return
        self.history.visit(Visit(place), here=self.where())
        self._show(Visit(place))

    def open_entry(self, entry_id: str) -> None:
        self.open_place(EntryPlace(entry_id))

    def open_source(self, source_id: str, start: int | None = None, end: int | None = None) -> None:
        self.open_place(SourcePlace(source_id, start, end))

    def _show(self, visit: Visit) -> None:
        """Show a visit: a jump's target as a jump shows it, one from the history as it was left."""
        place = visit.place
        if (why := self._missing(place)) is not None:
            self.notify(why, severity="warning", markup=False)
            return
        assert self.catalog is not None
        if isinstance(place, EntryPlace):
            browser = self._leave_for_browser()
            if browser is not None:
                browser.restore(visit)
        elif isinstance(place, SourcePlace):
            if isinstance(self.screen, ReaderScreen):
                self.screen.restore(visit)
                return
            self._leave_for_browser()
            reader = ReaderScreen(self.catalog, place.source_id, place.start, place.end, find=place.find)
            mounted = self.push_screen(reader)
            if visit != Visit(place):
                self.run_worker(self._restore_when_mounted(reader, mounted, visit), group="restore")
        else:
            view = self.views.get(place.name)
            if view is None or view is not self.screen:
                self._leave_for_browser()
                if view is None:
                    view = self.views[place.name] = VIEW_NAMED[place.name].screen_class()(self.catalog)
                    self.install_screen(view, name=f"view:{place.name}")
                self.push_screen(view)
            if place.entry_id is not None:
                view.call_after_refresh(view.focus_entry, place.entry_id)

    @staticmethod
    async def _restore_when_mounted(reader: ReaderScreen, mounted: Awaitable[Any], visit: Visit) -> None:
        await mounted
        reader.restore(visit)

    def on_navigate(self, message: Navigate) -> None:
        self.open_place(message.place)

    # -- actions --------------------------------------------------------------------------------
    def action_go_back(self) -> None:
        """Close an overlay (search, help), else step back in the history: from an entry opened in
        a view to the view, from the view to where it was opened, and so on. (Not Textual's
        `action_back`, which only pops a screen.)"""
        if isinstance(self.screen, ModalScreen):
            self.pop_screen()
            return
        if isinstance(self.screen, LoadFailedScreen):
            raise SkipAction()
        visit = self.history.back(self.where())
        if visit is not None:
            self._show(visit)
        elif self.screen is not self.browser:
            self._leave_for_browser()
        else:
            self.notify("Nothing to go back to.", timeout=2)

    def action_go_forward(self) -> None:
        if isinstance(self.screen, LoadFailedScreen):
            raise SkipAction()
        visit = self.history.forward(self.where())
        if visit is None:
            self.notify("Nothing to go forward to.", timeout=2)
            return
        self._show(visit)

    def action_search(self) -> None:
        if self.catalog is None or isinstance(self.screen, SearchScreen) or isinstance(self.focused, Input):
            raise SkipAction()  # let the key through: "/" is text in a text box

        overlay = SearchScreen(self.last_search)

        def opened(place: Place | None) -> None:
            self.last_search = overlay.typed  # `/` again shows this query and its results
            if place is not None:
                self.open_place(place)

        self.push_screen(overlay, opened)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups()))

    def action_view(self, name: str, entry_id: str | None = None) -> None:
        """Open an overview; at `entry_id`, or at what the current screen shows, if the view has it."""
        if self.catalog is None:
            self.notify(f"The {name} view needs a catalog that loads.", severity="warning")
            return
        at = entry_id
        if at is None and isinstance(self.screen, CatalogScreen):
            at = self.screen.current_entry_id  # a view opened from an entry opens at it, if it shows it
        self.open_place(ViewPlace(name, at if at is not None and at in self.catalog else None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a browser, `e` is hidden: there is no terminal to suspend for an editor. While the
        first catalog loads, there is nothing to act on but quitting."""
        if self.loading is not None:
            return action in ("quit", "help_quit")
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

    def _refuse_to_edit(self) -> bool:
        """The copy shipped inside the installed package is not for editing (an upgrade replaces
        it): say how to get one that is, and refuse."""
        if not is_packaged(self.catalog_path):
            return False
        self.notify(
            f"This is the catalog shipped inside the installed package ({self.catalog_path}): an upgrade "
            "replaces it. Make your own copy with `imnation init DIR`, then run "
            "`imnation --catalog DIR/catalog.yaml` and edit that.",
            title="Not editable",
            severity="warning",
            timeout=12,
            markup=False,
        )
        return True

    async def action_edit(self) -> None:
        """Edit what is on screen in $VISUAL/$EDITOR at its line in catalog.yaml, then reload."""
        if self.in_browser:
            self._explain_no_editor()
            return
        if self._refuse_to_edit():
            return
        screen = self.screen
        entry_id = screen.current_entry_id if isinstance(screen, CatalogScreen) else None
        await edit_entry(self, self.live_reload, entry_id)

    async def on_problems_panel_edit_problem(self, message: ProblemsPanel.EditProblem) -> None:
        """`e` on a row of the problems panel: the editor at that problem's file and line."""
        if self._refuse_to_edit():
            return
        problem = message.problem
        named = [Path(problem.file), self.catalog_path.parent / problem.file]
        path = next((p for p in named if p.is_file()), self.catalog_path)
        await edit_at(self, self.live_reload, (path, max(problem.line, 1)))

    def action_section(self, kind: str) -> None:
        browser = self._leave_for_browser()
        if browser is not None:
            browser.action_section(kind)

    def action_pick_theme(self) -> None:
        self.push_screen(CommandPalette(providers=[ThemeCommands], placeholder="Search for themes…"))

    def save_picture(self) -> None:
        """The palette's screenshot: an SVG in the downloads folder (else the current one), and a
        message saying where, or why it could not be saved."""
        downloads = Path.home() / "Downloads"
        folder = downloads if downloads.is_dir() else Path.cwd()
        path = folder / f"imnation {datetime.now():%Y-%m-%d %H-%M-%S}.svg"
        try:
            path.write_text(self.export_screenshot(), encoding="utf-8")
        except OSError as error:
            self.notify(
                f"Could not save the screenshot as {path}: {error.strerror or error}",
                title="Screenshot", severity="error", markup=False,
            )
            return
        self.notify(f"Saved the screenshot as {path}", title="Screenshot", markup=False)

    # -- curating: every write is planned by tui.catalog.edit, previewed, and confirmed ----------
    def on_curate(self, request: Curate) -> None:
        if self.catalog is None or self._refuse_to_edit():
            return
        self.curate(request)

    @work(exclusive=True, group="curate")
    async def curate(self, request: Curate) -> None:
        """Ask for what the edit needs, show its plan, write it on `enter`; `escape` at any step
        leaves the file as it was."""
        catalog = self.catalog
        assert catalog is not None
        entry_id = request.entry_id if request.entry_id in catalog.entries else None
        if request.what == "cite" and request.selection is not None:
            await self._cite(catalog, request)
        elif request.what == "alias" and entry_id is not None:
            await self._add_alias(catalog, entry_id)
        elif request.what == "note" and entry_id is not None and request.passage_index is not None:
            await self._set_note(catalog, entry_id, request.passage_index)
        elif request.what == "repair" and entry_id is not None and request.passage_index is not None:
            await self._repair(catalog, entry_id, request.passage_index)

    async def _cite(self, catalog: Catalog, request: Curate) -> None:
        place = request.selection
        assert place is not None and place.start is not None and place.end is not None
        source_id, at = place.source_id, place.start
        quote = catalog.texts[source_id].text[place.start : place.end]
        picker = EntryPickerScreen(catalog, self.wait_for_search_index, source_id, quote, request.replacing)
        pick = await self.push_screen_wait(picker)
        if pick is None:
            return
        if pick.entry_id is not None and pick.passage_index is not None:
            entry_id, index = pick.entry_id, pick.passage_index
            replaced = await self._plan(lambda: plan_replace_quote(catalog, entry_id, index, quote, at=at))
            confirmed = replaced and await self._confirm_and_write(PreviewScreen("Replace this passage", replaced))
            if confirmed and isinstance(self.screen, ReaderScreen):
                self.screen.show_cited(Span(place.start, place.end))
            return
        change: Change | None = None
        if pick.entry_id is None:  # a new entry first: written on its own `enter`, undone if the cite is cancelled
            created = await self.push_screen_wait(
                NewEntryScreen(lambda kind, new_id, name, summary: plan_new_entry(
                    catalog, kind, new_id, name=name, summary=summary))
            )
            if created is None:
                return
            entry_id, entry_plan = created
            confirmed = await self.push_screen_wait(PreviewScreen("New entry", entry_plan))
            if confirmed is None or (change := await self._write(confirmed)) is None or self.catalog is None:
                return
            catalog = self.catalog
        else:
            entry_id = pick.entry_id

        def cite(note: str | None) -> EditPlan:
            return plan_cite(catalog, entry_id, source_id, quote, note=note, at=at)

        plan = await self._plan(lambda: cite(None))
        name = catalog.entries[entry_id].name if entry_id in catalog.entries else entry_id
        written = None
        if plan is not None:
            written = await self._confirm_and_write(PreviewScreen(f"Cite to {name}", plan, replan=cite), change)
        if written is None and change is not None:  # the cite was cancelled: take the new entry back
            await self._undo(announce="Nothing kept: the new entry was taken out again.")
        elif written is not None and isinstance(self.screen, ReaderScreen):
            self.screen.show_cited(Span(place.start, place.end))

    async def _add_alias(self, catalog: Catalog, entry_id: str) -> None:
        entry = catalog.entries[entry_id]
        about = Content.assemble(("Another name for ", "dim"), literal_line(entry.name, "bold"))
        alias = await self.push_screen_wait(TextInputScreen("Add an alias", about, placeholder="alias"))
        if alias is None:
            return
        plan = await self._plan(lambda: plan_add_alias(catalog, entry_id, alias))
        if plan is not None:
            await self._confirm_and_write(PreviewScreen("Add an alias", plan))

    async def _set_note(self, catalog: Catalog, entry_id: str, index: int) -> None:
        entry = catalog.entries[entry_id]
        passage = next((a.passage for a in catalog.anchors_of(entry_id) if a.index == index), None)
        about = Content.assemble(("A note on a passage of ", "dim"), literal_line(entry.name, "bold"))
        current = passage.note if passage is not None and passage.note else ""
        note = await self.push_screen_wait(TextInputScreen("Passage note", about, current, "note"))
        if note is None:
            return
        plan = await self._plan(lambda: plan_set_note(catalog, entry_id, index, note))
        if plan is not None:
            await self._confirm_and_write(PreviewScreen("Passage note", plan))

    async def _repair(self, catalog: Catalog, entry_id: str, index: int) -> None:
        """Compare a drifted passage with its closest match; only an explicit accept replaces it."""
        health = catalog.health.get((entry_id, index))
        if health is None or health.state != PassageState.DRIFTED or health.closest is None:
            self.notify(
                "This passage has no close match to accept: edit its quote by hand (e).", severity="warning"
            )
            return
        if not await self.push_screen_wait(RepairScreen(health)):
            return  # kept drifted
        closest, at = health.closest, health.closest_start
        plan = await self._plan(lambda: plan_replace_quote(catalog, entry_id, index, closest, at=at))
        if plan is not None:
            await self._confirm_and_write(PreviewScreen("Accept the closest match", plan))

    async def _plan(self, make: Callable[[], EditPlan]) -> EditPlan | None:
        """The engine's plan (in a thread: it validates by loading the result), or None and why."""
        try:
            return await asyncio.to_thread(make)
        except EditError as error:
            self.notify(refusal(error), title="Nothing written", severity="error", timeout=10, markup=False)
            return None

    async def _confirm_and_write(self, preview: PreviewScreen, joining: Change | None = None) -> Change | None:
        plan = await self.push_screen_wait(preview)
        return None if plan is None else await self._write(plan, joining)

    async def _write(self, plan: EditPlan, joining: Change | None = None) -> Change | None:
        """Write a confirmed plan, reload, and say what was written where."""
        try:
            change = await asyncio.to_thread(self.curation.write, plan, joining)
        except EditError as error:
            self.notify(refusal(error), title="Nothing written", severity="error", timeout=10, markup=False)
            return None
        await self.live_reload.reload()
        self.notify(f"Wrote the {plan.description} at {where(plan)} (u undoes it)", title="Written", markup=False)
        return change

    def _cite_from_palette(self) -> None:
        if isinstance(self.screen, ReaderScreen):
            self.screen.action_cite()
        else:
            self.notify("Open a source (v selects a passage in the reader), then cite it.", severity="warning")

    def action_undo(self) -> None:
        """`u`: undo the last write made from the app (after a confirmation)."""
        if not self.curation.changes:
            self.notify("Nothing to undo: no write has been made from the app in this session.", timeout=4)
            return
        self.confirm_undo()

    @work(exclusive=True, group="curate")
    async def confirm_undo(self) -> None:
        change = self.curation.changes[-1]
        body = Content("\n\n").join(
            Content.assemble(
                ("Takes out what was written at ", "dim"), (where(w.plan), "bold"), "\n", literal(w.plan.inserted)
            )
            for w in reversed(change.writes)
        )
        if await self.push_screen_wait(ConfirmScreen(f"Undo: {change.description}", body)):
            await self._undo()

    async def _undo(self, announce: str | None = None) -> None:
        try:
            description = await asyncio.to_thread(self.curation.undo_last)
        except EditError as error:
            self.notify(
                f"Not undone: {refusal(error)}. {self.live_reload.shown_name} was changed since that write "
                "(in an editor?): undo it there.",
                title="Not undone", severity="error", timeout=10, markup=False,
            )
            return
        await self.live_reload.reload()
        self.notify(announce or f"Undone: {description}; the file is as it was before.", title="Undone", markup=False)

    # -- help and palette -----------------------------------------------------------------------
    def binding_groups(self) -> list[BindingGroup]:
        """Every binding the app declares, grouped by where it applies (feeds the help screen)."""
        everywhere = [b for b in _bindings(ImnationApp) if self.check_action(b.action, ())]
        groups: list[BindingGroup] = [
            ("Everywhere", everywhere),
            ("Lists", _bindings(NavList) + _bindings(OptionList)),
        ]
        groups.append(("Entry detail", _bindings(EntryDetail)))
        groups.append(("Source text (v selects)", _bindings(SourceDocument)))
        screens: list[type[Screen[Any]]] = [BrowserScreen, ReaderScreen, SearchScreen, CitationFormatScreen, HelpScreen]
        screens += [EntryPickerScreen, NewEntryScreen, PreviewScreen, RepairScreen]
        screens += [view.screen_class() for view in VIEWS]
        for screen in screens:
            if bindings := _bindings(screen):
                groups.append((getattr(screen, "HELP_TITLE", "") or screen.__name__, bindings))
        return groups

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        replaced = {"Theme", "Screenshot"}
        yield from (command for command in super().get_system_commands(screen) if command.title not in replaced)
        yield SystemCommand("Theme", f"Change the theme (now {self.theme})", self.action_pick_theme)
        yield SystemCommand(  # after a moment: the palette must be gone from the picture
            "Screenshot", "Save an SVG picture of the screen", lambda: self.set_timer(0.1, self.save_picture)
        )
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
            "Cite selection", "Cite the passage selected in the reader (v selects) to an entry", self._cite_from_palette
        )
        yield SystemCommand("Undo last write", "Undo the last change the app wrote to the catalog", self.action_undo)
        yield SystemCommand(
            "Copy citation as…", "Copy it as plain text, Markdown or CSL-JSON", lambda: self.action_copy_citation(True)
        )
        for view in VIEWS:
            yield SystemCommand(f"View: {view.title}", view.description, lambda n=view.name: self.action_view(n))


class ThemeCommands(ThemeProvider):
    """Textual's theme list, the current theme marked."""

    def _shown(self, name: str) -> Content:
        current = name == self.app.theme
        mark = ("● ", "bold $text-accent") if current else ("  ", "")
        return Content.assemble(mark, name, ("  current" if current else "", "dim"))

    async def discover(self) -> Hits:
        for name, callback in self.commands:
            yield DiscoveryHit(self._shown(name), callback, text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self.commands:
            if (score := matcher.match(name)) > 0:
                yield Hit(score, self._shown(name), callback, text=name)


def _bindings(node_class: type) -> list[Binding]:
    """The `Binding`s a class declares itself (not inherited ones)."""
    return [b for b in node_class.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def run_app(catalog_path: Path, open_id: str | None = None) -> int:
    """Run the browser until the user quits; the process exit code. (`imnation serve` marks the
    sessions it starts in the environment: the app then knows it runs in a browser.)"""
    app = ImnationApp(catalog_path, open_id, in_browser=bool(os.environ.get(BROWSER_SESSION)))
    app.run()
    return app.return_code or 0

"""Live reload: keep the app's catalog in step with `catalog.yaml` and its source files on disk.

The watcher watches FOLDERS, not files: editors such as vim save by writing a temporary file and
renaming it over the original, which a watch on the old file would miss. Changes are filtered to the
catalog and the source files it names.

A reload runs the whole loader again in a thread. A catalog that loads replaces the one on screen
(non-blocking problems are listed as warnings); one that does not (or a file that vanished) leaves
the last good catalog on screen and lists the errors in a `ProblemsPanel` until the file is fixed.
Nothing here ever writes to the catalog or the sources.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Collection
from pathlib import Path
from typing import Protocol

from textual.app import App
from textual.screen import ModalScreen, Screen
from textual.worker import Worker
from watchfiles import Change, awatch

from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog, CatalogError, Problem, load_catalog
from tui.text import visible

DEBOUNCE_MS = 300  # longest a burst of changes is grouped before a reload
QUIET_MS = 100  # a burst ends after this long without a change
RUST_TIMEOUT_MS = 200  # how often the watch thread wakes, so quitting the app is prompt


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe_change(old: Catalog, new: Catalog) -> str:
    """`+2 entries, 1 changed, -1 removed` (and changed source texts); `no changes` if none."""
    added = new.entries.keys() - old.entries.keys()
    removed = old.entries.keys() - new.entries.keys()
    changed = [i for i in new.entries.keys() & old.entries.keys() if new.entries[i] != old.entries[i]]
    texts = [
        i for i in new.texts.keys() & old.texts.keys() if new.texts[i].text != old.texts[i].text
    ]
    parts = []
    if added:
        parts.append("+" + _plural(len(added), "entry", "entries"))
    if changed:
        parts.append(f"{len(changed)} changed")
    if removed:
        parts.append(f"-{len(removed)} removed")
    if texts:
        parts.append(_plural(len(texts), "source text", "source texts") + " changed")
    return ", ".join(parts) or "no changes"


def watched_files(catalog_path: Path, catalog: Catalog | None) -> set[Path]:
    """The catalog file and every source file the catalog names, as absolute paths."""
    files = {catalog_path.resolve()}
    if catalog is not None:
        files |= {catalog.source_path(source_id).resolve() for source_id in catalog.sources}
    return files


async def watch_catalog(files: Callable[[], Collection[Path]]) -> AsyncIterator[set[Path]]:
    """Yield the set of changed files after each (debounced) burst of changes to `files()`, until
    cancelled.

    `files` is called again after each burst: when a reload brings in new sources, their folders are
    watched from then on.
    """
    while True:
        wanted = {path.resolve() for path in files()}
        folders = sorted({str(path.parent) for path in wanted if path.parent.is_dir()})
        if not folders:  # the catalog's folder itself is gone: look again later
            await asyncio.sleep(1)
            continue

        def relevant(change: Change, path: str) -> bool:
            return Path(path) in wanted

        async for changes in awatch(
            *folders,
            watch_filter=relevant,
            debounce=DEBOUNCE_MS,
            step=QUIET_MS,
            rust_timeout=RUST_TIMEOUT_MS,
            recursive=False,
        ):
            yield {Path(path) for _, path in changes}
            if {path.resolve() for path in files()} != wanted:
                break  # restart the watch on the new set of folders


class ReloadableApp(Protocol):
    """What live reload needs from the app besides Textual's `App` API (`catalog` is None while
    the app has never loaded one)."""

    catalog: Catalog | None

    def apply_catalog(self, catalog: Catalog) -> None: ...


class LiveReload:
    """Reloads the app's catalog when its files change, and keeps a `ProblemsPanel` on screen while
    there is something to report.

    `start()` begins watching (in a worker of the app); `reload()` reloads now (after the editor).
    """

    def __init__(self, app: App, catalog_path: Path) -> None:
        self.app = app
        self.catalog_path = Path(catalog_path)
        self.shown_name = visible(self.catalog_path.name)  # for notifications: never raw
        self.errors: tuple[Problem, ...] = ()  # why the file on disk did not load; () when it did
        self._lock = asyncio.Lock()

    @property
    def _target(self) -> ReloadableApp:
        return self.app  # type: ignore[return-value]

    @property
    def warnings(self) -> tuple[Problem, ...]:
        catalog = self._target.catalog
        return tuple(catalog.problems) if catalog is not None else ()

    def start(self) -> Worker[None]:
        """Watch in a worker of the app; show the current catalog's warnings, if any."""
        self.app.screen_change_signal.subscribe(self.app, self._on_screen_change)
        self._show_problems()
        return self.app.run_worker(
            self._watch(), name="catalog-watch", group="catalog-watch", exclusive=True, exit_on_error=False
        )

    async def _watch(self) -> None:
        files = lambda: watched_files(self.catalog_path, self._target.catalog)  # noqa: E731
        async for _changed in watch_catalog(files):
            await self.reload()

    async def reload(self, *, announce_unchanged: bool = False) -> Catalog | None:
        """Load the catalog again; apply it if it loads, else keep the last good one and list why.

        Returns the catalog applied, or None if the file did not load or nothing visible changed
        (an edit that only moves entries to other lines is applied quietly).
        """
        async with self._lock:
            old = self._target.catalog
            try:
                new = await asyncio.to_thread(load_catalog, self.catalog_path)
            except CatalogError as error:
                errors_changed = self.errors != tuple(error.problems)
                self.errors = tuple(error.problems)
                self._show_problems()
                if errors_changed or announce_unchanged:
                    self.app.notify(
                        f"{self.shown_name} not reloaded: "
                        f"{_plural(len(error.problems), 'problem', 'problems')} (listed below)",
                        severity="error",
                        markup=False,
                    )
                return None
            had_errors, self.errors = bool(self.errors), ()
            if old is None:  # the app started without a catalog
                description = "loaded: " + _plural(len(new), "entry", "entries")
            else:
                changes = describe_change(old, new)
                if changes == "no changes" and new.problems == old.problems and not had_errors:
                    if new.locations != old.locations:
                        self._target.apply_catalog(new)  # only lines moved: `e` must open at the new ones
                    if announce_unchanged:
                        self.app.notify(f"{self.shown_name}: no changes", markup=False)
                    return None
                description = "reloaded: " + changes
            self._target.apply_catalog(new)
            self._show_problems()
            self.app.notify(f"{self.shown_name} {description}", markup=False)
            return new

    # -- the panel ------------------------------------------------------------------------------
    def _on_screen_change(self, screen: Screen) -> None:
        self._show_problems()

    def _show_problems(self) -> None:
        """Update the panel on every screen that has one; give the current screen one if needed."""
        errors, warnings = self.errors, () if self.errors else self.warnings
        current = self.app.screen
        if (errors or warnings) and not isinstance(current, ModalScreen) and not current.query(ProblemsPanel):
            current.mount(ProblemsPanel())
        for screen in self.app.screen_stack:
            for panel in screen.query(ProblemsPanel):
                panel.show(errors, warnings, last_good=self._target.catalog is not None)

"""Live reload: keep the app's catalog in step with `catalog.yaml` and its source files on disk.

The watcher watches FOLDERS, not files: editors such as vim save by writing a temporary file and
renaming it over the original, which a watch on the old file would miss. Changes are filtered to the
catalog and the source files it names.

A reload runs the whole loader again in a thread and yields a `ReloadResult`: a new catalog, or the
problems that stop the file from loading (the app then keeps the last good catalog). This module
imports no Textual: the App decides what to show.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, awatch

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


def _one_of(files: frozenset[Path]) -> Callable[[Change, str], bool]:
    """A watchfiles filter keeping changes to these files only (fixed when the watch starts)."""

    def relevant(change: Change, path: str) -> bool:
        return Path(path) in files

    return relevant


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

        async for changes in awatch(
            *folders,
            watch_filter=_one_of(frozenset(wanted)),
            debounce=DEBOUNCE_MS,
            step=QUIET_MS,
            rust_timeout=RUST_TIMEOUT_MS,
            recursive=False,
        ):
            yield {Path(path) for _, path in changes}
            if {path.resolve() for path in files()} != wanted:
                break  # restart the watch on the new set of folders


@dataclass(frozen=True, slots=True)
class Reloaded:
    """A new catalog loaded. `changes` says what changed (`+1 entry, 2 changed`, or `loaded: N
    entries` for the first); `quiet` when nothing a reader would see changed (only lines moved)."""

    catalog: Catalog
    changes: str
    quiet: bool = False


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The files were read again and nothing changed; `announce` if the user asked for the reload."""

    announce: bool


@dataclass(frozen=True, slots=True)
class ReloadFailed:
    """The file on disk does not load; the last good catalog stays. `announce` when these
    problems are new (or the user asked for the reload)."""

    problems: tuple[Problem, ...]
    announce: bool


ReloadResult = Reloaded | Unchanged | ReloadFailed


class LiveReload:
    """Loads the catalog again when its files change, and hands each result to `deliver`.

    It knows nothing of widgets: the App applies a `Reloaded` catalog to its screens and publishes
    the problems, which the screens' problems panels show. `watch()` runs until cancelled (in a
    worker of the app); `reload()` reloads now (after the editor, or when a test says so).
    Nothing here ever writes to the catalog or the sources.
    """

    def __init__(
        self,
        catalog_path: Path,
        current: Callable[[], Catalog | None],
        deliver: Callable[[ReloadResult], None],
    ) -> None:
        self.catalog_path = Path(catalog_path)
        self.shown_name = visible(self.catalog_path.name)  # for notifications: never raw
        self.errors: tuple[Problem, ...] = ()  # why the file on disk did not load; () when it did
        self._current = current
        self._deliver = deliver
        self._lock = asyncio.Lock()

    async def watch(self) -> None:
        def files() -> set[Path]:
            return watched_files(self.catalog_path, self._current())

        async for _changed in watch_catalog(files):
            await self.reload()

    async def reload(self, *, announce_unchanged: bool = False) -> Catalog | None:
        """Load the catalog again and deliver the result.

        Returns the catalog delivered, or None if the file did not load or nothing changed.
        """
        async with self._lock:
            result = await self._load(announce_unchanged)
            self._deliver(result)
            return result.catalog if isinstance(result, Reloaded) else None

    async def _load(self, announce_unchanged: bool) -> ReloadResult:
        old = self._current()
        had_errors = bool(self.errors)
        try:
            # Comparing with the old catalog is O(entries): in the thread too, not on the event loop.
            result = await asyncio.to_thread(self._load_and_compare, old, had_errors, announce_unchanged)
        except CatalogError as error:
            problems = tuple(error.problems)
            changed, self.errors = self.errors != problems, problems
            return ReloadFailed(problems, announce=changed or announce_unchanged)
        self.errors = ()
        return result

    def _load_and_compare(self, old: Catalog | None, had_errors: bool, announce_unchanged: bool) -> ReloadResult:
        new = load_catalog(self.catalog_path, reuse=old)  # unchanged sources keep their located quotes
        if old is None:  # the app started without a catalog
            return Reloaded(new, "loaded: " + _plural(len(new), "entry", "entries"))
        changes = describe_change(old, new)
        if changes == "no changes" and new.problems == old.problems and not had_errors:
            if new.positions != old.positions:
                return Reloaded(new, changes, quiet=True)  # only lines moved: `e` must open at the new ones
            return Unchanged(announce_unchanged)
        return Reloaded(new, "reloaded: " + changes)

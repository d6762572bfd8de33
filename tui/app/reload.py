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
import os
import stat
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, awatch

from tui.catalog import Catalog, CatalogError, Problem, load_catalog
from tui.text import visible

DEBOUNCE_MS = 300  # longest a burst of changes is grouped before a reload
QUIET_MS = 100  # a burst ends after this long without a change
RUST_TIMEOUT_MS = 200  # how often the watch thread wakes: quitting is prompt, folders are checked
REARM_SECONDS = 0.5  # the pause before watching again after the watcher failed or its folder went


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
    """The catalog file and every source file the catalog names, each as an absolute path as
    written and, when it is a symlink, where it leads: the catalog's target anywhere (the loader
    follows it), a source's only inside the catalog folder (the loader reads no other). A path that
    cannot be followed (a symlink loop) is watched as written: the loader says what is wrong with it."""
    written = _absolute(catalog_path)
    files = {written}
    if (target := _resolved(written)) is not None:
        files.add(target)
    if catalog is not None:
        folder = _resolved(_absolute(catalog.folder))
        for source_id in catalog.sources:
            written = _absolute(catalog.source_path(source_id))
            files.add(written)
            target = _resolved(written)
            if target is not None and folder is not None and target.is_relative_to(folder):
                files.add(target)
    return files


def _absolute(path: Path) -> Path:
    """`path` absolute and without `.` or `..`, symlinks not followed (the watch's own paths)."""
    return Path(os.path.abspath(path))


def _resolved(path: Path) -> Path | None:
    """Where `path` leads, or None when it cannot be followed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # pathlib raises RuntimeError on a symlink loop (Python < 3.13)
        return None


Signature = tuple[int, int, int, int, int]


def _signatures(files: Collection[Path]) -> dict[Path, tuple[Signature | None, Signature | None]]:
    """Each file as it stands (the link itself, then what it leads to): what polling compares."""

    def signature(path: Path, follow: bool) -> Signature | None:
        try:
            status = path.stat() if follow else path.lstat()
        except (OSError, ValueError):
            return None
        return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)

    return {file: (signature(file, False), signature(file, True)) for file in files}


def _identity(folder: Path) -> tuple[int, int] | None:
    """The folder's device and inode, or None when it is not a folder (gone, or a file now)."""
    try:
        status = folder.stat()
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """What one watch covers: the `files` whose changes mean a reload, and the `folders` they are
    in, each with its identity when the plan was made (None: it did not exist then). A change to a
    folder itself (made, deleted, renamed, swapped for another) means a new watch: the old one
    watches what is no longer there."""

    files: frozenset[Path]
    folders: frozenset[tuple[Path, tuple[int, int] | None]]
    concerned: frozenset[Path]  # the files and the folders: what the filter lets through

    @property
    def present(self) -> list[str]:
        """The folders to watch: those that existed when the plan was made."""
        return sorted(str(folder) for folder, identity in self.folders if identity is not None)

    def relevant(self, change: Change, path: str) -> bool:
        """The watchfiles filter: a change to one of the files or to one of the folders."""
        return Path(path) in self.concerned

    def stale(self) -> bool:
        """A folder appeared, went or was replaced since the plan was made. (One deleted and made
        again may get its inode number back; the events on the folder's own path say so.)"""
        return any(_identity(folder) != identity for folder, identity in self.folders)


def plan_watch(files: Collection[Path]) -> WatchPlan:
    folders = {file.parent for file in files}
    identities = frozenset((folder, _identity(folder)) for folder in folders)
    return WatchPlan(frozenset(files), identities, frozenset(files) | folders)


async def watch_catalog(
    files: Callable[[], Collection[Path]],
    armed: Callable[[], None] = lambda: None,
    failed: Callable[[str], None] = lambda reason: None,
) -> AsyncIterator[set[Path]]:
    """Yield the set of changed files after each (debounced) burst of changes to `files()`, until
    cancelled.

    `files` is called again after each burst: when a reload brings in new sources, their folders are
    watched from then on. The watch is made again whenever it may have stopped seeing changes: a
    watched folder deleted, made again or swapped, a missing one made, an error from the watcher
    (watchfiles gives up on a file name that is not valid UTF-8). The first burst of a new watch
    then holds every file: what changed while no watch was on it is read again. While no watch
    can be made, the files are polled (`stat`) every REARM_SECONDS instead. `armed()` is called as
    each watch starts seeing changes, `failed(reason)` when one fails.
    """
    read = _signatures(files())  # the files as last read: what polling compares with
    missed = False  # changes may have gone unseen: the first burst of the next watch says so
    gone = False  # no folder to watch is left (the catalog's own went, or was renamed away)
    while True:
        plan = plan_watch(files())
        if not plan.present:  # look again later; reload once now, to say the catalog is not found
            if not gone:
                gone = True
                read = _signatures(plan.files)
                yield set(plan.files)
            missed = True
            await asyncio.sleep(REARM_SECONDS)
            continue
        gone = False
        starting = True
        try:
            async for changes in awatch(
                *plan.present,
                watch_filter=plan.relevant,
                debounce=DEBOUNCE_MS,
                step=QUIET_MS,
                rust_timeout=RUST_TIMEOUT_MS,
                yield_on_timeout=True,  # an empty set every RUST_TIMEOUT_MS: the folders are checked then
                recursive=False,
            ):
                if starting:  # the first wake-up: the watch is on
                    starting = False
                    armed()
                changed = {Path(path) for _, path in changes}
                if missed:  # the watch is on now: anything that changed before it is read once
                    missed, changed = False, changed | plan.files
                if changed & plan.files:
                    read = _signatures(plan.files)
                    yield changed & plan.files
                    if plan_watch(files()) != plan:  # the reload brought in new sources, or a symlink moved
                        missed = True
                        break
                if changed - plan.files or plan.stale():  # a folder made, gone or swapped
                    missed = True
                    break
        except Exception as error:  # a file name it cannot decode, a folder gone as it started, no watch left
            failed(_reason(error))
            missed = True
            if (now := _signatures(plan.files)) != read:  # no watch for now: poll, so edits still reload
                read = now
                yield set(plan.files)
            await asyncio.sleep(REARM_SECONDS)


def _reason(error: BaseException) -> str:
    """What went wrong, in one line: the first error of a group (watchfiles raises from a task group)."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


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


@dataclass(frozen=True, slots=True)
class WatchNotice:
    """The watch on the catalog's folders failed twice running: until one is on again (which the
    watcher keeps trying) the files are polled, a change is seen later and the watcher costs more
    (`problem` says why, as a warning to show while it lasts); or, `problem` None, a watch is on."""

    problem: Problem | None


ReloadResult = Reloaded | Unchanged | ReloadFailed | WatchNotice


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
        self.watches = 0  # how many watches have started: one more after each that had to be made again
        self.watch_problem: Problem | None = None  # why changes are not seen now, if they are not
        self._failures = 0  # watches failed since one last started
        self._current = current
        self._deliver = deliver
        self._lock = asyncio.Lock()

    @property
    def reloading(self) -> bool:
        """Whether a reload is under way (a catalog that will replace the current one may come)."""
        return self._lock.locked()

    async def watch(self) -> None:
        def files() -> set[Path]:
            return watched_files(self.catalog_path, self._current())

        def armed() -> None:
            self.watches += 1
            self._failures = 0
            if self.watch_problem is not None:
                self.watch_problem = None
                self._deliver(WatchNotice(None))

        def failed(reason: str) -> None:
            # One failure is the watcher's to get over (it watches again at once); a second before
            # any watch started is not: say so until one does.
            self._failures += 1
            if self._failures >= 2 and self.watch_problem is None:
                message = (
                    f"live reload cannot watch its folders ({visible(reason)}); "
                    f"it looks at the files every {REARM_SECONDS:g} s instead"
                )
                self.watch_problem = Problem(self.shown_name, 0, 0, message, severity="warning")
                self._deliver(WatchNotice(self.watch_problem))

        async for _changed in watch_catalog(files, armed, failed):
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

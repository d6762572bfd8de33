"""Edit an entry in place: hand the terminal to `$VISUAL` / `$EDITOR` at the entry's line, then reload.

The app suspends while the editor runs; on return the catalog is reloaded at once (the file watcher
would also notice, but the user should not have to wait for it).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path

from textual.app import App, SuspendNotSupported

from tui.app.reload import LiveReload
from tui.text import visible

FALLBACK_EDITOR = "vi"

# Editors that take `+LINE file`.
_PLUS_LINE = {
    "vi", "vim", "nvim", "gvim", "mvim", "view", "ex", "nano", "pico", "emacs", "emacsclient",
    "micro", "kak", "joe", "jed", "mg", "ne", "mcedit",
}
# Editors that take `file:LINE`.
_FILE_COLON_LINE = {"hx", "helix", "subl", "sublime_text"}
# VS Code and its forks: `--goto file:LINE --wait` (without --wait they return at once).
_GOTO = {"code", "code-insiders", "codium", "vscodium", "cursor"}
_WAIT_FLAGS = {"--wait", "-w"}


def chosen_editor(environ: Mapping[str, str] = os.environ) -> str:
    """`$VISUAL`, else `$EDITOR`, else `vi` (blank values count as unset)."""
    for name in ("VISUAL", "EDITOR"):
        if value := environ.get(name, "").strip():
            return value
    return FALLBACK_EDITOR


def editor_command(editor_env: str, path: str | os.PathLike[str], line: int) -> list[str]:
    """The argv that opens `path` at `line` in the editor named by `editor_env` (shell-quoted, may
    carry arguments, e.g. `code --wait`). An editor we do not know gets the file without a line.
    Raises ValueError if `editor_env` does not parse as shell words."""
    argv = shlex.split(editor_env) or [FALLBACK_EDITOR]
    file = os.fspath(path)
    if file.startswith(("-", "+")):
        file = os.path.join(".", file)  # never let a file name pass for an option
    program = Path(argv[0]).name.removesuffix(".exe").lower()
    line = max(line, 1)
    if program in _PLUS_LINE:
        return [*argv, f"+{line}", file]
    if program in _FILE_COLON_LINE:
        wait = ["--wait"] if program.startswith("subl") and not _WAIT_FLAGS & set(argv) else []
        return [*argv, *wait, f"{file}:{line}"]
    if program in _GOTO:
        wait = [] if _WAIT_FLAGS & set(argv) else ["--wait"]
        return [*argv, "--goto", f"{file}:{line}", *wait]
    return [*argv, file]


def run_editor(command: list[str]) -> str | None:
    """Run the editor in the foreground; return why it failed, or None."""
    try:
        completed = subprocess.run(command, check=False)
    except FileNotFoundError:
        return f"editor not found: {command[0]} (set $VISUAL or $EDITOR)"
    except OSError as error:
        return f"cannot run {command[0]}: {error.strerror or error}"
    if completed.returncode != 0:
        return f"{command[0]} exited with status {completed.returncode}"
    return None


async def edit_entry(
    app: App,
    live: LiveReload,
    entry_id: str | None,
    *,
    suspend: Callable[[], AbstractContextManager[None]] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> None:
    """Open the catalog in the user's editor, then reload. It opens at the first error if the file
    on disk is broken (that is what needs fixing), else at `entry_id` (the top if None or unknown).

    `suspend` defaults to `app.suspend`; tests pass a stand-in, since a headless app cannot suspend.
    """
    catalog = getattr(app, "catalog", None)
    located = catalog.positions.get(entry_id) if catalog is not None and entry_id else None
    line = live.errors[0].line if live.errors else located.line if located else 1
    await edit_at(app, live, (live.catalog_path, line), suspend=suspend, environ=environ)


async def edit_at(
    app: App,
    live: LiveReload,
    at: tuple[Path, int],
    *,
    suspend: Callable[[], AbstractContextManager[None]] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> None:
    """Open a file at a line (the catalog at an entry, any file at a problem) in the user's editor,
    then reload the catalog."""
    path, line = at
    try:
        command = editor_command(chosen_editor(environ), path, line)
    except ValueError as error:  # shlex: e.g. an unclosed quote in $EDITOR
        app.notify(f"cannot read $VISUAL/$EDITOR: {visible(str(error))}", severity="error", markup=False)
        return
    try:
        with (suspend or app.suspend)():
            failure = run_editor(command)
    except SuspendNotSupported:
        app.notify(
            f"This terminal cannot hand over to an editor. Edit {visible(str(path))}:{line} yourself: "
            "the app reloads it when you save.",
            severity="warning",
            timeout=8,
            markup=False,
        )
        return
    if failure:
        app.notify(visible(failure), severity="error", markup=False)
    await live.reload(announce_unchanged=True)

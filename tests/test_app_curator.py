"""Curator tools in the app: live reload from real files, the problems panel, edit in place."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.helpers import JUDY_CATALOG, SOURCE_YAML, write_catalog
from tests.pilot import notifications, panel_text, until
from tui.app.app import ImnationApp
from tui.app.editor import chosen_editor, edit_entry, editor_command
from tui.app.reload import describe_change
from tui.app.screens.browser import BrowserScreen, EntryList
from tui.app.screens.help import HelpScreen
from tui.app.screens.load_failed import LoadFailedScreen
from tui.app.screens.matrix import MatrixScreen
from tui.app.screens.reader import ReaderScreen
from tui.catalog import load_catalog

CATALOG = JUDY_CATALOG
NEW_ENTRY = """\
  - id: rosa
    name: Rosa
    summary: Another subject.
"""
BROKEN = CATALOG + """\
  - id: broken
    name: [unclosed
"""
DRIFTED = CATALOG.replace("met the officers in Charlotte", "met the officers in Raleigh")


def shown_subjects(app: ImnationApp) -> list[str]:
    """Ids of the entries the browser lists (`started` turns it to the subjects)."""
    assert app.browser is not None
    entries = app.browser.query_one(EntryList)
    return [entries.get_option_at_index(i).id for i in range(entries.option_count)]


async def started(pilot: Pilot) -> None:
    """Show the subjects, and give the watcher time to register its folder watches before files
    change."""
    pilot.app.action_section("subject")
    await pilot.pause(0.3)


def replace_atomically(path: Path, text: str) -> None:
    """Save the way vim and many editors do: write a temporary file, rename it over the original."""
    temporary = path.with_name(".catalog.yaml.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# -- describe_change ----------------------------------------------------------------------------
def test_describe_change_counts_added_changed_removed(tmp_path: Path) -> None:
    old = load_catalog(write_catalog(tmp_path / "old", CATALOG))
    more = CATALOG + NEW_ENTRY + NEW_ENTRY.replace("rosa", "ana").replace("Rosa", "Ana")
    changed = more.replace("Met the officers.", "Met the officers twice.").replace(
        "  - id: judy", "  - id: judy-smith"
    )
    assert describe_change(old, load_catalog(write_catalog(tmp_path / "more", more))) == "+2 entries"
    new = load_catalog(write_catalog(tmp_path / "changed", changed))
    assert describe_change(old, new) == "+3 entries, -1 removed"
    edited = load_catalog(write_catalog(tmp_path / "edited", CATALOG.replace("Met the", "Saw the")))
    assert describe_change(old, edited) == "1 changed"
    assert describe_change(old, old) == "no changes"
    fewer = load_catalog(write_catalog(tmp_path / "fewer", SOURCE_YAML))
    assert describe_change(old, fewer) == "-1 removed"


# -- live reload --------------------------------------------------------------------------------
@pytest.mark.anyio
async def test_valid_edit_is_applied_and_announced(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        path.write_text(CATALOG + NEW_ENTRY, encoding="utf-8")
        await until(pilot, lambda: "rosa" in shown_subjects(app))
        await until(pilot, lambda: "catalog.yaml reloaded: +1 entry" in notifications(app))
        assert panel_text(app) == ""


@pytest.mark.anyio
async def test_atomic_rename_save_is_seen(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        replace_atomically(path, CATALOG + NEW_ENTRY)
        await until(pilot, lambda: "rosa" in shown_subjects(app))
        replace_atomically(path, CATALOG)  # and again: the watch survives the rename
        await until(pilot, lambda: "rosa" not in shown_subjects(app))
        await until(pilot, lambda: notifications(app)[-1:] == ["catalog.yaml reloaded: -1 removed"])


@pytest.mark.anyio
async def test_invalid_edit_keeps_last_good_catalog_until_fixed(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        path.write_text(BROKEN, encoding="utf-8")
        await until(pilot, lambda: panel_text(app) != "")
        assert re.search(r"catalog\.yaml:\d+:\d+: ", panel_text(app))
        assert "last good catalog" in panel_text(app)
        assert shown_subjects(app) == ["judy"]
        await until(pilot, lambda: "catalog.yaml not reloaded: 1 problem (listed below)" in notifications(app))
        path.write_text(CATALOG + NEW_ENTRY, encoding="utf-8")  # fixed
        await until(pilot, lambda: "rosa" in shown_subjects(app))
        assert panel_text(app) == ""


@pytest.mark.anyio
async def test_deleted_catalog_is_reported_and_the_old_one_kept(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        path.unlink()
        await until(pilot, lambda: "file not found" in panel_text(app))
        assert shown_subjects(app) == ["judy"]
        path.write_text(CATALOG + NEW_ENTRY, encoding="utf-8")
        await until(pilot, lambda: panel_text(app) == "")
        assert "rosa" in shown_subjects(app)


@pytest.mark.anyio
async def test_a_drifted_quote_is_listed_and_the_catalog_still_applies(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        path.write_text(DRIFTED + NEW_ENTRY, encoding="utf-8")
        await until(pilot, lambda: "rosa" in shown_subjects(app) and "loaded with 1 problem" in panel_text(app))
        assert re.search(r"catalog\.yaml:\d+:\d+: quote not found in 'src'", panel_text(app))


@pytest.mark.anyio
async def test_a_changed_source_file_reloads(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        source = tmp_path / "seeds" / "a.txt"
        source.write_text(source.read_text(encoding="utf-8").replace("Charlotte", "Raleigh"), encoding="utf-8")
        await until(pilot, lambda: "quote not found" in panel_text(app))
        await until(pilot, lambda: "catalog.yaml reloaded: 1 source text changed" in notifications(app))


@pytest.mark.anyio
async def test_an_open_view_follows_reloads_and_shows_the_panel(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await started(pilot)
        app.action_view("matrix")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        rows = lambda: [key.value for key in app.screen.query_one(DataTable).rows]  # noqa: E731
        assert rows() == ["judy"]
        path.write_text(CATALOG + NEW_ENTRY, encoding="utf-8")
        await until(pilot, lambda: rows() == ["judy", "rosa"])
        path.write_text(BROKEN, encoding="utf-8")
        await until(pilot, lambda: "did not load" in panel_text(app))  # on the matrix, not just the browser
        assert rows() == ["judy", "rosa"]


@pytest.mark.anyio
async def test_an_app_started_on_a_broken_catalog_loads_it_once_fixed(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, BROKEN)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        assert app.catalog is None
        await pilot.pause(0.3)
        path.write_text(CATALOG, encoding="utf-8")
        await until(pilot, lambda: app.browser is not None and "catalog.yaml loaded: 2 entries" in notifications(app))
        assert "judy" in app.catalog


# -- edit in place ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+7", "/c/catalog.yaml"]),
        ("/usr/bin/nvim -u NONE", ["/usr/bin/nvim", "-u", "NONE", "+7", "/c/catalog.yaml"]),
        ("nano", ["nano", "+7", "/c/catalog.yaml"]),
        ("emacs -nw", ["emacs", "-nw", "+7", "/c/catalog.yaml"]),
        ("micro", ["micro", "+7", "/c/catalog.yaml"]),
        ("kak", ["kak", "+7", "/c/catalog.yaml"]),
        ("hx", ["hx", "/c/catalog.yaml:7"]),
        ("code", ["code", "--goto", "/c/catalog.yaml:7", "--wait"]),
        ("code --wait", ["code", "--wait", "--goto", "/c/catalog.yaml:7"]),
        ("codium -w", ["codium", "-w", "--goto", "/c/catalog.yaml:7"]),
        ("'/opt/My Editor/ed'", ["/opt/My Editor/ed", "/c/catalog.yaml"]),  # unknown: no line
        ("", ["vi", "+7", "/c/catalog.yaml"]),
    ],
)
def test_editor_command(editor: str, expected: list[str]) -> None:
    assert editor_command(editor, Path("/c/catalog.yaml"), 7) == expected


def test_editor_command_never_passes_a_file_for_an_option() -> None:
    assert editor_command("vim", "-rf.yaml", 0) == ["vim", "+1", "./-rf.yaml"]


def test_chosen_editor_prefers_visual_then_editor_then_vi() -> None:
    assert chosen_editor({"VISUAL": "hx", "EDITOR": "nano"}) == "hx"
    assert chosen_editor({"VISUAL": " ", "EDITOR": "nano"}) == "nano"
    assert chosen_editor({}) == "vi"


def fake_editor(tmp_path: Path) -> str:
    """An editor called `vim` (so it is given `+LINE file`) that records its arguments and appends
    an entry to the file."""
    (tmp_path / "bin").mkdir()
    script = tmp_path / "bin" / "vim"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        f"pathlib.Path({str(tmp_path / 'argv')!r}).write_text(' '.join(sys.argv[1:]))\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        f"path.write_text(path.read_text() + {NEW_ENTRY!r})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.anyio
async def test_edit_without_a_suspendable_terminal_says_so(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    environ = {"EDITOR": fake_editor(tmp_path)}
    async with app.run_test() as pilot:
        await edit_entry(app, app.live_reload, "judy", environ=environ)  # headless: cannot suspend
        await until(pilot, lambda: any("cannot hand over to an editor" in n for n in notifications(app)))
        assert path.read_text(encoding="utf-8") == CATALOG  # the editor did not run


@pytest.mark.anyio
async def test_edit_runs_the_editor_at_the_entry_then_reloads(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    environ = {"VISUAL": fake_editor(tmp_path)}
    async with app.run_test() as pilot:
        app.action_section("subject")  # no watcher: the reload seen is the one after the editor
        await edit_entry(app, app.live_reload, "judy", suspend=contextlib.nullcontext, environ=environ)
        await pilot.pause()
        line = app.catalog.positions["judy"].line
        assert line > 1
        assert (tmp_path / "argv").read_text() == f"+{line} {path}"
        assert "rosa" in shown_subjects(app)
        await until(pilot, lambda: "catalog.yaml reloaded: +1 entry" in notifications(app))


@pytest.mark.anyio
async def test_edit_opens_at_the_first_error_while_the_file_is_broken(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    environ = {"EDITOR": fake_editor(tmp_path)}
    async with app.run_test() as pilot:
        path.write_text(BROKEN, encoding="utf-8")
        await app.live_reload.reload()
        error_line = app.live_reload.errors[0].line
        assert error_line > app.catalog.positions["judy"].line
        await edit_entry(app, app.live_reload, "judy", suspend=contextlib.nullcontext, environ=environ)
        assert (tmp_path / "argv").read_text() == f"+{error_line} {path}"
        still_broken = "catalog.yaml not reloaded: 1 problem (listed below)"
        await until(pilot, lambda: notifications(app).count(still_broken) == 2)  # before and after the editor


@pytest.mark.anyio
async def test_a_missing_editor_is_reported(tmp_path: Path) -> None:
    app = ImnationApp(write_catalog(tmp_path, CATALOG))
    environ = {"EDITOR": str(tmp_path / "no-such-editor")}
    async with app.run_test() as pilot:
        await edit_entry(app, app.live_reload, "judy", suspend=contextlib.nullcontext, environ=environ)
        await until(pilot, lambda: any(n.startswith("editor not found:") for n in notifications(app)))


@pytest.mark.anyio
async def test_an_editor_setting_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    app = ImnationApp(write_catalog(tmp_path, CATALOG))
    async with app.run_test() as pilot:
        await edit_entry(app, app.live_reload, "judy", suspend=contextlib.nullcontext, environ={"VISUAL": 'vim "'})
        await until(pilot, lambda: any(n.startswith("cannot read $VISUAL/$EDITOR:") for n in notifications(app)))
        assert app.is_running


@pytest.mark.anyio
async def test_an_edit_that_only_moves_lines_moves_where_e_opens(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG)
    app = ImnationApp(path)
    async with app.run_test():
        line = app.catalog.positions["judy"].line
        path.write_text("# three\n# comment\n# lines\n" + CATALOG, encoding="utf-8")
        await app.live_reload.reload()
        assert app.catalog.positions["judy"].line == line + 3
        assert notifications(app) == []  # nothing a reader would see changed


@pytest.mark.anyio
async def test_a_reload_that_removes_the_source_being_read_closes_the_reader_under_a_modal(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG + NEW_ENTRY)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        app.open_source("src")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("question_mark")  # help open over the reader
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        without_source = (CATALOG + NEW_ENTRY).replace(SOURCE_YAML, "").replace(
            "    passages:\n      - source: src\n        quote: Judy Smith met the officers in Charlotte.\n", "")
        path.write_text(without_source, encoding="utf-8")
        await app.live_reload.reload()
        await pilot.pause()
        assert not any(isinstance(s, ReaderScreen) for s in app.screen_stack)
        assert app.screen is app.browser
        await pilot.press("n", "N", "j")  # nothing left that could read the vanished source
        assert app.is_running


@pytest.mark.anyio
async def test_fixing_the_file_leaves_the_notice_even_under_help(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, BROKEN)
    app = ImnationApp(path)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        path.write_text(CATALOG, encoding="utf-8")
        await app.live_reload.reload()
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert not any(isinstance(s, (LoadFailedScreen, HelpScreen)) for s in app.screen_stack)

"""The app on hostile text and on files that break while it runs: it stays up, shows text as text
(never markup, never a raw control character), explains, and comes back when the file is fixed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.helpers import SOURCE_TEXT, VALID, write_catalog
from tests.hostile import hostile_catalog
from tests.pilot import assert_nothing_raw, palette_results, panel_text, screen_text, until, view_ready
from tui.app import ImnationApp
from tui.app.reload import LiveReload
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import SearchScreen
from tui.app.widgets.source_document import SourceDocument

SIZE = (120, 40)


async def watching(pilot: Pilot) -> LiveReload:
    """The app's live reload, once its watcher has had time to register before files change."""
    await pilot.pause(0.3)
    return pilot.app.live_reload  # type: ignore[attr-defined]


# -- hostile text on every screen ------------------------------------------------------------------


@pytest.mark.anyio
async def test_hostile_text_is_literal_on_every_screen_and_triggers_nothing(tmp_path: Path) -> None:
    app = ImnationApp(hostile_catalog(tmp_path), open_id="judy")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shown = assert_nothing_raw(app)  # list and detail
        for piece in ("Judy [bold] [/ [/] [$accent]", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]x[/link]",
                      "\\x1b]0;title\\x07", "a\\x0db", "\\u202eevil\\u202c"):
            assert piece in shown, piece
        for x, y in ((5, 3), (40, 3), (60, 5)):  # clicks on names and links
            await pilot.click(offset=(x, y))
        assert_nothing_raw(app)

        app.open_source("src")  # the reader
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        shown = assert_nothing_raw(app)
        assert "Headline [bold]" in shown and "\\x1b]52;c;cHduZWQ=\\x07" in shown
        await pilot.click(offset=(20, 4))
        assert_nothing_raw(app)
        await pilot.press("escape")

        await pilot.press("slash")  # search results
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"click")
        await until(pilot, lambda: "[@click=app.quit]x[/]" in screen_text(app))
        assert_nothing_raw(app)
        await pilot.press("escape")

        await pilot.press("ctrl+p")  # the command palette
        await pilot.press(*"judy")
        await until(pilot, lambda: palette_results(app) > 0)
        assert_nothing_raw(app)
        await pilot.press("escape")

        for view in ("matrix", "locations", "coverage"):
            app.action_view(view)
            await until(pilot, lambda: view_ready(app))
            assert_nothing_raw(app)
            await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert_nothing_raw(app)
        await pilot.press("escape")


@pytest.mark.anyio
async def test_a_catalog_whose_problems_quote_hostile_text_is_shown_escaped(tmp_path: Path) -> None:
    """A broken catalog at start: the problems echo an unknown key full of control characters."""
    path = write_catalog(tmp_path, VALID.replace("    region: North Carolina\n", '    "\\e]0;pwned\\a [bold]": x\n'))
    app = ImnationApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "unknown field" in screen_text(app))
        shown = assert_nothing_raw(app)
        assert "\\x1b]0;pwned\\x07[bold]:unknownfield" in "".join(shown.split())  # however it wraps


@pytest.mark.anyio
async def test_reload_notifications_escape_a_hostile_file_name(tmp_path: Path) -> None:
    """A catalog file may be called anything; the toast names it (tui/app/reload.py)."""
    path = write_catalog(tmp_path, VALID).rename(tmp_path / "cat\x1b[2J\u202e.yaml")
    app = ImnationApp(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reload = app.live_reload
        path.write_text("subjects: [\n", encoding="utf-8")
        await reload.reload()
        await until(pilot, lambda: "not reloaded" in screen_text(app))
        assert "cat\\x1b[2J\\u202e.yaml not reloaded" in assert_nothing_raw(app)


@pytest.mark.anyio
@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["CRLF", "CR"])
async def test_a_crlf_or_cr_source_reads_without_carriage_return_escapes(tmp_path: Path, line_end: str) -> None:
    """CRLF and a lone CR are line endings, not text: the reader shows no `\\x0d`, a line a row."""
    path = write_catalog(tmp_path, VALID, {"seeds/a.txt": SOURCE_TEXT.replace("\n", line_end)})
    app = ImnationApp(path)
    async with app.run_test(size=SIZE) as pilot:
        app.open_source("src")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        shown = assert_nothing_raw(app)
        assert "Judy Smith met the officers in Charlotte." in shown
        assert "\\x0d" not in shown
        document = app.screen.query_one(SourceDocument)
        assert len(document.lines) == len([line for line in SOURCE_TEXT.splitlines() if line.strip()])


# -- files that break while the app runs -------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    "break_it",
    [
        lambda p: p.write_bytes(b"\x00\xff garbage \x1b[2J"),
        lambda p: p.write_text("subjects: [\n", encoding="utf-8"),
        lambda p: (p.unlink(), p.mkdir()),  # unreadable as a file, for root too
        lambda p: (p.unlink(), os.mkfifo(p)),
    ],
    ids=["binary-garbage", "yaml-garbage", "directory", "fifo"],
)
async def test_catalog_broken_while_running_keeps_the_last_good_one_until_fixed(tmp_path: Path, break_it) -> None:
    path = write_catalog(tmp_path, VALID)
    app = ImnationApp(path, open_id="judy")
    async with app.run_test(size=SIZE) as pilot:
        reload = await watching(pilot)
        break_it(path)
        await reload.reload()  # (a directory or FIFO may not produce a change event)
        await until(pilot, lambda: panel_text(app) != "")
        assert "catalog.yaml:" in panel_text(app) and app.catalog is not None and "judy" in app.catalog
        assert_nothing_raw(app)
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink()
        path.write_text(VALID.replace("Judy Smith", "Judy Fixed"), encoding="utf-8")
        await until(pilot, lambda: app.catalog is not None and app.catalog.entries["judy"].name == "Judy Fixed")
        await until(pilot, lambda: panel_text(app) == "")
        assert "Judy Fixed" in assert_nothing_raw(app)


@pytest.mark.anyio
async def test_source_removed_while_open_in_the_reader(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID)
    source = tmp_path / "seeds" / "a.txt"
    original = source.read_text(encoding="utf-8")
    app = ImnationApp(path)
    async with app.run_test(size=SIZE) as pilot:
        reload = await watching(pilot)
        app.open_source("src")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        source.unlink()
        await until(pilot, lambda: "file not found" in panel_text(app))
        assert_nothing_raw(app)
        await pilot.press("j", "k", "n", "escape")  # keys on the reader after its text vanished
        assert_nothing_raw(app)
        source.write_text(original, encoding="utf-8")
        await until(pilot, lambda: panel_text(app) == "")
        await reload.reload()
        assert app.catalog is not None and "src" in app.catalog.texts
        app.open_source("src")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert "Judy Smith met the officers" in assert_nothing_raw(app)


@pytest.mark.anyio
async def test_resizing_to_20x5_and_back(tmp_path: Path) -> None:
    app = ImnationApp(hostile_catalog(tmp_path), open_id="judy")
    async with app.run_test(size=SIZE) as pilot:
        for screen in ("browser", "reader", "search"):
            if screen == "reader":
                app.open_source("src")
                await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            if screen == "search":
                await pilot.press("slash")
                await until(pilot, lambda: isinstance(app.screen, SearchScreen))
            await pilot.resize_terminal(20, 5)
            await pilot.pause()
            assert_nothing_raw(app)
            await pilot.resize_terminal(*SIZE)
            await pilot.pause()
            assert_nothing_raw(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert "Judy" in assert_nothing_raw(app)


# -- nothing lost ----------------------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.anyio
async def test_an_app_session_never_writes_to_the_catalog_or_seeds(tmp_path: Path) -> None:
    """Every screen, a search, a reload with errors and a reload with warnings: the files the
    user owns are exactly as they were."""
    folder = tmp_path / "catalog"
    path = hostile_catalog(folder)
    before = fingerprint(folder)
    app = ImnationApp(path, open_id="judy")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reload = app.live_reload
        app.open_source("src")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("n", "escape", "slash", *"judy", "enter")
        for view in ("matrix", "locations", "coverage"):
            app.action_view(view)
            await until(pilot, lambda: view_ready(app))
            await pilot.press("escape")
        await pilot.press("question_mark", "escape", "alt+left", "alt+right")
        await reload.reload(announce_unchanged=True)
        broken = write_catalog(tmp_path / "broken", VALID.replace("in Charlotte", "in Charlote"))
        for other in (broken, tmp_path / "absent.yaml"):  # a reload with drifted passages, then with errors
            await LiveReload(other, lambda: app.catalog, app.receive_reload).reload(announce_unchanged=True)
        assert_nothing_raw(app)
    assert fingerprint(folder) == before

"""The app on hostile text and on files that break while it runs: it stays up, shows text as text
(never markup, never a raw control character), explains, and comes back when the file is fixed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.helpers import SOURCE_TEXT, VALID, bounded_run, write_catalog
from tests.hostile import hostile_catalog
from tests.pilot import assert_nothing_raw, palette_results, panel_text, screen_text, until, view_ready
from tui.app import ImnationApp
from tui.app.literal import MAX_SHOWN_CHARS, literal
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


# -- big sources and values: what is drawn is what is visible ----------------------------------------


def big_catalog(tmp_path: Path, source: str, passages: list[str], summary: str = "An officer.") -> Path:
    """One person citing `passages` of one source, written straight as YAML (a safe_dump of
    thousands of passages is slower than the case it sets up)."""
    quoted = "".join(f"  - source: src\n    quote: {quote!r}\n" for quote in passages)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "source.txt").write_text(source, encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        f"people:\n- id: judy\n  name: Judy\n  summary: {summary}\n  passages:\n{quoted}"
        "- id: brian\n  name: Brian\n  summary: Another.\n"
        "sources:\n- id: src\n  name: A source\n  summary: A test source.\n  file: seeds/source.txt\n"
        "  source_kind: news\n",
        encoding="utf-8",
    )
    return catalog


OPEN_THE_READER = """
import asyncio
from tui.app import ImnationApp
from tui.app.places import SourcePlace
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.source_document import SourceDocument

async def waited(pilot, condition):
    for _ in range(1200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out waiting for the app")

async def session():
    app = ImnationApp({path!r})
    async with app.run_test(size=(120, 40)) as pilot:
        await waited(pilot, lambda: isinstance(app.screen, BrowserScreen) and app.search_index is not None)
        app.open_entry("brian")  # (CPU time counts every thread: the index is built first)
        await pilot.pause()
        started = time.process_time()
        app.open_entry("judy")  # the entry and its passages
        await pilot.pause()
        selected = time.process_time() - started
        detail = app.screen.query_one(EntryDetail)
        detail.highlighted = next(
            i for i, o in enumerate(detail.options) if isinstance(getattr(o, "target", None), SourcePlace)
        )
        started = time.process_time()
        await pilot.press("enter")
        await waited(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        opened = time.process_time() - started
        document = app.screen.query_one(SourceDocument)
        await pilot.press("end")  # the last line is reachable
        await pilot.pause()
        last = document.lines[-1].end
        at_end = document.highlighted == len(document.lines) - 1, document.scroll_y == document.max_scroll_y
        return f"{{selected:.3f}} {{opened:.3f}} {{at_end[0]}} {{at_end[1]}} {{document.text[last - 21:last]!r}}"

def run():
    return asyncio.run(session())
"""


def opened_in_the_app(path: Path) -> tuple[float, float, float, list[str]]:
    """Select the entry, open its first passage in the reader, go to the end: the CPU seconds the
    selection and the opening took, the process's peak MB, and what the reader showed."""
    _, peak, said = bounded_run(OPEN_THE_READER.format(path=str(path)))
    selected, opened, *shown = said.split(maxsplit=4)
    return float(selected), float(opened), peak, shown


def test_a_source_of_100k_lines_and_5k_marks_opens_quickly(tmp_path: Path) -> None:
    """Each line looked at every mark, and every line was built and wrapped before anything was
    drawn: 25 s. Now a line is measured without being built, drawn when visible, and finds its
    marks by bisection."""
    text = "Headline\n\n" + "\n".join(f"Line {i} says that person {i} crossed." for i in range(100_000)) + "\n"
    path = big_catalog(tmp_path, text, [f"person {i} crossed" for i in range(0, 100_000, 20)])
    selected, opened, peak, shown = opened_in_the_app(path)
    assert shown == ["True", "True", repr(text.rstrip()[-21:])], shown  # person 99999 crossed.
    assert opened < 2.0 and selected < 2.0 and peak < 300, (selected, opened, peak)


def test_a_five_megabyte_line_opens_quickly_and_scrolls_to_its_end(tmp_path: Path) -> None:
    """One 5 MB line was one option, wrapped whole (22 s) and moved past only as a whole: the
    reader could not scroll beyond its first screen. It is now shown in pieces of at most
    `MAX_LINE_CHARS`, cut at spaces."""
    words = " ".join(f"w{i}" for i in range(800_000))
    text = f"Headline\n\n{words[:2000]} Judy crossed here. {words[2000:]} The end.\n"
    path = big_catalog(tmp_path, text, ["Judy crossed here."])
    selected, opened, peak, shown = opened_in_the_app(path)
    assert shown == ["True", "True", repr(text.rstrip()[-21:])], shown
    assert opened < 2.0 and selected < 2.0 and peak < 300, (selected, opened, peak)


def test_an_entry_with_a_five_megabyte_summary_is_selected_quickly(tmp_path: Path) -> None:
    """The summary was wrapped and drawn whole each time the entry was selected (21 s); a value is
    shown up to `MAX_SHOWN_CHARS`, then says how many characters are left out."""
    summary = " ".join(f"word{i}" for i in range(700_000))
    path = big_catalog(tmp_path, "Headline\n\nJudy crossed here.\n", ["Judy crossed here."], summary)
    selected, opened, peak, shown = opened_in_the_app(path)
    assert shown[:2] == ["True", "True"], shown
    assert opened < 2.0 and selected < 2.0 and peak < 300, (selected, opened, peak)


def test_a_value_longer_than_the_cap_says_how_much_is_not_shown() -> None:
    shown = literal("word " * 5000).plain
    assert shown.startswith("word word") and shown.endswith(f"({25_000 - MAX_SHOWN_CHARS:,} more characters not shown)")
    assert literal("short").plain == "short"

"""The keys the help lists under "Lists" (`j`/`k`/`g`/`G`, `tab` then `enter`) work in every view,
driven through Pilot on the shipped catalog the way a user presses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, Tree

from tests.pilot import until, view_ready
from tui.app import ImnationApp
from tui.app.places import EntryPlace
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.coverage import CoverageScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.locations import LocationsScreen
from tui.app.screens.matrix import MatrixScreen
from tui.app.screens.reader import Backlinks, ReaderScreen
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import NavList
from tui.app.widgets.source_document import SourceDocument
from tui.catalog import load_catalog
from tui.text import one_line

SIZE = (120, 40)
pytestmark = pytest.mark.anyio


def status_text(screen: MatrixScreen) -> str:
    return str(screen.query_one("#matrix-status", Static).render())


def reader_ready(app: ImnationApp) -> bool:
    """The reader is the current screen and shows its document."""
    return isinstance(app.screen, ReaderScreen) and bool(app.screen.query(SourceDocument)) and (
        app.screen.query_one(SourceDocument).option_count > 0
    )


def first_enabled(options: NavList) -> int:
    return next(i for i, option in enumerate(options.options) if not option.disabled)


async def test_matrix_moves_with_j_k_g_shift_g_and_the_status_follows(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MatrixScreen))
        screen = app.screen
        table = screen.query_one(DataTable)
        assert table.row_count > 3

        def row_entry() -> str:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        def status_names_row() -> bool:
            return one_line(screen.catalog.entries[row_entry()].name) in status_text(screen)

        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await until(pilot, status_names_row)
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("right", "G")
        assert table.cursor_row == table.row_count - 1
        assert table.cursor_column == 1  # the episode column stays
        await until(pilot, status_names_row)
        await pilot.press("g")
        assert table.cursor_row == 0
        await until(pilot, status_names_row)


async def test_locations_move_with_j_k_g_shift_g(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LocationsScreen))
        tree = app.screen.query_one(Tree)
        await until(pilot, lambda: tree.cursor_line == 1)  # the first location, under its region
        await pilot.press("j", "j", "j")
        assert tree.cursor_line == 4
        await pilot.press("k")
        assert tree.cursor_line == 3
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        assert tree.cursor_line == 0
        # `enter` after `j`s opens the entry the cursor moved to, not the first row.
        await pilot.press("j", "j", "j")
        wanted = tree.cursor_node.data
        assert wanted is not None and wanted != tree.get_node_at_line(1).data
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == wanted


async def test_coverage_lists_highlight_on_tab_and_move_with_vim_keys(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, CoverageScreen) and view_ready(app))
        screen = app.screen
        sources = screen.query_one("#coverage-sources", DataTable)
        await pilot.press("j")  # the table of sources moves with j/k/g/G too
        assert sources.cursor_row == 1
        await pilot.press("G")
        assert sources.cursor_row == sources.row_count - 1
        await pilot.press("g")
        assert sources.cursor_row == 0
        uncited = screen.query_one("#uncited", NavList)
        assert uncited.option_count > 2
        await pilot.press("tab", "tab")  # past the table of sources and the tabs
        await until(pilot, lambda: uncited.has_focus)
        assert uncited.highlighted == 0
        await pilot.press("j", "j")
        assert uncited.highlighted == 2
        await pilot.press("G")
        assert uncited.highlighted == uncited.option_count - 1
        await pilot.press("k", "g")
        assert uncited.highlighted == 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_tab_into_the_entry_detail_highlights_its_first_stop(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # subjects: the first has links
        await pilot.pause()
        detail = app.screen.query_one(EntryDetail)
        assert detail.highlighted is None
        await pilot.press("tab")
        await until(pilot, lambda: detail.has_focus)
        stop = first_enabled(detail)
        assert detail.highlighted == stop  # the first *enabled* option: the header is skipped
        target = detail.highlighted_target
        assert isinstance(target, EntryPlace)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one(EntryDetail).entry_id == target.entry_id)


async def test_tab_into_cited_by_highlights_the_first_entry(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    anchor = catalog.anchors_of("bernardo")[0]
    citing = catalog.citing(anchor.source_id, anchor.start, anchor.end)
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.open_source(anchor.source_id, anchor.start, anchor.end)
        await until(pilot, lambda: reader_ready(app))
        backlinks = app.screen.query_one(Backlinks)
        assert [o.id for o in backlinks.options] == citing
        await pilot.press("tab")
        await until(pilot, lambda: backlinks.has_focus)
        assert backlinks.highlighted == 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == citing[0]


async def test_choosing_a_cited_paragraph_puts_the_cursor_on_its_first_citer(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    anchor = catalog.anchors_of("bernardo")[0]
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.open_source(anchor.source_id)
        await until(pilot, lambda: reader_ready(app))
        document = app.screen.query_one(SourceDocument)
        document.highlighted = document.line_at(anchor.start)
        await pilot.press("enter")
        backlinks = app.screen.query_one(Backlinks)
        await until(pilot, lambda: backlinks.has_focus)
        assert backlinks.highlighted == 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))


async def test_help_scrolls_to_the_bottom_and_top_with_shift_g_and_g(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        box = app.screen.query_one("#help-box", VerticalScroll)
        await until(pilot, lambda: box.max_scroll_y > 0)
        await pilot.press("G")
        await until(pilot, lambda: box.scroll_y == box.max_scroll_y)
        await pilot.press("g")
        await until(pilot, lambda: box.scroll_y == 0)


async def test_reader_header_shows_the_line_under_the_cursor(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    anchor = catalog.anchors_of("bernardo")[0]
    text = catalog.texts[anchor.source_id]
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.open_source(anchor.source_id, anchor.start, anchor.end)
        await until(pilot, lambda: reader_ready(app))
        reader = app.screen
        document = reader.query_one(SourceDocument)
        title = reader.query_one("#reader-title", Static)
        marks = document.marks
        mark = f"mark {marks.index((anchor.start, anchor.end)) + 1}/{len(marks)}"

        def header_line_is_cursor_line() -> bool:
            shown = str(title.render())
            return mark in shown and f"line {text.line_of(document.cursor_span[0])}" in shown

        await until(pilot, header_line_is_cursor_line)
        for keys in (["G"], ["g"], ["j", "j"]):
            before = document.highlighted
            await pilot.press(*keys)
            assert document.highlighted != before
            await until(pilot, header_line_is_cursor_line)


async def test_cited_by_heading_and_body_agree(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, CoverageScreen) and view_ready(app))
        await pilot.press("tab", "tab", "enter")  # an uncited paragraph, opened as the current span
        await until(pilot, lambda: reader_ready(app))
        backlinks = app.screen.query_one(Backlinks)
        assert backlinks.option_count == 1 and backlinks.options[0].disabled
        title, body = str(backlinks.border_title), str(backlinks.options[0].prompt)
        assert title.startswith("Cited by (0)")
        noun = "passage" if "passage" in title else "paragraph"
        assert f"this {noun}" in title and body == f"No entry cites this {noun}."

"""The search overlay driven through Pilot: counts, every hit reachable, the last query kept."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.pilot import until
from tui.app import ImnationApp
from tui.app.screens.search import RESULT_PAGE, ResultList, SearchScreen
from tui.catalog import load_catalog

SIZE = (120, 40)
pytestmark = pytest.mark.anyio


async def search(pilot, app: ImnationApp, query: str) -> SearchScreen:
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(app.screen, SearchScreen))
    await pilot.press(*query)
    await until(pilot, lambda: app.screen.shown_query == query and app.screen.total is not None)  # type: ignore[attr-defined]
    assert isinstance(app.screen, SearchScreen)
    return app.screen


def status(overlay: SearchScreen) -> str:
    return str(overlay.query_one("#search-status", Static).render())


async def test_one_hit_reads_1_result(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        overlay = await search(pilot, app, "fugitive ops")
        assert len(overlay.hits) == 1
        assert status(overlay).startswith("1 result ")


async def test_the_total_is_told_and_every_hit_can_be_reached(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        overlay = await search(pilot, app, "the")
        total = overlay.total
        assert total > 2 * RESULT_PAGE and len(overlay.hits) == RESULT_PAGE
        assert status(overlay).startswith(f"{total} results · {RESULT_PAGE} shown")
        results = overlay.query_one(ResultList)
        for _ in range(total):  # page down to the very end: the list loads as it goes
            if results.highlighted == total - 1:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        await until(pilot, lambda: len(overlay.hits) == total == results.option_count)
        assert results.highlighted == total - 1
        assert len({(hit.id, hit.start) for hit in overlay.hits}) == total
        assert status(overlay).startswith(f"{total} results · ↑↓")


async def test_the_first_page_is_shown_before_the_hits_are_counted(
    shipped_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting every hit takes several times as long as finding a page of them: the page comes
    first, the count follows."""
    app = ImnationApp(shipped_catalog)
    counting = threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.search_index is not None)
        index = app.search_index
        assert index is not None
        count = index.count
        monkeypatch.setattr(index, "count", lambda query: counting.wait(10) and count(query))
        overlay = await search_without_count(pilot, app, "the")
        assert len(overlay.hits) == RESULT_PAGE and overlay.total is None
        assert status(overlay).startswith(f"{RESULT_PAGE}+ results (counting)")
        counting.set()
        await until(pilot, lambda: overlay.total is not None)
        assert overlay.total == count("the") > RESULT_PAGE
        assert status(overlay).startswith(f"{overlay.total} results · {RESULT_PAGE} shown")


async def test_a_search_holds_no_thread_while_it_waits_to_count(shipped_catalog: Path) -> None:
    """Workers share a few threads (the event loop's executor): a search that slept there until
    typing paused made the next keys' searches wait for a thread (up to 90 ms at 10k entries)."""
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.search_index is not None)
        overlay = await search_without_count(pilot, app, "the")
        assert overlay.total is None  # to be counted once typing pauses
        await pilot.pause(0.05)
        assert not any(worker.is_running for worker in app.workers if worker.group == "search")
        await until(pilot, lambda: overlay.total is not None)


async def test_a_count_that_arrives_after_the_overlay_closed_is_dropped(
    shipped_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ImnationApp(shipped_catalog)
    started, counting, counted = threading.Event(), threading.Event(), threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.search_index is not None)
        index = app.search_index
        assert index is not None
        count = index.count

        def late_count(query: str) -> int:
            started.set()
            counting.wait(10)
            counted.set()
            return count(query)

        monkeypatch.setattr(index, "count", late_count)
        overlay = await search_without_count(pilot, app, "the")
        await until(pilot, started.is_set)  # the count is under way (it starts once typing pauses)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen))
        counting.set()
        await until(pilot, counted.is_set)
        await pilot.pause(0.1)
        assert overlay.total is None and app.is_running  # (a failed worker would end the test with it)
        await pilot.press("slash")  # and searching goes on
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.shown_query == "the")


async def search_without_count(pilot, app: ImnationApp, query: str) -> SearchScreen:
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(app.screen, SearchScreen))
    await pilot.press(*query)
    await until(pilot, lambda: app.screen.shown_query == query)  # type: ignore[attr-defined]
    assert isinstance(app.screen, SearchScreen)
    return app.screen


async def test_reopening_shows_the_last_query_and_its_results(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        first = await search(pilot, app, "judy")
        hits = [hit.id for hit in first.hits]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen))
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.shown_query == "judy")
        assert app.screen.query_one(Input).value == "judy"
        assert [hit.id for hit in app.screen.hits] == hits  # type: ignore[attr-defined]


async def test_a_kind_alone_lists_it_and_an_unknown_kind_says_so(shipped_catalog: Path) -> None:
    subjects = {entry.id for entry in load_catalog(shipped_catalog).of_kind("subject")}
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        overlay = await search(pilot, app, "@subject")
        assert overlay.total == len(subjects) and {hit.id for hit in overlay.hits} <= subjects
        await pilot.press(*" judy")
        await until(pilot, lambda: overlay.shown_query == "@subject judy" and overlay.total is not None)
        overlay.query_one(Input).value = "@bogus judy"
        await until(pilot, lambda: overlay.shown_query == "@bogus judy")
        assert overlay.hits == [] and "'bogus'" in status(overlay)

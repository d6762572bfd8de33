"""Find in the reader, driven through Pilot: every match lit, enter / shift+enter step, esc closes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.pilot import until
from tui.app import ImnationApp
from tui.app.places import SourcePlace
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import ResultList, SearchScreen
from tui.app.widgets.find_bar import FindBar, matches
from tui.app.widgets.source_document import FOUND_STYLE, SourceDocument
from tui.catalog import load_catalog

SIZE = (120, 40)
pytestmark = pytest.mark.anyio
WORD = "ice"


def test_matches_ignore_case_and_a_blank_query_finds_nothing() -> None:
    assert matches("ICE and Ice, nice", "ice") == [(0, 3), (8, 11), (14, 17)]
    assert matches("anything", "  ") == []


async def open_reader(pilot, app: ImnationApp, source_id: str) -> ReaderScreen:
    app.open_place(SourcePlace(source_id))
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


@pytest.mark.parametrize("key", ["ctrl+f", "f"])
async def test_find_lights_every_match_and_steps_through_them(shipped_catalog: Path, key: str) -> None:
    catalog = load_catalog(shipped_catalog)
    source_id = next(s for s, t in catalog.texts.items() if len(re.findall(WORD, t.text, re.I)) >= 3)
    expected = [m.start() for m in re.finditer(WORD, catalog.texts[source_id].text, re.I)]
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, source_id)
        document = reader.query_one(SourceDocument)
        await pilot.press(key)
        bar = reader.query_one(FindBar)
        await until(pilot, lambda: bar.query_one(Input).has_focus)
        await pilot.press(*WORD)
        await until(pilot, lambda: len(bar.found) == len(expected))
        assert [start for start, _ in bar.found] == expected
        lit = [line for line in range(document.option_count) if FOUND_STYLE in repr(document.line_content(line))]
        assert lit == sorted({document.line_at(start) for start in expected})
        assert document.highlighted == document.line_at(expected[0])
        await pilot.press("enter")
        assert document.highlighted == document.line_at(expected[1]) and bar.index == 1
        await pilot.press("shift+enter")
        await pilot.press("shift+enter")
        assert bar.index == len(expected) - 1 and document.highlighted == document.line_at(expected[-1])
        await pilot.press("escape")
        await until(pilot, lambda: document.has_focus)
        assert isinstance(app.screen, ReaderScreen) and document.found == [] and not bar.display


def test_a_space_in_the_query_matches_any_run_of_whitespace() -> None:
    assert matches("detention\n  center, detention center", "Detention center") == [(0, 18), (20, 36)]


@pytest.mark.parametrize("query", ["detention center", "detenton center"])  # a typo: the engine's words
async def test_a_hit_in_the_source_text_opens_the_reader_finding_its_words(shipped_catalog: Path, query: str) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *query)
        overlay = app.screen
        assert isinstance(overlay, SearchScreen)
        await until(pilot, lambda: overlay.shown_query == query)
        index = next(i for i, hit in enumerate(overlay.hits) if hit.field == "text")
        hit = overlay.hits[index]
        assert hit.source_id is not None and hit.start is not None
        overlay.query_one(ResultList).highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        bar, document = reader.query_one(FindBar), reader.query_one(SourceDocument)
        await until(pilot, lambda: bar.query_one(Input).has_focus)
        assert bar.query_one(Input).value == "detention center"
        text = document.text
        expected = matches(text, "detention center")
        assert len(expected) >= 2 and bar.found == expected and document.found == expected
        lit = [line for line in range(document.option_count) if FOUND_STYLE in repr(document.line_content(line))]
        assert lit == sorted({document.line_at(start) for start, _ in expected})
        at = hit.start + hit.positions[0]  # the cursor is on the word the hit matched
        assert bar.index is not None and bar.found[bar.index].start == at
        assert document.highlighted == document.line_at(at)
        await pilot.press("enter")
        assert bar.index is not None and bar.found[bar.index].start > at or bar.index == 0
        await pilot.press("escape")
        await until(pilot, lambda: document.has_focus)
        assert document.found == [] and not bar.display

"""The overview screens: appearance matrix, locations by region, source coverage."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static, TabbedContent, Tree

from tests.helpers import DEFAULT_SOURCE_TEXT, make_catalog
from tui.app.messages import Navigate
from tui.app.places import EntryPlace, SourcePlace
from tui.app.screens.coverage import CoverageScreen, coverage_bar
from tui.app.screens.locations import LocationsScreen
from tui.app.screens.matrix import ABSENT, NAME_COLUMN, NOT_DESCRIBED, PRESENT, WHO_COLUMN, MatrixScreen
from tui.catalog import Catalog, load_catalog
from tui.catalog.relations import NO_REGION, appearances


def episode(number: int, described: bool = True, **links: list[str]) -> dict:
    return {"id": f"episode-{number}", "number": number, "name": f"Episode {number}",
            "summary": "An episode.", "described": described, **links}


def place(id: str, name: str, region: str | None, **links: list[str]) -> dict:
    return {"id": id, "name": name, "summary": "A place.", **({"region": region} if region else {}), **links}


ENTRIES = {
    # The director's link is written on the episode's side: links count either way.
    "episodes": [episode(1), episode(2, people=["director"]), episode(3, described=False)],
    "subjects": [
        {"id": "extra", "name": "Extra Person", "summary": "On screen only through a scene."},
        {"id": "judy", "name": "Judy Smith", "main": True, "summary": "Met the officers.",
         "episodes": ["episode-1"], "locations": ["charlotte"],
         "passages": [{"source": "src", "quote": "Judy Smith met the officers in Charlotte."}]},
    ],
    "people": [
        {"id": "director", "name": "[b]Director[/b]", "summary": "Made the series."},
        {"id": "critic", "name": "A Critic", "summary": "Wrote about the series; in no episode."},
    ],
    "locations": [
        place("charlotte", "Charlotte", "North Carolina"),
        place("raleigh", "Raleigh", "North Carolina"),
        place("nyc", "New York City", "New York", episodes=["episode-1"]),
        place("nowhere", "Nowhere", None),
    ],
    "scenes": [
        {"id": "courtroom", "name": "The courtroom", "summary": "A hearing.", "episodes": ["episode-2"],
         "subjects": ["extra"], "locations": ["raleigh"]},
    ],
}


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return load_catalog(make_catalog(tmp_path, ENTRIES))


class Host(App[None]):
    """Shows one screen and records the navigation messages it posts."""

    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.shown = screen
        self.opened: list[tuple[object, ...]] = []

    def on_mount(self) -> None:
        self.push_screen(self.shown)

    def on_navigate(self, message: Navigate) -> None:
        place = message.place
        if isinstance(place, EntryPlace):
            self.opened.append(("entry", place.entry_id))
        elif isinstance(place, SourcePlace):
            self.opened.append(("source", place.source_id, place.start, place.end))


def cell(table: DataTable, row: str, column: str) -> str:
    value = table.get_cell(row, column)
    assert isinstance(value, Text)  # literal text, never a markup string
    return value.plain.strip()


# -- matrix -------------------------------------------------------------------------------------
def test_appearances_count_links_either_way_and_through_scenes(catalog: Catalog) -> None:
    assert set(appearances(catalog, "judy")) == {"episode-1"}
    assert set(appearances(catalog, "director")) == {"episode-2"}  # written on the episode
    through = appearances(catalog, "extra")["episode-2"]
    assert (through.direct, through.scenes) == (None, ("courtroom",))


@pytest.mark.anyio
async def test_matrix_marks_appearances_and_what_the_sources_do_not_say(catalog: Catalog) -> None:
    app = Host(MatrixScreen(catalog))
    async with app.run_test(size=(100, 30)):
        table = app.screen.query_one(DataTable)
        rows = [str(key.value) for key in table.rows]
        assert rows == ["judy", "extra", "director", "critic"]  # main subject first, people last
        assert [cell(table, "judy", e) for e in ("episode-1", "episode-2", "episode-3")] == [
            PRESENT, ABSENT, NOT_DESCRIBED
        ]
        assert [cell(table, "extra", e) for e in ("episode-1", "episode-2", "episode-3")] == [
            ABSENT, PRESENT, NOT_DESCRIBED
        ]
        assert cell(table, "director", "episode-2") == PRESENT
        assert cell(table, "director", NAME_COLUMN) == "[b]Director[/b]"
        assert cell(table, "judy", NAME_COLUMN) == "★ Judy Smith"
        assert [cell(table, row, WHO_COLUMN) for row in rows] == ["subject", "subject", "person", "person"]
        labels = [column.label.plain for column in table.columns.values()]
        assert labels == ["Name", "E1", "E2", f"E3{NOT_DESCRIBED}", "Who"]
        legend = app.screen.query_one("#matrix-legend", Static).render()
        assert "the sources do not say" in str(legend)


@pytest.mark.anyio
async def test_matrix_can_hide_who_is_in_no_episode_and_keeps_the_cursor(catalog: Catalog) -> None:
    app = Host(MatrixScreen(catalog))
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("director"), column=table.get_column_index("episode-2"))
        await pilot.press("a")
        assert [str(key.value) for key in table.rows] == ["judy", "extra", "director"]
        assert "1 hidden" in str(app.screen.query_one("#matrix-title", Static).render())
        assert table.coordinate_to_cell_key(table.cursor_coordinate) == ("director", "episode-2")
        await pilot.press("a")
        assert table.row_count == 4


@pytest.mark.anyio
async def test_matrix_enter_opens_the_row_or_the_episode_and_explains_the_cell(catalog: Catalog) -> None:
    app = Host(MatrixScreen(catalog))
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        await pilot.press("enter")  # cursor starts on the first row's name
        table.move_cursor(row=table.get_row_index("extra"), column=table.get_column_index("episode-2"))
        await pilot.pause()
        assert app.screen.current_entry_id == "extra"  # what `e` would edit
        status = str(app.screen.query_one("#matrix-status", Static).render())
        assert "Extra Person" in status and "through scene “The courtroom”" in status
        await pilot.press("enter")
        table.move_cursor(row=0, column=table.get_column_index("episode-3"))
        await pilot.pause()
        assert "the sources do not say" in str(app.screen.query_one("#matrix-status", Static).render())
    assert app.opened == [("entry", "judy"), ("entry", "episode-2")]


# -- locations ----------------------------------------------------------------------------------
def tree_labels(node) -> list[object]:
    return [(child.label.plain, tree_labels(child)) if child.children else child.label.plain for child in node.children]


@pytest.mark.anyio
async def test_locations_grouped_by_region_with_linked_entries(catalog: Catalog) -> None:
    app = Host(LocationsScreen(catalog))
    async with app.run_test(size=(100, 30)) as pilot:
        tree = app.screen.query_one(Tree)
        regions = [node.label.plain.split("  ")[0] for node in tree.root.children]
        assert regions == ["New York", "North Carolina", NO_REGION]
        carolina = tree.root.children[1]
        places = {node.data: [leaf.label.plain.split() for leaf in node.children] for node in carolina.children}
        assert list(places) == ["charlotte", "raleigh"]
        assert places["charlotte"] == [["subject", "Judy", "Smith"]]
        assert places["raleigh"] == [["episode", "Episode", "2"]]  # through the courtroom scene
        assert tree.root.children[2].children[0].data == "nowhere"
        await pilot.press("enter")  # the cursor starts on the first place: New York City
        assert app.screen.current_entry_id == "nyc"
        await pilot.press("down", "enter")  # its episode
        await pilot.press("down", "down", "enter")  # North Carolina > Charlotte
        await pilot.press("up", "enter")  # a region folds instead
        assert not carolina.is_expanded
    assert app.opened == [("entry", "nyc"), ("entry", "episode-1"), ("entry", "charlotte")]


# -- coverage -----------------------------------------------------------------------------------
def test_coverage_bar_fills_its_share() -> None:
    assert coverage_bar(1, 4, width=8).plain == "██░░░░░░"
    assert coverage_bar(0, 0, width=4).plain == "░░░░"


@pytest.mark.anyio
async def test_coverage_shows_numbers_and_opens_uncited_paragraphs(catalog: Catalog) -> None:
    app = Host(CoverageScreen(catalog))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await screen.workers.wait_for_complete()  # coverage is computed in a thread
        await pilot.pause()
        assert "1 of 3 paragraphs cited (33%)" in str(screen.query_one("#coverage-title", Static).render())
        table = screen.query_one("#coverage-sources", DataTable)
        assert table.get_row("src")[2].plain == "1/3"
        uncited = screen.query_one("#uncited", OptionList)
        assert [str(uncited.get_option_at_index(i).prompt) for i in range(uncited.option_count)] == [
            "line    1  A Headline About the Series",
            "line    5  Later, Judy Smith met the officers again, in Charlotte, and spoke to the filmmakers.",
        ]
        tabs = screen.query_one(TabbedContent)
        # Charlotte twice (Judy's passage is not Charlotte's), Judy once outside her passage.
        assert str(tabs.get_tab("tab-mentions").label) == "Unlinked mentions (3)"
        assert screen.current_entry_id == "src"
        await pilot.press("enter")  # the source row: open the whole source
        uncited.focus()
        uncited.highlighted = 1
        await pilot.press("enter")
    last = DEFAULT_SOURCE_TEXT.index("Later")
    assert app.opened == [("source", "src", None, None), ("source", "src", last, len(DEFAULT_SOURCE_TEXT) - 1)]

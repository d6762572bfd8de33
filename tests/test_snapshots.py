"""Screenshots of the main views, compared with the baselines in __snapshots__/: the browser, an
entry and the reader at every size the layout has a breakpoint for (40x12 up to 200x60), the others
at 120x40.

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update` and
look at the report before committing the new baselines.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.helpers import SHIPPED_CATALOG
from tests.pilot import until
from tui.app import ImnationApp
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import SearchScreen
from tui.catalog import load_catalog

SIZE = (120, 40)


def app(open_id: str | None = None) -> ImnationApp:
    instance = ImnationApp(SHIPPED_CATALOG, open_id)
    instance.theme = "textual-dark"  # not $TEXTUAL_THEME: the pictures must not depend on it
    return instance


async def settle(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Wait for `condition` (failing the test if it never holds), then one more refresh."""
    await until(pilot, condition)
    await pilot.pause()


SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_browser(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, press=["2"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_entry_detail(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(app("bernardo"), terminal_size=size, press=["down"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_source_reader_at_a_passage(snap_compare, size: tuple[int, int]) -> None:
    anchor = load_catalog(SHIPPED_CATALOG).anchors_of("bernardo")[0]

    async def open_reader(pilot) -> None:
        pilot.app.open_source(anchor.source_id, anchor.start, anchor.end)
        await settle(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))

    assert snap_compare(app(), terminal_size=size, run_before=open_reader)


def test_sources_list_with_short_labels(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=(100, 20), press=["9"])


def test_problems_panel_above_the_footer(snap_compare, tmp_path, monkeypatch) -> None:
    shutil.copytree(SHIPPED_CATALOG.parent / "seeds", tmp_path / "seeds")
    text = SHIPPED_CATALOG.read_text(encoding="utf-8").replace('quote: "the ', 'quote: "teh ', 4)  # no longer match
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the header and the problems name it catalog.yaml
    instance = ImnationApp(tmp_path / "catalog.yaml")
    instance.theme = "textual-dark"
    assert snap_compare(instance, terminal_size=(80, 24), press=["2"])


def test_search_overlay_with_results(snap_compare) -> None:
    async def search(pilot) -> None:
        await pilot.press("slash")
        await settle(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
        pilot.app.screen.query_one("Input").cursor_blink = False
        await pilot.press(*"schwarz")
        await settle(pilot, lambda: pilot.app.screen.shown_query == "schwarz")

    assert snap_compare(app(), terminal_size=SIZE, run_before=search)


def test_matrix(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["m"])


def test_help(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["question_mark"])

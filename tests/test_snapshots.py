"""Screenshots of the main views at 120x40, compared with the baselines in __snapshots__/.

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update` and
look at the report before committing the new baselines.
"""

from __future__ import annotations

from collections.abc import Callable

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


def test_main_browser(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["2"])


def test_entry_detail(snap_compare) -> None:
    assert snap_compare(app("bernardo"), terminal_size=SIZE, press=["down"])


def test_source_reader_at_a_passage(snap_compare) -> None:
    anchor = load_catalog(SHIPPED_CATALOG).anchors_of("bernardo")[0]

    async def open_reader(pilot) -> None:
        pilot.app.open_source(anchor.source_id, anchor.start, anchor.end)
        await settle(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))

    assert snap_compare(app(), terminal_size=SIZE, run_before=open_reader)


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

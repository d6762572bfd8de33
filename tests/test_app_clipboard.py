"""Copy a passage with its citation (`y`, `Y`, the palette) in the running app, and what a
browser session hides. Pilot tests: what `copy_to_clipboard` received and what the toast said."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_catalog
from tests.pilot import notifications, palette_results, until
from tui.app import ImnationApp
from tui.app.clipboard import CitationFormatScreen, CopyByHandScreen, osc52_unreachable
from tui.app.places import SourcePlace
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.search import ResultList, SearchScreen
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import TargetOption
from tui.catalog import load_catalog
from tui.catalog.citation import cite, format_citation
from tui.serve import BROWSER_SESSION

SIZE = (120, 40)
pytestmark = pytest.mark.anyio

TEXT = (
    "Raid at Dawn\n"
    "\n"
    "Judy Smith met the officers in Charlotte. She said she was not going anywhere.\n"
    "\n"
    "Later, Judy Smith met the officers again, in Charlotte, and spoke to the filmmakers.\n"
)
QUOTE = "met the officers in Charlotte"


@pytest.fixture
def catalog_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("TERM_PROGRAM", "VTE_VERSION", BROWSER_SESSION):  # a terminal OSC 52 reaches
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    entries = {
        "sources": [
            {"id": "src", "name": "Raid at Dawn", "summary": "A report.", "file": "seeds/source.txt",
             "source_kind": "news", "outlet": "The Daily Bugle", "author": "Ann Reporter", "published": "2020-08-03"}
        ],
        "subjects": [
            {"id": "judy", "name": "Judy Smith", "summary": "An officer.",
             "passages": [{"source": "src", "quote": QUOTE}]}
        ],
    }
    return make_catalog(tmp_path, entries, TEXT)


class Clipboard:
    """Stands in for `App.copy_to_clipboard`, keeping what it was given."""

    def __init__(self, app: ImnationApp) -> None:
        self.copied: list[str] = []
        app.copy_to_clipboard = self.copied.append  # type: ignore[method-assign]


def expected(catalog_path: Path, fmt: str = "plain") -> str:
    catalog = load_catalog(catalog_path)
    (anchor,) = catalog.anchors_of("judy")
    return format_citation(cite(catalog, "src", anchor.span), fmt)  # type: ignore[arg-type]


async def at_the_passage(pilot, app: ImnationApp) -> EntryDetail:
    app.open_entry("judy")
    await pilot.pause()
    detail = app.screen.query_one(EntryDetail)
    detail.focus()
    detail.highlighted = next(
        i for i, o in enumerate(detail.options) if isinstance(o, TargetOption) and isinstance(o.target, SourcePlace)
    )
    await pilot.pause()
    return detail


async def test_y_in_the_detail_pane_copies_the_passage_with_its_citation(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        await at_the_passage(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        assert clipboard.copied == [expected(catalog_path)]
        assert clipboard.copied[0] == (
            f"\u201c{QUOTE}\u201d\n\u2014 Raid at Dawn, The Daily Bugle, by Ann Reporter, 2020-08-03, line 3\n"
        )
        assert any(QUOTE in n and "Copied" in n for n in notifications(app))
        assert not isinstance(app.screen, CopyByHandScreen)  # OSC 52 reaches this terminal: no dialog


async def test_Y_offers_the_formats_and_copies_the_chosen_one(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        await at_the_passage(pilot, app)
        await pilot.press("Y")
        await until(pilot, lambda: isinstance(app.screen, CitationFormatScreen))
        await pilot.press("down", "enter")  # plain, markdown, csl: the second
        await until(pilot, lambda: bool(clipboard.copied))
        assert clipboard.copied == [expected(catalog_path, "markdown")]
        assert clipboard.copied[0].startswith(f"> {QUOTE}\n\n\u2014 *Raid at Dawn*, The Daily Bugle")
        await pilot.press("Y")
        await until(pilot, lambda: isinstance(app.screen, CitationFormatScreen))
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: len(clipboard.copied) == 2)
        assert '"container-title": "The Daily Bugle"' in clipboard.copied[1]
        await pilot.press("Y")
        await until(pilot, lambda: isinstance(app.screen, CitationFormatScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert len(clipboard.copied) == 2 and isinstance(app.screen.query_one(EntryDetail), EntryDetail)


async def test_y_where_no_passage_is_under_the_cursor_says_so(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        app.open_entry("judy")
        await pilot.pause()
        app.screen.query_one(EntryDetail).focus()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert clipboard.copied == []
        assert any("passage" in n for n in notifications(app))


async def test_y_in_the_reader_copies_the_current_mark(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        await at_the_passage(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert clipboard.copied == [expected(catalog_path)]


async def test_ctrl_y_in_the_search_overlay_copies_the_chosen_hit(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"filmmakers")  # only an uncited paragraph says it: a source-text hit
        await until(pilot, lambda: app.screen.shown_query == "filmmakers")  # type: ignore[attr-defined]
        assert app.screen.query_one(ResultList).option_count >= 1
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert clipboard.copied and "spoke to the filmmakers" in clipboard.copied[0]
        assert clipboard.copied[0].endswith("line 5\n")
        assert isinstance(app.screen, SearchScreen)  # the overlay stays open: copy, then go on


async def test_the_palette_copies_the_citation_too(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        await at_the_passage(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"Copy citation")
        await until(pilot, lambda: palette_results(app) > 0)
        await pilot.press("enter")
        await until(pilot, lambda: bool(clipboard.copied))
        assert clipboard.copied == [expected(catalog_path)]


async def test_where_osc52_may_not_reach_the_text_is_also_shown_to_copy_by_hand(
    catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    app = ImnationApp(catalog_path)
    async with app.run_test(size=SIZE) as pilot:
        clipboard = Clipboard(app)
        await at_the_passage(pilot, app)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, CopyByHandScreen))
        assert clipboard.copied == [expected(catalog_path)]  # tried all the same
        shown = str(app.screen.query_one("#copy-text").render())
        assert shown == expected(catalog_path).rstrip("\n")
        assert "macOS Terminal" in str(app.screen.query_one("#copy-why").render())
        assert not any("Copied" in n for n in notifications(app))  # no toast over the dialog
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CopyByHandScreen)


@pytest.mark.parametrize(
    ("environ", "reaches"),
    [
        ({"TERM": "xterm-256color"}, True),
        ({"TERM_PROGRAM": "tmux", "TERM": "tmux-256color"}, True),
        ({"TERM_PROGRAM": "iTerm.app"}, True),
        ({"TERM_PROGRAM": "Apple_Terminal", "TERM": "xterm-256color"}, False),
        ({"TERM": "linux"}, False),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7200"}, False),
        ({BROWSER_SESSION: "loopback", "TERM_PROGRAM": "textual"}, True),
        ({BROWSER_SESSION: "public", "TERM_PROGRAM": "textual"}, False),
    ],
)
def test_which_terminals_osc52_reaches(environ: dict[str, str], reaches: bool) -> None:
    assert (osc52_unreachable(environ) is None) is reaches


# -- a browser session -----------------------------------------------------------------------------


def footer_keys(app: ImnationApp) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


async def test_a_browser_session_hides_e_and_explains_why_when_pressed(catalog_path: Path) -> None:
    terminal = ImnationApp(catalog_path)
    async with terminal.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "e" in footer_keys(terminal)
    app = ImnationApp(catalog_path, in_browser=True)
    edited: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "e" not in footer_keys(app)
        import tui.app.app as app_module

        original, app_module.edit_entry = app_module.edit_entry, lambda *a, **k: edited.append(a)  # type: ignore[assignment]
        try:
            await pilot.press("e")
            await pilot.pause()
        finally:
            app_module.edit_entry = original
        assert edited == []
        assert any("browser" in n for n in notifications(app))
        assert "edit" not in [b.action for _, bindings in app.binding_groups() for b in bindings]
    assert "edit" in [b.action for _, bindings in terminal.binding_groups() for b in bindings]

"""The browser app driven through Textual's Pilot: every capability a user relies on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Input

from tests.helpers import make_catalog
from tests.pilot import notifications, palette_results, panel_text, until
from tui.app import ImnationApp
from tui.app.places import EntryPlace, Place, SourcePlace
from tui.app.screens.browser import BrowserScreen, EntryList, SectionList
from tui.app.screens.help import HelpScreen
from tui.app.screens.load_failed import LoadFailedScreen
from tui.app.screens.matrix import MatrixScreen
from tui.app.screens.reader import Backlinks, ReaderScreen
from tui.app.screens.search import ResultList, SearchScreen
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import TargetOption
from tui.app.widgets.source_document import CURRENT_STYLE, SourceDocument
from tui.catalog import load_catalog
from tui.catalog.schema import KINDS, SECTION_OF_KIND
from tui.text import visible

SIZE = (120, 40)
pytestmark = pytest.mark.anyio


# -- helpers --------------------------------------------------------------------------------------


def rendered(widget: Widget) -> str:
    """What the widget shows on screen (border included), as plain text, line by line; row y
    of the result is offset y of the widget for `pilot.click`."""
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(strip.text for strip in strips)


def detail_text(app: ImnationApp) -> str:
    """Every line of the detail pane's content (not only the visible part)."""
    detail = app.screen.query_one(EntryDetail)
    return "\n".join(str(option.prompt) for option in detail.options)


def stops(detail: EntryDetail, want: type | Place) -> list[int]:
    """Indexes of the detail's stops that open a place of type `want`, or exactly the place `want`
    (an excerpt of several passages counts for each of them)."""
    return [
        i
        for i, option in enumerate(detail.options)
        if isinstance(option, TargetOption)
        and (
            isinstance(option.target, want)
            if isinstance(want, type)
            else option.target == want or want in getattr(option, "spans", ())
        )
    ]


def link_target(option: object) -> str:
    """The entry a link stop of the detail opens."""
    assert isinstance(option, TargetOption) and isinstance(option.target, EntryPlace)
    return option.target.entry_id


def first_shown(catalog, entry_id: str):  # type: ignore[no-untyped-def]
    """The entry's passage the detail shows first: the first source's, first in reading order."""
    order = list(catalog.sources)
    return min(catalog.anchors_of(entry_id), key=lambda a: (order.index(a.source_id), a.start, a.end))


async def open_passage(pilot, app: ImnationApp, entry_id: str) -> ReaderScreen:
    """Open an entry and choose its first passage with the keyboard."""
    app.open_entry(entry_id)
    await pilot.pause()
    detail = app.screen.query_one(EntryDetail)
    detail.highlighted = stops(detail, SourcePlace)[0]
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


async def search(pilot, app: ImnationApp, query: str) -> None:
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(app.screen, SearchScreen))
    await pilot.press(*query)
    await until(pilot, lambda: app.screen.shown_query == query)  # type: ignore[attr-defined]


# -- main browser ---------------------------------------------------------------------------------


async def test_sections_show_every_kind_with_its_count(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sections = rendered(app.screen.query_one(SectionList))
        for kind in KINDS:
            assert SECTION_OF_KIND[kind].capitalize() in sections
            row = next(line for line in sections.splitlines() if SECTION_OF_KIND[kind].capitalize() in line)
            assert row.replace("│", " ").split()[-1] == str(catalog.counts()[kind])


async def test_switching_section_lists_its_entries_in_display_order(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # Subjects
        await pilot.pause()
        entries = app.screen.query_one(EntryList)
        assert entries.kind == "subject"
        assert [o.id for o in entries.options] == [e.id for e in catalog.of_kind("subject")]
        assert all(e.main for e in catalog.of_kind("subject")[:4])  # the four main subjects lead
        await pilot.press("j")
        await pilot.pause()
        second = catalog.of_kind("subject")[1]
        assert app.screen.query_one(EntryDetail).entry_id == second.id  # the detail follows the cursor
        # The section list works with the keyboard too: tab back to it and move down.
        await pilot.press("shift+tab", "down")
        await pilot.pause()
        assert entries.kind == "person"


async def test_enter_opens_the_entry_with_name_summary_links_and_passages(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        first = catalog.of_kind("subject")[0]
        detail = app.screen.query_one(EntryDetail)
        assert detail.has_focus and detail.entry_id == first.id
        text = detail_text(app)
        assert visible(first.name) in text and "subject" in text
        assert " ".join(visible(first.summary).split()) in " ".join(text.split())
        for link in catalog.links_of(first.id):
            assert EntryPlace(link.target_id) in [getattr(o, "target", None) for o in detail.options]
        anchors = catalog.anchors_of(first.id)
        assert all(stops(detail, SourcePlace(a.source_id, a.start, a.end)) for a in anchors)  # each reachable
        assert f"line {anchors[0].line}" in text and visible(catalog.sources[anchors[0].source_id].name) in text


async def test_following_a_link_with_the_keyboard_and_the_mouse(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    app = ImnationApp(shipped_catalog, open_id="bernardo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(EntryDetail)
        assert detail.has_focus and detail.highlighted is None  # the header is in view, no stop chosen
        await pilot.press("down")
        assert isinstance(detail.highlighted_target, EntryPlace)  # the first stop is the first link
        target = detail.highlighted_target.entry_id
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(EntryDetail).entry_id == target
        assert app.screen.query_one(EntryList).kind == catalog.kind(target)

        # Mouse: click the row that shows a link's name.
        app.open_entry("bernardo")
        await pilot.pause()
        link_index = stops(detail, EntryPlace)[-1]
        target = link_target(detail.options[link_index])
        detail.highlighted = link_index
        await pilot.pause()
        name = catalog.entries[target].name
        row = next(y for y, line in enumerate(rendered(detail).splitlines()) if name in line)
        await pilot.click(EntryDetail, offset=(6, row))
        await pilot.pause()
        assert app.screen.query_one(EntryDetail).entry_id == target


async def test_episode_and_discrepancy_details(tmp_path: Path) -> None:
    text = "Alpha said the raid took a week. Beta said the raid took a day. Nothing else.\n"
    path = make_catalog(
        tmp_path,
        {
            "episodes": [
                {"id": "episode-2", "number": 2, "name": "Episode 2", "summary": "Unknown.", "described": False}
            ],
            "discrepancies": [
                {
                    "id": "raid-length",
                    "name": "Raid length",
                    "question": "How long did the raid take?",
                    "summary": "Two answers.",
                    "claims": [
                        {"claim": "A week", "passages": [{"source": "src", "quote": "the raid took a week"}]},
                        {"claim": "A day", "passages": [{"source": "src", "quote": "the raid took a day"}]},
                    ],
                },
            ],
            "subjects": [
                {
                    "id": "alpha",
                    "name": "Alpha",
                    "summary": "Speaks.",
                    "passages": [{"source": "src", "quote": "words nowhere in the source"}],
                }
            ],
        },
        source_text=text,
    )
    app = ImnationApp(path, open_id="episode-2")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Not described: the sources say nothing specific" in detail_text(app)
        app.open_entry("raid-length")
        await pilot.pause()
        assert "How long did the raid take?" in detail_text(app)
        # Each claim is followed by its own passage.
        detail = app.screen.query_one(EntryDetail)
        prompts = [str(option.prompt) for option in detail.options]
        week, day = (
            SourcePlace("src", text.index(q), text.index(q) + len(q))
            for q in ("the raid took a week", "the raid took a day")
        )
        order = [next(i for i, p in enumerate(prompts) if "Claim 1: A week" in p), stops(detail, week)[0],
                 next(i for i, p in enumerate(prompts) if "Claim 2: A day" in p), stops(detail, day)[0]]
        assert order == sorted(order)
        app.open_entry("alpha")
        await pilot.pause()
        shown = detail_text(app)
        assert "drifted words nowhere in the source" in shown
        assert "quote not found in 'src'" in shown  # the loader's problem text


# -- source reader --------------------------------------------------------------------------------


async def test_opening_a_passage_highlights_exactly_its_span(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    anchor = first_shown(catalog, "bernardo")
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_passage(pilot, app, "bernardo")
        assert reader.source_id == anchor.source_id
        assert reader.current_span == (anchor.start, anchor.end)
        document = reader.query_one(SourceDocument)
        # The paragraph under the cursor holds the passage, styled as current over exactly its text.
        prompt = document.line_content(document.highlighted)
        lit = "".join(prompt.plain[s.start : s.end] for s in prompt.spans if s.style == CURRENT_STYLE)
        assert lit == visible(anchor.text)
        # Every other passage cited in the document is marked.
        assert document.marks == sorted({(a.start, a.end) for a in catalog.anchors_in(anchor.source_id)})
        # The passage is on screen.
        shown = rendered(document)
        assert visible(anchor.text)[:30] in " ".join(shown.split()) or anchor.text[:30] in shown


async def test_n_and_shift_n_step_between_marks(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    anchor = first_shown(catalog, "bernardo")
    marks = sorted({(a.start, a.end) for a in catalog.anchors_in(anchor.source_id)})
    here = marks.index((anchor.start, anchor.end))
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_passage(pilot, app, "bernardo")
        await pilot.press("n")
        assert reader.current_span == marks[(here + 1) % len(marks)]
        await pilot.press("n")
        assert reader.current_span == marks[(here + 2) % len(marks)]
        await pilot.press("N", "N", "N")
        assert reader.current_span == marks[(here - 1) % len(marks)]
        title = rendered(reader.query_one("#reader-title"))
        assert f"mark {(here - 1) % len(marks) + 1}/{len(marks)}" in title


async def test_backlinks_list_the_citing_entries_and_open_them(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    anchor = first_shown(catalog, "bernardo")
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_passage(pilot, app, "bernardo")
        backlinks = reader.query_one(Backlinks)
        citing = catalog.citing(anchor.source_id, anchor.start, anchor.end)
        assert "bernardo" in citing
        assert [o.id for o in backlinks.options] == citing
        backlinks.focus()
        backlinks.highlighted = len(citing) - 1
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == citing[-1]


# -- fuzzy jump and command palette ---------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [("bernado", "bernardo"), ("ep 4", "episode-4")])
async def test_fuzzy_jump_lands_on_the_entry(shipped_catalog: Path, query: str, expected: str) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, query)
        results = app.screen.query_one(ResultList)
        assert results.option_count > 0
        assert app.screen.hits[0].id == expected  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == expected


async def test_search_results_light_the_matched_characters(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, "bernado")
        hit = app.screen.hits[0]  # type: ignore[attr-defined]
        prompt = app.screen.query_one(ResultList).get_option_at_index(0).prompt
        lit = sorted(s.start for s in prompt.spans if "underline" in str(s.style))
        offset = prompt.plain.index(hit.matched)
        assert lit == [offset + p for p in hit.positions]
        assert "subject" in prompt.plain  # the kind badge
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))


async def test_a_source_paragraph_hit_opens_the_reader_at_it(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    # A paragraph no passage cites: searching its words finds the paragraph itself.
    source_id = next(iter(catalog.texts))
    text = catalog.texts[source_id].text
    cited = [(a.start, a.end) for a in catalog.anchors_in(source_id)]
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if len(line.split()) > 12 and not any(s < end and start < e for s, e in cited):
            query = " ".join(line.split()[2:7])
            break
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, app, query)
        hits = app.screen.hits  # type: ignore[attr-defined]
        index = next(i for i, h in enumerate(hits) if h.field == "text")
        app.screen.query_one(ResultList).highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert app.screen.source_id == hits[index].source_id
        assert app.screen.current_span == (hits[index].start, hits[index].end)


async def test_command_palette_reaches_entries_and_actions(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bernado")
        await until(pilot, lambda: palette_results(app) > 0)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == "bernardo"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Help", "Search", "Theme", "Quit", "Section: Episodes", "Section: Discrepancies"} <= set(titles)


# -- history, help, deep link, quit ---------------------------------------------------------------


async def test_history_goes_back_and_forward_like_a_browser(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    app = ImnationApp(shipped_catalog, open_id="bernardo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(EntryDetail)
        await pilot.press("j")
        target = link_target(detail.get_option_at_index(detail.highlighted))
        await pilot.press("enter")  # follow the first link
        await pilot.pause()
        assert app.screen.query_one(EntryDetail).entry_id == target
        await pilot.press("alt+left")
        await pilot.pause()
        assert app.screen.query_one(EntryDetail).entry_id == "bernardo"
        await pilot.press("alt+right")
        await pilot.pause()
        assert app.screen.query_one(EntryDetail).entry_id == target
        # Into the reader and back out with escape, then backspace.
        passage_entry = target if catalog.anchors_of(target) else "bernardo"
        reader = await open_passage(pilot, app, passage_entry)
        assert reader.is_current
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.query_one(EntryDetail).entry_id == passage_entry
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)


async def test_help_lists_every_binding_and_the_query_syntax(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.render_help())
        groups = app.binding_groups()
        assert {"Everywhere", "Browser", "Source reader", "Search overlay"} <= {title for title, _ in groups}
        for title, bindings in groups:
            assert title in shown
            for binding in bindings:
                assert binding.description and binding.description in shown
                assert app.get_key_display(binding) in shown
                if binding.key not in ("up", "down", "enter", "home", "end", "pageup", "pagedown"):
                    assert binding.id, f"binding {binding.key} of {title} has no id"
        for syntax in ("'exact", "^prefix", "suffix$", "!exclude", "@kind", "kind:kind", "ep 4"):
            assert syntax in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)


async def test_deep_link_starts_on_the_entry(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog, open_id="episode-4")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(EntryDetail).entry_id == "episode-4"
        assert app.screen.query_one(EntryList).highlighted_id == "episode-4"


async def test_q_quits_but_types_inside_the_search_input(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is None and app.screen.query_one("Input").value == "q"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.return_code == 0


async def test_keys_typed_in_one_burst_after_slash_all_reach_the_search_box(shipped_catalog: Path) -> None:
    """A fast typist (or a paste) sends `/bernado` at once: nothing may leak into the browser's
    bindings (`e` would open the editor) before the overlay is up."""
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, character in [("slash", "/"), *((c, c) for c in "bernado")]:
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.hits)
        assert app.screen.query_one(Input).value == "bernado"
        assert app.screen.hits[0].id == "bernardo"  # type: ignore[attr-defined]
        assert notifications(app) == []


async def test_slash_is_text_inside_the_search_box(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("a", "slash", "b")
        assert app.screen.query_one(Input).value == "a/b"
        assert isinstance(app.screen, SearchScreen)  # one overlay over the browser, not a second one
        assert [type(s) for s in app.screen_stack if isinstance(s, (BrowserScreen, SearchScreen))] == [
            BrowserScreen,
            SearchScreen,
        ]


async def test_a_broken_catalog_shows_its_problems(tmp_path: Path) -> None:
    path = make_catalog(tmp_path, {"subjects": [{"id": "x", "name": "X", "summary": "s", "episodes": ["nope"]}]})
    app = ImnationApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadFailedScreen)
        shown = panel_text(app)
        assert "unknown id 'nope' in episodes" in shown and "catalog.yaml:" in shown
        assert "did not load (1 problem); fix and save it:" in shown


async def test_apply_catalog_keeps_the_users_place(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog, open_id="judy")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(EntryDetail)
        detail.highlighted = stops(detail, SourcePlace)[-1]  # the last passage, scrolled into view
        await pilot.pause()
        stop, scroll_y = detail.highlighted_target, detail.scroll_y
        assert scroll_y > 0
        app.apply_catalog(load_catalog(shipped_catalog))
        await pilot.pause()
        assert detail.entry_id == "judy" and detail.highlighted_target == stop
        assert detail.scroll_y == scroll_y
        assert app.screen.query_one(EntryList).kind == "subject"


# -- hostile text ---------------------------------------------------------------------------------

HOSTILE = [
    "[bold]X[/bold]",
    "[/",
    "[$accent]",
    "[@click=app.quit]Click[/]",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b[2J",
]


async def test_hostile_catalog_text_is_shown_literally_and_does_nothing(tmp_path: Path) -> None:
    all_hostile = " ".join(HOSTILE)
    source = f"Intro line.\n\nThe source says {all_hostile} plainly.\n"
    path = make_catalog(
        tmp_path,
        {
            "subjects": [
                {
                    "id": "hostile",
                    "name": "[@click=app.quit]Click[/] [bold]X[/bold]",
                    "aliases": ["[$accent]", "[/"],
                    "summary": f"Summary {all_hostile}",
                    "passages": [{"source": "src", "quote": f"says {all_hostile}"}],
                }
            ]
        },
        source_text=source,
    )
    app = ImnationApp(path, open_id="hostile")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panes = (app.screen.query_one(EntryList), app.screen.query_one(EntryDetail))
        screen_text = "\n".join(rendered(pane) for pane in panes)
        flat = " ".join(screen_text.replace("│", " ").split())
        assert "[@click=app.quit]Click[/] [bold]X[/bold]" in flat
        assert "\x1b" not in screen_text
        full = " ".join(detail_text(app).split())
        for piece in HOSTILE:
            assert visible(piece) in full
        # Clicking the name in the list and in the detail triggers nothing.
        await pilot.click(EntryList, offset=(4, 1))
        await pilot.click(EntryDetail, offset=(14, 1))
        await pilot.pause()
        assert app.return_code is None
        # The reader shows the source text literally too, and clicking it does nothing.
        detail = app.screen.query_one(EntryDetail)
        detail.highlighted = stops(detail, SourcePlace)[0]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        document = rendered(app.screen.query_one(SourceDocument))
        for piece in HOSTILE:
            assert visible(piece) in " ".join(document.split())
        await pilot.click(SourceDocument, offset=(30, 2))
        await pilot.pause()
        assert app.return_code is None
        # Search results and the palette show it literally as well.
        await pilot.press("escape")
        await search(pilot, app, "click")
        results = rendered(app.screen.query_one(ResultList))
        assert "[@click=app.quit]Click[/]" in results
        await pilot.click(ResultList, offset=(16, 0))
        await pilot.pause()
        assert app.return_code is None


async def test_stepping_marks_then_escape_returns_to_the_entry(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_passage(pilot, app, "bernardo")
        await pilot.press("n", "n")
        stepped = reader.current_span
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.query_one(EntryDetail).entry_id == "bernardo"
        await pilot.press("alt+right")  # forward returns to the reader where it was left
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert app.screen.current_span == stepped


async def test_the_whole_summary_shows_when_the_detail_needs_a_scrollbar(shipped_catalog: Path) -> None:
    """Options measured before the scrollbar appeared must not lose their last wrapped line."""
    app = ImnationApp(shipped_catalog, open_id="judy")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = " ".join(rendered(app.screen.query_one(EntryDetail)).replace("│", " ").split())
        assert "The reviewer judges that she has stopped seeing these families as people." in shown


async def test_back_from_an_entry_opened_in_a_view_returns_to_the_view_as_it_was(shipped_catalog: Path) -> None:
    app = ImnationApp(shipped_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MatrixScreen))
        await pilot.press("down", "down", "down")
        row = app.screen.query_one(DataTable).cursor_row
        chosen = app.screen.query_one(DataTable).coordinate_to_cell_key((row, 0)).row_key.value
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == chosen
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MatrixScreen))
        assert app.screen.query_one(DataTable).cursor_row == row
        await pilot.press("alt+right")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.screen.query_one(EntryDetail).entry_id == chosen

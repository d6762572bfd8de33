"""Navigation: history is a true stack (hypothesis state machines on the model and on the app),
back shows a place exactly as it was left, a jump shows what it came for, panes are one key away."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from textual.widgets import DataTable

from tests.helpers import SHIPPED_CATALOG
from tests.pilot import until
from tui.app import ImnationApp
from tui.app.history import History
from tui.app.places import EntryPlace, Place, SourcePlace, ViewPlace, Visit, same_place
from tui.app.screens.browser import BrowserScreen, EntryList, SectionList
from tui.app.screens.reader import Backlinks, ReaderScreen
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import TargetOption
from tui.app.widgets.source_document import SourceDocument
from tui.catalog import load_catalog

SIZE = (120, 40)


# -- the model ------------------------------------------------------------------------------------


def test_a_jump_records_where_the_user_was_and_back_walks_down_the_stack() -> None:
    history = History()
    a, b, c = (Visit(EntryPlace(name)) for name in "abc")
    history.visit(a)
    history.visit(b, here=a)
    history.visit(c, here=b)
    assert history.back(c) == b and history.back(b) == a and history.back(a) is None
    assert history.forward(a) == b and history.forward(b) == c and history.forward(c) is None


def test_a_place_browsed_to_is_recorded_when_the_user_jumps_or_goes_back_from_it() -> None:
    history = History()
    a, browsed, view = Visit(EntryPlace("a")), Visit(EntryPlace("browsed")), Visit(ViewPlace("matrix"))
    history.visit(a)
    history.visit(view, here=browsed)  # `2`, the cursor on Judy, then `m`: Judy is a stop
    assert history.back(view) == browsed and history.back(browsed) == a


def test_moving_within_a_place_updates_its_visit_and_a_new_jump_drops_the_forward_ones() -> None:
    history = History()
    a, s1, s2 = Visit(EntryPlace("a")), Visit(SourcePlace("s", 1, 2)), Visit(SourcePlace("s", 5, 9), scroll_y=7)
    history.visit(s1, here=a)
    assert history.back(s2) == a  # stepped to another mark before going back
    assert history.forward(a) == s2  # forward returns to the mark stepped to, scrolled as it was
    history.back(s2)
    history.visit(Visit(EntryPlace("d")), here=a)
    assert history.forward() is None and len(history) == 2


class HistoryMachine(RuleBasedStateMachine):
    """Random jumps, browsing, moves within a place, backs and forwards. Every place opened or
    browsed to is new, so a place seen again is the same stop of the stack."""

    def __init__(self) -> None:
        super().__init__()
        self.history = History()
        self.names = itertools.count()
        self.here = self.new_place(0)
        self.history.visit(self.here)
        self.gone_back_past: set[Place] = set()  # during a run of backs
        self.came_back_from: Visit | None = None  # where the last back left from

    def new_place(self, kind: int) -> Visit:
        name = f"p{next(self.names)}"
        place: Place = (EntryPlace(name), SourcePlace(name, 0, 1), ViewPlace(name))[kind]
        return Visit(place)

    def moved(self, rule: str) -> None:
        if rule != "back":
            self.gone_back_past.clear()
        if rule not in ("back", "forward"):
            self.came_back_from = None

    @rule(kind=st.integers(0, 2))
    def jump(self, kind: int) -> None:
        target = self.new_place(kind)
        self.history.visit(target, here=self.here)
        self.here = target
        assert self.history.forward(self.here) is None  # a jump ends the stack
        self.moved("jump")

    @rule()
    def browse(self) -> None:
        self.here = self.new_place(0)  # the list cursor moved to another entry: nothing recorded
        self.moved("browse")

    @rule(scroll=st.integers(1, 500))
    def move_within(self, scroll: int) -> None:
        self.here = Visit(self.here.place, scroll_y=scroll, cursor=scroll % 7)
        self.moved("move")

    @rule()
    def back(self) -> None:
        left = self.here
        visit = self.history.back(left)
        self.moved("back")
        if visit is None:
            return
        assert visit.place not in self.gone_back_past  # never turns round
        self.gone_back_past.add(left.place)
        self.came_back_from, self.here = left, visit

    @rule()
    def forward(self) -> None:
        returning_to = self.came_back_from
        visit = self.history.forward(self.here)
        if visit is None:
            self.moved("forward")
            return
        if returning_to is not None:
            assert visit == returning_to  # back then forward: the same place, exactly as left
        self.moved("forward")
        self.came_back_from, self.here = None, visit

    @invariant()
    def the_current_visit_is_where_the_user_is_or_was_browsing_from(self) -> None:
        assert self.history.current is not None


HistoryMachine.TestCase.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)
test_history_is_a_true_stack = HistoryMachine.TestCase


# -- the app: the sequences -----------------------------------------------------------------


def shown(app: ImnationApp) -> Place | None:
    return app.current_place


async def settle(pilot, app: ImnationApp) -> None:
    """Let pushes, pops and mounts finish."""
    for _ in range(3):
        await pilot.pause()


@pytest.mark.anyio
@pytest.mark.parametrize("key", ["m", "L", "C"])
async def test_back_from_an_entry_opened_in_a_view_returns_to_the_view_then_to_where_it_was_opened(key: str) -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # Subjects: Judy is under the cursor
        await settle(pilot, app)
        assert shown(app) == EntryPlace("judy")
        await pilot.press(key)
        await until(pilot, lambda: isinstance(shown(app), ViewPlace))
        view = shown(app)
        app.open_entry("brian")  # what `down`, `enter` do in each view (tested there)
        await until(pilot, lambda: shown(app) == EntryPlace("brian"))
        seen = []
        for _ in range(5):
            await pilot.press("escape")
            await settle(pilot, app)
            seen.append(shown(app))
        first = app.catalog.of_kind("episode")[0].id  # where the app started
        assert seen == [view, EntryPlace("judy"), EntryPlace(first), EntryPlace(first), EntryPlace(first)]
        for expected in (EntryPlace("judy"), view, EntryPlace("brian")):
            await pilot.press("alt+right")
            await settle(pilot, app)
            assert shown(app) == expected


@pytest.mark.anyio
async def test_back_from_the_matrix_opened_by_enter_on_a_row() -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "m")
        await until(pilot, lambda: shown(app) == ViewPlace("matrix"))
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        chosen = shown(app)
        assert chosen == EntryPlace("brian")
        await pilot.press("escape")
        await until(pilot, lambda: shown(app) == ViewPlace("matrix"))
        assert app.screen.query_one(DataTable).cursor_row == 1  # the view as it was left
        await pilot.press("escape")
        await until(pilot, lambda: shown(app) == EntryPlace("judy"))


def detail_of(app: ImnationApp) -> EntryDetail:
    return app.screen.query_one(EntryDetail)


@pytest.mark.anyio
async def test_back_restores_the_list_row_the_detail_scroll_and_its_highlighted_stop() -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.press("4")  # Locations: a long list
        entries = app.screen.query_one(EntryList)
        await pilot.press("G")  # the last location: the list is scrolled
        await settle(pilot, app)
        await pilot.press("l")  # into its detail
        detail = detail_of(app)
        await until(pilot, lambda: detail.has_focus)
        links = [i for i, o in enumerate(detail.options) if isinstance(o, TargetOption)]
        detail.highlighted = links[-1]  # far down: the detail is scrolled too
        await settle(pilot, app)
        left = app.where()
        assert left is not None and left.scroll_y and left.list_scroll_y
        await pilot.press("enter")  # follow it
        await until(pilot, lambda: shown(app) != left.place)
        await pilot.press("escape")
        await until(pilot, lambda: shown(app) == left.place)
        await settle(pilot, app)
        assert detail.highlighted == left.cursor and detail.scroll_y == left.scroll_y
        assert entries.highlighted_id == left.place.entry_id and entries.scroll_y == left.list_scroll_y
        assert detail.has_focus


@pytest.mark.anyio
async def test_back_restores_the_readers_scroll_position_not_only_its_mark() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    anchor = catalog.anchors_of("bernardo")[0]
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=SIZE) as pilot:
        app.open_source(anchor.source_id, anchor.start, anchor.end)
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot, app)
        document = app.screen.query_one(SourceDocument)
        await pilot.press("n", *"jjjj")  # the next mark, then read on past it
        document.scroll_relative(y=3, animate=False)  # and scroll a little (the wheel)
        await settle(pilot, app)
        left = app.where()
        assert left is not None and left.cursor is not None and left.scroll_y
        app.open_entry("bernardo")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot, app)
        document = app.screen.query_one(SourceDocument)
        assert app.screen.current_span == (left.place.start, left.place.end)
        assert document.highlighted == left.cursor
        assert document.scroll_y == left.scroll_y


# -- what a jump shows ----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_passage_hit_opens_the_entry_with_that_passage_highlighted_and_in_view() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    anchor = catalog.anchors_of("judy")[-1]
    at = SourcePlace(anchor.source_id, anchor.start, anchor.end)
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_place(EntryPlace("judy", at=at))
        await settle(pilot, app)
        detail = detail_of(app)
        assert detail.has_focus
        assert at in getattr(detail.get_option_at_index(detail.highlighted), "spans", ())
        top = detail.scroll_y
        assert top > 0  # scrolled to it, past the header
        region = detail.get_option_at_index(detail.highlighted)
        assert region is not None
        await pilot.press("enter")  # the next key is useful: the passage in the reader
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.screen.current_span == (detail.highlighted_target.start, detail.highlighted_target.end)


@pytest.mark.anyio
async def test_an_entry_opened_from_cited_by_shows_the_passage_it_cites() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    anchor = catalog.anchors_of("bernardo")[0]
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=SIZE) as pilot:
        app.open_source(anchor.source_id, anchor.start, anchor.end)
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot, app)
        backlinks = app.screen.query_one(Backlinks)
        citing = [o.id for o in backlinks.options]
        backlinks.focus()
        backlinks.highlighted = citing.index("bernardo")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        detail = detail_of(app)
        excerpt = detail.get_option_at_index(detail.highlighted)  # the stretch holding that passage
        assert SourcePlace(anchor.source_id, anchor.start, anchor.end) in getattr(excerpt, "spans", ())


# -- panes ----------------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("size", [(120, 40), (70, 20), (50, 16)])
async def test_h_l_and_the_arrow_keys_move_between_panes_at_every_width(size: tuple[int, int]) -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        screen = app.screen
        sections, entries, detail = screen.query_one(SectionList), screen.query_one(EntryList), detail_of(app)
        assert entries.has_focus
        for keys, pane in [("l", detail), ("h", entries), ("h", sections), ("right", entries), ("right", detail),
                           ("left", entries), ("tab", detail), ("shift+tab", entries)]:
            await pilot.press(keys)
            await settle(pilot, app)
            assert pane.has_focus, keys
            assert pane.display and pane.region.width > 0  # a pane with the focus is on screen
        await pilot.press("h", "down", "l")  # sections: the next one, then its entries
        await settle(pilot, app)
        assert entries.kind == "subject" and entries.has_focus


# -- the app as a state machine ---------------------------------------------------------------------


class AppNavigation(RuleBasedStateMachine):
    """The real app through Pilot: random opens, followed links, views, backs and forwards. The
    app must agree with the model (`History`, whose properties the machine above checks): each
    back and forward lands where the model says, a back then forward returns to the same place.

    Textual's test harness must run in one task (it keeps context variables), so the app runs in
    a session task on a private loop and each step is a job handed to it."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.jobs: asyncio.Queue[tuple[Callable[[], Awaitable[object]], asyncio.Future[object]] | None] = (
            asyncio.Queue()
        )
        self.app = ImnationApp(SHIPPED_CATALOG)
        self.session = self.loop.create_task(self.run_session())
        self.step(self.settle)
        self.model = History()
        self.model.visit(self.here())
        self.came_back_from: Place | None = None

    async def run_session(self) -> None:
        async with self.app.run_test(size=SIZE) as pilot:
            self.pilot = pilot
            while (job := await self.jobs.get()) is not None:
                work, done = job
                try:
                    done.set_result(await work())
                except Exception as error:  # handed back to the rule
                    done.set_exception(error)

    def step(self, work: Callable[[], Awaitable[object]]) -> object:
        done = self.loop.create_future()
        self.jobs.put_nowait((work, done))
        return self.loop.run_until_complete(done)

    def teardown(self) -> None:
        self.jobs.put_nowait(None)
        self.loop.run_until_complete(self.session)
        self.loop.close()

    async def settle(self) -> None:
        await settle(self.pilot, self.app)

    def here(self) -> Visit:
        place = self.app.current_place
        assert place is not None
        return Visit(place)

    def jumped(self, before: Visit, target: Place) -> None:
        self.model.visit(Visit(target), here=before)
        self.came_back_from = None
        assert self.model.current is not None
        assert same_place(self.app.current_place, self.model.current.place)  # type: ignore[arg-type]

    @rule(entry=st.sampled_from(["judy", "brian", "episode-4", "new-york-city", "source-000"]))
    def open_entry(self, entry: str) -> None:
        before = self.here()

        async def work() -> None:
            self.app.open_entry(entry)
            await self.settle()

        self.step(work)
        self.jumped(before, EntryPlace(entry))

    @precondition(lambda self: isinstance(self.app.screen, BrowserScreen))
    @rule(which=st.integers(0, 3))
    def follow_a_link(self, which: int) -> None:
        detail = self.app.screen.query_one(EntryDetail)
        stops = [o.target for o in detail.options if isinstance(o, TargetOption)]
        if not stops:
            return
        before = self.here()
        target = stops[which % len(stops)]

        async def work() -> None:
            detail.focus()
            detail.highlighted = next(i for i, o in enumerate(detail.options) if getattr(o, "target", None) == target)
            await self.pilot.press("enter")
            await until(self.pilot, lambda: same_place(self.app.current_place, target))  # type: ignore[arg-type]
            await self.settle()

        self.step(work)
        self.jumped(before, target)

    @rule(key=st.sampled_from(["m", "L", "C"]))
    def open_a_view(self, key: str) -> None:
        before = self.here()

        async def work() -> None:
            await self.pilot.press(key)
            await self.settle()

        self.step(work)
        target = self.app.current_place
        assert isinstance(target, ViewPlace)
        self.jumped(before, target)

    def press(self, key: str) -> None:
        async def work() -> None:
            await self.pilot.press(key)
            await self.settle()

        self.step(work)

    @rule()
    def back(self) -> None:
        left = self.here()
        visit = self.model.back(left)
        self.press("escape")
        if visit is None:
            return
        assert same_place(self.app.current_place, visit.place)  # type: ignore[arg-type]
        self.came_back_from = left.place

    @rule()
    def forward(self) -> None:
        returning_to, self.came_back_from = self.came_back_from, None
        visit = self.model.forward(self.here())
        self.press("alt+right")
        if visit is None:
            return
        assert same_place(self.app.current_place, visit.place)  # type: ignore[arg-type]
        if returning_to is not None:
            assert same_place(self.app.current_place, returning_to)  # type: ignore[arg-type]


AppNavigation.TestCase.settings = settings(max_examples=6, stateful_step_count=12, deadline=None)
test_the_app_navigates_as_the_model_says = AppNavigation.TestCase

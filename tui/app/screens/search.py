"""The fuzzy-jump overlay: type, see ranked hits with the matched characters lit, pick one.

Searching runs in a thread worker; results for a query that is no longer in the input are dropped,
so typing never waits for the index and never shows stale hits. The status line tells how many hits
there are in all (counted after the first page is shown: a count can take several times as long);
the list holds a page of them and loads the next page as you scroll to its end.
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static

from tui.app.clipboard import copy_citation_of
from tui.app.literal import BADGE_WIDTH, badge, highlight_positions, literal_line
from tui.app.messages import Navigate
from tui.app.places import Place, SourcePlace, hit_place
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.search import Hit
from tui.search.index import MAX_COUNTED
from tui.search.query import parse
from tui.text import counted

RESULT_PAGE = 40  # hits loaded at a time
# How long typing must pause before the hits are counted: a count takes several times as long as a
# page of hits, and one for a query already typed over would hold up the next key's search.
COUNT_AFTER_SECONDS = 0.15
LOAD_MORE_AHEAD = 5  # the next page loads when the highlight comes this close to the last hit
EMPTY_STATUS = "Type to search.  'exact  ^prefix  suffix$  !exclude  @kind  ep 4  (more in help: ?)"
_FIELD_LABEL = {"alias": "alias", "id": "id", "role": "role", "episode": "episode"}


def hit_prompt(hit: Hit) -> Content:
    """Kind badge, the name (or the alias/id that matched, lit), and a snippet line if any."""
    if hit.field == "name" or hit.matched == hit.name:  # e.g. `ep 4` matching "Episode 4"
        line = Content.assemble(badge(hit.kind), highlight_positions(hit.matched, hit.positions))
    elif hit.field in _FIELD_LABEL:
        line = Content.assemble(
            badge(hit.kind),
            literal_line(hit.name),
            (f"   {_FIELD_LABEL[hit.field]}: ", "dim"),
            highlight_positions(hit.matched, hit.positions),
        )
    else:
        line = Content.assemble(badge(hit.kind), literal_line(hit.name), (f"   in {hit.field}", "dim"))
    if hit.snippet:
        snippet = highlight_positions(hit.snippet, hit.snippet_positions).stylize_before("$text-muted")
        line = Content.assemble(line, "\n", " " * BADGE_WIDTH, snippet)
    return line


class ResultList(NavList):
    DEFAULT_CSS = """
    ResultList {
        height: auto;
        max-height: 1fr;
        border: none;
        &:focus { border: none; }
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option { padding: 0 1; }
    }
    """


class SearchScreen(ModalScreen[Place | None]):
    """Dismisses with the place of the chosen hit, or None on escape."""

    HELP_TITLE = "Search overlay"

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
        background: $background 60%;
        #search-box {
            width: 90%;
            max-width: 110;
            height: auto;
            max-height: 90%;
            margin-top: 2;
            border: round $accent;
            border-title-color: $text-accent;
            background: $surface;
        }
        #search-input { border: none; height: 1; padding: 0 1; background: $surface; }
        #search-status { height: 1; padding: 0 1; color: $text-muted; border-bottom: none; }
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "move(1)", "Next result", show=False, id="search.down"),
        Binding("up", "move(-1)", "Previous result", show=False, id="search.up"),
        Binding("pagedown", "move(10)", "Results page down", show=False, id="search.page_down"),
        Binding("pageup", "move(-10)", "Results page up", show=False, id="search.page_up"),
        Binding("enter", "open", "Open", id="search.open"),
        # ctrl/alt: a plain `y` is text in the search box
        Binding("ctrl+y", "copy_citation", "Copy", id="search.copy_citation"),
        Binding("alt+y", "copy_citation_as", "Copy as…", show=False, id="search.copy_citation_as"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.typed = query  # what the search box holds: the app offers it again the next time
        self.hits: list[Hit] = []
        self.total: int | None = 0  # hits the query has in all (up to MAX_COUNTED); None: being counted
        self.shown_query: str | None = None  # the query `hits` belong to
        self.open_when_shown = False  # enter was pressed before the results of the query arrived
        self._count_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Jump to"
            yield Input(self.initial_query, placeholder="a name, an alias, words of a passage…", id="search-input")
            yield Static(id="search-status", markup=False)
            yield ResultList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._status(EMPTY_STATUS)
        if self.initial_query:
            self.run_search(self.initial_query)
        results = self.query_one(ResultList)
        self.watch(results, "scroll_y", self._scrolled, init=False)

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the input had focus (the overlay is still opening) still count."""
        search_input = self.query_one(Input)
        if not search_input.has_focus and event.is_printable and event.character:
            event.stop()
            search_input.focus()
            search_input.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.typed = event.value
        self._stop_count_timer()
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search", description="searching")
    def run_search(self, query: str, limit: int = RESULT_PAGE, total: int | None = None) -> None:
        """Search off the event loop; the UI keeps only results of the query still typed. The hits
        are shown first; how many there are in all is counted once typing pauses (`_show`)."""
        if not query.strip():
            self.app.call_from_thread(self._show, query, [], 0)
            return
        index = self.app.wait_for_search_index()  # type: ignore[attr-defined]
        hits = index.search(query, limit=limit)
        if len(hits) < limit:
            total = len(hits)
        self.app.call_from_thread(self._show, query, hits, total)

    def _count_when_typing_pauses(self, query: str) -> None:
        """Count the hits after COUNT_AFTER_SECONDS without a key. (A timer on the event loop: a
        worker that slept that long held one of the few threads all workers share, and a search
        typed fast waited up to 90 ms for one.)"""
        self._stop_count_timer()
        self._count_timer = self.set_timer(COUNT_AFTER_SECONDS, lambda: self.count_hits(query))

    def _stop_count_timer(self) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None

    @work(thread=True, exclusive=True, group="count", description="counting")
    def count_hits(self, query: str) -> None:
        if query == self.shown_query and self.total is None:
            total = self.app.wait_for_search_index().count(query)  # type: ignore[attr-defined]
            self.app.call_from_thread(self._show_total, query, total)

    def _show(self, query: str, hits: list[Hit], total: int | None) -> None:
        if not self.is_current or query != self.query_one(Input).value:  # closed, or typed on
            return  # stale: the user has typed on
        more = query == self.shown_query and len(hits) > len(self.hits)  # the next page of the same query
        results = self.query_one(ResultList)
        kept = results.highlighted if more else None
        self.hits, self.total, self.shown_query = hits, total, query
        results.set_options(TargetOption(hit_prompt(hit), hit_place(hit)) for hit in hits)
        results.highlighted = kept if kept is not None else (0 if hits else None)
        self._show_status()
        if total is None:
            self._count_when_typing_pauses(query)
        if self.open_when_shown:
            self.open_when_shown = False
            self.action_open()

    def _show_total(self, query: str, total: int) -> None:
        if self.is_current and query == self.shown_query and self.total is None:
            self.total = total
            self._show_status()

    def _show_status(self) -> None:
        query, hits, total = self.shown_query or "", self.hits, self.total
        unknown = parse(query).unknown_kinds
        if not query.strip():
            self._status(EMPTY_STATUS)
        elif unknown:
            self._status(f"No kind is called {unknown[0]!r}: try @subject, @person, @location, @scene…")
        elif hits:
            count = f"{len(hits)}+ results (counting)" if total is None else counted(total, "result", MAX_COUNTED)
            shown = f" · {len(hits)} shown, more as you scroll" if total is not None and total > len(hits) else ""
            self._status(f"{count}{shown} · ↑↓ choose · enter open · esc close")
        else:
            self._status("No match.")

    def _load_more(self) -> None:
        """The next page of hits, if the query has (or may have) more than the list holds."""
        if self.shown_query is not None and (self.total is None or self.total > len(self.hits)):
            self.run_search(self.shown_query, len(self.hits) + RESULT_PAGE, self.total)

    @on(OptionList.OptionHighlighted, "#search-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self.hits) - LOAD_MORE_AHEAD:
            self._load_more()

    def _scrolled(self, scroll_y: float) -> None:
        results = self.query_one(ResultList)
        if results.max_scroll_y and scroll_y >= results.max_scroll_y:
            self._load_more()

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Content.styled(text, "dim"))

    @property
    def chosen(self) -> Place | None:
        return self.query_one(ResultList).highlighted_target

    @property
    def citable_span(self) -> SourcePlace | None:
        """The chosen hit's span, if it is a passage or a source paragraph (what ctrl+y copies)."""
        index = self.query_one(ResultList).highlighted
        hit = self.hits[index] if index is not None and index < len(self.hits) else None
        if hit is None or hit.source_id is None or hit.start is None:
            return None
        return SourcePlace(hit.source_id, hit.start, hit.end)

    def action_copy_citation(self) -> None:
        copy_citation_of(self.app, getattr(self.app, "catalog", None), self.citable_span, "plain")

    def action_copy_citation_as(self) -> None:
        copy_citation_of(self.app, getattr(self.app, "catalog", None), self.citable_span, None)

    def action_move(self, step: int) -> None:
        results = self.query_one(ResultList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    def action_open(self) -> None:
        """Open the chosen hit; if the results of what is typed are still coming, open on arrival."""
        if self.shown_query != self.query_one(Input).value:
            self.open_when_shown = True
        elif self.chosen is not None:
            self.dismiss(self.chosen)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_navigate(self, message: Navigate) -> None:
        """A result chosen with the mouse (its list asks to navigate): close with its place."""
        message.stop()
        self.dismiss(message.place)

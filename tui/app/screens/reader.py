"""The source reader: a whole source document, opened at a passage, its cited passages marked.

`n` / `N` step between marks; the pane below lists the entries citing the passage (or line)
under the cursor, each a link. `v` starts a selection (see `SourceDocument`), `c` cites it.
"""

from __future__ import annotations

import bisect

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Static
from textual.widgets.option_list import Option

from tui.app.clipboard import copy_citation_of
from tui.app.literal import badge, literal_line
from tui.app.messages import Curate
from tui.app.places import EntryPlace, SourcePlace, Visit
from tui.app.screens.base import CatalogScreen
from tui.app.selection import describe
from tui.app.widgets.find_bar import FindBar
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.app.widgets.source_document import SourceDocument
from tui.catalog import Catalog
from tui.catalog.anchor import Span

SHORT_BELOW = 30  # rows: below, the reader is `-short`


class Backlinks(NavList):
    """Entries citing a span; the option id is the entry id."""

    DEFAULT_CSS = """
    Backlinks {
        height: auto;
        max-height: 8;
        border: none;
        border-top: solid $primary-muted;
        &:focus { border: none; border-top: solid $accent; }
        border-title-color: $text-primary;
        padding: 0 1;
    }
    """

    def show(self, catalog: Catalog, entry_ids: list[str], what: str, at: SourcePlace | None = None) -> None:
        """`at`: the span cited (each entry opens with its passage there in view)."""
        self.border_title = f"Cited by ({len(entry_ids)}) — {what}"
        if entry_ids:
            self.set_options(
                TargetOption(
                    Content.assemble(badge(catalog.kind(i)), literal_line(catalog.entries[i].name)),
                    EntryPlace(i, at),
                    id=i,
                )
                for i in entry_ids
            )
        else:
            self.set_options([Option(Content.styled(f"No entry cites {what}.", "dim"), disabled=True)])


class ReaderScreen(CatalogScreen):
    HELP_TITLE = "Source reader"
    # Short screens (`-short`, see app.tcss): "Cited by" takes three rows unless it has the focus.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-tall")]
    BINDINGS = [
        Binding("n", "next_mark", "Next mark", id="reader.next_mark"),
        Binding("N", "previous_mark", "Prev mark", id="reader.previous_mark"),
        Binding("y", "copy_citation", "Copy", id="reader.copy_citation"),
        Binding("Y", "copy_citation_as", "Copy as…", show=False, id="reader.copy_citation_as"),
        Binding("v", "select", "Select", id="reader.select"),
        Binding("c", "cite", "Cite", id="reader.cite"),
        Binding("ctrl+f,f", "find", "Find", id="reader.find"),
    ]

    def __init__(
        self, catalog: Catalog, source_id: str, start: int | None = None, end: int | None = None, find: str = ""
    ) -> None:
        """`find`: open the find bar with it (the words a search hit matched in the text)."""
        super().__init__(catalog)
        self.source_id = source_id
        self._opening: Span | None = Span(start, end) if start is not None and end is not None else None
        self._find = find
        self._selected_mark: tuple[int, int] | None = None  # the mark `v` selected, if it was on one

    def compose(self) -> ComposeResult:
        yield Static(id="reader-title", markup=False)
        document = SourceDocument(id="document")
        yield document
        yield FindBar(document, id="find-bar")
        yield Backlinks(id="backlinks")
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.source_id, *(self._opening or (None, None)))
        self.query_one(SourceDocument).focus()
        if self._find:
            self.query_one(FindBar).open(self._find)

    # -- state ----------------------------------------------------------------------------------
    @property
    def marks(self) -> list[Span]:
        return self.query_one(SourceDocument).marks

    @property
    def current_span(self) -> Span | None:
        """The strongly highlighted span (the passage opened, or the mark stepped to)."""
        return self.query_one(SourceDocument).current

    @property
    def citable_span(self) -> SourcePlace | None:
        """What `y` copies: the current mark, else the line under the cursor."""
        document = self.query_one(SourceDocument)
        span = document.current or document.cursor_span
        return SourcePlace(self.source_id, *span) if span and span[1] > span[0] else None

    @property
    def current_entry_id(self) -> str | None:
        """The source being read (what `e` edits)."""
        return self.source_id

    @property
    def place(self) -> SourcePlace:
        span = self.current_span
        return SourcePlace(self.source_id, *span) if span else SourcePlace(self.source_id)

    def where(self) -> Visit:
        """The document as it is: its current span, the cursor's line, the scroll."""
        document = self.query_one(SourceDocument)
        return Visit(self.place, scroll_y=document.scroll_y, cursor=document.highlighted)

    def restore(self, visit: Visit) -> None:
        """Show a visit's span; one from the history with the cursor and scroll it was left with."""
        place = visit.place
        assert isinstance(place, SourcePlace)
        self.show(place.source_id, place.start, place.end)
        document = self.query_one(SourceDocument)
        if visit.cursor is not None and visit.cursor < document.option_count:
            document.highlighted = visit.cursor
        if visit.scroll_y is not None:
            document.call_after_refresh(document.scroll_to, y=visit.scroll_y, animate=False)
        document.focus()
        if place.find:
            self.query_one(FindBar).open(place.find)

    def show(self, source_id: str, start: int | None = None, end: int | None = None) -> None:
        """Show `source_id`, highlighting and scrolling to `[start, end)` if given."""
        document = self.query_one(SourceDocument)
        span = Span(start, end) if start is not None and end is not None else None
        if source_id != self.source_id or not document.lines:
            self.source_id = source_id
            text = self.catalog.texts.get(source_id)
            marks = sorted({a.span for a in self.catalog.anchors_in(source_id)})
            document.load(text.text if text else "", marks, None)
        document.set_current(span)
        if span is None:
            document.highlighted = 0 if document.option_count else None
            document.scroll_home(animate=False)
        self._refresh_title()
        self._refresh_backlinks()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show the same document (and span, if it still exists) from a reloaded catalog."""
        document = self.query_one(SourceDocument)
        span, cursor, scroll_y = document.current, document.highlighted, document.scroll_y
        text, selection = document.text, document.selection
        super().apply_catalog(catalog)
        if self.source_id not in catalog.sources:
            return  # the app closes this reader
        document.lines = []  # force a reload
        self.show(self.source_id)
        if span and span[1] <= len(document.text):
            document.set_current(span)
        if selection is not None and document.text == text:  # a selection survives a reload of the same text
            document.select(selection)
        if cursor is not None and cursor < document.option_count:
            document.highlighted = cursor
        document.scroll_to(y=scroll_y, animate=False)

    def _refresh_title(self) -> None:
        source = self.catalog.sources[self.source_id]
        document = self.query_one(SourceDocument)
        parts: list[Content | tuple[str, str] | str] = [
            badge("source", 0),
            "  ",
            literal_line(source.name, "bold"),
            "\n",
            literal_line(" · ".join(filter(None, [source.outlet, source.source_kind, source.file])), "dim"),
        ]
        marks, span = document.marks, document.current
        if span in marks:
            parts.append((f"   mark {marks.index(span) + 1}/{len(marks)}", "bold $text-accent"))
        else:
            parts.append((f"   {len(marks)} marks", "dim"))
        cursor = document.cursor_span  # the line follows the cursor (`j`, `g`, `G`, `n`, the mouse)
        if cursor is not None and self.source_id in self.catalog.texts:
            parts.append((f" · line {self.catalog.texts[self.source_id].line_of(cursor[0])}", "dim"))
        if document.selection is not None:
            parts.append((f" · selected: {describe(document.text, document.selection)}", "bold $text-primary"))
        self.query_one("#reader-title", Static).update(Content.assemble(*parts))

    def _refresh_backlinks(self) -> None:
        document = self.query_one(SourceDocument)
        span, cursor = document.current, document.cursor_span
        if span and cursor and span[0] < cursor[1] and cursor[0] < span[1]:
            what = "this passage"
        else:
            span, what = cursor, "this line"
        ids = self.catalog.citing(self.source_id, *span) if span else []
        at = SourcePlace(self.source_id, *span) if span else None
        self.query_one(Backlinks).show(self.catalog, ids, what, at)

    # -- events and actions ---------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        if isinstance(event.option_list, SourceDocument):
            self._refresh_title()
            self._refresh_backlinks()

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        """Choosing a line makes its first mark current and moves to its backlinks."""
        if not isinstance(event.option_list, SourceDocument):
            return
        document = self.query_one(SourceDocument)
        line = document.cursor_span
        inside = document.marks_in(*line) if line else []
        if inside:
            document.set_current(inside[0])
            self._refresh_title()
            self._refresh_backlinks()
            backlinks = self.query_one(Backlinks)
            backlinks.focus()
            backlinks.action_first()  # the first citing entry, ready for `enter`

    def on_source_document_selection_changed(self, _: SourceDocument.SelectionChanged) -> None:
        if self.query_one(SourceDocument).selection is None:
            self._selected_mark = None  # a selection begun afresh replaces nothing
        self._refresh_title()

    @property
    def selection(self) -> SourcePlace | None:
        """What `c` cites: the selection, if there is one."""
        span = self.query_one(SourceDocument).selection
        return SourcePlace(self.source_id, *span) if span else None

    def show_cited(self, span: Span) -> None:
        """After a cite: the selection is now a mark, made current (its backlinks list the entry)."""
        document = self.query_one(SourceDocument)
        document.select(None)
        if span in document.marks:
            document.set_current(span)
            self._refresh_title()
            self._refresh_backlinks()

    def action_select(self) -> None:
        """`v`: start a selection at the cursor (the mark under it, or the line's first word)."""
        document = self.query_one(SourceDocument)
        selected = document.start_selection()
        if selected is None:
            self.notify("Nothing to select in this source.", severity="warning")
        # A selection begun on a mark may replace that passage (after being extended or shrunk).
        on_mark = selected is not None and selected in document.marks
        self._selected_mark = (selected.start, selected.end) if selected is not None and on_mark else None
        document.focus()

    def action_cite(self) -> None:
        """`c`: cite the selection to an entry (the app runs the picker, the preview and the write)."""
        place = self.selection
        if place is None:
            self.notify("Select a passage first: v, then w, ) or j to extend it.", severity="warning")
            return
        marked = [a for a in self.catalog.anchors_in(self.source_id) if (a.start, a.end) == self._selected_mark]
        self.post_message(Curate("cite", selection=place, replacing=tuple((a.entry_id, a.index) for a in marked)))

    def action_copy_citation(self) -> None:
        copy_citation_of(self.app, self.catalog, self.citable_span, "plain")

    def action_copy_citation_as(self) -> None:
        copy_citation_of(self.app, self.catalog, self.citable_span, None)

    def action_find(self) -> None:
        self.query_one(FindBar).open()

    def action_next_mark(self) -> None:
        self._step(+1)

    def action_previous_mark(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        """Move the current highlight to the next / previous mark (wrapping round)."""
        document = self.query_one(SourceDocument)
        marks = document.marks
        if not marks:
            self.notify("No cited passages in this source.", severity="warning")
            return
        if document.current is not None:
            here = document.current
        else:
            cursor = document.cursor_span
            here = Span(cursor[0], cursor[0]) if cursor else Span(0, 0)
        if direction > 0:
            index = bisect.bisect_right(marks, here)
            target = marks[index % len(marks)]
        else:
            index = bisect.bisect_left(marks, here) - 1
            target = marks[index % len(marks)]
        document.set_current(target)
        self._refresh_title()
        self._refresh_backlinks()

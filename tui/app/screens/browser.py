"""The main browser: sections with counts, the entries of the current section, the detail pane.

The layout follows the terminal's width (Textual breakpoints set a class on the screen): three
panes from 120 columns, with the sections as a rail of numbers and short names from 80; below 80
two panes, the one with the focus and its neighbour; below 60 one pane at a time. `h`/`l` (and the
arrow keys, and `tab`) move between panes whatever is shown, so a hidden pane is one key away.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets.option_list import Option

from tui.app.literal import literal_line, section_title
from tui.app.places import EntryPlace, Visit
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.catalog_status import CatalogStatus
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.labels import source_labels
from tui.catalog.schema import KINDS, Entry, Episode, Source, Subject

SECTION_KEYS = "1234567890"  # one digit key per section, in the order of KINDS
SHORT_TITLE = {
    "episode": "Eps",
    "subject": "Subj",
    "person": "People",
    "location": "Locs",
    "organization": "Orgs",
    "topic": "Topics",
    "scene": "Scenes",
    "event": "Events",
    "source": "Source",
    "discrepancy": "Discr",
}
"""Section names in the rail (narrow terminals)."""
PANES = ("sections", "entries", "detail")
RAIL_BELOW = 120  # columns: below this the sections pane is a rail
TWO_PANES_BELOW = 80
ONE_PANE_BELOW = 60


class SectionList(NavList):
    """One option per kind, with its count; the option id is the kind. As a `rail`, short names."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rail = False

    def show(self, catalog: Catalog, *, rail: bool | None = None) -> None:
        counts = catalog.counts()
        keep = self.highlighted_id
        self.rail = self.rail if rail is None else rail
        self.set_options(
            Option(
                Content.assemble(
                    f"{key} ",
                    (f"{SHORT_TITLE[kind]:<6}" if self.rail else f"{section_title(kind):<14}", "bold"),
                    (f"{counts[kind]:>4}", "dim"),
                ),
                id=kind,
            )
            for key, kind in zip(SECTION_KEYS, KINDS, strict=True)
        )
        self.highlight_id(keep or KINDS[0])


class EntryList(NavList):
    """The entries of one kind in display order; the option id is the entry id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind: str | None = None

    def show(self, catalog: Catalog, kind: str) -> None:
        keep = self.highlighted_id if kind == self.kind else None
        self.kind = kind
        labels = source_labels(catalog) if kind == "source" else {}
        self.set_options(
            TargetOption(_entry_row(entry, labels.get(entry.id)), EntryPlace(entry.id), id=entry.id)
            for entry in catalog.of_kind(kind)
        )
        if not (keep and self.highlight_id(keep)):
            self.highlighted = 0 if self.option_count else None
        self.border_title = f"{section_title(kind)} ({self.option_count})"


def _entry_row(entry: Entry, label: str | None) -> Content:
    name = literal_line(entry.name)
    if isinstance(entry, Subject) and entry.main:
        return Content.assemble(("★ ", "$text-accent"), name)
    if isinstance(entry, Episode) and not entry.described:
        return Content.assemble(name, (" (not described)", "dim"))
    if isinstance(entry, Source) and label:
        return Content.assemble(literal_line(label), ("  ", ""), literal_line(entry.name, "dim"))
    return name


class BrowserScreen(CatalogScreen):
    """Three panes; `tab`, `h`/`l` and the arrow keys move between them. Moving the cursor only
    previews: the App records a place in its history when something is opened."""

    HELP_TITLE = "Browser"
    HORIZONTAL_BREAKPOINTS = [(0, "-one-pane"), (ONE_PANE_BELOW, "-two-panes"), (TWO_PANES_BELOW, "-rail"),
                              (RAIL_BELOW, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]

    BINDINGS = [
        *(
            Binding(key, f"section('{kind}')", section_title(kind), show=False, id=f"browser.section.{kind}")
            for key, kind in zip(SECTION_KEYS, KINDS, strict=True)
        ),
        Binding("h", "pane(-1)", "Pane left", show=False, id="browser.pane_left"),
        Binding("left", "pane(-1)", "Pane left", show=False, id="browser.pane_left_arrow"),
        Binding("l", "pane(1)", "Pane right", show=False, id="browser.pane_right"),
        Binding("right", "pane(1)", "Pane right", show=False, id="browser.pane_right_arrow"),
        Binding("tab", "cycle(1)", "Next pane", show=False, id="browser.next_pane"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, id="browser.previous_pane"),
    ]

    AUTO_FOCUS = "#entries"

    def compose(self) -> ComposeResult:
        self.add_class("-at-entries")  # before the first layout: which panes show follows the focus
        yield CatalogStatus(self.catalog, id="status")
        with Horizontal(id="panes"):
            yield SectionList(id="sections")
            yield EntryList(id="entries")
            yield EntryDetail(id="detail")
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SectionList).border_title = "Sections"
        self.query_one(EntryDetail).border_title = "Entry"
        sections, entries = self.query_one(SectionList), self.query_one(EntryList)
        sections.show(self.catalog, rail=self.size.width < RAIL_BELOW)
        entries.show(self.catalog, sections.highlighted_id or KINDS[0])  # now, not on the highlight event:
        self.query_one(EntryDetail).show(self.catalog, entries.highlighted_id)  # the App records this place

    def on_resize(self, event: events.Resize) -> None:
        sections = self.query_one(SectionList)
        rail = event.size.width < RAIL_BELOW
        if rail != sections.rail:
            sections.show(self.catalog, rail=rail)
        footer = self.query_one(Footer)
        footer.compact = event.size.width < TWO_PANES_BELOW
        footer.show_command_palette = event.size.width >= ONE_PANE_BELOW  # (`^p` still works; help lists it)
        self._hint_hidden_panes()

    # -- state ----------------------------------------------------------------------------------
    @property
    def current_entry_id(self) -> str | None:
        return self.query_one(EntryDetail).entry_id

    def where(self) -> Visit | None:
        """The entry shown, exactly as it is: list and detail scroll, the detail's cursor, the
        focused pane, the groups shown in full."""
        detail, entries = self.query_one(EntryDetail), self.query_one(EntryList)
        if detail.entry_id is None:
            return None
        focused = self.focused
        return Visit(
            EntryPlace(detail.entry_id),
            scroll_y=detail.scroll_y,
            cursor=detail.highlighted,
            list_scroll_y=entries.scroll_y,
            focus=focused.id if focused is not None and focused.id in PANES else None,
            expanded=detail.expanded,
        )

    def restore(self, visit: Visit) -> None:
        """Show an entry: as a jump does (its detail focused, the passage it came for in view) or,
        for a visit from the history, exactly as it was left."""
        place = visit.place
        assert isinstance(place, EntryPlace)
        kind = self.catalog.kind(place.entry_id)
        self.query_one(SectionList).highlight_id(kind)
        entries, detail = self.query_one(EntryList), self.query_one(EntryDetail)
        if entries.kind != kind:
            entries.show(self.catalog, kind)
        entries.highlight_id(place.entry_id)
        detail.show(self.catalog, place.entry_id, at=place.at, expanded=visit.expanded)
        if visit.cursor is not None and visit.cursor < detail.option_count:
            detail.highlighted = visit.cursor
        if visit.scroll_y is not None:
            detail.call_after_refresh(detail.scroll_to, y=visit.scroll_y, animate=False)
        if visit.list_scroll_y is not None:
            entries.call_after_refresh(entries.scroll_to, y=visit.list_scroll_y, animate=False)
        self._pane(visit.focus or "detail").focus()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show a reloaded catalog, keeping section, entry, pane and scroll where they still exist."""
        super().apply_catalog(catalog)
        detail = self.query_one(EntryDetail)
        entries = self.query_one(EntryList)
        scroll_y, stop, expanded = detail.scroll_y, detail.highlighted_target, detail.expanded
        entry_id = detail.entry_id if detail.entry_id in catalog else None
        self.query_one(CatalogStatus).show(catalog)
        self.query_one(SectionList).show(catalog)
        entries.show(catalog, entries.kind or KINDS[0])
        if entry_id:
            entries.highlight_id(entry_id)
        detail.show(catalog, entry_id or entries.highlighted_id, expanded=expanded)
        if stop:
            detail.highlight_target(stop)
        detail.call_after_refresh(detail.scroll_to, y=scroll_y, animate=False)

    # -- panes ----------------------------------------------------------------------------------
    def _pane(self, name: str) -> Widget:
        return self.query_one(f"#{name}")

    def _current_pane(self) -> int | None:
        focused = self.focused
        return PANES.index(focused.id) if focused is not None and focused.id in PANES else None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused pane is the one shown when not all fit (see the module's docstring)."""
        name = event.widget.id
        if name in PANES:
            for pane in PANES:
                self.set_class(pane == name, f"-at-{pane}")
            self._hint_hidden_panes()

    def _hint_hidden_panes(self) -> None:
        """Say in the border of the panes shown which keys reach the hidden ones."""
        width = self.size.width
        at = next((pane for pane in PANES if self.has_class(f"-at-{pane}")), "entries")
        if width >= TWO_PANES_BELOW:
            shown: tuple[str, ...] = PANES
        elif width >= ONE_PANE_BELOW:
            shown = ("sections", "entries") if at == "sections" else ("entries", "detail")
        else:
            shown = (at,)
        first, last = PANES.index(shown[0]), PANES.index(shown[-1])
        names = {"sections": "sections", "entries": "list", "detail": "entry"}
        for index, pane in enumerate(PANES):
            hints = []
            if pane == shown[0] and first > 0:
                hints.append(f"‹ h {names[PANES[first - 1]]}")
            if pane == shown[-1] and last < len(PANES) - 1:
                hints.append(f"{names[PANES[last + 1]]} l ›")
            self._pane(pane).border_subtitle = "  ".join(hints) if index in range(first, last + 1) else ""

    def _move_to(self, pane: Widget) -> None:
        """Focus a pane as the user does (a list with no cursor gets one, so `enter` works)."""
        pane.focus()
        if isinstance(pane, NavList) and pane.highlighted is None:
            pane.action_first()

    def action_pane(self, step: int) -> None:
        """Move to the pane left or right (from the problems panel: back to the panes)."""
        here = self._current_pane()
        index = len(PANES) - 1 if here is None else max(0, min(len(PANES) - 1, here + step))
        self._move_to(self._pane(PANES[index]))

    def action_cycle(self, step: int) -> None:
        """`tab` / `shift+tab`: the panes, then the problems panel when it shows, round again."""
        stops: list[Widget] = [self._pane(name) for name in PANES]
        problems = self.query_one(ProblemsPanel)
        if problems.display and problems.has_class("-visible"):
            stops.append(problems)
        focused = self.focused
        here = stops.index(focused) if focused in stops else 0
        self._move_to(stops[(here + step) % len(stops)])

    # -- events ---------------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        # Read the lists' current state, not the event's: queued events from a programmatic jump
        # would otherwise replay intermediate cursor positions.
        sections, entries, detail = self.query_one(SectionList), self.query_one(EntryList), self.query_one(EntryDetail)
        if event.option_list is sections:
            kind = sections.highlighted_id
            if kind and kind != entries.kind:
                entries.show(self.catalog, kind)
        elif event.option_list is entries and entries.highlighted_id != detail.entry_id:
            detail.show(self.catalog, entries.highlighted_id)

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        if event.option_list is self.query_one(SectionList):  # (entries open through their target)
            self.query_one(EntryList).focus()

    def action_section(self, kind: str) -> None:
        self.query_one(SectionList).highlight_id(kind)
        self.query_one(EntryList).focus()

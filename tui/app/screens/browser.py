"""The main browser: sections with counts, the entries of the current section, the detail pane."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer
from textual.widgets.option_list import Option

from tui.app.literal import literal_line, section_title
from tui.app.places import EntryPlace
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.catalog_status import CatalogStatus
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.schema import KINDS, Entry, Episode, Subject

SECTION_KEYS = "1234567890"  # one digit key per section, in the order of KINDS


class SectionList(NavList):
    """One option per kind, with its count; the option id is the kind."""

    def show(self, catalog: Catalog) -> None:
        counts = catalog.counts()
        keep = self.highlighted_id
        self.set_options(
            Option(
                Content.assemble(f"{key} ", (f"{section_title(kind):<14}", "bold"), (f"{counts[kind]:>4}", "dim")),
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
        self.set_options(
            TargetOption(_entry_row(entry), EntryPlace(entry.id), id=entry.id) for entry in catalog.of_kind(kind)
        )
        if not (keep and self.highlight_id(keep)):
            self.highlighted = 0 if self.option_count else None
        self.border_title = section_title(kind)


def _entry_row(entry: Entry) -> Content:
    name = literal_line(entry.name)
    if isinstance(entry, Subject) and entry.main:
        return Content.assemble(("★ ", "$text-accent"), name)
    if isinstance(entry, Episode) and not entry.described:
        return Content.assemble(name, (" (not described)", "dim"))
    return name


class BrowserScreen(CatalogScreen):
    """Three panes; `tab` moves between them. Moving the cursor only previews: the App records a
    place in its history when something is opened."""

    HELP_TITLE = "Browser"

    BINDINGS = [
        Binding(key, f"section('{kind}')", section_title(kind), show=False, id=f"browser.section.{kind}")
        for key, kind in zip(SECTION_KEYS, KINDS, strict=True)
    ]

    def compose(self) -> ComposeResult:
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
        self.query_one(SectionList).show(self.catalog)
        self.query_one(EntryList).focus()

    # -- state ----------------------------------------------------------------------------------
    @property
    def current_entry_id(self) -> str | None:
        return self.query_one(EntryDetail).entry_id

    def select_entry(self, entry_id: str) -> None:
        """Show `entry_id`: its section, the list cursor on it, its detail (focused)."""
        kind = self.catalog.kind(entry_id)
        self.query_one(SectionList).highlight_id(kind)
        entries = self.query_one(EntryList)
        if entries.kind != kind:
            entries.show(self.catalog, kind)
        entries.highlight_id(entry_id)
        self.query_one(EntryDetail).show(self.catalog, entry_id)
        self.query_one(EntryDetail).focus()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Show a reloaded catalog, keeping section, entry, pane and scroll where they still exist."""
        super().apply_catalog(catalog)
        detail = self.query_one(EntryDetail)
        entries = self.query_one(EntryList)
        scroll_y, stop = detail.scroll_y, detail.highlighted_target
        entry_id = detail.entry_id if detail.entry_id in catalog else None
        self.query_one(CatalogStatus).show(catalog)
        self.query_one(SectionList).show(catalog)
        entries.show(catalog, entries.kind or KINDS[0])
        if entry_id:
            entries.highlight_id(entry_id)
        detail.show(catalog, entry_id or entries.highlighted_id)
        if stop:
            detail.highlight_target(stop)
        detail.call_after_refresh(detail.scroll_to, y=scroll_y, animate=False)

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

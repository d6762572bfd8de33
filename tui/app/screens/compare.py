"""Where the sources disagree, side by side: a discrepancy's claims in columns, each with its passages
in context and the source that says so.

The list on the left holds every discrepancy; the columns show the highlighted one. `tab` moves into
a claim's column, where `enter` opens a passage in the reader. Opened from an entry (`d`), the view
starts at that discrepancy, or at the first one that entry takes part in.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll, Vertical
from textual.content import Content
from textual.widgets import Footer, Static
from textual.widgets.option_list import Option

from tui.app.literal import flat, literal, literal_line, passage_in_context
from tui.app.messages import Navigate
from tui.app.places import EntryPlace, SourcePlace
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.relations import ClaimSide, claim_sides
from tui.catalog.schema import Discrepancy

RANK_LABEL = {"preferred": "preferred", "normal": "", "deprecated": "deprecated"}


class ClaimColumn(NavList):
    """One claim: what it says, then each passage (a stop that opens the reader)."""

    DEFAULT_CSS = """
    ClaimColumn {
        width: 1fr;
        min-width: 30;
        height: 1fr;
        border: round $primary-muted;
        border-title-color: $text-primary;
        &:focus { border: round $accent; }
        & > .option-list--option { padding: 0 1; }
        & > .option-list--option-disabled { color: $foreground; }
    }
    """

    def __init__(self, catalog: Catalog, side: ClaimSide) -> None:
        super().__init__(classes="claim")
        self.catalog = catalog
        self.side = side

    def on_mount(self) -> None:
        catalog, side = self.catalog, self.side
        rank = RANK_LABEL[side.claim.rank]
        self.border_title = f"Claim {side.number}" + (f" · {rank}" if rank else "")
        options: list[Option | None] = [Option(literal(side.claim.claim, "bold"), disabled=True)]
        for passage, anchor in side.passages:
            source = catalog.sources.get(passage.source)
            title = literal_line(source.name if source else passage.source, "italic")
            options.append(None)
            if anchor is None:
                options.append(
                    Option(
                        Content.assemble(
                            ("✗ drifted ", "bold $text-error"), flat(passage.quote, "strike"), "\n  — ", title
                        ),
                        disabled=True,
                    )
                )
                continue
            body = Content.assemble(
                passage_in_context(catalog, anchor), "\n", ("  — ", "dim"), title, (f", line {anchor.line}", "dim")
            )
            options.append(TargetOption(body, SourcePlace(anchor.source_id, anchor.start, anchor.end)))
        self.set_options(options)


class CompareScreen(CatalogScreen):
    """Every discrepancy on the left, the highlighted one's claims side by side on the right."""

    HELP_TITLE = "Comparison view"
    DEFAULT_CSS = """
    CompareScreen #compare-title { padding: 0 1; text-style: bold; }
    CompareScreen #compare-body { height: 1fr; }
    CompareScreen #compare-list {
        width: 34;
        height: 1fr;
        border: round $primary-muted;
        border-title-color: $text-primary;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { border: round $accent; }
    }
    CompareScreen #compare-question { height: auto; padding: 0 1; }
    CompareScreen #compare-claims { height: 1fr; }
    /* Narrow terminals: the claims one above the other, scrolled together. */
    CompareScreen.-narrow #compare-list { width: 24; }
    CompareScreen.-narrow #compare-claims { layout: vertical; overflow-x: hidden; overflow-y: auto; }
    CompareScreen.-narrow ClaimColumn { height: auto; width: 1fr; min-width: 0; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="compare.close"),
        Binding("o", "open_entry", "Open entry", id="compare.open_entry"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.shown: str | None = None  # the discrepancy in the columns

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title", markup=False)
        with Horizontal(id="compare-body"):
            yield NavList(id="compare-list")
            with Vertical():
                yield Static(id="compare-question", markup=False)
                yield HorizontalScroll(id="compare-claims", can_focus=False)
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#compare-list", NavList).border_title = "Discrepancies"
        self._fill()
        self.query_one("#compare-list", NavList).focus()

    @property
    def discrepancies(self) -> list[Discrepancy]:
        return self.catalog.entries_of(Discrepancy)

    def apply_catalog(self, catalog: Catalog) -> None:
        keep = self.shown
        super().apply_catalog(catalog)
        self.shown = None
        self._fill()
        if keep is not None:
            self.focus_entry(keep)

    @property
    def current_entry_id(self) -> str | None:
        return self.shown

    def focus_entry(self, entry_id: str) -> None:
        """At that discrepancy, or at the first one the entry is linked to (an event, a subject)."""
        wanted = entry_id
        if self.catalog.kinds.get(entry_id) != "discrepancy":
            linked = self.catalog.linked(entry_id, "discrepancies")
            if not linked:
                return
            wanted = linked[0].id
        self.query_one("#compare-list", NavList).highlight_id(wanted)

    def _fill(self) -> None:
        found = self.discrepancies
        listing = self.query_one("#compare-list", NavList)
        listing.set_options(
            Option(
                Content.assemble(literal_line(d.name), ("  ✓" if d.status == "resolved" else "", "$text-success")),
                id=d.id,
            )
            for d in found
        )
        resolved = sum(d.status == "resolved" for d in found)
        title = self.query_one("#compare-title", Static)
        if found:
            many = "discrepancy" if len(found) == 1 else "discrepancies"
            title.update(f"Where the sources disagree: {len(found)} {many} ({resolved} resolved) · tab: the claims")
            listing.highlighted = 0
            self._show(found[0].id)
        else:
            title.update("The catalog records no discrepancies.")
            self._show(None)

    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        if event.option_list.id == "compare-list":
            event.stop()
            self._show(event.option.id)

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        if event.option_list.id == "compare-list":  # enter: into the first claim
            event.stop()
            columns = self.query(ClaimColumn)
            if columns:
                columns.first().focus()

    def _show(self, discrepancy_id: str | None) -> None:
        if discrepancy_id == self.shown:
            return
        self.shown = discrepancy_id
        question = self.query_one("#compare-question", Static)
        claims = self.query_one("#compare-claims", HorizontalScroll)
        claims.remove_children()
        entry = self.catalog.get(discrepancy_id) if discrepancy_id else None
        if not isinstance(entry, Discrepancy):
            question.update("")
            return
        lines = [Content.assemble(("Question: ", "bold $text-primary"), literal(entry.question, "bold"))]
        if entry.status == "resolved":
            lines.append(Content.assemble(("Resolved: ", "bold $text-success"), literal(entry.resolution or "")))
        else:
            lines.append(Content.styled("Open: the sources do not settle it.", "$text-muted"))
        question.update(Content("\n").join(lines))
        claims.mount_all([ClaimColumn(self.catalog, side) for side in claim_sides(self.catalog, entry)])

    def action_open_entry(self) -> None:
        if self.shown is not None:
            self.post_message(Navigate(EntryPlace(self.shown)))

    def action_close(self) -> None:
        self.dismiss()

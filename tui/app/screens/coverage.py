"""How much of each source the catalog cites, and what a curator could add next.

Per source a bar of cited paragraphs; below, tabs list the highlighted source's uncited paragraphs,
names the sources mention without citing, capitalised names no entry covers, and files in `seeds/`
the catalog does not declare. Every paragraph, mention and candidate opens in the reader.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import (
    DataTable,
    Footer,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from tui.app.literal import literal_line
from tui.app.messages import Navigate
from tui.app.places import SourcePlace
from tui.app.screens.base import CatalogScreen
from tui.app.widgets.nav_list import NavList, NavTable, TargetOption
from tui.app.widgets.problems_panel import ProblemsPanel
from tui.catalog import Catalog
from tui.catalog.coverage import Coverage, SourceCoverage, compute_coverage
from tui.text import one_line

BAR_WIDTH = 20
SOURCE_WIDTH = 36  # longer titles are cut so the bars fit in 80 columns


def coverage_bar(cited: int, total: int, width: int = BAR_WIDTH) -> Text:
    """`██████░░░░` with the filled share `cited / total` (an empty source shows an empty bar)."""
    filled = round(width * cited / total) if total else 0
    return Text.assemble(("█" * filled, "bold"), ("░" * (width - filled), "dim"))


def percent(cited: int, total: int) -> str:
    return f"{100 * cited / total:.0f}%" if total else "–"


# A row in one of the lists: where it opens in the reader (None: nothing to open).
Target = SourcePlace | None


class CoverageScreen(CatalogScreen):
    """Per-source citation coverage and curation leads; `enter` opens the selection in the reader."""

    HELP_TITLE = "Coverage view"

    DEFAULT_CSS = """
    CoverageScreen #coverage-title { padding: 0 1; text-style: bold; }
    CoverageScreen #coverage-sources { height: auto; max-height: 40%; }
    CoverageScreen TabbedContent { height: 1fr; }
    CoverageScreen OptionList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.coverage: Coverage | None = None  # computed in a thread (a third of a second or so)

    def compose(self) -> ComposeResult:
        yield Static(id="coverage-title")
        table: DataTable[Text] = NavTable(id="coverage-sources", cursor_type="row")
        yield table
        with TabbedContent(id="coverage-tabs"):
            with TabPane("Uncited", id="tab-uncited"):
                yield NavList(id="uncited")
            with TabPane("Unlinked mentions", id="tab-mentions"):
                yield NavList(id="mentions")
            with TabPane("Candidates", id="tab-candidates"):
                yield NavList(id="candidates")
            with TabPane("Undeclared files", id="tab-undeclared"):
                yield NavList(id="undeclared")
        yield ProblemsPanel()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#coverage-title", Static).update("Computing coverage…")
        self.query_one("#coverage-sources", DataTable).focus()
        self._compute(self.catalog)

    def apply_catalog(self, catalog: Catalog) -> None:
        """Recompute for a reloaded catalog (the highlighted source stays if it remains)."""
        super().apply_catalog(catalog)
        self._compute(catalog)

    @work(thread=True, exclusive=True, group="coverage", description="computing coverage")
    def _compute(self, catalog: Catalog) -> None:
        coverage = compute_coverage(catalog)
        self.app.call_from_thread(self._show, catalog, coverage)

    def _show(self, catalog: Catalog, coverage: Coverage) -> None:
        if catalog is not self.catalog:  # a newer catalog arrived meanwhile; its own result follows
            return
        keep = self._highlighted_source()
        self.coverage = coverage
        self._fill()
        ids = [s.source_id for s in coverage.sources]
        if keep in ids:
            self.query_one("#coverage-sources", DataTable).move_cursor(row=ids.index(keep))

    # -- building -------------------------------------------------------------------------------
    def _source_name(self, source_id: str, width: int | None = None) -> str:
        source = self.catalog.sources.get(source_id)
        name = one_line(source.name) if source else one_line(source_id)
        return name if width is None or len(name) <= width else name[: width - 1] + "…"

    def _fill(self) -> None:
        cov = self.coverage
        assert cov is not None
        cited = sum(s.cited for s in cov.sources)
        total = sum(s.total for s in cov.sources)
        self.query_one("#coverage-title", Static).update(
            Text(
                f"Coverage: {cited} of {total} paragraphs cited ({percent(cited, total)}) "
                f"in {len(cov.sources)} sources"
            )
        )
        table = self.query_one("#coverage-sources", DataTable)
        table.clear(columns=True)
        for key, label in (("source", "Source"), ("bar", "Paragraphs cited"), ("count", ""), ("share", "")):
            table.add_column(Text(label, style="bold"), key=key)
        for source in cov.sources:
            table.add_row(
                Text(self._source_name(source.source_id, SOURCE_WIDTH)),
                coverage_bar(source.cited, source.total),
                Text(f"{source.cited}/{source.total}", justify="right"),
                Text(percent(source.cited, source.total), justify="right"),
                key=source.source_id,
            )
        self._fill_source_lists(cov.sources[0] if cov.sources else None)
        self._fill_list(
            "candidates",
            "Candidates",
            [
                (
                    Content.assemble(
                        Content.styled(f"×{c.count:<4}", "$text-muted"),
                        literal_line(c.name, "bold"),
                        Content.styled(
                            f"  first in {self._source_name(c.source_id, 30)}, line {c.line}", "$text-muted"
                        ),
                    ),
                    SourcePlace(c.source_id, c.start, c.end),
                )
                for c in cov.candidates
            ],
        )
        self._fill_list("undeclared", "Undeclared files", [(literal_line(f), None) for f in cov.undeclared_files])

    def _fill_source_lists(self, source: SourceCoverage | None) -> None:
        """The lists that follow the highlighted source: its uncited paragraphs and unlinked mentions."""
        assert self.coverage is not None
        source_id = source.source_id if source else None
        uncited: list[tuple[Content, Target]] = []
        for paragraph in source.uncited if source is not None else []:
            prompt = Content.assemble(
                Content.styled(f"line {paragraph.line:>4}  ", "$text-muted"), literal_line(paragraph.text)
            )
            uncited.append((prompt, SourcePlace(source_id or "", paragraph.start, paragraph.end)))
        self._fill_list("uncited", "Uncited", uncited)
        mentions: list[tuple[Content, Target]] = []
        for m in self.coverage.unlinked_mentions:
            if m.source_id != source_id:
                continue
            entry = self.catalog.get(m.entry_id)
            parts = [Content.styled(f"line {m.line:>4}  ", "$text-muted"), literal_line(m.name_matched, "bold")]
            if entry is not None and entry.name != m.name_matched:
                parts.append(Content.styled(" → ", "$text-muted") + literal_line(entry.name))
            parts += [Content("  "), literal_line(m.context, "$text-muted")]
            mentions.append((Content.assemble(*parts), SourcePlace(m.source_id, m.start, m.end)))
        self._fill_list("mentions", "Unlinked mentions", mentions)

    def _fill_list(self, list_id: str, title: str, rows: list[tuple[Content, Target]]) -> None:
        options = self.query_one(f"#{list_id}", NavList)
        options.clear_options()
        shown = [TargetOption(prompt, target) if target else Option(prompt) for prompt, target in rows]
        options.add_options(shown or [Option("(none)", disabled=True)])
        if options.has_focus:  # refilled under the cursor (a reload): keep a row to act on
            options.action_first()
        tabs = self.query_one(TabbedContent)
        tabs.get_tab(f"tab-{list_id}").label = Content(f"{title} ({len(rows)})")

    # -- events ---------------------------------------------------------------------------------
    @property
    def current_entry_id(self) -> str | None:
        """The highlighted source (what `e` edits)."""
        return self._highlighted_source()

    def _highlighted_source(self) -> str | None:
        table = self.query_one("#coverage-sources", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        wanted = str(event.row_key.value)
        chosen = next((s for s in self.coverage.sources if s.source_id == wanted), None) if self.coverage else None
        if chosen is not None:  # (a late event for a source a reload removed finds none)
            self._fill_source_lists(chosen)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(Navigate(SourcePlace(str(event.row_key.value))))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Rows that open something navigate themselves (`TargetOption`); an undeclared file cannot."""
        event.stop()
        if event.option_list.id == "undeclared":
            self.notify("Declare this file under `sources:` in catalog.yaml to read it here.")

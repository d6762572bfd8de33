"""How much of each source the catalog cites, and what a curator could add next.

Per source a bar of cited paragraphs; below, tabs list the highlighted source's uncited paragraphs,
names the sources mention without citing, capitalised names no entry covers, and files in `seeds/`
the catalog does not declare. Every paragraph, mention and candidate opens in the reader.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui.app.literal import literal_line
from tui.app.messages import OpenSource
from tui.catalog import Catalog
from tui.catalog.coverage import Coverage, SourceCoverage, compute_coverage
from tui.text import one_line

BAR_WIDTH = 20


def coverage_bar(cited: int, total: int, width: int = BAR_WIDTH) -> Text:
    """`██████░░░░` with the filled share `cited / total` (an empty source shows an empty bar)."""
    filled = round(width * cited / total) if total else 0
    return Text.assemble(("█" * filled, "bold"), ("░" * (width - filled), "dim"))


def percent(cited: int, total: int) -> str:
    return f"{100 * cited / total:.0f}%" if total else "–"


# A row in one of the lists: where it opens in the reader (None: nothing to open).
Target = tuple[str, int, int] | None


class CoverageScreen(Screen[None]):
    """Per-source citation coverage and curation leads; `enter` opens the selection in the reader."""

    DEFAULT_CSS = """
    CoverageScreen #coverage-title { padding: 0 1; text-style: bold; }
    CoverageScreen #coverage-sources { height: auto; max-height: 40%; }
    CoverageScreen TabbedContent { height: 1fr; }
    CoverageScreen OptionList { height: 1fr; border: none; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="coverage.close"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.coverage: Coverage = compute_coverage(catalog)
        self._targets: dict[str, list[Target]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="coverage-title")
        table: DataTable[Text] = DataTable(id="coverage-sources", cursor_type="row")
        yield table
        with TabbedContent(id="coverage-tabs"):
            with TabPane("Uncited", id="tab-uncited"):
                yield OptionList(id="uncited")
            with TabPane("Unlinked mentions", id="tab-mentions"):
                yield OptionList(id="mentions")
            with TabPane("Candidates", id="tab-candidates"):
                yield OptionList(id="candidates")
            with TabPane("Undeclared files", id="tab-undeclared"):
                yield OptionList(id="undeclared")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#coverage-sources", DataTable).focus()

    def apply_catalog(self, catalog: Catalog) -> None:
        """Recompute for a reloaded catalog, keeping the highlighted source if it remains."""
        table = self.query_one("#coverage-sources", DataTable)
        keep = self._highlighted_source()
        self.catalog = catalog
        self.coverage = compute_coverage(catalog)
        self._fill()
        ids = [s.source_id for s in self.coverage.sources]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    # -- building -------------------------------------------------------------------------------
    def _source_name(self, source_id: str) -> str:
        source = self.catalog.sources.get(source_id)
        return one_line(source.name) if source else one_line(source_id)

    def _fill(self) -> None:
        cov = self.coverage
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
        for label in ("Source", "Cited", "Paragraphs", ""):
            table.add_column(Text(label, style="bold"), key=label or "share")
        for source in cov.sources:
            table.add_row(
                Text(self._source_name(source.source_id)),
                coverage_bar(source.cited, source.total),
                Text(f"{source.cited}/{source.total}", justify="right"),
                Text(percent(source.cited, source.total), justify="right"),
                key=source.source_id,
            )
        self._fill_uncited(cov.sources[0] if cov.sources else None)
        self._fill_list(
            "mentions",
            "Unlinked mentions",
            [
                (
                    Content.assemble(
                        literal_line(m.name_matched, "bold"),
                        f"  {self._source_name(m.source_id)}:{m.line}  ",
                        literal_line(m.context, "$text-muted"),
                    ),
                    (m.source_id, m.start, m.end),
                )
                for m in cov.unlinked_mentions
            ],
        )
        self._fill_list(
            "candidates",
            "Candidates",
            [
                (
                    Content.assemble(
                        literal_line(c.name, "bold"),
                        f"  ×{c.count}  first in {self._source_name(c.source_id)}:{c.line}",
                    ),
                    (c.source_id, c.start, c.end),
                )
                for c in cov.candidates
            ],
        )
        self._fill_list(
            "undeclared",
            "Undeclared files",
            [(literal_line(f), None) for f in cov.undeclared_files],
        )

    def _fill_uncited(self, source: SourceCoverage | None) -> None:
        rows: list[tuple[Content, Target]] = []
        if source is not None:
            for paragraph in source.paragraphs:
                if not paragraph.cited:
                    prompt = Content.assemble(
                        Content.styled(f"line {paragraph.line:>4}  ", "$text-muted"), literal_line(paragraph.text)
                    )
                    rows.append((prompt, (source.source_id, paragraph.start, paragraph.end)))
        title = f"Uncited in {self._source_name(source.source_id)}" if source else "Uncited"
        self._fill_list("uncited", title, rows)

    def _fill_list(self, list_id: str, title: str, rows: list[tuple[Content, Target]]) -> None:
        options = self.query_one(f"#{list_id}", OptionList)
        options.clear_options()
        options.add_options([Option(prompt) for prompt, _ in rows] or [Option("(none)", disabled=True)])
        self._targets[list_id] = [target for _, target in rows]
        tabs = self.query_one(TabbedContent)
        tabs.get_tab(f"tab-{list_id}").label = Content(f"{title} ({len(rows)})")

    # -- events ---------------------------------------------------------------------------------
    def _highlighted_source(self) -> str | None:
        table = self.query_one("#coverage-sources", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        wanted = str(event.row_key.value)
        self._fill_uncited(next(s for s in self.coverage.sources if s.source_id == wanted))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(OpenSource(str(event.row_key.value)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        targets = self._targets.get(event.option_list.id or "", [])
        if event.option_index >= len(targets):
            return
        target = targets[event.option_index]
        if target is None:
            self.notify("Declare this file under `sources:` in catalog.yaml to read it here.")
            return
        self.post_message(OpenSource(*target))

    def action_close(self) -> None:
        self.dismiss()

"""One entry in full: header, summary, links by relation, passages with context.

It is a list so that links and passages are stops the cursor (and the mouse) can pick: each stop is
a `TargetOption` (a link opens its entry, a passage its span in the reader). Headings and prose are
disabled options, which the cursor skips.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets.option_list import Option

from tui.app.clipboard import copy_citation_of
from tui.app.literal import badge, flat, literal, literal_line, passage_in_context
from tui.app.places import EntryPlace, SourcePlace, ViewPlace
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.catalog import Catalog
from tui.catalog.relations import grouped_links
from tui.catalog.schema import (
    Discrepancy,
    Entry,
    Episode,
    Event,
    Location,
    Passage,
    Person,
    Source,
    Subject,
    all_passages,
)


class EntryDetail(NavList):
    """The detail pane: `show(catalog, entry_id)` renders an entry; selecting a stop follows it."""

    DEFAULT_CSS = """
    EntryDetail {
        scrollbar-gutter: stable;  /* a scrollbar appearing must not re-wrap options measured without it */
        height: 1fr;
        border: none;
        padding: 0 1;
        background: $surface;
        & > .option-list--option { padding: 0 1; }
        & > .option-list--option-disabled { color: $foreground; }
        &:focus { border: none; }
    }
    """

    BINDINGS = [
        Binding("y", "copy_citation", "Copy", id="detail.copy_citation"),
        Binding("Y", "copy_citation_as", "Copy as…", show=False, id="detail.copy_citation_as"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry_id: str | None = None

    @property
    def citable_span(self) -> SourcePlace | None:
        """The passage under the cursor (what `y` copies), or None."""
        target = self.highlighted_target
        return target if isinstance(target, SourcePlace) and target.start is not None else None

    def action_copy_citation(self) -> None:
        """Copy the passage under the cursor with its citation."""
        copy_citation_of(self.app, getattr(self.app, "catalog", None), self.citable_span, "plain")

    def action_copy_citation_as(self) -> None:
        copy_citation_of(self.app, getattr(self.app, "catalog", None), self.citable_span, None)

    def show(self, catalog: Catalog, entry_id: str | None) -> None:
        """Render `entry_id` (None: an empty pane), scrolled to the top with no stop chosen yet:
        the first `down` picks the first link, so the header stays in view on small screens."""
        self.entry_id = entry_id
        entry = catalog.get(entry_id) if entry_id else None
        self.set_options(_EntryRenderer(catalog, entry).options() if entry else [])
        self.highlighted = None
        self.scroll_home(animate=False)


def _text(content: Content | str) -> Option:
    """A disabled option: prose the cursor skips."""
    return Option(content if isinstance(content, Content) else Content(content), disabled=True)


class _EntryRenderer:
    """Builds the option list for one entry (kept apart so `EntryDetail` stays a widget)."""

    def __init__(self, catalog: Catalog, entry: Entry) -> None:
        self.catalog = catalog
        self.entry = entry
        self.kind = catalog.kind(entry.id)
        self.anchors = catalog.anchors.get(entry.id, ())

    def options(self) -> list[Option | None]:
        return [*self.header(), *self.links(), *self.passages()]

    # -- header ---------------------------------------------------------------------------------
    def header(self) -> list[Option]:
        entry = self.entry
        title = Content.assemble(
            badge(self.kind, 0), "  ", literal_line(entry.name, "bold"), ("  " + entry.id, "dim")
        )
        lines: list[Content] = [title]
        if entry.aliases:
            lines.append(
                Content.assemble(("also: ", "dim"), Content(" · ").join(literal_line(a) for a in entry.aliases))
            )
        for label, value in self.facts():
            lines.append(Content.assemble((f"{label}: ", "dim"), literal_line(value)))
        options = [_text(Content("\n").join(lines))]
        if isinstance(entry, Episode) and not entry.described:
            options.append(
                _text(
                    Content.styled(
                        "⚠ Not described: the sources say nothing specific about this episode.",
                        "bold $text-warning",
                    )
                )
            )
        if isinstance(entry, Discrepancy):
            options.append(_text(Content.assemble(("Question: ", "bold"), literal(entry.question))))
            compare = Content.styled("⇆ Compare the claims side by side", "bold $text-accent")
            options.append(TargetOption(compare, ViewPlace("compare", entry.id)))
        options.append(_text(Content.assemble("\n", literal(entry.summary))))
        if isinstance(entry, Source):
            read = Content.styled("▶ Read the full text", "bold $text-accent")
            options.append(TargetOption(read, SourcePlace(entry.id)))
        return options

    def facts(self) -> list[tuple[str, str]]:
        entry = self.entry
        facts: list[tuple[str, str]] = []
        if isinstance(entry, Episode):
            facts.append(("episode", str(entry.number)))
        if isinstance(entry, Subject):
            if entry.main:
                facts.append(("main subject", "yes"))
            if entry.role:
                facts.append(("role", entry.role))
        if isinstance(entry, Person) and entry.role:
            facts.append(("role", entry.role))
        if isinstance(entry, Location) and entry.region:
            facts.append(("region", entry.region))
        if isinstance(entry, Source):
            facts.append(("file", entry.file))
            if entry.outlet:
                facts.append(("outlet", entry.outlet))
            facts.append(("kind", entry.source_kind))
            facts.append(("cited passages", str(len(self.catalog.anchors_in(entry.id)))))
        if isinstance(entry, Event):
            hedge = "" if entry.date_certainty == "stated" else f" ({entry.date_certainty})"
            facts.append(("date", entry.stated + hedge))
        return facts

    # -- links ----------------------------------------------------------------------------------
    def links(self) -> list[Option]:
        options: list[Option] = []
        for relation, links in grouped_links(self.catalog, self.entry.id):
            options.append(_text(Content.styled(f"\n{relation.capitalize()} ({len(links)})", "bold $text-primary")))
            for link in links:
                target = self.catalog.entries[link.target_id]
                row = Content.assemble(("› ", "$text-accent"), literal_line(target.name))
                if link.certainty != "stated":
                    row = Content.assemble(row, (f"  ({link.certainty})", "italic $text-warning"))
                options.append(TargetOption(row, EntryPlace(link.target_id)))
        return options

    # -- passages -------------------------------------------------------------------------------
    def passages(self) -> list[Option | None]:
        passages = all_passages(self.entry)
        if not passages:
            return []
        options: list[Option | None] = []
        own = len(self.entry.passages)
        if own:
            options.append(_text(Content.styled(f"\nPassages ({own})", "bold $text-primary")))
        claim_starts: dict[int, tuple[int, str]] = {}
        if isinstance(self.entry, Discrepancy):
            index = own
            for number, claim in enumerate(self.entry.claims, 1):
                claim_starts[index] = (number, claim.claim)
                index += len(claim.passages)
        for index, passage in enumerate(passages):
            if index in claim_starts:
                number, said = claim_starts[index]
                options.append(
                    _text(Content.assemble((f"\nClaim {number}: ", "bold $text-primary"), literal(said, "bold")))
                )
            if index and index not in claim_starts:
                options.append(None)  # a rule between passages
            options.append(self.passage(index, passage))
        return options

    def passage(self, index: int, passage: Passage) -> Option:
        anchor = self.anchors[index] if index < len(self.anchors) else None
        source = self.catalog.sources.get(passage.source)
        title = literal_line(source.name if source else passage.source, "italic")
        if anchor is None:
            problem = self.catalog.drift_reasons.get((self.entry.id, index))
            reason = problem.message if problem else "the quote could not be found in its source"
            body = Content("\n").join(
                [
                    Content.assemble(("✗ drifted ", "bold $text-error"), flat(passage.quote, "strike")),
                    Content.assemble(("  — ", "dim"), title),
                    Content.assemble(("  ", ""), literal(reason, "$text-error")),
                ]
            )
            return _text(body)
        body = Content("\n").join(
            [
                passage_in_context(self.catalog, anchor),
                Content.assemble(("  — ", "dim"), title, (f", line {anchor.line}", "dim")),
            ]
            + ([Content.assemble(("  note: ", "dim"), literal(passage.note, "dim"))] if passage.note else [])
        )
        return TargetOption(body, SourcePlace(anchor.source_id, anchor.start, anchor.end))

"""One entry in full: header, summary, links by relation, passages by source with their context.

It is a list so that links and passages are stops the cursor (and the mouse) can pick: each stop is
a `TargetOption` (a link opens its entry, a passage its span in the reader). Headings and prose are
disabled options, which the cursor skips. A long group (a place thousands of entries link to) shows
its first rows and a `… and N more` stop that shows more when chosen, so that showing an entry costs
the same whatever its number of links.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.clipboard import copy_citation_of
from tui.app.literal import badge, flat, literal, literal_line
from tui.app.messages import Curate
from tui.app.places import EntryPlace, SourcePlace, ViewPlace
from tui.app.widgets.nav_list import NavList, TargetOption
from tui.catalog import Anchor, Catalog
from tui.catalog.anchor import SourceText
from tui.catalog.context import quote_context
from tui.catalog.labels import source_labels
from tui.catalog.model import PassageState
from tui.catalog.relations import grouped_links
from tui.catalog.schema import (
    Claim,
    Discrepancy,
    Entry,
    Episode,
    Event,
    Location,
    Passage,
    Person,
    Source,
    Subject,
)
from tui.text import one_line

PAGE = 30
"""How many rows of a group are shown at first, and how many more each `… more` stop adds."""

QUOTE_STYLE = "bold $text-accent"
CONTEXT_STYLE = "dim"


class MoreOption(Option):
    """The `… and N more` stop at the end of a long group: choosing it shows more of `group`."""

    def __init__(self, prompt: Content, group: str) -> None:
        super().__init__(prompt)
        self.group = group


class ExcerptOption(TargetOption):
    """A stretch of a source holding one or more passages (`spans`, their `indexes` among the
    entry's passages); it opens the first."""

    def __init__(self, prompt: Content, spans: list[SourcePlace], indexes: list[int]) -> None:
        super().__init__(prompt, spans[0])
        self.spans = spans
        self.indexes = indexes


class HealthOption(Option):
    """A passage that does not anchor exactly (drifted or ambiguous): `R` (or `enter`) on a drifted
    one compares it with its closest match."""

    def __init__(self, prompt: Content, entry_id: str, index: int) -> None:
        super().__init__(prompt)
        self.entry_id = entry_id
        self.index = index


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
        Binding("a", "add_alias", "Add alias", show=False, id="detail.add_alias"),
        Binding("o", "edit_note", "Passage note", show=False, id="detail.edit_note"),
        Binding("R", "repair", "Repair a drifted passage", show=False, id="detail.repair"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry_id: str | None = None
        self.catalog: Catalog | None = None
        self.shown: dict[str, int] = {}  # group -> rows shown, for groups shown beyond the first page
        self._rendered_width = 0

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

    def action_add_alias(self) -> None:
        """`a`: add an alias to this entry (the app asks for it, previews and writes on confirm)."""
        if self.entry_id is not None:
            self.post_message(Curate("alias", entry_id=self.entry_id))

    def action_edit_note(self) -> None:
        """`o`: set the note of the passage under the cursor (the first, in an excerpt of several)."""
        option = self.highlighted_option
        if isinstance(option, ExcerptOption):
            index = option.indexes[0]
        elif isinstance(option, HealthOption):
            index = option.index
        else:
            self.notify("Move to a passage first: then o edits its note.", severity="warning")
            return
        if self.entry_id is not None:
            self.post_message(Curate("note", entry_id=self.entry_id, passage_index=index))

    def action_repair(self) -> None:
        """`R`: compare the drifted passage under the cursor with its closest match (accept or keep)."""
        option = self.highlighted_option
        if not isinstance(option, HealthOption):
            self.notify("Move to a drifted passage first: then R compares it with its closest match.")
            return
        self.post_message(Curate("repair", entry_id=option.entry_id, passage_index=option.index))

    @property
    def expanded(self) -> tuple[tuple[str, int], ...]:
        """The groups shown beyond their first page, and how far (for `Visit.expanded`)."""
        return tuple(sorted(self.shown.items()))

    def show(
        self,
        catalog: Catalog,
        entry_id: str | None,
        *,
        at: SourcePlace | None = None,
        expanded: Sequence[tuple[str, int]] = (),
    ) -> None:
        """Render `entry_id` (None: an empty pane). With `at`, the passage there is highlighted and
        scrolled into view (what a search hit or a citing passage came for); without, the pane is
        at the top with no stop chosen: the first `down` picks the first link, so the header stays
        in view on small screens."""
        self.catalog, self.entry_id = catalog, entry_id
        self.shown = dict(expanded)
        self._rendered_width = self.text_width
        entry = catalog.get(entry_id) if entry_id else None
        renderer = _EntryRenderer(catalog, entry, self.shown, self.text_width) if entry else None
        if renderer is not None and at is not None:
            renderer.reveal(at)
        self.set_options(renderer.options() if renderer else [])
        self.highlighted = None
        self.scroll_home(animate=False)
        if at is not None and self.highlight_passage(at):
            self.call_after_refresh(self.bring_highlight_to_top)

    def bring_highlight_to_top(self) -> None:
        """Scroll the highlighted stop to near the top, the heading above it still in view."""
        self.scroll_to_highlight(top=True)
        self.scroll_relative(y=-2, animate=False, immediate=True)

    @property
    def text_width(self) -> int:
        """The width options are wrapped to (0 before the first layout)."""
        padding = self.get_component_styles("option-list--option").padding.width
        return max(0, self.scrollable_content_region.width - padding)

    def on_resize(self) -> None:
        """Ids and file names longer than a line are folded at their hyphens and slashes for the
        width they are shown at: a new width renders them again (cursor and scroll kept)."""
        if self.catalog is None or self.entry_id is None or self.text_width == self._rendered_width:
            return
        self._render_again()

    def _render_again(self) -> None:
        assert self.catalog is not None
        index, scroll_y = self.highlighted, self.scroll_y
        self._rendered_width = self.text_width
        entry = self.catalog.get(self.entry_id or "")
        self.set_options(_EntryRenderer(self.catalog, entry, self.shown, self.text_width).options() if entry else [])
        self.highlighted = index
        self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)

    def highlight_passage(self, at: SourcePlace) -> bool:
        """Put the cursor on the passage overlapping `at`; False if the entry cites nothing there."""
        for index, option in enumerate(self.options):
            if isinstance(option, ExcerptOption) and any(_overlaps(span, at) for span in option.spans):
                self.highlighted = index
                return True
        return False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, HealthOption):
            event.stop()
            self.action_repair()
            return
        if not isinstance(event.option, MoreOption) or self.catalog is None:
            return
        event.stop()
        event.prevent_default()
        group = event.option.group
        self.shown[group] = self.shown.get(group, PAGE) + PAGE * 10
        self._render_again()  # the cursor stays at the row of the stop: the first row just shown


def _overlaps(one: SourcePlace, other: SourcePlace) -> bool:
    if one.source_id != other.source_id:
        return False
    if None in (one.start, one.end, other.start, other.end):
        return False
    return one.start < other.end and other.start < one.end  # type: ignore[operator]


def _text(content: Content | str) -> Option:
    """A disabled option: prose the cursor skips."""
    return Option(content if isinstance(content, Content) else Content(content), disabled=True)


def _heading(text: str) -> Option:
    return _text(Content.styled(f"\n{text}", "bold $text-primary"))


@dataclass(frozen=True, slots=True)
class _Cited:
    """One passage of the entry, anchored or not (drifted)."""

    index: int  # among the entry's passages (schema.all_passages)
    passage: Passage
    anchor: Anchor | None


class _EntryRenderer:
    """Builds the option list for one entry (kept apart so `EntryDetail` stays a widget)."""

    def __init__(self, catalog: Catalog, entry: Entry | None, shown: dict[str, int], width: int) -> None:
        assert entry is not None
        self.catalog = catalog
        self.width = width  # text width: longer ids and file names are folded to it
        self.entry = entry
        self.kind = catalog.kind(entry.id)
        self.anchors = catalog.anchors.get(entry.id, ())
        self.shown = shown  # group -> rows to show (PAGE when absent)

    def options(self) -> list[Option | None]:
        return [*self.header(), *self.links(), *self.passages()]

    def reveal(self, at: SourcePlace) -> None:
        """Show enough of the passage group that holds `at` for its passage to be listed."""
        for group, items in self._passage_groups():
            for position, block in enumerate(_blocks(self.catalog, items)):
                if any(c.anchor is not None and _overlaps(_place(c.anchor), at) for c in block):
                    self.shown[group] = max(self.shown.get(group, PAGE), position + 1)
                    return

    # -- header ---------------------------------------------------------------------------------
    def header(self) -> list[Option]:
        entry = self.entry
        title = Content.assemble(badge(self.kind, 0), "  ", literal_line(entry.name, "bold"))
        lines: list[Content] = [title, literal(fold_long_words(entry.id, self.width), "dim")]
        if entry.aliases:
            lines.append(
                Content.assemble(("also: ", "dim"), Content(" · ").join(literal_line(a) for a in entry.aliases))
            )
        for label, value in self.facts():
            folded = fold_long_words(one_line(value), self.width, len(label) + 2)
            lines.append(Content.assemble((f"{label}: ", "dim"), literal(folded)))
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
        if isinstance(entry, Event) and entry.date_note:
            options.append(_text(Content.assemble(("date: ", "dim"), literal(entry.date_note, "italic"))))
        if isinstance(entry, Discrepancy):
            options.append(_text(Content.assemble(("Question: ", "bold"), literal(entry.question))))
            compare = Content.styled("⇆ Compare the claims side by side", "bold $text-accent")
            options.append(TargetOption(compare, ViewPlace("compare", entry.id)))
            if entry.resolution:
                options.append(_text(Content.assemble(("Resolved: ", "bold $text-success"), literal(entry.resolution))))
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
            facts.append(("label", source_labels(self.catalog)[entry.id]))
            facts.append(("file", entry.file))
            if entry.outlet:
                facts.append(("outlet", entry.outlet))
            if entry.author:
                facts.append(("author", entry.author))
            if entry.published:
                facts.append(("published", entry.published))
            facts.append(("kind", entry.source_kind))
            facts.append(("cited passages", str(len(self.catalog.anchors_in(entry.id)))))
        if isinstance(entry, Event):
            hedge = "" if entry.date_certainty == "stated" else f" ({entry.date_certainty})"
            facts.append(("date", entry.stated + hedge))
        if isinstance(entry, Discrepancy):
            facts.append(("status", entry.status))
        return facts

    # -- links ----------------------------------------------------------------------------------
    def links(self) -> list[Option]:
        options: list[Option] = []
        for relation, links in grouped_links(self.catalog, self.entry.id):
            options.append(_heading(f"{relation.capitalize()} ({len(links)})"))
            limit = self.shown.get(relation, PAGE)
            for link in links[:limit]:
                target = self.catalog.entries[link.target_id]
                row = Content.assemble(("› ", "$text-accent"), literal_line(target.name))
                if link.certainty != "stated":
                    row = Content.assemble(row, ("  ", ""), (link.certainty, "italic $text-warning"))
                    if link.note:
                        row = Content.assemble(row, "\n", ("    ", ""), literal(link.note, "dim italic"))
                options.append(TargetOption(row, EntryPlace(link.target_id)))
            if len(links) > limit:
                options.append(_more(relation, len(links) - limit))
        return options

    # -- passages -------------------------------------------------------------------------------
    def _cited(self, passages: Sequence[Passage], first: int) -> list[_Cited]:
        return [
            _Cited(index, passage, self.anchors[index] if index < len(self.anchors) else None)
            for index, passage in enumerate(passages, first)
        ]

    def _sections(self) -> Iterator[tuple[Claim | None, list[_Cited]]]:
        """The entry's own passages (claim None), then each discrepancy claim's."""
        entry = self.entry
        yield None, self._cited(entry.passages, 0)
        if isinstance(entry, Discrepancy):
            index = len(entry.passages)
            for claim in entry.claims:
                yield claim, self._cited(claim.passages, index)
                index += len(claim.passages)

    def _by_source(self, cited: list[_Cited]) -> list[tuple[str, list[_Cited]]]:
        """Passages grouped by source (sources in catalog order), anchored ones by position, then
        the drifted ones."""
        groups: dict[str, list[_Cited]] = {}
        for item in cited:
            groups.setdefault(item.passage.source, []).append(item)
        order = [s for s in self.catalog.sources if s in groups] + [s for s in groups if s not in self.catalog.sources]
        return [(source_id, sorted(groups[source_id], key=_reading_order)) for source_id in order]

    def _passage_groups(self) -> Iterator[tuple[str, list[_Cited]]]:
        """(group name, passages of one source) in display order: the keys of `shown`."""
        for number, (_, cited) in enumerate(self._sections()):
            for source_id, items in self._by_source(cited):
                yield f"passages:{number}:{source_id}", items

    def passages(self) -> list[Option | None]:
        options: list[Option | None] = []
        labels = source_labels(self.catalog)
        groups = iter(self._passage_groups())
        for number, (claim, cited) in enumerate(self._sections()):
            if claim is None and cited:
                options.append(_heading(f"Passages ({len(cited)})"))
            elif claim is not None:
                options.append(self.claim_heading(number, claim))
            for source_id, items in self._by_source(cited):
                group, _ = next(groups)
                source = self.catalog.sources.get(source_id)
                options.append(
                    _text(
                        Content.assemble(
                            ("\n", ""),
                            literal_line(labels.get(source_id, source_id), "bold"),
                            *((("\n", ""), literal_line(source.name, "dim italic")) if source else ()),
                        )
                    )
                )
                blocks = _blocks(self.catalog, items)
                limit = self.shown.get(group, PAGE)
                for position, block in enumerate(blocks[:limit]):
                    if position:
                        options.append(None)  # a rule between excerpts
                    options.append(self.block(block))
                if len(blocks) > limit:
                    options.append(_more(group, len(blocks) - limit))
        return options

    def claim_heading(self, number: int, claim: Claim) -> Option:
        """`Claim 1: ...`, with its rank when the evidence favours it (preferred) or refutes it."""
        rank = {"preferred": ("preferred", "bold $text-success"), "deprecated": ("deprecated", "bold $text-error")}
        shown = rank.get(claim.rank)
        return _text(
            Content.assemble(
                (f"\nClaim {number}", "bold $text-primary"),
                *((" (", ""), shown, (")", "")) if shown else (),
                (": ", "bold $text-primary"),
                literal(claim.claim, "bold"),
            )
        )

    def block(self, block: list[_Cited]) -> Option:
        """One excerpt: passages that share their context are shown in one stretch of the source,
        each lit, with the citation under it; it opens the reader at the first."""
        first = block[0]
        if first.anchor is None:
            return self.drifted(first)
        anchors = [c.anchor for c in block if c.anchor is not None]
        text = self.catalog.texts[first.anchor.source_id]
        start, end, para_start, para_end = _window(text, anchors)
        body = Content.assemble(
            ("…" if start > para_start else "", CONTEXT_STYLE),
            _excerpt(text.text, start, end, [(a.start, a.end) for a in anchors]),
            ("…" if end < para_end else "", CONTEXT_STYLE),
        )
        return ExcerptOption(
            Content("\n").join([body, *self.citation(block)]), [_place(a) for a in anchors], [a.index for a in anchors]
        )

    def citation(self, block: list[_Cited]) -> list[Content]:
        """Under an excerpt, indented: `line 12 — the curator's note` (several notes: one line each)."""
        lines = sorted({c.anchor.line for c in block if c.anchor is not None})
        notes: dict[str, list[int]] = {}  # note -> the lines of the passages it is written on
        for cited in block:
            if cited.passage.note and cited.anchor is not None:
                notes.setdefault(cited.passage.note, []).append(cited.anchor.line)
        indent = ("    ", "")
        if len(notes) <= 1:
            where = Content.assemble(indent, (_lines(lines), "dim"))
            if notes:
                where = Content.assemble(where, (" — ", "dim"), literal(next(iter(notes)), "dim italic"))
            return [where]
        return [Content.assemble(indent, (_lines(lines), "dim"))] + [
            Content.assemble(indent, (_lines(sorted(set(on))), "dim"), (" — ", "dim"), literal(note, "dim italic"))
            for note, on in notes.items()
        ]

    def drifted(self, item: _Cited) -> Option:
        """A passage that does not anchor exactly: ambiguous (the lines it is on) or drifted (why,
        and whether `R` has a closest match to offer)."""
        health = self.catalog.health.get((self.entry.id, item.index))
        if health is not None and health.state == PassageState.AMBIGUOUS:
            where = _lines(list(health.lines)) if health.lines else "several places"
            body = Content("\n").join(
                [
                    Content.assemble(("? ambiguous ", "bold $text-warning"), flat(item.passage.quote)),
                    Content.assemble(
                        ("    ", ""), (f"found at {where}: a prefix or suffix would pick one", "$text-warning")
                    ),
                ]
            )
            return HealthOption(body, self.entry.id, item.index)
        problem = self.catalog.drift_reasons.get((self.entry.id, item.index))
        reason = problem.message if problem else "the quote could not be found in its source"
        lines = [
            Content.assemble(("✗ drifted ", "bold $text-error"), flat(item.passage.quote, "strike")),
            Content.assemble(("    ", ""), literal(reason, "$text-error")),
        ]
        if health is not None and health.closest is not None:
            lines.append(Content.styled("    R: compare with the closest match", "dim"))
        return HealthOption(Content("\n").join(lines), self.entry.id, item.index)


def _lines(lines: list[int]) -> str:
    """`line 4`, `lines 4 and 7`, `lines 4, 5 and 7`."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    return f"lines {', '.join(map(str, lines[:-1]))} and {lines[-1]}"


def _reading_order(cited: _Cited) -> tuple[bool, int, int]:
    """Anchored passages by position, then drifted ones in file order."""
    if cited.anchor is None:
        return True, cited.index, 0
    return False, cited.anchor.start, cited.anchor.end


def fold_long_words(text: str, width: int, indent: int = 0) -> str:
    """`text` with each word longer than `width` broken into lines after a hyphen, underscore or
    slash (an id, a file name), so that no line break falls inside a word. The first line starts
    `indent` columns in (after a label). 0: the width is not known yet, nothing is folded."""
    if width <= 0:
        return text
    words = text.split(" ")
    folded = []
    room = width - indent
    for word in words:
        pieces, rest = [], word
        while len(rest) > room > 0:
            cut = max(rest.rfind(mark, 0, room) for mark in "-_/")
            if cut < 0:
                break
            pieces.append(rest[: cut + 1])
            rest, room = rest[cut + 1 :], width
        folded.append("\n".join([*pieces, rest]))
        room = width
    return " ".join(folded)


def _more(group: str, hidden: int) -> MoreOption:
    shown = min(hidden, PAGE * 10)
    return MoreOption(
        Content.assemble(
            (f"… and {hidden:,} more", "bold $text-accent"),
            (f"  (enter: show {'them' if shown == hidden else f'{shown:,} more'})", "dim"),
        ),
        group,
    )


def _place(anchor: Anchor) -> SourcePlace:
    return SourcePlace(anchor.source_id, anchor.start, anchor.end)


def _bounds(text: SourceText, anchor: Anchor) -> tuple[int, int, int, int]:
    """The context window of one quote and its paragraph bounds (see `tui.catalog.context`):
    (start, end, paragraph start, paragraph end)."""
    around = quote_context(text, anchor.span)
    return around.window.start, around.window.end, around.paragraph.start, around.paragraph.end


def _window(text: SourceText, anchors: list[Anchor]) -> tuple[int, int, int, int]:
    """The context window of an excerpt of one or more quotes (see `_bounds`)."""
    first, last = _bounds(text, anchors[0]), max((_bounds(text, a) for a in anchors), key=lambda b: b[1])
    return first[0], max(last[1], *(a.end for a in anchors)), first[2], last[3]


def _blocks(catalog: Catalog, items: list[_Cited]) -> list[list[_Cited]]:
    """The passages of one source cut into excerpts: consecutive passages whose context windows
    overlap share one; identical spans are shown once."""
    blocks: list[list[_Cited]] = []
    reach = -1  # where the current block's context ends
    for item in items:
        anchor = item.anchor
        if anchor is None:
            blocks.append([item])
            reach = -1
            continue
        text = catalog.texts[anchor.source_id]
        start, end, _, _ = _bounds(text, anchor)
        previous = blocks[-1][-1].anchor if blocks else None
        if previous is not None and start <= reach:
            if previous.span != anchor.span:
                blocks[-1].append(item)
            elif item.passage.note and not blocks[-1][-1].passage.note:
                blocks[-1][-1] = item  # the same span twice: keep the one with a note
            reach = max(reach, end)
        else:
            blocks.append([item])
            reach = end
    return blocks


def _excerpt(source: str, start: int, end: int, quotes: list[tuple[int, int]]) -> Content:
    """`source[start:end]` on one line, the quotes in it lit, the rest dim."""
    cuts = sorted({start, end, *(q for span in quotes for q in span if start < q < end)})
    pieces: list[Content] = []
    for piece_start, piece_end in zip(cuts, cuts[1:], strict=False):
        quoted = any(q_start <= piece_start and piece_end <= q_end for q_start, q_end in quotes)
        pieces.append(flat(source[piece_start:piece_end], QUOTE_STYLE if quoted else CONTEXT_STYLE))
    return Content.assemble(*pieces)

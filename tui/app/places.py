"""Where the user can be, and what a list row opens: an entry, a span of a source, an overview.

History records `Visit`s (a place as the user left it); every list that opens something carries a
place per row (`TargetOption`); `Navigate` asks the App to go to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.catalog import Catalog
from tui.search import Hit


@dataclass(frozen=True, slots=True)
class SourcePlace:
    """The source reader at a span (no span: the top of the document)."""

    source_id: str
    start: int | None = None
    end: int | None = None
    find: str = field(default="", compare=False)  # what the reader's find bar opens with (a search hit's words)


@dataclass(frozen=True, slots=True)
class EntryPlace:
    """An entry's detail in the browser. `at` is the span of a source that brought the user here
    (a search hit in a passage, a citing passage in the reader): the detail shows that passage."""

    entry_id: str
    at: SourcePlace | None = None


@dataclass(frozen=True, slots=True)
class ViewPlace:
    """An overview (matrix, timeline, comparison...), shown again as it was left (views keep their
    own cursor). `entry_id`: open it at that entry (the discrepancy to compare, the subject's row);
    not part of the place's identity, so history sees one place per view."""

    name: str
    entry_id: str | None = field(default=None, compare=False)


Place = EntryPlace | SourcePlace | ViewPlace


def same_place(one: Place, other: Place) -> bool:
    """Whether two places are the same screen: one entry, one source, one view. (A span of the
    same source, a scroll of the same entry: the user moved within a place.)"""
    if isinstance(one, EntryPlace) and isinstance(other, EntryPlace):
        return one.entry_id == other.entry_id
    if isinstance(one, SourcePlace) and isinstance(other, SourcePlace):
        return one.source_id == other.source_id
    return one == other


@dataclass(frozen=True, slots=True)
class Visit:
    """A place exactly as the user left it, so that back and forward show it again so: the main
    pane's scroll and cursor (the detail's highlighted stop, the reader's line), the entry list's
    scroll, the focused pane, the link groups shown in full. A jump's target leaves them None: the
    screen then shows the place as a jump does (what the user came for, in view)."""

    place: Place
    scroll_y: float | None = None
    cursor: int | None = None
    list_scroll_y: float | None = None
    focus: str | None = None
    expanded: tuple[tuple[str, int], ...] = ()  # (group, rows shown) of groups shown beyond a page


def hit_place(hit: Hit) -> Place:
    """Where a search hit opens: an uncited source paragraph in the reader (its find bar holding the
    words the search matched), a passage as its entry with that passage in view, anything else as
    an entry."""
    if hit.source_id is not None and hit.start is not None and hit.end is not None:
        if hit.field == "text":
            return SourcePlace(hit.source_id, hit.start, hit.end, find=matched_words(hit))
        return EntryPlace(hit.id, at=SourcePlace(hit.source_id, hit.start, hit.end))
    return EntryPlace(hit.id)


def matched_words(hit: Hit) -> str:
    """The text of the hit's first matched word, with the matched words that follow it across
    whitespace only: `detention center` for a paragraph that has the two words together. A word
    matched with a typo has gaps (`deportaton` lights "deportat" and "on"): gaps within a word are
    kept. Whitespace is folded to single spaces (the find bar matches any run of it)."""
    text, positions = hit.matched, hit.positions
    if not positions:
        return ""
    end = start = positions[0]
    for position in positions:
        gap = text[end:position]
        if gap.strip() and any(c.isspace() for c in gap):
            break  # other words between: a later match
        end = position + 1
    return " ".join(text[start:end].split())


def line_place(catalog: Catalog, source_id: str, line: int) -> SourcePlace | None:
    """That line of a source (1-based, as `validate` and the detail count them), or None if the
    source is unknown or unreadable or has no such line."""
    text = catalog.texts.get(source_id) if source_id in catalog.sources else None
    span = text.line_span(line) if text is not None else None
    return SourcePlace(source_id, *span) if span is not None else None


def line_target(target: str) -> tuple[str, int] | None:
    """`SOURCE_ID:LINE` as (source id, line); None for anything else (an entry id)."""
    source_id, colon, line = target.rpartition(":")
    if colon and source_id.strip() and line.strip().isdigit():
        return source_id.strip(), int(line)
    return None


def target_place(catalog: Catalog, target: str) -> Place | str:
    """What `imnation open TARGET` and the palette open: `SOURCE_ID:LINE` (that line in the
    reader) or an entry id. A str is the reason it opens nothing."""
    if (line_ref := line_target(target)) is not None:
        source_id, line = line_ref
        if source_id not in catalog.sources:
            return f"no source with id {source_id!r}"
        place = line_place(catalog, source_id, line)
        if place is None:
            lines = catalog.texts[source_id].line_count if source_id in catalog.texts else 0
            return f"{source_id!r} has no line {line} (it has {lines})"
        return place
    if target in catalog:
        return EntryPlace(target)
    return f"no entry with id {target!r}"

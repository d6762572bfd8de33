"""The loaded catalog: entries by id, anchored passages, links in both directions.

A `Catalog` is immutable once built; a reload builds a new one. The UI, the CLI and the search index
only read it. What several readers need in one order (a source's anchors sorted by position, the
entries of a kind in display order) is computed once, when the catalog is built.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, TypeVar

from tui.catalog.anchor import SourceText, Span
from tui.catalog.problems import Problem
from tui.catalog.schema import (
    KIND_OF_MODEL,
    KIND_OF_SECTION,
    KINDS,
    CatalogFile,
    Certainty,
    Entry,
    Episode,
    Passage,
    Source,
    Subject,
)
from tui.catalog.yamlload import Marked, NodeSpan

EntryT = TypeVar("EntryT", bound=Entry)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage sits in its source: `text == source_text[start:end]`."""

    entry_id: str
    index: int  # position among the entry's passages (see schema.all_passages)
    passage: Passage
    source_id: str
    file: str  # relative to the catalog folder, as written in the catalog
    start: int
    end: int
    line: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


class PassageState(StrEnum):
    """How a passage's quote anchors: `exact` (once, or made unique by its prefix or suffix),
    `ambiguous` (in several places and no context picks one), `drifted` (not found, or its source
    cannot be read)."""

    EXACT = "exact"
    AMBIGUOUS = "ambiguous"
    DRIFTED = "drifted"


@dataclass(frozen=True, slots=True)
class PassageHealth:
    """Why a passage is not exact: its state, and for a drifted quote the closest match in the
    source (`closest` None when nothing is close or the source cannot be read) at
    `[closest_start, closest_end)`, line `closest_line`; for an ambiguous one, the lines."""

    entry_id: str
    index: int
    source_id: str
    quote: str
    state: PassageState
    closest: str | None = None
    closest_start: int = -1
    closest_end: int = -1
    closest_line: int = 0
    similarity: float = 0.0
    lines: tuple[int, ...] = ()


class Link(NamedTuple):
    """A link from one entry to another. `relation` is the section the target belongs to, as
    written in the YAML (`episodes`, `subjects`, ...); `derived` links are the inverse of a link
    another entry wrote. A derived link has the certainty (and note) of the link it inverts.
    (A named tuple: a catalog makes two per link, 58,000 at 10,000 entries, four times faster
    than a frozen dataclass.)"""

    source_id: str
    target_id: str
    relation: str
    derived: bool
    certainty: Certainty = "stated"
    note: str | None = None  # why a link is hedged or inferred


def _display_order(kind: str, entries: list[Entry]) -> tuple[Entry, ...]:
    """Episodes by number, main subjects first, events by date; otherwise file order."""
    if kind == "episode":
        entries.sort(key=lambda e: e.number if isinstance(e, Episode) else 0)
    elif kind == "subject":
        entries.sort(key=lambda e: not (isinstance(e, Subject) and e.main))
    elif kind == "event":
        entries.sort(key=lambda e: str(getattr(e, "date", "")))
    return tuple(entries)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything a loaded `catalog.yaml` says, validated, linked and anchored.

    `file_sha256` is the hash of the file's bytes this catalog was built from: a writer compares it
    with the file on disk to refuse writing over a change it has not seen. `positions` says where
    each entry is written (its whole node, start to end). `problems` are the non-blocking ones
    (see `tui.catalog.problems`); `drift_reasons` says why a passage did not anchor, by
    (entry id, index in `anchors[entry id]`), and `health` what is wrong with it
    (`passage_state` gives any passage's state); `reading` and `validated` are what the YAML
    reader made of the file and its validated entries, which a reload of a changed file starts
    from."""

    path: Path
    file_sha256: str
    entries: Mapping[str, Entry]
    kinds: Mapping[str, str]  # id -> kind
    sources: Mapping[str, Source]
    texts: Mapping[str, SourceText]  # source id -> text (only sources that could be read)
    anchors: Mapping[str, tuple[Anchor | None, ...]]  # entry id -> anchor per passage (None: drifted)
    links: Mapping[str, tuple[Link, ...]]
    positions: Mapping[str, NodeSpan]
    problems: tuple[Problem, ...] = ()
    drift_reasons: Mapping[tuple[str, int], Problem] = field(default_factory=dict)
    health: Mapping[tuple[str, int], PassageHealth] = field(default_factory=dict)  # passages not exact
    # What the YAML reader made of the file and the entries validated from it, in file order: a
    # reload reads and validates again only the entries a save changed.
    reading: Marked | None = field(default=None, repr=False, compare=False)
    validated: CatalogFile | None = field(default=None, repr=False, compare=False)
    # Derived once in __post_init__:
    _by_kind: Mapping[str, tuple[Entry, ...]] = field(init=False, repr=False, compare=False)
    _by_source: Mapping[str, tuple[Anchor, ...]] = field(init=False, repr=False, compare=False)
    _starts: Mapping[str, list[int]] = field(init=False, repr=False, compare=False)
    _longest: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Entry]] = {kind: [] for kind in KINDS}
        for entry in self.entries.values():
            grouped[self.kinds[entry.id]].append(entry)
        by_source: dict[str, list[Anchor]] = {}
        for anchor in self.iter_anchors():
            by_source.setdefault(anchor.source_id, []).append(anchor)
        for found in by_source.values():
            found.sort(key=lambda a: (a.start, a.end, a.entry_id))
        set_ = object.__setattr__  # frozen: the derived fields are set once, here
        set_(self, "_by_kind", {kind: _display_order(kind, found) for kind, found in grouped.items()})
        set_(self, "_by_source", {sid: tuple(found) for sid, found in by_source.items()})
        set_(self, "_starts", {sid: [a.start for a in found] for sid, found in by_source.items()})
        set_(self, "_longest", {sid: max(a.end - a.start for a in found) for sid, found in by_source.items()})

    @property
    def folder(self) -> Path:
        return self.path.parent

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def kind(self, entry_id: str) -> str:
        return self.kinds[entry_id]

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        """Entries of one kind in display order: episodes by number, main subjects first, events by date."""
        return self._by_kind.get(kind, ())

    def entries_of(self, model: type[EntryT]) -> list[EntryT]:
        """`of_kind` typed by the entry's model: `catalog.entries_of(Episode)` is a list of Episodes."""
        return [e for e in self._by_kind.get(KIND_OF_MODEL[model], ()) if isinstance(e, model)]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KIND_OF_SECTION.values(), 0)
        for kind, found in self._by_kind.items():
            counts[kind] = len(found)
        return counts

    def links_of(self, entry_id: str) -> tuple[Link, ...]:
        return self.links.get(entry_id, ())

    def linked(self, entry_id: str, relation: str) -> list[Entry]:
        """Entries linked under one relation (e.g. an episode's `subjects`), either direction."""
        return [self.entries[link.target_id] for link in self.links_of(entry_id) if link.relation == relation]

    def anchors_of(self, entry_id: str) -> list[Anchor]:
        return [a for a in self.anchors.get(entry_id, ()) if a is not None]

    def anchors_in(self, source_id: str) -> tuple[Anchor, ...]:
        """Every anchored passage in one source, in reading order (start, end, entry id)."""
        return self._by_source.get(source_id, ())

    def anchors_overlapping(self, source_id: str, start: int, end: int) -> list[Anchor]:
        """Anchored passages of a source that overlap `[start, end)`, in reading order: a binary
        search, since an overlapping anchor starts at most the longest anchor's length before."""
        found = self._by_source.get(source_id)
        if not found:
            return []
        starts = self._starts[source_id]
        lo = bisect.bisect_left(starts, start - self._longest[source_id])
        hi = bisect.bisect_left(starts, end)
        return [a for a in found[lo:hi] if a.end > start and a.start < end]

    def citing(self, source_id: str, start: int, end: int) -> list[str]:
        """Ids of entries with a passage overlapping `[start, end)` of a source, sorted."""
        return sorted({a.entry_id for a in self.anchors_overlapping(source_id, start, end)})

    def passage_state(self, entry_id: str, index: int) -> PassageState:
        """`exact`, `ambiguous` or `drifted` for passage `index` of an entry (as `Anchor.index`)."""
        if self.anchors[entry_id][index] is not None:
            return PassageState.EXACT
        found = self.health.get((entry_id, index))
        return found.state if found else PassageState.DRIFTED

    def state_counts(self) -> dict[PassageState, int]:
        """How many passages are in each state."""
        counts = dict.fromkeys(PassageState, 0)
        for found in self.anchors.values():
            counts[PassageState.EXACT] += sum(1 for a in found if a is not None)
        for health in self.health.values():
            counts[health.state] += 1
        return counts

    def source_path(self, source_id: str) -> Path:
        return self.folder / self.sources[source_id].file

    def iter_anchors(self) -> Iterator[Anchor]:
        for anchors in self.anchors.values():
            yield from (a for a in anchors if a is not None)

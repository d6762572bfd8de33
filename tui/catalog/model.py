"""The loaded catalog: entries by id, anchored passages, links in both directions.

A `Catalog` is immutable once built; a reload builds a new one. The UI, the CLI and the search index
only read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.catalog.anchor import SourceText
from tui.catalog.problems import Problem
from tui.catalog.schema import KIND_OF_SECTION, Certainty, Entry, Passage, Source


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


@dataclass(frozen=True, slots=True)
class Link:
    """A link from one entry to another. `relation` is the section the target belongs to, as
    written in the YAML (`episodes`, `subjects`, ...); `derived` links are the inverse of a link
    another entry wrote."""

    source_id: str
    target_id: str
    relation: str
    derived: bool
    certainty: Certainty = "stated"
    note: str | None = None  # why a link is hedged or inferred


@dataclass(frozen=True, slots=True)
class Located:
    """Where an entry (or one of its fields) is written in `catalog.yaml`."""

    line: int
    col: int


@dataclass
class Catalog:
    path: Path
    entries: dict[str, Entry]
    kinds: dict[str, str]  # id -> kind
    sources: dict[str, Source]
    texts: dict[str, SourceText]  # source id -> text (only sources that could be read)
    anchors: dict[str, list[Anchor | None]]  # entry id -> anchor per passage (None: drifted)
    links: dict[str, list[Link]]
    locations: dict[str, Located]
    problems: list[Problem] = field(default_factory=list)
    # Why a passage did not anchor, by (entry id, index in `anchors[entry id]`).
    drift_reasons: dict[tuple[str, int], Problem] = field(default_factory=dict)

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

    def of_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind in display order: episodes by number, main subjects first."""
        entries = [e for e in self.entries.values() if self.kinds[e.id] == kind]
        if kind == "episode":
            entries.sort(key=lambda e: e.number)  # type: ignore[attr-defined]
        elif kind == "subject":
            entries.sort(key=lambda e: not e.main)  # type: ignore[attr-defined]
        return entries

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in KIND_OF_SECTION.values()}
        for kind in self.kinds.values():
            counts[kind] += 1
        return counts

    def links_of(self, entry_id: str) -> list[Link]:
        return self.links.get(entry_id, [])

    def linked(self, entry_id: str, relation: str) -> list[Entry]:
        """Entries linked under one relation (e.g. an episode's `subjects`), either direction."""
        return [self.entries[l.target_id] for l in self.links_of(entry_id) if l.relation == relation]

    def anchors_of(self, entry_id: str) -> list[Anchor]:
        return [a for a in self.anchors.get(entry_id, []) if a is not None]

    def anchors_in(self, source_id: str) -> list[Anchor]:
        """Every anchored passage in one source, in reading order."""
        found = [a for anchors in self.anchors.values() for a in anchors if a and a.source_id == source_id]
        return sorted(found, key=lambda a: (a.start, a.end, a.entry_id))

    def citing(self, source_id: str, start: int, end: int) -> list[str]:
        """Ids of entries with a passage overlapping `[start, end)` of a source."""
        ids = {a.entry_id for a in self.anchors_in(source_id) if a.start < end and start < a.end}
        return sorted(ids)

    def source_path(self, source_id: str) -> Path:
        return self.folder / self.sources[source_id].file

    def iter_anchors(self) -> Iterator[Anchor]:
        for anchors in self.anchors.values():
            yield from (a for a in anchors if a is not None)

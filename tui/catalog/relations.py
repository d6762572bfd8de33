"""What follows from the links: who appears in which episode, places by region, links grouped by
relation. One place and one order for the app's views, the CLI and the exports.

An entry appears in an episode when the catalog links them (in either direction) or when the entry
is linked to a scene that is linked to that episode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.catalog.model import Anchor, Catalog, Link
from tui.catalog.schema import SECTION_OF_KIND, Claim, Discrepancy, Entry, Episode, Location, Passage, Subject

NO_REGION = "Region not given"
# The order in which relations are listed: the link fields, in the order of the sections.
RELATION_ORDER: tuple[str, ...] = tuple(SECTION_OF_KIND.values())


@dataclass(frozen=True, slots=True)
class Appearance:
    """How an entry comes to be in one episode: linked directly (with that link's certainty),
    and/or through scenes."""

    direct: Link | None
    scenes: tuple[str, ...]

    @property
    def certainty(self) -> str:
        """`stated` if a stated link or a scene says so, else the direct link's `hedged`/`inferred`."""
        if self.scenes or self.direct is None:
            return "stated"
        return self.direct.certainty


def appearances(catalog: Catalog, entry_id: str) -> dict[str, Appearance]:
    """Episode id -> how `entry_id` appears in it (linked either way, or through a linked scene)."""
    direct = {link.target_id: link for link in catalog.links_of(entry_id) if link.relation == "episodes"}
    through: dict[str, list[str]] = {}
    for scene in catalog.linked(entry_id, "scenes"):
        for episode in catalog.linked(scene.id, "episodes"):
            through.setdefault(episode.id, []).append(scene.id)
    return {
        episode_id: Appearance(direct.get(episode_id), tuple(through.get(episode_id, ())))
        for episode_id in direct.keys() | through.keys()
    }


def matrix_rows(catalog: Catalog) -> list[Entry]:
    """Rows of the appearance matrix: main subjects, other subjects, then people off screen."""
    return [*catalog.of_kind("subject"), *catalog.of_kind("person")]


def who(catalog: Catalog, entry: Entry) -> str:
    """`main subject`, `subject` or `person`: how the matrix names a row."""
    if catalog.kind(entry.id) == "person":
        return "person"
    return "main subject" if isinstance(entry, Subject) and entry.main else "subject"


def episodes_of(catalog: Catalog, entry_id: str) -> list[Episode]:
    """The episodes an entry appears in, in episode order."""
    found = appearances(catalog, entry_id)
    return [episode for episode in catalog.entries_of(Episode) if episode.id in found]


def locations_by_region(catalog: Catalog) -> dict[str, list[Location]]:
    """Region -> its locations, regions alphabetical with locations lacking a region last."""
    groups: dict[str, list[Location]] = {}
    for location in catalog.entries_of(Location):
        groups.setdefault(location.region or NO_REGION, []).append(location)
    order = sorted((r for r in groups if r != NO_REGION), key=str.casefold)
    if NO_REGION in groups:
        order.append(NO_REGION)
    return {region: sorted(groups[region], key=lambda place: place.name.casefold()) for region in order}


def grouped_links(catalog: Catalog, entry_id: str) -> list[tuple[str, list[Link]]]:
    """The entry's links (derived ones included) by relation, relations in section order, each
    target once (the first link to it wins: written before derived)."""
    by_relation: dict[str, dict[str, Link]] = {}
    for link in catalog.links_of(entry_id):
        by_relation.setdefault(link.relation, {}).setdefault(link.target_id, link)
    order = [r for r in RELATION_ORDER if r in by_relation]
    order += sorted(set(by_relation) - set(order))
    return [(relation, list(by_relation[relation].values())) for relation in order]



@dataclass(frozen=True, slots=True)
class ClaimSide:
    """One side of a discrepancy with its passages, each anchored (or None: drifted)."""

    number: int  # 1-based, in file order
    claim: Claim
    passages: tuple[tuple[Passage, Anchor | None], ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources this side cites, in order, once each."""
        return tuple(dict.fromkeys(passage.source for passage, _ in self.passages))


def claim_sides(catalog: Catalog, discrepancy: Discrepancy) -> list[ClaimSide]:
    """Each claim of a discrepancy with its own passages. (A discrepancy's anchors list its own
    passages first, then each claim's, in file order: see `schema.all_passages`.)"""
    anchors = catalog.anchors.get(discrepancy.id, ())
    at = len(discrepancy.passages)
    sides = []
    for number, claim in enumerate(discrepancy.claims, 1):
        found = tuple((p, anchors[at + i] if at + i < len(anchors) else None) for i, p in enumerate(claim.passages))
        sides.append(ClaimSide(number, claim, found))
        at += len(claim.passages)
    return sides


def link_record(catalog: Catalog, link: Link) -> dict[str, Any]:
    """A link as the JSON outputs write it (export, timeline): the target named, with its certainty."""
    return {
        "id": link.target_id,
        "kind": catalog.kinds[link.target_id],
        "name": catalog.entries[link.target_id].name,
        "relation": link.relation,
        "certainty": link.certainty,
        **({"note": link.note} if link.note else {}),
    }

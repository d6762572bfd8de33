"""Pydantic models of `catalog.yaml`.

Field descriptions feed `imnation schema` (and so editor completion and hover text), so they are
written for curators. Every model forbids unknown fields: a typo in a key is an error, not a silent
no-op.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

EntryId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120),
    Field(description="Stable kebab-case id, unique across the whole catalog, e.g. `judy` or `episode-4`."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]

# The singular word used on the command line and in the UI for each top-level list.
KIND_OF_SECTION: dict[str, str] = {
    "episodes": "episode",
    "subjects": "subject",
    "people": "person",
    "locations": "location",
    "organizations": "organization",
    "topics": "topic",
    "scenes": "scene",
    "sources": "source",
    "discrepancies": "discrepancy",
}
SECTION_OF_KIND: dict[str, str] = {kind: section for section, kind in KIND_OF_SECTION.items()}
KINDS: tuple[str, ...] = tuple(KIND_OF_SECTION.values())

# Link fields are named after the section they point into; the loader checks the target's kind and
# derives the inverse link (relation = the section of the entry that wrote it).
LINK_FIELDS: tuple[str, ...] = (
    "episodes",
    "subjects",
    "people",
    "locations",
    "organizations",
    "topics",
    "scenes",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Passage(Strict):
    """A verbatim quote from one source, located like a W3C TextQuoteSelector."""

    source: EntryId = Field(description="Id of the source document the quote comes from.")
    quote: NonEmpty = Field(
        description="The exact words of the source. Curly/straight quotes, dashes and runs of "
        "whitespace are forgiven; nothing else."
    )
    prefix: str | None = Field(
        default=None, description="Text right before the quote, to pick one of several occurrences."
    )
    suffix: str | None = Field(
        default=None, description="Text right after the quote, to pick one of several occurrences."
    )
    note: str | None = Field(default=None, description="Curator's note on what this passage supports.")


def _links(target: str) -> object:
    return Field(default=(), description=f"Ids of linked {target}; the inverse link is derived.")


class Entry(Strict):
    """Fields every catalog entry has."""

    id: EntryId
    name: NonEmpty = Field(description="Display name, as the sources give it.")
    aliases: tuple[NonEmpty, ...] = Field(
        default=(), description="Other spellings a user may type or the sources use (e.g. Schwartz)."
    )
    summary: NonEmpty = Field(description="A short summary, supported by the entry's passages.")
    passages: tuple[Passage, ...] = Field(default=(), description="Where the sources say it.")
    episodes: tuple[EntryId, ...] = _links("episodes")
    subjects: tuple[EntryId, ...] = _links("subjects (people on screen)")
    people: tuple[EntryId, ...] = _links("people (off screen)")
    locations: tuple[EntryId, ...] = _links("locations")
    organizations: tuple[EntryId, ...] = _links("organizations")
    topics: tuple[EntryId, ...] = _links("topics")
    scenes: tuple[EntryId, ...] = _links("scenes")


class Episode(Entry):
    number: int = Field(ge=1, le=6, description="Episode number, 1 to 6.")
    described: bool = Field(
        default=True,
        description="False when the sources say nothing specific about this episode; the summary "
        "then says so instead of inventing.",
    )


class Subject(Entry):
    """Someone shown or followed on screen."""

    main: bool = Field(default=False, description="One of the series' four main subjects.")
    role: str | None = Field(default=None, description="Who they are in the series, in a few words.")


class Person(Entry):
    """Someone off screen: filmmakers, officials quoted in the press, reporters."""

    role: str | None = Field(default=None, description="Who they are, in a few words.")


class Location(Entry):
    region: str | None = Field(
        default=None, description="State, region or country used to group places (e.g. North Carolina)."
    )


class Organization(Entry):
    pass


class Topic(Entry):
    pass


class Scene(Entry):
    pass


class Source(Entry):
    """One of the source documents in `seeds/`."""

    file: NonEmpty = Field(description="Path of the text file, relative to the catalog's folder.")
    outlet: str | None = Field(default=None, description="Publication, if the text reveals it.")
    source_kind: Literal["interview", "review", "news", "feature", "transcript", "other"] = Field(
        description="What sort of document it is."
    )
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="sha256 of the file's bytes; a mismatch warns that passages may have drifted.",
    )


class Claim(Strict):
    """One side of a discrepancy."""

    claim: NonEmpty = Field(description="What this side says.")
    passages: tuple[Passage, ...] = Field(min_length=1, description="Where it says so.")


class Discrepancy(Entry):
    """A question the sources answer differently; each side keeps its own passages."""

    question: NonEmpty = Field(description="The question the sources disagree on.")
    claims: tuple[Claim, ...] = Field(min_length=2, description="Each side's claim with its passages.")


class CatalogFile(Strict):
    """The whole `catalog.yaml`: one list per kind of entry."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="imnation catalog",
        json_schema_extra={"description": "Source-linked catalog of Immigration Nation (2020)."},
    )

    sources: tuple[Source, ...] = ()
    episodes: tuple[Episode, ...] = ()
    subjects: tuple[Subject, ...] = ()
    people: tuple[Person, ...] = ()
    locations: tuple[Location, ...] = ()
    organizations: tuple[Organization, ...] = ()
    topics: tuple[Topic, ...] = ()
    scenes: tuple[Scene, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()


def all_passages(entry: Entry) -> list[Passage]:
    """The entry's own passages, then those of each discrepancy claim, in file order."""
    passages = list(entry.passages)
    if isinstance(entry, Discrepancy):
        for claim in entry.claims:
            passages.extend(claim.passages)
    return passages

"""Pydantic models of `catalog.yaml`.

Field descriptions feed `imnation schema` (and so editor completion and hover text), so they are
written for curators. Every model forbids unknown fields: a typo in a key is an error, not a silent
no-op.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    Tag,
    model_validator,
)

EntryId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120),
    Field(description="Stable kebab-case id, unique across the whole catalog, e.g. `judy` or `episode-4`."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


def _date_as_text(value: Any) -> Any:
    """An unquoted `2020-08-03` or `2017` is read by YAML as a date or a number; in a date field
    that is what was meant."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


IsoDate = Annotated[
    str,
    BeforeValidator(_date_as_text),
    StringConstraints(pattern=r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"),
    Field(
        description="ISO 8601 at the precision the sources give: `2017`, `2017-04` or `2020-08-03`. "
        "Quote it in YAML (an unquoted `2020-08-03` is read as a date)."
    ),
]
# How sure the catalog is of a statement: a source states it, a source states it with a hedge
# ("I think it's in Episode 4"), or the curator inferred it from what the sources say.
Certainty = Literal["stated", "hedged", "inferred"]

# The singular word used on the command line and in the UI for each top-level list.
KIND_OF_SECTION: dict[str, str] = {
    "episodes": "episode",
    "subjects": "subject",
    "people": "person",
    "locations": "location",
    "organizations": "organization",
    "topics": "topic",
    "scenes": "scene",
    "events": "event",
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
    "events",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


class LinkSpec(Strict):
    """A link that a source only hedges, or that the curator inferred: the id, how sure, and why."""

    id: EntryId = Field(description="Id of the linked entry.")
    certainty: Literal["hedged", "inferred"] = Field(
        description="`hedged`: a source says it with a hedge (\"I think\"); `inferred`: no source says it, "
        "the curator concluded it from what they do say."
    )
    note: NonEmpty = Field(description="Why: the hedge, or the reasoning behind the inference.")


def _link_item_kind(value: Any) -> str:
    return "link mapping" if isinstance(value, (dict, LinkSpec)) else "link id"


# A link is a plain id (a source states it) or a mapping with its certainty and a note. The tags
# name the branch in pydantic's error locations; the loader drops them (UNION_TAGS) to find the value.
LinkItem = Annotated[
    Annotated[EntryId, Tag("link id")] | Annotated[LinkSpec, Tag("link mapping")],
    Discriminator(_link_item_kind),
]
UNION_TAGS = frozenset({"link id", "link mapping"})


def link_target(item: str | LinkSpec) -> str:
    """The id a link item points at."""
    return item.id if isinstance(item, LinkSpec) else item


def _links(target: str) -> Any:
    return Field(
        default=(),
        description=f"Links to {target}: ids (stated by a source), or `{{id, certainty, note}}` mappings "
        "for a hedged or inferred link; the inverse link is derived.",
    )


class Entry(Strict):
    """Fields every catalog entry has."""

    id: EntryId
    name: NonEmpty = Field(description="Display name, as the sources give it.")
    aliases: tuple[NonEmpty, ...] = Field(
        default=(), description="Other spellings a user may type or the sources use (e.g. Schwartz)."
    )
    summary: NonEmpty = Field(description="A short summary, supported by the entry's passages.")
    passages: tuple[Passage, ...] = Field(default=(), description="Where the sources say it.")
    episodes: tuple[LinkItem, ...] = _links("episodes")
    subjects: tuple[LinkItem, ...] = _links("subjects (people on screen)")
    people: tuple[LinkItem, ...] = _links("people (off screen)")
    locations: tuple[LinkItem, ...] = _links("locations")
    organizations: tuple[LinkItem, ...] = _links("organizations")
    topics: tuple[LinkItem, ...] = _links("topics")
    scenes: tuple[LinkItem, ...] = _links("scenes")
    events: tuple[LinkItem, ...] = _links("events (the timeline)")


class Episode(Entry):
    number: StrictInt = Field(ge=1, le=6, description="Episode number, 1 to 6.")
    described: StrictBool = Field(
        default=True,
        description="False when the sources say nothing specific about this episode; the summary "
        "then says so instead of inventing.",
    )


class Subject(Entry):
    """Someone shown or followed on screen."""

    main: StrictBool = Field(default=False, description="One of the series' four main subjects.")
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


class Event(Entry):
    """Something that happened on a date the sources give: an entry of the timeline."""

    date: IsoDate
    stated: NonEmpty = Field(
        description="The date in the sources' own words, hedges included: `maybe 2011`, `spring of 2017`, `Aug. 3`."
    )
    precision: Literal["day", "month", "season", "year"] = Field(
        description="How precisely the sources date it (`season`: spring, summer...; `date` then holds the year)."
    )
    date_certainty: Certainty = Field(
        default="stated",
        description="`hedged` when the source hedges the date (\"maybe 2011\"), `inferred` when part of it "
        "(say, the year) comes from context rather than the passage.",
    )
    date_note: str | None = Field(default=None, description="Why the date is hedged or inferred.")

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.date_certainty != "stated" and not self.date_note:
            article = "an" if self.date_certainty == "inferred" else "a"
            raise ValueError(f"{article} {self.date_certainty} date needs a date_note saying why")
        parts = len(self.date.split("-"))
        wanted = {"day": 3, "month": 2, "season": 1, "year": 1}[self.precision]
        if parts != wanted:
            shape = {3: "YYYY-MM-DD", 2: "YYYY-MM", 1: "YYYY"}[wanted]
            raise ValueError(f"precision {self.precision} needs a date written {shape}, not {self.date!r}")
        return self


class Source(Entry):
    """One of the source documents in `seeds/`."""

    file: NonEmpty = Field(description="Path of the text file, relative to the catalog's folder.")
    outlet: str | None = Field(default=None, description="Publication, as the text itself names it.")
    author: str | None = Field(default=None, description="Author, where the text states one.")
    published: IsoDate | None = Field(
        default=None, description="Publication date, where the text states it (ISO 8601 at its precision)."
    )
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
    rank: Literal["preferred", "normal", "deprecated"] = Field(
        default="normal",
        description="As Wikidata ranks statements: a resolved discrepancy keeps every side, marking the one "
        "the evidence favours `preferred` (or a refuted one `deprecated`) instead of deleting any.",
    )


class Discrepancy(Entry):
    """A question the sources answer differently; each side keeps its own passages."""

    question: NonEmpty = Field(description="The question the sources disagree on.")
    claims: tuple[Claim, ...] = Field(min_length=2, description="Each side's claim with its passages.")
    status: Literal["open", "resolved"] = Field(
        default="open", description="`resolved` when the sources themselves settle it; say how in `resolution`."
    )
    resolution: str | None = Field(default=None, description="How it was resolved, and on what evidence.")

    @model_validator(mode="after")
    def _resolution_explained(self) -> Discrepancy:
        if self.status == "resolved" and not self.resolution:
            raise ValueError("a resolved discrepancy needs a resolution saying how")
        return self


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
    events: tuple[Event, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()


# The kind of each entry model (the inverse of the sections' item types).
KIND_OF_MODEL: dict[type[Entry], str] = {
    Episode: "episode",
    Subject: "subject",
    Person: "person",
    Location: "location",
    Organization: "organization",
    Topic: "topic",
    Scene: "scene",
    Event: "event",
    Source: "source",
    Discrepancy: "discrepancy",
}
MODEL_OF_KIND: dict[str, type[Entry]] = {kind: model for model, kind in KIND_OF_MODEL.items()}


def all_passages(entry: Entry) -> list[Passage]:
    """The entry's own passages, then those of each discrepancy claim, in file order."""
    passages = list(entry.passages)
    if isinstance(entry, Discrepancy):
        for claim in entry.claims:
            passages.extend(claim.passages)
    return passages


def passage_claims(entry: Entry) -> list[Claim | None]:
    """For each passage in `all_passages` order, the discrepancy claim it supports (None for an
    entry's own passages)."""
    claims: list[Claim | None] = [None] * len(entry.passages)
    if isinstance(entry, Discrepancy):
        for claim in entry.claims:
            claims.extend([claim] * len(claim.passages))
    return claims

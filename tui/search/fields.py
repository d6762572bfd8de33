"""The searchable fields of an entry, in rank order, and how a match in each one scores.

Scores live in bands so the ranking the user expects holds whatever the match quality:
    whole name or alias typed exactly (100, 99) > a name or alias the query begins (92-99)
    > a word of a name/alias/id: exact > prefix > typo (79-92) > role, summary (60-68) > passage, text (39-48)
    > a name or alias holding the typed letters in order, each word from a word start (20-29: `jdy`;
      tried only when nothing else matches: it scans every name)
Within a band a better match quality wins, then the field's small penalty (name before alias before id).
A query of several words that one role/summary/passage/text holds together gets a bonus (more when
the words are adjacent and in order: a quoted phrase), which lifts it at most to the top of the band
above: a passage quoting the phrase beats a summary that merely uses the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.catalog.schema import Discrepancy, Entry, Location, Person, Source, Subject

EXACT_NAME, EXACT_ALIAS = 100.0, 99.0
NAME_PREFIX_BASE, NAME_PREFIX_SPAN = 92.0, 7.0  # + SPAN * typed/len(name): above any word match
SUBSEQUENCE_BASE, SUBSEQUENCE_SPAN = 20.0, 9.0  # + SPAN * typed/len(name): below any other match


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # internal name
    shown: str  # `Hit.field`
    low: float  # score of the weakest match (quality 0)
    span: float  # score added by a perfect match (quality 1)
    penalty: float  # tie-break between fields of one band
    snippet: bool  # hits show a snippet around the match
    phrase: float = 0.0  # bonus when the field holds every query word, adjacent and in order
    together: float = 0.0  # bonus when it holds every query word

    def score(self, quality: float) -> float:
        return self.low + self.span * quality - self.penalty


NAME = Field("name", "name", 70, 22, 0.0, False)
ALIAS = Field("alias", "alias", 70, 22, 0.5, False)
ACRONYM = Field("acronym", "name", 70, 22, 1.0, False)  # initials of the name: `dhs`, `irap`
ID = Field("id", "id", 70, 22, 2.0, False)
ROLE = Field("role", "role", 50, 18, 0.0, False, phrase=10, together=4)
SUMMARY = Field("summary", "summary", 50, 18, 1.0, True, phrase=10, together=4)
PASSAGE = Field("passage", "passage", 30, 18, 0.0, True, phrase=20, together=8)
TEXT = Field("text", "text", 30, 18, 1.0, True, phrase=20, together=8)
FIELDS: tuple[Field, ...] = (NAME, ALIAS, ACRONYM, ID, ROLE, SUMMARY, PASSAGE, TEXT)
BANDS: tuple[tuple[int, ...], ...] = ((0, 1, 2, 3), (4, 5), (6, 7))  # indices into FIELDS

_STOPWORDS = frozenset("a an and at de del for in of on the to us u s".split())
PROPER_NAME_KINDS = frozenset({"subject", "person", "location", "organization"})  # names, not phrases
ACRONYM_KINDS = frozenset({"organization", "location", "topic"})  # kinds whose names have initials


_DESCRIPTOR = {Subject: "role", Person: "role", Location: "region", Source: "outlet"}


def role_of(entry: Entry) -> str | None:
    """A short descriptor: a subject's or person's role, a location's region, a source's outlet."""
    attribute = _DESCRIPTOR.get(type(entry))
    return getattr(entry, attribute) if attribute else None


def summaries(entry: Entry) -> tuple[str, ...]:
    """The summary, and a discrepancy's question and claims."""
    if isinstance(entry, Discrepancy):
        return (entry.summary, entry.question, *(claim.claim for claim in entry.claims))
    return (entry.summary,)


def acronyms(words: list[str]) -> dict[str, tuple[int, ...]]:
    """Initials a name (its folded words) may be typed as -> indices of the words they come from.

    All words (`uiace`), the words that are not stopwords (`dhs` for Department of Homeland Security)
    and the last three or more of those (`ice` for U.S. Immigration and Customs Enforcement).
    """
    content = [i for i, w in enumerate(words) if w not in _STOPWORDS]
    choices = [tuple(range(len(words))), tuple(content)]
    choices += [tuple(content[i:]) for i in range(1, len(content) - 2)]
    found: dict[str, tuple[int, ...]] = {}
    for indices in choices:
        initials = "".join(words[i][0] for i in indices)
        if len(indices) >= 2 and initials not in words and initials not in found:
            found[initials] = indices
    return found

"""The index's data: every searchable string of the catalog as a *record*, and the word postings.

A record is one field value of one document (an entry's name, one alias, its role, one passage, an
uncited source paragraph...). Records are numbered field by field (all names, then all aliases, ...),
so each word's posting list, built in record order, splits into one run per field by binary search.
Documents are numbered in static rank (main subjects first, then shorter names): the tie-break of
equal scores. Built column-wise from one pass over the entries, with the garbage collector paused and
the big columns in arrays and tuples, because a 100k-entry catalog has ~2.5M word occurrences.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from tui.catalog import Catalog
from tui.catalog.schema import Entry, Episode, all_passages
from tui.gcpause import collector_paused
from tui.search.fields import (
    ACRONYM,
    ACRONYM_KINDS,
    ALIAS,
    FIELDS,
    ID,
    NAME,
    PASSAGE,
    PROPER_NAME_KINDS,
    ROLE,
    SUMMARY,
    TEXT,
    Field,
    acronyms,
    role_of,
    summaries,
)
from tui.search.fold import fold_many, fold_words
from tui.search.vocab import Vocabulary


@dataclass(frozen=True, slots=True)
class Doc:
    """What a hit points at: a catalog entry, or an uncited paragraph of a source."""

    id: str
    kind: str
    name: str
    paragraph: tuple[str, int, int] | None = None  # source id, start, end


class Superseded(Exception):
    """An index build given up because its catalog is about to be replaced (see `Records`)."""


class Records:
    """Column store of records, postings and documents; read-only once built.

    Columns are arrays and flat lists rather than one object per record: the garbage collector then
    has a few dozen containers to walk instead of millions, so no collection pauses a keystroke.
    `superseded` is asked between the steps of the build (each well under a second at 100k
    entries); when it says yes, the build raises `Superseded`: an index of a catalog that a reload
    is replacing would only slow that reload down.
    """

    def __init__(self, catalog: Catalog, superseded: Callable[[], bool] | None = None) -> None:
        self._superseded = superseded
        with collector_paused():
            self._build(catalog)

    def _go_on(self) -> None:
        if self._superseded is not None and self._superseded():
            raise Superseded

    def _build(self, catalog: Catalog) -> None:
        self._go_on()
        # One pass over the entries (touching 100k model objects is the slow part), in static rank.
        facts = sorted(_Facts.of(entry, catalog.kinds[entry.id]) for entry in catalog.entries.values())
        self._go_on()
        paragraphs = list(_uncited_paragraphs(catalog))
        self._go_on()
        # Documents: entries, then uncited paragraphs. Big columns of strings are tuples: the
        # collector untracks them after one look.
        self.doc_id = tuple([f.id for f in facts] + [p[0] for p in paragraphs])
        self.doc_kind = tuple([f.kind for f in facts] + ["source"] * len(paragraphs))
        self.doc_name = tuple([f.name for f in facts] + [catalog.entries[p[0]].name for p in paragraphs])
        self.doc_episode = {d: f.entry.number for d, f in enumerate(facts) if isinstance(f.entry, Episode)}
        self.doc_paragraph = {len(facts) + i: (p[0], p[1], p[2]) for i, p in enumerate(paragraphs)}
        # Records, field by field.
        docs: list[int] = []
        fields: list[int] = []
        text: list[str] = []  # record -> the field's text as shown (`Hit.matched`)
        self.span: dict[int, tuple[str, int, int]] = {}  # passage record -> where its quote sits
        self.masked: dict[int, str] = {}  # paragraph record -> text with cited spans blanked
        self.acronym: dict[int, tuple[int, ...]] = {}  # acronym record -> name words it is made of
        self.field_start = array("I")  # first record of each field; one more at the end
        columns = _entry_columns(catalog, facts)
        self._go_on()
        columns[TEXT] = _Column(
            [len(facts) + i for i in range(len(paragraphs))],
            [body for *_, body, _ in paragraphs],
            fold_many([masked for *_, masked in paragraphs]),
            {i: masked for i, (*_, body, masked) in enumerate(paragraphs) if masked is not body},
        )
        folded: list[list[str]] = []
        extras: dict[Field, dict[int, Any]] = {TEXT: self.masked, ACRONYM: self.acronym, PASSAGE: self.span}
        for number, searched in enumerate(FIELDS):
            column = columns[searched]
            first = len(docs)
            self.field_start.append(first)
            if searched in extras:
                extras[searched].update((first + i, extra) for i, extra in column.extras.items())
            docs.extend(column.docs)
            fields.extend([number] * len(column.docs))
            text.extend(column.texts)
            folded.extend(column.words)
        self.field_start.append(len(docs))
        self.text = tuple(text)
        self.doc = array("I", docs)  # record -> document
        self.field = array("B", fields)  # record -> index into FIELDS
        # Words: one flat array of word ids, sliced per record.
        self._go_on()
        every_word = list(itertools.chain.from_iterable(folded))
        self.vocab = Vocabulary(every_word)
        self._go_on()
        lengths = list(map(len, folded))
        self._words = array("I", _look_up(self.vocab.ids, every_word))
        self._word_start = array("I", itertools.accumulate(lengths, initial=0))
        # Postings: word -> records holding it, ascending (a word twice in a record is posted twice),
        # all in one flat array: `postings[posting_start[w]:posting_start[w + 1]]`.
        # (A counting sort into flat arrays: a list of one array per word was 100 MB of objects
        # for a text of 700,000 distinct words.)
        uses = array("I", bytes(4 * len(self.vocab)))
        for wid in self._words:
            uses[wid] += 1
        self.posting_start = array("I", itertools.accumulate(uses, initial=0))
        self.postings = array("I", bytes(4 * len(self._words)))
        postings, cursor = self.postings, self.posting_start[:-1]
        occurrences = itertools.chain.from_iterable(map(itertools.repeat, range(len(lengths)), lengths))
        for wid, record in zip(self._words, occurrences, strict=True):
            postings[cursor[wid]] = record
            cursor[wid] += 1
        self.vocab.counts = uses
        named = range(self.field_start[0], self.field_start[FIELDS.index(ACRONYM)])
        proper = [r for r in named if self.doc_kind[docs[r]] in PROPER_NAME_KINDS]
        self.vocab.name_words = frozenset(itertools.chain.from_iterable(map(self.words, proper)))
        del cursor
        self._go_on()
        # Document -> its records, and all its words in one slice (to test "has every query word").
        self._doc_records = array("I", sorted(range(len(docs)), key=docs.__getitem__))
        counts = [0] * (len(self.doc_id) + 1)
        for doc in docs:
            counts[doc + 1] += 1
        self._doc_start = array("I", itertools.accumulate(counts))
        self._doc_words = array("I", itertools.chain.from_iterable(map(self.words, self._doc_records)))
        lengths_by_doc = [0] * (len(self.doc_id) + 1)
        for doc, length in zip(docs, lengths, strict=True):
            lengths_by_doc[doc + 1] += length
        self._doc_word_start = array("I", itertools.accumulate(lengths_by_doc))
        # Whole names and aliases without spaces, sorted, for `bryancox` and name prefixes.
        name_records = range(self.field_start[FIELDS.index(NAME)], self.field_start[FIELDS.index(ACRONYM)])
        names = sorted(("".join(folded[r]), r) for r in name_records)
        self.name_keys = tuple(key for key, _ in names)
        self.name_records = array("I", (record for _, record in names))
        # Names then aliases, one per line of folded words (line i is record first_name + i): for the
        # subsequence tier.
        self.first_name = name_records.start
        spelled = [" ".join(folded[r]) for r in name_records]
        self.name_lines = "\n" + "\n".join(spelled) + "\n"
        self.name_line_starts = array("I", itertools.accumulate((len(line) + 1 for line in spelled), initial=1))

    def words(self, record: int) -> array:
        """The record's word ids, in order."""
        return self._words[self._word_start[record]:self._word_start[record + 1]]

    def records_of(self, doc: int) -> array:
        return self._doc_records[self._doc_start[doc]:self._doc_start[doc + 1]]

    def doc_words(self, doc: int) -> array:
        """The word ids of all the document's records."""
        return self._doc_words[self._doc_word_start[doc]:self._doc_word_start[doc + 1]]

    def folded(self, record: int) -> str:
        """The record's folded words joined by spaces (for `^`, `$`, `!` and phrase checks)."""
        words = self.vocab.words
        return " ".join(words[w] for w in self.words(record))

    def document(self, doc: int) -> Doc:
        return Doc(self.doc_id[doc], self.doc_kind[doc], self.doc_name[doc], self.doc_paragraph.get(doc))


def _look_up(ids: dict[str, int], words: list[str]) -> tuple[int, ...] | list[int]:
    """`[ids[w] for w in words]`, with the loop in C (an index looks up ~3M words)."""
    return itemgetter(*words)(ids) if len(words) > 1 else [ids[w] for w in words]


class _Facts(NamedTuple):
    """What the index reads of one entry, sortable into the static rank: the order of equally good
    hits (main subjects, then shorter names)."""

    not_main: bool
    length: int
    folded: str
    id: str
    name: str
    kind: str
    summary: str
    aliases: tuple[str, ...]
    role: str | None
    cites: bool  # has passages (its own or a discrepancy's claims')
    entry: Entry

    @classmethod
    def of(cls, entry: Entry, kind: str) -> _Facts:
        name = entry.name
        main = kind == "subject" and entry.main  # type: ignore[attr-defined]
        cites = bool(entry.passages) or kind == "discrepancy"
        return cls(not main, len(name), name.casefold(), entry.id, name, kind, entry.summary,
                   entry.aliases, role_of(entry), cites, entry)


@dataclass(slots=True)
class _Column:
    """One field's records before numbering: parallel lists, plus extras by position (a passage's
    span in its source, the name words an acronym is made of, a paragraph's blanked text)."""

    docs: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    words: list[list[str]] = field(default_factory=list)
    extras: dict[int, object] = field(default_factory=dict)

    def fold(self) -> None:
        self.words = fold_many(self.texts)


def _entry_columns(catalog: Catalog, facts: list[_Facts]) -> dict[Field, _Column]:
    """Every field of every entry, one column per field, folded."""
    columns = {f: _Column() for f in FIELDS}
    columns[NAME] = _Column(list(range(len(facts))), [f.name for f in facts])
    columns[ID] = _Column(list(range(len(facts))), [f.id for f in facts])  # kept where it is not the name
    columns[SUMMARY] = _Column(list(range(len(facts))), [f.summary for f in facts])
    aliases = [(d, alias) for d, f in enumerate(facts) if f.aliases for alias in f.aliases]
    columns[ALIAS] = _Column([d for d, _ in aliases], [t for _, t in aliases])
    roles = [(d, f.role) for d, f in enumerate(facts) if f.role]
    columns[ROLE] = _Column([d for d, _ in roles], [t for _, t in roles])
    quotes, abstracts = columns[PASSAGE], columns[SUMMARY]
    for doc, fact in enumerate(facts):
        if not fact.cites:
            continue
        for extra in summaries(fact.entry)[1:]:  # a discrepancy's question and claims
            abstracts.docs.append(doc)
            abstracts.texts.append(extra)
        anchors = catalog.anchors.get(fact.id) or ()
        for index, passage in enumerate(all_passages(fact.entry)):
            anchor = anchors[index] if index < len(anchors) else None
            if anchor:
                quotes.extras[len(quotes.texts)] = (anchor.source_id, anchor.start, anchor.end)
            quotes.docs.append(doc)
            quotes.texts.append(anchor.text if anchor else passage.quote)
    for column in columns.values():
        column.fold()
    names, ids = columns[NAME].words, columns[ID]
    kept = [i for i, words in enumerate(ids.words) if words != names[i]]
    columns[ID] = _Column([ids.docs[i] for i in kept], [ids.texts[i] for i in kept], [ids.words[i] for i in kept])
    initials = columns[ACRONYM]
    for doc, words in enumerate(names):
        if facts[doc].kind in ACRONYM_KINDS:
            for letters, used in acronyms(words).items():
                initials.extras[len(initials.texts)] = used
                initials.docs.append(doc)
                initials.texts.append(facts[doc].name)
                initials.words.append([letters])
    return columns


# Shorter uncited paragraphs are a transcript's speaker labels (`judy`) or page furniture: hits on
# them would crowd out the entries they name.
MIN_PARAGRAPH_WORDS = 3


def _uncited_paragraphs(catalog: Catalog) -> Iterator[tuple[str, int, int, str, str]]:
    """(source id, start, end, paragraph, paragraph with cited spans blanked) for each paragraph with
    uncited words: text an entry cites is found through that entry's passage instead."""
    cited: dict[str, list[tuple[int, int]]] = {}
    for anchor in catalog.iter_anchors():
        cited.setdefault(anchor.source_id, []).append((anchor.start, anchor.end))
    for source_id, source in catalog.texts.items():
        text = source.text
        spans = _merged(cited.get(source_id, []))
        ends = [e for _, e in spans]
        for begin, end in source.paragraphs:
            body = text[begin:end]
            masked = _blank(body, begin, spans[bisect.bisect_right(ends, begin):])
            if len(fold_words(masked)) >= MIN_PARAGRAPH_WORDS:
                yield source_id, begin, end, body, masked


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged, sorted: starts and ends both increase."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _blank(body: str, begin: int, spans: list[tuple[int, int]]) -> str:
    """`body` (at offset `begin` of its source) with the cited spans replaced by spaces; `spans` are
    merged and none ends before `begin`."""
    end = begin + len(body)
    pieces, at = [], 0
    for span_start, span_end in spans:
        if span_start >= end:
            break
        s, e = max(span_start, begin) - begin, min(span_end, end) - begin
        pieces += [body[at:s], " " * (e - s)]
        at = e
    if not pieces:
        return body
    pieces.append(body[at:])
    return "".join(pieces)

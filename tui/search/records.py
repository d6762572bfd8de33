"""The index's data: every searchable string of the catalog as a *record*, and the word postings.

A record is one field value of one document (an entry's name, one alias, its role, one passage, an
uncited source paragraph...). Records are numbered field by field (all names, then all aliases, ...)
and, within a field, in the documents' static rank (main subjects first, then shorter names), so each
word's posting list comes out sorted by (field, rank) without sorting. Built column-wise, with the
garbage collector paused, because a 100k-entry catalog has ~3M word occurrences.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from tui.catalog import Catalog
from tui.catalog.schema import Discrepancy, Entry, Episode, Subject, all_passages
from tui.search.fields import (
    ACRONYM,
    ACRONYM_KINDS,
    ALIAS,
    FIELDS,
    ID,
    NAME,
    PASSAGE,
    ROLE,
    SUMMARY,
    TEXT,
    acronyms,
    role_of,
    summaries,
)
from tui.search.fold import fold_many, fold_words
from tui.search.vocab import Vocabulary

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, slots=True)
class Doc:
    """What a hit points at: a catalog entry, or an uncited paragraph of a source."""

    id: str
    kind: str
    name: str
    paragraph: tuple[str, int, int] | None = None  # source id, start, end


class Records:
    """Column store of records, postings and documents; read-only once built.

    Columns are arrays and flat lists rather than one object per record: the garbage collector then
    has a few dozen containers to walk instead of millions, so no collection pauses a keystroke.
    """

    def __init__(self, catalog: Catalog) -> None:
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(catalog)
        finally:
            if enabled:
                gc.enable()

    def _build(self, catalog: Catalog) -> None:
        entries = sorted(catalog.entries.values(), key=_static_rank)
        paragraphs = list(_uncited_paragraphs(catalog))
        # Documents: entries in static rank, then uncited paragraphs.
        self.doc_id = [e.id for e in entries] + [p[0] for p in paragraphs]
        self.doc_kind = [catalog.kinds[e.id] for e in entries] + ["source"] * len(paragraphs)
        self.doc_name = [e.name for e in entries] + [catalog.entries[p[0]].name for p in paragraphs]
        self.doc_episode = {d: e.number for d, e in enumerate(entries) if isinstance(e, Episode)}
        self.doc_paragraph = {len(entries) + i: (p[0], p[1], p[2]) for i, p in enumerate(paragraphs)}
        # Records, field by field.
        docs: list[int] = []
        fields: list[int] = []
        self.text: list[str] = []  # record -> the field's text as shown (`Hit.matched`)
        self.span: dict[int, tuple[str, int, int]] = {}  # passage record -> where its quote sits
        self.masked: dict[int, str] = {}  # paragraph record -> text with cited spans blanked
        self.acronym: dict[int, tuple[int, ...]] = {}  # acronym record -> name words it is made of
        self.field_start = array("I")  # first record of each field; one more at the end
        rows, folded_rows = _entry_rows(catalog, entries, self.doc_kind)
        text = FIELDS.index(TEXT)
        rows[text] = [(len(entries) + i, body, masked) for i, (*_, body, masked) in enumerate(paragraphs)]
        folded_rows[text] = fold_many([masked for *_, masked in rows[text]])
        extras = {TEXT: self.masked, ACRONYM: self.acronym, PASSAGE: self.span}
        for number, field in enumerate(FIELDS):
            first = len(docs)
            self.field_start.append(first)
            if field in extras:  # a paragraph keeps its blanked copy only if some of it is cited
                extras[field].update(
                    (first + i, row[2]) for i, row in enumerate(rows[number]) if row[2] not in (None, row[1])
                )
            docs.extend(map(itemgetter(0), rows[number]))
            fields.extend([number] * len(rows[number]))
            self.text.extend(map(itemgetter(1), rows[number]))
        folded = list(itertools.chain.from_iterable(folded_rows))
        self.field_start.append(len(docs))
        self.doc = array("I", docs)  # record -> document
        self.field = array("B", fields)  # record -> index into FIELDS
        # Words: one flat array of word ids, sliced per record.
        every_word = list(itertools.chain.from_iterable(folded))
        self.vocab = Vocabulary(every_word)
        lengths = list(map(len, folded))
        self._words = array("I", _look_up(self.vocab.ids, every_word))
        self._word_start = array("I", itertools.accumulate(lengths, initial=0))
        # Postings: word -> records holding it, ascending (a word twice in a record is posted twice).
        self.postings = [array("I") for _ in range(len(self.vocab))]
        appenders = [plist.append for plist in self.postings]
        occurrences = itertools.chain.from_iterable(map(itertools.repeat, range(len(lengths)), lengths))
        for wid, record in zip(self._words, occurrences):
            appenders[wid](record)
        # Document -> its records, and all its words in one slice (to test "has every query word").
        self._doc_records = array("I", sorted(range(len(docs)), key=docs.__getitem__))
        counts = [0] * (len(self.doc_id) + 1)
        for doc in docs:
            counts[doc + 1] += 1
        self._doc_start = array("I", itertools.accumulate(counts))
        self._doc_words = array("I", itertools.chain.from_iterable(map(self.words, self._doc_records)))
        lengths_by_doc = [0] * (len(self.doc_id) + 1)
        for doc, length in zip(docs, lengths):
            lengths_by_doc[doc + 1] += length
        self._doc_word_start = array("I", itertools.accumulate(lengths_by_doc))
        # Whole names and aliases without spaces, sorted, for `bryancox` and name prefixes.
        names = sorted(
            ("".join(folded[r]), r) for r in range(self.field_start[0], self.field_start[FIELDS.index(ACRONYM)])
        )
        self.name_keys = [key for key, _ in names]
        self.name_records = array("I", (record for _, record in names))

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


def _static_rank(entry: Entry) -> tuple[bool, int, str, str]:
    """Order of equally good hits: main subjects, then shorter names."""
    return (not (isinstance(entry, Subject) and entry.main), len(entry.name), entry.name.casefold(), entry.id)


def _entry_rows(
    catalog: Catalog, entries: list[Entry], kinds: list[str]
) -> tuple[list[list[tuple[int, str, object]]], list[list[list[str]]]]:
    """Per field, in record order: rows (document, text shown, extra) and their folded words. Extra
    is a passage's span in its source, or the name words an acronym is made of."""
    rows: list[list[tuple[int, str, object]]] = [[] for _ in FIELDS]
    names, aliases, ids, descriptors, abstracts, quotes = (
        rows[FIELDS.index(f)] for f in (NAME, ALIAS, ID, ROLE, SUMMARY, PASSAGE)
    )
    for doc, entry in enumerate(entries):
        names.append((doc, entry.name, None))
        ids.append((doc, entry.id, None))  # dropped below when it spells the name
        abstracts.append((doc, entry.summary, None))
        if entry.aliases:
            aliases.extend((doc, alias, None) for alias in entry.aliases)
        if role := role_of(entry):
            descriptors.append((doc, role, None))
        if entry.passages or isinstance(entry, Discrepancy):
            abstracts.extend((doc, text, None) for text in summaries(entry)[1:])
            anchors = catalog.anchors.get(entry.id) or ()
            for index, passage in enumerate(all_passages(entry)):
                anchor = anchors[index] if index < len(anchors) else None
                if anchor:
                    quotes.append((doc, anchor.text, (anchor.source_id, anchor.start, anchor.end)))
                else:
                    quotes.append((doc, passage.quote, None))
    folded = [fold_many([text for _, text, _ in field_rows]) for field_rows in rows]
    number = FIELDS.index(ID)
    kept = [i for i, words in enumerate(folded[number]) if words != folded[0][i]]  # one id per entry
    rows[number] = [rows[number][i] for i in kept]
    folded[number] = [folded[number][i] for i in kept]
    number = FIELDS.index(ACRONYM)
    for (doc, name, _), words in zip(names, folded[FIELDS.index(NAME)]):
        if kinds[doc] in ACRONYM_KINDS:
            for letters, used in acronyms(words).items():
                rows[number].append((doc, name, used))
                folded[number].append([letters])
    return rows, folded


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
        start = 0
        for match in [*_PARAGRAPH.finditer(text), None]:
            end = match.start() if match else len(text)
            body = text[start:end]
            lead = len(body) - len(body.lstrip())
            body = body.strip()
            if body:
                begin = start + lead
                masked = _blank(body, begin, spans[bisect.bisect_right(ends, begin):])
                if fold_words(masked):
                    yield source_id, begin, begin + len(body), body, masked
            start = match.end() if match else len(text)


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
    for s, e in spans:
        if s >= end:
            break
        s, e = max(s, begin) - begin, min(e, end) - begin
        pieces += [body[at:s], " " * (e - s)]
        at = e
    if not pieces:
        return body
    pieces.append(body[at:])
    return "".join(pieces)

"""`SearchIndex`: built once per Catalog, queried on every keystroke (from any thread, read-only).

Layout. Every searchable string is a *record* (an entry's name, one alias, its role, one passage, an
uncited source paragraph...). Records are numbered field by field (all names, then all aliases, ...)
and, within a field, in the entries' static rank (main subjects, then shorter names), so each word's
posting list is sorted by (field, rank) for free. A query word is matched against the vocabulary
(`vocab.py`), giving a few words with a quality each; a (word, field) pair then has one score for all
its postings, and visiting those groups best-first lets a one-word query stop as soon as `limit`
entries are found. A query of several words drives from its rarest word and checks the others on
each candidate's own records.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tui.catalog import Catalog
from tui.catalog.schema import Entry, Episode, all_passages
from tui.search.fields import (
    ACRONYM,
    ALIAS,
    BANDS,
    EXACT_ALIAS,
    EXACT_NAME,
    FIELDS,
    ID,
    NAME,
    NAME_PREFIX_BASE,
    NAME_PREFIX_SPAN,
    PASSAGE,
    ROLE,
    SUMMARY,
    TEXT,
    Field,
    acronyms,
    roles,
    summaries,
)
from tui.search.fold import fold, words_with_origin
from tui.search.query import Mode, Query, kind_named, parse
from tui.search.vocab import TermMatches, Vocabulary

SNIPPET_WIDTH = 100
MAX_NAME_PREFIX_HITS = 300  # a whole-name prefix matching more names (`a`) is left to the word index
MAX_POSTINGS_VISITED = 60_000  # per query: bounds the worst case (a one-letter word, a rare kind)
MAX_CANDIDATES = 400  # entries scored in full for a query of several words
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    kind: str
    name: str
    score: float
    field: str
    matched: str
    positions: tuple[int, ...]
    snippet: str | None = None
    snippet_positions: tuple[int, ...] = ()
    source_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class _Doc:
    """What a hit points at: a catalog entry, or an uncited paragraph of a source."""

    id: str
    kind: str
    name: str
    episode: int | None = None
    paragraph: tuple[str, int, int] | None = None  # source id, start, end


@dataclass(slots=True)
class _Scored:
    score: float
    record: int


class SearchIndex:
    """Fuzzy search over every entry's fields, passages and the uncited source text."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._vocab = Vocabulary()
        self._docs: list[_Doc] = []
        self._doc_records: list[list[int]] = []
        self._rec_doc: list[int] = []
        self._rec_field: list[int] = []
        self._rec_text: list[str] = []  # the field's text, as shown (`Hit.matched`)
        self._rec_folded: list[str] = []
        self._rec_words: list[tuple[int, ...]] = []
        self._rec_span: dict[int, tuple[str, int, int]] = {}  # passages: where the quote sits
        self._rec_masked: dict[int, str] = {}  # paragraphs with cited parts blanked for matching
        self._rec_acronym: dict[int, tuple[int, ...]] = {}  # acronym record -> name word indices
        self._postings: list[list[int]] = []
        self._field_start: list[int] = []
        self._build()

    # == build ======================================================================================
    def _build(self) -> None:
        catalog = self.catalog
        entries = sorted(catalog.entries.values(), key=self._static_rank)
        for entry in entries:
            number = entry.number if isinstance(entry, Episode) else None
            self._add_doc(_Doc(entry.id, catalog.kinds[entry.id], entry.name, number))
        paragraphs = list(self._uncited_paragraphs())
        for source_id, start, end, _ in paragraphs:
            name = catalog.entries[source_id].name
            self._add_doc(_Doc(source_id, "source", name, paragraph=(source_id, start, end)))
        for field in FIELDS:
            self._field_start.append(len(self._rec_doc))
            if field is TEXT:
                for offset, (_, _, _, (text, masked)) in enumerate(paragraphs, start=len(entries)):
                    record = self._add_record(offset, TEXT, text, fold(masked))
                    if masked is not text:
                        self._rec_masked[record] = masked
                continue
            for doc, entry in enumerate(entries):
                self._add_entry_field(doc, entry, field)
        self._field_start.append(len(self._rec_doc))
        self._vocab.freeze()
        self._full_names: dict[str, list[int]] = {}
        for record in range(self._field_start[0], self._field_start[2]):
            key = self._rec_folded[record].replace(" ", "")
            self._full_names.setdefault(key, []).append(record)
        self._sorted_names = sorted(self._full_names)

    @staticmethod
    def _static_rank(entry: Entry) -> tuple:
        """Order of equally good hits: main subjects, then shorter names."""
        return (not getattr(entry, "main", False), len(entry.name), fold(entry.name), entry.id)

    def _add_doc(self, doc: _Doc) -> None:
        self._docs.append(doc)
        self._doc_records.append([])

    def _add_entry_field(self, doc: int, entry: Entry, field: Field) -> None:
        if field is NAME:
            self._add_record(doc, NAME, entry.name, fold(entry.name))
        elif field is ALIAS:
            for alias in entry.aliases:
                self._add_record(doc, ALIAS, alias, fold(alias))
        elif field is ACRONYM:
            for initials, words in acronyms(entry, self._docs[doc].kind).items():
                self._rec_acronym[self._add_record(doc, ACRONYM, entry.name, initials)] = words
        elif field is ID:
            self._add_record(doc, ID, entry.id, fold(entry.id))
        elif field is ROLE:
            for role in roles(entry):
                self._add_record(doc, ROLE, role, fold(role))
        elif field is SUMMARY:
            for summary in summaries(entry):
                self._add_record(doc, SUMMARY, summary, fold(summary))
        elif field is PASSAGE:
            anchors = self.catalog.anchors.get(entry.id, [])
            for index, passage in enumerate(all_passages(entry)):
                anchor = anchors[index] if index < len(anchors) else None
                text = anchor.text if anchor else passage.quote
                record = self._add_record(doc, PASSAGE, text, fold(text))
                if anchor:
                    self._rec_span[record] = (anchor.source_id, anchor.start, anchor.end)

    def _add_record(self, doc: int, field: Field, text: str, folded: str) -> int:
        record = len(self._rec_doc)
        self._rec_doc.append(doc)
        self._rec_field.append(FIELDS.index(field))
        self._rec_text.append(text)
        self._rec_folded.append(folded)
        add, postings = self._vocab.add, self._postings
        words = tuple(add(word) for word in folded.split())
        self._rec_words.append(words)
        for wid in words:
            if wid == len(postings):
                postings.append([record])
            elif postings[wid][-1] != record:
                postings[wid].append(record)
        self._doc_records[doc].append(record)
        return record

    def _uncited_paragraphs(self) -> Iterator[tuple[str, int, int, tuple[str, str]]]:
        """(source id, start, end, (paragraph, paragraph with cited spans blanked)) per paragraph
        that still has uncited words: cited text is found through the citing entry's passage."""
        cited: dict[str, list[tuple[int, int]]] = {}
        for anchor in self.catalog.iter_anchors():
            cited.setdefault(anchor.source_id, []).append((anchor.start, anchor.end))
        for source_id, source in self.catalog.texts.items():
            text = source.text
            spans = sorted(cited.get(source_id, []))
            start = 0
            for match in [*_PARAGRAPH.finditer(text), None]:
                end = match.start() if match else len(text)
                body = text[start:end]
                lead = len(body) - len(body.lstrip())
                body = body.strip()
                if body:
                    begin = start + lead
                    masked = _blank(body, begin, spans)
                    if fold(masked):
                        yield source_id, begin, begin + len(body), (body, masked)
                start = match.end() if match else len(text)

    # == search =====================================================================================
    def search(self, query: str, kind: str | None = None, limit: int = 20) -> list[Hit]:
        """Hits for `query`, best first, at most `limit`; `kind` restricts to one kind of entry."""
        parsed = parse(query)
        kinds = set(parsed.kinds)
        if kind is not None:
            wanted = kind_named(kind)
            if wanted is None:
                raise ValueError(f"unknown kind {kind!r}")
            kinds = kinds & {wanted} if kinds else {wanted}
            if not kinds:
                return []
        if limit <= 0 or parsed.empty:
            return []
        run = _Run(self, parsed, frozenset(kinds))
        found = run.episode_hits()
        matches = [self._vocab.match(term) for term in parsed.terms]
        if matches and all(m.ranked for m in matches):
            scored = run.one_word(matches[0], limit) if len(matches) == 1 else run.many_words(matches)
            for doc, hit in scored.items():
                if doc not in found or found[doc].score < hit.score:
                    found[doc] = hit
        ranked = sorted(found.items(), key=lambda item: (-item[1].score, item[0]))[:limit]
        return [self._hit(doc, scored, matches) for doc, scored in ranked]

    # == hits =======================================================================================
    def _hit(self, doc_index: int, scored: _Scored, matches: list[TermMatches]) -> Hit:
        doc = self._docs[doc_index]
        record = scored.record
        if record < 0:  # episode shortcut
            return Hit(doc.id, doc.kind, doc.name, 100.0, "episode", doc.name, ())
        field = FIELDS[self._rec_field[record]]
        text = self._rec_text[record]
        positions = self._positions(record, matches)
        snippet, snippet_positions = _snippet(text, positions) if field.snippet else (None, ())
        span = self._rec_span.get(record) or doc.paragraph
        source_id, start, end = span if span else (None, None, None)
        return Hit(
            id=doc.id,
            kind=doc.kind,
            name=doc.name,
            score=round(min(scored.score, 100.0), 2),
            field=field.shown,
            matched=text,
            positions=positions,
            snippet=snippet,
            snippet_positions=snippet_positions,
            source_id=source_id,
            start=start,
            end=end,
        )

    def _positions(self, record: int, matches: list[TermMatches]) -> tuple[int, ...]:
        """Offsets in the record's text of the characters each query word matched."""
        if record in self._rec_acronym:
            words = words_with_origin(self._rec_text[record])
            typed = max((len(m.term.text) for m in matches if m.quality.get(self._rec_words[record][0])), default=0)
            return tuple(sorted(words[i][1][0] for i in self._rec_acronym[record][:typed]))
        found: set[int] = set()
        for word, origin in words_with_origin(self._rec_masked.get(record, self._rec_text[record])):
            wid = self._vocab.ids.get(word)
            for match in matches:
                if wid is not None and wid in match.quality:
                    found.update(origin[i] for i in _aligned(match.term.text, match.term.mode, word))
        return tuple(sorted(found))


class _Run:
    """One query's evaluation: filters, then the one-word or several-word strategy."""

    def __init__(self, index: SearchIndex, query: Query, kinds: frozenset[str]) -> None:
        self.index = index
        self.query = query
        self.kinds = kinds
        self._excluded: dict[int, bool] = {}

    def allowed(self, doc: int) -> bool:
        index = self.index
        if self.kinds and index._docs[doc].kind not in self.kinds:
            return False
        if not self.query.excluded:
            return True
        if doc not in self._excluded:
            texts = [index._rec_folded[r] for r in index._doc_records[doc]]
            self._excluded[doc] = any(x in t for x in self.query.excluded for t in texts)
        return not self._excluded[doc]

    def fits(self, match: TermMatches, record: int) -> bool:
        """`^prefix` and `suffix$` constrain the whole field, not just a word of it."""
        mode = match.term.mode
        if mode is Mode.PREFIX:
            return self.index._rec_folded[record].startswith(match.term.text)
        if mode is Mode.SUFFIX:
            return self.index._rec_folded[record].endswith(match.term.text)
        return True

    def episode_hits(self) -> dict[int, _Scored]:
        number = self.query.episode
        if number is None or (self.kinds and "episode" not in self.kinds):
            return {}
        return {d: _Scored(EXACT_NAME, -1) for d, doc in enumerate(self.index._docs) if doc.episode == number}

    # -- whole names ---------------------------------------------------------------------------------
    def whole_names(self) -> dict[int, _Scored]:
        """Entries whose whole name or alias the query spells (100/99) or begins (90-98)."""
        terms = self.query.terms
        if any(t.mode is not Mode.FUZZY for t in terms):
            return {}
        index = self.index
        typed = "".join(t.text for t in terms)
        names = index._sorted_names
        lo = bisect.bisect_left(names, typed)
        hi = bisect.bisect_left(names, typed + "\uffff", lo)
        if hi - lo > MAX_NAME_PREFIX_HITS:
            hi = lo + 1 if lo < len(names) and names[lo] == typed else lo
        found: dict[int, _Scored] = {}
        for key in names[lo:hi]:
            for record in index._full_names[key]:
                is_name = index._rec_field[record] == 0
                if key == typed:
                    score = EXACT_NAME if is_name else EXACT_ALIAS
                else:
                    score = NAME_PREFIX_BASE + NAME_PREFIX_SPAN * len(typed) / len(key) - (0 if is_name else 0.5)
                doc = index._rec_doc[record]
                if self.allowed(doc) and (doc not in found or found[doc].score < score):
                    found[doc] = _Scored(score, record)
        return found

    # -- one word ------------------------------------------------------------------------------------
    def groups(self, match: TermMatches) -> Iterator[tuple[float, int, list[int], int, int]]:
        """(score, field, postings, lo, hi) best first: the postings of one matched word in one field."""
        index = self.index
        postings, starts = index._postings, index._field_start

        def in_field(field: int) -> Iterator[tuple[float, int, list[int], int, int]]:
            scorer = FIELDS[field]
            first, last = starts[field], starts[field + 1]
            for wid, quality in match.ranked:
                plist = postings[wid]
                lo = bisect.bisect_left(plist, first)
                if lo < len(plist) and plist[lo] < last:
                    yield scorer.score(quality), field, plist, lo, bisect.bisect_left(plist, last, lo)

        for band in BANDS:
            yield from heapq.merge(*(in_field(f) for f in band), key=lambda g: (-g[0], g[1]))

    def one_word(self, match: TermMatches, limit: int) -> dict[int, _Scored]:
        """Best-first over (word, field) groups; stops once `limit` entries beat everything left."""
        index = self.index
        found = self.whole_names()
        from_groups = 0
        cutoff = -1.0
        visited = 0
        for score, _, plist, lo, hi in self.groups(match):
            if score < cutoff or visited > MAX_POSTINGS_VISITED:
                break
            visited += hi - lo
            for record in plist[lo:hi]:
                doc = index._rec_doc[record]
                if doc in found:
                    if found[doc].score < score:
                        found[doc] = _Scored(score, record)
                    continue
                if not self.allowed(doc) or not self.fits(match, record):
                    continue
                found[doc] = _Scored(score, record)
                from_groups += 1
                if from_groups == limit:
                    cutoff = score
        return found

    # -- several words -------------------------------------------------------------------------------
    def many_words(self, matches: list[TermMatches]) -> dict[int, _Scored]:
        """Candidates from the rarest word, each scored on all its records; every word must match."""
        index = self.index
        driver = min(matches, key=lambda m: sum(len(index._postings[w]) for w, _ in m.ranked[:200]))
        names = self.whole_names()
        candidates = dict.fromkeys(names)
        visited = 0
        for _, _, plist, lo, hi in self.groups(driver):
            visited += hi - lo
            for record in plist[lo:hi]:
                candidates.setdefault(index._rec_doc[record])
            if len(candidates) >= MAX_CANDIDATES or visited > MAX_POSTINGS_VISITED:
                break
        found: dict[int, _Scored] = {}
        for doc in candidates:
            if not self.allowed(doc):
                continue
            scored = self.score_doc(doc, matches)
            if doc in names and (scored is None or scored.score < names[doc].score):
                scored = names[doc]
            if scored is not None:
                found[doc] = scored
        return found

    def score_doc(self, doc: int, matches: list[TermMatches]) -> _Scored | None:
        """Mean of each word's best field score; a bonus when one role/summary/passage/text holds all
        the words (more when they are adjacent, in order); None if some word matches nowhere."""
        index = self.index
        best = [0.0] * len(matches)
        together: tuple[int, float, int] = (0, 0.0, -1)  # words matched, their score sum, record
        for record in index._doc_records[doc]:
            field = FIELDS[index._rec_field[record]]
            words = index._rec_words[record]
            count, total = 0, 0.0
            for i, match in enumerate(matches):
                quality = match.quality
                if quality.keys().isdisjoint(words) or not self.fits(match, record):
                    continue
                score = field.score(max(quality.get(w, 0.0) for w in words))
                count += 1
                total += score
                best[i] = max(best[i], score)
            if (count, total) > together[:2]:
                together = (count, total, record)
        if not all(best):
            return None
        count, total, record = together
        score = sum(best) / len(best)
        field = FIELDS[index._rec_field[record]]
        if count == len(matches) and field.together:
            phrase = " ".join(m.term.text for m in matches)
            bonus = field.phrase if phrase in index._rec_folded[record] else field.together
            score = max(score, total / count + bonus)
        return _Scored(score, record)


def _aligned(term: str, mode: Mode, word: str) -> range | list[int]:
    """Indices in `word` of the characters `term` matched."""
    if word.startswith(term):
        return range(len(term))
    if mode is Mode.SUFFIX and word.endswith(term):
        return range(len(word) - len(term), len(word))
    at = word.find(term)
    if at >= 0:
        return range(at, at + len(term))
    return [j for tag, _, _, j1, j2 in Levenshtein.opcodes(term, word) if tag == "equal" for j in range(j1, j2)]


def _blank(body: str, begin: int, spans: list[tuple[int, int]]) -> str:
    """`body` (starting at offset `begin` of its source) with the cited spans replaced by spaces."""
    end = begin + len(body)
    inside = [(max(s, begin) - begin, min(e, end) - begin) for s, e in spans if s < end and begin < e]
    if not inside:
        return body
    chars = list(body)
    for s, e in inside:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _snippet(text: str, positions: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """About SNIPPET_WIDTH characters of `text` around the first match, on one line."""
    first = positions[0] if positions else 0
    start = max(0, first - SNIPPET_WIDTH // 3)
    if start > 0:
        space = text.find(" ", start, first)
        if space != -1 and space - start < 15:
            start = space + 1
    end = min(len(text), start + SNIPPET_WIDTH)
    if end < len(text):
        space = text.rfind(" ", end - 15, end)
        if space > first:
            end = space
    lead = "…" if start > 0 else ""
    trail = "…" if end < len(text) else ""
    body = _SPACE.sub(" ", text[start:end])
    shift = len(lead) - start
    return lead + body + trail, tuple(p + shift for p in positions if start <= p < end)

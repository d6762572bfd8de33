"""`SearchIndex`: built once per Catalog, queried on every keystroke (from any thread: read-only).

A query word is matched against the vocabulary (`vocab.py`): a few words with a quality each. A
(word, field) pair then has one score for all its postings (`fields.py`), so a one-word query visits
those groups best-first and stops as soon as `limit` documents beat everything left. A query of
several words drives from its rarest word and checks every word on each candidate's own records.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui.catalog import Catalog
from tui.search.fields import (
    BANDS,
    EXACT_ALIAS,
    EXACT_NAME,
    FIELDS,
    NAME_PREFIX_BASE,
    NAME_PREFIX_SPAN,
    SUBSEQUENCE_BASE,
    SUBSEQUENCE_SPAN,
)
from tui.search.fold import fold_words, text_pieces, words_with_origin
from tui.search.highlight import aligned, snippet
from tui.search.query import Mode, Query, kind_named, parse
from tui.search.records import Records
from tui.search.vocab import PREFIX_BASE, TermMatches

MAX_NAME_PREFIX_HITS = 300  # a whole-name prefix matching more names (`a`) is left to the word index
MAX_POSTINGS_VISITED = 50_000  # per query: bounds the worst case (a one-letter word, a rare kind)
MAX_CANDIDATES = 1500  # documents considered for a query of several words
MAX_SCORED = 300  # of those, holding every word, scored in full (a last word of one letter fits most)
MAX_SUBSEQUENCE_WORDS = 4  # the subsequence tier's pattern grows with the words typed
MAX_SUBSEQUENCE_HITS = 5000  # names it ranks
MAX_COUNTED = 10_000  # `count` stops there
LISTED = 0.0  # the score of an entry listed by a query of kind filters alone
_EPISODE_RECORD = -1


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: which entry (or source paragraph), why, and what to highlight.

    `positions` index `matched`, `snippet_positions` index `snippet`. `source_id`, `start` and `end`
    are set together, for a passage that anchored in its source and for a paragraph hit (then the
    paragraph's span), and are all None otherwise.
    """

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
class _Scored:
    score: float
    record: int
    subsequence: bool = False  # found by the subsequence tier: highlight the letters it matched


def subsequence_pattern(words: list[str]) -> re.Pattern[str]:
    """A name line (folded words joined by spaces) holding each typed word's letters in order, each
    word from a word start, the words in order: `jdy` in "judy", `fugitive ops` in "fugitive
    operations". Each letter is a group; `[^c\n]*c` never backtracks past the letter it looks for."""
    parts = []
    for word in words:
        first, rest = re.escape(word[0]), word[1:]
        letters = "".join(f"[^{re.escape(c)}\n]*({re.escape(c)})" for c in rest)
        parts.append(f"(?:[^\n]*? )??({first}){letters}")
    return re.compile("(?m)^" + "".join(parts))


class SearchIndex:
    """Typo-tolerant search over every entry's fields and passages and the uncited source text."""

    def __init__(self, catalog: Catalog, superseded: Callable[[], bool] | None = None) -> None:
        """Raises `Superseded` if `superseded()` says yes during the build (see `Records`)."""
        self._records = Records(catalog, superseded)

    def search(self, query: str, kind: str | None = None, limit: int = 20) -> list[Hit]:
        """Hits for `query`, best first, at most `limit`: one per entry, and one per uncited source
        paragraph (so a source's id may recur, with different spans); `kind` keeps one kind. A query
        of kind filters alone (`@subject`) lists those kinds; an unknown `@kind` filter matches
        nothing (`parse(query).unknown_kinds` says which).

        Raises ValueError for an unknown `kind`."""
        ranked, matches, words = self._ranked(query, kind, limit)
        return [self._hit(doc, scored, matches, words) for doc, scored in ranked]

    def count(self, query: str, kind: str | None = None, up_to: int = MAX_COUNTED) -> int:
        """How many hits `search` has for `query` in all, counted up to `up_to`."""
        return len(self._ranked(query, kind, up_to)[0])

    def _ranked(
        self, query: str, kind: str | None, limit: int
    ) -> tuple[list[tuple[int, _Scored]], list[TermMatches], list[str]]:
        parsed = parse(query)
        kinds = set(parsed.kinds)
        if kind is not None:
            wanted = kind_named(kind)
            if wanted is None:
                raise ValueError(f"unknown kind {kind!r}")
            kinds = kinds & {wanted} if kinds else {wanted}
            if not kinds:
                return [], [], []
        if limit <= 0 or parsed.unknown_kinds:
            return [], [], []
        run = _Run(self._records, parsed, frozenset(kinds))
        if parsed.empty:
            return (run.listing(limit) if kinds else []), [], []
        found = run.episodes()
        matches = [self._records.vocab.match(term) for term in parsed.terms]
        if matches and all(m.ranked for m in matches):
            scored = run.one_word(matches[0], limit) if len(matches) == 1 else run.many_words(matches)
            for doc, hit in scored.items():
                if doc not in found or found[doc].score < hit.score:
                    found[doc] = hit
        words = [t.text for t in parsed.terms]
        if not found and 0 < len(words) <= MAX_SUBSEQUENCE_WORDS and run.abbreviated():  # a scan of every name
            for doc, hit in run.subsequences(words).items():
                found.setdefault(doc, hit)
        ranked = sorted(found.items(), key=lambda item: (-item[1].score, item[0]))[:limit]
        return ranked, matches, words

    def _hit(self, doc_index: int, scored: _Scored, matches: list[TermMatches], words: list[str]) -> Hit:
        records = self._records
        doc = records.document(doc_index)
        record = scored.record
        if record == _EPISODE_RECORD:
            return Hit(doc.id, doc.kind, doc.name, EXACT_NAME, "episode", doc.name, ())
        field = FIELDS[records.field[record]]
        text = records.text[record]
        if scored.subsequence:
            positions = self._subsequence_positions(record, words)
        else:
            positions = self._positions(record, matches)
        shown, shown_positions = snippet(text, positions) if field.snippet else (None, ())
        source_id, start, end = records.span.get(record) or doc.paragraph or (None, None, None)
        return Hit(
            id=doc.id,
            kind=doc.kind,
            name=doc.name,
            score=round(min(scored.score, 100.0), 2),
            field=field.shown,
            matched=text,
            positions=positions,
            snippet=shown,
            snippet_positions=shown_positions,
            source_id=source_id,
            start=start,
            end=end,
        )

    def _subsequence_positions(self, record: int, words: list[str]) -> tuple[int, ...]:
        """Offsets in the name of the letters the subsequence tier matched."""
        spelled = words_with_origin(self._records.text[record])
        line = " ".join(word for word, _ in spelled)
        found = subsequence_pattern(words).match(line)
        if found is None:
            return ()
        origin = [o for word, origins in spelled for o in (*origins, -1)]  # a space after each word
        return tuple(sorted({origin[found.start(g)] for g in range(1, found.re.groups + 1)} - {-1}))

    def _positions(self, record: int, matches: list[TermMatches]) -> tuple[int, ...]:
        """Offsets in the record's text of the characters each query word matched."""
        records = self._records
        if record in records.acronym:  # highlight the initials typed so far
            initials = records.words(record)[0]
            typed = max((len(m.term.text) for m in matches if initials in m.quality), default=0)
            words = words_with_origin(records.text[record])
            return tuple(sorted(words[i][1][0] for i in records.acronym[record][:typed]))
        found: set[int] = set()
        ids = records.vocab.ids
        text = records.masked.get(record, records.text[record])
        matched: set[str] | None = None  # the words that match, to skip pieces of a long text with none
        for start, end in text_pieces(text):
            piece = text[start:end]
            if end - start < len(text):
                if matched is None:
                    matched = {records.vocab.words[wid] for match in matches for wid in match.quality}
                if matched.isdisjoint(fold_words(piece)):
                    continue
            for word, origin in words_with_origin(piece):
                wid = ids.get(word)
                for match in matches:
                    if wid in match.quality:
                        found.update(start + origin[i] for i in aligned(match.term.text, match.term.mode, word))
            if found:  # a long text: the first piece that matches is the one its snippet shows
                break
        return tuple(sorted(found))


class _Run:
    """One query's evaluation: filters, then the one-word or several-word strategy."""

    def __init__(self, records: Records, query: Query, kinds: frozenset[str]) -> None:
        self.records = records
        self.query = query
        self.kinds = kinds
        self._excluded: dict[int, bool] = {}

    def allowed(self, doc: int) -> bool:
        """The kind filter and `!word` exclusions (any field of the document containing `word`)."""
        records = self.records
        if self.kinds and records.doc_kind[doc] not in self.kinds:
            return False
        if not self.query.excluded:
            return True
        if doc not in self._excluded:
            texts = [records.folded(r) for r in records.records_of(doc)]
            self._excluded[doc] = any(x in t for x in self.query.excluded for t in texts)
        return not self._excluded[doc]

    def fits(self, match: TermMatches, record: int) -> bool:
        """`^prefix` and `suffix$` constrain the whole field, not just a word of it."""
        mode = match.term.mode
        if mode is Mode.PREFIX:
            return self.records.folded(record).startswith(match.term.text)
        if mode is Mode.SUFFIX:
            return self.records.folded(record).endswith(match.term.text)
        return True

    def episodes(self) -> dict[int, _Scored]:
        number = self.query.episode
        if number is None or (self.kinds and "episode" not in self.kinds):
            return {}
        episodes = self.records.doc_episode.items()
        return {d: _Scored(EXACT_NAME, _EPISODE_RECORD) for d, n in episodes if n == number}

    def whole_names(self) -> dict[int, _Scored]:
        """Documents whose whole name or alias the query spells (100/99) or begins (92-99)."""
        terms = self.query.terms
        if any(t.mode is not Mode.FUZZY for t in terms):
            return {}
        records = self.records
        typed = "".join(t.text for t in terms)
        keys = records.name_keys
        lo = bisect.bisect_left(keys, typed)
        hi = bisect.bisect_left(keys, typed + "\uffff", lo)
        if hi - lo > MAX_NAME_PREFIX_HITS:  # keep the exact spellings only
            hi = bisect.bisect_right(keys, typed, lo, hi)
        found: dict[int, _Scored] = {}
        for key, record in zip(keys[lo:hi], records.name_records[lo:hi], strict=True):
            is_name = records.field[record] == 0
            if key == typed:
                score = EXACT_NAME if is_name else EXACT_ALIAS
            else:
                score = NAME_PREFIX_BASE + NAME_PREFIX_SPAN * len(typed) / len(key) - (0 if is_name else 0.5)
            doc = records.doc[record]
            if (doc not in found or found[doc].score < score) and self.allowed(doc):
                found[doc] = _Scored(score, record)
        return found

    def listing(self, limit: int) -> list[tuple[int, _Scored]]:
        """Entries of the filtered kinds, in static rank (what `@subject` alone asks for)."""
        records = self.records
        first = records.field_start[0]
        entries = records.field_start[1] - first  # one name record per entry, in document order
        found: list[tuple[int, _Scored]] = []
        for doc in range(entries):
            if len(found) == limit:
                break
            if self.allowed(doc):
                found.append((doc, _Scored(LISTED, first + doc)))
        return found

    def abbreviated(self) -> bool:
        """Whether the query may abbreviate names: plain words, one of which the catalog never uses
        (`cold` is a word, not the letters of "could")."""
        terms, vocab = self.query.terms, self.records.vocab
        return all(t.mode is Mode.FUZZY for t in terms) and any(not vocab.count(t.text) for t in terms)

    def subsequences(self, words: list[str]) -> dict[int, _Scored]:
        """The last tier: names and aliases holding the typed letters in order (what fzf finds)."""
        records = self.records
        lines, starts = records.name_lines, records.name_line_starts
        typed = sum(map(len, words))
        found: dict[int, _Scored] = {}
        for count, hit in enumerate(subsequence_pattern(words).finditer(lines)):
            if count == MAX_SUBSEQUENCE_HITS:
                break
            line = bisect.bisect_right(starts, hit.start()) - 1
            record = records.first_name + line
            doc = records.doc[record]
            letters = len(lines) if line + 1 == len(starts) else starts[line + 1]
            letters = letters - starts[line] - lines.count(" ", starts[line], letters)
            score = SUBSEQUENCE_BASE + SUBSEQUENCE_SPAN * min(1.0, typed / max(letters, 1))
            score -= 0.5 * (records.field[record] != 0)
            if (doc not in found or found[doc].score < score) and self.allowed(doc):
                found[doc] = _Scored(score, record, subsequence=True)
        return found

    def groups(self, match: TermMatches) -> Iterator[tuple[float, int, int, int]]:
        """(score, field, lo, hi), best first: `records.postings[lo:hi]` are one matched word's
        records in one field."""
        records = self.records
        postings, starts, field_start = records.postings, records.posting_start, records.field_start

        def in_field(field: int) -> Iterator[tuple[float, int, int, int]]:
            score = FIELDS[field].score
            first, last = field_start[field], field_start[field + 1]
            for wid, quality in match.ranked:
                end = starts[wid + 1]
                lo = bisect.bisect_left(postings, first, starts[wid], end)
                if lo < end and postings[lo] < last:
                    yield score(quality), field, lo, bisect.bisect_left(postings, last, lo, end)

        for band in BANDS:
            yield from heapq.merge(*(in_field(f) for f in band), key=lambda g: (-g[0], g[1]))

    def one_word(self, match: TermMatches, limit: int) -> dict[int, _Scored]:
        """Best-first over (word, field) groups; stops once `limit` documents beat everything left."""
        doc_of, postings = self.records.doc, self.records.postings
        found = self.whole_names()
        from_groups = 0
        cutoff = -1.0
        visited = 0
        for score, _, lo, hi in self.groups(match):
            if score < cutoff or visited > MAX_POSTINGS_VISITED:
                break
            visited += hi - lo
            for record in postings[lo:hi]:
                doc = doc_of[record]
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

    def many_words(self, matches: list[TermMatches]) -> dict[int, _Scored]:
        """Candidates from the rarest word (its exact and prefix words first, then its typos), kept
        when every other word occurs in them, then scored on all their records."""
        records = self.records
        driver = min(matches, key=self.cost)
        names = self.whole_names()
        candidates = dict.fromkeys(names)
        doc_of, postings, starts = records.doc.__getitem__, records.postings, records.posting_start
        for wid, _ in driver.ranked:
            first, end = starts[wid], starts[wid + 1]
            end = min(end, first + MAX_CANDIDATES)
            candidates.update(dict.fromkeys(map(doc_of, postings[first:end])))
            if len(candidates) >= MAX_CANDIDATES:
                break
        others = [m.quality.keys() for m in matches if m is not driver]
        found: dict[int, _Scored] = {}
        scored_count = 0
        for doc in candidates:
            if doc not in names:
                words = records.doc_words(doc)
                if scored_count >= MAX_SCORED or any(other.isdisjoint(words) for other in others):
                    continue
            if not self.allowed(doc):
                continue
            scored_count += 1
            scored = self.score_doc(doc, matches)
            if doc in names and (scored is None or scored.score < names[doc].score):
                scored = names[doc]
            if scored is not None:
                found[doc] = scored
        return found

    def cost(self, match: TermMatches) -> int:
        """How many postings a word's exact and prefix matches have (its typos only if it has none)."""
        starts = self.records.posting_start
        close = [wid for wid, quality in match.ranked if quality >= PREFIX_BASE]
        close = close or [wid for wid, _ in match.ranked]
        return sum(starts[wid + 1] - starts[wid] for wid in close[:200])

    def score_doc(self, doc: int, matches: list[TermMatches]) -> _Scored | None:
        """Mean of each word's best field score, with a bonus when one role/summary/passage/text holds
        every word (more when adjacent and in order); None when some word matches nowhere."""
        records = self.records
        best = [0.0] * len(matches)
        together: tuple[int, float, int] = (0, 0.0, -1)  # words matched, their score sum, record
        for record in records.records_of(doc):
            field = FIELDS[records.field[record]]
            words = records.words(record)
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
        field = FIELDS[records.field[record]]
        if count == len(matches) and field.together:
            phrase = " ".join(m.term.text for m in matches)
            bonus = field.phrase if phrase in records.folded(record) else field.together
            score = max(score, total / count + bonus)
        return _Scored(score, record)

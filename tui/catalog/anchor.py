"""Find a passage's quote in its source text: verbatim, forgiving only what people cannot type.

Both the source and the quote are folded the same way (curly quotes to straight, dashes to `-`,
any run of whitespace to one space) while the folded source keeps, for each of its characters, the
offset of the original character it came from. A match in folded text maps back to an exact
`[start:end]` slice of the original.
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from rapidfuzz import fuzz

from tui.catalog.positions import LineStarts

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE_RUN = re.compile(r"\s+")
_TYPOGRAPHIC = re.compile("[" + "".join(map(chr, _FOLD)) + "]")  # str.translate is 10x slower
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than the space itself
_SPACES = re.compile(" {2,}")


# Combining marks (accents): a letter followed by some is composed to its NFC form, so that a
# decomposed "Jose\u0301" and a composed "Jos\u00e9" fold alike.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]+")


def _compositions(text: str) -> Iterator[tuple[int, int, str]]:
    """`(start, end, composed)` for each letter-and-accents run that NFC writes shorter."""
    if unicodedata.is_normalized("NFC", text):  # most texts: a quick check, not a regex scan
        return
    for run in _COMBINING.finditer(text):
        start = run.start() - 1
        if start < 0 or text[start].isspace():
            continue
        written = text[start:run.end()]
        composed = unicodedata.normalize("NFC", written)
        if len(composed) < len(written):
            yield start, run.end(), composed


def _shortenings(spaced: str) -> Iterator[tuple[int, int, str]]:
    """What folding shortens in text whose whitespace is already spaces, in order: each run of
    spaces to one, each composable letter-and-accents run to its NFC form."""
    runs = ((run.start() + 1, run.end(), "") for run in _SPACES.finditer(spaced))
    return heapq.merge(runs, _compositions(spaced))


def fold(text: str) -> str:
    """The comparison form of a quote: typographic characters straightened, accents composed
    (NFC), whitespace collapsed."""
    spaced = _SPACE_RUN.sub(" ", text.translate(_FOLD)).strip()
    if unicodedata.is_normalized("NFC", spaced):
        return spaced  # most quotes: nothing to compose (and suggest folds one per mention)
    pieces, kept = [], 0
    for start, end, composed in _compositions(spaced):
        pieces += [spaced[kept:start], composed]
        kept = end
    return "".join(pieces) + spaced[kept:]


# The closest-match search (see SourceText._closest).
CLOSEST_CUTOFF = 60  # % similarity below which a text has no closest match
FULL_SCAN_CHARS = 1_000_000  # up to this many folded characters, score the whole text
RARE_WORD_SCANS = 2  # at most this many words are looked for in a longer text;
GOOD_ENOUGH = 80  # % similarity at which the windows of the next rare word are not searched
MAX_WORD_HITS = 60  # a word found more often than this is not rare
MIN_RARE_WORD = 3
_WORD = re.compile(r"\w+")

MAX_CONTEXT_WORDS = 12  # how far a prefix or suffix may grow to make a quote unique

# Locating many quotes at once (see SourceText.locate_all): below these sizes a scan per quote is
# as fast as building an index of the text's word starts.
INDEX_MIN_CHARS = 32_768
INDEX_MIN_QUOTES = 16
KEY_CHARS = 8  # an index key: this many characters from a word start
_WORD_START = re.compile(r"(?<!\w)\w")


class Span(NamedTuple):
    """`[start, end)`: character offsets in a source text (sorts by start, then end)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Found:
    """The one place a quote anchors: its span and the 1-based line it starts on."""

    start: int
    end: int
    line: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class NotFound:
    """The quote is not in the source; `closest` is the best fuzzy alignment, if any is close,
    at `[start, end)` of the source text (line 0 and start -1 when there is none)."""

    closest: str | None
    line: int
    similarity: float
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Ambiguous:
    lines: tuple[int, ...]


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_spans(text: str) -> list[Span]:
    """`[start, end)` of each blank-line separated paragraph, surrounding whitespace trimmed: the
    unit that coverage counts and that search offers when no entry cites it."""
    spans = []
    at = 0
    for gap in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        chunk = text[at:stop]
        if chunk.strip():
            start = at + len(chunk) - len(chunk.lstrip())
            spans.append(Span(start, at + len(chunk.rstrip())))
        if gap:
            at = gap.end()
    return spans


# What a text answered for each `(quote, prefix, suffix)` looked for in it.
Located = Mapping[tuple[str, str | None, str | None], "Found | NotFound | Ambiguous"]


class SourceText:
    """One source document's text, folded once, searched for many quotes. `digest` is the sha256
    of the file's bytes, when read from one (a reload keeps a text whose file did not change);
    each quote is located once (the answer depends only on the text and the quote)."""

    def __init__(self, text: str, digest: str | None = None) -> None:
        self.text = text
        self.digest = digest
        self._located: dict[tuple[str, str | None, str | None], Found | NotFound | Ambiguous] = {}
        self._word_starts: _WordStarts | None = None  # only while many quotes are looked for
        # Straightening and spacing keep every offset; only collapsing a run of spaces and composing
        # a letter with its accents shift the rest. So instead of one origin per character
        # (hundreds of MB for a 20 MB source) keep, per shortening, where the folded text resumes
        # and how far the original is ahead.
        straight = _TYPOGRAPHIC.sub(lambda m: _FOLD[ord(m.group())], text)
        spaced = _OTHER_SPACE.sub(" ", straight)
        pieces: list[str] = []
        self._resumes: list[int] = [0]
        self._ahead: list[int] = [0]
        kept = removed = 0
        for start, end, short in _shortenings(spaced):
            pieces.append(spaced[kept:start])
            pieces.append(short)
            kept = end
            removed += end - start - len(short)
            self._resumes.append(end - removed)
            self._ahead.append(removed)
        pieces.append(spaced[kept:])
        self.folded = "".join(pieces)
        self._line_starts = LineStarts(text).starts  # lines as an editor counts them

    def _origin(self, folded_index: int) -> int:
        """Offset in the original text of the character at `folded_index` of the folded text."""
        return folded_index + self._ahead[bisect.bisect_right(self._resumes, folded_index) - 1]

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset in the original text."""
        return bisect.bisect_right(self._line_starts, offset)

    @property
    def line_count(self) -> int:
        return len(self._line_starts) - (1 if self.text.endswith("\n") else 0)

    def line_span(self, line: int) -> Span | None:
        """`[start, end)` of a 1-based line (its line break and trailing spaces left out), or None."""
        if not 1 <= line <= self.line_count:
            return None
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return Span(start, start + len(self.text[start:end].rstrip()))

    @cached_property
    def paragraphs(self) -> list[Span]:
        """`[start, end)` of each paragraph (see `paragraph_spans`), computed once per text."""
        return paragraph_spans(self.text)

    def _found(self, folded_start: int, folded_end: int) -> Found:
        start = self._origin(folded_start)
        # The end of the last character: past all its accents when it was composed.
        end = folded_end + self._ahead[bisect.bisect_right(self._resumes, folded_end) - 1]
        return Found(start, end, self.line_of(start))

    def locate(
        self, quote: str, prefix: str | None = None, suffix: str | None = None
    ) -> Found | NotFound | Ambiguous:
        """Resolve a quote to exactly one span, or say why it cannot."""
        key = (quote, prefix, suffix)
        if (known := self._located.get(key)) is None:
            known = self._located[key] = self._locate(quote, prefix, suffix)
        return known

    @property
    def located(self) -> Located:
        """Every `(quote, prefix, suffix)` located so far, with the answer."""
        return self._located

    def remember(self, located: Located) -> None:
        """Take answers located in this same text before (see `tui.catalog.cache`)."""
        self._located.update(located)

    def locate_all(self, keys: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Locate many `(quote, prefix, suffix)` at once (what `locate` then answers from memory):
        with a temporary index of the text's word starts, not one scan of the whole text each
        (a catalog of 10,000 entries has 27,000 quotes in ten 300 KB sources)."""
        pending = [key for key in dict.fromkeys(keys) if key not in self._located]
        with self._word_index(len(pending)):
            for key in pending:
                self._located[key] = self._locate(*key)

    @contextlib.contextmanager
    def _word_index(self, quotes: int) -> Iterator[None]:
        """While many quotes are looked for, an index of the text's word starts (see `_hits`)."""
        indexed = quotes >= INDEX_MIN_QUOTES and len(self.folded) >= INDEX_MIN_CHARS
        self._word_starts = _WordStarts(self.folded) if indexed else None
        try:
            yield
        finally:
            self._word_starts = None

    def _locate(self, quote: str, prefix: str | None, suffix: str | None) -> Found | NotFound | Ambiguous:
        needle = fold(quote)
        hits = self._hits(needle)
        if prefix:
            want = fold(prefix)
            hits = [h for h in hits if self.folded[max(0, h - len(want) - 1):h].rstrip().endswith(want)]
        if suffix:
            want = fold(suffix)
            end = len(needle) + len(want) + 1
            hits = [h for h in hits if self.folded[h + len(needle):h + end].lstrip().startswith(want)]
        if len(hits) == 1:
            return self._found(hits[0], hits[0] + len(needle))
        if hits:
            return Ambiguous(tuple(self.line_of(self._origin(h)) for h in hits))
        return self._closest(needle)

    def _hits(self, needle: str) -> list[int]:
        if self._word_starts is not None and (hits := self._word_starts.hits(needle)) is not None:
            return hits
        hits = []
        at = self.folded.find(needle)
        while at != -1 and needle:
            hits.append(at)
            at = self.folded.find(needle, at + 1)
        return hits

    def occurrences(self, quote: str) -> list[Found]:
        """Every place the quote's words occur (as the matcher folds them), in reading order."""
        needle = fold(quote)
        return [self._found(h, h + len(needle)) for h in self._hits(needle)]

    def unique_context(self, quote: str, start: int, end: int) -> dict[str, str] | None:
        """What makes `quote` anchor to the occurrence `[start, end)`: {} when it does on its own,
        else the shortest `prefix` (or, at the same length, `suffix`) of whole words; None when no
        context of up to MAX_CONTEXT_WORDS words does."""
        return self.unique_contexts([(quote, start, end)])[0]

    def unique_contexts(self, wanted: Sequence[tuple[str, int, int]]) -> list[dict[str, str] | None]:
        """`unique_context` of each `(quote, start, end)`, all at once: the quotes located with one
        index of the text's word starts (as `locate_all` does), and the occurrences of a quote told
        apart by the text around them, sorted, rather than by locating the quote again with each
        prefix and suffix tried (20,000 mentions in one repeated sentence took 20,000 scans of the
        source per word of context)."""
        with self._word_index(len({quote for quote, _, _ in wanted})):
            answers: list[dict[str, str] | None] = [
                {} if _anchors_at(self.locate(quote), start) else None for quote, start, _ in wanted
            ]
            pending: dict[str, list[int]] = {}
            for index, (quote, _, _) in enumerate(wanted):
                if answers[index] is None:
                    pending.setdefault(quote, []).append(index)
            for quote, indexes in pending.items():
                around = [
                    (_words_before(self.text, wanted[i][1]), _words_after(self.text, wanted[i][2])) for i in indexes
                ]
                contexts = _Contexts(self, quote, around)
                for index, (before, after) in zip(indexes, around, strict=True):
                    answers[index] = contexts.unique_at(wanted[index][1], before, after)
        return answers

    def _closest(self, needle: str) -> NotFound:
        """The best fuzzy alignment of a quote that is not in the text. A short text is scored
        whole; in a long one only windows around the quote's rarest words are (a full scan of
        20 MB takes about a second per quote, and a reload may have many drifted quotes)."""
        if not needle or not self.folded:
            return NotFound(None, 0, 0.0)
        whole = len(self.folded) <= FULL_SCAN_CHARS
        best = None
        offset = 0
        for windows in [[(0, len(self.folded))]] if whole else self._candidate_windows(needle):
            for start, end in windows:
                found = fuzz.partial_ratio_alignment(needle, self.folded[start:end], score_cutoff=CLOSEST_CUTOFF)
                if found is not None and (best is None or found.score > best.score):
                    best, offset = found, start
            if best is not None and best.score >= GOOD_ENOUGH:
                break
        if best is None:
            return NotFound(None, 0, 0.0)
        start, end = _whole_words(self.folded, offset + best.dest_start, offset + best.dest_end)
        span = self._found(start, max(end, start + 1))
        return NotFound(self.text[span.start:span.end], span.line, best.score, span.start, span.end)

    def _candidate_windows(self, needle: str) -> Iterator[list[tuple[int, int]]]:
        """For each of the quote's rare words, the stretches of the folded text around its places:
        the longest words first (long words are rare), a scan stopping as soon as a word proves
        common; at most RARE_WORD_SCANS full scans. The caller stops when a window is close."""
        in_order = dict.fromkeys(m.group() for m in _WORD.finditer(needle))  # distinct, as they come
        words = sorted(in_order, key=len, reverse=True)  # stable: among equals, the first written
        pad = max(20, len(needle) // 2)
        for word in [w for w in words if len(w) >= MIN_RARE_WORD][:RARE_WORD_SCANS]:
            hits = self._hits_upto(word, MAX_WORD_HITS)
            if not hits or len(hits) > MAX_WORD_HITS:
                continue
            at = needle.find(word)
            merged: list[tuple[int, int]] = []
            for start, end in ((max(0, h - at - pad), h - at + len(needle) + pad) for h in hits):
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            yield merged

    def _hits_upto(self, word: str, limit: int) -> list[int]:
        """Where `word` occurs in the folded text, stopping after `limit + 1` places."""
        hits: list[int] = []
        at = self.folded.find(word)
        while at != -1 and len(hits) <= limit:
            hits.append(at)
            at = self.folded.find(word, at + 1)
        return hits


class _WordStarts:
    """Where each word of a folded text starts, by the KEY_CHARS characters from there. A quote
    with a word start after its first character occurs only where the text has that same key at
    the same distance: its occurrences are checked among the places of its rarest key (one place
    for most quotes, however repetitive the text around them)."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.places: dict[str, list[int]] = {}
        for start in _WORD_START.finditer(folded):
            at = start.start()
            self.places.setdefault(folded[at:at + KEY_CHARS], []).append(at)

    def hits(self, needle: str) -> list[int] | None:
        """Every offset where `needle` occurs, in order; None when it has no key to look up."""
        rarest: tuple[int, list[int]] | None = None
        for start in _WORD_START.finditer(needle, 1):
            at = start.start()
            if at + KEY_CHARS > len(needle):
                break
            places = self.places.get(needle[at:at + KEY_CHARS], [])
            if rarest is None or len(places) < len(rarest[1]):
                rarest = (at, places)
                if len(places) <= 1:
                    break
        if rarest is None:
            return None
        at, places = rarest
        return [place - at for place in places if place >= at and self.folded.startswith(needle, place - at)]


MAX_CONTEXT_KEY_CHARS = 2_048  # a longer prefix or suffix is checked by locating the quote with it


class _Contexts:
    """For each occurrence of one quote in a folded text, the text just before it (reversed) and
    just after it, each side sorted: the occurrences that a `prefix` leaves (those whose text before
    ends with it, as `SourceText._locate` filters them) are then neighbours in order, found by one
    bisection. `around`: the words before and after each occurrence asked about, which say how much
    text to keep."""

    def __init__(self, source: SourceText, quote: str, around: list[tuple[list[str], list[str]]]) -> None:
        self.source = source
        self.quote = quote
        needle = fold(quote)
        hits = source._hits(needle)
        # A filter looks at len(context) + 1 characters; folding never lengthens a context.
        longest = max(map(len, map(" ".join, itertools.chain.from_iterable(around))))
        self.reach = min(longest + 2, MAX_CONTEXT_KEY_CHARS)
        folded = source.folded
        self.hit_at = {source._origin(h): h for h in hits}
        self.before = {h: _context_key(folded[max(0, h - self.reach):h][::-1]) for h in hits}
        self.after = {h: _context_key(folded[h + len(needle):h + len(needle) + self.reach]) for h in hits}
        self.befores, self.afters = sorted(self.before.values()), sorted(self.after.values())

    def unique_at(self, start: int, before: list[str], after: list[str]) -> dict[str, str] | None:
        """What `SourceText.unique_context` answers for the occurrence at `start`."""
        hit = self.hit_at.get(start)
        if hit is None:
            return None  # the quote does not occur there, with any context
        for count in range(1, MAX_CONTEXT_WORDS + 1):
            prefix = " ".join(before[-count:])
            if prefix and self._only(self.befores, self.before[hit], fold(prefix)[::-1], start, prefix=prefix):
                return {"prefix": prefix}
            suffix = " ".join(after[:count])
            if suffix and self._only(self.afters, self.after[hit], fold(suffix), start, suffix=suffix):
                return {"suffix": suffix}
        return None

    def _only(self, keys: list[str], own: str, want: str, start: int, **context: str) -> bool:
        """Whether `want` (a context, folded, reversed for a prefix) leaves only the occurrence whose
        key is `own`. A context's filter takes one space before it and nothing else, so it leaves
        the occurrences whose key (one leading space dropped) starts with it."""
        if len(want) + 1 > self.reach:
            return _anchors_at(self.source.locate(self.quote, **context), start)
        if want[:1].isspace() or not own.startswith(want):
            return False
        at = bisect.bisect_left(keys, want)  # the first that starts with it: `own` does
        return at + 1 == len(keys) or not keys[at + 1].startswith(want)


def _context_key(text: str) -> str:
    return text[1:] if text[:1].isspace() else text


def _words_before(text: str, start: int) -> list[str]:
    """`text[:start].split()[-MAX_CONTEXT_WORDS:]`, looking back only as far as those words reach:
    split from the right no more times than that (one more piece: the words before them)."""
    width = 256
    while True:
        left = max(0, start - width)
        words = text[left:start].rsplit(None, MAX_CONTEXT_WORDS)
        if len(words) > MAX_CONTEXT_WORDS:
            return words[1:]  # each of them has whitespace before it: none is cut by the window
        if left == 0:
            return words
        width *= 4


def _words_after(text: str, end: int) -> list[str]:
    """`text[end:].split()[:MAX_CONTEXT_WORDS]`, looking ahead only as far as those words reach."""
    width = 256
    while True:
        right = min(len(text), end + width)
        words = text[end:right].split(None, MAX_CONTEXT_WORDS)
        if len(words) > MAX_CONTEXT_WORDS:
            return words[:MAX_CONTEXT_WORDS]  # each has whitespace after it: none is cut by the window
        if right == len(text):
            return words
        width *= 4


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` moved to word boundaries: a word cut at either end is taken whole if most of
    it is inside, else left out (a fuzzy alignment often begins or ends inside a word)."""
    def word_start(at: int) -> int:
        while at > 0 and text[at - 1].isalnum():
            at -= 1
        return at

    def word_end(at: int) -> int:
        while at < len(text) and text[at].isalnum():
            at += 1
        return at

    if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        left, right = word_start(start), word_end(start)
        start = left if start - left <= (right - left) // 2 else right
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        left, right = word_start(end), word_end(end)
        end = right if right - end <= (right - left) // 2 else left
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return (start, end) if start < end else (start, start)


def _anchors_at(result: object, start: int) -> bool:
    return isinstance(result, Found) and result.start == start

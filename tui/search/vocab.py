"""The vocabulary: every distinct folded word in the index, and which of them a query word matches.

Typo tolerance is computed over the vocabulary, never over documents: a query word's one-edit
neighbourhood (deletions, transpositions, substitutions, insertions; a few hundred strings) is looked up
in a hash of the words and, for "typo while still typing", by binary search in the sorted words. Two
edits are only allowed for long words, found with rapidfuzz over words of a similar length.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from tui.search.query import Mode, Term

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_END = "\uffff"

# Match quality of one query word against one vocabulary word, 0..1.
EXACT = 1.0
PREFIX_BASE, PREFIX_SPAN = 0.80, 0.15  # + SPAN * len(term)/len(word): `scot` prefers scott to scotland
INFIX = 0.7  # `'term` inside a word
ONE_TYPO = 0.6
TYPO_PREFIX = 0.5  # the word starts with a one-typo variant of the term
TWO_TYPOS = 0.45
MAX_PREFIX_WORDS = 2000  # a prefix matching more words (`a`) only keeps the shortest of them


@dataclass(frozen=True, slots=True)
class TermMatches:
    """Vocabulary words a query term matches: `ranked` best first, `quality` by word id."""

    term: Term
    ranked: tuple[tuple[int, float], ...]
    quality: dict[int, float]


class Vocabulary:
    """Word <-> id, plus the sorted and by-length views that matching needs. Read-only once frozen."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []

    def add(self, word: str) -> int:
        wid = self.ids.get(word)
        if wid is None:
            wid = self.ids[word] = len(self.words)
            self.words.append(word)
        return wid

    def freeze(self) -> None:
        self._sorted = sorted(self.words)
        self._sorted_ids = [self.ids[w] for w in self._sorted]
        by_length: dict[int, list[str]] = {}
        for word in self.words:
            if word.isalpha():
                by_length.setdefault(len(word), []).append(word)
        self._by_length = by_length
        self._joined = "\n" + "\n".join(self._sorted) + "\n"
        self._starts = []  # offset of each sorted word in `_joined`
        at = 1
        for word in self._sorted:
            self._starts.append(at)
            at += len(word) + 1
        self.match = lru_cache(maxsize=512)(self._match)

    def __len__(self) -> int:
        return len(self.words)

    # -- views -------------------------------------------------------------------------------------
    def _prefixed(self, prefix: str) -> range:
        lo = bisect.bisect_left(self._sorted, prefix)
        hi = bisect.bisect_left(self._sorted, prefix + _END, lo)
        return range(lo, hi)

    def _containing(self, needle: str) -> list[int]:
        """Sorted positions of words containing `needle` (a scan of one joined string, in C)."""
        found: list[int] = []
        at = self._joined.find(needle)
        while at != -1:
            index = bisect.bisect_right(self._starts, at) - 1
            found.append(index)
            at = self._joined.find(needle, self._starts[index] + len(self._sorted[index]))
        return found

    # -- matching ----------------------------------------------------------------------------------
    def _match(self, term: Term) -> TermMatches:
        text = term.text
        best: dict[int, float] = {}

        def offer(index: int, quality: float) -> None:
            wid = self._sorted_ids[index]
            if best.get(wid, 0.0) < quality:
                best[wid] = quality

        if term.mode is Mode.EXACT:
            for index in self._containing(text):
                word = self._sorted[index]
                offer(index, EXACT if word == text else _prefix_quality(text, word) if word.startswith(text) else INFIX)
        elif term.mode is Mode.SUFFIX:
            for index in self._containing(text + "\n"):
                word = self._sorted[index]
                offer(index, EXACT if word == text else INFIX)
        else:
            self._match_prefix(text, offer)
            if term.mode is Mode.FUZZY and text.isalpha() and len(text) >= 4:
                self._match_typos(text, offer)
        ranked = tuple(sorted(best.items(), key=lambda item: (-item[1], item[0])))
        return TermMatches(term, ranked, best)

    def _match_prefix(self, text: str, offer) -> None:
        found = self._prefixed(text)
        if len(found) > MAX_PREFIX_WORDS:
            found = sorted(found, key=lambda i: len(self._sorted[i]))[:MAX_PREFIX_WORDS]
        for index in found:
            word = self._sorted[index]
            offer(index, EXACT if word == text else _prefix_quality(text, word))

    def _match_typos(self, text: str, offer) -> None:
        for variant in _one_edit(text):
            index = bisect.bisect_left(self._sorted, variant)
            if index < len(self._sorted) and self._sorted[index] == variant:
                offer(index, ONE_TYPO)
            if len(text) >= 5 and len(variant) >= 4:
                for index in list(self._prefixed(variant))[:50]:
                    if self._sorted[index] != variant:
                        offer(index, TYPO_PREFIX)
        if len(text) >= 8:
            lengths = range(len(text) - 2, len(text) + 3)
            choices = [w for n in lengths for w in self._by_length.get(n, ())]
            for word, distance, _ in process.extract(
                text, choices, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                if distance == 2:
                    offer(bisect.bisect_left(self._sorted, word), TWO_TYPOS)


def _prefix_quality(text: str, word: str) -> float:
    return PREFIX_BASE + PREFIX_SPAN * len(text) / len(word)


def _one_edit(text: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `text`."""
    splits = [(text[:i], text[i:]) for i in range(len(text) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    variants |= {a + c + b for a, b in splits for c in _ALPHABET}
    variants.discard(text)
    return variants

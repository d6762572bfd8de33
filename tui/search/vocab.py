"""The vocabulary: every distinct folded word in the index, and which of them a query word matches.

Typo tolerance is computed over the vocabulary, never over documents: a query word's one-edit
neighbourhood (deletions, transpositions, substitutions, insertions; a few hundred strings) is looked up
in a hash of the words and, for "typo while still typing", by binary search in the sorted words. Two
edits are only allowed for long words, found with rapidfuzz over words of a similar length.

The edit budget depends on the word's length and frequency, as typo-tolerant engines do: under four
letters none; a word the catalog itself uses, when short or common (`taken_as_typed`), is taken as
meant, and of its one-edit neighbours only words of proper names survive (`brian` still finds Bryan, but
`four` is not `for`, `cold` not `told`, `hatch` not `watched`).
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import process
from rapidfuzz.distance import OSA

from tui.search.query import Mode, Term

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_END = "\uffff"

# Match quality of one query word against one vocabulary word, 0..1.
EXACT = 1.0
PREFIX_BASE, PREFIX_SPAN = 0.80, 0.15  # + SPAN * len(term)/len(word): `scot` prefers scott to scotland
INFIX = 0.7  # `'term` inside a word
TYPO_PREFIX_PENALTY = 0.1  # the word starts with a one-typo variant of the term (see `one_typo`)
MIN_TYPO_LENGTH = 4  # shorter words get no typo neighbours at all
SHORT_WORD = 5  # a word the catalog uses, this long or shorter, is a typo only of a name's word
COMMON_COUNT = 3  # so is one used this often, below LONG_WORD letters
LONG_WORD = 9
MAX_PREFIX_WORDS = 2000  # a prefix matching more words (`a`) only keeps the shortest of them
CACHE_SIZE = 1024
MAX_EDITED_WORD = 24  # longer terms find their one-typo words by a scan, not by spelling variants


@dataclass(frozen=True, slots=True)
class TermMatches:
    """Vocabulary words a query term matches: `ranked` best first, `quality` by word id."""

    term: Term
    ranked: tuple[tuple[int, float], ...]
    quality: dict[int, float]


class Vocabulary:
    """The distinct words, sorted: a word's id is its position. Read-only once built."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words: tuple[str, ...] = tuple(sorted(set(words)))  # a tuple: the collector untracks it
        self.ids: dict[str, int] = {word: wid for wid, word in enumerate(self.words)}
        by_length: dict[int, list[str]] = {}
        for word in self.words:
            if word.isalpha():
                by_length.setdefault(len(word), []).append(word)
        self._by_length = {length: tuple(same) for length, same in by_length.items()}
        self._lengths = array("I", map(len, self.words))
        self._joined = "\n" + "\n".join(self.words) + "\n"
        self._starts = array("I", itertools.accumulate((len(w) + 1 for w in self.words), initial=1))[:-1]
        self._cache: dict[Term, TermMatches] = {}  # the words typed so far recur on every keystroke
        self.counts: Sequence[int] = ()  # occurrences of each word (by id), set once postings exist
        self.name_words: frozenset[int] = frozenset()  # ids of words of the names of people, places…

    def count(self, word: str) -> int:
        """How often the catalog uses `word` (0 if never, or before `counts` is set)."""
        wid = self.ids.get(word)
        return self.counts[wid] if wid is not None and wid < len(self.counts) else 0

    def match(self, term: Term) -> TermMatches:
        """The words `term` matches, best first. Safe from several threads: a cache miss recomputes."""
        found = self._cache.get(term)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            found = self._cache[term] = self._match(term)
        return found

    def __len__(self) -> int:
        return len(self.words)

    # -- views -------------------------------------------------------------------------------------
    def _prefixed(self, prefix: str) -> range:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + _END, lo)
        return range(lo, hi)

    def _containing(self, needle: str) -> list[int]:
        """Sorted positions of words containing `needle` (a scan of one joined string, in C)."""
        found: list[int] = []
        at = self._joined.find(needle)
        while at != -1:
            index = bisect.bisect_right(self._starts, at) - 1
            found.append(index)
            at = self._joined.find(needle, self._starts[index] + len(self.words[index]))
        return found

    # -- matching ----------------------------------------------------------------------------------
    def _match(self, term: Term) -> TermMatches:
        text = term.text
        best: dict[int, float] = {}

        def offer(wid: int, quality: float) -> None:
            if best.get(wid, 0.0) < quality:
                best[wid] = quality

        if term.mode is Mode.EXACT:
            for wid in self._containing(text):
                word = self.words[wid]
                offer(wid, _prefix_quality(text, word) if word.startswith(text) else INFIX)
        elif term.mode is Mode.SUFFIX:
            for wid in self._containing(text + "\n"):
                offer(wid, EXACT if self.words[wid] == text else INFIX)
        else:
            self._match_prefix(text, offer)
            if term.mode is Mode.FUZZY and text.isalpha() and len(text) >= MIN_TYPO_LENGTH:
                typo = offer
                if taken_as_typed(len(text), self.count(text)):
                    names = self.name_words

                    def typo(wid: int, quality: float) -> None:
                        if wid in names:
                            offer(wid, quality)

                self._match_one_typo(text, typo)
                if not best and len(text) >= 8:
                    self._match_two_typos(text, offer)
        ranked = tuple(sorted(sorted(best.items()), key=itemgetter(1), reverse=True))  # ties by word id
        return TermMatches(term, ranked, best)

    def _match_prefix(self, text: str, offer: Callable[[int, float], None]) -> None:
        found: Iterable[int] = self._prefixed(text)
        if len(found) > MAX_PREFIX_WORDS:  # type: ignore[arg-type]
            found = sorted(found, key=self._lengths.__getitem__)[:MAX_PREFIX_WORDS]
        for wid in found:
            offer(wid, _prefix_quality(text, self.words[wid]))

    def _match_one_typo(self, text: str, offer: Callable[[int, float], None]) -> None:
        whole, prefix = one_typo(len(text)), one_typo(len(text)) - TYPO_PREFIX_PENALTY
        if len(text) > MAX_EDITED_WORD:
            # Spelling out every variant is quadratic in the length; a scan, in C, of the words
            # one letter shorter or longer is linear (and a typo's prefixes no longer count).
            choices = [w for n in range(len(text) - 1, len(text) + 2) for w in self._by_length.get(n, ())]
            for word, _, _ in process.extract(text, choices, scorer=OSA.distance, score_cutoff=1, limit=None):
                offer(self.ids[word], whole)
            return
        for variant in _one_edit(text):
            found = self._prefixed(variant)
            if not found:
                continue
            if self.words[found[0]] == variant:
                offer(found[0], whole)
            if len(text) >= 5 and len(variant) >= 4:
                for wid in found[:50]:
                    offer(wid, prefix)

    def _match_two_typos(self, text: str, offer: Callable[[int, float], None]) -> None:
        """Only when nothing is closer: a scan, in C, of the words of about the same length."""
        choices = [w for n in range(len(text) - 2, len(text) + 3) for w in self._by_length.get(n, ())]
        for word, _, _ in process.extract(text, choices, scorer=OSA.distance, score_cutoff=2, limit=None):
            offer(self.ids[word], two_typos(len(text)))


def _prefix_quality(text: str, word: str) -> float:
    return EXACT if word == text else PREFIX_BASE + PREFIX_SPAN * len(text) / len(word)


def taken_as_typed(length: int, count: int) -> bool:
    """Whether a query word of `length` letters that the catalog uses `count` times is meant as typed:
    when short, or common below LONG_WORD letters (a word used once or twice may itself be a
    misspelling in a source)."""
    return bool(count) and (length <= SHORT_WORD or (count >= COMMON_COUNT and length < LONG_WORD))


def one_typo(length: int) -> float:
    """One typo weighs less in a long word: 0.625 at 4 letters, 0.70 at 10."""
    return 0.75 - 0.5 / length


def two_typos(length: int) -> float:
    return 0.65 - 1.5 / length


def _one_edit(text: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `text`."""
    splits = [(text[:i], text[i:]) for i in range(len(text) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    variants |= {a + c + b for a, b in splits for c in _ALPHABET}
    variants.discard(text)
    return variants

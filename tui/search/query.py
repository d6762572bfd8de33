"""Parse what the user typed: words, fzf-style operators, kind filters, episode shortcuts.

    judy mike hsi        words, all must match (any order, typos forgiven)
    'exact               no typo forgiveness: the folded text must contain `exact`
    ^prefix  suffix$     a field must start / end with it
    !word                drop entries containing `word`
    @subject kind:place  only entries of that kind (singular, plural or a unique prefix); alone, all of them
    ep 4, ep4, e4, episode four   the episode itself first
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from tui.catalog.schema import KIND_OF_SECTION, KINDS
from tui.search.fold import fold

QUERY_SYNTAX = (
    ("word word", "all words must match, in any order; typos are forgiven"),
    ("'exact", "no typo forgiveness: the text must contain it"),
    ("^prefix", "a field must start with it"),
    ("suffix$", "a field must end with it"),
    ("!exclude", "drop entries containing it"),
    ("@kind  kind:kind", "only that kind, e.g. @subject, kind:location, @ep; alone: all of that kind"),
    ("ep 4", "episode shortcut: ep4, e4, episode four"),
)
"""What the query language offers, one line each: shown by the app's help and its search overlay."""


class Mode(Enum):
    FUZZY = "fuzzy"  # whole word, prefix or a one-letter typo
    EXACT = "exact"  # `'term`: a substring of a word, no typos
    PREFIX = "prefix"  # `^term`: the field starts with it
    SUFFIX = "suffix"  # `term$`: the field ends with it


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # folded, one word
    mode: Mode = Mode.FUZZY


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...] = ()
    excluded: tuple[str, ...] = ()  # folded substrings
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind
    episode: int | None = None  # an episode shortcut names this episode number
    unknown_kinds: tuple[str, ...] = ()  # `@word` filters no kind's name begins with, as typed

    @property
    def empty(self) -> bool:
        return not self.terms and self.episode is None


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_EPISODE = re.compile(r"^(?:e|ep|epi|episode)\s*([1-9]|" + "|".join(_NUMBERS) + r")$")
_KIND_PREFIX = ("@", "kind:")


def kind_named(word: str) -> str | None:
    """The kind a user means by `word`: singular, plural (section name) or a unique prefix of either."""
    word = word.casefold()
    if word in KINDS:
        return word
    if word in KIND_OF_SECTION:
        return KIND_OF_SECTION[word]
    if not word:
        return None
    candidates = {k for k in KINDS if k.startswith(word)}
    candidates |= {kind for section, kind in KIND_OF_SECTION.items() if section.startswith(word)}
    return candidates.pop() if len(candidates) == 1 else None


def may_name_a_kind(word: str) -> bool:
    """Whether `word` is a kind, or could become one as the user types on (`s`, `su`, ``)."""
    word = word.casefold()
    return any(name.startswith(word) for name in (*KINDS, *KIND_OF_SECTION))
# What a query is read of: the first 200 characters, of which the first 16 words (a pasted page
# of text would otherwise cost a search per word; docs/robustness.md).
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 16


def parse(text: str) -> Query:
    """Parse a query. Operators that are still being typed (a lone `!`, `@su`) never fail the query.
    Only the first `MAX_QUERY_WORDS` words of the first `MAX_QUERY_CHARS` characters count."""
    terms: list[Term] = []
    excluded: list[str] = []
    kinds: set[str] = set()
    unknown: list[str] = []
    plain: list[str] = []  # folded plain words, for the episode shortcut
    for token in text[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS]:
        lowered = token.casefold()
        prefix = next((p for p in _KIND_PREFIX if lowered.startswith(p)), None)
        if prefix is not None:
            word = lowered[len(prefix):]
            kind = kind_named(word)
            if kind is not None:
                kinds.add(kind)
            elif not may_name_a_kind(word):
                unknown.append(token[len(prefix):])
            continue
        if token.startswith("!"):
            excluded.extend(fold(token[1:].lstrip("'^").rstrip("$")).split())
            continue
        mode, body = Mode.FUZZY, token
        if token.startswith("'"):
            mode, body = Mode.EXACT, token[1:]
        elif token.startswith("^"):
            mode, body = Mode.PREFIX, token[1:]
        elif token.endswith("$") and len(token) > 1:
            mode, body = Mode.SUFFIX, token[:-1]
        words = fold(body).split()
        if mode is Mode.FUZZY:
            plain.extend(words)
        terms.extend(_split_term(words, mode))
    episode = None
    if len(plain) == len(terms) and (match := _EPISODE.match(" ".join(plain))):
        number = match.group(1)
        episode = _NUMBERS.get(number) or int(number)
    return Query(tuple(terms), tuple(excluded), frozenset(kinds), episode, tuple(unknown))


def _split_term(words: list[str], mode: Mode) -> list[Term]:
    """One typed token may fold to several words (`mid-atlantic`): `^` binds to the first, `$` to
    the last, and the other words must match exactly."""
    if mode is Mode.PREFIX:
        return [Term(w, Mode.PREFIX if i == 0 else Mode.EXACT) for i, w in enumerate(words)]
    if mode is Mode.SUFFIX:
        return [Term(w, Mode.SUFFIX if i == len(words) - 1 else Mode.EXACT) for i, w in enumerate(words)]
    return [Term(w, mode) for w in words]

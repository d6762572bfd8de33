"""How much of the sources the catalog cites, and what a curator could add next.

Four reports, computed from a loaded `Catalog` without touching the UI:

- paragraph coverage per source (a paragraph is cited when any anchored passage overlaps it);
- unlinked mentions: an entry's name or alias in a source where none of its passages covers it;
- candidates: capitalised names in the sources that match no entry (a to-do list);
- undeclared files: text files next to the sources that no `sources` entry declares.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath

from tui.catalog.anchor import SourceText, Span
from tui.catalog.model import Catalog
from tui.catalog.schema import Entry
from tui.text import one_line

# Capitalised words that start sentences or are titles, not names: never a candidate on their own,
# never an alias worth searching for. Compared case-insensitively.
COMMON_WORDS = frozenset(
    """
    a about after again against all also although among an and another any are as at be because
    before being both but by can could did do does during each even every few for from had has have
    he her here hers him his how however i if in into is it its it's just last later like many may
    me meanwhile more most much my neither never no nor not now of off on once one only or other our
    out over perhaps so some still such than that the their them then there these they this those
    though through to too two three under until up upon us very was we were what when where whether
    which while who whom whose why will with within without would yes yet you your yeah well oh okay
    ok so-called according instead despite since inside outside today tomorrow yesterday
    hi hey huh mhm um uh wow plus overall sometimes soon whereas ever together absolutely
    mr mrs ms dr st jr sr sir madam
    president director senator sheriff critic agent officer judge governor secretary chief acting
    deputy commissioner attorney
    image credit photo advertisement skip read watch share listen subscribe see page section episode
    comment comments reprints
    god holy gosh
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
MIN_ALIAS_LENGTH = 3

# Lower-case words allowed inside a run of capitalised words ("Department of Homeland Security").
_CONNECTORS = frozenset({"of", "de", "del", "la", "los", "las", "da", "van", "von", "y"})
# A word: letters first; inner apostrophes, hyphens and dotted abbreviations (U.S) stay inside. (A
# dot only before a word character: written as runs of a character class, which the regex engine
# scans much faster than an alternative tried at every character.)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*(?:\.\w[\w'\u2019-]*)*(?:(?<=\.\w)\.)?")
_CONTRACTION = re.compile(r"['\u2019](?:m|re|ll|ve|d|t)$", re.IGNORECASE)
# Transcript cues: [SPEAKING SPANISH], (PROTESTERS SINGING).
_CUE = re.compile(r"\[[^\]\n]*\]|\([^\W\d_a-z][^a-z()\n]*\s[^a-z()\n]+\)")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_INLINE_GAP = re.compile(r"[ \t]+")
# Where a sentence may end: terminal punctuation, closing quotes or brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr)|\b[A-Z]|(?:\b[A-Z]\.)+[A-Z])\.$")
_TRAILING_NON_WORD = re.compile(r"\W*$")
_LOWER_CASE_SUFFIX = re.compile(r"-[^\W\d_A-Z][^-]*$")  # `ICE-speak`, `Award-winning`: not a name's word

# Newspaper-page furniture: a paragraph made only of these (`|`-separated, as in `Order Reprints |
# Today's Paper | Subscribe`), compared case-insensitively with its whitespace folded.
_FURNITURE_ITEM = (
    r"(?:skip )?advertisement|supported by|share full article|order reprints|today['\u2019]s paper|subscribe"
    r"|more like this|you might also like|leave a comment|type to search|transcript"
    r"|(?:image |photo )?credit ?(?:\.\.\.|\u2026|:).*|a version of this article appears in print\b.*"
)
_FURNITURE = re.compile(rf"(?:{_FURNITURE_ITEM})(?: ?\| ?(?:{_FURNITURE_ITEM}))*", re.IGNORECASE)
# A transcript's speaker label: up to four words, in lower case (`michael barbaro`, `agent 1`,
# `archived recording (tom homan)`) or before a colon (`JUDY:`).
_LABEL_WORDS = r"[^\W\d_][\w'\u2019.-]*(?: [\w'\u2019.-]+){0,3}"
_LOWER_CASE_LABEL = re.compile(rf"{_LABEL_WORDS}(?: \([^()]{{1,60}}\))?")
_COLON_LABEL = re.compile(rf"{_LABEL_WORDS}:")


def is_boilerplate(paragraph: str) -> bool:
    """Newspaper-page furniture, or a transcript's speaker label or cue alone on its line: nothing a
    passage would cite, so coverage counts it neither cited nor uncited and takes no candidate from it."""
    line = " ".join(paragraph.split())
    if _FURNITURE.fullmatch(line):
        return True
    if "\n" in paragraph:
        return False
    lower_case_label = line.islower() and _LOWER_CASE_LABEL.fullmatch(line)
    return bool(lower_case_label or _COLON_LABEL.fullmatch(line) or _CUE.fullmatch(line))


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    line: int
    text: str
    cited: bool


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source_id: str
    file: str
    paragraphs: list[Paragraph]
    cited: int
    total: int

    @property
    def ratio(self) -> float:
        return self.cited / self.total if self.total else 0.0

    @property
    def uncited(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if not p.cited]


@dataclass(frozen=True, slots=True)
class Mention:
    """An entry's name (or alias) in a source, at a place none of that entry's passages covers."""

    entry_id: str
    name_matched: str  # the source's own spelling of it
    source_id: str
    line: int
    start: int
    end: int
    context: str  # the sentence around it, as written in the source


@dataclass(frozen=True, slots=True)
class Candidate:
    """A capitalised name that matches no entry; `count` over all sources, location of the first."""

    name: str
    count: int
    source_id: str
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Coverage:
    sources: list[SourceCoverage]
    unlinked_mentions: list[Mention]
    candidates: list[Candidate]
    undeclared_files: list[str]

    def to_json(self) -> dict:
        """What `imnation coverage --json` prints: uncited paragraphs instead of all of them."""
        return {
            "sources": [
                {
                    "source_id": s.source_id,
                    "file": s.file,
                    "cited": s.cited,
                    "total": s.total,
                    "ratio": round(s.ratio, 4),
                    "uncited": [
                        {"start": p.start, "end": p.end, "line": p.line, "text": p.text} for p in s.uncited
                    ],
                }
                for s in self.sources
            ],
            "unlinked_mentions": [asdict(m) for m in self.unlinked_mentions],
            "candidates": [asdict(c) for c in self.candidates],
            "undeclared_files": list(self.undeclared_files),
        }


def compute_coverage(catalog: Catalog) -> Coverage:
    runs, lower_vocabulary = runs_and_lower_case_words(catalog)
    return Coverage(
        sources=[source_coverage(catalog, sid) for sid in catalog.sources if sid in catalog.texts],
        unlinked_mentions=unlinked_mentions(catalog, runs, lower_vocabulary),
        candidates=candidates(catalog, runs, lower_vocabulary),
        undeclared_files=undeclared_files(catalog),
    )


# -- paragraphs and sentences -------------------------------------------------------------------


class Sentences:
    """Where the sentences of one text end, found once per paragraph asked about: the sentence
    around an offset is then two bisections, not a scan of its paragraph from the start (20,000
    mentions in one paragraph), and the paragraphs no mention is in are never read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: dict[tuple[int, int], tuple[list[int], list[int], list[int]]] = {}  # per paragraph

    def around(self, paragraph: tuple[int, int], start: int, end: int) -> tuple[int, int]:
        """The sentence (within `paragraph`) that contains `[start, end)`."""
        para_start, para_end = paragraph
        boundaries, stops, resumes = self._ends_in(para_start, para_end)
        before = bisect.bisect_right(resumes, start)
        sentence_start = resumes[before - 1] if before else para_start
        after = bisect.bisect_left(boundaries, end)
        return sentence_start, stops[after] if after < len(boundaries) else para_end

    def _ends_in(self, para_start: int, para_end: int) -> tuple[list[int], list[int], list[int]]:
        """Where the punctuation ending each sentence of the paragraph starts, where it (and its
        quotes) stops, and where the next sentence starts."""
        if (para_start, para_end) not in self._ends:
            found = _SENTENCE_END.finditer(self.text, para_start, para_end)
            ends = [b for b in found if _ends_sentence(self.text, b)]
            self._ends[para_start, para_end] = (
                [b.start() for b in ends],
                [b.start() + len(b.group().rstrip()) for b in ends],
                [b.end() for b in ends],
            )
        return self._ends[para_start, para_end]


def _ends_sentence(text: str, boundary: re.Match[str]) -> bool:
    """Not after `Mr.` or `U.S.`, and not when the next sentence would start in lower case."""
    if _ABBREVIATION.search(text, max(0, boundary.start() - 8), boundary.start() + 1):
        return False
    following = text[boundary.end():boundary.end() + 1]
    return not following.islower()


def _paragraph_of(spans: Sequence[Span], offset: int, starts: Sequence[int]) -> Span:
    """The paragraph holding `offset`; `starts`: the spans' starts, kept by the caller."""
    return spans[max(bisect.bisect_right(starts, offset) - 1, 0)]


class Spans:
    """`[start, end)` ranges (passages, names) sorted by start, with the furthest end so far: whether
    one of them overlaps or contains a range is a bisection, not a scan of them all."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.ends = sorted(end for _, end in ordered)
        self.furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether one starting before `end` ends after `start`."""
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.furthest[before - 1] > start

    def contain_more_than(self, start: int, end: int) -> bool:
        """Whether one holds `[start, end)` and more."""
        upto = bisect.bisect_right(self.starts, start)
        if upto and self.furthest[upto - 1] > end:
            return True
        before = bisect.bisect_left(self.starts, start)
        return before > 0 and self.furthest[before - 1] >= end

    def start_within(self, low: int, high: int) -> bool:
        return bisect.bisect_left(self.starts, low) < bisect.bisect_left(self.starts, high)

    def end_within(self, low: int, high: int) -> bool:
        return bisect.bisect_left(self.ends, low) < bisect.bisect_left(self.ends, high)


# -- coverage -----------------------------------------------------------------------------------


def source_coverage(catalog: Catalog, source_id: str) -> SourceCoverage:
    """Boilerplate paragraphs (see `is_boilerplate`) are left out: neither cited nor uncited."""
    source_text = catalog.texts[source_id]
    anchors = Spans((a.start, a.end) for a in catalog.anchors_in(source_id))
    paragraphs = []
    for start, end in source_text.paragraphs:
        if is_boilerplate(source_text.text[start:end]):
            continue
        paragraphs.append(
            Paragraph(
                start=start,
                end=end,
                line=source_text.line_of(start),
                text=source_text.text[start:end],
                cited=anchors.overlap(start, end),
            )
        )
    return SourceCoverage(
        source_id=source_id,
        file=catalog.sources[source_id].file,
        paragraphs=paragraphs,
        cited=sum(p.cited for p in paragraphs),
        total=len(paragraphs),
    )


# -- mentions -----------------------------------------------------------------------------------


def searchable_names(entry: Entry) -> list[str]:
    """Name and aliases worth searching for: not shorter than 3 characters, not a common word."""
    names = {n.strip() for n in (entry.name, *entry.aliases)}
    keep = [n for n in names if len(n) >= MIN_ALIAS_LENGTH and n.casefold() not in COMMON_WORDS]
    return sorted(keep, key=lambda n: (-len(n), n))


def _name_pattern(names: list[str], lower_vocabulary: set[str]) -> re.Pattern[str]:
    """Word-bounded and case-insensitive (the transcript writes `judy`), except a capitalised single
    word the sources also use as an ordinary lower-case word (`Time` the magazine, not `time`).
    Forgives the same quote, dash and space variants as anchoring."""

    def char(c: str) -> str:
        if c.isspace():
            return r"\s+"
        if c in "'\u2018\u2019":
            return "['\u2018\u2019]"
        if c in "-\u2010\u2011\u2012\u2013\u2014":
            return "[-\u2010\u2011\u2012\u2013\u2014]"
        return re.escape(c)

    def alternative(name: str) -> str:
        body = "".join(char(c) for c in name)
        ordinary_word = " " not in name and not name.islower() and name.casefold() in lower_vocabulary
        return f"(?-i:{body})" if ordinary_word else body

    alternatives = [alternative(name) for name in names]  # longest first
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


_TOKEN = re.compile(r"\w+")
_BETWEEN_TOKENS = re.compile(r"(\w+)")  # a split at it keeps the tokens


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """The text's tokens and the offsets where they start and end: token `i` is
    `text[bounds[2 * i]:bounds[2 * i + 1]]`. From one split of the text, without a match object per
    token (tens of thousands per source, each one for the garbage collector to track)."""
    parts = _BETWEEN_TOKENS.split(text)  # what precedes the first token, the token, what follows it, ...
    return parts[1::2], list(itertools.accumulate(map(len, parts)))


class NameStarts:
    """Where the sources may name each entry: the offsets at which a name's words follow in a row
    (case-folded), found in one pass over each source's words for all names at once, instead of a
    regex scan of every source per entry (a 10k-entry catalog has ~13k names). Only those offsets
    are then tried with the entry's own pattern. Per source, also every such place of any name, the
    runs of capitalised words and the sentences: what tells a name inside a longer one, and what
    is quoted around it."""

    def __init__(self, catalog: Catalog, runs: RunsBySource | None = None) -> None:
        names = _searchable_names_by_entry(catalog)
        self.unscannable: set[str] = set()  # entries with a name that starts with no word character
        by_key: dict[tuple[str, ...], list[tuple[str, list[str]]]] = {}  # first one or two words
        for entry_id, entry_names in names.items():
            for name in entry_names:
                wanted = [w.casefold() for w in _TOKEN.findall(name)]
                if not wanted or not _TOKEN.match(name):
                    self.unscannable.add(entry_id)
                    continue
                by_key.setdefault(tuple(wanted[:2]), []).append((entry_id, wanted))
        self.found: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.paragraph_starts: dict[str, list[int]] = {}
        self.names: dict[str, Spans] = {}
        if runs is None:
            runs = capitalised_runs(catalog)
        self.runs = {source_id: [(start, end) for start, end, _ in found] for source_id, found in runs.items()}
        self.run_starts = {source_id: [start for start, _ in found] for source_id, found in self.runs.items()}
        self._sentences: dict[str, Sentences] = {}
        for source_id, source_text in catalog.texts.items():
            self.paragraph_starts[source_id] = [s for s, _ in source_text.paragraphs]
            tokens, bounds = _tokens(source_text.text)
            words = list(map(str.casefold, tokens))
            places = []
            # The words that start a key (a one-word name, or a longer one's first two words), looked
            # up all at once: nearly every word of a text starts some name's first word, few its key.
            for length, keys in ((1, zip(words)), (2, itertools.pairwise(words))):
                for index in itertools.compress(itertools.count(), map(by_key.__contains__, keys)):
                    for entry_id, wanted in by_key[tuple(words[index:index + length])]:
                        if len(wanted) <= 2 or words[index:index + len(wanted)] == wanted:
                            start, end = bounds[2 * index], bounds[2 * (index + len(wanted) - 1) + 1]
                            self.found[entry_id][source_id].add(start)
                            places.append((start, end))
            self.names[source_id] = Spans(places)

    def candidates(self, entry_id: str) -> dict[str, list[int]] | None:
        """The sources where one of the entry's names may start, each with those offsets in order
        (only these sources: not a look at every source for every entry); None: scan every source."""
        if entry_id in self.unscannable:
            return None
        return {source_id: sorted(offsets) for source_id, offsets in self.found.get(entry_id, {}).items()}

    def sentences(self, catalog: Catalog, source_id: str) -> Sentences:
        if source_id not in self._sentences:
            self._sentences[source_id] = Sentences(catalog.texts[source_id].text)
        return self._sentences[source_id]

    def part_of_longer_name(self, source_id: str, start: int, end: int, words_end: int) -> bool:
        """Whether the name at `[start, end)` (its words end at `words_end`) is part of a longer one:
        another name's words around it ("Homeland Security" in "Homeland Security Investigations"),
        or a run of capitalised words going on past it into words no other name starts or ends in
        ("Brian" in "Brian Knappenberger"; not "Netflix" in "Immigration Nation Netflix")."""
        names = self.names[source_id]
        if names.contain_more_than(start, words_end):
            return True
        runs = self.runs[source_id]
        index = bisect.bisect_right(self.run_starts[source_id], start) - 1
        if index < 0 or runs[index][1] < end:
            return False
        run_start, run_end = runs[index]
        goes_on_before = run_start < start and not names.end_within(run_start + 1, start + 1)
        goes_on_after = run_end > end and not names.start_within(end, run_end)
        return goes_on_before or goes_on_after


def _searchable_names_by_entry(catalog: Catalog) -> dict[str, list[str]]:
    """Every entry's searchable names, but sources' (a source's name is its own title)."""
    return {i: searchable_names(catalog.entries[i]) for i, kind in catalog.kinds.items() if kind != "source"}


def mentions_of(
    catalog: Catalog, entry_id: str, lower_vocabulary: set[str] | None = None, words: NameStarts | None = None
) -> list[Mention]:
    """Every place the sources name the entry that none of its own passages covers and that is not
    part of a longer name. `lower_vocabulary` (see `_lower_case_words`) is computed when not given;
    `words` (shared when called for many entries) narrows where to look; without it each source is
    scanned with the entry's pattern."""
    places = None if words is None else words.candidates(entry_id)
    if places == {}:
        return []  # no source where a name may start (most entries of a catalog)
    names = searchable_names(catalog.entries[entry_id])
    if not names:
        return []
    if lower_vocabulary is None:
        lower_vocabulary = _lower_case_words(catalog)
    if words is None:
        words = NameStarts(catalog)
    pattern = _name_pattern(names, lower_vocabulary)
    own: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for anchor in catalog.anchors_of(entry_id):
        own[anchor.source_id].append((anchor.start, anchor.end))
    found = []
    for source_id in catalog.texts if places is None else places:
        source_text = catalog.texts[source_id]
        text = source_text.text
        candidates = None if places is None else places[source_id]
        if candidates is None:
            matches: Iterator[re.Match[str]] = pattern.finditer(text)
        else:
            matches = _matches_at(pattern, text, candidates)
        covering = Spans(own.get(source_id, ()))
        starts = words.paragraph_starts[source_id]
        for match in matches:
            start, end = match.span()
            words_end = start + _TRAILING_NON_WORD.search(match.group()).start()  # type: ignore[union-attr]
            if covering.overlap(start, end) or words.part_of_longer_name(source_id, start, end, words_end):
                continue
            paragraph = _paragraph_of(source_text.paragraphs, start, starts)
            s, e = words.sentences(catalog, source_id).around(paragraph, start, end)
            found.append(
                Mention(entry_id, match.group(), source_id, source_text.line_of(start), start, end, text[s:e])
            )
    return found


def _matches_at(pattern: re.Pattern[str], text: str, candidates: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, trying only the `candidates` offsets (no overlaps)."""
    end = 0
    for at in candidates:
        if at < end:
            continue
        if (match := pattern.match(text, at)) is not None:
            end = match.end()
            yield match


def unlinked_mentions(
    catalog: Catalog, runs: RunsBySource | None = None, lower_vocabulary: set[str] | None = None
) -> list[Mention]:
    """Mentions for every entry except sources (a source's name is its own title); `runs` (see
    `capitalised_runs`) and `lower_vocabulary` (see `_lower_case_words`) computed when not given."""
    if lower_vocabulary is None:
        lower_vocabulary = _lower_case_words(catalog)
    words = NameStarts(catalog, runs)
    found = [
        mention
        for entry_id, kind in catalog.kinds.items()
        if kind != "source"
        for mention in mentions_of(catalog, entry_id, lower_vocabulary, words)
    ]
    return sorted(found, key=lambda m: (m.source_id, m.start, m.entry_id))


# -- candidates ---------------------------------------------------------------------------------


def candidates(
    catalog: Catalog, runs: RunsBySource | None = None, lower_vocabulary: set[str] | None = None
) -> list[Candidate]:
    """Runs of capitalised words in the sources that name no entry, most frequent first (`runs` and
    `lower_vocabulary` as for `unlinked_mentions`).

    A lone capitalised word at the start of a sentence is taken for a name only if the sources
    also use it elsewhere (mid-sentence) and never write it in lower case: "Luckily" and
    "Filming" are not names, "Trump" is."""
    if runs is None:
        runs = capitalised_runs(catalog)
    known = _KnownNames(catalog)
    if lower_vocabulary is None:
        lower_vocabulary = _lower_case_words(catalog)
    counts: dict[str, int] = {}
    first: dict[str, Candidate] = {}
    mid_sentence: set[str] = set()
    for source_id, source_text in catalog.texts.items():
        for start, end, lone_initial in runs[source_id]:
            name = source_text.text[start:end]
            if " ".join(name.casefold().split()) in known:
                continue
            if lone_initial and name.casefold() in lower_vocabulary:
                continue
            if not lone_initial:
                mid_sentence.add(name)
            counts[name] = counts.get(name, 0) + 1
            if name not in first:
                first[name] = Candidate(name, 0, source_id, source_text.line_of(start), start, end)
    found = [
        Candidate(c.name, counts[name], c.source_id, c.line, c.start, c.end)
        for name, c in first.items()
        if name in mid_sentence
    ]
    return sorted(found, key=lambda c: (-c.count, c.name))


class _KnownNames:
    """Whether words in a row (case-folded, space-separated) are a run of a non-source entry's name
    or alias (so `Schwarz` is known from `Shaul Schwarz`), possessives dropped. The names holding
    the first word are searched for the rest, instead of keeping every run of every name (a
    1,000-word name has half a million)."""

    def __init__(self, catalog: Catalog) -> None:
        self.holding: dict[str, list[str]] = defaultdict(list)  # word -> names holding it, space-framed
        self.answers: dict[str, bool] = {}
        for entry_id, entry in catalog.entries.items():
            if catalog.kinds[entry_id] == "source":
                continue
            for name in (entry.name, *entry.aliases):
                words = [_POSSESSIVE.sub("", word).casefold() for word in _WORD.findall(name)]
                framed = f" {' '.join(words)} "
                for word in dict.fromkeys(words):
                    self.holding[word].append(framed)

    def __contains__(self, phrase: str) -> bool:
        if phrase not in self.answers:
            framed = f" {phrase} "
            self.answers[phrase] = any(framed in name for name in self.holding.get(phrase.partition(" ")[0], ()))
        return self.answers[phrase]


def _lower_case_words(catalog: Catalog) -> set[str]:
    """Words the sources also write in lower case, outside boilerplate (the transcript's `judy`
    speaker lines): a sentence-initial capital on one of them is no name."""
    return runs_and_lower_case_words(catalog)[1]


RunsBySource = dict[str, list[tuple[int, int, bool]]]


def capitalised_runs(catalog: Catalog) -> RunsBySource:
    """Each source's runs of capitalised words that may be names (see `_capitalised_runs_in`): found
    once for both candidates and unlinked mentions."""
    return runs_and_lower_case_words(catalog)[0]


def runs_and_lower_case_words(catalog: Catalog) -> tuple[RunsBySource, set[str]]:
    """`capitalised_runs` and `_lower_case_words` from one reading of each paragraph's words, which
    is most of what either costs."""
    vocabulary: set[str] = set()
    runs = {
        source_id: _capitalised_runs_in(source_text, vocabulary) for source_id, source_text in catalog.texts.items()
    }
    return runs, vocabulary


def _capitalised_runs_in(source_text: SourceText, lower_case_words: set[str]) -> list[tuple[int, int, bool]]:
    """The runs of capitalised words of a source (see `_capitalised_runs`) that may be names: not in
    boilerplate, headlines or transcript cues. Adds the words it writes in lower case outside
    boilerplate to `lower_case_words`."""
    text = source_text.text
    runs: list[tuple[int, int, bool]] = []
    for para_start, para_end in source_text.paragraphs:
        if is_boilerplate(text[para_start:para_end]):
            continue
        words = list(_WORD.finditer(text, para_start, para_end))
        values = [word.group() for word in words]
        lower_case_words.update(filter(str.islower, values))
        cues = [m.span() for m in _CUE.finditer(text, para_start, para_end)]
        if cues:
            words = _outside(words, cues)
            values = [word.group() for word in words]
        capitalised = [index for index, value in enumerate(values) if value[0].isupper()]
        if _is_title_case(values, len(capitalised)):
            continue  # a headline: every word capitalised, none of them telling
        runs += _capitalised_runs(text, words, values, capitalised, para_start)
    return runs


def _is_title_case(values: list[str], capitalised: int) -> bool:
    """A headline: at least four words besides connectors, three in four of them capitalised.
    `capitalised`: how many of all the words are, which in most paragraphs is too few to look further."""
    significant = len(values) - sum(map(_CONNECTORS.__contains__, map(str.casefold, values)))
    if significant < 4 or capitalised < 0.75 * significant:
        return False
    capitalised_significant = sum(1 for value in values if value[0].isupper() and value.casefold() not in _CONNECTORS)
    return capitalised_significant >= 0.75 * significant


def _outside(words: list[re.Match[str]], spans: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The words that start outside all of `spans` (both in text order, the spans apart): one walk
    through both, not a look at every span for every word (a paragraph of cues)."""
    kept, at = [], 0
    for word in words:
        start = word.start()
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        if at == len(spans) or start < spans[at][0]:
            kept.append(word)
    return kept


def _capitalised_runs(
    text: str, words: list[re.Match[str]], values: list[str], capitalised: list[int], para_start: int
) -> Iterator[tuple[int, int, bool]]:
    """Runs of capitalised words on one line ("Department of Homeland Security"), split at common
    words, ending at a possessive: `(start, end, is a lone sentence-initial word)`. `values`: the
    words' text; `capitalised`: the indices of those starting with a capital, the only ones looked
    at (with the connector between two of them), since most words of a text are in no run."""
    run: list[tuple[int, int]] = []
    last = 0  # index of the run's last word
    for index in capitalised:
        value = values[index]
        if _LOWER_CASE_SUFFIX.search(value):
            continue  # no name's word: the run it follows ends before it
        if run and not _continues_run(text, words, values, last, index):
            yield from _split_run(text, run, para_start)
            run = []
        run.append(words[index].span())
        last = index
        if _POSSESSIVE.search(value):
            yield from _split_run(text, run, para_start)
            run = []
    yield from _split_run(text, run, para_start)


def _continues_run(text: str, words: list[re.Match[str]], values: list[str], last: int, index: int) -> bool:
    """Whether word `index` follows the run's `last` word on its line, next to it or after one
    connector, with only spaces between."""
    if index == last + 2 and values[last + 1] in _CONNECTORS:
        return _inline_gap(text, words[last], words[last + 1]) and _inline_gap(text, words[last + 1], words[index])
    return index == last + 1 and _inline_gap(text, words[last], words[index])


def _inline_gap(text: str, before: re.Match[str], after: re.Match[str]) -> bool:
    """Whether only spaces or tabs separate the two words."""
    return _INLINE_GAP.fullmatch(text, before.end(), after.start()) is not None


def _split_run(text: str, run: list[tuple[int, int]], para_start: int) -> Iterator[tuple[int, int, bool]]:
    """The parts of a run between common words and contractions ("I\u2019m")."""
    segment: list[tuple[int, int]] = []
    for start, end in [*run, (-1, -1)]:
        word = _POSSESSIVE.sub("", text[start:end]) if start >= 0 and not _CONTRACTION.search(text[start:end]) else ""
        if len(word) > 1 and word.casefold() not in COMMON_WORDS:
            segment.append((start, start + len(word)))
            continue
        if segment:
            lone_initial = len(segment) == 1 and _starts_sentence(text, segment[0][0], para_start)
            yield segment[0][0], segment[-1][1], lone_initial
        segment = []


def _starts_sentence(text: str, offset: int, para_start: int) -> bool:
    """Whether only the paragraph's start or a sentence's end precedes `offset` (with spaces, opening
    quotes or brackets): looked for backwards from it, not in all the paragraph before it."""
    at = offset
    while at > para_start and text[at - 1] in " \t\"'\u201c\u2018(":
        at -= 1
    if at == para_start:
        return True
    last = text[at - 1]
    return last in "!?:\u2026" or (last == "." and not _ABBREVIATION.search(text[max(para_start, at - 8):at]))


# -- files --------------------------------------------------------------------------------------


def undeclared_files(catalog: Catalog) -> list[str]:
    """Text files in `seeds/` and in every folder holding a declared source, that no source
    declares. Only the suffixes sources use (and `.txt`) count, so `catalog.yaml` is never one."""
    folder = catalog.folder
    declared = {PurePosixPath(s.file).as_posix() for s in catalog.sources.values()}
    suffixes = {PurePosixPath(f).suffix for f in declared} | {".txt"}
    folders = {folder / "seeds"} | {(folder / f).parent for f in declared}
    found = set()
    for directory in folders:
        try:
            listing = list(directory.iterdir()) if directory.is_dir() else []
        except OSError:  # an unreadable folder: nothing to report from it
            continue
        for path in listing:
            if path.name.startswith(".") or not path.is_file() or path.suffix not in suffixes:
                continue
            relative = path.relative_to(folder).as_posix()
            if relative not in declared:
                found.add(relative)
    return sorted(found)


# -- text report --------------------------------------------------------------------------------

BAR_WIDTH = 24


def format_coverage(cov: Coverage, *, candidate_limit: int = 40) -> str:
    """The human-readable `imnation coverage` report; every source text goes through one_line."""
    lines = ["Paragraphs cited, per source:"]
    width = max((len(s.source_id) for s in cov.sources), default=0)
    for s in cov.sources:
        filled = round(BAR_WIDTH * s.ratio)
        bar = "\u2588" * filled + "\u2591" * (BAR_WIDTH - filled)
        lines.append(f"  {one_line(s.source_id):<{width}}  {bar} {s.cited}/{s.total} paragraphs  {one_line(s.file)}")

    lines += ["", f"Mentions not cited ({len(cov.unlinked_mentions)}):"]
    files = {s.source_id: s.file for s in cov.sources}
    grouped: dict[tuple[str, str], list[Mention]] = {}
    for m in cov.unlinked_mentions:
        grouped.setdefault((m.entry_id, m.source_id), []).append(m)
    for (entry_id, source_id), mentions in sorted(grouped.items(), key=lambda g: (g[0][0], files.get(g[0][1], ""))):
        lines_at = list(dict.fromkeys(m.line for m in mentions))  # a line with two mentions, once
        shown = ", ".join(str(line) for line in lines_at[:8])
        more = f" (+{len(lines_at) - 8} more)" if len(lines_at) > 8 else ""
        where = one_line(files.get(source_id, source_id))
        lines.append(f"  {one_line(_spelling(mentions))} ({entry_id}) mentioned at {where}:{shown}{more}, not cited")
    if not grouped:
        lines.append("  none")

    lines += ["", f"Capitalised names matching no entry ({len(cov.candidates)}):"]
    for c in cov.candidates[:candidate_limit]:
        where = one_line(files.get(c.source_id, c.source_id))
        lines.append(f"  {c.count:>4}  {one_line(c.name)}  (first at {where}:{c.line})")
    if len(cov.candidates) > candidate_limit:
        lines.append(f"  \u2026 and {len(cov.candidates) - candidate_limit} more (see --json)")
    if not cov.candidates:
        lines.append("  none")

    lines += ["", f"Files not declared in sources ({len(cov.undeclared_files)}):"]
    lines += [f"  {one_line(f)}" for f in cov.undeclared_files] or ["  none"]
    return "\n".join(lines)


def _spelling(mentions: list[Mention]) -> str:
    """The spelling to show for a group of mentions: the commonest capitalised one (not the
    transcript's lower-case speaker label)."""
    spellings = [m.name_matched for m in mentions]
    return max(spellings, key=lambda n: (n[:1].isupper(), spellings.count(n)))

"""Find a passage's quote in its source text: verbatim, forgiving only what people cannot type.

Both the source and the quote are folded the same way (curly quotes to straight, dashes to `-`,
any run of whitespace to one space) while the folded source keeps, for each of its characters, the
offset of the original character it came from. A match in folded text maps back to an exact
`[start:end]` slice of the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from rapidfuzz import fuzz

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


def fold(text: str) -> str:
    """The comparison form of a quote: typographic characters straightened, whitespace collapsed."""
    return _SPACE_RUN.sub(" ", text.translate(_FOLD)).strip()


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
    """The quote is not in the source; `closest` is the best fuzzy alignment, if any is close."""

    closest: str | None
    line: int
    similarity: float


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


class SourceText:
    """One source document's text, folded once, searched for many quotes."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Straightening and spacing keep every offset; only collapsing a run of spaces shifts the
        # rest. So instead of one origin per character (hundreds of MB for a 20 MB source) keep,
        # per collapsed run, where the folded text resumes and how far the original is ahead.
        straight = _TYPOGRAPHIC.sub(lambda m: _FOLD[ord(m.group())], text)
        spaced = _OTHER_SPACE.sub(" ", straight)
        pieces: list[str] = []
        self._resumes: list[int] = [0]
        self._ahead: list[int] = [0]
        kept = removed = 0
        for run in _SPACES.finditer(spaced):
            pieces.append(spaced[kept:run.start() + 1])
            kept = run.end()
            removed += run.end() - run.start() - 1
            self._resumes.append(run.end() - removed)
            self._ahead.append(removed)
        pieces.append(spaced[kept:])
        self.folded = "".join(pieces)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

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
        end = self._origin(folded_end - 1) + 1
        return Found(start, end, self.line_of(start))

    def locate(
        self, quote: str, prefix: str | None = None, suffix: str | None = None
    ) -> Found | NotFound | Ambiguous:
        """Resolve a quote to exactly one span, or say why it cannot."""
        needle = fold(quote)
        hits = []
        at = self.folded.find(needle)
        while at != -1 and needle:
            hits.append(at)
            at = self.folded.find(needle, at + 1)
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
            return Ambiguous(tuple(self._found(h, h + len(needle)).line for h in hits))
        return self._closest(needle)

    def _whole_words(self, start: int, end: int) -> tuple[int, int]:
        """`[start, end)` of the folded text widened to the words it cuts (an alignment window has
        the quote's length, so it may end mid-word: `to the to` for "to the top")."""
        folded = self.folded
        while start > 0 and folded[start - 1].isalnum() and folded[start].isalnum():
            start -= 1
        while end < len(folded) and folded[end].isalnum() and folded[end - 1].isalnum():
            end += 1
        return start, end

    def _closest(self, needle: str) -> NotFound:
        if not needle or not self.folded:
            return NotFound(None, 0, 0.0)
        alignment = fuzz.partial_ratio_alignment(needle, self.folded, score_cutoff=60)
        if alignment is None:
            return NotFound(None, 0, 0.0)
        start, end = self._whole_words(alignment.dest_start, max(alignment.dest_end, alignment.dest_start + 1))
        span = self._found(start, end)
        return NotFound(self.text[span.start:span.end], span.line, alignment.score)

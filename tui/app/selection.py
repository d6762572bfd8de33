"""A selection in a source text, grown and shrunk by word, sentence and line: pure offset arithmetic
(no Textual), so the reader's keys and the mouse agree on what a word and a sentence are.

A selection is a `Span` of character offsets into the source text (what `SourceText.text` holds);
it always covers at least one word, and its ends fall on word edges.
"""

from __future__ import annotations

import bisect
import re

from tui.catalog.anchor import Span

# A word: letters and digits, joined by apostrophes and hyphens inside it (`we’re`, `Ramírez-Díaz`).
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Where a sentence ends: its punctuation and any closing quotes or brackets, before a space or the end.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|(?=\n)|\Z")


class Words:
    """The words of one text, to step a selection's ends along."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.sentence_ends = sorted({self._trim_end(m.end()) for m in _SENTENCE_END.finditer(text)} - {0})

    def __bool__(self) -> bool:
        return bool(self.starts)

    def word_at(self, offset: int) -> Span | None:
        """The word at or after `offset` (the last word if none follows)."""
        if not self.starts:
            return None
        index = min(bisect.bisect_left(self.ends, offset + 1), len(self.starts) - 1)
        return Span(self.starts[index], self.ends[index])

    def first_word_from(self, offset: int) -> Span | None:
        """A one-word selection: the word starting at or after `offset`."""
        if not self.starts:
            return None
        index = min(bisect.bisect_left(self.starts, offset), len(self.starts) - 1)
        return Span(self.starts[index], self.ends[index])

    def snap(self, one: int, other: int) -> Span | None:
        """The words touched between two offsets, in either order (a mouse drag)."""
        low, high = min(one, other), max(one, other)
        first = self.word_at(low)
        if first is None:
            return None
        index = bisect.bisect_left(self.starts, high) - 1
        end = self.ends[index] if index >= 0 else first.end
        return Span(first.start, max(end, first.end))

    # -- the end ---------------------------------------------------------------------------------
    def next_word(self, span: Span) -> Span:
        index = bisect.bisect_right(self.ends, span.end)
        return Span(span.start, self.ends[index]) if index < len(self.ends) else span

    def previous_word(self, span: Span) -> Span:
        """One word fewer at the end (never fewer than one word)."""
        index = bisect.bisect_left(self.ends, span.end) - 1
        floor = self._first_end(span.start)
        return Span(span.start, max(self.ends[index], floor)) if index >= 0 else span

    def next_sentence(self, span: Span) -> Span:
        """The end moved to the end of the sentence it is in, or of the next one."""
        index = bisect.bisect_right(self.sentence_ends, span.end)
        return Span(span.start, self.sentence_ends[index]) if index < len(self.sentence_ends) else span

    def previous_sentence(self, span: Span) -> Span:
        """The end moved back to the end of the previous sentence, or to the first word."""
        index = bisect.bisect_left(self.sentence_ends, span.end) - 1
        floor = self._first_end(span.start)
        if index < 0 or self.sentence_ends[index] <= span.start:
            return Span(span.start, floor)
        return Span(span.start, max(floor, self.sentence_ends[index]))

    def end_at(self, span: Span, offset: int) -> Span:
        """The end moved to the last word ending at or before `offset` (a line's end), never before
        the first word."""
        index = bisect.bisect_right(self.ends, offset) - 1
        end = self.ends[index] if index >= 0 else span.end
        return Span(span.start, max(end, self._first_end(span.start)))

    # -- the start -------------------------------------------------------------------------------
    def start_forward(self, span: Span) -> Span:
        """One word fewer at the start; the end moves along when only one word was selected."""
        index = bisect.bisect_right(self.starts, span.start)
        if index >= len(self.starts):
            return span
        return Span(self.starts[index], max(span.end, self.ends[index]))

    def start_back(self, span: Span) -> Span:
        index = bisect.bisect_left(self.starts, span.start) - 1
        return Span(self.starts[index], span.end) if index >= 0 else span

    def _first_end(self, start: int) -> int:
        """The end of the word starting at `start`."""
        index = bisect.bisect_right(self.starts, start) - 1
        return self.ends[max(index, 0)]

    def _trim_end(self, offset: int) -> int:
        """A sentence's end without the spaces or newline before it."""
        while offset > 0 and self.text[offset - 1].isspace():
            offset -= 1
        return offset


def describe(text: str, span: Span) -> str:
    """`7 words, 38 characters`: what the reader's status line says of a selection."""
    words = len(_WORD.findall(text[span.start : span.end]))
    characters = span.end - span.start
    return f"{words} word{'s' * (words != 1)}, {characters} character{'s' * (characters != 1)}"

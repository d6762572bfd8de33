"""A source document as a list of lines, its cited passages marked.

Each non-blank line of the file is one option, so the cursor, wrapping, scrolling and mouse come
from `OptionList`. (A *paragraph*, elsewhere, is a blank-line separated block: what coverage
counts.) Every cited passage is marked; one span, the *current* one, is highlighted more strongly
(the passage the reader was opened at, or the mark stepped to).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from textual.content import Content
from textual.widgets.option_list import Option

from tui.app.literal import styled_spans
from tui.app.widgets.nav_list import NavList
from tui.catalog.anchor import Span

MARK_STYLE = "underline $text-primary"
CURRENT_STYLE = "bold $text on $accent-muted"
FOUND_STYLE = "bold $text on $warning-muted"  # matches of the reader's find bar

# A line ends at its last visible character, so the `\r` of a CRLF pair is never shown.
_LINE = re.compile(r"[^\n]*\S")
_BLANK_LINE = re.compile(r"[^\S\n]*\n[^\S\n]*\n")


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    spaced: bool  # followed by a blank line


def split_lines(text: str) -> list[Line]:
    """Every non-blank line of `text` with its offsets (its end at its last visible character)."""
    return [
        Line(match.start(), match.end(), _BLANK_LINE.match(text, match.end()) is not None)
        for match in _LINE.finditer(text)
    ]


class SourceDocument(NavList):
    """`load(text, marks)` once per document; `set_current(span)` moves the strong highlight."""

    DEFAULT_CSS = """
    SourceDocument {
        scrollbar-gutter: stable;  /* a scrollbar appearing must not re-wrap options measured without it */
        height: 1fr;
        border: none;
        &:focus { border: none; }
        padding: 0 2;
        background: $surface;
        & > .option-list--option { padding: 0 1; }
        & > .option-list--option-highlighted { background: $boost; color: $foreground; text-style: none; }
        &:focus > .option-list--option-highlighted { background: $boost; color: $foreground; text-style: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.lines: list[Line] = []
        self.marks: list[Span] = []
        self.current: Span | None = None
        self.found: list[Span] = []  # the find bar's matches, sorted
        self._starts: list[int] = []

    def load(self, text: str, marks: list[Span], current: Span | None) -> None:
        self.text = text
        self.lines = split_lines(text)
        self._starts = [line.start for line in self.lines]
        self.marks = marks
        self.current = current
        self.set_options(Option(self._prompt(i)) for i in range(len(self.lines)))

    def set_current(self, span: Span | None) -> None:
        """Highlight `span` strongly, put the cursor on its line and scroll it to the top."""
        touched = self.lines_of(self.current) | self.lines_of(span)
        self.current = span
        for index in touched:
            self.replace_option_prompt_at_index(index, self._prompt(index))
        if span is not None:
            self.highlighted = self.line_at(span[0])
            self.call_after_refresh(self.scroll_to_highlight, top=True)

    def set_found(self, spans: list[Span]) -> None:
        """Light the find bar's matches (sorted spans), unlighting the previous ones."""
        touched = {self.line_at(s) for s, _ in self.found} | {self.line_at(s) for s, _ in spans}
        self.found = spans
        for index in sorted(touched):
            if index < len(self.lines):
                self.replace_option_prompt_at_index(index, self._prompt(index))

    def line_at(self, offset: int) -> int:
        """Index of the line containing (or, between lines, following) `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset >= self.lines[index].end and index + 1 < len(self.lines):
            index += 1
        return max(0, index)

    def lines_of(self, span: Span | None) -> set[int]:
        if span is None or not self.lines:
            return set()
        first, last = self.line_at(span[0]), self.line_at(max(span[0], span[1] - 1))
        return set(range(first, last + 1))

    @property
    def cursor_span(self) -> Span | None:
        """The line under the cursor, as offsets."""
        if self.highlighted is None or not self.lines:
            return None
        line = self.lines[self.highlighted]
        return Span(line.start, line.end)

    def _prompt(self, index: int) -> Content:
        """One line's text with its marks (not `_render`: that is Widget's own)."""
        line = self.lines[index]
        start, end = line.start, line.end
        spans = [
            (max(m_start, start) - start, min(m_end, end) - start, MARK_STYLE)
            for m_start, m_end in self.marks
            if m_start < end and start < m_end
        ]
        first = bisect.bisect_left(self.found, Span(start, start))
        for f_start, f_end in self.found[first:bisect.bisect_left(self.found, Span(end, end))]:
            spans.append((f_start - start, min(f_end, end) - start, FOUND_STYLE))
        if self.current and self.current[0] < end and start < self.current[1]:
            spans.append((max(self.current[0], start) - start, min(self.current[1], end) - start, CURRENT_STYLE))
        content = styled_spans(self.text[start:end], spans)
        return content + "\n" if line.spaced else content

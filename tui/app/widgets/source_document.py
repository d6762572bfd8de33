"""A source document as a list of paragraphs, its cited passages marked.

Each paragraph (a line of the file) is one option, so the cursor, wrapping, scrolling and mouse
come from `OptionList`. Every cited passage is marked; one span, the *current* one, is
highlighted more strongly (the passage the reader was opened at, or the mark stepped to).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from textual.content import Content
from textual.widgets.option_list import Option

from tui.app.literal import styled_spans
from tui.app.widgets.nav_list import NavList

MARK_STYLE = "underline $text-primary"
CURRENT_STYLE = "bold $text on $accent-muted"

Span = tuple[int, int]
# A line ends at its last visible character, so the `\r` of a CRLF pair is never shown.
_LINE = re.compile(r"[^\n]*\S")
_BLANK_LINE = re.compile(r"[^\S\n]*\n[^\S\n]*\n")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    spaced: bool  # followed by a blank line


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line of `text` with its offsets."""
    return [
        Paragraph(match.start(), match.end(), _BLANK_LINE.match(text, match.end()) is not None)
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
        self.paragraphs: list[Paragraph] = []
        self.marks: list[Span] = []
        self.current: Span | None = None
        self._starts: list[int] = []

    def load(self, text: str, marks: list[Span], current: Span | None) -> None:
        self.text = text
        self.paragraphs = split_paragraphs(text)
        self._starts = [p.start for p in self.paragraphs]
        self.marks = marks
        self.current = current
        self.set_options(Option(self._render(i), id=f"p{i}") for i in range(len(self.paragraphs)))

    def set_current(self, span: Span | None) -> None:
        """Highlight `span` strongly, put the cursor on its paragraph and scroll it to the top."""
        touched = self.paragraphs_of(self.current) | self.paragraphs_of(span)
        self.current = span
        for index in touched:
            self.replace_option_prompt_at_index(index, self._render(index))
        if span is not None:
            self.highlighted = self.paragraph_at(span[0])
            self.call_after_refresh(self.scroll_to_highlight, top=True)

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph containing (or, between paragraphs, following) `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset >= self.paragraphs[index].end and index + 1 < len(self.paragraphs):
            index += 1
        return max(0, index)

    def paragraphs_of(self, span: Span | None) -> set[int]:
        if span is None or not self.paragraphs:
            return set()
        first, last = self.paragraph_at(span[0]), self.paragraph_at(max(span[0], span[1] - 1))
        return set(range(first, last + 1))

    @property
    def cursor_span(self) -> Span | None:
        """The paragraph under the cursor, as offsets."""
        if self.highlighted is None or not self.paragraphs:
            return None
        paragraph = self.paragraphs[self.highlighted]
        return paragraph.start, paragraph.end

    def _render(self, index: int) -> Content:
        paragraph = self.paragraphs[index]
        start, end = paragraph.start, paragraph.end
        spans = [
            (max(m_start, start) - start, min(m_end, end) - start, MARK_STYLE)
            for m_start, m_end in self.marks
            if m_start < end and start < m_end
        ]
        if self.current and self.current[0] < end and start < self.current[1]:
            spans.append((max(self.current[0], start) - start, min(self.current[1], end) - start, CURRENT_STYLE))
        content = styled_spans(self.text[start:end], spans)
        return content + "\n" if paragraph.spaced else content

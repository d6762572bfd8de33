"""A source document as a list of lines, its cited passages marked.

Each non-blank line of the file is one option, so the cursor, wrapping, scrolling and mouse come
from `OptionList`. (A *paragraph*, elsewhere, is a blank-line separated block: what coverage
counts.) Every cited passage is marked; one span, the *current* one, is highlighted more strongly
(the passage the reader was opened at, or the mark stepped to).

A *selection* (what `c` cites) is grown and shrunk from the keyboard while it is active (`w`/`b`
by word, `)`/`(` by sentence, `j`/`k` by line, `W`/`B` its start by word) or dragged with the
mouse; `tui.app.selection` does the offset arithmetic. The widget posts `SelectionChanged`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import partial

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.widgets.option_list import Option

from tui.app.lazy_line import LazyLine
from tui.app.literal import styled_spans
from tui.app.selection import Words
from tui.app.widgets.nav_list import NavList
from tui.catalog.anchor import Span

MARK_STYLE = "underline $text-primary"
CURRENT_STYLE = "bold $text on $accent-muted"
SELECTION_STYLE = "$text on $primary"
FOUND_STYLE = "bold $text on $warning-muted"  # matches of the reader's find bar

# A line ends at its last visible character, so the `\r` of a CRLF pair is never shown; LF, CRLF
# and a lone CR end lines (as in `tui.catalog.positions`).
_LINE = re.compile(r"[^\r\n]*\S")
_BLANK_LINE = re.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)[^\S\r\n]*(?:\r\n|\r|\n)")
_SPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S")
# A longer line is shown as several, each cut at a space (or, with none, at this length): the
# cursor moves, and a screen is drawn, a piece at a time (the longest line of the shipped sources
# is under 1,000 characters).
MAX_LINE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    spaced: bool  # followed by a blank line


def split_lines(text: str) -> list[Line]:
    """Every non-blank line of `text` with its offsets (its end at its last visible character),
    a line over `MAX_LINE_CHARS` cut into pieces that end at a visible character."""
    lines: list[Line] = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while end - start > MAX_LINE_CHARS:
            piece_end = _piece_end(text, start)
            lines.append(Line(start, piece_end, False))
            start = _NON_SPACE.search(text, piece_end).start()  # type: ignore[union-attr]  # (`end` is visible)
        lines.append(Line(start, end, _BLANK_LINE.match(text, end) is not None))
    return lines


def _piece_end(text: str, start: int) -> int:
    """Where a piece of a long line ends: at the last space in the second half of its
    `MAX_LINE_CHARS` (the visible text before it), or, with none there, mid-word."""
    half, limit = start + MAX_LINE_CHARS // 2, start + MAX_LINE_CHARS
    space = text.rfind(" ", half, limit)
    if space < 0:  # another kind of space, or none
        space = max((found.start() for found in _SPACE.finditer(text, half, limit)), default=-1)
    return limit if space < 0 else start + len(text[start:space].rstrip())


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

    BINDINGS = [
        Binding("j", "line_down", "Down (extend a selection by a line)", show=False, id="document.line_down"),
        Binding("k", "line_up", "Up (shrink a selection by a line)", show=False, id="document.line_up"),
        Binding(
            "w", "step_selection('next_word')", "Extend the selection by a word", show=False,
            id="document.word_forward",
        ),
        Binding(
            "b", "step_selection('previous_word')", "Shrink the selection by a word", show=False,
            id="document.word_back",
        ),
        Binding(
            "right_parenthesis", "step_selection('next_sentence')", "Extend the selection by a sentence", show=False,
            id="document.sentence_forward",
        ),
        Binding(
            "left_parenthesis", "step_selection('previous_sentence')", "Shrink the selection by a sentence", show=False,
            id="document.sentence_back",
        ),
        Binding(
            "W", "step_selection('start_forward')", "Move the selection's start a word on", show=False,
            id="document.start_forward",
        ),
        Binding(
            "B", "step_selection('start_back')", "Move the selection's start a word back", show=False,
            id="document.start_back",
        ),
        Binding("escape", "cancel_selection", "Cancel the selection", show=False, id="document.cancel_selection"),
    ]

    class SelectionChanged(Message):
        """The selection was started, changed or cancelled (`document.selection`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.lines: list[Line] = []
        self.marks: list[Span] = []
        self.current: Span | None = None
        self.selection: Span | None = None
        self._words: Words | None = None
        self.found: list[Span] = []  # the find bar's matches, sorted
        self._starts: list[int] = []
        self._mark_starts: list[int] = []
        self._mark_reach: list[int] = []  # the furthest end of marks[: i + 1]
        self._drag_from: int | None = None
        self._dragged = False

    def load(self, text: str, marks: list[Span], current: Span | None) -> None:
        self.text = text
        self._words = None
        self.lines = split_lines(text)
        self._starts = [line.start for line in self.lines]
        self.marks = marks
        self._mark_starts = [start for start, _ in marks]
        self._mark_reach = list(itertools.accumulate((end for _, end in marks), max))
        self.current = current
        self.selection = None
        self.set_options(
            Option(LazyLine(text[line.start : line.end], line.spaced, partial(self.line_content, index)))
            for index, line in enumerate(self.lines)
        )

    @property
    def words(self) -> Words:
        """The text's words, found when a selection first needs them (not to delay the first screen)."""
        if self._words is None or self._words.text is not self.text:
            self._words = Words(self.text)
        return self._words

    # -- the selection ---------------------------------------------------------------------------
    def select(self, span: Span | None) -> None:
        """Make `span` the selection (None: no selection), redraw what changed, keep its end in view."""
        if span is not None and not (0 <= span.start < span.end <= len(self.text)):
            span = None
        touched = self.lines_of(self.selection) | self.lines_of(span)
        self.selection = span
        self._redraw(touched)
        if span is not None:
            self.highlighted = self.line_at(span.end - 1)
        self.post_message(self.SelectionChanged())

    def start_selection(self) -> Span | None:
        """`v`: select the current mark if the cursor is on it, else the first word of the cursor's line."""
        cursor = self.cursor_span
        if cursor is None:
            return None
        current = self.current
        if current is not None and current in self.marks and current[0] < cursor[1] and cursor[0] < current[1]:
            self.select(Span(*current))
        else:
            self.select(self.words.first_word_from(cursor[0]))
        return self.selection

    def action_step_selection(self, how: str) -> None:
        """Move an end of the selection with one of `Words`' steps (named by the binding); without a
        selection, let the key through."""
        if self.selection is None:
            raise SkipAction()
        self.select(getattr(self.words, how)(self.selection))

    def action_line_down(self) -> None:
        """Extend the selection to the end of the next line; without one, the cursor moves down."""
        if self.selection is None:
            self.action_cursor_down()
            return
        index = self.line_at(self.selection.end - 1)
        if index + 1 < len(self.lines):
            self.select(self.words.end_at(self.selection, self.lines[index + 1].end))

    def action_line_up(self) -> None:
        """Shrink the selection to the end of the previous line; without one, the cursor moves up."""
        if self.selection is None:
            self.action_cursor_up()
            return
        index = self.line_at(self.selection.end - 1)
        if index > 0:
            self.select(self.words.end_at(self.selection, self.lines[index - 1].end))

    def action_cancel_selection(self) -> None:
        """`escape` cancels a selection first; with none, it goes back (the app's binding)."""
        if self.selection is None:
            raise SkipAction()
        self.select(None)

    def set_current(self, span: Span | None) -> None:
        """Highlight `span` strongly, put the cursor on its line and scroll it to the top."""
        touched = self.lines_of(self.current) | self.lines_of(span)
        self.current = span
        self._redraw(touched)
        if span is not None:
            self.highlighted = self.line_at(span[0])
            self.call_after_refresh(self.scroll_to_highlight, top=True)

    def set_found(self, spans: list[Span]) -> None:
        """Light the find bar's matches (sorted spans), unlighting the previous ones."""
        touched = set().union(*map(self.lines_of, self.found), *map(self.lines_of, spans))
        self.found = spans
        self._redraw({index for index in touched if index < len(self.lines)})

    def line_at(self, offset: int) -> int:
        """Index of the line containing (or, between lines, following) `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset >= self.lines[index].end and index + 1 < len(self.lines):
            index += 1
        return max(0, index)

    # -- the mouse: a drag selects the words it passes over --------------------------------------
    def offset_at(self, point: Offset) -> int | None:
        """The text offset at a point of the content area (where the mouse is), or None if empty."""
        rows = self._lines
        if not rows or not self.lines:
            return None
        index, row = rows[max(0, min(self.scroll_offset.y + point.y, len(rows) - 1))]
        line = self.lines[index]
        padding = self.get_component_styles("option-list--option").padding
        wrapped = self.line_content(index).wrap(max(1, self.scrollable_content_region.width - padding.width))
        plain = self.text[line.start : line.end]
        starts, position = [], 0
        for piece in wrapped:  # where each wrapped row starts in the line's text
            found = plain.find(piece.plain, position) if piece.plain else -1
            starts.append(found if found >= 0 else position)
            position = starts[-1] + len(piece.plain)
        row = min(row, len(wrapped) - 1)
        column = max(0, min(point.x + self.scroll_offset.x - padding.left, len(wrapped[row].plain)))
        return line.start + min(starts[row] + column, len(plain))

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        point = event.get_content_offset(self)
        if event.button == 1 and point is not None:
            self._drag_from, self._dragged = self.offset_at(point), False
            self.capture_mouse()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        offset = self.offset_at(event.get_content_offset_capture(self))
        if offset is None or (offset == self._drag_from and not self._dragged):
            return
        span = self.words.snap(self._drag_from, offset)
        if span is not None:
            self._dragged = True
            self.select(span)

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()

    async def _on_click(self, event: events.Click) -> None:
        """The click that ends a drag is not a click on a line (which would move to its backlinks)."""
        if self._dragged:
            self._dragged = False
            event.prevent_default()
            event.stop()

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

    def _redraw(self, lines: set[int]) -> None:
        """Draw these lines again (their `LazyLine`s keep their measured heights)."""
        for index in sorted(lines):
            self.replace_option_prompt_at_index(index, self.get_option_at_index(index).prompt)

    def marks_in(self, start: int, end: int) -> list[Span]:
        """The marks overlapping `[start, end)`, in order: those that start before `end`, looked
        at backwards while any of them reaches past `start`."""
        found = []
        index = bisect.bisect_left(self._mark_starts, end) - 1
        while index >= 0 and self._mark_reach[index] > start:
            if self.marks[index][1] > start:
                found.append(self.marks[index])
            index -= 1
        return found[::-1]

    def line_content(self, index: int) -> Content:
        """One line's text with its marks, built when the line is drawn."""
        line = self.lines[index]
        start, end = line.start, line.end
        spans = [
            (max(m_start, start) - start, min(m_end, end) - start, MARK_STYLE)
            for m_start, m_end in self.marks_in(start, end)
        ]
        first = bisect.bisect_left(self.found, Span(start, start))
        if first and self.found[first - 1][1] > start:  # a match from the line before ends here
            first -= 1
        for f_start, f_end in self.found[first:bisect.bisect_left(self.found, Span(end, end))]:
            spans.append((max(f_start, start) - start, min(f_end, end) - start, FOUND_STYLE))
        if self.current and self.current[0] < end and start < self.current[1]:
            spans.append((max(self.current[0], start) - start, min(self.current[1], end) - start, CURRENT_STYLE))
        if self.selection and self.selection[0] < end and start < self.selection[1]:
            spans.append((max(self.selection[0], start) - start, min(self.selection[1], end) - start, SELECTION_STYLE))
        content = styled_spans(self.text[start:end], spans)
        return content + "\n" if line.spaced else content

"""The reader draws a source a line at a time: a line is measured without being built, a long line
is cut into pieces, and a line finds its marks without looking at all of them. Each agrees with
the plain way of doing it (Textual's own measurement, a scan of every mark)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from tui.app.lazy_line import LazyLine, wrapped_rows
from tui.app.widgets.source_document import FOUND_STYLE, MAX_LINE_CHARS, SourceDocument, split_lines
from tui.catalog.anchor import Span

ASCII_LINES = st.text(alphabet="ab c  .", min_size=1, max_size=80).filter(str.strip)
WIDTHS = st.integers(min_value=1, max_value=30)


@given(ASCII_LINES, WIDTHS)
def test_wrapped_rows_are_the_rows_textual_wraps_a_line_into(text: str, width: int) -> None:
    assert wrapped_rows(text, width) == Content(text).get_height({}, width)


@given(st.text(alphabet="ab cé漢\t\x1b", min_size=1, max_size=60).filter(str.strip), WIDTHS, st.booleans())
def test_a_lazy_line_is_as_high_as_its_content(text: str, width: int, spaced: bool) -> None:
    """Printable ASCII is counted; anything else (wide, escaped, tabs) is measured by Textual."""
    built = Content(text + "\n" if spaced else text)
    assert LazyLine(text, spaced, lambda: built).get_height({}, width) == built.get_height({}, width)


def test_a_lazy_line_builds_its_content_only_to_draw_it() -> None:
    built: list[int] = []

    def build() -> Content:
        built.append(1)
        return Content("a line of text")

    line = LazyLine("a line of text", False, build)
    assert line.get_height({}, 5) == 4 and line.get_height({}, 40) == 1
    assert built == []


@given(st.text(alphabet="ab \n", max_size=300), st.integers(min_value=0, max_value=1))
def test_long_lines_are_cut_into_pieces_that_keep_every_visible_character(text: str, spaced: int) -> None:
    text = text.replace("b", "b" * 50)  # some words longer than a piece's second half
    lines = split_lines(text)
    shown = "".join(text[line.start : line.end] for line in lines)
    assert shown.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    for line in lines:
        assert line.end - line.start <= MAX_LINE_CHARS
        assert not text[line.start].isspace() or line.start == 0 or text[line.start - 1] == "\n"
        assert not text[line.end - 1].isspace()


def test_a_five_megabyte_line_is_pieces_of_at_most_the_limit() -> None:
    text = " ".join(f"w{i}" for i in range(700_000))
    lines = split_lines(text)
    assert len(lines) > len(text) // MAX_LINE_CHARS
    assert all(0 < line.end - line.start <= MAX_LINE_CHARS for line in lines)
    assert lines[0].start == 0 and lines[-1].end == len(text)


SPANS = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=40)


@given(SPANS, st.integers(0, 220), st.integers(1, 40))
def test_a_line_finds_the_marks_a_scan_of_all_of_them_finds(
    marks: list[tuple[int, int]], start: int, size: int
) -> None:
    spans = sorted(Span(s, s + n) for s, n in marks)
    document = SourceDocument()
    document.load("x" * 300, spans, None)
    end = start + size
    assert document.marks_in(start, end) == [m for m in spans if m[0] < end and start < m[1]]


def test_a_find_match_across_two_lines_is_lit_on_both() -> None:
    """`a space matches any run of whitespace`: a match may run from one line into the next (or from
    one piece of a long line into the next)."""
    text = "The raid began\nat dawn.\n" + "x " * MAX_LINE_CHARS + "end\n"
    document = SourceDocument()
    document.load(text, [], None)
    across = Span(text.index("began"), text.index("dawn") + 4)
    last_two = Span(document.lines[-2].end - 1, document.lines[-1].start + 1)
    document.set_found([across, last_two])
    for span in (across, last_two):
        first, second = (document.line_content(index) for index in sorted(document.lines_of(span)))
        lit = ["".join(c.plain[s.start : s.end] for s in c.spans if s.style == FOUND_STYLE) for c in (first, second)]
        assert "".join(lit).replace(" ", "") == text[span.start : span.end].replace(" ", "").replace("\n", "")

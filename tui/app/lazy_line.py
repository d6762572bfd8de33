"""A line of a long document whose `Content` is built only when it is drawn.

An `OptionList` measures the height of every option before it draws one (to know where each
starts), and draws an option whole. A source of 100,000 lines, or a 5 MB line, made every option's
`Content` up front and wrapped all of it: 20 s before the reader painted. A `LazyLine` is measured
without being built: a line that fits the width is one row, a longer line of printable ASCII is
counted by the rule Textual's wrapping follows (`wrapped_rows`); any other line is built and
measured by Textual itself. Its `Content` is made when the line is drawn, and not kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

_NON_SPACE = re.compile(r"[^ ]")


def wrapped_rows(text: str, width: int) -> int:
    """How many rows Textual's word wrapping (Rich's `divide_line`, folding words too long for a
    row) makes of `text`, a line of printable ASCII (one cell a character, ' ' its only space),
    in time proportional to the rows rather than the characters.

    A row starting at `row` holds every word whose last letter is within `width` of it (spaces
    after a word may overhang); the first word that is not becomes the next row, or, longer than
    a row itself, is cut every `width` characters, its trailing spaces included."""
    width = max(1, width)
    last = len(text.rstrip(" "))
    lead = len(text) - len(text.lstrip(" "))  # the first word includes the leading spaces
    rows, row = 1, 0
    while last > row + width:
        limit = row + width
        start = _next_word(text, limit) if text[limit] == " " else text.rfind(" ", row, limit) + 1
        if start <= lead:
            start = 0
        start = max(start, row)  # (a row cut inside a word: that word, folded on; every pass moves on)
        end = text.find(" ", max(start, lead))  # the end of its letters
        end = len(text) if end < 0 else end
        if end - start > width:  # a word longer than a row, its trailing spaces folded with it
            pieces = math.ceil((_next_word(text, end) - start) / width)
            rows += pieces if start else pieces - 1
            row = start + width * (pieces - 1)
        else:
            rows += 1
            row = start
    return rows


def _next_word(text: str, offset: int) -> int:
    found = _NON_SPACE.search(text, offset)
    return found.start() if found else len(text)


class LazyLine(Visual):
    """`build()` makes the line's `Content` (spaced: a blank row follows it, as a trailing
    newline would give), only when it is drawn or cannot be measured from `text` alone."""

    __slots__ = ("text", "spaced", "build", "_height")

    def __init__(self, text: str, spaced: bool, build: Callable[[], Content]) -> None:
        self.text = text
        self.spaced = spaced
        self.build = build
        self._height: tuple[int, int] = (-1, 0)  # (width, height) last measured

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._height[0] == width:
            return self._height[1]
        plain = self.text.isascii() and self.text.isprintable()
        simple = rules.get("line_pad", 0) == 0 and rules.get("text_wrap", "wrap") == "wrap"
        if plain and simple and rules.get("text_overflow", "fold") == "fold":
            height = (1 if len(self.text) <= width else wrapped_rows(self.text, width)) + self.spaced
        else:
            height = self.build().get_height(rules, width)
        self._height = (width, height)
        return height

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.build().get_optimal_width(rules, container_width)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.build().render_strips(width, height, style, options)

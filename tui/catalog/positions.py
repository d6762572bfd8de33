"""Lines and columns as an editor counts them, for any offset of a text.

libyaml (and PyYAML's own reader) also end a line at U+0085, U+2028 and U+2029, and count a lone
CR as a line of its own only sometimes; editors end lines at LF, CRLF and CR and nothing else. Every
`file:line:col` this project prints is computed here from a character offset, so an error after a
line separator inside a value, or in a file saved with old Mac line ends, points where the editor
shows it. Columns count characters (a BOM, removed when the file is decoded, is not one).
"""

from __future__ import annotations

import bisect
import re

LINE_END = re.compile(r"\r\n|\r|\n")
# What makes libyaml's own line and column differ from an editor's.
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class LineStarts:
    """The offset where each line of a text starts: `position(offset)` by bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [end.end() for end in LINE_END.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `offset`."""
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def needs_line_starts(text: str) -> bool:
    """Whether libyaml's line and column can differ from an editor's in `text` (when not, its
    marks are used as they are and no table is built)."""
    return _OTHER_BREAKS.search(text) is not None


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `text[offset]`, for a single position (no table kept)."""
    return LineStarts(text[:offset + 1]).position(offset)

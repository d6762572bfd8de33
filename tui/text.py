"""Untrusted text (catalog and source text) made safe to show.

Every widget and every CLI line that shows catalog or source text goes through `visible()`: control
characters (ANSI escapes, other C0/C1 codes), bidi overrides and the characters whose width terminals
disagree on are replaced by a visible `\\xNN` / `\\uNNNN` / `\\UNNNNNNNN` form, so nothing reaches
the terminal raw and every line is as wide on screen as the UI measured it. Markup safety is
separate: the UI wraps the result in `rich.text.Text` / `textual.content.Content`, never in a markup
string.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

# C0 controls except tab and newline, DEL, C1 controls, the Unicode bidi embedding/override/
# isolate characters that can reorder what a reader sees, lone surrogates (which cannot be
# encoded for the terminal at all), the line and paragraph separators U+2028/U+2029 (line breaks
# to a terminal or to YAML, as U+0085 is), and U+FFFE/U+FFFF (not characters; YAML refuses them).
# And (`WIDTH_AMBIGUOUS`) what makes a terminal's width of a line differ from the width that
# Textual/rich measured (a pane border drawn out of place): the pieces of emoji sequences (the
# zero width joiner, the presentation selectors VS16/VS15, the skin-tone modifiers, the keycap),
# which terminals join into one wide emoji or not, and the Hangul fillers U+115F, U+1160, U+3164,
# U+FFA0, blanks that some give no width and some one or two. Each emoji of a sequence then
# shows alone, as wide everywhere.
WIDTH_AMBIGUOUS = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3\u115f\u1160\u3164\uffa0]")
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff"
    f"\u2028\u2029\ufffe\uffff]|{WIDTH_AMBIGUOUS.pattern}"
)


# What `visible` rewrites: the CR of a CRLF line break (dropped: the LF alone breaks the line, as
# in a file with Unix line endings), and every unsafe character (escaped).
_SHOWN = re.compile(f"(?P<crlf>\r(?=\n))|{_UNSAFE.pattern}")


def _escape(match: re.Match[str]) -> str:
    if match.group("crlf"):
        return ""
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` with every control, bidi-override or width-ambiguous character (see `_UNSAFE`) shown
    as an escape sequence (CRLF line breaks shown as line breaks)."""
    return _SHOWN.sub(_escape, text)


class EscapingStream:
    """A text stream that writes everything through `visible()`: what the CLI prints to stdout and
    stderr, whichever command and format, reaches the terminal with no control character but
    newline and tab (text already escaped is left as it is). Anything else (`buffer`, `isatty`)
    is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(visible(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def one_line(text: str) -> str:
    """`visible(text)` with runs of whitespace (newlines included) folded to single spaces."""
    return " ".join(visible(text).split())


def json_safe(json_text: str) -> str:
    """JSON text from `json.dumps(..., ensure_ascii=False)` with every character `visible()` would
    escape written as a `\\uXXXX` escape instead: the same data once parsed, but nothing raw for a
    terminal (JSON itself escapes only C0 controls; DEL, C1 controls and bidi overrides pass). A
    character beyond U+FFFF (a skin-tone modifier) is written as its UTF-16 surrogate pair."""
    return _UNSAFE.sub(lambda match: json.dumps(match.group())[1:-1], json_text)


def json_text(data: object) -> str:
    """JSON as `--json` prints it: readable UTF-8 and indented, with nothing a terminal would act on."""
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False))



# Markdown: characters that start inline markup anywhere (emphasis, code, links, strikethrough,
# tables, a heading's closing `#`, escapes); at the start of a line, what makes it a list item or a
# setext underline (`#` and `>` are already covered: escaped inline, written as an entity).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]~|#])")
_MARKDOWN_LINE_START = re.compile(r"^(?:[-+=]|(\d+)([.)]))")


def _line_start(match: re.Match[str]) -> str:
    return f"{match.group(1)}\\{match.group(2)}" if match.group(1) else "\\" + match.group()


def markdown_text(text: str) -> str:
    """`visible(text)` that Markdown renders as exactly these characters: HTML is written as
    entities (`<script>` shows as text, never runs), inline markup characters are backslash-escaped,
    and no line starts a heading, quote, list, code block or underline. Line breaks are kept."""
    lines = []
    for line in visible(text).split("\n"):
        shown = line.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines.append(_MARKDOWN_LINE_START.sub(_line_start, _MARKDOWN_INLINE.sub(r"\\\1", shown)))
    return "\n".join(lines)


def markdown_line(text: str) -> str:
    """`markdown_text` folded onto one line (names, titles, notes in a sentence)."""
    return markdown_text(one_line(text))


def counted(count: int, noun: str, cap: int | None = None) -> str:
    """`1 result`, `2 results`; a count that reached `cap` reads `cap+ results`."""
    shown = f"{count}+" if cap is not None and count >= cap else str(count)
    return f"{shown} {noun}" if count == 1 else f"{shown} {noun}s"


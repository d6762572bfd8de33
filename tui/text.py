"""Untrusted text (catalog and source text) made safe to show.

Every widget and every CLI line that shows catalog or source text goes through `visible()`: control
characters (ANSI escapes, other C0/C1 codes) and bidi overrides are replaced by a visible `\\xNN` /
`\\uNNNN` form so nothing reaches the terminal raw. Markup safety is separate: the UI wraps the result
in `rich.text.Text` / `textual.content.Content`, never in a markup string.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab and newline, DEL, C1 controls, the Unicode bidi embedding/override/
# isolate characters that can reorder what a reader sees, and lone surrogates (which cannot be
# encoded for the terminal at all).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]"
)


# What `visible` rewrites: the CR of a CRLF line break (dropped: the LF alone breaks the line, as
# in a file with Unix line endings), and every unsafe character (escaped).
_SHOWN = re.compile(f"(?P<crlf>\r(?=\n))|{_UNSAFE.pattern}")


def _escape(match: re.Match[str]) -> str:
    if match.group("crlf"):
        return ""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control or bidi-override character shown as an escape sequence (CRLF line
    breaks shown as line breaks)."""
    return _SHOWN.sub(_escape, text)


def one_line(text: str) -> str:
    """`visible(text)` with runs of whitespace (newlines included) folded to single spaces."""
    return " ".join(visible(text).split())


def json_safe(json_text: str) -> str:
    """JSON text from `json.dumps(..., ensure_ascii=False)` with every character `visible()` would
    escape written as a `\\uXXXX` escape instead: the same data once parsed, but nothing raw for a
    terminal (JSON itself escapes only C0 controls; DEL, C1 controls and bidi overrides pass)."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def json_text(data: object) -> str:
    """JSON as `--json` prints it: readable UTF-8 and indented, with nothing a terminal would act on."""
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False))

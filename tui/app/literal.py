"""Catalog and source text as literal `Content`: never parsed as markup, control characters shown.

Every widget builds what it shows from these helpers, so a name like `[@click=app.quit]` is just
characters on screen and an escape sequence in a source arrives as the visible text `\\x1b`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content

from tui.catalog.context import quote_context
from tui.catalog.model import Anchor, Catalog
from tui.catalog.schema import SECTION_OF_KIND
from tui.text import one_line, visible

MATCH_STYLE = "bold underline $text-accent"

_BADGE_STYLE: dict[str, str] = {
    "episode": "bold $text-primary",
    "subject": "bold $text-accent",
    "person": "bold $text-secondary",
    "location": "bold $text-success",
    "organization": "bold $text-warning",
    "topic": "bold $foreground",
    "scene": "bold $text-secondary",
    "event": "bold $text-primary",
    "source": "bold $foreground-muted",
    "discrepancy": "bold $text-error",
}
_SPACES = re.compile(r"\s+")


# A value is shown up to this many characters, then says how many more there are: a 5 MB summary
# was wrapped and drawn whole each time its entry was selected (13 s). A source is not a value:
# the reader shows all of it, a piece at a time.
MAX_SHOWN_CHARS = 10_000


def literal(text: str, style: str = "") -> Content:
    """`text` (untrusted) shown exactly as written, control characters escaped."""
    head, cut = _capped(text)
    return _with_cut(Content.styled(visible(head), style) if style else Content(visible(head)), cut)


def literal_line(text: str, style: str = "") -> Content:
    """Like `literal`, folded onto one line and trimmed (for list rows and titles)."""
    head, cut = _capped(text)
    return _with_cut(Content.styled(one_line(head), style) if style else Content(one_line(head)), cut)


def flat(text: str, style: str = "") -> Content:
    """Like `literal` with every whitespace run (newlines too) shown as one space, ends kept."""
    head, cut = _capped(text)
    shown = _SPACES.sub(" ", visible(head))
    return _with_cut(Content.styled(shown, style) if style else Content(shown), cut)


def _capped(text: str) -> tuple[str, int]:
    """The first `MAX_SHOWN_CHARS` of `text`, and how many characters are left out."""
    if len(text) <= MAX_SHOWN_CHARS:
        return text, 0
    return text[:MAX_SHOWN_CHARS], len(text) - MAX_SHOWN_CHARS


def _with_cut(content: Content, cut: int) -> Content:
    return content + Content.styled(f" … ({cut:,} more characters not shown)", "dim italic") if cut else content


def styled_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> Content:
    """`text` literally, with `(start, end, style)` spans given as offsets into the raw text.

    `visible()` lengthens control characters (one becomes `\\xNN`), so offsets are mapped onto
    the escaped text rather than applied blindly.
    """
    shown = visible(text)
    if len(shown) == len(text):
        where = None
    else:
        where = [0]
        for index in range(len(text)):
            # a CR is dropped before an LF (a CRLF line break), escaped anywhere else
            where.append(where[-1] + len(visible(text[index:index + 2])) - len(visible(text[index + 1:index + 2])))
    content = Content(shown)
    for span_start, span_end, style in spans:
        start, end = max(0, span_start), min(len(text), span_end)
        if start < end:
            content = content.stylize(style, *((start, end) if where is None else (where[start], where[end])))
    return content


def highlight_positions(text: str, positions: Iterable[int], style: str = MATCH_STYLE) -> Content:
    """`text` on one line with the characters at `positions` styled (fuzzy-match highlighting)."""
    text = text.replace("\n", " ")
    return styled_spans(text, ((p, p + 1, style) for p in positions if 0 <= p < len(text)))


BADGE_WIDTH = 13  # the longest kind, "organization", and a space


def badge(kind: str, width: int = BADGE_WIDTH) -> Content:
    """The kind's name padded to `width`, styled per kind: the kind badge of lists and results."""
    return Content.styled(kind.ljust(width), _BADGE_STYLE.get(kind, "bold"))


def section_title(kind: str) -> str:
    """`subject` -> `Subjects`: the heading the UI uses for a kind's section."""
    return SECTION_OF_KIND[kind].capitalize()


def passage_in_context(catalog: Catalog, anchor: Anchor, quote_style: str = "bold $text-accent") -> Content:
    """An anchored passage's quote, highlighted, within a little of the text around it."""
    text = catalog.texts[anchor.source_id].text
    around = quote_context(catalog.texts[anchor.source_id], anchor.span)
    return Content.assemble(
        ("…" if around.cut_before else "", "dim"),
        flat(text[around.window.start : anchor.start], "dim"),
        flat(anchor.text, quote_style),
        flat(text[anchor.end : around.window.end], "dim"),
        ("…" if around.cut_after else "", "dim"),
    )

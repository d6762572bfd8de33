"""Catalog and source text as literal `Content`: never parsed as markup, control characters shown.

Every widget builds what it shows from these helpers, so a name like `[@click=app.quit]` is just
characters on screen.
"""

from __future__ import annotations

from textual.content import Content

from tui.catalog.schema import SECTION_OF_KIND
from tui.text import one_line, visible

# Badge style per kind; the words are the kind names themselves.
_BADGE_STYLE: dict[str, str] = {
    "episode": "bold $primary",
    "subject": "bold $accent",
    "person": "bold $secondary",
    "location": "bold $success",
    "organization": "bold $warning",
    "topic": "bold $foreground",
    "scene": "bold $secondary",
    "source": "bold $foreground-muted",
    "discrepancy": "bold $error",
}


def literal(text: str, style: str = "") -> Content:
    """`text` (untrusted) shown exactly as written, control characters escaped."""
    return Content.styled(visible(text), style) if style else Content(visible(text))


def literal_line(text: str, style: str = "") -> Content:
    """Like `literal`, folded onto one line (for list rows and titles)."""
    return Content.styled(one_line(text), style) if style else Content(one_line(text))


def badge(kind: str) -> Content:
    """A short kind label such as `subject`, styled per kind."""
    return Content.styled(f"{kind:<12}", _BADGE_STYLE.get(kind, "bold"))


def section_title(kind: str) -> str:
    """`subject` -> `Subjects`: the heading the UI uses for a kind's section."""
    return SECTION_OF_KIND[kind].capitalize()


def highlight_positions(text: str, positions: tuple[int, ...], style: str = "bold $accent underline") -> Content:
    """`text` literally, with the characters at `positions` styled (fuzzy-match highlighting).

    `visible()` may lengthen the text (a control character becomes `\\xNN`), so positions are
    mapped through the escaping character by character.
    """
    wanted = set(positions)
    parts: list[tuple[str, str] | str] = []
    for index, char in enumerate(text):
        shown = visible(char) if char != "\n" else " "
        parts.append((shown, style) if index in wanted else shown)
    return Content.assemble(*parts)

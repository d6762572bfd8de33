"""Messages any screen or widget posts to ask the App to navigate.

Screens never push other screens themselves: they post one of these and the App decides (and
records the jump in its history).
"""

from __future__ import annotations

from textual.message import Message


class OpenEntry(Message):
    """Show an entry's detail."""

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id


class OpenSource(Message):
    """Open the source reader on `[start, end)` of a source (no span: the top of the document)."""

    def __init__(self, source_id: str, start: int | None = None, end: int | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.start = start
        self.end = end

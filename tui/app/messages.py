"""The message any screen or widget posts to ask the App to navigate.

Screens never push other screens themselves: they post `Navigate` and the App decides (and records
the jump in its history).
"""

from __future__ import annotations

from textual.message import Message

from tui.app.places import Place


class Navigate(Message):
    """Go to a place: an entry's detail, a span of a source in the reader, an overview."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.place = place

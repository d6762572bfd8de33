"""The messages screens and widgets post to ask the App to navigate or to curate.

Screens never push other screens themselves: they post `Navigate` (or `Curate`) and the App decides
(and records the jump in its history, or runs the edit flow).
"""

from __future__ import annotations

from textual.message import Message

from tui.app.places import Place, SourcePlace


class Navigate(Message):
    """Go to a place: an entry's detail, a span of a source in the reader, an overview."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.place = place


class Curate(Message):
    """Ask the App to edit the catalog (it asks for every detail and a confirmation first).

    `what`: `cite` (the `selection`, to an entry picked or created; `replacing` the passages, as
    (entry id, passage index), that the selection may replace instead), `alias` or `note` (of
    `entry_id`; the note of passage `passage_index`)."""

    def __init__(
        self,
        what: str,
        *,
        selection: SourcePlace | None = None,
        replacing: tuple[tuple[str, int], ...] = (),
        entry_id: str | None = None,
        passage_index: int | None = None,
    ) -> None:
        super().__init__()
        self.what = what
        self.selection = selection
        self.replacing = replacing
        self.entry_id = entry_id
        self.passage_index = passage_index

"""Find in the reader: a one-line bar under the document. Every match of what is typed is lit in
the document; enter / shift+enter (or down / up) step to the next / previous one, wrapping round.
A reader opened from a search hit in the source text opens the bar with the words the search matched.

The bar knows the document only through `SourceDocument`'s text, `set_found` and cursor, so the
reader needs just a key to open it.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from tui.app.widgets.source_document import SourceDocument
from tui.catalog.anchor import Span

MAX_FOUND = 10_000  # matches lit at most (a one-letter query in a long source)
_SPACES = re.compile(r"(\s+)")


def matches(text: str, query: str) -> list[Span]:
    """Where `query` occurs in `text`, ignoring case, a run of whitespace in it matching any run (a
    line break too); none for an empty or blank query."""
    if not query.strip():
        return []
    pattern = "".join(r"\s+" if piece.isspace() else re.escape(piece) for piece in _SPACES.split(query) if piece)
    found = re.finditer(pattern, text, re.IGNORECASE)
    return [Span(m.start(), m.end()) for _, m in zip(range(MAX_FOUND), found, strict=False)]


class FindBar(Horizontal):
    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        background: $surface;
        &.-open { display: block; }
        #find-input { border: none; height: 1; width: 1fr; padding: 0 1; background: $surface; }
        #find-count { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("shift+enter,up", "step(-1)", "Previous match", id="find.previous"),
        Binding("down", "step(1)", "Next match", show=False, id="find.next"),
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    def __init__(self, document: SourceDocument, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.found: list[Span] = []
        self.index: int | None = None  # the match the cursor was stepped to

    def compose(self) -> ComposeResult:
        yield Input(placeholder="find in this source…", id="find-input")
        yield Static(id="find-count", markup=False)

    def open(self, query: str | None = None) -> None:
        """Show the bar and take the keys; `query` is found (by default, what was typed before)."""
        self.add_class("-open")
        search = self.query_one(Input)
        if query is not None:
            search.value = query
        search.focus()
        self._find(search.value)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.document.set_found([])
        self.document.focus()

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._find(event.value)

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_step(1)

    def _find(self, query: str) -> None:
        self.found = matches(self.document.text, query)
        self.document.set_found(self.found)
        self.index = None
        if self.found:
            self.action_step(1)  # the first match from the cursor on
        else:
            self._count("no match" if query.strip() else "")

    def action_step(self, direction: int) -> None:
        """Move the cursor to the next / previous match, wrapping round."""
        if not self.found:
            return
        if self.index is None:
            cursor = self.document.cursor_span
            here = cursor[0] if cursor else 0
            after = [i for i, span in enumerate(self.found) if span[0] >= here]
            self.index = after[0] if after and direction > 0 else (after[0] - 1 if after else len(self.found) - 1)
            self.index %= len(self.found)
        else:
            self.index = (self.index + direction) % len(self.found)
        line = self.document.line_at(self.found[self.index][0])
        self.document.highlighted = line
        self.document.scroll_to_highlight()
        self._count(f"match {self.index + 1}/{len(self.found)}")  # not "2/3 matchs"

    def _count(self, text: str) -> None:
        self.query_one("#find-count", Static).update(Content.styled(text, "dim"))

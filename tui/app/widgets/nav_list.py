"""An `OptionList` that moves with vim keys too and never parses its prompts as markup."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist


class NavList(OptionList):
    """Base of every list in the app: `j`/`k`/`g`/`G` besides the arrow keys; prompts are
    always given as `Content` built by `tui.app.literal`, and `markup=False` makes sure a stray
    string could not be read as markup either."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)

    def highlight_id(self, option_id: str) -> bool:
        """Move the cursor to the option with `option_id`; False if there is none."""
        try:
            self.highlighted = self.get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        return True

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

"""Lists, tables and trees that move with vim keys too; lists never parse their prompts as markup."""

from __future__ import annotations

from typing import Self

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, OptionList, Tree
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.app.messages import Navigate
from tui.app.places import Place


class TargetOption(Option):
    """A row that opens something: it carries its place (an entry, a span of a source), so no
    list parses ids back out of strings. Choosing it posts `Navigate(target)`."""

    def __init__(self, prompt: Content, target: Place, *, id: str | None = None) -> None:
        super().__init__(prompt, id=id)
        self.target = target


class NavList(OptionList):
    """Base of every list in the app: `j`/`k`/`g`/`G` besides the arrow keys; prompts are
    always given as `Content` built by `tui.app.literal`, and `markup=False` makes sure a stray
    string could not be read as markup either.

    A list the user moves into (`tab`, `shift+tab`, a click) with no option highlighted
    highlights its first enabled one, so `enter` works at once. Code that calls `focus()` has
    set the cursor it wants (the entry detail opens with no stop chosen, its header in view).

    Choosing a `TargetOption` posts `Navigate` for its target; other options are left to the
    screen (the `OptionSelected` message bubbles up)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._focus_from_code = False

    def focus(self, scroll_visible: bool = True) -> Self:
        if not self.has_focus:
            self._focus_from_code = True  # the Focus event that follows keeps the cursor as it is
        return super().focus(scroll_visible)

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        from_code, self._focus_from_code = self._focus_from_code, False
        if not (from_code or event.from_app_focus) and self.highlighted is None:
            self.action_first()  # the first enabled option (None if every option is disabled)

    def _on_hide(self, event: events.Hide) -> None:
        """Textual blurs a widget that leaves the screen. A layout that shows the focused pane and
        hides the others (the browser on a narrow terminal) can focus a list again before the
        Hide of its last layout arrives: blur only if it is still hidden once the layout settles."""
        event.prevent_default()
        if self.show_horizontal_scrollbar:
            self.horizontal_scrollbar.post_message(event)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.post_message(event)
        if self.has_focus:
            self.call_after_refresh(self._blur_if_hidden)

    def _blur_if_hidden(self) -> None:
        if self.has_focus and (not self.display or not self.region.area):
            self.blur()

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self._focus_from_code = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, TargetOption):
            event.stop()
            self.post_message(Navigate(event.option.target))

    @property
    def highlighted_target(self) -> Place | None:
        """The place the highlighted row opens (None: no row, or a row that opens nothing)."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.target if isinstance(option, TargetOption) else None

    def highlight_target(self, target: Place) -> bool:
        """Move the cursor to the first row that opens `target`; False if there is none."""
        for index in range(self.option_count):
            option = self.get_option_at_index(index)
            if isinstance(option, TargetOption) and option.target == target:
                self.highlighted = index
                return True
        return False

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


class NavTable(DataTable):
    """A `DataTable` that moves with `j`/`k`/`g`/`G` too, like every list in the app."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "First row", show=False, id="table.first"),
        Binding("G", "scroll_bottom", "Last row", show=False, id="table.last"),
    ]


class NavTree(Tree):
    """A `Tree` that moves with `j`/`k`/`g`/`G` too, like every list in the app."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("g", "scroll_home", "First line", show=False, id="tree.first"),
        Binding("G", "scroll_end", "Last line", show=False, id="tree.last"),
    ]

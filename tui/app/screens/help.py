"""Help: every key binding, generated from the `BINDINGS` of the app and its screens and lists so
it cannot drift from the code, followed by the search query syntax."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.search.query import QUERY_SYNTAX

BindingGroup = tuple[str, Sequence[Binding]]


class HelpScreen(ModalScreen[None]):
    HELP_TITLE = "Help"
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
        #help-box {
            width: 84;
            max-width: 95%;
            height: 90%;
            border: round $primary;
            border-title-color: $text-primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close help", id="help.close"),
        Binding("question_mark", "close", "Close help", show=False, id="help.close_question_mark"),
        Binding("f1", "close", "Close help", show=False, id="help.close_f1"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="help.up"),
        Binding("g", "scroll_edge('top')", "Scroll to top", show=False, id="help.top"),
        Binding("G", "scroll_edge('bottom')", "Scroll to bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, groups: Sequence[BindingGroup]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Help — esc to close"
            yield Static(self.render_help(), id="help-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def render_help(self) -> Content:
        lines: list[Content] = []
        for title, bindings in self.groups:
            if not bindings:
                continue
            lines.append(Content.styled(title, "bold $text-primary"))
            keys: dict[tuple[str, str], list[str]] = {}  # one row per action, every key on it
            for binding in bindings:
                keys.setdefault((binding.action, binding.description), []).append(self.app.get_key_display(binding))
            for (_, description), shown in keys.items():
                lines.append(Content.assemble((f"  {', '.join(shown):<18}", "bold"), description))
            lines.append(Content(""))
        lines.append(Content.styled("Search query syntax (/ or ctrl+k)", "bold $text-primary"))
        for syntax, meaning in QUERY_SYNTAX:
            lines.append(Content.assemble((f"  {syntax:<18}", "bold"), meaning))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_scroll_edge(self, edge: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        if edge == "top":
            box.scroll_home(animate=False)
        else:
            box.scroll_end(animate=False)

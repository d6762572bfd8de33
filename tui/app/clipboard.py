"""Copy a passage with its citation: the one place the app copies from (`y`, `Y`, the palette).

The copy goes through OSC 52 (`App.copy_to_clipboard`), which most terminals and tmux (with
`set-clipboard on`) accept, and a notification says what was copied. Where OSC 52 is known not to
reach the clipboard (`osc52_unreachable`), the text is shown in a dialog instead, to copy by hand.
The formatting itself is `tui.catalog.citation`'s; screens only say which span is under the cursor.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static
from textual.widgets.option_list import Option

from tui.app.literal import literal
from tui.app.places import SourcePlace
from tui.app.widgets.nav_list import NavList
from tui.catalog import Catalog
from tui.catalog.anchor import Span
from tui.catalog.citation import CITATION_FORMATS, FORMAT_TITLES, CitationFormat, cite, format_citation
from tui.serve import BROWSER_SESSION
from tui.text import one_line

# Terminals known to ignore OSC 52, by what they put in the environment (README lists them).
_NO_OSC52_PROGRAMS = {"Apple_Terminal": "macOS Terminal"}
_NO_OSC52_TERMS = {"linux": "the Linux console"}


def osc52_unreachable(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why a copy through OSC 52 may not reach the clipboard here, or None if it should."""
    if environ.get(BROWSER_SESSION) == "public":
        return "a browser allows clipboard access only to pages on this machine or served over https"
    if name := _NO_OSC52_PROGRAMS.get(environ.get("TERM_PROGRAM", "")):
        return f"{name} does not accept clipboard requests from programs"
    if name := _NO_OSC52_TERMS.get(environ.get("TERM", "")):
        return f"{name} has no clipboard programs can write to"
    if environ.get("VTE_VERSION"):
        return "GNOME Terminal and other VTE terminals do not accept clipboard requests from programs"
    return None


def citable_span(screen: Screen[object]) -> SourcePlace | None:
    """The span a copy would cite on `screen`: a `citable_span` of the focused widget or of one of
    its containers, the screen included (the detail pane's passage, the reader's mark, the search
    hit), or None."""
    node: DOMNode | None = screen.focused or screen
    while node is not None:
        span: SourcePlace | None = getattr(node, "citable_span", None)
        if span is not None:
            return span
        node = None if node is screen else node.parent
    return None


def copy_citation(app: App[Any], catalog: Catalog, source_id: str, span: Span, fmt: CitationFormat = "plain") -> str:
    """Copy `[start, end)` of a source with its citation in `fmt`; return what was copied."""
    text = format_citation(cite(catalog, source_id, span), fmt)
    app.copy_to_clipboard(text)
    reason = osc52_unreachable()
    if reason is None:
        app.notify(f"Copied ({fmt}): {_summary(text)}", title="Copied with its citation", markup=False)
    else:  # the dialog shows what was copied; a toast would cover it on a small screen
        app.push_screen(CopyByHandScreen(text, reason))
    return text


def copy_citation_of(
    app: App[Any], catalog: Catalog | None, place: SourcePlace | None, fmt: CitationFormat | None
) -> None:
    """What `y` (a format) and `Y` (None: ask for one) do with the span under the cursor."""
    if catalog is None or place is None or place.start is None or place.end is None:
        app.notify("Move to a passage first: then y copies it with its citation.", severity="warning")
        return
    source_id, span = place.source_id, Span(place.start, place.end)
    if fmt is not None:
        copy_citation(app, catalog, source_id, span, fmt)
        return

    def chosen(picked: CitationFormat | None) -> None:
        if picked is not None:
            copy_citation(app, catalog, source_id, span, picked)

    app.push_screen(CitationFormatScreen(catalog, source_id, span), chosen)


def _summary(text: str, width: int = 72) -> str:
    line = one_line(text)
    return line if len(line) <= width else line[: width - 1].rstrip() + "\u2026"


class CitationFormatScreen(ModalScreen[CitationFormat | None]):
    """`Y`: pick the format, each shown with a preview of what it copies."""

    HELP_TITLE = "Copy citation as…"
    DEFAULT_CSS = """
    CitationFormatScreen {
        align: center middle;
        background: $background 60%;
        #citation-formats {
            width: 90%; max-width: 100; height: auto; max-height: 90%;
            border: round $accent; border-title-color: $text-accent; background: $surface;
        }
    }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="citation_format.close")]

    def __init__(self, catalog: Catalog, source_id: str, span: Span) -> None:
        super().__init__()
        citation = cite(catalog, source_id, span)
        self.previews = {fmt: format_citation(citation, fmt) for fmt in CITATION_FORMATS}

    def compose(self) -> ComposeResult:
        options = NavList(id="citation-formats")
        options.border_title = "Copy with its citation as"
        yield options

    def on_mount(self) -> None:
        options = self.query_one(NavList)
        for index, fmt in enumerate(CITATION_FORMATS):
            preview = "\n".join(self.previews[fmt].strip().split("\n")[:3])
            prompt = Content.assemble((FORMAT_TITLES[fmt], "bold"), "\n", literal(preview, "dim"))
            options.add_options([None, Option(prompt, id=fmt)] if index else [Option(prompt, id=fmt)])
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        event.stop()
        picked = event.option.id
        self.dismiss(next(fmt for fmt in CITATION_FORMATS if fmt == picked))

    def action_close(self) -> None:
        self.dismiss(None)


class CopyByHandScreen(ModalScreen[None]):
    """Where OSC 52 may not reach the clipboard: the copied text, to select with the mouse."""

    HELP_TITLE = "Copy by hand"
    DEFAULT_CSS = """
    CopyByHandScreen {
        align: center middle;
        background: $background 60%;
        #copy-box {
            width: 90%; max-width: 110; height: auto; max-height: 90%;
            border: round $warning; border-title-color: $text-warning; background: $surface; padding: 0 1;
        }
        #copy-why { color: $text-muted; margin-bottom: 1; }
        #copy-scroll { height: auto; max-height: 20; }
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="copy_by_hand.close"),
        Binding("enter", "close", "Close", show=False, id="copy_by_hand.close_enter"),
    ]

    def __init__(self, text: str, reason: str) -> None:
        super().__init__()
        self.text = text
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box") as box:
            box.border_title = "Copy this by hand"
            yield Static(
                literal(f"The clipboard may not have it: {self.reason}. Select the text below with the mouse "
                        "(hold shift, or option on a Mac) and copy it; escape closes."),
                id="copy-why",
                markup=False,
            )
            with VerticalScroll(id="copy-scroll"):
                yield Static(literal(self.text.rstrip("\n")), id="copy-text", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


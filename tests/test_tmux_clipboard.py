"""`y` in a real terminal: the copy travels as OSC 52, and tmux with `set-clipboard on` (as a
terminal that accepts it would) puts it on its clipboard, where `show-buffer` reads it."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tests.helpers import make_catalog
from tests.test_tmux import Tmux, _program, tmux_required  # noqa: F401  (a fixture, used by name)
from tui.catalog import load_catalog
from tui.catalog.citation import cite, format_citation

TEXT = "Raid at Dawn\n\nJudy Smith met the officers in Charlotte. She said \u201cno\u201d.\n"


def footer_offers_copy(screen: str) -> bool:
    return "y Copy" in screen.rstrip().splitlines()[-1]


@pytest.mark.usefixtures("tmux_required")
def test_y_sends_the_citation_through_osc52_to_the_terminal_clipboard(tmp_path: Path) -> None:
    entries = {
        "sources": [{"id": "src", "name": "Raid at Dawn", "summary": "A report.", "file": "seeds/source.txt",
                     "source_kind": "news", "outlet": "The Daily Bugle"}],
        "subjects": [{"id": "judy", "name": "Judy Smith", "summary": "An officer.",
                      "passages": [{"source": "src", "quote": "She said \u201cno\u201d."}]}],
    }
    path = make_catalog(tmp_path, entries, TEXT)
    catalog = load_catalog(path)
    (anchor,) = catalog.anchors_of("judy")
    expected = format_citation(cite(catalog, "src", anchor.span), "plain")
    # VTE_VERSION would make the app offer a copy-by-hand dialog as well; this terminal is tmux.
    tmux = Tmux(["env", "-u", "VTE_VERSION", *_program(), "open", "judy", "--catalog", str(path)])
    try:
        tmux.run("set-option", "-g", "set-clipboard", "on")
        tmux.wait_for(lambda s: "Judy Smith" in s and "Raid at Dawn" in s)
        for _ in range(4):  # tab to the detail pane: its footer offers `y`
            if footer_offers_copy(tmux.screen()):
                break
            tmux.keys("Tab")
            with contextlib.suppress(AssertionError):  # another pane: tab on
                tmux.wait_for(footer_offers_copy, timeout=5)
        tmux.wait_for(footer_offers_copy)
        tmux.keys("G")  # the last stop: the passage
        tmux.keys("y")
        tmux.wait_for(lambda s: "Copied" in s)
        assert tmux.run("show-buffer") == expected
        tmux.keys("q")
        tmux.wait_for(lambda s: "PROCESS-EXITED-0" in s)
    finally:
        tmux.kill()

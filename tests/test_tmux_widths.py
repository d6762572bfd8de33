"""Emoji sequences and Hangul fillers in a real terminal (tmux): each line as wide as Textual
measured it, so every pane's right border is in its column."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import make_catalog
from tests.test_tmux import Tmux, _program, tmux_required
from tui.text import json_text, visible

__all__ = ["tmux_required"]  # the fixture, used by name

# A skin-tone modifier, VS16, a ZWJ family, a keycap, the Hangul fillers U+3164 and U+FFA0.
NAMES = ["Thumbs 👍🏽 up", "Heart ❤️ red", "Family 👨‍👩‍👧 home", "Keycap 1️⃣ one", "Filler x\u3164y z\uffa0w"]
WIDTH, HEIGHT = 100, 24


def test_emoji_sequences_and_fillers_keep_the_pane_borders_in_line(tmux_required: None, tmp_path: Path) -> None:
    subjects = [{"id": f"s{i}", "name": name, "summary": f"About {name}."} for i, name in enumerate(NAMES)]
    catalog = make_catalog(tmp_path, {"subjects": subjects})
    tmux = Tmux([*_program(), "--catalog", str(catalog)], width=WIDTH, height=HEIGHT)
    try:
        tmux.wait_for(lambda s: "Sections" in s)
        tmux.keys("2")  # the subjects: their names in the list, the first one's in the detail
        screen = tmux.wait_for(lambda s: "Filler" in s and "About Thumbs" in s)
        rows = screen.splitlines()[2:-2]  # between the panes' top and bottom borders
        # a row drawn wider than measured loses a border off its end, one drawn narrower shows an
        # old border again: every row holds the six borders of the three panes
        assert [row.count("│") for row in rows] == [6] * len(rows), screen
    finally:
        tmux.kill()


def test_the_same_rule_for_the_cli_and_json() -> None:
    shown = [visible(name) for name in NAMES]
    assert shown == [
        "Thumbs 👍\\U0001f3fd up", "Heart ❤\\ufe0f red", "Family 👨\\u200d👩\\u200d👧 home",
        "Keycap 1\\ufe0f\\u20e3 one", "Filler x\\u3164y z\\uffa0w",
    ]
    assert json.loads(json_text(NAMES)) == NAMES and json_text(NAMES).isascii() is False  # emoji stay raw
    assert "\\ud83c\\udffd" in json_text(NAMES)  # the modifier as JSON's surrogate pair

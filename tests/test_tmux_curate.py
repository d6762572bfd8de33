"""The whole curating flow typed in a real terminal (tmux, a private socket): open a source, select
a sentence, cite it to an entry, see it written, undo it, and the file is byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_catalog
from tests.test_tmux import Tmux, _program, tmux_required  # noqa: F401  (a fixture, used by name)
from tui.catalog import load_catalog

TEXT = (
    "Raid at Dawn\n\nJudy Smith met the officers in Charlotte. She said \u201cno\u201d.\n\n"
    "Later, the officers left.\n"
)


@pytest.mark.usefixtures("tmux_required")
def test_select_cite_and_undo_in_a_real_terminal(tmp_path: Path) -> None:
    entries = {
        "subjects": [{"id": "judy", "name": "Judy Smith", "summary": "Met the officers.",
                      "passages": [{"source": "src", "quote": "She said \u201cno\u201d."}]}],
    }
    path = make_catalog(tmp_path, entries, TEXT)
    original = path.read_bytes()
    tmux = Tmux([*_program(), "open", "src:5", "--catalog", str(path)])
    try:
        tmux.wait_for(lambda s: "Later, the officers left." in s and "line 5" in s)
        tmux.keys("v")
        tmux.wait_for(lambda s: "selected: 1 word" in s)
        tmux.keys(")")
        tmux.wait_for(lambda s: "selected: 4 words, 25 characters" in s)
        tmux.keys("c")
        tmux.wait_for(lambda s: "Cite to" in s and "New entry" in s)
        tmux.keys("judy", "Enter")
        tmux.wait_for(lambda s: "Cite to Judy Smith" in s and "catalog.yaml:" in s and "Later, the officers left." in s)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Written" in s and "catalog.yaml:" in s)
        assert path.read_bytes() != original
        assert [a.text for a in load_catalog(path).anchors_of("judy")][-1] == "Later, the officers left."
        tmux.keys("u")
        tmux.wait_for(lambda s: "Undo:" in s and "Takes out" in s)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Undone" in s)
        assert path.read_bytes() == original
        tmux.keys("q")
        tmux.wait_for(lambda s: "PROCESS-EXITED-0" in s)
    finally:
        tmux.kill()

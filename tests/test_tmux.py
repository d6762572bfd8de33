"""The real program in a real terminal (tmux): start, fuzzy-jump to Bernardo, see a passage, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "catalog.yaml"


def _program() -> list[str]:
    script = shutil.which("imnation") or shutil.which("imnation", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "tui"]


class Tmux:
    """One detached tmux session on a private server socket."""

    def __init__(self, command: list[str], width: int = 120, height: int = 40) -> None:
        self.socket = f"imnation-test-{uuid.uuid4().hex[:8]}"
        self.session = "app"
        # COLUMNS / LINES (set while pytest runs) would override the terminal's real size.
        shell = "env -u COLUMNS -u LINES " + " ".join(shlex.quote(part) for part in command)
        shell += "; echo PROCESS-EXITED-$?; sleep 30"
        self.run("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), "-c", str(REPO), shell)

    def run(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return result.stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the screen shows:\n{screen}")
            time.sleep(0.1)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)  # may be gone


def detail_pane(screen: str) -> str:
    """The text of the right-most pane (between the last two vertical borders), one paragraph."""
    parts = []
    for line in screen.splitlines():
        cells = line.split("│")
        if len(cells) >= 3:
            parts.append(cells[-2])
    return " ".join(" ".join(parts).split())


@pytest.fixture
def tmux_required() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required in CI")
        pytest.skip("tmux is not installed")


def test_jump_to_bernardo_and_quit_in_a_real_terminal(tmux_required: None) -> None:
    catalog = load_catalog(CATALOG)
    passages = [" ".join(a.text.split())[:40] for a in catalog.anchors_of("bernardo")]
    tmux = Tmux([*_program(), "--catalog", str(CATALOG)])
    try:
        tmux.wait_for(lambda s: "Sections" in s and "Episodes" in s)
        tmux.keys("/")
        tmux.wait_for(lambda s: "Jump to" in s)
        tmux.keys("bernado")
        tmux.wait_for(lambda s: "Bernardo" in s and "results" in s)
        tmux.keys("Enter")
        # Bernardo's entry, with (at least) one of his passages in view.
        screen = tmux.wait_for(
            lambda s: "Jump to" not in s and any(passage in detail_pane(s) for passage in passages)
        )
        assert "Bernardo" in detail_pane(screen) and "bernardo" in detail_pane(screen)
        tmux.keys("q")
        tmux.wait_for(lambda s: "PROCESS-EXITED-0" in s)
    finally:
        tmux.kill()

"""What Pilot tests of the running app ask of it: notifications, the problems panel, the screen's
text (with nothing raw on it), waiting."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot

from tests.hostile import RAW_CONTROL
from tui.app.widgets.problems_panel import ProblemsPanel


def notifications(app: App) -> list[str]:
    """The messages of the toasts shown so far."""
    return [n.message for n in app._notifications]


def panel_text(app: App) -> str:
    """The text of the current screen's problems panel, or "" when it is hidden."""
    panels = [p for p in app.screen.query(ProblemsPanel) if p.has_class("-visible")]
    return panels[0].text if panels else ""


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (the watcher debounces, the loader runs in a
    thread); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)


def palette_results(app: App) -> int:
    """How many results the open command palette lists (0 while it is still searching)."""
    lists = app.screen.query(CommandList)
    return lists.first().option_count if lists else 0


def view_ready(app: App) -> bool:
    """The current view has its content (the coverage view computes it in a thread)."""
    return getattr(app.screen, "coverage", True) is not None


def screen_text(app: App) -> str:
    """Every character the terminal would be sent for the current screen, toasts included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_nothing_raw(app: App) -> str:
    """The current screen's text, after checking it holds no raw control character and the app
    is still running."""
    text = screen_text(app)
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))
    assert app.return_code is None and app.is_running
    return text

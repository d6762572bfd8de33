"""The Textual UI. `run_app` is what `imnation` (tui.cli) calls; importing this imports textual."""

from tui.app.app import ImnationApp, run_app

__all__ = ["ImnationApp", "run_app"]

"""The overview screens opened by a key from anywhere: one `View` per screen.

Adding a view is one entry here and a module under `tui/app/screens/` with a `CatalogScreen`
subclass taking the catalog (see docs/architecture.md). Modules are imported on first use, which
keeps their imports (coverage analysis, tree widgets) out of start-up.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app.screens.base import CatalogScreen


@dataclass(frozen=True, slots=True)
class View:
    name: str  # in history places and the palette
    key: str  # the key that opens it, from anywhere
    title: str  # in the footer, help and the palette
    description: str  # in the palette
    module: str
    class_name: str
    in_footer: bool = False

    def screen_class(self) -> type[CatalogScreen]:
        screen: type[CatalogScreen] = getattr(importlib.import_module(self.module), self.class_name)
        return screen


VIEWS: tuple[View, ...] = (
    View("matrix", "m", "Matrix", "Who appears in which episode", "tui.app.screens.matrix", "MatrixScreen", True),
    View(
        "locations", "L", "Locations", "Places grouped by region", "tui.app.screens.locations", "LocationsScreen"
    ),
    View(
        "coverage", "C", "Coverage", "What the sources say that the catalog does not cite yet",
        "tui.app.screens.coverage", "CoverageScreen",
    ),
    View("timeline", "t", "Timeline", "Dated events in order", "tui.app.screens.timeline", "TimelineScreen", True),
    View(
        "compare", "d", "Compare", "A discrepancy's claims side by side", "tui.app.screens.compare", "CompareScreen"
    ),
)
VIEW_NAMED: dict[str, View] = {view.name: view for view in VIEWS}

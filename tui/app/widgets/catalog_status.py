"""The one-line header: which catalog is open, how big it is, whether it has problems.

It fits whatever the width: the counts shorten first, then the path is cut from the left (its end,
the file's name, is what tells catalogs apart), and the problem count always shows.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from tui.app.literal import literal_line
from tui.catalog import Catalog
from tui.catalog.loader import is_packaged


def shown_path(path: Path) -> str:
    """The catalog as the header names it: `catalog.yaml` for the one in the current folder, the
    packaged copy as such, any other path as given (the home folder as `~`)."""
    try:
        if path.resolve() == (Path.cwd() / "catalog.yaml").resolve():
            return "catalog.yaml"
    except OSError:
        pass
    if is_packaged(path):
        return "packaged catalog (read-only)"
    text, home = str(path), str(Path.home())
    if os.path.isabs(text) and home not in ("", "/") and text.startswith(home + os.sep):
        text = "~" + text[len(home) :]
    return text


class CatalogStatus(Static):
    DEFAULT_CSS = """
    CatalogStatus {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, catalog: Catalog | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.catalog = catalog

    def show(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Content:
        catalog = self.catalog
        if catalog is None:
            return Content("")
        width = self.content_region.width or 80
        counts = catalog.counts()
        passages = sum(1 for _ in catalog.iter_anchors())
        sizes = [
            f"{len(catalog)} entries · {counts['episode']} episodes · {counts['subject']} subjects · "
            f"{len(catalog.sources)} sources · {passages} passages",
            f"{len(catalog)} entries · {passages} passages",
            f"{len(catalog)} entries",
            "",
        ]
        problems = Content("")
        if catalog.problems:
            count = len(catalog.problems)
            problems = Content.styled(f"  ⚠ {count} problem{'s' if count > 1 else ''}", "bold $text-warning")
        name = Content.styled("imnation", "bold $text-accent")
        path = shown_path(catalog.path)
        room = 0
        for size in sizes:
            room = width - len(name) - 2 - len(problems) - (len(size) + 2 if size else 0)
            if room >= min(len(path), 16) or not size:
                break
        shown = path if len(path) <= room else "…" + path[len(path) - max(room - 1, 0) :]
        parts = [name, Content("  "), literal_line(shown, "bold")]
        if size:
            parts.append(Content.styled("  " + size, "dim"))
        return Content.assemble(*parts, problems)

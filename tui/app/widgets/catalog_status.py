"""The one-line header: which catalog is open, how big it is, whether it has problems."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.app.literal import literal_line
from tui.catalog import Catalog


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
        if catalog is not None:
            self.show(catalog)

    def show(self, catalog: Catalog) -> None:
        counts = catalog.counts()
        parts: list[Content | tuple[str, str] | str] = [
            ("imnation", "bold $text-accent"),
            "  ",
            literal_line(catalog.path.name, "bold"),
            ("  ", ""),
            (f"{len(catalog)} entries · {counts['episode']} episodes · {counts['subject']} subjects · "
             f"{len(catalog.sources)} sources · {sum(1 for _ in catalog.iter_anchors())} passages", "dim"),
        ]
        if catalog.problems:
            count = len(catalog.problems)
            parts += ["  ", (f"⚠ {count} problem{'s' if count > 1 else ''}", "bold $text-warning")]
        self.update(Content.assemble(*parts))

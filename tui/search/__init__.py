"""Search over the catalog: typo-tolerant, prefix-aware, field-ranked. Never imports textual."""

from tui.search.index import Hit, SearchIndex

__all__ = ["Hit", "SearchIndex"]

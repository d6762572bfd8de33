"""Search over the catalog: typo-tolerant, prefix-aware, field-ranked. Never imports textual."""

from tui.search.index import Hit, SearchIndex
from tui.search.records import Superseded

__all__ = ["Hit", "SearchIndex", "Superseded"]

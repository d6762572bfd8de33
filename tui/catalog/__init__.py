"""The catalog model: schema, loading, passage anchoring. Knows nothing of the UI."""

from tui.catalog.loader import load_catalog, resolve_catalog_path
from tui.catalog.model import Anchor, Catalog, Link
from tui.catalog.problems import CatalogError, Problem

__all__ = [
    "Anchor",
    "Catalog",
    "CatalogError",
    "Link",
    "Problem",
    "load_catalog",
    "resolve_catalog_path",
]

"""imnation: a terminal browser for a source-linked catalog of *Immigration Nation* (2020)."""

__version__ = "0.1.0"

"""Reusable widgets of the imnation app; each carries its own DEFAULT_CSS."""

"""Shared fixtures and hooks only; helpers that tests import live in tests/helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SHIPPED_CATALOG


@pytest.fixture
def shipped_catalog() -> Path:
    """The repository's own catalog.yaml (the one users browse)."""
    assert SHIPPED_CATALOG.is_file(), "catalog.yaml is missing from the repository"
    return SHIPPED_CATALOG


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`, e.g. Textual Pilot tests) run on asyncio only."""
    return "asyncio"

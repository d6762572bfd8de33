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


@pytest.fixture(autouse=True)
def private_config_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test remembers (theme, last place) in a folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps what its loads computed (see `tui.catalog.cache`) in a folder of its own."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IMNATION_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`, e.g. Textual Pilot tests) run on asyncio only."""
    return "asyncio"

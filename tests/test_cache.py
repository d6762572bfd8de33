"""The load cache (`tui.catalog.cache`): a second load of the same bytes reads and locates nothing
again, anything changed is computed afresh, and a cache file is never trusted beyond plain data."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from tests.helpers import JUDY_CATALOG, SHIPPED_CATALOG, SOURCE_TEXT, write_catalog
from tui.catalog import load_catalog, loader
from tui.catalog.anchor import SourceText
from tui.catalog.cache import CACHE_ENV, cache_folder
from tui.catalog.model import Catalog, PassageState


def same_catalog(one: Catalog, other: Catalog) -> bool:
    fields = ("entries", "kinds", "anchors", "links", "positions", "problems", "health", "drift_reasons")
    return all(getattr(one, name) == getattr(other, name) for name in fields)


def nothing_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading YAML or locating a quote fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(loader, "read_yaml", refuse)
    monkeypatch.setattr(SourceText, "_locate", refuse)


def test_a_second_load_of_the_same_bytes_reads_and_locates_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_catalog(SHIPPED_CATALOG)
    nothing_computed(monkeypatch)
    assert same_catalog(load_catalog(SHIPPED_CATALOG), first)


def test_changed_catalog_bytes_are_read_again_and_unchanged_sources_not_located_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalog(tmp_path, JUDY_CATALOG)
    load_catalog(path)
    path.write_text(JUDY_CATALOG.replace("Met the officers.", "Met them."), encoding="utf-8")
    monkeypatch.setattr(SourceText, "_locate", lambda *args: pytest.fail("located again"))
    assert load_catalog(path).entries["judy"].summary == "Met them."


def test_a_changed_source_is_located_again(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, JUDY_CATALOG)
    assert ("judy", 0) not in load_catalog(path).health  # exact
    (tmp_path / "seeds" / "a.txt").write_text(SOURCE_TEXT.replace("Charlotte", "Raleigh"), encoding="utf-8")
    assert load_catalog(path).health["judy", 0].state == PassageState.DRIFTED


class _RunsCode:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch ran-code",))


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps({"version": "other"}), pickle.dumps(_RunsCode())],
    ids=["empty", "garbage", "another version", "code"],
)
def test_a_foreign_or_tampered_cache_file_is_ignored_and_replaced(
    tmp_path: Path, private_cache_folder: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.chdir(tmp_path)
    expected = load_catalog(SHIPPED_CATALOG)
    (cached,) = private_cache_folder.iterdir()
    cached.write_bytes(content)
    assert same_catalog(load_catalog(SHIPPED_CATALOG), expected)
    assert not (tmp_path / "ran-code").exists()
    nothing_computed(monkeypatch)  # the file was written again, and is read
    assert same_catalog(load_catalog(SHIPPED_CATALOG), expected)


def test_an_empty_cache_setting_keeps_no_cache(
    tmp_path: Path, private_cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder() is None
    load_catalog(SHIPPED_CATALOG)
    assert list(tmp_path.iterdir()) == [] and list(private_cache_folder.iterdir()) == []


def test_the_cache_folder_follows_xdg(tmp_path: Path) -> None:
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "imnation"
    assert cache_folder({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "imnation"


def test_an_unusable_cache_folder_is_no_reason_to_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    first = load_catalog(SHIPPED_CATALOG)
    assert same_catalog(load_catalog(SHIPPED_CATALOG), first)

"""A big catalog: its load shows progress before the browser, and a reload re-uses the anchoring
of every source file that did not change."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import ProgressBar

from tests.helpers import make_catalog
from tests.pilot import screen_text, until
from tui.app import ImnationApp
from tui.app import app as app_module
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.loading import LoadingScreen
from tui.catalog import Catalog, coverage, load_catalog

pytestmark = pytest.mark.anyio
TEXT = "Judy Smith met the officers in Charlotte.\n\nShe said she was not going anywhere.\n"
SUBJECT = {"id": "judy", "name": "Judy Smith", "summary": "A subject.",
           "passages": [{"source": "src", "quote": "She said she was not going anywhere."}]}


async def test_a_big_catalog_shows_its_loading_progress_then_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_catalog(tmp_path, {"subjects": [SUBJECT]}, TEXT)
    monkeypatch.setattr(app_module, "LOAD_BEHIND_PROGRESS_BYTES", 0)  # this small one counts as big
    release = threading.Event()

    def held_load(catalog_path: Path, **options: Any) -> Catalog:
        release.wait(10)  # the load takes as long as the test wants
        return load_catalog(catalog_path, **options)

    monkeypatch.setattr(app_module, "load_catalog", held_load)
    app = ImnationApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoadingScreen))
        assert "Loading catalog.yaml" in screen_text(app)
        assert app.screen.query(ProgressBar)
        await pilot.press("slash")  # nothing to search yet: the key does nothing
        assert isinstance(app.screen, LoadingScreen)
        release.set()
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        assert app.catalog is not None and "judy" in app.catalog
        await until(pilot, lambda: "Sections" in screen_text(app))  # the browser is painted
        assert LoadingScreen not in {type(s) for s in app.screen_stack}


def test_the_loader_reports_each_phase_and_the_anchoring_count(tmp_path: Path) -> None:
    two = {**SUBJECT, "passages": [*SUBJECT["passages"], {"source": "src", "quote": "Judy Smith"}]}
    path = make_catalog(tmp_path, {"subjects": [two]}, TEXT)
    reported: list[tuple[str, int, int]] = []
    load_catalog(path, progress=lambda phase, done, total: reported.append((phase, done, total)))
    assert list(dict.fromkeys(phase for phase, _, _ in reported)) == ["reading", "checking", "anchoring"]
    assert reported[-2:] == [("anchoring", 0, 2), ("anchoring", 2, 2)]  # passages, as each source is done


def test_a_reload_reuses_the_anchoring_of_unchanged_sources_only(tmp_path: Path) -> None:
    path = make_catalog(tmp_path, {"subjects": [SUBJECT]}, {"src": TEXT, "other": "Nothing cited here.\n"})
    first = load_catalog(path)
    again = load_catalog(path, reuse=first)
    assert again.texts["src"] is first.texts["src"]  # the same text: located once
    assert again.anchors["judy"] == first.anchors["judy"]
    # A changed source is folded and searched afresh: the quote moved, and so does its anchor.
    (tmp_path / "seeds" / "src.txt").write_text("New first paragraph.\n\n" + TEXT, encoding="utf-8")
    changed = load_catalog(path, reuse=again)
    assert changed.texts["src"] is not first.texts["src"]
    assert changed.texts["other"] is first.texts["other"]
    (anchor,) = changed.anchors["judy"]
    assert anchor is not None and changed.texts["src"].text[anchor.start:anchor.end] == SUBJECT["passages"][0]["quote"]
    assert anchor.start == first.anchors["judy"][0].start + len("New first paragraph.\n\n")  # type: ignore[union-attr]
    # Drift is found again too: a quote that no longer occurs is reported, not remembered as found.
    (tmp_path / "seeds" / "src.txt").write_text("Judy Smith met the officers in Charlotte.\n", encoding="utf-8")
    assert load_catalog(path, reuse=changed).anchors["judy"] == (None,)


def test_unlinked_mentions_looked_up_by_first_word_are_those_a_full_scan_finds(shipped_catalog: Path) -> None:
    catalog = load_catalog(shipped_catalog)
    vocabulary = coverage._lower_case_words(catalog)
    scanned = sorted(
        (m for entry_id, kind in catalog.kinds.items() if kind != "source"
         for m in coverage.mentions_of(catalog, entry_id, vocabulary)),
        key=lambda m: (m.source_id, m.start, m.entry_id),
    )
    assert scanned  # the shipped catalog has some: the comparison means something
    assert coverage.unlinked_mentions(catalog) == scanned

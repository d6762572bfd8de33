"""A big catalog: its load shows progress before the browser, and a reload re-uses the anchoring
of every source file that did not change."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import ProgressBar

from tests.helpers import SHIPPED_CATALOG, make_catalog
from tests.pilot import screen_text, until
from tui.app import ImnationApp
from tui.app import app as app_module
from tui.app import reload as reload_module
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.loading import LoadingScreen
from tui.catalog import Catalog, CatalogError, coverage, load_catalog
from tui.catalog.loader import load_catalog_bytes

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


# -- a reload does again only what a save changed, and answers what a whole load answers ----------

SHIPPED_TEXT = SHIPPED_CATALOG.read_text(encoding="utf-8")
SHIPPED = load_catalog_bytes(SHIPPED_CATALOG, SHIPPED_TEXT.encode())
# What an edit inserts: words (a summary or a quote changed), ids (a link changed, or an id broken),
# and the characters that change a YAML structure.
_INSERTED = st.sampled_from(["a", " the", "judy", "bernardo", "episode-4", "- judy", "\n", "\n    ", ":", "#",
                             '"', "[", "-", "\n  - id: x\n    name: y\n    summary: z\n"])


def what_a_load_answers(text: str, reuse: Catalog | None = None) -> tuple[Catalog | None, object]:
    """The catalog built (or None) and everything it says, or the problems that stopped it."""
    try:
        catalog = load_catalog_bytes(SHIPPED_CATALOG, text.encode(), reuse=reuse)
    except CatalogError as exc:
        return None, exc.problems
    said = (catalog.entries, catalog.kinds, catalog.anchors, catalog.links, catalog.positions, catalog.problems,
            catalog.drift_reasons, catalog.health, catalog.validated, {i: t.text for i, t in catalog.texts.items()})
    return catalog, said


@settings(max_examples=int(os.environ.get("RELOAD_EXAMPLES", "60")), deadline=None)
@given(st.data())
def test_a_reload_after_edits_answers_what_a_whole_load_answers(data: st.DataObject) -> None:
    """Two saves in a row, each an edit anywhere in an entry: the reload that starts from the
    catalog before (reading, validating and anchoring only the changed entries, keeping links
    that did not change) says exactly what loading the new text from nothing says, or refuses it
    with the same problems."""
    previous, text = SHIPPED, SHIPPED_TEXT
    for _ in range(2):
        assert previous.reading is not None
        entries = [span for path, span in previous.reading.spans.items() if len(path) == 2]
        span = data.draw(st.sampled_from(entries))
        start = data.draw(st.integers(span.start, span.end))
        length = data.draw(st.integers(0, 12))
        text = text[:start] + "".join(data.draw(st.lists(_INSERTED, max_size=3))) + text[start + length:]
        quick, said_quickly = what_a_load_answers(text, reuse=previous)
        assert said_quickly == what_a_load_answers(text)[1]
        if quick is None:
            return
        previous = quick


def test_a_reload_after_a_changed_summary_keeps_everything_else() -> None:
    text = SHIPPED_TEXT.replace('name: "Bernardo"', 'name: "Bernardo Renamed"', 1)
    again = load_catalog_bytes(SHIPPED_CATALOG, text.encode(), reuse=SHIPPED)
    assert again.entries["bernardo"].name == "Bernardo Renamed"
    assert again.entries["bernardo"] is not SHIPPED.entries["bernardo"]
    assert all(entry is SHIPPED.entries[i] for i, entry in again.entries.items() if i != "bernardo")
    assert all(again.anchors[i] is SHIPPED.anchors[i] for i in again.entries if i != "bernardo")
    assert again.links == SHIPPED.links and again.links["judy"] is SHIPPED.links["judy"]
    assert again.anchors["bernardo"] == SHIPPED.anchors["bernardo"]  # located again, where it was


async def test_an_index_build_gives_up_while_a_reload_is_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built alongside a reload, the index of the catalog being replaced would only slow the reload
    down: the build gives up, and the catalog the reload leaves is indexed after it (here the same
    catalog, as the reload fails)."""
    path = make_catalog(tmp_path, {"subjects": [SUBJECT]}, TEXT)
    release = threading.Event()

    def held_load(catalog_path: Path, **options: Any) -> Catalog:
        release.wait(10)
        raise CatalogError([])

    app = ImnationApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.search_index is not None)
        first = app.search_index
        monkeypatch.setattr(reload_module, "load_catalog", held_load)
        reloading = asyncio.create_task(app.live_reload.reload())
        await until(pilot, lambda: app.live_reload.reloading)
        app._indexed = None  # as if the index of the catalog shown were still to be built
        worker = app._build_search_index(app.catalog)
        await worker.wait()
        assert app.search_index is first  # given up: nothing new
        release.set()
        await reloading
        await until(pilot, lambda: app.search_index is not first)  # built once the reload failed
        assert app._indexed is app.catalog

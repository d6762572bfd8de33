"""Curating from the app: the reader's selection keys, the entry picker, a new entry, the preview,
cancel (the file byte-identical), confirm (the file exactly the plan's `after`), undo (the bytes
restored), undo refused after an outside change, and the detail pane's alias and note."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.helpers import JUDY_CATALOG, write_catalog
from tests.pilot import assert_nothing_raw, notifications, screen_text, until
from tui.app.app import ImnationApp
from tui.app.screens.curate import (
    ConfirmScreen,
    EntryPickerScreen,
    NewEntryScreen,
    PreviewScreen,
    RepairScreen,
    TextInputScreen,
)
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.entry_detail import EntryDetail, ExcerptOption, HealthOption
from tui.app.widgets.source_document import SourceDocument

pytestmark = pytest.mark.anyio

SIZE = (120, 40)
CATALOG = JUDY_CATALOG
FIRST_SENTENCE = "Judy Smith met the officers in Charlotte."
LATER = "Later, Judy Smith met the officers again."


def catalog_file(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, CATALOG)


def selected(app: ImnationApp) -> str:
    document = app.screen.query_one(SourceDocument)
    assert document.selection is not None
    return document.text[document.selection.start : document.selection.end]


async def open_reader(pilot: Pilot, line: int) -> SourceDocument:
    """The reader on `src`, the cursor on its `line`-th non-blank line (0: the headline)."""
    app = pilot.app
    assert isinstance(app, ImnationApp)
    app.open_source("src")
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.query(SourceDocument)))
    document = app.screen.query_one(SourceDocument)
    await until(pilot, lambda: document.option_count > 0)
    for _ in range(line):
        await pilot.press("j")
    await pilot.pause()
    return document


async def pick(pilot: Pilot, query: str) -> None:
    """`c`, then type `query` in the picker and wait for its first entry row."""
    await pilot.press("c")
    await until(pilot, lambda: isinstance(pilot.app.screen, EntryPickerScreen))
    await pilot.press(*query)
    await until(pilot, lambda: pilot.app.screen.query_one("#pick-results").option_count > 1)


async def preview(pilot: Pilot) -> PreviewScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen))
    screen = pilot.app.screen
    assert isinstance(screen, PreviewScreen)
    return screen


async def test_selection_keys_grow_and_shrink_by_word_sentence_and_line(tmp_path: Path) -> None:
    app = ImnationApp(catalog_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        document = await open_reader(pilot, 1)
        assert document.selection is None and document.highlighted == 1  # j moves the cursor until v
        await pilot.press("v")
        assert selected(app) == "Judy"
        await pilot.press("w", "w")
        assert selected(app) == "Judy Smith met"
        assert "selected: 3 words, 14 characters" in screen_text(app)
        await pilot.press("right_parenthesis")
        assert selected(app) == FIRST_SENTENCE
        await pilot.press("right_parenthesis")
        assert selected(app).endswith("— twice.")
        await pilot.press("left_parenthesis", "b")
        assert selected(app) == FIRST_SENTENCE.rstrip(".")
        await pilot.press("j")  # to the end of the next line
        assert selected(app).endswith(LATER.rstrip("."))
        assert document.highlighted == 2  # the cursor follows the selection's end
        await pilot.press("k")
        assert selected(app).endswith("twice")
        await pilot.press("W", "W")
        assert selected(app).startswith("met the officers")
        await pilot.press("B")
        assert selected(app).startswith("Smith met")
        await pilot.press("escape")  # cancels the selection, stays in the reader
        assert document.selection is None and isinstance(app.screen, ReaderScreen)
        assert "selected:" not in screen_text(app)
        await pilot.press("escape")  # then goes back
        assert not isinstance(app.screen, ReaderScreen)


async def test_a_mouse_drag_selects_the_words_it_passes_over(tmp_path: Path) -> None:
    app = ImnationApp(catalog_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        document = await open_reader(pilot, 0)
        left = document.styles.padding.left + document.get_component_styles("option-list--option").padding.left
        row = 2  # the headline and the blank line after it, then "Judy Smith met…"
        await pilot.mouse_down(SourceDocument, offset=(left + 1, row))
        await pilot.hover(SourceDocument, offset=(left + 12, row))
        await pilot.mouse_up(SourceDocument, offset=(left + 12, row))
        await pilot.pause()
        assert selected(app) == "Judy Smith met"
        assert isinstance(app.screen, ReaderScreen) and app.screen.focused is document  # not a click on the line
        await pilot.press("w")  # the keys go on from a dragged selection
        assert selected(app) == "Judy Smith met the"


async def test_v_on_a_mark_selects_that_passage_and_c_can_replace_it(tmp_path: Path) -> None:
    path = catalog_file(tmp_path)
    app = ImnationApp(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(pilot, 0)
        await pilot.press("n", "v")  # the mark, then exactly it
        assert selected(app) == FIRST_SENTENCE
        await pilot.press("right_parenthesis")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, EntryPickerScreen))
        await until(pilot, lambda: app.screen.query_one("#pick-results").option_count >= 2)
        assert "Replace the passage of Judy Smith" in screen_text(app)
        await pilot.press("enter")  # the first row: replace
        shown = await preview(pilot)
        plan = shown.plan
        assert plan is not None and "twice" in plan.inserted
        await pilot.press("enter")
        await until(pilot, lambda: path.read_bytes() == plan.after)
        await until(pilot, lambda: app.catalog is not None and "twice" in app.catalog.anchors_of("judy")[0].text)
        assert len(app.catalog.anchors_of("judy")) == 1  # replaced, not added


async def test_cite_cancel_at_each_step_writes_nothing_then_confirm_writes_the_plan_and_u_undoes_it(
    tmp_path: Path,
) -> None:
    path = catalog_file(tmp_path)
    original = path.read_bytes()
    app = ImnationApp(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(pilot, 2)
        await pilot.press("c")  # nothing selected: says how, opens nothing
        assert not isinstance(app.screen, EntryPickerScreen)
        await pilot.press("v", "right_parenthesis")
        assert selected(app) == LATER
        await pick(pilot, "judy")
        await pilot.press("escape")  # cancel in the picker
        assert isinstance(app.screen, ReaderScreen) and app.screen.query_one(SourceDocument).selection is not None
        await pick(pilot, "judy")
        await pilot.press("enter")
        shown = await preview(pilot)
        assert shown.plan is not None
        assert shown.plan.inserted.splitlines()[0].strip() in assert_nothing_raw(app)
        await pilot.press("escape")  # cancel in the preview
        assert path.read_bytes() == original
        await pick(pilot, "judy")
        await pilot.press("enter")
        shown = await preview(pilot)
        await pilot.press(*"said twice")  # a note: the plan is made again with it
        await until(pilot, lambda: shown.plan is not None and "said twice" in shown.plan.inserted)
        plan = shown.plan
        assert plan is not None and "said twice" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: path.read_bytes() == plan.after)
        await until(pilot, lambda: app.catalog is not None and len(app.catalog.anchors_of("judy")) == 2)
        await until(pilot, lambda: any(f"catalog.yaml:{plan.line}" in n for n in notifications(app)))
        passage = app.catalog.anchors_of("judy")[1]
        assert passage.text == LATER and passage.passage.note == "said twice"
        # u, from the reader: a confirmation shows what goes, enter restores the bytes
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert plan.inserted.splitlines()[0].strip() in screen_text(app)
        await pilot.press("escape")
        assert path.read_bytes() == plan.after
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await until(pilot, lambda: path.read_bytes() == original)
        await until(pilot, lambda: len(app.catalog.anchors_of("judy")) == 1)
        await pilot.press("u")  # nothing left
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("Nothing to undo" in n for n in notifications(app))


async def test_new_entry_from_the_picker_and_undo_in_turn(tmp_path: Path) -> None:
    path = catalog_file(tmp_path)
    original = path.read_bytes()
    app = ImnationApp(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(pilot, 1)
        await pilot.press("v", "w")
        await pick(pilot, "")  # nothing typed: "New entry…" first, then the entries citing this source
        assert "New entry" in screen_text(app) and "Judy Smith" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NewEntryScreen))
        await pilot.press(*"Judy Smíth Jr")
        assert "judy-smith-jr" in screen_text(app)  # the id, derived as it is typed
        await pilot.press("enter")
        entry_preview = await preview(pilot)
        assert entry_preview.plan is not None and "judy-smith-jr" in entry_preview.plan.inserted
        await pilot.press("enter")  # the entry is written; the passage is previewed next
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen) and app.screen is not entry_preview)
        await pilot.press("escape")  # cancel the passage: the entry is taken back out
        await until(pilot, lambda: path.read_bytes() == original)
        await until(pilot, lambda: app.catalog is not None and "judy-smith-jr" not in app.catalog.entries)
        assert not app.curation.changes

        await pick(pilot, "")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NewEntryScreen))
        await pilot.press(*"Rosa")
        await pilot.press("enter")
        await preview(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen) and "rosa" in app.screen.title_text.lower())
        await pilot.press("enter")
        await until(pilot, lambda: app.catalog is not None and len(app.catalog.anchors_of("rosa")) == 1)
        after_rosa = path.read_bytes()
        await open_reader(pilot, 2)
        await pilot.press("v", "right_parenthesis")
        await pick(pilot, "rosa")
        await pilot.press("enter")
        await preview(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: len(app.catalog.anchors_of("rosa")) == 2)
        for expected in (after_rosa, original):  # each undo takes back one confirmed action
            await pilot.press("u")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("enter")
            await until(pilot, lambda e=expected: path.read_bytes() == e)
        await until(pilot, lambda: "rosa" not in app.catalog.entries)


async def test_undo_is_refused_when_the_file_changed_on_disk_since_the_write(tmp_path: Path) -> None:
    path = catalog_file(tmp_path)
    app = ImnationApp(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(pilot, 2)
        await pilot.press("v", "right_parenthesis")
        await pick(pilot, "judy")
        await pilot.press("enter")
        await preview(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: app.catalog is not None and len(app.catalog.anchors_of("judy")) == 2)
        edited = path.read_bytes() + b"# saved in an editor meanwhile\n"
        path.write_bytes(edited)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await until(pilot, lambda: any("Not undone" in n for n in notifications(app)))
        assert path.read_bytes() == edited
        assert app.curation.changes  # still there: it can be undone once the file is put back


async def test_detail_pane_adds_an_alias_and_sets_a_note(tmp_path: Path) -> None:
    path = catalog_file(tmp_path)
    original = path.read_bytes()
    app = ImnationApp(path, open_id="judy")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.browser is not None and app.browser.query_one(EntryDetail).entry_id == "judy")
        detail = app.screen.query_one(EntryDetail)
        detail.focus()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextInputScreen))
        await pilot.press("escape")  # cancel: nothing written
        assert path.read_bytes() == original
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextInputScreen))
        await pilot.press(*"Judith", "enter")
        shown = await preview(pilot)
        assert shown.plan is not None and "Judith" in shown.plan.inserted
        await pilot.press("enter")
        await until(pilot, lambda: app.catalog is not None and list(app.catalog.entries["judy"].aliases) == ["Judith"])
        detail = app.screen.query_one(EntryDetail)
        detail.focus()
        passage = next(i for i, o in enumerate(detail.options) if isinstance(o, ExcerptOption))
        detail.highlighted = passage
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, TextInputScreen))
        await pilot.press(*"first meeting", "enter")
        await preview(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: app.catalog.anchors_of("judy")[0].passage.note == "first meeting")
        for _ in range(2):
            await pilot.press("u")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await until(pilot, lambda: path.read_bytes() == original)



async def test_drifted_and_ambiguous_passages_are_marked_and_r_repairs_only_on_accept(tmp_path: Path) -> None:
    drifted = CATALOG.replace("met the officers in Charlotte.", "met the officer in Charlotte.") + """\
      - source: src
        quote: Judy Smith met the officers
"""
    path = write_catalog(tmp_path, drifted)
    original = path.read_bytes()
    app = ImnationApp(path, open_id="judy")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.browser is not None and app.browser.query_one(EntryDetail).entry_id == "judy")
        text = screen_text(app)
        assert "✗ drifted" in text and "? ambiguous" in text
        detail = app.screen.query_one(EntryDetail)
        detail.focus()
        rows = [i for i, o in enumerate(detail.options) if isinstance(o, HealthOption)]
        drifted_row = next(i for i in rows if "drifted" in detail.options[i].prompt.plain)  # type: ignore[union-attr]
        detail.highlighted = drifted_row
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, RepairScreen))
        shown = screen_text(app)
        assert "Quote in the catalog" in shown and "Closest match" in shown
        await pilot.press("k")  # keep it drifted: nothing written
        assert not isinstance(app.screen, RepairScreen) and path.read_bytes() == original
        detail.highlighted = drifted_row
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, RepairScreen))
        await pilot.press("a")
        plan = (await preview(pilot)).plan
        assert plan is not None and "officers in Charlotte" in plan.inserted
        await pilot.press("enter")
        await until(pilot, lambda: path.read_bytes() == plan.after)
        await until(pilot, lambda: app.catalog is not None and app.catalog.anchors["judy"][0] is not None)


async def test_names_in_the_dialogs_are_literal_text(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, CATALOG.replace("name: Judy Smith", "name: 'Judy [b]Smith[/b] [@click=app.quit]'"))
    app = ImnationApp(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(pilot, 2)
        await pilot.press("v", "right_parenthesis")
        await pick(pilot, "judy")
        assert "Judy [b]Smith[/b] [@click=app.quit]" in assert_nothing_raw(app)
        await pilot.press("enter")
        await preview(pilot)
        assert "Cite to Judy [b]Smith[/b]" in assert_nothing_raw(app)


async def test_help_lists_the_curating_keys(tmp_path: Path) -> None:
    app = ImnationApp(catalog_file(tmp_path))
    async with app.run_test(size=SIZE):
        ids = {binding.id for _, bindings in app.binding_groups() for binding in bindings}
        assert {
            "reader.select", "reader.cite", "app.undo", "detail.add_alias", "detail.edit_note", "detail.repair",
            "document.word_forward", "document.sentence_back", "document.line_down", "document.cancel_selection",
            "pick.choose", "preview.confirm", "repair.accept", "repair.keep",
        } <= ids

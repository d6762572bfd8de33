"""The browser at every size, the detail pane's passages and links, the problems panel, what the app
remembers, `open SOURCE_ID:LINE`, `init`, the palette's theme and screenshot commands."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from textual.content import Content

from tests.helpers import SHIPPED_CATALOG, make_catalog
from tests.pilot import notifications, palette_results, until
from tui import cli
from tui.app import ImnationApp
from tui.app.places import EntryPlace, ViewPlace
from tui.app.screens.browser import BrowserScreen, EntryList, SectionList
from tui.app.screens.reader import ReaderScreen
from tui.app.settings import Settings, config_folder
from tui.app.widgets.catalog_status import CatalogStatus
from tui.app.widgets.entry_detail import PAGE, EntryDetail, ExcerptOption, MoreOption
from tui.app.widgets.nav_list import TargetOption
from tui.app.widgets.problems_panel import ProblemOption, ProblemsPanel
from tui.app.widgets.source_document import SourceDocument
from tui.catalog import load_catalog
from tui.catalog.labels import source_labels

pytestmark = pytest.mark.anyio
SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60)]


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


def broken_words(content: Content, width: int) -> list[str]:
    """Words that `content` wrapped at `width` breaks in the middle (`immigran` / `t`)."""
    found = []
    for line in content.plain.split("\n"):
        position = 0
        pieces = [piece.plain.strip() for piece in Content(line).wrap(width)]
        for number, piece in enumerate(pieces):
            start = line.find(piece, position)
            position = start + len(piece)
            if piece and number < len(pieces) - 1 and position < len(line) and not line[position].isspace():
                found.append(piece.split()[-1] + "/" + line[position:].split()[0])
    return found


# -- layout ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_footer_is_the_last_line_and_the_header_the_first_at_every_size(size: tuple[int, int]) -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        width, height = size
        header, footer = screen.query_one(CatalogStatus), screen.query_one("Footer")
        assert header.region.y == 0 and header.region.height == 1
        assert footer.region.y == height - 1 and footer.region.height == 1
        shown = str(header.render())
        assert len(shown) <= width - 2 and "imnation" in shown  # fits: never cut by the edge
        detail = screen.query_one(EntryDetail)
        entries = screen.query_one(EntryList)
        if width >= 60:  # list and detail side by side, the detail wide enough to read
            assert entries.region.width > 0 and detail.region.width >= 30
        sections = screen.query_one(SectionList)
        assert all("\n" not in str(option.prompt) for option in sections.options)  # counts never wrap
        if width >= 200:
            names = [len(entry.name) for entry in app.catalog.of_kind("subject")]
            assert entries.region.width >= max(names) + 4  # the list takes the width its names need


@pytest.mark.parametrize("size", [(40, 12), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_word_is_broken_mid_word_in_any_entry(size: tuple[int, int]) -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=size) as pilot:
        await pilot.press("l")
        await settle(pilot)
        detail = app.screen.query_one(EntryDetail)
        padding = detail.get_component_styles("option-list--option").padding.width
        width = detail.scrollable_content_region.width - padding
        assert width >= 28
        broken = []
        for entry_id in catalog.entries:
            detail.show(catalog, entry_id)
            for option in detail.options:
                if isinstance(option.prompt, Content):
                    broken += [f"{entry_id}: {word}" for word in broken_words(option.prompt, width)]
        assert broken == []


async def test_one_pane_says_how_to_reach_the_others() -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        entries = app.screen.query_one(EntryList)
        assert "h" in str(entries.border_subtitle) and "l" in str(entries.border_subtitle)
        assert not app.screen.query_one(EntryDetail).display
        await pilot.press("l")
        await settle(pilot)
        detail = app.screen.query_one(EntryDetail)
        assert detail.display and detail.has_focus and not entries.display
        assert "h" in str(detail.border_subtitle)


async def test_sources_are_listed_by_a_short_distinct_label() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    labels = source_labels(catalog)
    assert labels["source-000"] == "The Times · interview"
    assert len(set(labels.values())) == len(labels)
    assert all(len(label) <= 30 for label in labels.values())
    for source in catalog.sources.values():  # no outlet: the kind and a word of the title
        if not source.outlet:
            kind, word = labels[source.id].split(" · ")
            assert kind == source.source_kind and word in source.name
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9")
        await settle(pilot)
        rows = [str(option.prompt) for option in app.screen.query_one(EntryList).options]
        assert [row.split("  ")[0] for row in rows] == [labels[s] for s in catalog.sources]


# -- the detail pane ------------------------------------------------------------------------------

SOURCE = (
    "Title\n\n"
    "Alpha said the raid began at dawn. Beta said it took a week. Gamma left early.\n\n"
    "Far away in another paragraph, Delta spoke.\n"
)




async def test_passages_that_share_context_show_it_once_in_source_order(tmp_path: Path) -> None:
    path = make_catalog(
        tmp_path,
        {"subjects": [{"id": "alpha", "name": "Alpha", "summary": "Speaks.",
                       "passages": [{"source": "src", "quote": "Delta spoke"},
                                    {"source": "src", "quote": "Beta said it took a week"},
                                    {"source": "src", "quote": "Alpha said the raid",
                                     "note": "the first thing said"}]}]},
        source_text=SOURCE,
    )
    app = ImnationApp(path, open_id="alpha")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(EntryDetail)
        excerpts = [o for o in detail.options if isinstance(o, ExcerptOption)]
        starts = [span.start for o in excerpts for span in o.spans]
        assert len(excerpts) == 2 and len(starts) == 3  # two passages of one sentence share an excerpt
        assert starts == sorted(starts)  # by position, not as written
        text = "\n".join(str(o.prompt) for o in detail.options)
        assert text.count("began at dawn") == 1 and text.count("Gamma left early") == 1  # context once
        assert text.count("line 3") == 1  # one citation for the two passages of one stretch
        citation = next(line for line in text.splitlines() if "line 3" in line)
        assert citation.startswith("    ") and "the first thing said" in citation  # indented, with the note
        assert "line 5" in text


async def test_a_hedged_link_says_so_and_why_and_a_claim_its_rank(tmp_path: Path) -> None:
    text = "Alpha said the raid took a week. Beta said the raid took a day.\n"
    path = make_catalog(
        tmp_path,
        {
            "episodes": [{"id": "episode-1", "number": 1, "name": "Episode 1", "summary": "One."}],
            "subjects": [{"id": "alpha", "name": "Alpha", "summary": "Speaks.",
                          "episodes": [{"id": "episode-1", "certainty": "hedged", "note": "Alpha thinks so."}]}],
            "discrepancies": [{
                "id": "raid-length", "name": "Raid length", "question": "How long?", "summary": "Two answers.",
                "status": "resolved", "resolution": "The day is right.",
                "claims": [
                    {"claim": "A week", "rank": "deprecated", "passages": [{"source": "src", "quote": "took a week"}]},
                    {"claim": "A day", "rank": "preferred", "passages": [{"source": "src", "quote": "took a day"}]},
                ],
            }],
        },
        source_text=text,
    )
    app = ImnationApp(path, open_id="alpha")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = "\n".join(str(o.prompt) for o in app.screen.query_one(EntryDetail).options)
        assert re.search(r"Episode 1 +hedged\n +Alpha thinks so\.", shown)
        app.open_entry("raid-length")
        await settle(pilot)
        shown = "\n".join(str(o.prompt) for o in app.screen.query_one(EntryDetail).options)
        assert "status: resolved" in shown and "The day is right." in shown
        assert "Claim 1 (deprecated): A week" in shown and "Claim 2 (preferred): A day" in shown


async def test_a_hub_with_thousands_of_links_shows_a_page_and_more_on_demand(tmp_path: Path) -> None:
    count = 1500
    path = make_catalog(
        tmp_path,
        {
            "locations": [{"id": "hub", "name": "Hub", "summary": "Everyone was here."}],
            "people": [{"id": f"p{i}", "name": f"Person {i}", "summary": "Was there.", "locations": ["hub"]}
                       for i in range(count)],
        },
    )
    app = ImnationApp(path, open_id="hub")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(EntryDetail)
        links = [o for o in detail.options if isinstance(o, TargetOption)]
        assert len(links) == PAGE and detail.option_count < PAGE + 10
        more = next(i for i, o in enumerate(detail.options) if isinstance(o, MoreOption))
        assert f"{count - PAGE:,} more" in str(detail.options[more].prompt)
        detail.highlighted = more
        await pilot.press("enter")
        await settle(pilot)
        links = [o for o in detail.options if isinstance(o, TargetOption)]
        assert PAGE < len(links) < count  # one more page, not everything
        assert detail.highlighted_target == links[PAGE].target  # the cursor on the first row just shown
        shown = app.where()
        assert shown is not None and shown.expanded  # and back restores it so
        app.open_entry("p1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len([o for o in detail.options if isinstance(o, TargetOption)]) == len(links)


# -- the problems panel ---------------------------------------------------------------------------


def drifting_catalog(tmp_path: Path, count: int) -> Path:
    text = "\n\n".join(f"Sentence number {i} of the source." for i in range(count)) + "\n"
    return make_catalog(
        tmp_path,
        {"subjects": [{"id": "x", "name": "X", "summary": "S.",
                       "passages": [{"source": "src", "quote": f"Sentence numbr {i} of"} for i in range(count)]}]},
        source_text=text,
    )


async def test_the_problems_panel_lists_every_problem_above_the_footer_and_scrolls(tmp_path: Path) -> None:
    app = ImnationApp(drifting_catalog(tmp_path, 20))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(ProblemsPanel)
        rows = [o for o in panel.options if isinstance(o, ProblemOption)]
        assert len(rows) == 20 and "more" not in panel.text  # every one, none counted away
        footer = app.screen.query_one("Footer")
        assert panel.region.bottom == footer.region.y  # right above the footer
        assert panel.max_scroll_y > 0  # they do not all fit: it scrolls
        for _ in range(3):
            await pilot.press("tab")
            if panel.has_focus:
                break
        assert panel.has_focus
        await pilot.press("G")
        await settle(pilot)
        assert panel.scroll_y == panel.max_scroll_y
        problem = panel.highlighted_problem
        assert problem is not None and problem is rows[-1].problem
        await pilot.press("e")  # a headless app cannot hand over the terminal: it says where to edit
        await until(pilot, lambda: any(f":{problem.line}" in n for n in notifications(app)))
        assert any("catalog.yaml" in n for n in notifications(app))


async def test_toasts_never_cover_the_problems_panel(tmp_path: Path) -> None:
    app = ImnationApp(drifting_catalog(tmp_path, 3))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("a message")
        await until(pilot, lambda: bool(app.screen.query("Toast")))
        panel = app.screen.query_one(ProblemsPanel)
        toasts = list(app.screen.query("Toast"))
        assert toasts and all(not toast.region.overlaps(panel.region) for toast in toasts)


# -- remembered across restarts -----------------------------------------------------------------


async def test_theme_and_last_place_are_remembered_in_the_config_folder(private_config_folder: Path) -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        app.open_entry("bernardo")
        await settle(pilot)
        await pilot.press("q")
    state = config_folder() / "state.json"
    assert state.is_relative_to(private_config_folder) and state.is_file()
    assert json.loads(state.read_text())["theme"] == "gruvbox"
    again = ImnationApp(SHIPPED_CATALOG)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox" and again.current_place == EntryPlace("bernardo")
        await pilot.press("escape")  # back goes to where the app starts
        await settle(pilot)
        assert again.current_place != EntryPlace("bernardo")
    assert not (SHIPPED_CATALOG.parent / "state.json").exists()


def test_the_config_folder_follows_xdg() -> None:
    assert config_folder({"XDG_CONFIG_HOME": "/x/conf"}) == Path("/x/conf/imnation")
    assert config_folder({"XDG_CONFIG_HOME": "relative"}) == Path.home() / ".config" / "imnation"
    assert config_folder({}) == Path.home() / ".config" / "imnation"


def test_a_broken_state_file_is_the_same_as_none(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text("{not json", encoding="utf-8")
    settings = Settings.load(tmp_path / "state.json")
    assert settings.theme is None and settings.last_place(SHIPPED_CATALOG) is None


async def test_a_remembered_place_that_is_gone_is_not_opened(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "state.json")
    settings.remember_place(SHIPPED_CATALOG, EntryPlace("no-such-entry"))
    settings.remember_place(SHIPPED_CATALOG.with_name("other.yaml"), ViewPlace("matrix"))
    app = ImnationApp(SHIPPED_CATALOG, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen) and notifications(app) == []


# -- the palette ----------------------------------------------------------------------------------


async def test_the_palette_marks_the_current_theme() -> None:
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        app.action_pick_theme()
        await settle(pilot)
        await pilot.press(*"nord")
        await until(pilot, lambda: palette_results(app) > 0)
        prompts = [str(o.prompt) for o in app.screen.query_one("CommandList").options]
        assert any("nord" in p and "current" in p for p in prompts)


async def test_the_palettes_screenshot_says_where_it_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.save_picture()
        (saved,) = (tmp_path / "Downloads").glob("*.svg")
        await until(pilot, lambda: any(str(saved) in n for n in notifications(app)))

        class Later(datetime):
            @classmethod
            def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
                return datetime(2030, 1, 2, 3, 4, 5)

        monkeypatch.setattr("tui.app.app.datetime", Later)
        (tmp_path / "Downloads" / "imnation 2030-01-02 03-04-05.svg").mkdir()  # in the way
        app.save_picture()
        await until(pilot, lambda: any("Could not save" in n and "directory" in n.lower() for n in notifications(app)))


async def test_source_colon_line_in_the_palette_opens_the_reader_there() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"source-000:95")
        await until(pilot, lambda: palette_results(app) > 0)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        document = app.screen.query_one(SourceDocument)
        assert catalog.texts["source-000"].line_of(document.cursor_span[0]) == 95


# -- open SOURCE_ID:LINE and init -------------------------------------------------------------------


async def test_the_app_opens_the_reader_at_a_line_of_a_source() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    app = ImnationApp(SHIPPED_CATALOG, open_id="source-000:95")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        document = app.screen.query_one(SourceDocument)
        assert catalog.texts["source-000"].line_of(document.cursor_span[0]) == 95


def test_open_takes_an_entry_or_a_line_of_a_source(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    started: list[str | None] = []
    monkeypatch.setattr("tui.app.run_app", lambda path, open_id=None: started.append(open_id) or 0)
    catalog = ["--catalog", str(SHIPPED_CATALOG)]
    assert cli.main(["open", "source-000:95", *catalog]) == 0
    assert cli.main([*catalog, "--open", "Bernardo"]) == 0  # an entry, as the catalog spells it
    assert started == ["source-000:95", "bernardo"]
    assert cli.main(["open", "source-000:99999", *catalog]) == 1
    assert "no line 99999" in capsys.readouterr().err
    assert cli.main(["open", "nowhere:3", *catalog]) == 1
    assert "no source with id 'nowhere'" in capsys.readouterr().err
    assert cli.main(["open", "bernado", *catalog]) == 1
    assert "did you mean: bernardo" in capsys.readouterr().err
    assert started == ["source-000:95", "bernardo"]


def test_init_copies_the_catalog_its_schema_and_sources_and_never_overwrites(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mine"
    assert cli.main(["--catalog", str(SHIPPED_CATALOG), "init", str(folder)]) == 0
    out = capsys.readouterr().out
    assert str(folder) in out and "5 sources" in out
    catalog = load_catalog(folder / "catalog.yaml")
    assert catalog.problems == () and (folder / "catalog.schema.json").is_file()
    assert len(catalog) == len(load_catalog(SHIPPED_CATALOG))
    before = (folder / "catalog.yaml").read_text(encoding="utf-8")
    (folder / "catalog.yaml").write_text(before + "\n# mine\n", encoding="utf-8")
    assert cli.main(["--catalog", str(SHIPPED_CATALOG), "init", str(folder)]) == 1
    assert "never overwrites" in capsys.readouterr().err
    assert (folder / "catalog.yaml").read_text(encoding="utf-8").endswith("# mine\n")


async def test_e_on_the_packaged_copy_refuses_and_says_how_to_get_an_editable_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "site-packages" / "tui" / "data"
    shutil.copytree(SHIPPED_CATALOG.parent / "seeds", data / "seeds")
    shutil.copy(SHIPPED_CATALOG, data / "catalog.yaml")
    monkeypatch.setattr("tui.catalog.loader.packaged_data", lambda: data)
    app = ImnationApp(data / "catalog.yaml")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "packaged" in str(app.screen.query_one(CatalogStatus).render())
        await pilot.press("e")
        await until(pilot, lambda: any("imnation init" in n for n in notifications(app)))


async def test_the_header_names_a_catalog_that_is_not_the_local_one(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "elsewhere")
    app = ImnationApp(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one(CatalogStatus).render())
        assert "elsewhere/catalog.yaml" in shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_cited_by_leaves_a_short_reader_its_rows_until_it_has_the_focus(size: tuple[int, int]) -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    anchor = catalog.anchors_of("bernardo")[0]
    rows = 1 + len(catalog.citing(anchor.source_id, anchor.start, anchor.end))  # its top border, an entry a row
    assert rows > 3
    app = ImnationApp(SHIPPED_CATALOG)
    async with app.run_test(size=size) as pilot:
        app.open_source(anchor.source_id, anchor.start, anchor.end)
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        backlinks = app.screen.query_one("#backlinks")
        short = size[1] < 30
        assert backlinks.outer_size.height == (3 if short else rows)
        backlinks.focus()
        await settle(pilot)
        assert backlinks.outer_size.height == min(rows, size[1] // 2)

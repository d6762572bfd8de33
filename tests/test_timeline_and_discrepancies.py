"""Issue #12's model, CLI and views: links with their certainty, the timeline, discrepancy claims side
by side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.helpers import problems_of, write_catalog
from tests.pilot import until
from tui.app import ImnationApp
from tui.app.places import EntryPlace, SourcePlace
from tui.app.screens.compare import ClaimColumn, CompareScreen
from tui.app.screens.matrix import HEDGED, INFERRED, PRESENT, MatrixScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.timeline import TimelineList, TimelineScreen
from tui.app.widgets.entry_detail import EntryDetail
from tui.app.widgets.nav_list import TargetOption
from tui.catalog import load_catalog
from tui.catalog.relations import appearances, claim_sides
from tui.catalog.schema import Discrepancy
from tui.catalog.timeline import timeline, timeline_record
from tui.cli import main
from tui.export import export

SOURCE = (
    "Our first contact with ICE was maybe 2011, I think.\n\n"
    "We pitched them over lunch in spring of 2017. The contract was signed that summer.\n\n"
    "I think Rosa is in Episode 2.\n\n"
    "The series premiered Aug. 3. Filming lasted three years, one of them said; another said two and a half years.\n"
)

CATALOG = """\
sources:
  - {id: src, name: "Notes on the making of", summary: s, file: seeds/a.txt, source_kind: interview}
episodes:
  - {id: episode-1, number: 1, name: Episode 1, summary: e}
  - {id: episode-2, number: 2, name: Episode 2, summary: e}
subjects:
  - id: rosa
    name: Rosa
    summary: Perhaps in Episode 2.
    episodes:
      - {id: episode-2, certainty: hedged, note: "'I think Rosa is in Episode 2.'"}
      - {id: episode-1, certainty: inferred, note: Curator's inference from context.}
    passages: [{source: src, quote: "I think Rosa is in Episode 2."}]
people:
  - {id: schwarz, name: Shaul Schwarz, summary: A director.}
events:
  - id: premiere
    name: Premiere
    summary: The series premiered.
    date: "2020-08-03"
    stated: Aug. 3
    precision: day
    date_certainty: inferred
    date_note: The year is not in the sentence.
    passages: [{source: src, quote: "The series premiered Aug. 3."}]
  - id: pitch-lunch
    name: The pitch lunch
    summary: The filmmakers pitched the series over lunch.
    date: "2017"
    stated: spring of 2017
    precision: season
    passages: [{source: src, quote: "We pitched them over lunch in spring of 2017."}]
  - id: first-contact
    name: First contact with ICE
    summary: When the filmmakers first approached ICE.
    date: 2011
    stated: maybe 2011
    precision: year
    date_certainty: hedged
    date_note: "The speaker says 'maybe 2011, I think'."
    people: [schwarz]
    passages: [{source: src, quote: "Our first contact with ICE was maybe 2011, I think."}]
discrepancies:
  - id: filming-length
    name: How long filming lasted
    summary: Two answers.
    question: How long did filming last?
    events: [pitch-lunch]
    claims:
      - claim: Three years.
        passages: [{source: src, quote: "Filming lasted three years, one of them said;"}]
      - claim: Two and a half years.
        rank: preferred
        passages: [{source: src, quote: "another said two and a half years."}]
"""


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, CATALOG, {"seeds/a.txt": SOURCE}, dedent=False)


# -- schema ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("certainty: hedged, note", "certainty: maybe, note"), "subjects.0.episodes.0.certainty"),
        (
            ("{id: episode-1, certainty: inferred, note: Curator's inference from context.}",
             "{id: episode-1, certainty: inferred}"),
            "subjects.0.episodes.1.note: required field is missing",
        ),
        (('    date: "2017"\n', '    date: "2017-04"\n'), "precision season needs a date written YYYY"),
        (("    date_note: The year is not in the sentence.\n", ""), "an inferred date needs a date_note"),
        (
            ("    question: How long did filming last?\n",
             "    question: How long did filming last?\n    status: resolved\n"),
            "a resolved discrepancy needs a resolution",
        ),
    ],
    ids=["unknown-certainty", "link-note-missing", "precision-vs-date", "date-note-missing", "resolution-missing"],
)
def test_certainty_events_and_status_are_checked_where_they_are_written(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in CATALOG
    path = write_catalog(tmp_path, CATALOG.replace(old, new), {"seeds/a.txt": SOURCE}, dedent=False)
    problems = problems_of(path)
    assert len(problems) == 1 and expected in problems[0]
    line = int(problems[0].split(":")[0])
    assert line > 1  # located in the file, not at its top


# -- links with certainty -------------------------------------------------------------------------
def test_links_carry_their_certainty_both_ways_and_into_the_matrix(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    by_target = {link.target_id: link for link in catalog.links_of("rosa")}
    assert (by_target["episode-2"].certainty, by_target["episode-1"].certainty) == ("hedged", "inferred")
    back = next(link for link in catalog.links_of("episode-2") if link.target_id == "rosa")
    assert back.derived and back.certainty == "hedged" and "I think" in (back.note or "")
    assert {e: a.certainty for e, a in appearances(catalog, "rosa").items()} == {
        "episode-2": "hedged", "episode-1": "inferred"
    }


def test_show_json_text_and_markdown_export_carry_certainty(
    catalog_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "rosa", "--json", "--catalog", str(catalog_path)]) == 0
    links = {link["id"]: link for link in json.loads(capsys.readouterr().out)["links"]}
    assert links["episode-2"]["certainty"] == "hedged" and "I think" in links["episode-2"]["note"]
    assert links["episode-1"]["certainty"] == "inferred"
    assert main(["show", "rosa", "--catalog", str(catalog_path)]) == 0
    assert "Episode 2 (episode-2) [hedged:" in capsys.readouterr().out
    markdown = export(load_catalog(catalog_path), ["rosa"], "markdown")
    assert "Episode 2 (`episode-2`) *(hedged:" in markdown


@pytest.mark.anyio
async def test_the_matrix_marks_hedged_and_inferred_appearances(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_view("matrix")
        await until(pilot, lambda: isinstance(app.screen, MatrixScreen) and bool(app.screen.query("DataTable")))
        table = app.screen.query_one("DataTable")
        cells = [str(table.get_cell("rosa", e)).strip() for e in ("episode-1", "episode-2")]
        assert cells == [INFERRED, HEDGED] and PRESENT not in cells
        legend = str(app.screen.query_one("#matrix-legend", Static).render())
        assert f"{HEDGED} hedged" in legend and f"{INFERRED} inferred" in legend


# -- the timeline ---------------------------------------------------------------------------------
def test_the_timeline_orders_events_by_date_and_names_what_disputes_them(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    events = timeline(catalog)
    assert [item.event.id for item in events] == ["first-contact", "pitch-lunch", "premiere"]
    assert [item.disputed_by for item in events] == [(), ("filming-length",), ()]
    record = timeline_record(catalog, events[0])
    assert record["date"] == "2011" and record["stated"] == "maybe 2011" and record["precision"] == "year"
    assert record["date_certainty"] == "hedged"
    assert [p["text"] for p in record["passages"]] == ["Our first contact with ICE was maybe 2011, I think."]
    assert [link["id"] for link in record["links"]] == ["schwarz"]


def test_timeline_command_prints_text_and_json(catalog_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--json", "--catalog", str(catalog_path)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["date"], r["precision"]) for r in records] == [
        ("first-contact", "2011", "year"), ("pitch-lunch", "2017", "season"), ("premiere", "2020-08-03", "day")
    ]
    assert records[1]["disputed_by"] == ["filming-length"]
    assert main(["timeline", "--catalog", str(catalog_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2011") and "First contact with ICE" in out[0]
    assert "stated: 'maybe 2011', precision: year (hedged:" in out[1]
    assert any("disputed: see filming-length" in line for line in out)


@pytest.mark.anyio
async def test_the_timeline_view_lists_events_in_order_and_opens_them(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        rows = [str(option.prompt) for option in app.screen.query_one(TimelineList).options]
        assert [row.split()[0] for row in rows] == ["2011", "2017", "2020-08-03"]
        assert "~" in rows[0] and "?" in rows[2] and "⚡" in rows[1]
        await pilot.press("j")
        status = str(app.screen.query_one("#timeline-status", Static).render())
        assert "disputed" in status and "How long filming lasted" in status
        await pilot.press("enter")
        await until(pilot, lambda: app.browser is not None and app.browser.current_entry_id == "pitch-lunch")


# -- discrepancies side by side -------------------------------------------------------------------
def test_each_claim_keeps_its_own_passages(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    discrepancy = catalog.get("filming-length")
    assert isinstance(discrepancy, Discrepancy)
    sides = claim_sides(catalog, discrepancy)
    assert [(s.number, s.claim.rank) for s in sides] == [(1, "normal"), (2, "preferred")]
    assert [[a.text for _, a in s.passages if a] for s in sides] == [
        ["Filming lasted three years, one of them said;"], ["another said two and a half years."]
    ]


@pytest.mark.anyio
async def test_the_comparison_opens_from_the_entry_and_shows_claims_side_by_side(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path, open_id="filming-length")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(EntryDetail)
        compare = next(
            i for i, o in enumerate(detail.options) if isinstance(o, TargetOption) and "Compare" in str(o.prompt)
        )
        detail.highlighted = compare
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen) and len(app.screen.query(ClaimColumn)) == 2)
        columns = list(app.screen.query(ClaimColumn))
        assert [c.border_title for c in columns] == ["Claim 1", "Claim 2 · preferred"]
        left, right = columns[0].region, columns[1].region
        assert left.y == right.y and left.right <= right.x  # side by side
        await pilot.press("tab")
        assert app.focused is columns[0]
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        text = SOURCE
        quote = "Filming lasted three years, one of them said;"
        assert app.screen.place == SourcePlace("src", text.index(quote), text.index(quote) + len(quote))


@pytest.mark.anyio
async def test_d_from_an_event_opens_the_discrepancy_that_disputes_it(catalog_path: Path) -> None:
    app = ImnationApp(catalog_path, open_id="pitch-lunch")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.shown == "filming-length")
        await pilot.press("o")
        await until(pilot, lambda: app.browser is not None and app.browser.current_entry_id == "filming-length")
        current = app.history.current
        assert current is not None and current.place == EntryPlace("filming-length")


def test_an_old_id_kept_as_an_alias_is_suggested_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renamed = CATALOG.replace("{id: src, name: ", "{id: src, aliases: [old-source-id], name: ")
    path = write_catalog(tmp_path, renamed, {"seeds/a.txt": SOURCE}, dedent=False)
    assert main(["show", "old-source-id", "--catalog", str(path)]) == 1
    assert "did you mean: src" in capsys.readouterr().err

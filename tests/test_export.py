"""Export of entries as Markdown dossiers, a CSV of passages, and JSON records."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import SOURCE_TEXT, SOURCE_YAML, write_catalog
from tui.catalog import Catalog, load_catalog
from tui.export import CSV_HEADER, entry_record, export
from tui.export.csv import FORMULA_STARTS, spreadsheet_safe
from tui.text import markdown_text, visible

CATALOG = SOURCE_YAML + """\
subjects:
  - id: judy
    name: Judy Smith
    aliases: [Judy]
    role: ICE officer
    summary: "Met the officers. \\e[31m"
    locations: [charlotte]
    passages:
      - source: src
        quote: met the officers in Charlotte
        note: Where she works.
      - source: src
        quote: never written in the source
locations:
  - id: charlotte
    name: Charlotte
    region: North Carolina
    summary: A city.
    passages:
      - source: src
        quote: Later, Judy Smith met the officers again.
discrepancies:
  - id: how-often
    name: How often did they meet?
    summary: Once or twice.
    question: How many times did Judy meet the officers?
    claims:
      - claim: Twice.
        passages:
          - source: src
            quote: twice
      - claim: Again, later.
        passages:
          - source: src
            quote: met the officers again
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return load_catalog(write_catalog(tmp_path, CATALOG))


def test_a_discrepancy_record_has_its_question_and_each_claim_with_its_passages(catalog: Catalog) -> None:
    record = entry_record(catalog, "how-often")
    assert record["question"] == "How many times did Judy meet the officers?"
    claims = [(c["claim"], c["rank"], [p["text"] for p in c["passages"]]) for c in record["claims"]]
    assert claims == [("Twice.", "normal", ["twice"]), ("Again, later.", "normal", ["met the officers again"])]
    assert [p["text"] for p in record["passages"]] == ["twice", "met the officers again"]


def test_entry_record_shape_with_derived_links_and_drifted_passages(catalog: Catalog) -> None:
    judy_start = SOURCE_TEXT.index("met the officers in Charlotte")
    assert entry_record(catalog, "judy") == {
        "id": "judy",
        "kind": "subject",
        "name": "Judy Smith",
        "aliases": ["Judy"],
        "summary": "Met the officers. \x1b[31m",
        "role": "ICE officer",
        "main": False,
        "links": [
            {"id": "charlotte", "kind": "location", "name": "Charlotte", "relation": "locations", "certainty": "stated"}
        ],
        "passages": [
            {
                "source": "src",
                "file": "seeds/a.txt",
                "line": 3,
                "start": judy_start,
                "end": judy_start + len("met the officers in Charlotte"),
                "text": "met the officers in Charlotte",
                "note": "Where she works.",
            },
        ],
        "drifted": [
            {"source": "src", "file": "seeds/a.txt", "quote": "never written in the source",
             "problem": str(catalog.drift_reasons["judy", 1])},
        ],
    }
    assert "catalog.yaml:19:16: quote not found in 'src'" in entry_record(catalog, "judy")["drifted"][0]["problem"]
    assert "role" not in entry_record(catalog, "charlotte") and "main" not in entry_record(catalog, "charlotte")
    # The link Judy wrote shows on Charlotte too, as the inverse relation.
    assert entry_record(catalog, "charlotte")["links"] == [
        {"id": "judy", "kind": "subject", "name": "Judy Smith", "relation": "subjects", "certainty": "stated"}
    ]


def test_json_export_is_a_list_of_records_with_escaped_controls(catalog: Catalog) -> None:
    text = export(catalog, ["charlotte", "judy"], "json")
    assert "\x1b" not in text and "\\u001b" in text
    assert json.loads(text) == [entry_record(catalog, "charlotte"), entry_record(catalog, "judy")]


def test_all_entries_in_display_order_when_no_ids(catalog: Catalog) -> None:
    ids = [record["id"] for record in json.loads(export(catalog, None, "json"))]
    assert ids == ["judy", "charlotte", "src", "how-often"]  # kinds in schema order


def test_csv_has_one_row_per_anchored_passage(catalog: Catalog) -> None:
    rows = list(csv.reader(io.StringIO(export(catalog, ["judy", "how-often"], "csv"))))
    assert rows[0] == list(CSV_HEADER) == [
        "entry_id", "kind", "name", "claim", "source", "source_title", "line", "quote", "note"
    ]
    title = "A Headline About the Series"
    assert rows[1:] == [
        ["judy", "subject", "Judy Smith", "", "src", title, "3", "met the officers in Charlotte", "Where she works."],
        ["how-often", "discrepancy", "How often did they meet?", "Twice.", "src", title, "3", "twice", ""],
        ["how-often", "discrepancy", "How often did they meet?", "Again, later.", "src", title, "5",
         "met the officers again", ""],
    ]


def test_markdown_dossier(catalog: Catalog) -> None:
    text = export(catalog, ["judy"], "markdown")
    for expected in [
        "# Judy Smith (subject)\n",
        "*Also:* Judy\n",
        "*Role:* ICE officer\n",
        "Met the officers. \\\\x1b\\[31m\n",  # the escape shown as text, its `\\` and `[` escaped for Markdown
        "## Links\n\n- **Locations:** Charlotte (`charlotte`)\n",
        "> met the officers in Charlotte\n\n\u2014 *A Headline About the Series*, seeds/a.txt line 3\n",
        "*Note:* Where she works.\n",
        "> never written in the source\n\n\u2014 *A Headline About the Series*, seeds/a.txt quote not found",
    ]:
        assert expected in text
    assert "\x1b" not in text


def test_markdown_discrepancy_groups_passages_by_claim(catalog: Catalog) -> None:
    text = export(catalog, ["how-often", "charlotte"], "markdown")
    dossiers = text.split("\n---\n\n")
    assert len(dossiers) == 2 and dossiers[1].startswith("# Charlotte (location)")
    discrepancy = dossiers[0]
    assert "**Question:** How many times did Judy meet the officers?" in discrepancy
    twice, again = discrepancy.index("### Claim: Twice."), discrepancy.index("### Claim: Again, later.")
    assert twice < discrepancy.index("> twice") < again < discrepancy.index("> met the officers again")


def test_unknown_ids_and_formats(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match="nobody"):
        export(catalog, ["judy", "nobody"], "markdown")
    with pytest.raises(KeyError, match="nobody"):
        entry_record(catalog, "nobody")
    with pytest.raises(ValueError, match="pdf"):
        export(catalog, ["judy"], "pdf")  # type: ignore[arg-type]


# -- exports that cannot be turned against their reader ------------------------------------------

HOSTILE_SOURCE = (
    "A headline\n\n"
    "She wrote </blockquote><script>alert(1)</script> in the comments.\n\n"
    "=HYPERLINK(\"http://evil.example\",\"click\") was typed in a form.\n\n"
    "@SUM(1+1) and +1 and -1 too.\n"
)
HOSTILE_YAML = """\
sources:
  - id: src
    name: "# A *source* title"
    summary: A test source.
    file: seeds/a.txt
    source_kind: news
subjects:
  - id: hostile
    name: "<img src=x onerror=alert(1)>"
    aliases: ["*bold* [link](javascript:alert(1))"]
    role: "=cmd|' /C calc'!A0"
    summary: "Fine.\\n# Injected\\n- item\\n1. one\\n    indented code\\n---\\n| a | b |"
    passages:
      - source: src
        quote: "</blockquote><script>alert(1)</script>"
        note: "`code` ~~struck~~ <b>bold</b>"
      - source: src
        quote: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"
      - source: src
        quote: "@SUM(1+1)"
      - source: src
        quote: "+1 and -1"
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Catalog:
    catalog = load_catalog(write_catalog(tmp_path, HOSTILE_YAML, {"seeds/a.txt": HOSTILE_SOURCE}))
    assert len(catalog.anchors_of("hostile")) == 4
    return catalog


def test_markdown_renders_hostile_fields_as_text(hostile: Catalog) -> None:
    """Rendered by a CommonMark renderer that lets raw HTML through (as many do), the dossier has
    no element the catalog or a source wrote: only the dossier's own headings, lists and quotes."""
    from markdown_it import MarkdownIt

    dossier = export(hostile, ["hostile"], "markdown")
    page = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(dossier)
    for element in ("<img", "<script", "<b>", "<table", "<s>", "<del>", "<em>bold", "<ol", "<ul", "<pre", "<hr"):
        assert element not in page, element
    assert page.count("<h1>") == 1 and "<h1>Injected" not in page
    assert page.count("<blockquote>") == page.count("</blockquote>") == 4  # one per passage, none closed early
    assert "<a " not in page and "<code>" not in page.replace("<code>hostile</code>", "")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for shown in ("<img src=x onerror=alert(1)>", "# Injected", "- item", "1. one",
                  "</blockquote><script>alert(1)</script>", "*bold* [link](javascript:alert(1))",
                  "`code` ~~struck~~ <b>bold</b>", "# A *source* title"):
        assert shown in text, shown


def test_csv_cells_never_start_a_formula(hostile: Catalog) -> None:
    rows = list(csv.reader(io.StringIO(export(hostile, ["hostile"], "csv"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    quotes = [row[CSV_HEADER.index("quote")] for row in rows[1:]]
    assert quotes[1:] == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'@SUM(1+1)", "'+1 and -1"]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_safe_prefixes_every_formula_start(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("plain " + cell) == "plain " + cell


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]) | st.just("\n"), max_size=60)
)
def test_markdown_text_renders_as_exactly_its_characters(text: str) -> None:
    """Whatever a field holds, a CommonMark renderer (raw HTML allowed) shows those characters and
    builds no element from them: only paragraphs."""
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark", {"html": True}).render(markdown_text(text))
    assert set(re.findall(r"</?([a-z0-9]+)", page)) <= {"p"}, page
    shown = html.unescape(re.sub(r"</?p>", " ", page))
    assert " ".join(shown.split()) == " ".join(visible(text).split())

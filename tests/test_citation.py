"""Citations: a span of a source with what the source states about itself, in plain text, Markdown
and CSL-JSON, from the model and from `imnation citation`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import make_catalog
from tui.catalog import Catalog, load_catalog
from tui.catalog.anchor import Span
from tui.catalog.citation import cite, csl_item, format_citation, passage_citations
from tui.cli import main

TEXT = (
    "Raid at Dawn\n"
    "\n"
    "Judy Smith met the officers in Charlotte.\nShe said she was not going anywhere.\n"
    "\n"
    "\u201cWe\u2019re not leaving,\u201d she said. *Not* <b>ever</b>.\n"
)


def catalog_with(tmp_path: Path, **source: str) -> Catalog:
    entries = {
        "sources": [{"id": "src", "name": "Raid at Dawn", "summary": "A report.", "file": "seeds/source.txt",
                     "source_kind": "news", **source}],
        "subjects": [{"id": "judy", "name": "Judy Smith", "summary": "An officer.", "passages": [
            {"source": "src", "quote": "met the officers in Charlotte. She said"},
            {"source": "src", "quote": "\u201cWe\u2019re not leaving,\u201d she said. *Not* <b>ever</b>."},
        ]}],
    }
    return load_catalog(make_catalog(tmp_path, entries, TEXT))


@pytest.fixture
def full(tmp_path: Path) -> Catalog:
    return catalog_with(tmp_path, outlet="The Daily Bugle", author="Ann Reporter", published="2020-08-03")


def test_plain_citation_gives_what_the_source_states_and_the_lines(full: Catalog, tmp_path: Path) -> None:
    first, second = passage_citations(full, "judy")
    assert format_citation(first, "plain") == (
        "\u201cmet the officers in Charlotte. She said\u201d\n"
        "\u2014 Raid at Dawn, The Daily Bugle, by Ann Reporter, 2020-08-03, lines 3\u20134\n"
    )
    assert format_citation(second, "plain").startswith("\u201cWe\u2019re not leaving,\u201d she said.")  # not doubled
    bare = passage_citations(catalog_with(tmp_path / "bare"), "judy")[0]
    assert format_citation(bare, "plain").endswith("\n\u2014 Raid at Dawn, lines 3\u20134\n")  # nothing invented


def test_markdown_citation_is_a_block_quote_with_markup_escaped(full: Catalog) -> None:
    _, second = passage_citations(full, "judy")
    assert format_citation(second, "markdown") == (
        "> \u201cWe\u2019re not leaving,\u201d she said. \\*Not\\* &lt;b&gt;ever&lt;/b&gt;.\n"
        "\n"
        "\u2014 *Raid at Dawn*, The Daily Bugle, by Ann Reporter, 2020-08-03, line 6\n"
    )


def test_csl_json_describes_the_source(full: Catalog) -> None:
    first, _ = passage_citations(full, "judy")
    assert json.loads(format_citation(first, "csl")) == [
        {"id": "src", "type": "article-newspaper", "title": "Raid at Dawn", "container-title": "The Daily Bugle",
         "author": [{"literal": "Ann Reporter"}], "issued": {"date-parts": [[2020, 8, 3]]}}
    ]
    assert csl_item(full.sources["src"].model_copy(update={"published": "2020"}))["issued"] == {"date-parts": [[2020]]}


def test_cite_takes_any_span_and_refuses_one_outside_the_text(full: Catalog) -> None:
    citation = cite(full, "src", Span(0, 12))
    assert citation.quote == "Raid at Dawn" and citation.lines == "line 1"
    with pytest.raises(ValueError, match="outside"):
        cite(full, "src", Span(0, len(TEXT) + 1))


def test_imnation_citation_prints_one_or_every_passage(full: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(full.path)
    assert main(["citation", "judy", "--passage", "2", "--format", "markdown", "--catalog", path]) == 0
    assert capsys.readouterr().out == format_citation(passage_citations(full, "judy")[1], "markdown")
    assert main(["citation", "judy", "--catalog", path]) == 0
    out = capsys.readouterr().out
    assert out == "\n".join(format_citation(c, "plain") for c in passage_citations(full, "judy"))
    assert main(["citation", "judy", "--passage", "3", "--catalog", path]) == 1
    assert "2 anchored passages" in capsys.readouterr().err
    assert main(["citation", "src", "--format", "csl", "--catalog", path]) == 0  # a source cited as a whole
    assert json.loads(capsys.readouterr().out)[0]["title"] == "Raid at Dawn"
    assert main(["citation", "nobody", "--catalog", path]) == 1

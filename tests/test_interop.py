"""Exports other tools read: W3C Web Annotations re-anchor in their sources, and the REFI-QDA
project validates against the REFI-QDA Project schema (tests/refi_qda/Project-mrt2019.xsd, the
REFI standard's XSD of 18 March 2019, MIT licence) and holds what QDA tools rely on."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from tests.helpers import SHIPPED_CATALOG, write_catalog
from tui.catalog import Catalog, load_catalog
from tui.cli import main
from tui.export import export, export_bytes

XSD = Path(__file__).parent / "refi_qda" / "Project-mrt2019.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# Beyond the BMP, a CRLF line break and a curly quote: positions must count code points of the text.
ODD_SOURCE = "Title \U0001f600 line\r\n\r\nJudy said \u201chello\u201d to \U0001d49c the officers.\r\nThe end.\r\n"
ODD_YAML = """\
sources:
  - id: odd
    name: An odd source
    summary: Emoji and CRLF.
    file: seeds/odd source.txt
    source_kind: other
subjects:
  - id: judy
    name: Judy
    summary: Said hello.
    passages:
      - source: odd
        quote: 'said "hello" to'
        note: Greets them.
      - source: odd
        quote: the officers.
discrepancies:
  - id: greeting
    name: The greeting
    summary: Hello or not.
    question: Did she say hello?
    claims:
      - claim: She did.
        passages: [{source: odd, quote: "hello"}]
      - claim: It was the end.
        passages: [{source: odd, quote: "The end."}]
"""


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(SHIPPED_CATALOG)


@pytest.fixture
def odd(tmp_path: Path) -> Catalog:
    return load_catalog(write_catalog(tmp_path, ODD_YAML, {"seeds/odd source.txt": ODD_SOURCE}))


# -- W3C Web Annotation ---------------------------------------------------------------------------


def reanchor(catalog: Catalog, annotation: dict) -> None:
    """What a W3C-aware tool does: open the target's source, apply both selectors, agree."""
    target = annotation["target"]
    text = (catalog.folder / unquote(target["source"])).read_bytes().decode("utf-8-sig")
    quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
    position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
    start, end = position["start"], position["end"]
    assert text[start:end] == quote["exact"]
    assert text[:start].endswith(quote["prefix"]) and len(quote["prefix"]) == min(32, start)
    assert text[end:].startswith(quote["suffix"]) and len(quote["suffix"]) == min(32, len(text) - end)
    # The quote selector alone finds this place among its matches (a source may repeat a sentence,
    # with its context: then the position selector is what tells them apart).
    whole = quote["prefix"] + quote["exact"] + quote["suffix"]
    found = [m.start() + len(quote["prefix"]) for m in re.finditer(f"(?={re.escape(whole)})", text)]
    assert start in found


@pytest.mark.parametrize("which", ["shipped", "odd"])
def test_every_w3c_annotation_reanchors_in_its_source(which: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(which)
    collection = json.loads(export(catalog, None, "w3c"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["first"]["type"] == "AnnotationPage"
    assert len(items) == collection["total"] == sum(1 for _ in catalog.iter_anchors())
    assert len({a["id"] for a in items}) == len(items)
    for annotation in items:
        assert annotation["type"] == "Annotation" and annotation["id"].startswith("urn:uuid:")
        reanchor(catalog, annotation)


def test_w3c_body_names_the_entry_and_the_passage_note(odd: Catalog) -> None:
    first = json.loads(export(odd, ["judy"], "w3c"))["first"]["items"][0]
    assert first["motivation"] == "identifying"
    assert first["body"] == [
        {"id": "urn:imnation:entry:judy", "type": "TextualBody", "purpose": "identifying", "value": "Judy"},
        {"type": "TextualBody", "purpose": "classifying", "value": "subject"},
        {"type": "TextualBody", "purpose": "commenting", "value": "Greets them."},
    ]
    assert first["target"]["source"] == "seeds/odd%20source.txt"
    position = first["target"]["selector"][1]
    assert ODD_SOURCE[position["start"] : position["end"]] == "said \u201chello\u201d to"


def test_w3c_ids_are_stable_across_exports(tmp_path: Path, odd: Catalog) -> None:
    again = load_catalog(odd.path)
    assert export(odd, None, "w3c") == export(again, None, "w3c")


# -- REFI-QDA ------------------------------------------------------------------------------------


def project_of(data: bytes) -> tuple[zipfile.ZipFile, ET.Element]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, ET.fromstring(archive.read("project.qde"))


@pytest.mark.parametrize("which", ["shipped", "odd"])
def test_qdpx_validates_against_the_refi_qda_schema(which: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(which)
    archive, project = project_of(export_bytes(catalog, None, "qdpx"))
    xmlschema.XMLSchema(XSD).validate(archive.read("project.qde"))  # raises on any violation
    assert project.tag == "{urn:QDA-XML:project:1.0}Project"
    # What the schema leaves to prose or cannot say:
    guids = [el.get("guid") for el in project.iter() if el.get("guid") is not None]
    assert guids and all(GUID.match(g) for g in guids) and len(guids) == len(set(guids))
    codes = {code.get("guid"): code for code in project.iterfind(".//q:Code", NS)}
    for ref in project.iterfind(".//q:CodeRef", NS):
        assert codes[ref.get("targetGUID")].get("isCodable") == "true"
    sources = project.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(catalog.texts)
    for source in sources:
        # "Either PlainTextContent or plainTextPath MUST be filled, not both"
        path, content = source.get("plainTextPath"), source.find("q:PlainTextContent", NS)
        assert (path is None) != (content is None)
        assert path is not None and path.startswith("internal://")
        text = archive.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            assert len(selection.findall("q:Coding", NS)) == 1
    selections = project.findall(".//q:PlainTextSelection", NS)
    assert len(selections) == sum(1 for _ in catalog.iter_anchors())


def test_qdpx_maps_kinds_entries_passages_and_notes(odd: Catalog) -> None:
    archive, project = project_of(export_bytes(odd, None, "qdpx"))
    parents = project.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [(p.get("name"), p.get("isCodable")) for p in parents] == [
        ("Subjects", "false"), ("Sources", "false"), ("Discrepancies", "false")
    ]
    judy = parents[0].find("q:Code", NS)
    assert judy is not None and judy.get("name") == "Judy"
    assert judy.findtext("q:Description", namespaces=NS) == "Said hello."
    (source,) = project.findall("q:Sources/q:TextSource", NS)
    text = archive.read("sources/" + source.get("plainTextPath", "").removeprefix("internal://")).decode("utf-8")
    assert text == ODD_SOURCE  # byte for byte what the catalog anchored (CRLF kept)
    coded = {}
    for selection in source.iterfind("q:PlainTextSelection", NS):
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        code = selection.find("q:Coding/q:CodeRef", NS).get("targetGUID")
        coded[text[start:end]] = (code, selection.findtext("q:Description", namespaces=NS))
    greeting = parents[2].find("q:Code", NS).get("guid")
    assert coded == {
        "said \u201chello\u201d to": (judy.get("guid"), "Greets them."),
        "the officers.": (judy.get("guid"), None),
        "hello": (greeting, "Claim: She did."),
        "The end.": (greeting, "Claim: It was the end."),
    }


def test_qdpx_guids_are_stable_across_exports_and_only_chosen_entries_go_in(odd: Catalog) -> None:
    def guids(data: bytes) -> list[str]:
        return [el.get("guid", "") for el in project_of(data)[1].iter() if el.get("guid")]

    assert guids(export_bytes(odd, None, "qdpx")) == guids(export_bytes(load_catalog(odd.path), None, "qdpx"))
    _, project = project_of(export_bytes(odd, ["greeting"], "qdpx"))
    assert [c.get("name") for c in project.iterfind(".//q:Code", NS)] == ["Discrepancies", "The greeting"]
    assert len(project.findall(".//q:PlainTextSelection", NS)) == 2


def test_qdpx_control_characters_stay_valid_xml(tmp_path: Path) -> None:
    yaml = ODD_YAML.replace("name: Judy\n", 'name: "Judy \\e[31m\\u0007"\n')
    catalog = load_catalog(write_catalog(tmp_path, yaml, {"seeds/odd source.txt": ODD_SOURCE}))
    archive, project = project_of(export_bytes(catalog, None, "qdpx"))
    xmlschema.XMLSchema(XSD).validate(archive.read("project.qde"))
    assert "Judy \\x1b[31m\\x07" in [c.get("name") for c in project.iterfind(".//q:Code", NS)]


# -- the command line ------------------------------------------------------------------------------


def test_export_output_writes_any_format_to_a_file(
    odd: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.qdpx"
    assert main(["export", "--format", "qdpx", "--output", str(target), "--catalog", str(odd.path)]) == 0
    assert zipfile.ZipFile(target).namelist()[0] == "project.qde"
    assert "out.qdpx" in capsys.readouterr().err
    notes = tmp_path / "notes.md"
    assert main(["export", "judy", "-o", str(notes), "--catalog", str(odd.path)]) == 0
    assert notes.read_text(encoding="utf-8").startswith("# Judy (subject)")


def test_a_binary_format_refuses_to_write_to_a_terminal(
    odd: Catalog, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["export", "--format", "qdpx", "--catalog", str(odd.path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--output" in err

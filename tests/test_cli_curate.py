"""`imnation cite`, `new` and `repair`: what scripts rely on (where it wrote, exit codes, refusals that
leave the file alone), and the passage states `validate` reports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SOURCE_TEXT, VALID, write_catalog
from tui import cli
from tui.catalog import load_catalog
from tui.cli import main

LOCATED = re.compile(r"^\S+:\d+:\d+: ")


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, VALID)


def test_cite_prints_where_it_wrote_and_the_lines(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["cite", "judy", "src", "Later, Judy Smith", "--note", "the second time", "--catalog", str(catalog)]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.search(r"catalog\.yaml:22$", out[0]), out
    assert out[1:] == ["      - source: src", '        quote: "Later, Judy Smith"', '        note: "the second time"']
    assert catalog.read_text().splitlines()[21:24] == out[1:]
    anchor = load_catalog(catalog).anchors["judy"][1]
    assert anchor is not None and anchor.text == "Later, Judy Smith"


def test_cite_line_chooses_the_occurrence_and_json_says_where(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["cite", "judy", "src", "Judy Smith met the officers", "--line", "5", "--json", "--catalog", str(catalog)]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["line"] == 22 and report["file"].endswith("catalog.yaml")
    assert 'prefix: "Later,"' in report["inserted"]
    anchor = load_catalog(catalog).anchors["judy"][1]
    assert anchor is not None and anchor.start == SOURCE_TEXT.index("Judy Smith met the officers again")


def test_new_writes_an_entry(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "people", "bernardo-sanchez", "--name", "Bernardo Sánchez", "--summary", "A person.",
                 "--catalog", str(catalog)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"catalog\.yaml:\d+\n", out) and '  - id: bernardo-sanchez' in out
    entry = load_catalog(catalog).entries["bernardo-sanchez"]
    assert (entry.name, entry.summary) == ("Bernardo Sánchez", "A person.")


REFUSALS = {
    "unknown entry": (["cite", "nobody", "src", "Later"], "unknown entry 'nobody'"),
    "unknown source": (["cite", "judy", "nowhere", "Later"], "unknown source 'nowhere'"),
    "not in the source": (["cite", "judy", "src", "Judy Smith met the oficers in Charlote"],
                          "closest match (9"),
    "ambiguous": (["cite", "judy", "src", "Judy Smith met the officers"], "occurs 2 times"),
    "not on that line": (["cite", "judy", "src", "Judy Smith met the officers", "--line", "1"],
                         "does not begin on line 1"),
    "duplicate id": (["new", "subject", "judy", "--name", "Judy"], "duplicate id 'judy'"),
    "unknown kind": (["new", "gadget", "x", "--name", "X"], "unknown kind"),
    "kind needing more": (["new", "event", "x", "--name", "X"], "needs date"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_each_refusal_is_located_exits_1_and_leaves_the_file(
    case: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, message = REFUSALS[case]
    before = catalog.read_bytes()
    assert main([*argv, "--catalog", str(catalog)]) == 1
    err = capsys.readouterr().err
    assert LOCATED.match(err) and message in err and len(err.splitlines()) == 1, err
    assert catalog.read_bytes() == before


def test_a_quote_no_context_can_tell_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalog(tmp_path, VALID.replace("met the officers in Charlotte", "It begins"),
                         {"seeds/a.txt": "It begins.\n" + "She said it.\n" * 40})
    before = path.read_bytes()
    assert main(["cite", "judy", "src", "She said it.", "--line", "20", "--catalog", str(path)]) == 1
    err = capsys.readouterr().err
    assert LOCATED.match(err) and "no prefix or suffix" in err and err.split(":")[1:3] == ["20", "1"]
    assert path.read_bytes() == before


def test_a_file_changed_on_disk_after_loading_is_not_written(
    catalog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load = cli._load

    def load_then_someone_saves(args: object) -> object:
        loaded = load(args)  # type: ignore[arg-type]
        catalog.write_text(catalog.read_text() + "# saved in an editor meanwhile\n")
        return loaded

    monkeypatch.setattr(cli, "_load", load_then_someone_saves)
    assert main(["cite", "judy", "src", "Later, Judy Smith", "--catalog", str(catalog)]) == 1
    err = capsys.readouterr().err
    assert LOCATED.match(err) and "changed on disk" in err
    assert catalog.read_text() == VALID + "# saved in an editor meanwhile\n"


def drifted(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, VALID.replace("met the officers in Charlotte", "met the oficers in Charlote"))


def test_repair_shows_the_closest_match_as_a_word_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = drifted(tmp_path)
    before = path.read_bytes()
    assert main(["repair", "judy", "--catalog", str(path)]) == 0
    out = capsys.readouterr().out
    assert LOCATED.match(out) and "passage 1 of judy (src) is drifted" in out
    assert "closest: met the officers in Charlotte" in out
    assert "diff:    met the [-oficers-] {+officers+} in [-Charlote-] {+Charlotte+}" in out
    assert path.read_bytes() == before
    assert main(["repair", "judy", "--json", "--catalog", str(path)]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["state"] == "drifted" and record["closest"] == "met the officers in Charlotte"


def test_repair_accept_writes_the_closest_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = drifted(tmp_path)
    assert main(["repair", "judy", "--passage", "1", "--accept", "--catalog", str(path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"catalog\.yaml:21\n", out) and 'quote: "met the officers in Charlotte"' in out
    assert main(["validate", "--catalog", str(path)]) == 0
    assert "1 passages: 1 exact, 0 ambiguous, 0 drifted" in capsys.readouterr().out
    assert main(["repair", "judy", "--accept", "--catalog", str(path)]) == 1  # nothing left to accept
    assert "no drifted passage" in capsys.readouterr().err


def test_validate_counts_states_and_json_lists_the_passages_not_exact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, VALID.replace(
        "        quote: met the officers in Charlotte\n",
        "        quote: met the officers in Charlotte\n"
        "      - {source: src, quote: Judy Smith met the officers}\n"
        "      - {source: src, quote: Later Judy Smth met}\n",
    ))
    assert main(["validate", "--catalog", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(": 3 passages: 1 exact, 1 ambiguous, 1 drifted")
    assert main(["validate", "--json", "--catalog", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["passages"] == {"exact": 1, "ambiguous": 1, "drifted": 1}
    states = {(r["passage"], r["state"]): r for r in report["unanchored"]}
    assert states[2, "ambiguous"]["lines"] == [3, 5]
    assert states[3, "drifted"]["closest"] == "Later, Judy Smith met"


def test_help_lists_the_curating_commands_and_the_cli_does_not_import_textual() -> None:
    code = ("import sys, tui.cli\n"
            "tui.cli.build_parser().print_help()\n"
            "assert 'textual' not in sys.modules, 'textual imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    for command in ("cite", "new", "repair"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command

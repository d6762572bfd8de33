"""`imnation suggest ID --json`: the suggestions the YAML drafts, as data, with nothing raw for a terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import make_catalog
from tests.test_coverage import make
from tui.catalog import load_catalog
from tui.catalog.suggest import suggest_passages
from tui.cli import main


def suggest_json(capsys: pytest.CaptureFixture[str], path: Path, entry_id: str) -> list[dict[str, Any]]:
    assert main(["--catalog", str(path), "suggest", entry_id, "--json"]) == 0
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_json_says_what_the_yaml_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make(tmp_path, judy_passages="")
    data = suggest_json(capsys, path, "judy")
    pasted = yaml.safe_load(suggest_passages(load_catalog(path), "judy"))["passages"]
    drafted = [
        {"source": s["source_id"], "quote": s["quote"], **{k: s[k] for k in ("prefix", "suffix") if k in s}}
        for s in data
        if s["unique"]
    ]
    assert drafted == pasted
    text = (tmp_path / "seeds" / "story.txt").read_text(encoding="utf-8")
    for suggestion in data:
        assert set(suggestion) >= {"source_id", "line", "start", "end", "quote", "unique", "context"}
        assert " ".join(text[suggestion["start"]:suggestion["end"]].split()) == suggestion["quote"]
    speech = next(s for s in data if s["quote"] == "We do our job and we go home.")
    assert speech["line"] == 11 and speech["speaker_label"] == {"name": "judy", "line": 9}
    assert "Judy drove to Raleigh" in data[1]["context"]


def test_json_escapes_terminal_controls_in_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Headline\n\nOn Monday \x1b[2J Judy Rivera \u202e went to the office in town.\n"
    person = {"id": "judy", "name": "Judy Rivera", "summary": "An officer."}
    path = make_catalog(tmp_path, {"people": [person]}, text)
    assert main(["--catalog", str(path), "suggest", "judy", "--json"]) == 0
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\u202e" not in out
    (suggestion,) = json.loads(out)
    assert suggestion["quote"] == "On Monday \x1b[2J Judy Rivera \u202e went to the office in town."
    assert "\x1b[2J Judy Rivera" in suggestion["context"]

"""The CLI contract scripts rely on: exit codes, JSON shapes, catalog resolution, no textual import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SOURCE_TEXT, VALID, assert_schema_problem, write_catalog
from tui.cli import main, schema_text

REPO = Path(__file__).resolve().parents[1]


def run(
    args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real process, as a script would run it."""
    full_env = {k: v for k, v in os.environ.items() if k != "IMNATION_CATALOG"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,  # the tests read the exit code
    )


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, VALID)


def json_of(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_validate_ok_prints_a_summary(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--catalog", str(catalog)]) == 0
    out = capsys.readouterr().out
    assert out.endswith("ok: 4 entries (1 episode, 1 subject, 0 people, 1 location, 0 organizations, "
                        "0 topics, 0 scenes, 0 events, 1 source, 0 discrepancies); "
                        "1 passages: 1 exact, 0 ambiguous, 0 drifted\n")


def test_validate_reports_each_problem_and_exits_1(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID.replace("number: 1", "number: one").replace("[charlotte]", "[x]"))
    result = run(["validate", "--catalog", str(path)])
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and "catalog.yaml:9:13: " in lines[0], lines
    assert_schema_problem(lines[0].split("catalog.yaml:", 1)[1], "9:13: episodes.0.number:", "integer")
    assert "Traceback" not in result.stderr


def test_validate_exits_1_on_a_drifted_quote(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID.replace("in Charlotte", "in Charlote"))
    result = run(["validate", "--catalog", str(path)])
    assert result.returncode == 1
    assert ":21:16: quote not found in 'src'; closest match at line 3" in result.stdout


def test_list_json_shape_and_kind_filter(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json_of(capsys, ["list", "--json", "--catalog", str(catalog)])
    assert rows == [
        {"id": "episode-1", "kind": "episode", "name": "Episode 1"},
        {"id": "judy", "kind": "subject", "name": "Judy Smith"},
        {"id": "charlotte", "kind": "location", "name": "Charlotte"},
        {"id": "src", "kind": "source", "name": "A Headline About the Series"},
    ]
    assert json_of(capsys, ["--catalog", str(catalog), "list", "--kind", "location", "--json"]) == [
        {"id": "charlotte", "kind": "location", "name": "Charlotte"}
    ]


def test_show_json_shape_with_derived_links_and_exact_slices(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json_of(capsys, ["show", "judy", "--json", "--catalog", str(catalog)])
    assert record == {
        "id": "judy",
        "kind": "subject",
        "name": "Judy Smith",
        "aliases": [],
        "summary": "Met the officers.",
        "role": None,
        "main": True,
        "links": [
            {"id": "episode-1", "kind": "episode", "name": "Episode 1", "relation": "episodes", "certainty": "stated"},
            {"id": "charlotte", "kind": "location", "name": "Charlotte", "relation": "locations",
             "certainty": "stated"},
        ],
        "passages": [
            {
                "source": "src",
                "file": "seeds/a.txt",
                "line": 3,
                "start": SOURCE_TEXT.index("met the officers"),
                "end": SOURCE_TEXT.index("met the officers") + len("met the officers in Charlotte"),
                "text": "met the officers in Charlotte",
            }
        ],
        "drifted": [],
    }
    episode = json_of(capsys, ["show", "episode-1", "--json", "--catalog", str(catalog)])
    assert episode["links"] == [
        {"id": "judy", "kind": "subject", "name": "Judy Smith", "relation": "subjects", "certainty": "stated"}
    ]


def test_show_unknown_id_suggests_close_ids(catalog: Path) -> None:
    result = run(["show", "judi", "--catalog", str(catalog)])
    assert result.returncode == 1
    assert result.stderr == "imnation: no entry with id 'judi'; did you mean: judy?\n"


def test_open_unknown_id_fails_before_starting_the_app(catalog: Path) -> None:
    for argv in (["open", "charlote"], ["--open", "charlote"]):
        result = run([*argv, "--catalog", str(catalog)])
        assert result.returncode == 1
        assert "no entry with id 'charlote'; did you mean: charlotte" in result.stderr


def test_search_json_shape(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = json_of(capsys, ["search", "judi", "--json", "--catalog", str(catalog)])
    assert hits and hits[0]["id"] == "judy"
    assert set(hits[0]) == {"id", "kind", "name", "score", "field", "snippet"}
    limited = json_of(capsys, ["search", "charlotte", "--kind", "location", "--limit", "1", "--json",
                               "--catalog", str(catalog)])
    assert [h["id"] for h in limited] == ["charlotte"]


def test_search_without_a_hit_exits_1_and_says_so_on_stderr(catalog: Path) -> None:
    result = run(["search", "xqzvvk", "--catalog", str(catalog)])
    assert (result.returncode, result.stdout) == (1, "")
    assert "xqzvvk" in result.stderr


def test_search_names_an_unknown_kind_in_the_query(catalog: Path) -> None:
    result = run(["search", "@bogus judy", "--catalog", str(catalog)])
    assert (result.returncode, result.stdout) == (1, "")
    assert "'bogus'" in result.stderr and "subject" in result.stderr


@pytest.mark.parametrize("kind", ["subject", "Subject", "SUBJECTS", "subjects"])
def test_search_kind_takes_any_case_and_the_plural(
    catalog: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    hits = json_of(capsys, ["search", "judy", "--kind", kind, "--json", "--catalog", str(catalog)])
    assert hits and {h["kind"] for h in hits} == {"subject"}


def test_search_tells_the_total_when_the_limit_cuts_it(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "the", "--limit", "1", "--catalog", str(catalog)]) == 0
    out, err = capsys.readouterr()
    total = len(json_of(capsys, ["search", "the", "--limit", "1000", "--json", "--catalog", str(catalog)]))
    assert len(out.splitlines()) == 1 and total > 1
    assert f"1 of {total} results" in err


def test_show_tells_role_main_notes_and_a_discrepancys_claims(tmp_path: Path) -> None:
    from tests.test_export import CATALOG

    path = write_catalog(tmp_path, CATALOG)
    judy = run(["show", "judy", "--catalog", str(path)]).stdout
    assert "role: ICE officer" in judy and "note: Where she works." in judy
    question = run(["show", "how-often", "--catalog", str(path)]).stdout
    assert "question: How many times did Judy meet the officers?" in question
    claim = question.index("claim 2: Again, later.")
    assert question.index("> met the officers again") > claim > question.index("> twice") > question.index("claim 1")


def test_a_missing_catalog_is_named_as_typed(tmp_path: Path) -> None:
    typed = str(tmp_path / "nonexistent.yaml")
    (tmp_path / "elsewhere").mkdir()
    result = run(["show", "judy", "--catalog", typed], cwd=tmp_path / "elsewhere")  # not ../nonexistent.yaml
    assert result.returncode == 1 and result.stderr.startswith(f"{typed}: ")
    relative = run(["show", "judy", "--catalog", "./missing/../nonexistent.yaml"], cwd=tmp_path)
    assert relative.stderr.startswith("missing/../nonexistent.yaml: ")


def test_schema_is_the_committed_file() -> None:
    result = run(["schema"])
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False and "subjects" in schema["properties"]
    assert (REPO / "catalog.schema.json").read_text(encoding="utf-8") == schema_text() == result.stdout


def test_catalog_resolution_order(tmp_path: Path, catalog: Path) -> None:
    other = write_catalog(tmp_path / "other", VALID.replace("Judy Smith", "Judy Other"))
    env_only = run(["show", "judy", "--json"], cwd=tmp_path, env={"IMNATION_CATALOG": str(other)})
    assert json.loads(env_only.stdout)["name"] == "Judy Other"
    flag_wins = run(["show", "judy", "--json", "--catalog", str(catalog)], env={"IMNATION_CATALOG": str(other)})
    assert json.loads(flag_wins.stdout)["name"] == "Judy Smith"
    cwd_file = run(["show", "judy", "--json"], cwd=tmp_path)
    assert json.loads(cwd_file.stdout)["name"] == "Judy Smith"
    packaged = run(["list", "--kind", "episode", "--json"], cwd=tmp_path / "other" / "seeds")
    assert len(json.loads(packaged.stdout)) == 6


def test_bad_kind_and_help_and_version() -> None:
    assert run(["list", "--kind", "planet"]).returncode == 2
    assert "validate" in run(["--help"]).stdout
    assert run(["--version"]).stdout.startswith("imnation ")


def test_scripting_subcommands_do_not_import_textual(catalog: Path) -> None:
    code = (
        "import sys; from tui.cli import main\n"
        f"for argv in (['validate'], ['list'], ['show', 'judy'], ['search', 'judy'], ['schema']):\n"
        f"    main([*argv, '--catalog', {str(catalog)!r}])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID.replace("name: Judy Smith", 'name: "Judy \\e[2J\\e]0;pwned\\a Smith"'))
    for argv in (["list"], ["show", "judy"], ["search", "judy"]):
        result = run([*argv, "--catalog", str(path)])
        assert result.returncode == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "Judy \\x1b[2J\\x1b]0;pwned\\x07 Smith" in result.stdout


def test_show_marks_a_drifted_passage_and_keeps_passages_exact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, VALID.replace("in Charlotte", "in Charlote"))
    record = json_of(capsys, ["show", "judy", "--json", "--catalog", str(path)])
    assert record["passages"] == []
    (drifted,) = record["drifted"]
    assert drifted["quote"] == "met the officers in Charlote"
    assert ":21:16: quote not found in 'src'; closest match at line 3" in drifted["problem"]
    assert main(["show", "judy", "--catalog", str(path)]) == 0
    out = capsys.readouterr().out
    assert "seeds/a.txt: drifted, not found in the source\n  > met the officers in Charlote\n" in out
    assert "None" not in out


def test_ids_are_found_whatever_their_case(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert json_of(capsys, ["show", "Judy", "--json", "--catalog", str(catalog)])["id"] == "judy"


def test_the_app_refuses_a_catalog_path_that_is_not_there(tmp_path: Path) -> None:
    result = run(["--catalog", str(tmp_path / "missing.yaml")])
    assert result.returncode == 1
    assert result.stderr == f"imnation: no catalog file at {tmp_path / 'missing.yaml'}\n"


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_search_limit_must_be_a_positive_number(catalog: Path, limit: str) -> None:
    result = run(["search", "judy", "--limit", limit, "--catalog", str(catalog)])
    assert result.returncode == 2 and "expected a whole number of at least 1" in result.stderr


def test_validate_json_reports_counts_or_located_problems(tmp_path: Path, catalog: Path) -> None:
    good = run(["validate", "--json", "--catalog", str(catalog)])
    report = json.loads(good.stdout)
    assert good.returncode == 0 and report["ok"] is True and report["problems"] == []
    assert report["counts"]["subject"] == 1 and report["passages_anchored"] == 1
    broken = write_catalog(tmp_path / "broken", VALID.replace("number: 1", "number: one"))
    bad = run(["validate", "--json", "--catalog", str(broken)])
    report = json.loads(bad.stdout)
    assert bad.returncode == 1 and report["ok"] is False and report["counts"] is None
    (problem,) = report["problems"]
    assert (problem["line"], problem["col"], problem["severity"]) == (9, 13, "error")
    assert_schema_problem(problem["message"], "episodes.0.number:", "integer")
    drifted = write_catalog(tmp_path / "drifted", VALID.replace("in Charlotte", "in Charlote"))
    report = json.loads(run(["validate", "--json", "--catalog", str(drifted)]).stdout)
    assert report["ok"] is False and report["counts"]["subject"] == 1 and report["passages_anchored"] == 0

"""Every CLI subcommand on hostile and broken catalogs: exit 0 or 1 with a clear message, text shown
as text, no raw control character on the terminal, and no file touched."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SHIPPED_CATALOG, SOURCE_TEXT, VALID, write_catalog
from tests.hostile import CONTROL, HOSTILE, MARKUP, RAW_CONTROL, YAML_CASES, hostile, hostile_catalog
from tui.cli import main
from tui.text import one_line

REPO = Path(__file__).resolve().parents[1]

# Every subcommand that prints catalog or source text (the app's `open` is covered in test_hostile_app).
TEXT_COMMANDS = [
    ["validate"],
    ["list"],
    ["show", "judy"],
    ["show", "when"],
    ["show", "src"],
    ["search", "judy"],
    ["search", "officers"],
    ["coverage"],
    ["suggest", "judy"],
    ["export", "--format", "markdown"],
    ["export", "--format", "csv"],
]
JSON_COMMANDS = [
    ["list", "--json"],
    ["show", "judy", "--json"],
    ["show", "when", "--json"],
    ["search", "judy", "--json"],
    ["search", "officers", "--json"],
    ["coverage", "--json"],
    ["export", "--format", "json"],
]


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    return hostile_catalog(tmp_path)


@pytest.mark.parametrize("argv", TEXT_COMMANDS, ids=" ".join)
def test_text_output_escapes_control_characters_and_keeps_markup_literal(
    hostile_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run_cli(capsys, [*argv, "--catalog", str(hostile_path)])
    assert code == 0, err
    assert not RAW_CONTROL.search(out + err), repr(RAW_CONTROL.search(out + err))
    assert out.strip()


def test_list_and_show_print_names_exactly_as_visible_text(
    hostile_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, listed, _ = run_cli(capsys, ["list", "--catalog", str(hostile_path)])
    assert one_line(hostile("Judy")) in listed
    assert "\\x1b[2J \\x1b]0;title\\x07" in listed and "\\u202eevil\\u202c" in listed
    _, shown, _ = run_cli(capsys, ["show", "judy", "--catalog", str(hostile_path)])
    for markup in MARKUP:
        assert markup in shown  # the CLI prints text, it has no markup to trigger


@pytest.mark.parametrize("argv", JSON_COMMANDS, ids=" ".join)
def test_json_output_escapes_every_control_character_and_round_trips(
    hostile_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run_cli(capsys, [*argv, "--catalog", str(hostile_path)])
    assert code == 0, err
    assert not RAW_CONTROL.search(out), repr(RAW_CONTROL.search(out))
    data = json.loads(out)
    if argv[0] in ("list", "show", "export"):
        names = [data["name"]] if isinstance(data, dict) else [row["name"] for row in data]
        assert hostile("Judy") in names or hostile("When") in names  # exact strings once parsed


def test_show_json_keeps_aliases_byte_for_byte(hostile_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, ["show", "judy", "--json", "--catalog", str(hostile_path)])
    assert json.loads(out)["aliases"] == [hostile("Jude"), *HOSTILE]


def test_the_real_process_writes_no_raw_control_bytes(hostile_path: Path) -> None:
    """Through a real pipe, bytes and all, as a terminal would receive them."""
    for argv in (["list"], ["show", "judy"], ["show", "judy", "--json"], ["export"]):
        result = subprocess.run(
            [sys.executable, "-m", "tui", *argv, "--catalog", str(hostile_path)],
            cwd=REPO, capture_output=True, timeout=60, check=False,
        )
        assert result.returncode == 0, result.stderr
        text = (result.stdout + result.stderr).decode("utf-8")
        assert not RAW_CONTROL.search(text), (argv, RAW_CONTROL.search(text))


def test_problems_quoting_hostile_text_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A drifted quote's closest match and an unknown key both echo catalog text back."""
    drifted = VALID.replace("quote: met the officers in Charlotte", 'quote: "met the \\e[2J oficers in Charlotte"')
    source = SOURCE_TEXT.replace("met the officers in", "met the \x1b[2J officers in")
    path = write_catalog(tmp_path, drifted, {"seeds/a.txt": source})
    code, out, err = run_cli(capsys, ["validate", "--catalog", str(path)])
    assert code == 1 and "quote not found in 'src'" in out and "\\x1b[2J" in out
    assert not RAW_CONTROL.search(out + err)
    bad_key = VALID.replace("    region: North Carolina\n", '    "\\e]0;pwned\\a\\u202e": x\n')
    code, out, err = run_cli(capsys, ["validate", "--catalog", str(write_catalog(tmp_path, bad_key))])
    assert code == 1 and "unknown field" in out and "\\x1b]0;pwned\\x07\\u202e" in out
    assert not RAW_CONTROL.search(out + err)


@pytest.mark.parametrize("entry_id", list(CONTROL) + list(MARKUP), ids=range(len(CONTROL) + len(MARKUP)))
def test_hostile_ids_on_the_command_line_are_escaped(
    hostile_path: Path, capsys: pytest.CaptureFixture[str], entry_id: str
) -> None:
    code, out, err = run_cli(capsys, ["show", entry_id, "--catalog", str(hostile_path)])
    assert code == 1 and err.startswith("imnation: no entry with id ")
    assert not RAW_CONTROL.search(out + err)


def test_argparse_errors_escape_hostile_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["list", "--kind", "\x1b[2J\u202e"])
    assert exited.value.code == 2
    assert not RAW_CONTROL.search(capsys.readouterr().err)


@pytest.mark.parametrize("case", YAML_CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", [["validate"], ["list", "--json"], ["show", "x"], ["export"]], ids=" ".join)
def test_every_broken_catalog_exits_1_with_located_problems(
    capsys: pytest.CaptureFixture[str], case: Path, command: list[str]
) -> None:
    code, out, err = run_cli(capsys, [*command, "--catalog", str(case)])
    assert code == 1
    reported = (out if command == ["validate"] else err).splitlines()
    assert reported and all(f"{case.name}:" in line for line in reported)
    assert not RAW_CONTROL.search(out + err)


def test_validate_on_a_fifo_or_a_directory_does_not_hang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "dir.yaml").mkdir()
    for name, message in (("fifo.yaml", "is not a regular file"), ("dir.yaml", "is a directory")):
        code, out, _ = run_cli(capsys, ["validate", "--catalog", str(tmp_path / name)])
        assert code == 1 and message in out


# -- nothing lost ----------------------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    """sha256, mtime and mode of every file under `folder`."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_no_subcommand_writes_to_the_catalog_or_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every scripting subcommand, on a copy of the shipped catalog (success paths) and on broken
    copies (error paths): the catalog and its seeds stay byte-for-byte, mtime and mode the same."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    shutil.copy2(SHIPPED_CATALOG, folder / "catalog.yaml")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    catalog = str(folder / "catalog.yaml")
    before = fingerprint(folder)
    commands = [argv for argv in TEXT_COMMANDS + JSON_COMMANDS if "when" not in argv and "src" not in argv]
    commands += [["schema"], ["show", "no-such-id"], ["suggest", "no-such-id"], ["export", "judy", "no-such-id"]]
    codes = [run_cli(capsys, [*argv, "--catalog", catalog])[0] for argv in commands]
    assert codes == [0] * (len(commands) - 3) + [1, 1, 1]
    assert fingerprint(folder) == before

    broken = folder / "catalog.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nsubjects: [\n", encoding="utf-8")
    (folder / "seeds" / sorted(os.listdir(folder / "seeds"))[0]).write_bytes(b"\xff\xfe not utf-8")
    before = fingerprint(folder)
    for argv in commands:
        assert run_cli(capsys, [*argv, "--catalog", catalog])[0] in (0, 1)
    assert fingerprint(folder) == before


def test_a_crlf_source_prints_line_breaks_not_carriage_return_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = SOURCE_TEXT.replace("\n", "\r\n").replace("met the officers in", "met the officers\r\nin")
    path = write_catalog(tmp_path, VALID, {"seeds/a.txt": crlf})
    assert main(["show", "judy", "--catalog", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "> met the officers in Charlotte" in shown and "\\x0d" not in shown
    assert main(["export", "judy", "--format", "markdown", "--catalog", str(path)]) == 0
    exported = capsys.readouterr().out
    assert "> met the officers\n> in Charlotte" in exported and "\\x0d" not in exported


def test_an_encoding_that_cannot_show_the_text_still_prints_it_escaped(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "search", "we're not going", "--catalog", str(write_catalog(tmp_path, VALID))],
        capture_output=True, text=True, timeout=60, check=False, env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "\\u201cwe\\u2019re not going\\u201d" in result.stdout


# Every command and output mode, for the property below.
EVERY_COMMAND = TEXT_COMMANDS + JSON_COMMANDS + [
    ["export", "--format", "w3c"],
    ["citation", "judy"],
    ["citation", "judy", "--format", "markdown"],
    ["citation", "judy", "--format", "csl"],
    ["show", "nowhere"],
    ["timeline"],
]
# Raw in a terminal: C0 but newline and tab, DEL, C1 (U+0085 included), the line/paragraph separators.
RAW_IN_A_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_HOSTILE_TEXT = st.text(
    st.one_of(
        st.sampled_from("\x1b\x07\x85\u2028\u2029\r\x9b\ufffe"),
        st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_HOSTILE_TEXT, file_name=_HOSTILE_TEXT.filter(lambda t: "/" not in t and "\x00" not in t))
def test_no_command_prints_a_raw_control_character(name: str, file_name: str) -> None:
    """Hostile names and source paths, through every command and output mode: stdout and stderr
    hold no control character but newline and tab (everything printed goes through `visible()`)."""
    folder = Path(tempfile.mkdtemp())
    path = hostile_catalog(folder)
    (folder / "seeds" / "source.txt").rename(folder / "seeds" / f"{file_name}.txt")
    text = path.read_text(encoding="utf-8").replace("seeds/source.txt", json.dumps(f"seeds/{file_name}.txt"), 1)
    assert '  name: "Judy ' in text
    path.write_text(text.replace('  name: "Judy ', "  name: " + json.dumps(name)[:-1] + " Judy ", 1), encoding="utf-8")
    for argv in EVERY_COMMAND:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(["--catalog", str(path), *argv])
        said = out.getvalue() + err.getvalue()
        assert not RAW_IN_A_TERMINAL.search(said), (argv, RAW_IN_A_TERMINAL.search(said))
    shutil.rmtree(folder)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_empty_catalog_path_is_a_usage_error_not_another_catalog(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--catalog ''` or an empty $IMNATION_CATALOG used ./catalog.yaml or the packaged copy."""
    write_catalog(tmp_path, VALID, {"seeds/source.txt": SOURCE_TEXT})  # a catalog it must not fall back to
    monkeypatch.chdir(tmp_path)
    if how == "option":
        argv = ["--catalog", "", "list"]
    else:
        monkeypatch.setenv("IMNATION_CATALOG", "")
        argv = ["list"]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == ""
    assert "empty" in err and ("--catalog" in err or "IMNATION_CATALOG" in err), err

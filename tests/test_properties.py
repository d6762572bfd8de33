"""Properties over generated input: whatever the bytes, the loader and `validate` answer, and text
is never passed to a terminal raw. Example budgets are small; the whole module runs in seconds."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SHIPPED_CATALOG, make_catalog
from tests.hostile import HOSTILE, MARKUP, RAW_CONTROL
from tests.pilot import assert_nothing_raw, until
from tui.app import ImnationApp
from tui.app.screens.reader import ReaderScreen
from tui.catalog import CatalogError, anchor, load_catalog
from tui.catalog.anchor import Ambiguous, Found, SourceText, fold
from tui.cli import main
from tui.text import WIDTH_AMBIGUOUS, json_safe, one_line, visible

REPO = Path(__file__).resolve().parents[1]
# "Within a time bound": a generous wall clock per example (they take milliseconds).
PER_EXAMPLE = 2.0

# Pieces of YAML, valid and broken, that random concatenation turns into near-catalogs.
YAML_PIECES = [
    "subjects:", "episodes:", "sources:", "\n", "\n  - ", "  ", "- ", "id: ", "name: ", "summary: ",
    "number: ", "passages:", "quote: ", "source: ", "file: ", "seeds/a.txt", "judy", "1", "99999",
    "9" * 5000, "no", "1:30", "2020-01-01", "~", "=", "<<: ", "[", "]", "{", "}", ",", ": ", "? ",
    "&a ", "*a", "!!int ", "!!python/object:os.system ", "!!binary ", "!x ", "'", '"', "\\", "\\e",
    "\\ud800", "#", "\t", "---", "...", "%YAML 1.1\n", "\ufeff", "é", "\x1b", "\x00", "\u202e",
]
yaml_like = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)
catalog_bytes = st.one_of(st.binary(max_size=400), yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass")))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the shipped catalog's seeds; each example overwrites its catalog.yaml."""
    folder = tmp_path_factory.mktemp("properties")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    return folder


def validate_in_process(path: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["validate", "--catalog", str(path)])


def check_answers(path: Path) -> None:
    """The loader raises nothing but CatalogError, `validate` exits 0 or 1, both in bounded time."""
    started = time.perf_counter()
    with contextlib.suppress(CatalogError):
        load_catalog(path)
    assert validate_in_process(path) in (0, 1)
    assert time.perf_counter() - started < PER_EXAMPLE


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=catalog_bytes)
def test_any_bytes_as_a_catalog_get_an_answer(scratch: Path, data: bytes) -> None:
    path = scratch / "catalog.yaml"
    path.write_bytes(data)
    check_answers(path)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=catalog_bytes)
def test_any_bytes_as_a_catalog_get_an_answer_from_the_real_process(scratch: Path, data: bytes) -> None:
    path = scratch / "catalog.yaml"
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", "--catalog", str(path)],
        cwd=REPO, capture_output=True, timeout=60, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert b"Traceback" not in result.stderr


# -- mutations of the shipped catalog ----------------------------------------------------------


SHIPPED_TEXT = SHIPPED_CATALOG.read_text(encoding="utf-8")
SHIPPED_DATA = yaml.load(SHIPPED_TEXT, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
REPLACEMENTS: list[Any] = [
    None, 0, -1, 7, 1.5, True, "", "x", "Judy", [], {}, ["judy"], {"id": "judy"}, "no", "\x1b[2J"
]


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """The shipped catalog's data with one value somewhere dropped, retyped or reordered."""
    data = json.loads(json.dumps(SHIPPED_DATA, default=str))  # a deep copy
    node: Any = data
    while True:  # walk down a random path, stopping at some depth
        children: list[tuple[Any, Any]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        if not children:
            break
        key, child = draw(st.sampled_from(children))
        operation = draw(st.sampled_from(["descend", "descend", "drop", "retype", "shuffle", "duplicate"]))
        if operation == "descend" and isinstance(child, (dict, list)):
            node = child
            continue
        if operation == "drop":
            del node[key]
        elif operation == "retype":
            node[key] = draw(st.sampled_from(REPLACEMENTS))
        elif operation == "shuffle" and isinstance(child, dict):
            node[key] = dict(draw(st.permutations(list(child.items()))))
        elif operation == "shuffle" and isinstance(child, list):
            node[key] = draw(st.permutations(child))
        elif operation == "duplicate" and isinstance(node, list):
            node.append(json.loads(json.dumps(child)))
        break
    return data


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """The shipped catalog's text truncated, or with a line duplicated (duplicate keys) or dropped."""
    lines = SHIPPED_TEXT.splitlines(keepends=True)
    operation = draw(st.sampled_from(["truncate", "duplicate line", "drop line"]))
    if operation == "truncate":
        return SHIPPED_TEXT[: draw(st.integers(0, len(SHIPPED_TEXT)))]
    at = draw(st.integers(0, len(lines) - 1))
    if operation == "duplicate line":
        return "".join(lines[: at + 1] + lines[at:])
    return "".join(lines[:at] + lines[at + 1 :])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated_data())
def test_mutated_shipped_catalog_data_gets_an_answer(scratch: Path, data: Any) -> None:
    path = scratch / "catalog.yaml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check_answers(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_text())
def test_mutated_shipped_catalog_text_gets_an_answer(scratch: Path, text: str) -> None:
    path = scratch / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    check_answers(path)


# -- text ----------------------------------------------------------------------------------------

any_text = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(HOSTILE), max_size=6).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_visible_text_has_no_raw_control_characters(text: str) -> None:
    shown = visible(text)
    assert not RAW_CONTROL.search(shown) and not RAW_CONTROL.search(one_line(text))
    assert "\n" not in one_line(text)
    if not RAW_CONTROL.search(text) and not WIDTH_AMBIGUOUS.search(text) and not any(
        "\ud800" <= c <= "\udfff" for c in text
    ):
        assert shown == text


@settings(max_examples=300, deadline=None)
@given(text=any_text.filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t)))
def test_json_safe_output_is_the_same_data_with_nothing_raw(text: str) -> None:
    dumped = json_safe(json.dumps({"name": text}, ensure_ascii=False))
    assert not RAW_CONTROL.search(dumped)
    assert json.loads(dumped) == {"name": text}


SOURCE_ALPHABET = st.sampled_from("ab \n\r\t\u00a0\u2019\u201c\u2014-'\"x\x1b")


@settings(max_examples=300, deadline=None)
@given(data=st.data(), text=st.text(alphabet=SOURCE_ALPHABET, max_size=80))
def test_any_slice_of_a_source_anchors_to_text_that_folds_the_same(data: st.DataObject, text: str) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    result = SourceText(text).locate(quote)
    if not fold(quote):
        return  # nothing to find
    assert isinstance(result, (Found, Ambiguous))
    if isinstance(result, Found):
        assert fold(text[result.start:result.end]) == fold(quote)
        # lines as an editor counts them: ended by LF, CRLF or CR
        assert result.line == len(re.split(r"\r\n|\r|\n", text[:result.start]))


# -- any text, rendered by the app (tests/test_hostile_app.py has the hand-picked cases) --------------


def render_entry(folder: Path, name: str, passage: str) -> str:
    """Start the app on an entry called `name` citing `passage`, open the passage in the reader,
    and return everything shown on both screens."""
    source = f"Intro.\n\n{passage}\n"
    entry = {
        "id": "x",
        "name": name,
        "aliases": [name],
        "summary": name,
        "passages": [{"source": "src", "quote": passage}],
    }
    path = make_catalog(folder, {"subjects": [entry]}, source)

    async def session() -> str:
        app = ImnationApp(path, open_id="x")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = assert_nothing_raw(app)
            app.open_source("src")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            await pilot.pause()
            return shown + assert_nothing_raw(app)

    return asyncio.run(session())


printable_words = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), min_size=1, max_size=40
)
hostile_text = st.one_of(
    printable_words.filter(str.strip),
    st.lists(st.sampled_from(HOSTILE + MARKUP), min_size=1, max_size=5).map(" ".join),
).map(lambda t: "w " + t)  # a leading word: names and quotes may not be empty or blank


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile_text, passage=hostile_text)
def test_any_text_as_a_name_or_passage_renders_without_raw_control_characters(
    tmp_path_factory: pytest.TempPathFactory, name: str, passage: str
) -> None:
    shown = render_entry(tmp_path_factory.mktemp("render"), name, passage)
    assert one_line(name)[:10] in shown


@settings(max_examples=25, deadline=None)
@given(
    words=st.lists(st.sampled_from(["judy", "ICE", "the", "officers", "\u2019s", "\u2014", "\n\n", "x"]), min_size=8),
    slices=st.lists(
        st.tuples(st.integers(0, anchor.INDEX_MIN_CHARS), st.integers(1, 120)), min_size=anchor.INDEX_MIN_QUOTES
    ),
)
def test_locating_many_quotes_at_once_finds_what_one_at_a_time_finds(words: list[str], slices: list) -> None:
    """`locate_all` (an index of the text, used on big sources) answers as the plain scan does."""
    text = " ".join(words)
    text = (text * (anchor.INDEX_MIN_CHARS // len(text) + 1))[: anchor.INDEX_MIN_CHARS + 500]
    keys = [(text[start:start + length], None, None) for start, length in slices]
    indexed = SourceText(text)
    indexed.locate_all(keys)
    for key in keys:
        assert indexed.locate(*key) == SourceText(text).locate(*key), key

"""Positions as an editor counts them, and messages that name what a reader cannot see.

Lines end at LF, CRLF and CR and nowhere else (libyaml also ends them at U+0085, U+2028 and
U+2029); columns count characters. Both of the reader's paths (libyaml's own composer and the
careful one that composes from events) give the same values and the same positions.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import JUDY_CATALOG, SHIPPED_CATALOG, SOURCE_TEXT, drift_of, problems_of, write_catalog
from tests.hostile import YAML_CASES
from tui.catalog import CatalogError, load_catalog, yamlload
from tui.catalog.anchor import SourceText
from tui.catalog.positions import LineStarts, position
from tui.catalog.yamlload import KEY, read_yaml

DUPLICATE = "subjects:\n  - id: judy\n    name: {name}\n    name: again\n"


def duplicate_key_line(catalog: str) -> str:
    """The first problem of a catalog with a duplicate `name` key, as `line:col: message`."""
    with pytest.raises(CatalogError) as caught:
        read_yaml(catalog, "c.yaml")
    first = caught.value.problems[0]
    return f"{first.line}:{first.col}: {first.message}"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["LS", "PS", "NEL"])
def test_a_unicode_line_separator_inside_a_value_is_not_a_line_end(separator: str) -> None:
    catalog = DUPLICATE.format(name=f'"one{separator}two{separator}three"')
    assert duplicate_key_line(catalog) == "4:5: duplicate key 'name' (first at line 3)"


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_lf_crlf_and_cr_files_get_the_same_positions(line_end: str) -> None:
    catalog = DUPLICATE.format(name="Judy").replace("\n", line_end)
    assert duplicate_key_line(catalog) == "4:5: duplicate key 'name' (first at line 3)"


def test_a_lone_cr_inside_an_lf_file_ends_a_line_as_in_an_editor() -> None:
    catalog = 'subjects:\n  - id: judy\n    summary: "one\rtwo"\n    name: Judy\n    name: again\n'
    assert duplicate_key_line(catalog) == "6:5: duplicate key 'name' (first at line 5)"


def test_schema_problems_in_a_cr_only_file_point_at_the_editor_line(tmp_path: Path) -> None:
    """The schema path (pydantic's location mapped through the loader's marks) agrees with the
    YAML path: in a CR-only file both count CR as the line end."""
    path = write_catalog(tmp_path, JUDY_CATALOG.replace("main: true", "main: 3").replace("\n", "\r"))
    assert problems_of(path)[0].startswith("10:11: subjects.0.main:")


def test_a_syntax_error_after_a_line_separator_is_at_the_editor_line(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, 'subjects:\n  - id: judy\n    name: "a\u2028b\u2028c"\n    summary: [unclosed\n')
    (problem,) = problems_of(path)
    assert problem.split(":")[0] in {"4", "5"}, problem  # libyaml and PyYAML stop at the bracket or after it


def test_an_unprintable_character_after_a_line_separator_is_at_the_editor_position(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, 'subjects:\n  - id: judy\n    name: "a\u2028b"\n    summary: x\x07\n')
    assert problems_of(path) == [
        "4:15: character U+0007 is not allowed in YAML; write it as an escape inside double quotes"
    ]


def test_invalid_utf8_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes("subjects:\n  - name: \u00e9\u00e9\u00e9 ".encode() + b"\xff\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (2, 15)
    assert "byte offset 27" in problem.message


def test_line_starts_count_lf_crlf_and_cr_only() -> None:
    text = "a\nb\r\nc\rd\u2028e\x85f"
    starts = LineStarts(text)
    assert [starts.position(text.index(c)) for c in "abcdef"] == [(1, 1), (2, 1), (3, 1), (4, 1), (4, 3), (4, 5)]
    assert position(text, text.index("e")) == (4, 3)
    assert position("a\r\nb", 2) == (1, 3)  # the LF of a CRLF still belongs to its line


def test_a_cr_only_source_anchors_on_the_editor_line(tmp_path: Path) -> None:
    text = SourceText("first line\rsecond line\rthird line\r")
    found = text.locate("third line")
    assert found.line == 3  # type: ignore[union-attr]
    assert text.line_span(2) == (11, 22)


# -- messages that show what cannot be seen ---------------------------------------------------------


def quote_problem(tmp_path: Path, quote: str) -> str:
    catalog = JUDY_CATALOG.replace("quote: Judy Smith met the officers in Charlotte.", f'quote: "{quote}"')
    (problem,) = drift_of(write_catalog(tmp_path, catalog))
    return problem


@pytest.mark.parametrize(
    ("quote", "named"),
    [
        ("Judy Smith met the\u200b officers in Charlotte.", "invisible U+200B ZERO WIDTH SPACE at character 19"),
        ("Judy Smith met the offi\u00adcers in Charlotte.", "invisible U+00AD SOFT HYPHEN at character 24"),
        ("\ufeffJudy Smith met the officers in Charlotte.", "invisible U+FEFF ZERO WIDTH NO-BREAK SPACE at"),
    ],
    ids=["zero-width space", "soft hyphen", "BOM"],
)
def test_a_quote_missing_only_for_an_invisible_character_names_it(tmp_path: Path, quote: str, named: str) -> None:
    problem = quote_problem(tmp_path, quote)
    assert "quote not found" in problem and named in problem, problem


def test_a_decomposed_accent_is_forgiven_like_curly_quotes(tmp_path: Path) -> None:
    assert "Judy Smith met the officers in Charlotte." in SOURCE_TEXT
    text = SOURCE_TEXT.replace("Judy Smith", "Jos\u00e9 Smith")
    catalog = JUDY_CATALOG.replace(
        "quote: Judy Smith met the officers in Charlotte.", 'quote: "Jose\u0301 Smith met the officers in Charlotte."'
    )
    path = write_catalog(tmp_path, catalog, {"seeds/a.txt": text})
    assert drift_of(path) == []


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("jud\u0443", r"'jud\u0443': U+0443 CYRILLIC SMALL LETTER U"),
        ("ju\u200bdy", r"'ju\u200bdy': U+200B ZERO WIDTH SPACE"),
    ],
    ids=["look-alike", "invisible"],
)
def test_an_id_with_a_look_alike_or_invisible_character_is_shown_escaped(
    tmp_path: Path, written: str, shown: str
) -> None:
    path = write_catalog(tmp_path, JUDY_CATALOG.replace("id: judy", f'id: "{written}"'))
    (problem,) = problems_of(path)
    assert problem.startswith("8:9: subjects.0.id:") and f"(the id is {shown}" in problem, problem


def test_a_long_key_is_cut_in_messages(tmp_path: Path) -> None:
    key = "k" * 500  # (YAML allows a plain key up to 1,024 characters)
    path = write_catalog(tmp_path, JUDY_CATALOG.replace("main: true", f"{key}: 1\n    main: true"))
    (problem,) = problems_of(path)
    assert problem == f"10:5: subjects.0.{'k' * 60}…: unknown field"


def test_json_style_surrogate_pair_escapes_are_the_character(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, JUDY_CATALOG.replace("name: Judy Smith", 'name: "Judy \\ud83d\\udc4d"'))
    assert load_catalog(path).entries["judy"].name == "Judy \U0001f44d"


def test_a_lone_surrogate_escape_is_refused(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, JUDY_CATALOG.replace("name: Judy Smith", 'name: "Judy \\ud83d"'))
    (problem,) = problems_of(path)
    assert problem.startswith("9:11: ") and "lone surrogate" in problem


def test_a_surrogate_pair_in_a_catalog_too_big_for_the_pure_parser_says_how_to_write_it(tmp_path: Path) -> None:
    padding = "# " + "x" * 100 + "\n"
    catalog = JUDY_CATALOG.replace("name: Judy Smith", 'name: "Judy \\ud83d\\udc4d"')
    path = write_catalog(tmp_path, padding * (yamlload.PURE_PARSER_MAX_CHARS // len(padding) + 1) + catalog)
    (problem,) = problems_of(path)
    assert "write the character itself" in problem, problem


# -- libyaml's own composer and the careful one agree -----------------------------------------------


def careful(text: str, spans: bool) -> yamlload.Marked:
    original = yamlload._compose_fast
    yamlload._compose_fast = lambda text: None  # type: ignore[assignment]
    try:
        return read_yaml(text, "c.yaml", spans=spans)
    finally:
        yamlload._compose_fast = original


def fast(text: str, spans: bool) -> yamlload.Marked:
    """Read with libyaml's composer whenever it can be trusted, however dense the text."""
    density = yamlload.MIN_CHARS_PER_SEPARATOR
    yamlload.MIN_CHARS_PER_SEPARATOR = 0
    try:
        return read_yaml(text, "c.yaml", spans=spans)
    finally:
        yamlload.MIN_CHARS_PER_SEPARATOR = density


def assert_same_reading(text: str) -> None:
    quick: yamlload.Marked | CatalogError
    slow: yamlload.Marked | CatalogError
    for spans in (False, True):
        try:
            quick = fast(text, spans)
        except CatalogError as exc:
            quick = exc
        try:
            slow = careful(text, spans)
        except CatalogError as exc:
            slow = exc
        if isinstance(quick, CatalogError) or isinstance(slow, CatalogError):
            assert isinstance(quick, CatalogError) and isinstance(slow, CatalogError), (quick, slow)
            assert [str(p) for p in quick.problems] == [str(p) for p in slow.problems]
        else:
            assert dataclasses.asdict(quick) == dataclasses.asdict(slow)


def test_both_paths_read_the_shipped_catalog_alike() -> None:
    # the fast path ran, unless this PyYAML's libyaml could crash on deep nesting (see _compose_fast)
    fast_path_ran = yamlload._compose_fast(SHIPPED_CATALOG.read_text(encoding="utf-8")) is not None
    assert fast_path_ran == yamlload._libyaml_limits_nesting()
    assert_same_reading(SHIPPED_CATALOG.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", YAML_CASES, ids=lambda p: p.stem)
def test_both_paths_refuse_each_hostile_case_alike(case: Path) -> None:
    assert_same_reading(case.read_text(encoding="utf-8"))


def test_nesting_deeper_than_the_limit_is_refused_on_the_fast_path() -> None:
    text = "subjects: [{id: x, name: " + "[" * 200 + "]" * 200 + "}]\n"
    assert (yamlload._compose_fast(text) is not None) == yamlload._libyaml_limits_nesting()
    with pytest.raises(CatalogError) as caught:
        read_yaml(text, "c.yaml")
    (problem,) = caught.value.problems
    assert problem.message == f"values are nested more than {yamlload.MAX_DEPTH} levels deep"


_SCALARS = st.one_of(
    st.text(
        alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF) | st.sampled_from("\u2028\r\n\t&*:-,[]{}#'\""),
        max_size=12,
    ),
    st.integers(), st.booleans(), st.none(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(value=st.dictionaries(st.text(min_size=1, max_size=6), _VALUES, min_size=1, max_size=4),
       flow=st.booleans(), line_end=st.sampled_from(["\n", "\r\n", "\r"]))
def test_both_paths_read_any_document_alike(value: dict, flow: bool, line_end: str) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True).replace("\n", line_end)
    assert_same_reading(text)


# -- positions inside entries, read again when asked ----------------------------------------------

ODD_LAYOUTS = {
    "flow entries": "people:\n  - {id: a, name: A,\n     summary: x, passages: [{source: s, quote: q}]}\n  - {id: b}\n",
    "flow section": "people: [{id: a, name: A}, {id: b,\n  name: B, aliases: [x, y]}]\n",
    "blank lines and comments": (
        "people:\n\n  # first\n  - id: a\n\n    # its name\n    name: A\n  -   id: b\n      name: B\n"
    ),
    "mapping on the next line": "people:\n  -\n    id: a\n    name: A\n",
    "separator in a value": "people:\n  - id: a\n    name: \"A\u2028B\"\n    summary: x\n",
    "cr only": "people:\r  - id: a\r    name: A\r    summary: |\r      two\r      lines\r    role: r\r",
    "surrogate pair escape": 'people:\n  - id: a\n    name: "\\ud83d\\udc4d"\n    summary: x\n',
    "bom and crlf": "\ufeffpeople:\r\n  - id: a\r\n    name: A\r\n",
}


@pytest.mark.parametrize("text", [*ODD_LAYOUTS.values(), SHIPPED_CATALOG.read_text(encoding="utf-8")],
                         ids=[*ODD_LAYOUTS, "shipped catalog"])
def test_positions_inside_entries_are_those_of_a_full_read(text: str) -> None:
    """Reading an entry again alone, when a problem asks for a position inside it, gives what
    recording every position while reading the whole file gives: values, keys and plain scalars."""
    text = text.removeprefix("\ufeff")
    full, lazy = read_yaml(text, "c.yaml", spans=True), read_yaml(text, "c.yaml")
    inner = [path for path in full.values if len(path) > 2]
    assert inner and not any(path in lazy.values for path in inner)  # not recorded while reading
    assert {path: lazy.position(path) for path in inner} == {path: full.values[path] for path in inner}
    inner_keys = [path for path in full.keys if len(path) > 2]
    assert {path: lazy.key_position(path) for path in inner_keys} == {path: full.keys[path] for path in inner_keys}
    assert [lazy.is_plain(path) for path in inner] == [path in full.plain_scalars for path in inner]
    assert lazy.spans == {path: span for path, span in full.spans.items() if len(path) <= 2 and path[-1:] != (KEY,)}


# -- reading again only the entries a save changed ------------------------------------------------

SHIPPED_TEXT = SHIPPED_CATALOG.read_text(encoding="utf-8")
_EDIT_CHARACTERS = st.sampled_from([*"ab ", " ", "\n", "\n    ", "\n  - ", ":", "-", "#", '"', "'", "[", "]", "{",
                                     "}", ",", "|", ">", "&", "*", "!", "\t", "é", "\u2028", "- id: x\n    name: y\n"])


def shallow(marked: yamlload.Marked) -> dict[str, object]:
    """What a reading keeps of the sections and entries (everything `reread` must get right)."""
    return {
        "data": marked.data,
        "values": {path: at for path, at in marked.values.items() if len(path) <= 2},
        "keys": {path: at for path, at in marked.keys.items() if len(path) <= 1},
        "spans": {path: span for path, span in marked.spans.items() if len(path) <= 2},
        "plain": {path for path in marked.plain_scalars if len(path) <= 2},
        "columns": marked.entry_columns,
    }


def full_read(text: str) -> yamlload.Marked | None:
    try:
        return read_yaml(text, "c.yaml")
    except CatalogError:
        return None


def edited(text: str, start: int, length: int, inserted: str) -> str:
    return text[:start] + inserted + text[start + length:]


@settings(max_examples=int(os.environ.get("REREAD_EXAMPLES", "200")), deadline=None)
@given(st.data())
def test_reading_again_only_the_changed_entries_is_reading_it_all(data: st.DataObject) -> None:
    """Any edit, anywhere (a value, the indentation, a dash, a comment, a new or a deleted entry):
    what `reread` answers is what reading the whole new text answers, and when the whole text would
    not read (a syntax error, an anchor) `reread` does not answer at all."""
    previous = read_yaml(SHIPPED_TEXT, "c.yaml")
    spans = [span for path, span in previous.spans.items() if len(path) == 2]
    span = data.draw(st.sampled_from(spans))
    start = data.draw(st.integers(span.start - 4, span.end + 4))
    length = data.draw(st.integers(0, 40))
    inserted = "".join(data.draw(st.lists(_EDIT_CHARACTERS, max_size=6)))
    text = edited(SHIPPED_TEXT, start, length, inserted)
    quick, full = yamlload.reread(previous, text, "c.yaml"), full_read(text)
    if quick is not None:
        assert full is not None
        assert shallow(quick) == shallow(full)


def test_a_changed_value_an_added_and_a_removed_entry_are_read_alone() -> None:
    previous = read_yaml(SHIPPED_TEXT, "c.yaml")
    name_at = SHIPPED_TEXT.index("name: \"Bernardo\"")
    entry = previous.spans[next(p for p, s in previous.spans.items() if len(p) == 2 and s.start <= name_at < s.end)]
    first_line, next_line = (SHIPPED_TEXT.rfind("\n", 0, at) + 1 for at in (entry.start, entry.end))
    whole_entry = SHIPPED_TEXT[first_line:next_line]  # its lines, from its dash
    for text in (
        SHIPPED_TEXT.replace("name: \"Bernardo\"", "name: \"Bernardo Renamed\"", 1),
        SHIPPED_TEXT[:next_line] + whole_entry.replace("id: bernardo", "id: bernardo-2") + SHIPPED_TEXT[next_line:],
        SHIPPED_TEXT[:first_line] + SHIPPED_TEXT[next_line:],
    ):
        quick = yamlload.reread(previous, text, "c.yaml")
        assert quick is not None and shallow(quick) == shallow(read_yaml(text, "c.yaml"))

"""Hostile and broken catalogs and sources: the loader explains, bounds its work, never crashes."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from tests.helpers import (
    SHIPPED_CATALOG,
    SOURCE_TEXT,
    VALID,
    assert_schema_problem,
    bounded_run,
    drift_of,
    make_catalog,
    problems_of,
    write_catalog,
)
from tests.hostile import HOSTILE, NOT_UTF8, QUOTE, YAML_CASES, hostile_catalog
from tui.catalog import CatalogError, load_catalog
from tui.catalog.loader import MAX_SOURCE_BYTES
from tui.catalog.yamlload import MAX_CATALOG_BYTES

# The bound for a broken catalog to be explained; these take milliseconds.
EXPLAINED_WITHIN = 1.0


def sparse_file(path: Path, size: int) -> Path:
    """A file that claims `size` bytes without taking the disk space (or the time to write it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


# -- broken YAML: one fixture per case under tests/hostile/yaml/ ------------------------------------


def expectations(case: Path) -> list[tuple[str, str]]:
    """The `# expect:` (a literal prefix) and `# expect-re:` (a regular expression) lines of a case."""
    found = []
    for line in case.open(encoding="utf-8"):
        for kind in ("expect", "expect-re"):
            if line.startswith(f"# {kind}: "):
                found.append((kind, line.removeprefix(f"# {kind}: ").rstrip("\n")))
    return found


@pytest.mark.parametrize("case", YAML_CASES, ids=lambda p: p.stem)
def test_broken_yaml_is_explained_at_file_line_col_quickly(case: Path) -> None:
    expected = expectations(case)
    assert expected, f"{case.name} has no '# expect:' line"
    started = time.perf_counter()
    with pytest.raises(CatalogError) as caught:
        load_catalog(case)
    elapsed = time.perf_counter() - started
    got = [str(problem) for problem in caught.value.problems]
    assert len(got) == len(expected), got
    for line, (kind, want) in zip(got, expected, strict=True):
        assert line.startswith(f"{case.name}:") or f"/{case.name}:" in line, line
        problem = line.split(f"{case.name}:", 1)[1]
        if kind == "expect":
            assert problem.startswith(want), (line, want)
        else:
            assert re.match(want, problem, re.IGNORECASE), (line, want)
    assert elapsed < EXPLAINED_WITHIN


def test_billion_laughs_is_refused_before_any_expansion(tmp_path: Path) -> None:
    """Ten levels of nine aliases would be 10^9 strings; the first anchor stops it."""
    bomb = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    bomb += [f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]" for a, b in zip("abcdefghi", "bcdefghij", strict=True)]
    path = write_catalog(tmp_path, "\n".join(bomb) + "\nsubjects: *j\n", {})
    tracemalloc.start()
    try:
        assert problems_of(path) == ["1:4: YAML anchors (&a) are not allowed in a catalog"]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_a_catalog_over_the_size_limit_is_refused_by_size_before_it_is_read(tmp_path: Path) -> None:
    path = sparse_file(tmp_path / "catalog.yaml", MAX_CATALOG_BYTES + 1)
    tracemalloc.start()
    try:
        started = time.perf_counter()
        said = f"1:1: file is {MAX_CATALOG_BYTES + 1:,} bytes; the limit is {MAX_CATALOG_BYTES:,}"
        assert problems_of(path) == [said]
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, "the file was read into memory before its size was checked"
    assert elapsed < EXPLAINED_WITHIN


def test_nesting_as_deep_as_the_size_limit_allows_is_refused_quickly(tmp_path: Path) -> None:
    """8 MiB of `[`: refused at line 1 as nested too deep, in bounded time and memory. Which refuses
    it first, the loader's own depth limit (64) or libyaml's (1000, since libyaml 0.2.6), depends on
    the install, so the column and the exact wording are not checked. (The size limit is higher, for
    100k-entry catalogs; reading is linear, so 8 MiB tells as much about the nesting as 128 would.)"""
    path = tmp_path / "catalog.yaml"
    size = min(MAX_CATALOG_BYTES, 8 * 1024 * 1024)
    path.write_text("[" * (size - 1), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    elapsed = time.perf_counter() - started  # (timed untraced: tracemalloc slows PyYAML's own parser)
    (problem,) = caught.value.problems
    assert problem.line == 1 and problem.severity == "error", problem
    assert re.search(r"nest", problem.message, re.IGNORECASE), problem
    assert elapsed < EXPLAINED_WITHIN
    tracemalloc.start()
    try:
        with pytest.raises(CatalogError):
            load_catalog(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The file's bytes and its decoded text (8 MiB each), and little more: nothing was built per `[`.
    assert peak < 2 * size + 4 * 1024 * 1024, f"peak {peak:,} bytes"


def test_an_empty_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(b"")
    assert problems_of(path) == ["1:1: the catalog is empty; expected a mapping of sections"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.mkdir(), "0:0: is a directory, not a file"),
        (os.mkfifo, "0:0: is not a regular file (a FIFO, socket or device)"),
    ],
    ids=["directory", "fifo"],
)
def test_a_catalog_path_that_is_not_a_file_is_explained_without_blocking(tmp_path: Path, make, expected: str) -> None:
    path = tmp_path / "catalog.yaml"
    make(path)
    assert problems_of(path) == [expected]


def test_a_plain_equals_sign_is_just_text(tmp_path: Path) -> None:
    """YAML 1.1 resolves a bare `=` to its obscure 'value' tag; a curator means the character."""
    catalog = load_catalog(write_catalog(tmp_path, VALID.replace("summary: A city.", "summary: =")))
    assert catalog.entries["charlotte"].summary == "="


# -- text that is valid but hostile ----------------------------------------------------------------


def test_markup_and_control_characters_load_verbatim_and_anchor(tmp_path: Path) -> None:
    catalog = load_catalog(hostile_catalog(tmp_path))
    assert catalog.problems == ()
    judy = catalog.entries["judy"]
    assert set(HOSTILE) <= set(judy.aliases)
    (anchor, *_) = catalog.anchors_of("judy")
    assert anchor.text == QUOTE  # exact slice, control characters and all
    assert all(len(catalog.anchors_of(i)) >= 1 for i in ("judy", "when"))


def test_empty_strings_are_refused_where_text_is_required(tmp_path: Path) -> None:
    text = VALID.replace("name: Charlotte", 'name: ""').replace(
        "quote: met the officers in Charlotte", 'quote: ""'
    ).replace("locations: [charlotte]", 'locations: [charlotte]\n    aliases: [""]')
    problems = problems_of(write_catalog(tmp_path, text))
    wheres = ["19:15: subjects.0.aliases.0:", "22:16: subjects.0.passages.0.quote:", "25:11: locations.0.name:"]
    assert len(problems) == len(wheres), problems
    for problem, where in zip(problems, wheres, strict=True):
        assert_schema_problem(problem, where, "1 character")


def test_an_empty_id_is_refused(tmp_path: Path) -> None:
    (problem,) = problems_of(write_catalog(tmp_path, VALID.replace("id: charlotte", 'id: ""')))
    assert_schema_problem(problem, "23:9: locations.0.id:", "pattern")


def test_a_one_megabyte_name_loads(tmp_path: Path) -> None:
    name = "N" * (1024 * 1024)
    catalog = load_catalog(write_catalog(tmp_path, VALID.replace("name: Charlotte", f"name: {name}")))
    assert catalog.entries["charlotte"].name == name


def test_link_cycles_load_and_each_link_appears_once(tmp_path: Path) -> None:
    """judy -> charlotte -> judy, and a three-cycle of scenes: links are stored, never followed."""
    scene = lambda i, j: {"id": f"s{i}", "name": f"S{i}", "summary": "x", "scenes": [f"s{j}"]}  # noqa: E731
    entries = {
        "subjects": [{"id": "judy", "name": "Judy", "summary": "x", "locations": ["charlotte"]}],
        "locations": [{"id": "charlotte", "name": "C", "summary": "x", "subjects": ["judy"]}],
        "scenes": [scene(1, 2), scene(2, 3), scene(3, 1)],
    }
    catalog = load_catalog(make_catalog(tmp_path, entries))
    assert [e.id for e in catalog.linked("judy", "locations")] == ["charlotte"]
    assert [e.id for e in catalog.linked("charlotte", "subjects")] == ["judy"]
    assert sorted(e.id for e in catalog.linked("s1", "scenes")) == ["s2", "s3"]


def test_a_hundred_thousand_entries_load(tmp_path: Path) -> None:
    """Measured in docs/robustness.md (about 5 s); here only that it works."""
    topics = "".join(f"  - {{id: t{i}, name: Topic {i}, summary: About {i}.}}\n" for i in range(100_000))
    catalog = load_catalog(write_catalog(tmp_path, VALID + "topics:\n" + topics))
    assert catalog.counts()["topic"] == 100_000
    assert catalog.positions["t99999"].line == VALID.count("\n") + 100_001


# -- sources ---------------------------------------------------------------------------------------


def test_missing_source_drifts_and_names_the_file(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID, sources={})
    assert drift_of(path) == ["5:11: source 'src': seeds/a.txt: file not found"]
    assert load_catalog(path).anchors["judy"] == (None,)


def test_unreadable_source_drifts_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A permission error, simulated: CI runs as root, which reads a chmod-000 file anyway."""
    path = write_catalog(tmp_path, VALID)
    real_open = os.open

    def refusing_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file).name == "a.txt":  # the loader opens each file once, with os.open
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    assert drift_of(path) == ["5:11: source 'src': seeds/a.txt: cannot read: Permission denied"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.mkdir(), "is a directory, not a file"),
        (os.mkfifo, "is not a regular file (a FIFO, socket or device)"),
    ],
    ids=["directory", "fifo"],
)
def test_a_source_that_cannot_be_read_as_a_file_drifts_without_blocking(tmp_path: Path, make, expected: str) -> None:
    (tmp_path / "seeds").mkdir()
    make(tmp_path / "seeds" / "a.txt")
    assert drift_of(write_catalog(tmp_path, VALID, sources={})) == [f"5:11: source 'src': seeds/a.txt: {expected}"]


def test_non_utf8_source_names_the_file_line_column_and_byte_offset(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID, sources={})
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_bytes(NOT_UTF8.read_bytes())
    assert drift_of(path) == [
        "5:11: source 'src': seeds/a.txt:1:4: not valid UTF-8 (byte offset 3: invalid continuation byte)"
    ]


def test_non_utf8_after_a_bom_counts_the_bom_in_the_byte_offset_not_the_column(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID, sources={})
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_bytes(b"\xef\xbb\xbf" + NOT_UTF8.read_bytes())
    assert drift_of(path) == [
        "5:11: source 'src': seeds/a.txt:1:4: not valid UTF-8 (byte offset 6: invalid continuation byte)"
    ]


def test_bom_and_crlf_source_anchors_with_offsets_into_the_text(tmp_path: Path) -> None:
    text = SOURCE_TEXT.replace("\n", "\r\n")
    path = write_catalog(tmp_path, VALID, {"seeds/a.txt": "\ufeff" + text})
    catalog = load_catalog(path)
    (anchor,) = catalog.anchors_of("judy")
    assert catalog.problems == ()
    assert catalog.texts["src"].text == text  # the BOM is not part of the text
    assert text[anchor.start:anchor.end] == "met the officers in Charlotte" and anchor.line == 3


def test_crlf_quote_in_the_catalog_matches_an_lf_source(tmp_path: Path) -> None:
    quote = 'quote: "She said \\u201cwe\\u2019re not going\\u201d\\r\\n\\u2014 twice."'
    catalog = load_catalog(write_catalog(tmp_path, VALID.replace("quote: met the officers in Charlotte", quote)))
    (anchor,) = catalog.anchors_of("judy")
    assert anchor.text == "She said \u201cwe\u2019re not going\u201d \u2014 twice."


def test_a_20_mb_source_loads_and_anchors(tmp_path: Path) -> None:
    filler = "Lorem \u201cipsum\u201d dolor sit amet,\r\n\r\nconsectetur  adipiscing elit. " * 180_000
    big = filler + SOURCE_TEXT + filler
    assert 20_000_000 < len(big.encode()) < MAX_SOURCE_BYTES
    catalog = load_catalog(write_catalog(tmp_path, VALID, {"seeds/a.txt": big}))
    (anchor,) = catalog.anchors_of("judy")
    assert big[anchor.start:anchor.end] == "met the officers in Charlotte"
    assert anchor.line == filler.count("\n") + 3


def test_a_source_over_the_size_limit_drifts_with_a_size_error(tmp_path: Path) -> None:
    sparse_file(tmp_path / "seeds" / "a.txt", MAX_SOURCE_BYTES + 1)
    path = write_catalog(tmp_path, VALID, sources={})
    assert drift_of(path) == [
        f"5:11: source 'src': seeds/a.txt:1:1: file is {MAX_SOURCE_BYTES + 1:,} bytes; "
        f"the limit is {MAX_SOURCE_BYTES:,}"
    ]


def test_a_quote_found_everywhere_lists_a_few_lines_not_all(tmp_path: Path) -> None:
    text = VALID.replace("quote: met the officers in Charlotte", "quote: the")
    (problem,) = drift_of(write_catalog(tmp_path, text, {"seeds/a.txt": "the\n" * 5000}))
    assert problem == (
        "21:16: quote occurs 5000 times in 'src' (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 4,990 more); "
        "add a prefix or suffix to choose one"
    )


# -- source paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("/etc/passwd", "must be a relative path inside the catalog folder"),
        ("seeds/../../outside.txt", "must be a relative path inside the catalog folder"),
        ('"seeds/a.txt\\0.png"', "must be a relative path inside the catalog folder"),
    ],
    ids=["absolute", "dot-dot", "nul"],
)
def test_source_paths_that_escape_are_refused(tmp_path: Path, file: str, expected: str) -> None:
    (problem,) = problems_of(write_catalog(tmp_path, VALID.replace("file: seeds/a.txt", f"file: {file}")))
    assert problem.startswith("5:11: source file ") and problem.endswith(expected)


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").symlink_to("b.txt")
    (tmp_path / "seeds" / "b.txt").symlink_to("a.txt")
    assert problems_of(write_catalog(tmp_path, VALID, sources={})) == [
        "5:11: source file 'seeds/a.txt' is a symlink loop"
    ]


def test_symlink_to_etc_passwd_is_refused(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").symlink_to("/etc/passwd")
    assert problems_of(write_catalog(tmp_path, VALID, sources={})) == [
        "5:11: source file 'seeds/a.txt' leads outside the catalog folder"
    ]


def test_the_loader_never_writes(tmp_path: Path) -> None:
    """Loading (even a catalog full of problems) leaves every file byte-for-byte and time-for-time."""
    path = write_catalog(tmp_path, VALID.replace("in Charlotte", "in Charlote"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    load_catalog(path)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()} == before


def test_safe_dump_of_hostile_strings_round_trips(tmp_path: Path) -> None:
    """The fixture itself: yaml.safe_dump writes control characters as escapes the loader reads back."""
    text = hostile_catalog(tmp_path).read_text(encoding="utf-8")
    assert "\x1b" not in text and yaml.safe_load(text)["subjects"][0]["aliases"][1:] == list(HOSTILE)


# -- many tiny values: bounded time, memory and output ----------------------------------------------


@pytest.mark.parametrize("item", ["1", "{}", "[]"], ids=["numbers", "empty-mappings", "empty-lists"])
def test_a_megabyte_of_tiny_non_entries_is_refused_quickly_with_a_bounded_count(tmp_path: Path, item: str) -> None:
    """`sources: [1,1,1,…]` of a megabyte: the first 100 problems and one line with the exact
    count of the rest, in under 2 s and 300 MB (it took 12–56 s and 1–6 GB)."""
    count = 1024 * 1024 // (len(item) + 1)
    path = tmp_path / "catalog.yaml"
    path.write_text("sources: [" + ",".join([item] * count) + "]\n", encoding="utf-8")
    elapsed, peak, said = bounded_run(
        f"""
        from tui.catalog import CatalogError, load_catalog
        def run():
            try:
                load_catalog({str(path)!r})
            except CatalogError as exc:
                return "\\n".join(str(p) for p in exc.problems)
        """
    )
    lines = said.splitlines()
    assert len(lines) == 101
    assert all(":1:" in line and "sources." in line for line in lines[:100]), lines[:3]
    assert lines[-1].endswith(f"… and {count - 100:,} more problems")
    assert elapsed < 2.0 and peak < 300, (elapsed, peak)


# -- search: what a query costs is bounded by its length ---------------------------------------------


def test_a_five_thousand_letter_word_is_searched_within_a_second(tmp_path: Path) -> None:
    """Every one-edit variant of a 5,000-letter word was gigabytes; the query is cut to 200
    characters and 16 words (`tui/search/query.py`), and long words find their typos by a scan."""
    elapsed, peak, said = bounded_run(
        f"""
        from tui.catalog import load_catalog
        from tui.search.index import SearchIndex
        from tui.search.query import Mode, Term
        from tui.search.vocab import Vocabulary
        index = SearchIndex(load_catalog({str(SHIPPED_CATALOG)!r}))
        vocabulary = Vocabulary(["c" * 4999 + "d", "c" * 5001, "charlotte"])
        def run():
            found = index.search("charlotte" + "x" * 5000)
            found += index.search(" ".join(["charlotte"] * 5000))
            matches = vocabulary.match(Term("c" * 5000, Mode.FUZZY))  # past the query cap
            return f"{{len(found)}} {{len(matches.ranked)}}"
        """
    )
    assert said.split()[1] == "2", said  # the two words one typo away
    assert elapsed < 1.0 and peak < 300, (elapsed, peak)


@pytest.mark.parametrize("where", ["summary", "source"])
def test_a_hit_in_five_megabytes_of_distinct_words_is_highlighted_quickly(tmp_path: Path, where: str) -> None:
    """Highlighting re-folded the whole matched field character by character: 5 s a hit in a 5 MB
    summary, 48 s to type a query in the app. A long field is folded a piece at a time, and only
    the pieces holding a matched word are looked at. (The index of 700,000 distinct words was 250 MB
    traced while it was built: a list of one array per word; now one counting sort.)"""
    words = " ".join(f"word{i}" for i in range(700_000))
    judy = {"id": "judy", "name": "Judy", "summary": words if where == "summary" else "An officer."}
    path = make_catalog(tmp_path, {"people": [judy]}, f"Headline\n\n{words if where == 'source' else 'Judy.'}\n")
    elapsed, peak, said = bounded_run(
        f"""
        from tui.catalog import load_catalog
        from tui.search.index import SearchIndex
        index = SearchIndex(load_catalog({str(path)!r}))
        def run():
            hits = [index.search(typed, limit=40) for typed in ("w", "wo", "word6", "word69999", "word699999")]
            last = hits[-1][0]
            return f"{{[len(found) for found in hits]}} {{last.snippet[last.snippet_positions[0]:][:10]}}"
        """
    )
    counts, shown = said.rsplit(" ", 1)
    assert counts == "[1, 1, 1, 1, 1]" and shown == "word699999", said
    assert elapsed < 1.0 and peak < 300, (elapsed, peak)


def test_suggest_output_pastes_as_valid_yaml_with_noncharacters_and_separators_nearby(tmp_path: Path) -> None:
    """U+FFFE/U+FFFF and U+2028/U+2029 around a mention reached `suggest`'s comment lines raw: a
    paste then failed to load (YAML refuses the first two; the others end a comment line)."""
    from tui.catalog.suggest import suggest_passages
    from tui.catalog.yamlload import read_yaml

    text = "Headline\n\nOn Monday \ufffe Judy Rivera \u2028 went to the \uffff office \u2029 in town.\n"
    person = {"id": "judy", "name": "Judy Rivera", "summary": "x"}
    suggestion = suggest_passages(load_catalog(make_catalog(tmp_path / "a", {"people": [person]}, text)), "judy")
    passages = read_yaml(suggestion, "pasted.yaml").data["passages"]
    assert len(passages) == 1
    pasted = load_catalog(make_catalog(tmp_path / "b", {"people": [{**person, "passages": passages}]}, text))
    assert pasted.problems == () and len(pasted.anchors_of("judy")) == 1


@pytest.mark.parametrize(
    ("written", "field", "hint"),
    [
        ("number: yes", "number", "YAML read the unquoted value as bool True; write a number"),
        ('number: 1\n    described: "off"', "described", "write true or false, without quotes"),
    ],
)
def test_yaml_11_booleans_where_a_number_or_flag_is_expected_are_refused(
    tmp_path: Path, written: str, field: str, hint: str
) -> None:
    """`number: yes` was read as 1 and `described: "off"` as false."""
    assert "    number: 1\n" in VALID
    text = VALID.replace("    number: 1\n", f"    {written}\n", 1)
    path = write_catalog(tmp_path, text, {"seeds/source.txt": SOURCE_TEXT})
    (problem,) = problems_of(path)
    assert f"episodes.0.{field}:" in problem and hint in problem, problem


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_catalog_is_called_utf16(tmp_path: Path, encoding: str) -> None:
    """Saved as UTF-16 (with or without a byte-order mark), a catalog got "not valid UTF-8" or
    "character U+0000 is not allowed"; now it is named for what it is."""
    path = tmp_path / "catalog.yaml"
    path.write_bytes(VALID.encode(encoding))
    (problem,) = problems_of(path)
    assert problem.startswith("1:1: the file is UTF-16"), problem


def test_a_source_swapped_for_a_symlink_after_its_check_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked, then swapped for a symlink to a file outside (the race, made certain by a
    `resolve()` that still sees the file as it was): the open itself refuses the symlink."""
    path = write_catalog(tmp_path / "cat", VALID)
    secret = tmp_path / "secret.txt"
    secret.write_text(SOURCE_TEXT, encoding="utf-8")
    source = path.parent / "seeds" / "a.txt"
    source.unlink()
    source.symlink_to(secret)
    real_resolve = Path.resolve
    unchanged = lambda self, strict=False: self if self.name == "a.txt" else real_resolve(self)  # noqa: E731
    monkeypatch.setattr(Path, "resolve", unchanged)
    (problem,) = drift_of(path)
    assert problem.startswith("5:11: source 'src': seeds/a.txt: is a symlink"), problem

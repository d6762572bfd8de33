"""The catalog model: loading, validation errors at exact positions, anchoring, link derivation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import SOURCE_TEXT, VALID, assert_schema_problem, drift_of, problems_of, write_catalog
from tui.catalog import load_catalog
from tui.catalog.anchor import MAX_CONTEXT_WORDS, Ambiguous, Found, NotFound, SourceText
from tui.catalog.coverage import mentions_of
from tui.catalog.schema import Episode, Subject

REPO = Path(__file__).resolve().parents[1]


# -- a valid catalog ------------------------------------------------------------------------------


def test_valid_catalog_loads_with_counts_and_anchors(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path, VALID))
    assert catalog.counts()["subject"] == 1 and catalog.counts()["episode"] == 1
    assert catalog.problems == ()
    (anchor,) = catalog.anchors_of("judy")
    assert anchor.text == "met the officers in Charlotte"
    assert SOURCE_TEXT[anchor.start:anchor.end] == anchor.text
    assert anchor.line == 3
    assert catalog.positions["judy"].line == 13


def test_links_are_derived_in_the_other_direction(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path, VALID))
    assert [e.id for e in catalog.linked("episode-1", "subjects")] == ["judy"]
    assert [e.id for e in catalog.linked("charlotte", "subjects")] == ["judy"]
    written = {(link.target_id, link.relation, link.derived) for link in catalog.links_of("judy")}
    assert written == {("episode-1", "episodes", False), ("charlotte", "locations", False)}
    assert catalog.links_of("episode-1")[0].derived is True


def test_link_written_on_both_sides_appears_once(tmp_path: Path) -> None:
    text = VALID.replace("    summary: The first episode.\n", "    summary: The first episode.\n    subjects: [judy]\n")
    catalog = load_catalog(write_catalog(tmp_path, text))
    assert [e.id for e in catalog.linked("episode-1", "subjects")] == ["judy"]
    assert [e.id for e in catalog.linked("judy", "episodes")] == ["episode-1"]


def test_subjects_list_main_first_and_episodes_by_number(tmp_path: Path) -> None:
    text = VALID.replace(
        "subjects:\n",
        "subjects:\n  - id: zed\n    name: Zed\n    summary: Minor.\n",
    ).replace(
        "episodes:\n",
        "episodes:\n  - id: episode-2\n    number: 2\n    name: Episode 2\n    summary: Second.\n",
    )
    catalog = load_catalog(write_catalog(tmp_path, text))
    assert [e.id for e in catalog.of_kind("subject")] == ["judy", "zed"]
    assert [e.id for e in catalog.of_kind("episode")] == ["episode-1", "episode-2"]


# -- anchoring --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        'She said "we\'re not going" - twice.',  # straight quotes, hyphen for em dash
        "She said \u201cwe\u2019re not going\u201d \u2014 twice.",  # the original characters
        "She  said\n\u201cwe\u2019re not going\u201d\u00a0\u2013 twice.",  # whitespace runs, NBSP, en dash
    ],
)
def test_typographic_differences_are_forgiven(quote: str) -> None:
    text = SourceText(SOURCE_TEXT)
    span = text.locate(quote)
    assert isinstance(span, Found)
    assert SOURCE_TEXT[span.start:span.end] == "She said \u201cwe\u2019re not going\u201d \u2014 twice."
    assert span.line == 3


@pytest.mark.parametrize("quote", ["judy smith met", "Judy Smith meet", "She said we're not going"])
def test_case_spelling_and_missing_quotes_are_not_forgiven(quote: str) -> None:
    assert isinstance(SourceText(SOURCE_TEXT).locate(quote), NotFound)


def test_repeated_quote_is_ambiguous_until_prefix_or_suffix_chooses() -> None:
    text = SourceText(SOURCE_TEXT)
    result = text.locate("Judy Smith met the officers")
    assert result == Ambiguous((3, 5))
    assert text.locate("Judy Smith met the officers", prefix="Later,").line == 5  # type: ignore[union-attr]
    assert text.locate("Judy Smith met the officers", suffix="in Charlotte").line == 3  # type: ignore[union-attr]


def context_by_locating(text: SourceText, quote: str, start: int, end: int) -> dict[str, str] | None:
    """What a prefix or suffix must do, said directly: the shortest that `locate` resolves to the
    occurrence at `start` (what `unique_context` once computed this way, a scan per context tried)."""
    def at_start(result: object) -> bool:
        return isinstance(result, Found) and result.start == start

    if at_start(text.locate(quote)):
        return {}
    before, after = text.text[:start].split()[-MAX_CONTEXT_WORDS:], text.text[end:].split()[:MAX_CONTEXT_WORDS]
    for count in range(1, MAX_CONTEXT_WORDS + 1):
        if (prefix := " ".join(before[-count:])) and at_start(text.locate(quote, prefix=prefix)):
            return {"prefix": prefix}
        if (suffix := " ".join(after[:count])) and at_start(text.locate(quote, suffix=suffix)):
            return {"suffix": suffix}
    return None


# Few words, curly and straight quotes, dashes and odd spacing, one word longer than the context
# kept for comparing (checked by `locate` itself), the whole repeated: the same sentence recurs
# with contexts that differ late, or not at all, or only in how they are typed.
_WORDS = st.sampled_from(
    ["Judy", "saw", "cars", "it\u2019s", "it's", "\u2014", "-", "a", "b", "ab", "Jos\u00e9", "x" * 3000]
)
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_WORDS, _SPACES), min_size=3, max_size=120), st.integers(1, 3), st.integers(1, 3))
def test_contexts_found_together_are_those_locate_resolves(
    words: list[tuple[str, str]], length: int, repeats: int
) -> None:
    source = "".join(word + space for word, space in words) * repeats
    text = SourceText(source)
    quote = " ".join(word for word, _ in words[:length])
    wanted = [(quote, found.start, found.end) for found in text.occurrences(quote)]
    together = text.unique_contexts(wanted)
    assert together == [context_by_locating(SourceText(source), *occurrence) for occurrence in wanted]


@pytest.mark.parametrize(
    "quote", ["we expressed our worries to the top", "said we expressed our fears to the top of"]
)
def test_the_closest_match_is_whole_words(quote: str) -> None:
    source = "Officers said we expressed our concerns to the top of the agency, and then left.\n"
    result = SourceText(source).locate(quote)
    assert isinstance(result, NotFound) and result.closest
    assert f" {result.closest} " in " " + source.replace(",", " ") + " "  # starts and ends at word edges
    assert result.closest.endswith("to the top") or result.closest.endswith("to the top of")


def test_not_found_names_the_closest_match_with_line_and_similarity() -> None:
    result = SourceText(SOURCE_TEXT).locate("Later, Judy Smyth met the oficers again.")
    assert isinstance(result, NotFound)
    assert result.line == 5
    assert "Judy Smith met the officers again" in (result.closest or "")
    assert 85 < result.similarity < 100


def test_crlf_source_still_matches_and_slices_exactly(tmp_path: Path) -> None:
    crlf = SOURCE_TEXT.replace("\n", "\r\n")
    catalog = load_catalog(write_catalog(tmp_path, VALID, {"seeds/a.txt": crlf}))
    (anchor,) = catalog.anchors_of("judy")
    assert crlf[anchor.start:anchor.end] == "met the officers in Charlotte"
    assert anchor.line == 3


def test_quote_problems_are_reported_at_the_quote_without_blocking(tmp_path: Path) -> None:
    text = VALID.replace("quote: met the officers in Charlotte", "quote: met the oficers in Charlote")
    catalog = load_catalog(write_catalog(tmp_path, text))
    assert catalog.anchors["judy"] == (None,)
    (problem,) = drift_of(tmp_path / "catalog.yaml")
    assert problem.startswith("21:16: quote not found in 'src'; closest match at line 3")


def test_ambiguous_quote_in_catalog_is_reported_with_its_lines(tmp_path: Path) -> None:
    text = VALID.replace("quote: met the officers in Charlotte", "quote: Judy Smith met the officers")
    (problem,) = drift_of(write_catalog(tmp_path, text))
    assert problem == (
        "21:16: quote occurs 2 times in 'src' (lines 3, 5); add a prefix or suffix to choose one"
    )


# -- validation errors with exact line and column --------------------------------------------------


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    (problem,) = problems_of(write_catalog(tmp_path, "subjects:\n  - id: x\n    name: [unclosed\n"))
    assert problem.startswith("4:1: YAML syntax error")


def test_duplicate_keys_are_detected(tmp_path: Path) -> None:
    text = VALID.replace("    name: Charlotte\n", "    name: Charlotte\n    name: Charlotte again\n")
    assert problems_of(write_catalog(tmp_path, text)) == ["25:5: duplicate key 'name' (first at line 24)"]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("x: &a [1]\ny: *a\n", "1:4: YAML anchors (&a) are not allowed in a catalog"),
        ("lol: &b ['lol']\n", "1:6: YAML anchors (&b) are not allowed in a catalog"),
    ],
)
def test_anchors_and_aliases_are_refused(tmp_path: Path, snippet: str, expected: str) -> None:
    assert problems_of(write_catalog(tmp_path, snippet)) == [expected]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    (problem,) = problems_of(write_catalog(tmp_path, "subjects: !!python/object:os.system {}\n"))
    assert problem.startswith("1:11: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed")


def test_unknown_field_points_at_the_key(tmp_path: Path) -> None:
    text = VALID.replace("    region: North Carolina\n", "    region: North Carolina\n    regoin: typo\n")
    assert problems_of(write_catalog(tmp_path, text)) == ["26:5: locations.0.regoin: unknown field"]


def test_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    text = VALID.replace("    number: 1\n", "    number: one\n")
    (problem,) = problems_of(write_catalog(tmp_path, text))
    assert_schema_problem(problem, "9:13: episodes.0.number:", "integer")


def test_missing_required_field_points_at_the_entry(tmp_path: Path) -> None:
    text = VALID.replace("    summary: A city.\n", "")
    assert problems_of(write_catalog(tmp_path, text)) == [
        "23:5: locations.0.summary: required field is missing"
    ]


def test_yaml_11_surprises_get_a_hint_to_quote(tmp_path: Path) -> None:
    text = VALID.replace("    summary: A city.\n", "    summary: no\n")
    (problem,) = problems_of(write_catalog(tmp_path, text))
    assert_schema_problem(problem, "26:14: locations.0.summary:", "string")
    assert problem.endswith(" (YAML read the unquoted value as bool False; put it in quotes)")  # the loader's hint


def test_duplicate_ids_across_kinds(tmp_path: Path) -> None:
    text = VALID.replace("  - id: charlotte\n", "  - id: judy\n").replace("[charlotte]", "[]")
    assert problems_of(write_catalog(tmp_path, text)) == ["23:9: duplicate id 'judy' (first at line 13)"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("[charlotte]", "[nowhere]", "18:17: unknown id 'nowhere' in locations"),
        ("[charlotte]", "[episode-1]", "18:17: 'episode-1' is a episode, not a location (locations)"),
        ("episodes: [episode-1]", "subjects: [judy]", "17:16: 'judy' links to itself"),
    ],
)
def test_bad_links(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems_of(write_catalog(tmp_path, VALID.replace(old, new))) == [expected]


def test_unknown_source_id(tmp_path: Path) -> None:
    text = VALID.replace("      - source: src\n", "      - source: nope\n")
    assert problems_of(write_catalog(tmp_path, text)) == ["20:17: unknown source 'nope'"]


def test_missing_source_file_is_reported_and_passages_drift(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID, sources={})
    catalog = load_catalog(path)
    assert catalog.anchors["judy"] == (None,)
    assert [str(p).split(": ", 1)[1] for p in catalog.problems] == ["source 'src': seeds/a.txt: file not found"]


@pytest.mark.parametrize("file", ["../outside.txt", "/etc/hostname"])
def test_source_paths_outside_the_catalog_folder_are_refused(tmp_path: Path, file: str) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text("outside", encoding="utf-8")
    (problem,) = problems_of(write_catalog(folder, VALID.replace("seeds/a.txt", file)))
    assert problem.startswith("5:11: source file") and "catalog folder" in problem


def test_symlink_leading_outside_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    (folder / "seeds").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (folder / "seeds" / "a.txt").symlink_to(tmp_path / "secret.txt")
    (problem,) = problems_of(write_catalog(folder, VALID, sources={}))
    assert problem == "5:11: source file 'seeds/a.txt' leads outside the catalog folder"


def test_changed_source_warns_by_sha256(tmp_path: Path) -> None:
    digest = hashlib.sha256(b"something else").hexdigest()
    text = VALID.replace("    source_kind: news\n", f"    source_kind: news\n    sha256: {digest}\n")
    catalog = load_catalog(write_catalog(tmp_path, text))
    (problem,) = catalog.problems
    assert problem.severity == "warning" and "has changed since its sha256 was recorded" in problem.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "1:1: the catalog is empty; expected a mapping of sections"),
        ("- a\n- b\n", "1:1: the catalog must be a mapping of sections, not a list"),
        ("just text\n", "1:1: the catalog must be a mapping of sections, not a str"),
    ],
)
def test_catalog_must_be_a_mapping(tmp_path: Path, content: str, expected: str) -> None:
    assert problems_of(write_catalog(tmp_path, content)) == [expected]


def test_missing_and_non_utf8_catalog_files(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "absent.yaml") == ["0:0: file not found"]
    bad = tmp_path / "catalog.yaml"
    bad.write_bytes(b"subjects:\n  - name: caf\xe9\n")
    (problem,) = problems_of(bad)
    assert problem.startswith("2:14: not valid UTF-8 (byte offset 23")


def test_all_problems_are_reported_not_just_the_first(tmp_path: Path) -> None:
    text = VALID.replace("    number: 1\n", "    number: one\n")
    text = text.replace("    region: North Carolina\n", "    regoin: x\n")
    assert len(problems_of(write_catalog(tmp_path, text))) == 2


# -- the shipped catalog and seeds ------------------------------------------------------------------


def test_seeds_are_utf8_and_unchanged() -> None:
    catalog = load_catalog(REPO / "catalog.yaml")
    declared = {source.file: source.sha256 for source in catalog.sources.values()}
    on_disk = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "seeds").iterdir())
    assert sorted(declared) == on_disk and len(on_disk) == 5
    for file, digest in declared.items():
        data = (REPO / file).read_bytes()
        data.decode("utf-8")
        assert hashlib.sha256(data).hexdigest() == digest, file


def test_shipped_catalog_validates_with_every_passage_anchored() -> None:
    catalog = load_catalog(REPO / "catalog.yaml")
    assert catalog.problems == ()
    assert all(a is not None for anchors in catalog.anchors.values() for a in anchors)
    assert [e.number for e in catalog.entries_of(Episode)] == [1, 2, 3, 4, 5, 6]
    main = {e.id for e in catalog.entries_of(Subject) if e.main}
    assert main == {"judy", "brian", "stefania", "bernardo"}
    # At least two passages each; a subject the sources name in one sentence only (Bernardo) cites
    # that sentence, once, and leaves no mention of itself uncited.
    assert all(len(catalog.anchors_of(i)) >= 2 or not mentions_of(catalog, i) for i in main)
    assert len(catalog) > 60


def test_each_drifted_passage_knows_why(tmp_path: Path) -> None:
    text = VALID.replace(
        "        quote: met the officers in Charlotte\n",
        "        quote: met the officers in Raleigh\n"
        "      - source: src\n"
        "        quote: Judy Smith met the officers\n",
    )
    catalog = load_catalog(write_catalog(tmp_path, text))
    assert catalog.anchors["judy"] == (None, None)
    assert catalog.drift_reasons["judy", 0].message.startswith("quote not found in 'src'")
    assert catalog.drift_reasons["judy", 1].message.startswith("quote occurs 2 times in 'src'")


def test_passages_of_an_unreadable_source_carry_its_reason(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path, VALID, sources={}))
    assert catalog.drift_reasons["judy", 0].message == "source 'src': seeds/a.txt: file not found"

"""Span edits of catalog.yaml (tui.catalog.edit): every other byte kept, results that load, exact undo."""

from __future__ import annotations

import codecs
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SOURCE_TEXT, VALID, write_catalog
from tui.catalog import load_catalog
from tui.catalog.anchor import SourceText
from tui.catalog.edit import (
    PLACEHOLDER_SUMMARY,
    EditError,
    EditPlan,
    Written,
    derive_id,
    plan_add_alias,
    plan_cite,
    plan_new_entry,
    plan_replace_quote,
    plan_set_note,
    quoted,
    undo,
    write,
)
from tui.catalog.model import PassageState


def lines(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").splitlines()


def assert_only_lines_changed(plan: EditPlan, *, replaced_at_most: int = 1) -> None:
    """`plan.after` is `plan.before` with `plan.inserted` in place of at most `replaced_at_most`
    lines at `plan.line`; line ends are the file's own."""
    before, after = lines(plan.before), lines(plan.after)
    inserted = plan.inserted.split("\n")
    first = plan.line - 1
    assert after[first:first + len(inserted)] == inserted
    replaced = len(before) - (len(after) - len(inserted))
    assert 0 <= replaced <= replaced_at_most
    assert after[:first] == before[:first]
    assert after[first + len(inserted):] == before[first + replaced:]
    if b"\r\n" in plan.before:
        assert plan.after.count(b"\n") == plan.after.count(b"\r\n")
    else:
        assert b"\r" not in plan.after.replace(plan.before, b"")


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    return write_catalog(tmp_path, VALID)


# -- the edits, one by one ---------------------------------------------------------------------


def test_cite_appends_a_block_item_under_the_entrys_passages(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    plan = plan_cite(catalog, "judy", "src", "Later, Judy Smith", note="says it: twice # really")
    assert plan.inserted == (
        '      - source: src\n        quote: "Later, Judy Smith"\n        note: "says it: twice # really"'
    )
    assert plan.line == 22 and plan.description.endswith("catalog.yaml:22")
    assert_only_lines_changed(plan)
    assert catalog_path.read_bytes() == plan.before  # planning writes nothing
    written = write(plan)
    reloaded = load_catalog(catalog_path)
    anchor = reloaded.anchors["judy"][1]
    assert anchor is not None and anchor.passage.note == "says it: twice # really"
    undo(written)
    assert catalog_path.read_bytes() == plan.before


def test_cite_writes_the_source_text_straightened_and_disambiguates_the_occurrence(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    second = SOURCE_TEXT.index("Judy Smith met the officers again")
    plan = plan_cite(catalog, "judy", "src", "Judy  Smith met the officers", at=second)
    assert 'quote: "Judy Smith met the officers"' in plan.inserted
    assert 'prefix: "Later,"' in plan.inserted
    write(plan)
    anchor = load_catalog(catalog_path).anchors["judy"][1]
    assert anchor is not None and anchor.start == second
    curly = plan_cite(load_catalog(catalog_path), "judy", "src", "we're not going")
    assert 'quote: "we\'re not going"' in curly.inserted


def test_cite_refusals_name_the_place(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    refusals = {
        ("nobody", "src", "Later"): "catalog.yaml:1:1: unknown entry 'nobody'",
        ("judy", "nowhere", "Later"): "unknown source 'nowhere'",
        ("judy", "src", "Judy Smith met the officers in Charlote and"): "closest match",
        ("judy", "src", "Judy Smith met the officers"): "occurs 2 times",
    }
    for (entry, source, quote), message in refusals.items():
        with pytest.raises(EditError) as caught:
            plan_cite(catalog, entry, source, quote)
        assert message in str(caught.value)
        assert caught.value.problem.line >= 1
    with pytest.raises(EditError) as caught:
        plan_cite(catalog, "judy", "src", "Judy Smith met the officers in Charlote")
    assert caught.value.problem.file.endswith("seeds/a.txt") and caught.value.problem.line == 3


def test_a_quote_no_context_can_tell_apart_is_refused(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID.replace("met the officers in Charlotte", "It begins"),
                         {"seeds/a.txt": "It begins. " + "She said it. " * 40})
    catalog = load_catalog(path)
    occurrences = catalog.texts["src"].occurrences("She said it.")
    with pytest.raises(EditError, match="no prefix or suffix"):
        plan_cite(catalog, "judy", "src", "She said it.", at=occurrences[20].start)
    with pytest.raises(EditError, match="does not occur here"):
        plan_cite(catalog, "judy", "src", "She said it.", at=0)
    near_the_start = plan_cite(catalog, "judy", "src", "She said it.", at=occurrences[1].start)
    assert 'prefix: "begins. She said it."' in near_the_start.inserted


def test_new_entry_goes_at_the_end_of_its_section_with_the_neighbours_layout(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    plan = plan_new_entry(catalog, "location", "durham", name="Durham", summary="A city: in NC.")
    assert plan.inserted == '  - id: durham\n    name: "Durham"\n    summary: "A city: in NC."'
    assert_only_lines_changed(plan, replaced_at_most=0)
    plan = plan_new_entry(catalog, "person", derive_id("Bernardo Sánchez"), name="Bernardo Sánchez")
    assert plan.inserted.startswith("\npeople:\n  - id: bernardo-sanchez\n")  # after a blank line
    assert_only_lines_changed(plan, replaced_at_most=0)
    assert plan.description.endswith(f"catalog.yaml:{plan.line + 1}")  # where the section begins
    write(plan)
    entry = load_catalog(catalog_path).entries["bernardo-sanchez"]
    assert entry.name == "Bernardo Sánchez" and entry.summary == PLACEHOLDER_SUMMARY


def test_a_first_passage_follows_the_layout_of_other_entries_passages(tmp_path: Path) -> None:
    wide = (
        "sources:\n"
        "    -   {id: src, name: H, summary: S, file: seeds/a.txt, source_kind: news}\n"
        "subjects:\n"
        "    -   id: judy\n"
        "        name: Judy\n"
        "        summary: S\n"
        "        passages:\n"
        "            -   source: src\n"
        "                quote: Later, Judy Smith\n"
        "    -   id: ann\n"
        "        name: Ann\n"
        "        summary: S\n"
    )
    plan = plan_cite(load_catalog(write_catalog(tmp_path, wide)), "ann", "src", "met the officers in Charlotte")
    assert plan.inserted == (
        '        passages:\n            -   source: src\n                quote: "met the officers in Charlotte"'
    )


def test_new_entry_refusals(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    for kind, entry_id, message in [("person", "judy", "duplicate id 'judy'"), ("gadget", "x", "unknown kind"),
                                    ("event", "x", "needs date"), ("person", "Not An Id", "kebab-case")]:
        with pytest.raises(EditError, match=message):
            plan_new_entry(catalog, kind, entry_id, name="X")


def test_alias_note_and_quote_replacement(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    alias = plan_add_alias(catalog, "judy", "Judy S.")
    name_line = VALID.splitlines().index("    name: Judy Smith") + 1
    assert alias.inserted == '    aliases: ["Judy S."]' and alias.line == name_line + 1
    assert_only_lines_changed(alias, replaced_at_most=0)
    with pytest.raises(EditError, match="already has"):
        plan_add_alias(catalog, "judy", "judy smith")
    note = plan_set_note(catalog, "judy", 0, 'the "first" one')
    assert note.inserted == '        note: "the \\"first\\" one"'
    write(note)
    catalog = load_catalog(catalog_path)
    again = plan_set_note(catalog, "judy", 0, "replaced")
    assert_only_lines_changed(again)
    replace = plan_replace_quote(catalog, "judy", 0, "the officers in Charlotte")
    assert replace.inserted == '        quote: "the officers in Charlotte"'
    write(replace)
    anchor = load_catalog(catalog_path).anchors["judy"][0]
    assert anchor is not None and anchor.text == "the officers in Charlotte"


def test_replacing_a_quote_by_an_ambiguous_one_rewrites_its_context(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    second = SOURCE_TEXT.index("Judy Smith met the officers again")
    plan = plan_replace_quote(catalog, "judy", 0, "Judy Smith met the officers", at=second)
    assert plan.inserted == (
        '      - source: src\n        quote: "Judy Smith met the officers"\n        prefix: "Later,"'
    )
    write(plan)
    anchor = load_catalog(catalog_path).anchors["judy"][0]
    assert anchor is not None and anchor.start == second


def test_write_and_undo_refuse_a_file_changed_on_disk(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    plan = plan_add_alias(catalog, "judy", "J")
    catalog_path.write_bytes(catalog_path.read_bytes() + b"# edited meanwhile\n")
    changed = catalog_path.read_bytes()
    with pytest.raises(EditError, match="changed on disk"):
        write(plan)
    with pytest.raises(EditError, match="changed on disk"):
        plan_add_alias(catalog, "judy", "J")  # the catalog is stale
    assert catalog_path.read_bytes() == changed
    catalog_path.write_bytes(plan.before)
    written = write(plan)
    catalog_path.write_bytes(written.plan.after + b"\n")
    with pytest.raises(EditError, match="changed on disk"):
        undo(written)


def test_a_reload_reusing_the_catalog_before_rereads_only_changed_sources(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    write(plan_add_alias(catalog, "judy", "J"))
    again = load_catalog(catalog_path, reuse=catalog)
    assert again.texts["src"] is catalog.texts["src"] and "J" in again.entries["judy"].aliases
    (catalog_path.parent / "seeds" / "a.txt").write_text(SOURCE_TEXT.replace("in Charlotte", "in Durham"))
    changed = load_catalog(catalog_path, reuse=again)
    assert changed.texts["src"] is not again.texts["src"]
    assert changed.passage_state("judy", 0) == PassageState.DRIFTED


def test_write_keeps_the_mode_and_leaves_no_temporary_file(catalog_path: Path) -> None:
    catalog_path.chmod(0o640)
    write(plan_add_alias(load_catalog(catalog_path), "judy", "J"))
    assert catalog_path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in catalog_path.parent.iterdir()) == ["catalog.yaml", "seeds"]


@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=30))
def test_quoted_scalars_read_back_exactly(value: str) -> None:
    assert yaml.safe_load("k: " + quoted(value)) == {"k": value}
    assert yaml.safe_load("[" + quoted(value) + "]") == [value]


def test_derive_id() -> None:
    assert derive_id("Bernardo Sánchez") == "bernardo-sanchez"
    assert derive_id("  ICE's  E.R.O. (Atlanta) ") == "ice-s-e-r-o-atlanta"


# -- anchor health -----------------------------------------------------------------------------


def test_passage_states_and_the_nfc_fold(tmp_path: Path) -> None:
    from tests.helpers import SOURCE_YAML

    yaml_text = SOURCE_YAML + (
        "subjects:\n"
        "  - id: judy\n"
        "    name: Judy\n"
        "    summary: S.\n"
        "    passages:\n"
        "      - {source: src, quote: Jos\u00e9 met the officers}\n"
        "      - {source: src, quote: The officers left.}\n"
        "      - {source: src, quote: They wnt to Charlote}\n"
    )
    text = "Jose\u0301 met the officers.\nThe officers left. The officers left.\nThey went to Charlotte.\n"
    catalog = load_catalog(write_catalog(tmp_path, yaml_text, {"seeds/a.txt": text}))
    states = [catalog.passage_state("judy", i) for i in range(3)]
    assert states == [PassageState.EXACT, PassageState.AMBIGUOUS, PassageState.DRIFTED]
    anchor = catalog.anchors["judy"][0]
    assert anchor is not None and anchor.text == "Jose\u0301 met the officers"
    drifted = catalog.health["judy", 2]
    assert drifted.closest == "They went to Charlotte"
    assert catalog.texts["src"].text[drifted.closest_start:drifted.closest_end] == drifted.closest
    assert catalog.health["judy", 1].lines == (2, 2)
    assert catalog.state_counts() == {PassageState.EXACT: 1, PassageState.AMBIGUOUS: 1, PassageState.DRIFTED: 1}


def test_closest_match_in_a_20_mb_source_is_fast_and_found() -> None:
    import time

    filler = " ".join(f"w{i % 5000}x" for i in range(3_000_000))
    middle = len(filler) // 2
    sentence = "The directors Clusiau and Schwarz embedded with officers in Charlotte for three years."
    source = SourceText(filler[:middle] + " " + sentence + " " + filler[middle:])
    assert len(source.text) > 20_000_000
    for quote in ("The directors Clusiau and Schwarz embeded with officers in Charlote for 3 years.",
                  "nothing of this sentence is anywhere in that text"):
        timings = []
        for run in range(3):  # CPU time, the best of three: the test machine is shared
            began = time.process_time()
            source.locate(f"{quote} {run}")  # a new quote each time: none is answered from memory
            timings.append(time.process_time() - began)
        assert min(timings) < 0.1, (quote, timings)
    first = source.locate("The directors Clusiau and Schwarz embeded with officers in Charlote for 3 years.")
    assert first.closest is not None and first.closest.startswith("The directors Clusiau")


# -- the property: random styles, random edits -------------------------------------------------

QUOTES = [("met the officers in Charlotte", None), ("Later, Judy Smith", None), ("we're not going", None),
          ("Judy Smith met the officers", 0), ("Judy Smith met the officers", 1), ("the officers", 1)]
TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)


@dataclass
class Style:
    newline: str
    final_newline: bool
    dash: int
    gap: int
    blank_between: bool
    comments: bool
    flow_entries: bool
    passages: str  # none, empty, flow, block, block-flow-items
    aliases: str  # none, flow, block
    scalar: str  # plain, single, double, folded
    bom: bool


STYLES = st.builds(
    Style,
    newline=st.sampled_from(["\n", "\r\n"]),
    final_newline=st.booleans(),
    dash=st.sampled_from([0, 2, 4]),
    gap=st.sampled_from([1, 3]),
    blank_between=st.booleans(),
    comments=st.booleans(),
    flow_entries=st.booleans(),
    passages=st.sampled_from(["none", "empty", "flow", "block", "block-flow-items"]),
    aliases=st.sampled_from(["none", "flow", "block"]),
    scalar=st.sampled_from(["plain", "single", "double", "folded"]),
    bom=st.booleans(),
)


def styled_catalog(style: Style) -> str:
    """A small valid catalog (one source, two subjects, a topic) written in `style`."""
    dash, key = " " * style.dash, " " * (style.dash + 1 + style.gap)
    comment = "  # a comment" if style.comments else ""

    def scalar(value: str) -> str:
        return {"single": f"'{value}'", "double": f'"{value}"'}.get(style.scalar, value)

    def block_entry(fields: list[tuple[str, str | list[str]]]) -> list[str]:
        out: list[str] = []
        for number, (name, value) in enumerate(fields):
            lead = dash + "-" + " " * style.gap if number == 0 else key
            if isinstance(value, list):
                out.append(f"{lead}{name}:{comment}")
                out += value
            elif style.scalar == "folded" and name == "summary":
                out += [f"{lead}{name}: >-", f"{key}  {value}", f"{key}  continued."]
            else:
                out.append(f"{lead}{name}: {value}" + (comment if name == "name" else ""))
        return out

    def subject(entry_id: str, name: str) -> list[str]:
        fields: list[tuple[str, str | list[str]]] = [("id", entry_id), ("name", scalar(name))]
        if style.aliases == "flow":
            fields.append(("aliases", f'["{name[:4]}"]'))
        elif style.aliases == "block":
            fields.append(("aliases", [f"{key}  - {name[:4]}x"]))
        fields.append(("summary", scalar(f"About {name}")))
        quote = "met the officers in Charlotte"
        if style.passages == "empty":
            fields.append(("passages", "[]"))
        elif style.passages == "flow":
            fields.append(("passages", f"[{{source: src, quote: {quote}}}]"))
        elif style.passages == "block":
            fields.append(("passages", [f"{key}  - source: src", f"{key}    quote: {quote}"]))
        elif style.passages == "block-flow-items":
            fields.append(("passages", [f"{key}  - {{source: src, quote: '{quote}'}}"]))
        if style.flow_entries and style.passages in ("none", "empty", "flow"):
            flat = ", ".join(f"{n}: {v}" for n, v in fields
                             if isinstance(v, str) and (n != "summary" or style.scalar != "folded"))
            if style.scalar == "folded":
                flat += f", summary: About {name}"
            return [f"{dash}- {{{flat}}}"]
        return block_entry(fields)

    out = ["# a catalog in some style"] if style.comments else []
    out += ["sources:", f"{dash}- id: src", f"{dash}  name: A Headline", f"{dash}  summary: A source.",
            f"{dash}  file: seeds/a.txt", f"{dash}  source_kind: news"]
    out.append("subjects:")
    for number, (entry_id, name) in enumerate([("judy", "Judy Smith"), ("ann", "Ann Lee")]):
        if number and style.blank_between:
            out.append("")
        if number and style.comments:
            out.append(f"{dash}# between entries")
        out += subject(entry_id, name)
    out += ["topics:", f"{dash}- {{id: raids, name: Raids, summary: Raids.}}"]
    if style.comments:
        out.append("# the end")
    text = style.newline.join(out)
    return text + style.newline if style.final_newline else text


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("cite"), st.sampled_from(["judy", "ann", "raids"]), st.sampled_from(QUOTES)),
        st.tuples(st.just("new"), st.sampled_from(["person", "subject", "topic", "location"]), TEXTS),
        st.tuples(st.just("alias"), st.sampled_from(["judy", "ann", "raids"]), TEXTS),
        st.tuples(st.just("note"), st.sampled_from(["judy", "ann", "raids"]), TEXTS),
        st.tuples(st.just("undo")),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STYLES, OPERATIONS)
def test_random_edits_change_only_their_lines_load_and_undo_exactly(style: Style, operations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_catalog(Path(folder), "x: 1\n")
        original = (codecs.BOM_UTF8 if style.bom else b"") + styled_catalog(style).encode()
        path.write_bytes(original)
        catalog = load_catalog(path)
        done: list[Written] = []
        fresh = 0
        for operation in operations:
            before = path.read_bytes()
            try:
                if operation[0] == "undo":
                    if not done:
                        continue
                    written = done.pop()
                    undo(written)
                    assert path.read_bytes() == written.plan.before
                    catalog = load_catalog(path)
                    continue
                if operation[0] == "cite":
                    _, entry_id, (quote, occurrence) = operation
                    at = None
                    if occurrence is not None:
                        at = catalog.texts["src"].occurrences(quote)[occurrence].start
                    plan = plan_cite(catalog, entry_id, "src", quote, at=at)
                elif operation[0] == "new":
                    fresh += 1
                    plan = plan_new_entry(catalog, operation[1], f"new-{fresh}", name=operation[2])
                elif operation[0] == "note":
                    plan = plan_set_note(catalog, operation[1], 0, operation[2])
                else:
                    plan = plan_add_alias(catalog, operation[1], operation[2])
            except EditError:
                assert path.read_bytes() == before
                continue
            assert_only_lines_changed(plan)
            done.append(write(plan))
            assert hashlib.sha256(path.read_bytes()).hexdigest() == done[-1].after_sha256
            catalog = load_catalog(path)
            if operation[0] == "new":
                assert catalog.entries[f"new-{fresh}"].name == operation[2]
            elif operation[0] == "alias":
                assert operation[2] in catalog.entries[operation[1]].aliases
            elif operation[0] == "note":
                assert catalog.entries[operation[1]].passages[0].note == operation[2]
        for written in reversed(done):
            undo(written)
        assert path.read_bytes() == original

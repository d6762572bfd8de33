"""Search engine unit tests on a small fixture catalog: every query kind, operator, field, highlight
position and snippet, the relevance threshold and the ordering rules."""

from __future__ import annotations

import gc
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import SHIPPED_CATALOG, make_catalog
from tui.catalog import load_catalog
from tui.gcpause import FULL_COLLECTION_EVERY, Collected, collector_paused, refreeze
from tui.search import Hit, SearchIndex, Superseded
from tui.search.fold import fold, fold_many, fold_words, words_with_origin
from tui.search.query import Mode, Term, parse

SOURCE = (
    "A Headline About the Series\n"
    "\n"
    "Judy met the officers in Charlotte. Her supervisor told her to bring at least two people in that morning.\n"
    "\n"
    "José Ortiz opened the lock with a pocketknife while the agents watched.\n"
    "\n"
    "The 287(g) program ended in Mecklenburg County, and Stefania streamed the arrests.\n"
)
QUOTE = "bring at least two people in"


def subject(id: str, name: str, role: str, main: bool = False, **extra: object) -> dict:
    return {"id": id, "name": name, "main": main, "role": role, "summary": f"{name}, {role}.", **extra}


def entry(id: str, name: str, summary: str, **extra: object) -> dict:
    return {"id": id, "name": name, "summary": summary, **extra}


ENTRIES = {
    "episodes": [
        {"id": f"episode-{n}", "number": n, "name": f"Episode {n}", "summary": f"The episode numbered {n}."}
        for n in range(1, 7)
    ],
    "subjects": [
        subject("judy", "Judy", "ICE Fugitive Operations officer", main=True),
        subject("brian", "Brian", "ICE Fugitive Operations agent", main=True),
        subject("bernardo", "Bernardo", "father separated from his son", main=True),
        subject("stefania", "Stefania", "activist who leads Comunidad Colectiva", main=True),
        subject("bryan-cox", "Bryan Cox", "ICE public affairs spokesman"),
        subject("mike-deputy", "Mike", "ICE deputy field office director"),
        subject("mike-hsi", "Mike", "HSI special agent"),
        subject("scott", "Scott", "head of the unit"),
    ],
    "people": [
        entry("shaul-schwarz", "Shaul Schwarz", "Co-director of the series.", aliases=["Schwartz"]),
        entry("jose-ortiz", "José Ortiz", "A man who picked a lock."),
        entry("tom-homan", "Tom Homan", "Acting director of the agency."),
    ],
    "locations": [
        entry("charlotte", "Charlotte", "A city in North Carolina.", region="North Carolina"),
        entry("washington-dc", "Washington, D.C.", "The capital."),
        entry("washington-state", "Washington (state)", "A state in the Pacific Northwest."),
        entry("mecklenburg-county", "Mecklenburg County", "A county in North Carolina."),
    ],
    "organizations": [
        entry("ice", "U.S. Immigration and Customs Enforcement", "The federal agency the series follows."),
        entry("hsi", "Homeland Security Investigations", "An investigative arm of the agency."),
        entry("dhs", "Department of Homeland Security", "The department above the agency."),
        entry("comunidad-colectiva", "Comunidad Colectiva", "A grassroots group."),
        entry("irap", "International Refugee Assistance Project", "A legal aid group."),
    ],
    "topics": [
        entry("family-separation", "Family separation", "Parents and children split apart."),
        entry("program-287g", "287(g) program", "Local police acting as immigration agents."),
    ],
    "scenes": [
        entry(
            "supervisor-call",
            "The supervisor's phone call",
            "A supervisor gives an order by phone.",
            passages=[{"source": "src", "quote": QUOTE}],
        ),
    ],
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(make_catalog(tmp_path_factory.mktemp("search"), ENTRIES, SOURCE))


@pytest.fixture(scope="module")
def index(catalog) -> SearchIndex:
    return SearchIndex(catalog)


def first(index: SearchIndex, query: str, **options: object) -> Hit:
    hits = index.search(query, **options)
    assert hits, f"no hit for {query!r}"
    return hits[0]


def highlighted(hit: Hit) -> str:
    return "".join(hit.matched[p] for p in hit.positions)


# -- what is found ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bernado", "bernardo"),  # dropped letter
        ("bernnardo", "bernardo"),  # added letter
        ("bernadro", "bernardo"),  # swapped letters
        ("judi", "judy"),  # wrong letter
        ("scot", "scott"),  # prefix that is also a dropped letter
        ("charlote", "charlotte"),
        ("communidad", "comunidad-colectiva"),
        ("family seperation", "family-separation"),
        ("stefani", "stefania"),  # prefix
        ("mecklen", "mecklenburg-county"),
        ("homan", "tom-homan"),  # one word of the name
        ("BERNARDO", "bernardo"),
    ],
)
def test_typos_prefixes_and_case_find_the_entry(index: SearchIndex, query: str, expected: str) -> None:
    assert first(index, query).id == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mike hsi", "mike-hsi"),
        ("hsi mike", "mike-hsi"),
        ("mike deputy", "mike-deputy"),
        ("deputy mike", "mike-deputy"),
        ("brian", "brian"),
        ("bryan cox", "bryan-cox"),
        ("cox bryan", "bryan-cox"),
        ("bryan", "bryan-cox"),
        ("washington dc", "washington-dc"),
        ("washington state", "washington-state"),
    ],
)
def test_the_rest_of_the_query_tells_apart_entries_sharing_a_word(
    index: SearchIndex, query: str, expected: str
) -> None:
    assert first(index, query).id == expected


def test_brian_and_bryan_are_both_found_in_the_right_order(index: SearchIndex) -> None:
    ids = [hit.id for hit in index.search("brian")]
    assert ids.index("brian") < ids.index("bryan-cox")


@pytest.mark.parametrize(
    ("query", "expected", "shown"),
    [
        ("287g", "program-287g", "287(g)"),
        ("jose", "jose-ortiz", "José"),
        ("JOSÉ", "jose-ortiz", "José"),
        ("d.c.", "washington-dc", "DC"),
        ("schwartz", "shaul-schwarz", "Schwartz"),
    ],
)
def test_case_accents_punctuation_and_aliases_are_ignored(
    index: SearchIndex, query: str, expected: str, shown: str
) -> None:
    hit = first(index, query)
    assert hit.id == expected
    assert highlighted(hit) == shown.replace("(", "").replace(")", "")


def test_alias_match_says_so(index: SearchIndex) -> None:
    hit = first(index, "schwartz")
    assert (hit.field, hit.matched, hit.score) == ("alias", "Schwartz", 99.0)


@pytest.mark.parametrize(
    ("query", "number"),
    [("ep 4", 4), ("ep4", 4), ("EP4", 4), ("episode 5", 5), ("episode six", 6), ("e1", 1), ("e 2", 2)],
)
def test_episode_shortcuts_put_the_episode_first(index: SearchIndex, query: str, number: int) -> None:
    hit = first(index, query)
    assert (hit.id, hit.kind, hit.field) == (f"episode-{number}", "episode", "episode")


def test_episode_shortcut_respects_a_kind_filter(index: SearchIndex) -> None:
    assert all(hit.kind == "subject" for hit in index.search("ep4 @subject"))


@pytest.mark.parametrize(
    ("query", "expected", "initials"),
    [
        ("ice", "ice", "ICE"),
        ("hsi", "hsi", "HSI"),
        ("dhs", "dhs", "DHS"),
        ("irap", "irap", "IRAP"),
        ("ir", "irap", "IR"),  # initials typed so far
    ],
)
def test_acronyms_match_the_initials_of_a_name(index: SearchIndex, query: str, expected: str, initials: str) -> None:
    hit = first(index, query)
    assert (hit.id, hit.field) == (expected, "name")
    assert highlighted(hit) == initials
    assert all(hit.matched[p - 1] == " " for p in hit.positions if p > 0)  # each one starts a word


# -- fields, positions, snippets --------------------------------------------------------------------
def test_a_passage_hit_opens_the_reader_at_the_quote(index: SearchIndex, catalog) -> None:
    hit = first(index, "bring at least two people")
    assert (hit.id, hit.field) == ("supervisor-call", "passage")
    text = catalog.texts[hit.source_id].text
    assert text[hit.start:hit.end] == QUOTE == hit.matched
    assert highlighted(hit) == "bringatleasttwopeople"
    assert hit.snippet is not None and QUOTE in hit.snippet
    assert "".join(hit.snippet[p] for p in hit.snippet_positions) == "bringatleasttwopeople"


def test_uncited_source_text_is_a_paragraph_hit(index: SearchIndex, catalog) -> None:
    hit = first(index, "pocketknife")
    assert (hit.id, hit.kind, hit.field, hit.source_id) == ("src", "source", "text", "src")
    text = catalog.texts["src"].text
    assert text[hit.start:hit.end] == hit.matched
    assert hit.matched.startswith("José Ortiz opened the lock") and hit.matched.endswith("watched.")
    assert highlighted(hit) == "pocketknife"
    assert "".join(hit.snippet[p] for p in hit.snippet_positions) == "pocketknife"


def test_a_speaker_label_paragraph_is_no_hit_of_its_own(tmp_path: Path) -> None:
    """A transcript's `judy` line would otherwise come up once per turn, with nothing to tell apart."""
    text = "judy\n\nWe always take the children into consideration.\n\njudy\n\nIt is a job.\n"
    index = SearchIndex(load_catalog(make_catalog(tmp_path, source_text=text)))
    assert index.search("judy") == []
    assert [h.matched for h in index.search("children")] == ["We always take the children into consideration."]


def test_cited_text_is_found_through_the_citing_entry_not_the_paragraph(index: SearchIndex) -> None:
    hits = index.search("'least")
    assert [(h.id, h.field) for h in hits] == [("supervisor-call", "passage")]


def test_summary_hits_carry_a_snippet_and_name_hits_do_not(index: SearchIndex) -> None:
    summary = first(index, "pacific northwest")
    assert (summary.id, summary.field) == ("washington-state", "summary")
    assert summary.snippet == "A state in the Pacific Northwest."
    assert "".join(summary.snippet[p] for p in summary.snippet_positions) == "PacificNorthwest"
    name = first(index, "charlotte")
    assert (name.field, name.snippet, name.snippet_positions) == ("name", None, ())


def test_snippet_of_a_long_text_is_cut_around_the_match(tmp_path: Path) -> None:
    words = [f"word{n}" for n in range(200)]
    words[150] = "needle"
    catalog = load_catalog(make_catalog(tmp_path, {}, " ".join(words) + "\n"))
    hit = first(SearchIndex(catalog), "needle")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 105
    assert "".join(hit.snippet[p] for p in hit.snippet_positions) == "needle"


def test_positions_index_the_characters_that_matched(index: SearchIndex) -> None:
    assert highlighted(first(index, "mecklen")) == "Mecklen"
    assert highlighted(first(index, "charlote")) == "Charlote"  # a typo highlights what lines up
    typed = first(index, "mike special")  # the field holding the most query words is the one shown
    assert (typed.id, typed.field, typed.matched) == ("mike-hsi", "summary", "Mike, HSI special agent.")
    assert highlighted(typed) == "Mikespecial"


@pytest.mark.parametrize(
    "query", ["judy", "bernado", "family seperation", "ep 3", "287g", "'lock", "^char", "@location wash", "pocket"]
)
def test_every_hit_is_well_formed(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert hits
    assert len({(h.id, h.start) for h in hits}) == len(hits)  # one hit per entry (or paragraph)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert 0 < hit.score <= 100
        assert hit.field in {"name", "alias", "id", "role", "summary", "passage", "text", "episode"}
        assert all(0 <= p < len(hit.matched) and hit.matched[p].isalnum() for p in hit.positions)
        assert list(hit.positions) == sorted(set(hit.positions))
        if hit.snippet is not None:
            assert all(hit.snippet[p].isalnum() for p in hit.snippet_positions)


# -- operators and filters --------------------------------------------------------------------------
def test_exact_operator_forgives_no_typo(index: SearchIndex) -> None:
    assert index.search("'bernado") == []
    assert first(index, "'bernardo").id == "bernardo"
    assert first(index, "'nardo").id == "bernardo"  # exact, but anywhere in a word


def test_prefix_operator_anchors_the_field_start(index: SearchIndex) -> None:
    hit = first(index, "^char")
    assert (hit.id, hit.field) == ("charlotte", "name")
    assert all(h.id != "charlotte" for h in index.search("^lotte"))


def test_suffix_operator_anchors_the_field_end(index: SearchIndex) -> None:
    hits = index.search("colectiva$")
    assert hits and all(h.matched.casefold().rstrip(".").endswith("colectiva") for h in hits)
    assert {h.id for h in hits} == {"comunidad-colectiva", "stefania"}


def test_exclusion_drops_entries_containing_the_word(index: SearchIndex) -> None:
    ids = [h.id for h in index.search("mike !hsi")]
    assert "mike-deputy" in ids and "mike-hsi" not in ids


@pytest.mark.parametrize("query", ["@location washington", "kind:location washington", "@locations washington"])
def test_kind_filter_in_the_query(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert {h.id for h in hits} == {"washington-dc", "washington-state"}


def test_kind_parameter(index: SearchIndex) -> None:
    assert {h.kind for h in index.search("ice", kind="organization")} == {"organization"}
    assert {h.kind for h in index.search("ice", kind="people")} <= {"person"}
    assert index.search("ice @subject", kind="organization") == []
    with pytest.raises(ValueError, match="unknown kind"):
        index.search("ice", kind="planet")


def test_a_kind_being_typed_does_not_fail_the_query(index: SearchIndex) -> None:
    assert [h.id for h in index.search("@s judy")] == [h.id for h in index.search("judy")]


# -- threshold, limits, order -----------------------------------------------------------------------
@pytest.mark.parametrize("query", ["xqzvvk", "zzzzqq", "qwxz judy"])
def test_gibberish_returns_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


@pytest.mark.parametrize("query", ["", "   ", "!", "'", "!judy"])
def test_queries_without_words_return_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


@pytest.mark.parametrize("query", ["@subject", "@Subjects", "kind:subject"])
def test_a_kind_alone_lists_that_kind(index: SearchIndex, catalog, query: str) -> None:
    hits = index.search(query, limit=100)
    assert {hit.id for hit in hits} == {entry.id for entry in catalog.of_kind("subject")}
    assert {hit.kind for hit in hits} == {"subject"} and hits[0].id in {"judy", "brian", "bernardo", "stefania"}
    assert "judy" not in {hit.id for hit in index.search("@subject !judy", limit=100)}


def test_an_unknown_kind_matches_nothing_and_says_which(index: SearchIndex) -> None:
    assert index.search("@bogus judy") == []
    assert parse("@bogus judy").unknown_kinds == ("bogus",)
    assert parse("@su judy").unknown_kinds == parse("@ judy").unknown_kinds == ()


def test_count_tells_how_many_hits_there_are_beyond_the_limit(index: SearchIndex) -> None:
    every = index.search("e", limit=1000)
    assert index.count("e") == len(every) > 3 == len(index.search("e", limit=3))
    assert index.count("@subject") == 8 and index.count("xqzvvk") == 0


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("e", limit=3)) == 3
    assert index.search("judy", limit=0) == []


def test_exact_name_beats_prefix_beats_typo_beats_other_fields(index: SearchIndex) -> None:
    exact, prefix, typo = first(index, "charlotte"), first(index, "charl"), first(index, "charlote")
    summary = next(h for h in index.search("carolina") if h.field in ("summary", "role"))
    text = first(index, "pocketknife")
    assert exact.score > prefix.score > typo.score > summary.score > text.score
    assert exact.score == 100


@pytest.mark.parametrize(
    ("query", "expected", "lit"),
    [("jdy", "judy", "Jdy"), ("mck cty", "mecklenburg-county", "MckCty"), ("bcx", "bryan-cox", "BCx")],
)
def test_letters_in_order_find_a_name_as_fzf_does(index: SearchIndex, query: str, expected: str, lit: str) -> None:
    hit = first(index, query)
    assert (hit.id, hit.field, highlighted(hit)) == (expected, "name", lit)


def test_letters_in_order_are_the_last_resort(tmp_path: Path) -> None:
    entries = {
        "people": [
            entry("opal-perry", "Opal Perry", "A neighbour."),
            entry("operator", "Dana", "A radio operator."),
        ]
    }
    index = SearchIndex(load_catalog(make_catalog(tmp_path, entries, SOURCE)))
    assert [hit.id for hit in index.search("oper")] == ["operator"]  # a word match: no scan of the names
    hits = index.search("oprry")
    assert [(hit.id, hit.field) for hit in hits] == [("opal-perry", "name")]
    assert hits[0].score < 30  # below any word match


def test_equal_scores_keep_main_subjects_then_shorter_names_first(index: SearchIndex) -> None:
    hits = index.search("ice fugitive")
    assert [h.id for h in hits[:2]] == ["judy", "brian"]  # both main, same score: shorter name first
    mikes = [h.id for h in index.search("mike")][:2]
    assert mikes == ["mike-deputy", "mike-hsi"]  # same name: by id


def test_results_are_stable_across_calls_and_threads(index: SearchIndex) -> None:
    queries = ["judy", "mike hsi", "bernado", "ice", "ep 4", "bring at least two", "wash", "e"] * 4
    expected = [index.search(q) for q in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(index.search, queries)) == expected


def test_a_new_index_agrees_with_the_old(catalog, index: SearchIndex) -> None:
    fresh = SearchIndex(catalog)
    for query in ("judy", "bernado", "287g", "pocket"):
        assert fresh.search(query) == index.search(query)


# -- folding and parsing ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("287(g)", ["287g"]),
        ("Washington, D.C.", ["washington", "dc"]),
        ("ICE's office", ["ice", "office"]),
        ("José Ñandú", ["jose", "nandu"]),
        ("Mid-Atlantic/North — south", ["mid", "atlantic", "north", "south"]),
        ("Straße", ["strasse"]),
        ("  ", []),
    ],
)
def test_fold_words(text: str, words: list[str]) -> None:
    assert fold_words(text) == words
    assert fold(text) == " ".join(words)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_folding_with_origins_agrees_with_fast_folding(text: str) -> None:
    with_origin = words_with_origin(text)
    assert [word for word, _ in with_origin] == fold_words(text)
    for word, origin in with_origin:
        assert len(origin) == len(word) and list(origin) == sorted(origin)
        assert all(0 <= o < len(text) for o in origin)


@given(st.lists(st.text(max_size=20), max_size=8))
def test_batch_folding_agrees_with_one_at_a_time(texts: list[str]) -> None:
    assert fold_many(texts) == [fold_words(t) for t in texts]


def test_parse_operators() -> None:
    query = parse("'exact ^pre suf$ !no @subject kind:places plain")
    assert query.terms == (
        Term("exact", Mode.EXACT),
        Term("pre", Mode.PREFIX),
        Term("suf", Mode.SUFFIX),
        Term("plain", Mode.FUZZY),
    )
    assert query.excluded == ("no",)
    assert query.kinds == frozenset({"subject"})  # `places` is no kind: ignored


def test_search_does_not_import_textual() -> None:
    code = "import sys, tui.search; assert 'textual' not in sys.modules, 'textual imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).parents[1], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()


def test_a_build_asked_to_give_up_raises_and_one_never_asked_completes() -> None:
    catalog = load_catalog(SHIPPED_CATALOG)
    asked: list[int] = []

    def superseded() -> bool:
        asked.append(1)
        return len(asked) > 3  # a reload begins in the middle of the build

    with pytest.raises(Superseded):
        SearchIndex(catalog, superseded)
    assert len(asked) == 4
    assert SearchIndex(catalog, lambda: False).search("bernado")[0].id == "bernardo"


def test_building_with_the_collector_paused_freezes_what_was_built_and_spaces_full_collections() -> None:
    """What a load or an index build leaves is long-lived: frozen, so full collections do not walk
    it, and made ten times rarer, as the small heap left would otherwise bring one every few keys."""
    thresholds = gc.get_threshold()
    try:
        with collector_paused():
            assert not gc.isenabled()
            built = [{"kept": [n]} for n in range(1000)]
        assert gc.isenabled() and gc.get_threshold()[2] == FULL_COLLECTION_EVERY
        assert id(built[0]) not in {id(tracked) for tracked in gc.get_objects()}  # (the permanent generation)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_cycles_frozen_in_passing_are_collected_once_the_frozen_heap_regrows(monkeypatch: pytest.MonkeyPatch) -> None:
    """A freeze catches whatever is alive (in the app, a finished worker and its context); what of
    it later becomes a cycle would stay frozen for good: 20-40 MB a reload at 10k entries."""
    thresholds = gc.get_threshold()
    monkeypatch.setattr(Collected, "frozen", 0)
    gc.unfreeze()
    try:
        refreeze()
        base = gc.get_freeze_count()
        for _ in range(6):
            cycles: list[list] = [[] for _ in range(base // 5)]
            for cycle in cycles:
                cycle.append(cycle)
            refreeze()  # caught alive
            del cycles  # then dropped: garbage only a collection frees
        assert gc.get_freeze_count() < 1.8 * base  # (never collected: 2.2 times the base)
    finally:
        gc.unfreeze()
        gc.collect()
        gc.set_threshold(*thresholds)

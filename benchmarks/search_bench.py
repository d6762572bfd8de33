"""Search benchmark: keystroke latency, build time and memory of `SearchIndex` on synthetic catalogs,
compared with `fzf --filter` and `textual.fuzzy.Matcher` on the same names and text.

    python benchmarks/search_bench.py                 # 1k, 10k and 100k entries, one process each
    python benchmarks/search_bench.py --entries 10000

A synthetic catalog in the real schema, written as YAML and source files and loaded as the app
loads them (validation, anchoring), holds realistic names (common first names, generated surnames,
places, organizations), aliases, roles, summaries, passages,
and 2,000 source paragraphs of ~100 words, plus planted targets with near-duplicate distractors
(`Bernardo Ortiz` vs `Bernard Ortega`). Each query is typed one keystroke at a time; every prefix is
one timed search. The last line printed is one JSON object for the largest size run.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.catalog import load_catalog  # noqa: E402
from tui.catalog.anchor import SourceText  # noqa: E402
from tui.catalog.model import Catalog  # noqa: E402
from tui.catalog.schema import (  # noqa: E402
    SECTION_OF_KIND,
    Location,
    Organization,
    Passage,
    Person,
    Scene,
    Source,
    Subject,
    Topic,
)
from tui.search import SearchIndex  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
PARAGRAPHS = 2_000
SOURCES = 10
MATCHER_BUDGET_S = 20.0  # textual's Matcher is pure Python: only as many queries as fit in this

FIRST_NAMES = """maria jose juan carlos luis ana rosa carmen miguel pedro jorge elena sofia lucia diego
pablo andres fernando ricardo alejandro daniel david michael john james robert william richard thomas
mark paul steven kevin jason brian eric scott gary tim peter sarah karen nancy lisa betty helen sandra
donna carol ruth sharon michelle laura kimberly deborah jessica shirley cynthia angela melissa brenda amy
anna rebecca virginia kathleen pamela martha debra amanda stephanie carolyn christine marie janet
catherine frances ann joyce diane alice julie heather teresa doris gloria evelyn jean cheryl mildred
katherine joan ashley judith rose janice kelly nicole judy christina kathy theresa beverly denise tammy
irene jane lori rachel marilyn andrea kathryn louise sara anne jacqueline wanda bonnie julia ruby lois
tina phyllis norma paula diana annie lillian emily robin peggy crystal gladys rita dawn connie florence
tracy edna tiffany carmen rosa cindy grace wendy victoria edith kim sherry sylvia josephine thelma
shannon sheila ethel ellen elaine marjorie carrie charlotte monica esther pauline emma juanita anita
rhonda hazel amber eva debbie april leslie clara lucille jamie joanne eleanor valerie danielle megan
alicia suzanne michele gail bertha darlene veronica jill erin geraldine lauren cathy joann lorraine
lynn sally regina erica beatrice dolores bernice audrey yvonne annette june samantha marion dana stacy
ana renee ida vivian roberta holly brittany melanie loretta yolanda jeanette laurie katie kristen
vanessa alma sue elsie beth jeanne""".split()
ONSETS = "b br c ch cl d dr f g gr h j k l m n p pr qu r s st t tr v w z".split()
VOWELS = "a e i o u ia io ea ue".split()
CODAS = ["", "n", "r", "l", "s", "z", "nd", "rt", "ll", "ck", "st"]
PLACE_KINDS = "County City Park Heights Valley Station Port Springs Creek Point".split()
ORG_HEADS = "Office Project Coalition Center Network Alliance Council Bureau Institute Committee".split()
ORG_ADJS = """Regional National Community Legal Immigrant Refugee Border Family Civil Federal Local
Latino Youth Faith Workers""".split()
ROLES = """officer agent attorney activist director supervisor deputy reporter judge detainee
spokesperson organizer teacher pastor mother father brother sister""".split()

# Planted targets: (id, kind, name, aliases, main). Distractors are near-duplicates the query must not
# rank first.
TARGETS = [
    ("bernardo-ortiz", "subject", "Bernardo Ortiz", (), True),
    ("judy-quintanilla", "subject", "Judy Quintanilla", (), True),
    ("mecklenburg-county", "location", "Mecklenburg County", ("Mecklenburg",), False),
    ("hsi-target", "organization", "Homeland Security Investigations", ("HSI",), False),
    ("comunidad-colectiva", "organization", "Comunidad Colectiva", (), False),
    ("stefania-arreola", "subject", "Stefania Arreola", (), True),
    ("shaul-schwarz", "person", "Shaul Schwarz", ("Schwartz",), False),
    ("family-separation", "topic", "Family Separation", (), False),
    ("bryan-cox", "subject", "Bryan Cox", (), False),
    ("brian-cox", "person", "Brian Cox", (), False),
    ("charlotte-vandermeer", "subject", "Charlotte Vandermeer", (), False),
]
DISTRACTORS = [
    ("Bernard Ortega", "subject"), ("Bernarda Ortiz-Lopez", "subject"), ("Judith Quintero", "subject"),
    ("Trudy Quintanilla", "subject"), ("Meckling County", "location"), ("Mecklin Bay", "location"),
    ("Homeland Safety Institute", "organization"), ("Comunidad Colectora", "organization"),
    ("Stefan Arreola", "subject"), ("Paul Schwarzman", "person"), ("Family Reunification", "topic"),
    ("Separation of Powers", "topic"), ("Charles Vandermeer", "subject"), ("Charlotte Vanderbilt", "subject"),
]
PLANTED_PHRASE = "opened the lock with a pocketknife while the agents watched"  # an uncited paragraph
QUOTED_PHRASE = "told them to bring at least two people in that morning"  # quoted by a planted target
QUOTED_BY = "judy-quintanilla"
CITED_SHARE = 0.05  # entries with a passage
QUERIES = [  # (typed query, expected first id; None = the planted source paragraph)
    ("bernado ortiz", "bernardo-ortiz"),
    ("ortiz bernardo", "bernardo-ortiz"),
    ("judi quintanila", "judy-quintanilla"),
    ("mecklen", "mecklenburg-county"),
    ("hsi", "hsi-target"),
    ("homeland security investigations", "hsi-target"),
    ("communidad colectiva", "comunidad-colectiva"),
    ("stefani arreola", "stefania-arreola"),
    ("schwartz", "shaul-schwarz"),
    ("family seperation", "family-separation"),
    ("bryan cox", "bryan-cox"),
    ("brian cox", "brian-cox"),
    ("charlote vandermeer", "charlotte-vandermeer"),
    ("vandermeer charlotte", "charlotte-vandermeer"),
    ("bernardo ortzi", "bernardo-ortiz"),  # swapped letters: subsequence matchers miss these
    ("stefania arreloa", "stefania-arreola"),
    ("charlotte vandermeir", "charlotte-vandermeer"),  # a wrong letter
    ("comunidad kolectiva", "comunidad-colectiva"),
    ("pocketknife", None),
    ("bring at least two people", QUOTED_BY),
]


# == synthetic catalog ===============================================================================
def _surname(rng: random.Random) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 3))]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


def _word_bank(exclude: set[str]) -> tuple[list[str], list[int]]:
    """Words of the real sources with their frequencies (realistic prose), minus planted names."""
    counts: collections.Counter[str] = collections.Counter()
    for file in (REPO / "seeds").glob("*.txt"):
        counts.update(w.lower() for w in re.findall(r"[A-Za-z]+", file.read_text(encoding="utf-8")))
    words = [w for w in counts if w not in exclude and len(w) > 1 or w == "a"]
    return words, [counts[w] for w in words]


def synthetic_catalog(size: int, seed: int = 7) -> tuple[Catalog, dict[str, tuple[int, int]]]:
    """A Catalog of `size` entries plus PARAGRAPHS source paragraphs; returns it and the planted
    paragraph's (start, end) by source id."""
    rng = random.Random(seed)
    planted_words = {w.lower() for name, _ in DISTRACTORS for w in re.findall(r"\w+", name)}
    planted_words |= {w.lower() for t in TARGETS for w in re.findall(r"\w+", t[2] + " " + " ".join(t[3]))}
    bank, weights = _word_bank(planted_words | {"pocketknife", "bring"})
    surnames = sorted({_surname(rng) for _ in range(max(2_000, size // 2))} - {w.capitalize() for w in planted_words})

    def prose(n: int) -> str:
        return " ".join(rng.choices(bank, weights, k=n))

    # Sources: 2,000 paragraphs of ~100 words, one planted phrase.
    sources: dict[str, Source] = {}
    texts: dict[str, SourceText] = {}
    planted_at: dict[str, tuple[int, int]] = {}
    planted_index, quoted_index = rng.sample(range(PARAGRAPHS), 2)
    for s in range(SOURCES):
        paragraphs = []
        for p in range(PARAGRAPHS // SOURCES):
            body = prose(rng.randint(80, 120)).capitalize() + "."
            for index, phrase in ((planted_index, PLANTED_PHRASE), (quoted_index, QUOTED_PHRASE)):
                if s * (PARAGRAPHS // SOURCES) + p == index:
                    cut = body.index(" ", 200)
                    body = body[:cut] + " " + phrase + body[cut:]
            paragraphs.append(body)
        text = "\n\n".join(paragraphs) + "\n"
        source_id = f"source-{s}"
        sources[source_id] = Source.model_construct(
            id=source_id, name=f"Source number {s}", aliases=(), summary=prose(12), passages=(),
            file=f"seeds/{source_id}.txt", outlet=None, source_kind="news", sha256=None,
            episodes=(), subjects=(), people=(), locations=(), organizations=(), topics=(), scenes=(),
        )
        texts[source_id] = SourceText(text)
        if PLANTED_PHRASE in text:
            at = text.index(PLANTED_PHRASE)
            start = text.rfind("\n\n", 0, at) + 2 if text.rfind("\n\n", 0, at) != -1 else 0
            end = text.find("\n\n", at)
            planted_at[source_id] = (start, end if end != -1 else len(text.rstrip()))

    entries: dict = dict(sources)
    kinds = {source_id: "source" for source_id in sources}
    links_none = dict(episodes=(), subjects=(), people=(), locations=(), organizations=(), topics=(), scenes=())

    def add(entry_id: str, kind: str, name: str, aliases: tuple[str, ...] = (), main: bool = False) -> None:
        model = {"subject": Subject, "person": Person, "location": Location, "organization": Organization,
                 "topic": Topic, "scene": Scene}[kind]
        extra: dict = {}
        if kind in ("subject", "person"):
            extra["role"] = f"{rng.choice(ROLES)} in {rng.choice(surnames)} {rng.choice(PLACE_KINDS)}"
        if kind == "subject":
            extra["main"] = main
        if kind == "location":
            extra["region"] = rng.choice(surnames)
        passages: tuple[Passage, ...] = ()
        quote_at = None
        if entry_id == QUOTED_BY:
            source_id = next(s for s in texts if QUOTED_PHRASE in texts[s].text)
            start = texts[source_id].text.index(QUOTED_PHRASE)
            quote_at = (source_id, start, start + len(QUOTED_PHRASE))
        elif rng.random() < CITED_SHARE:  # cite a stretch of some paragraph, not the planted one
            source_id = rng.choice(list(texts))
            text = texts[source_id].text
            start = text.find(" ", rng.randrange(0, len(text) - 200)) + 1
            end = text.find(" ", start + rng.randint(40, 120))
            if PLANTED_PHRASE not in text[start - 1000:end + 1000]:
                quote_at = (source_id, start, end)
        if quote_at:
            source_id, start, end = quote_at
            quote = texts[source_id].text[start:end]
            passages = (Passage.model_construct(source=source_id, quote=quote, prefix=None, suffix=None, note=None),)
        entries[entry_id] = model.model_construct(
            id=entry_id, name=name, aliases=aliases, summary=prose(rng.randint(12, 25)).capitalize() + ".",
            passages=passages, **links_none, **extra,
        )
        kinds[entry_id] = kind

    for target_id, kind, name, aliases, main in TARGETS:
        add(target_id, kind, name, aliases, main)
    for n, (name, kind) in enumerate(DISTRACTORS):
        add(f"distractor-{n}", kind, name)
    while len(entries) < size + len(sources):
        roll = rng.random()
        if roll < 0.45:
            kind = "subject" if roll < 0.3 else "person"
            first, last = rng.choice(FIRST_NAMES).capitalize(), rng.choice(surnames)
            name = f"{first} {last}"
            aliases = (last,) if rng.random() < 0.3 else ()
        elif roll < 0.6:
            kind, name, aliases = "location", f"{rng.choice(surnames)} {rng.choice(PLACE_KINDS)}", ()
        elif roll < 0.72:
            kind = "organization"
            name = f"{rng.choice(ORG_ADJS)} {rng.choice(surnames)} {rng.choice(ORG_HEADS)}"
            aliases = ("".join(w[0] for w in name.split()).upper(),) if rng.random() < 0.3 else ()
        elif roll < 0.85:
            kind, name, aliases = "topic", " ".join(rng.choices(bank, weights, k=rng.randint(2, 3))).capitalize(), ()
        else:
            kind = "scene"
            name = f"{rng.choice(FIRST_NAMES).capitalize()} {' '.join(rng.choices(bank, weights, k=rng.randint(2, 5)))}"
            aliases = ()
        slug = "-".join(re.findall(r"[a-z0-9]+", name.lower()))
        add(slug if slug not in entries else f"{slug}-{len(entries)}", kind, name, aliases)
    # Written as real files and loaded as the app loads them (YAML, validation, anchoring), so the
    # index is built from what a real load produces, not from hand-made objects.
    folder = Path(tempfile.mkdtemp(prefix="search-bench-"))
    (folder / "seeds").mkdir()
    for source_id, text in texts.items():
        (folder / "seeds" / f"{source_id}.txt").write_text(text.text, encoding="utf-8")
    sections: dict[str, list] = collections.defaultdict(list)
    for entry_id, entry in entries.items():
        record = {k: v for k, v in entry.model_dump(mode="json", by_alias=True).items() if v not in (None, [], ())}
        record.pop("kind", None)
        sections[SECTION_OF_KIND[kinds[entry_id]]].append(record)
    path = folder / "catalog.yaml"
    path.write_text(yaml.safe_dump(dict(sections), allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(path)
    shutil.rmtree(folder)
    return catalog, planted_at


# == measurements ====================================================================================
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def is_target(hit, expected: str | None, planted_at: dict[str, tuple[int, int]]) -> bool:
    if expected is not None:
        return hit.id == expected
    return hit.id in planted_at and hit.field == "text" and hit.start == planted_at[hit.id][0]


def run_ours(catalog: Catalog, planted_at) -> dict:
    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    index = SearchIndex(catalog)
    build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    index_mb = rss_mb() - before
    latencies: list[float] = []
    typed: list[str] = []
    ranks: list[int | None] = []
    for query, expected in QUERIES:
        for n in range(1, len(query) + 1):
            started = time.perf_counter()
            hits = index.search(query[:n], limit=20)
            latencies.append((time.perf_counter() - started) * 1000)
            typed.append(query[:n])
        ranks.append(next((i + 1 for i, h in enumerate(hits) if is_target(h, expected, planted_at)), None))
    slowest = sorted(zip(latencies, typed, strict=True), reverse=True)[:3]
    return {"build_s": build_s, "build_cpu_s": build_cpu_s, "index_mb": index_mb, "latencies": latencies,
            "ranks": ranks, "slowest": [(round(ms, 1), q) for ms, q in slowest]}


def fzf_lines(catalog: Catalog) -> tuple[list[str], list[str]]:
    """Entry lines (`name / alias / ...`, then id after a tab) and paragraph lines, as fzf sees them."""
    names = [" / ".join((e.name, *e.aliases)) + "\t" + e.id for e in catalog.entries.values()]
    paragraphs = []
    for source_id, text in catalog.texts.items():
        start = 0
        for block in text.text.split("\n\n"):
            paragraphs.append(block.replace("\n", " ") + f"\t{source_id}:{start}")
            start += len(block) + 2
    return names, paragraphs


def run_fzf(catalog: Catalog, planted_at) -> dict | None:
    fzf = shutil.which("fzf")
    if fzf is None:
        return None
    names, paragraphs = fzf_lines(catalog)
    with tempfile.TemporaryDirectory() as folder:
        names_file, text_file = Path(folder, "names.txt"), Path(folder, "text.txt")
        names_file.write_text("\n".join(names) + "\n", encoding="utf-8")
        text_file.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
        per_keystroke: list[float] = []
        per_query: list[float] = []
        ranks: list[int | None] = []
        for query, expected in QUERIES:
            file = names_file if expected is not None else text_file
            for n in range(1, len(query) + 1):
                with file.open("rb") as stdin:
                    started = time.perf_counter()
                    result = subprocess.run(  # match the names (field 1), not the id after the tab
                        [fzf, "--filter", query[:n], "--delimiter", "\t", "--nth", "1"],
                        stdin=stdin,
                        capture_output=True,
                        check=False,  # fzf exits 1 when nothing matches
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                per_keystroke.append(elapsed)
            per_query.append(elapsed)
            lines = result.stdout.decode("utf-8", "replace").splitlines()
            if expected is not None:
                found = [line.endswith("\t" + expected) for line in lines]
            else:
                keys = {f"{s}:{start}" for s, (start, _) in planted_at.items()}
                found = [line.rsplit("\t", 1)[-1] in keys for line in lines]
            ranks.append(next((i + 1 for i, hit in enumerate(found) if hit), None))
    return {"latencies": per_keystroke, "per_query": per_query, "ranks": ranks}


def run_matcher(catalog: Catalog) -> dict:
    """textual.fuzzy.Matcher over entry names: whole queries only, within MATCHER_BUDGET_S."""
    from textual.fuzzy import Matcher

    names = [(" / ".join((e.name, *e.aliases)), e.id) for e in catalog.entries.values()]
    per_query: list[float] = []
    ranks: list[int | None] = []
    spent = 0.0
    for query, expected in QUERIES:
        if expected is None:
            continue
        if spent > MATCHER_BUDGET_S:
            break
        matcher = Matcher(query)
        started = time.perf_counter()
        scored = [(matcher.match(name), entry_id) for name, entry_id in names]
        elapsed = time.perf_counter() - started
        spent += elapsed
        per_query.append(elapsed * 1000)
        ordered = [entry_id for score, entry_id in sorted(scored, key=lambda s: -s[0]) if score > 0]
        ranks.append(ordered.index(expected) + 1 if expected in ordered else None)
    return {"per_query": per_query, "ranks": ranks}


def top(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def measure(size: int) -> dict:
    started = time.perf_counter()
    catalog, planted_at = synthetic_catalog(size)
    generate_s = time.perf_counter() - started
    gc.collect()  # start from a settled heap: the catalog's own garbage is not the index's cost
    ours = run_ours(catalog, planted_at)
    fzf = run_fzf(catalog, planted_at)
    matcher = run_matcher(catalog)
    lat = ours["latencies"]
    result = {
        "entries": size,
        "records": None,
        "generate_s": round(generate_s, 2),
        "build_s": round(ours["build_s"], 3),
        "build_cpu_s": round(ours["build_cpu_s"], 3),
        "index_mb": round(ours["index_mb"], 1),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "keystrokes": len(lat),
        "p50_ms": round(statistics.median(lat), 3),
        "p95_ms": round(percentile(lat, 0.95), 3),
        "max_ms": round(max(lat), 3),
        "top1": round(top(ours["ranks"], 1), 3),
        "top3": round(top(ours["ranks"], 3), 3),
        "ranks": ours["ranks"],
        "slowest": ours["slowest"],
        "matcher_p50_ms": round(statistics.median(matcher["per_query"]), 1) if matcher["per_query"] else None,
        "matcher_queries": len(matcher["per_query"]),
        "matcher_top1": round(top(matcher["ranks"], 1), 3),
        "matcher_ranks": matcher["ranks"],
    }
    result.pop("records")
    if fzf is not None:
        result.update(
            fzf_p50_ms=round(statistics.median(fzf["latencies"]), 2),
            fzf_p95_ms=round(percentile(fzf["latencies"], 0.95), 2),
            fzf_query_p50_ms=round(statistics.median(fzf["per_query"]), 2),
            fzf_top1=round(top(fzf["ranks"], 1), 3),
            fzf_top3=round(top(fzf["ranks"], 3), 3),
            fzf_ranks=fzf["ranks"],
        )
        result["p50_vs_fzf"] = round(result["fzf_p50_ms"] / result["p50_ms"], 1)
    return result


# == report ==========================================================================================
def table(results: list[dict]) -> str:
    rows = [
        ("entries", "entries", "{:,}"),
        ("build (s)", "build_s", "{:.3f}"),
        ("build CPU (s)", "build_cpu_s", "{:.3f}"),
        ("index RSS growth (MB)", "index_mb", "{:.0f}"),
        ("peak RSS (MB)", "rss_mb", "{:.0f}"),
        ("keystrokes timed", "keystrokes", "{}"),
        ("ours p50 / keystroke (ms)", "p50_ms", "{:.2f}"),
        ("ours p95 / keystroke (ms)", "p95_ms", "{:.2f}"),
        ("ours max / keystroke (ms)", "max_ms", "{:.2f}"),
        ("ours top-1 / top-3", None, None),
        ("fzf --filter p50 / keystroke (ms)", "fzf_p50_ms", "{:.1f}"),
        ("fzf --filter p95 / keystroke (ms)", "fzf_p95_ms", "{:.1f}"),
        ("fzf p50 / ours p50", "p50_vs_fzf", "{:.0f}x"),
        ("fzf top-1 / top-3", None, None),
        ("textual Matcher p50 / query (ms)", "matcher_p50_ms", "{:.0f}"),
        ("textual Matcher queries run, top-1", None, None),
    ]
    lines = [f"{'':36}" + "".join(f"{r['entries']:>16,}" for r in results)]
    for label, key, fmt in rows[1:]:
        cells = []
        for r in results:
            if label == "ours top-1 / top-3":
                cell = f"{r['top1']:.0%} / {r['top3']:.0%}"
            elif label == "fzf top-1 / top-3":
                cell = f"{r.get('fzf_top1', 0):.0%} / {r.get('fzf_top3', 0):.0%}" if "fzf_top1" in r else "n/a"
            elif label == "textual Matcher queries run, top-1":
                cell = f"{r['matcher_queries']}, {r['matcher_top1']:.0%}"
            else:
                value = r.get(key)
                cell = "n/a" if value is None else fmt.format(value)
            cells.append(f"{cell:>16}")
        lines.append(f"{label:36}" + "".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, help="one catalog size (default: 1k, 10k and 100k)")
    args = parser.parse_args()
    if args.entries:
        results = [measure(args.entries)]
    else:  # one process per size, so each peak RSS is its own
        results = []
        for size in SIZES:
            out = subprocess.run(
                [sys.executable, __file__, "--entries", str(size)], capture_output=True, text=True, check=True
            ).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
    print(table(results))
    print("queries:", ", ".join(q for q, _ in QUERIES))
    for r in results:
        print(f"{r['entries']:>7,} ranks ours {r['ranks']}  fzf {r.get('fzf_ranks')}  matcher {r['matcher_ranks']}")
        print(f"{r['entries']:>7,} slowest keystrokes (ms, typed): {r['slowest']}")
    print(json.dumps(results[-1]))


if __name__ == "__main__":
    main()

"""Generate a real catalog for benchmarks: `catalog.yaml` in the real schema plus its source files.

Every passage is a whole sentence copied from a generated source text (so every passage anchors),
entries link to each other (episodes become hubs with thousands of link rows), and the sizes match
what a big curated catalog would be: ~2.7 passages per entry, one source of ~3,000 sentences per
1,000 entries, a tenth of the paragraphs left uncited (what coverage reports).

    python benchmarks/gen_catalog.py 10000 /tmp/cat10k      # writes /tmp/cat10k/catalog.yaml
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

PASSAGES_PER_ENTRY = 2.7
ENTRIES_PER_SOURCE = 1_000
# Share of the non-source, non-episode entries per section.
SHARES = {"subjects": 0.25, "people": 0.2, "locations": 0.15, "organizations": 0.1, "topics": 0.1,
          "scenes": 0.1, "events": 0.1}
ONSETS = "b br c ch cl d dr f g gr h j k l m n p pr qu r s st t tr v w z".split()
VOWELS = "a e i o u ia io ea ue".split()
CODAS = ["", "n", "r", "l", "s", "z", "nd", "rt", "ll", "ck", "st"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class _Words:
    def __init__(self, rng: random.Random, count: int = 4_000) -> None:
        self.rng = rng
        words: set[str] = set()
        while len(words) < count:
            syllables = rng.randint(1, 3)
            words.add("".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
                      + rng.choice(CODAS))
        self.words = sorted(words)

    def sentence(self, count: int) -> str:
        words = self.rng.choices(self.words, k=count)
        return " ".join(words).capitalize() + "."

    def name(self) -> str:
        return " ".join(w.capitalize() for w in self.rng.choices(self.words, k=2))


def generate(size: int, folder: Path, seed: int = 7) -> Path:
    """Write `folder/catalog.yaml` with about `size` entries and its sources; return its path."""
    rng = random.Random(seed)
    words = _Words(rng)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    source_count = max(1, round(size / ENTRIES_PER_SOURCE))
    rest = size - source_count - 6
    counts = {section: max(1, int(rest * share)) for section, share in SHARES.items()}
    passages_needed = int((size - source_count) * PASSAGES_PER_ENTRY) + 1
    per_source = passages_needed // source_count + 1
    # Each source: paragraphs of 3-6 sentences; cited sentences handed out in order.
    quotes: list[tuple[str, str]] = []
    source_lines = ["sources:"]
    for number in range(source_count):
        source_id = f"source-{number:04d}"
        sentences = []
        paragraphs = []
        while len(sentences) < per_source:
            paragraph = [words.sentence(rng.randint(9, 16)) for _ in range(rng.randint(3, 6))]
            paragraphs.append(" ".join(paragraph))
            if rng.random() > 0.1:  # a tenth stays uncited
                sentences.extend(paragraph)
        text = "\n\n".join(paragraphs) + "\n"
        file = f"sources/{source_id}.txt"
        (folder / file).write_text(text, encoding="utf-8")
        quotes.extend((source_id, s) for s in sentences[:per_source])
        source_lines += [f"  - id: {source_id}", f"    name: {_q('Source ' + words.name())}", f"    file: {file}",
                         "    source_kind: news", f"    summary: {_q(words.sentence(12))}"]
    rng.shuffle(quotes)
    ids: dict[str, list[str]] = {"episodes": [f"episode-{n}" for n in range(1, 7)]}
    for section, count in counts.items():
        ids[section] = [f"{section[:-1] if section != 'people' else 'person'}-{i:06d}" for i in range(count)]
    quote_at = 0

    def passages(count: int) -> list[str]:
        nonlocal quote_at
        lines = ["    passages:"]
        for _ in range(count):
            source_id, quote = quotes[quote_at % len(quotes)]
            quote_at += 1
            lines += [f"      - source: {source_id}", f"        quote: {_q(quote)}"]
        return lines if count else []

    def links(field: str, count: int, *, earlier_than: int | None = None) -> list[str]:
        pool = ids[field] if earlier_than is None else ids[field][:earlier_than]
        if not pool or not count:
            return []
        return [f"    {field}: [{', '.join(sorted(set(rng.choices(pool, k=count))))}]"]

    def passage_count() -> int:  # 2.7 on average: 2 or 3, sometimes 4
        return rng.choices((1, 2, 3, 4), weights=(1, 3, 4, 2))[0]

    body = source_lines + ["episodes:"]
    for n, episode_id in enumerate(ids["episodes"], 1):
        body += [f"  - id: {episode_id}", f"    name: Episode {n}", f"    number: {n}",
                 f"    summary: {_q(words.sentence(14))}", *passages(passage_count())]
    link_plan = {  # section -> (field, how many)
        "subjects": (("episodes", 1), ("locations", 2), ("organizations", 1), ("topics", 2)),
        "people": (("organizations", 1), ("subjects", 1), ("topics", 1)),
        "locations": (),
        "organizations": (("locations", 1),),
        "topics": (("episodes", 1),),
        "scenes": (("episodes", 1), ("subjects", 2), ("locations", 1)),
        "events": (("subjects", 1), ("locations", 1)),
    }
    for section in SHARES:
        body.append(f"{section}:")
        for entry_id in ids[section]:
            body += [f"  - id: {entry_id}", f"    name: {_q(words.name())}"]
            if rng.random() < 0.3:
                body.append(f"    aliases: [{_q(words.name())}]")
            if section == "subjects":
                body.append(f"    role: {_q(words.sentence(3)[:-1])}")
            if section == "events":
                year = rng.randint(2010, 2020)
                body += [f'    date: "{year}"', f'    stated: "in {year}"', "    precision: year"]
            body.append(f"    summary: {_q(words.sentence(rng.randint(12, 25)))}")
            body += passages(passage_count())
            for field, count in link_plan[section]:
                body += links(field, count)
    catalog = folder / "catalog.yaml"
    catalog.write_text("\n".join(body) + "\n", encoding="utf-8")
    return catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    path = generate(args.entries, args.folder)
    print(f"{path}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

"""Short labels for sources: their headlines are long and alike ("Immigration Nation ..."), so lists
and passage headings name a source by its outlet and kind ("The Times · interview"), adding a word
of its title that no other title has where that alone would not tell it apart."""

from __future__ import annotations

import re
from collections import Counter

from tui.catalog.model import Catalog
from tui.catalog.schema import Source

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_STOPWORDS = frozenset(
    {"about", "after", "again", "also", "from", "into", "more", "over", "than", "that", "their", "them", "they",
     "this", "what", "when", "with"}
)
MIN_WORD, GOOD_WORD = 4, 5  # letters: a shorter word cannot name a title; one this long names it well
_last: dict[int, tuple[Catalog, dict[str, str]]] = {}  # the labels of the last catalog asked about


def _words(title: str) -> list[str]:
    """The words of a title that can name it (possessives dropped): `Netflix's` -> `Netflix`."""
    words = (re.sub(r"['’]s$", "", word) for word in _WORD.findall(title))
    return [word for word in words if len(word) >= MIN_WORD and word.casefold() not in _STOPWORDS]


def _distinguishing_word(source: Source, titles_with: Counter[str]) -> str:
    """The first word of the title (of five letters or more, if there is one) that no other
    source's title has (`titles_with`: how many titles have each word); the id when every word
    is shared."""
    unique = [word for word in _words(source.name) if titles_with[word.casefold()] == 1]
    return next((word for word in unique if len(word) >= GOOD_WORD), unique[0] if unique else source.id)


def source_labels(catalog: Catalog) -> dict[str, str]:
    """Source id -> a short label, distinct from every other source's."""
    cached = _last.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    sources = list(catalog.sources.values())
    base = {s.id: f"{s.outlet} · {s.source_kind}" if s.outlet else s.source_kind for s in sources}
    shared = {label for label, count in Counter(base.values()).items() if count > 1}
    titles_with = Counter(word for s in sources for word in {w.casefold() for w in _words(s.name)})
    labels: dict[str, str] = {}
    for source in sources:
        label = base[source.id]
        if not source.outlet or label in shared:
            label = f"{label} · {_distinguishing_word(source, titles_with)}"
        labels[source.id] = label
    alike = {label for label, count in Counter(labels.values()).items() if count > 1}
    labels = {sid: f"{label} ({sid})" if label in alike else label for sid, label in labels.items()}
    _last.clear()
    _last[id(catalog)] = (catalog, labels)
    return labels

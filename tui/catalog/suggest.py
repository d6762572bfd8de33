"""Draft passages for an entry from the places the sources mention it but the catalog does not cite.

The output is YAML to paste under the entry: each quote is a verbatim slice of its source (the
sentence around the mention) checked to anchor to exactly that place, with a `prefix` or `suffix`
added when the sentence occurs more than once. A comment above each says where it is, so the
curator can keep the ones that support the entry and delete the rest.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from tui.catalog.anchor import MAX_CONTEXT_WORDS
from tui.catalog.coverage import Mention, Sentences, Spans, mentions_of
from tui.catalog.model import Catalog
from tui.text import one_line, visible

MAX_QUOTE_CHARS = 320  # longer sentences are cut to whole words around the mention
CONTEXT_CHARS = 70  # either side of a mention, in the comment above its suggestion
MIN_QUOTE_WORDS = 3
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A draft passage: the quote for one unlinked mention, with what makes it anchor there."""

    mention: Mention
    start: int
    end: int
    line: int
    quote: str  # the source's words, whitespace folded (anchoring forgives it)
    label: bool  # the mention is a speaker label: the quote is what that speaker says next
    extra: dict[str, str] | None  # the `prefix` or `suffix` it needs ({}: none); None: nothing makes it unique
    context: str  # about CONTEXT_CHARS either side of the mention, as written in the source

    def to_json(self) -> dict[str, object]:
        """What `imnation suggest --json` prints for it: what the YAML says, as data."""
        data: dict[str, object] = {
            "source_id": self.mention.source_id,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            **(self.extra or {}),
            "unique": self.extra is not None,
            "context": self.context,
        }
        if self.label:
            data["speaker_label"] = {"name": self.mention.name_matched, "line": self.mention.line}
        return data


def suggestions(catalog: Catalog, entry_id: str) -> list[Suggestion]:
    """A draft passage for each of the entry's unlinked mentions that the entry does not cite yet,
    one per quote (KeyError if the entry is unknown)."""
    cited = {
        sid: Spans((a.start, a.end) for a in catalog.anchors_of(entry_id) if a.source_id == sid)
        for sid in catalog.texts
    }
    quoted: list[tuple[Mention, int, int, bool]] = []
    seen: set[tuple[str, int, int]] = set()
    starts = {sid: [s for s, _ in text.paragraphs] for sid, text in catalog.texts.items()}
    sentences = {sid: Sentences(text.text) for sid, text in catalog.texts.items()}
    for mention in mentions_of(catalog, entry_id):
        sid = mention.source_id
        start, end, label = _quote_span(catalog, mention, starts[sid], sentences[sid])
        if (sid, start, end) in seen:
            continue
        seen.add((sid, start, end))
        if cited[sid].overlap(start, end):
            continue  # the entry already cites these words (a speaker label's speech, say)
        quoted.append((mention, start, end, label))
    for sid, text in catalog.texts.items():  # each quote located once, all of a source at a time
        text.locate_all((_quote(text.text, s, e), None, None) for m, s, e, _ in quoted if m.source_id == sid)
    return [found for args in quoted if (found := _suggestion(catalog, *args))]


def suggest_passages(catalog: Catalog, entry_id: str) -> str:
    """Ready-to-paste `passages:` YAML for the entry's unlinked mentions (KeyError if unknown)."""
    entry = catalog.entries[entry_id]
    found = suggestions(catalog, entry_id)
    title = f"{one_line(entry.name)} ({entry_id})"
    if not found:
        return f"# No uncited mentions of {title} in the sources.\n"
    drafted = sum(1 for suggestion in found if suggestion.extra is not None)
    header = (
        f"# {drafted} passage(s) for {title} drafted from mentions the catalog does not cite yet.\n"
        "# A mention may be of someone else with the same name: keep the ones that support the entry;\n"
        "# paste under it (merge with existing passages).\n"
    )
    drafts = [{"source": f.mention.source_id, "quote": f.quote, **f.extra} for f in found if f.extra is not None]
    items = _dump_all(drafts)
    return header + "passages:\n" + "".join(_block(catalog, suggestion, items) for suggestion in found)


def _quote_span(catalog: Catalog, mention: Mention, starts: list[int], sentences: Sentences) -> tuple[int, int, bool]:
    """The sentence around the mention. A paragraph that is only the name is a transcript's speaker
    label: what that speaker says next is quoted instead (the paragraph, or its first sentence)."""
    source_text = catalog.texts[mention.source_id]
    text, paragraphs = source_text.text, source_text.paragraphs
    index = bisect.bisect_right(starts, mention.start) - 1  # `starts`: the paragraphs' starts
    label = paragraphs[index] == (mention.start, mention.end) and index + 1 < len(paragraphs)
    if label:
        start, end = paragraphs[index + 1]
        if end - start > MAX_QUOTE_CHARS:
            start, end = sentences.around((start, end), start, start + 1)
        at, to = start, start
    else:
        start, end = sentences.around(paragraphs[index], mention.start, mention.end)
        at, to = mention.start, mention.end
    if end - start > MAX_QUOTE_CHARS:
        start, end = _word_window(text, start, end, at, to)
    return start, end, label


def _quote(text: str, start: int, end: int) -> str:
    """The quote a suggestion writes for `text[start:end]`: its words, one space between them."""
    return " ".join(text[start:end].split())


def _word_window(text: str, start: int, end: int, at: int, to: int) -> tuple[int, int]:
    """Whole words of `text[start:end]` around `[at, to)`, about MAX_QUOTE_CHARS long."""
    half = (MAX_QUOTE_CHARS - (to - at)) // 2
    left, right = max(start, at - half), min(end, to + half)
    if left > start and (space := _WHITESPACE.search(text, left, at)):
        left = space.end()
    if right < end and (spaces := list(_WHITESPACE.finditer(text, to, right))):
        right = spaces[-1].start()
    return left, right


def _suggestion(catalog: Catalog, mention: Mention, start: int, end: int, label: bool) -> Suggestion | None:
    """The suggestion quoting `[start, end)`, or None when the quote would be too short to mean
    anything (a speaker label followed by `[SPEAKING SPANISH]`)."""
    source_text = catalog.texts[mention.source_id]
    quote = _quote(source_text.text, start, end)
    if len(quote.split()) < MIN_QUOTE_WORDS:
        return None
    extra = source_text.unique_context(quote, start, end)
    context = _context(source_text.text, mention.start, mention.end)
    return Suggestion(mention, start, end, source_text.line_of(start), quote, label, extra, context)


def _block(catalog: Catalog, suggestion: Suggestion, items: Iterator[str]) -> str:
    """One commented YAML list item, the next of `items` (or only the comment, when no context
    makes the quote unique)."""
    mention = suggestion.mention
    where = f"{one_line(catalog.sources[mention.source_id].file)}:{suggestion.line}"
    if suggestion.label:
        label_name = one_line(mention.name_matched)
        comment = f"# {where}: after the speaker label {label_name!r} (line {mention.line})"
    else:
        comment = f"# {where}: \u2026{one_line(suggestion.context)}\u2026"
    if suggestion.extra is None:
        return f"  {comment}\n  # skipped: no prefix or suffix of up to {MAX_CONTEXT_WORDS} words makes it unique\n"
    return f"  {comment}\n" + _indent(next(items))


def _context(text: str, start: int, end: int) -> str:
    """About CONTEXT_CHARS either side of a mention, cut at whitespace."""
    left, right = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    if left and (space := _WHITESPACE.search(text, left, start)):
        left = space.end()
    if right < len(text) and (spaces := list(_WHITESPACE.finditer(text, end, right))):
        right = spaces[-1].start()
    return text[left:right]


def _dump_all(passages: list[dict[str, str]]) -> Iterator[str]:
    """Each passage as a YAML list item, in order, from one dump per kind (a dump per passage took
    most of the time for 20,000): text with control or bidi characters is written escaped (still
    exact), the rest as written."""
    plain = [all(visible(value) == value for value in passage.values()) for passage in passages]
    dumped = {}
    for kind in (True, False):
        text = yaml.dump(
            [p for p, is_plain in zip(passages, plain, strict=True) if is_plain is kind],
            Dumper=yaml.CSafeDumper, allow_unicode=kind, sort_keys=False, width=1_000_000,
        )
        # Every item starts a line with "- "; a value's own lines are indented.
        dumped[kind] = iter(re.split(r"(?m)^(?=- )", text)[1:]) if text.strip() != "[]" else iter(())
    return (next(dumped[is_plain]) for is_plain in plain)


def _indent(block: str) -> str:
    return "".join(f"  {line}\n" for line in block.splitlines())

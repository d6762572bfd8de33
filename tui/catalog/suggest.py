"""Draft passages for an entry from the places the sources mention it but the catalog does not cite.

The output is YAML to paste under the entry: each quote is a verbatim slice of its source (the
sentence around the mention) checked to anchor to exactly that place, with a `prefix` or `suffix`
added when the sentence occurs more than once. A comment above each says where it is, so the
curator can keep the ones that support the entry and delete the rest.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tui.catalog.anchor import MAX_CONTEXT_WORDS
from tui.catalog.coverage import Mention, NameStarts, Sentences, Spans, mentions_of, runs_and_lower_case_words
from tui.catalog.model import Catalog
from tui.catalog.yamlwrite import block_item, id_scalar, quoted
from tui.text import one_line

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
    quoted: list[tuple[Mention, int, int, bool, str]] = []
    seen: set[tuple[str, int, int]] = set()
    runs, lower_vocabulary = runs_and_lower_case_words(catalog)  # one reading of the sources' words
    words = NameStarts(catalog, runs)  # its paragraphs and sentences found once, for mentions and quotes
    for mention in mentions_of(catalog, entry_id, lower_vocabulary, words):
        sid = mention.source_id
        start, end, label = _quote_span(catalog, mention, words.paragraph_starts[sid], words.sentences(catalog, sid))
        if (sid, start, end) in seen:
            continue
        seen.add((sid, start, end))
        if cited[sid].overlap(start, end):
            continue  # the entry already cites these words (a speaker label's speech, say)
        quote = _quote(catalog.texts[sid].text, start, end)
        if quote.count(" ") >= MIN_QUOTE_WORDS - 1:  # shorter: a speaker label before `[SPEAKING SPANISH]`
            quoted.append((mention, start, end, label, quote))
    extras: dict[tuple[str, int], dict[str, str] | None] = {}  # (source id, start) -> prefix or suffix
    for sid, text in catalog.texts.items():  # all of a source's quotes at a time
        mine = [(quote, start, end) for mention, start, end, _, quote in quoted if mention.source_id == sid]
        for (_, start, _), extra in zip(mine, text.unique_contexts(mine), strict=True):
            extras[sid, start] = extra
    return [
        _suggestion(catalog, mention, start, end, label, quote, extras[mention.source_id, start])
        for mention, start, end, label, quote in quoted
    ]


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
    files = {sid: one_line(source.file) for sid, source in catalog.sources.items()}
    return header + "passages:\n" + "".join(_block(suggestion, files) for suggestion in found)


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
        start, end = _word_window(text, start, end, at, to, (MAX_QUOTE_CHARS - (to - at)) // 2)
    return start, end, label


def _quote(text: str, start: int, end: int) -> str:
    """The quote a suggestion writes for `text[start:end]`: its words, one space between them."""
    return " ".join(text[start:end].split())


def _word_window(text: str, start: int, end: int, at: int, to: int, half: int) -> tuple[int, int]:
    """Whole words of `text[start:end]` around `[at, to)`, about `half` characters either side: cut
    after the first whitespace in the `half` before and before the last in the `half` after."""
    left, right = max(start, at - half), min(end, to + half)
    if left > start and (space := _WHITESPACE.search(text, left, at)):
        left = space.end()
    if right < end and (space := _WHITESPACE.search(text[to:right][::-1])):
        right -= space.end()  # the last whitespace: the first in the reversed text
    return left, right


def _suggestion(
    catalog: Catalog, mention: Mention, start: int, end: int, label: bool, quote: str, extra: dict[str, str] | None
) -> Suggestion:
    source_text = catalog.texts[mention.source_id]
    context = _context(source_text.text, mention.start, mention.end)
    return Suggestion(mention, start, end, source_text.line_of(start), quote, label, extra, context)


def _block(suggestion: Suggestion, files: dict[str, str]) -> str:
    """One commented YAML list item, written as the catalog writes passages (or only the comment,
    when no context makes the quote unique); `files`: each source's file, as shown."""
    mention = suggestion.mention
    where = f"{files[mention.source_id]}:{suggestion.line}"
    if suggestion.label:
        label_name = one_line(mention.name_matched)
        comment = f"# {where}: after the speaker label {label_name!r} (line {mention.line})"
    else:
        comment = f"# {where}: \u2026{one_line(suggestion.context)}\u2026"
    if suggestion.extra is None:
        return f"  {comment}\n  # skipped: no prefix or suffix of up to {MAX_CONTEXT_WORDS} words makes it unique\n"
    fields = [("source", id_scalar(mention.source_id)), ("quote", quoted(suggestion.quote))]
    fields += [(key, quoted(value)) for key, value in suggestion.extra.items()]
    return "\n".join([f"  {comment}", *block_item(fields, 2, 4)]) + "\n"


def _context(text: str, start: int, end: int) -> str:
    """About CONTEXT_CHARS either side of a mention, cut at whitespace."""
    left, right = _word_window(text, 0, len(text), start, end, CONTEXT_CHARS)
    return text[left:right]

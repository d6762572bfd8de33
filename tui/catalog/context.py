"""How much of a source to show around a quote: a few words either side, within its paragraph.

Shared by every place that shows a passage in context (the detail pane, the discrepancy comparison),
so they cut the same words.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tui.catalog.anchor import SourceText, Span

CONTEXT_CHARS = 90
"""How much source text to show on each side of a quote, at most."""


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """`before` and `after` are the spans of text shown around the quote; `cut_before`/`cut_after`
    say whether the paragraph goes on beyond them (show an ellipsis)."""

    before: Span
    after: Span
    cut_before: bool
    cut_after: bool


def quote_context(source: SourceText, quote: Span, chars: int = CONTEXT_CHARS) -> QuoteContext:
    """Up to `chars` characters either side of `quote`, cut at word boundaries, never leaving the
    paragraph(s) the quote is in."""
    text, paragraphs = source.text, source.paragraphs
    first = max(0, bisect.bisect_right(paragraphs, Span(quote.start, len(text) + 1)) - 1)
    last = max(first, bisect.bisect_right(paragraphs, Span(max(quote.start, quote.end - 1), len(text) + 1)) - 1)
    para_start = min(paragraphs[first].start, quote.start) if paragraphs else quote.start
    para_end = max(paragraphs[last].end, quote.end) if paragraphs else quote.end
    before_start = max(para_start, quote.start - chars)
    after_end = min(para_end, quote.end + chars)
    if before_start > para_start:  # start on a word boundary
        space = text.find(" ", before_start, quote.start)
        before_start = space + 1 if space >= 0 else before_start
    if after_end < para_end:
        space = text.rfind(" ", quote.end, after_end)
        after_end = space if space >= 0 else after_end
    return QuoteContext(
        Span(before_start, quote.start), Span(quote.end, after_end), before_start > para_start, after_end < para_end
    )

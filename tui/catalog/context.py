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
    """`window`: the stretch of source shown, the quote and a little either side; `paragraph`: the
    paragraph(s) it lies in (the window is cut where it stops short of them: show an ellipsis)."""

    window: Span
    paragraph: Span

    @property
    def cut_before(self) -> bool:
        return self.window.start > self.paragraph.start

    @property
    def cut_after(self) -> bool:
        return self.window.end < self.paragraph.end


def _paragraph_at(source: SourceText, offset: int) -> Span | None:
    """The paragraph holding `offset`, if any (a binary search: sources can be long)."""
    paragraphs = source.paragraphs
    index = bisect.bisect_right(paragraphs, Span(offset, len(source.text) + 1)) - 1
    if index >= 0 and paragraphs[index].start <= offset < paragraphs[index].end:
        return paragraphs[index]
    return None


def quote_context(source: SourceText, quote: Span, chars: int = CONTEXT_CHARS) -> QuoteContext:
    """Up to `chars` characters either side of `quote`, cut at word boundaries, never leaving the
    paragraph(s) the quote is in."""
    text = source.text
    first = _paragraph_at(source, quote.start)
    last = _paragraph_at(source, max(quote.start, quote.end - 1))
    para_start = first.start if first else quote.start
    para_end = last.end if last else quote.end
    start = max(para_start, quote.start - chars)
    end = min(para_end, quote.end + chars)
    if start > para_start:  # start on a word boundary
        space = text.find(" ", start, quote.start)
        start = space + 1 if space >= 0 else start
    if end < para_end:
        space = text.rfind(" ", quote.end, end)
        end = space if space >= 0 else end
    return QuoteContext(Span(start, end), Span(para_start, para_end))

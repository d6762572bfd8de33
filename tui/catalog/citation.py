"""A span of a source with the reference that lets a reader find it again: title, outlet, author,
date where the source states them, and line. The app's copy keys (`y`, `Y`) and `imnation
citation` print the same three formats from here.

Formatted citations are safe to paste anywhere: plain text has control characters escaped
(`visible`), Markdown escapes markup too, and CSL-JSON is written by `json_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tui.catalog.anchor import Span
from tui.catalog.model import Catalog
from tui.catalog.schema import Source
from tui.text import json_text, markdown_line, markdown_text, one_line

CitationFormat = Literal["plain", "markdown", "csl"]
CITATION_FORMATS: tuple[CitationFormat, ...] = ("plain", "markdown", "csl")
FORMAT_TITLES: dict[CitationFormat, str] = {
    "plain": "Plain text: the quote, then its reference",
    "markdown": "Markdown: a block quote, then its reference",
    "csl": "CSL-JSON: the source, for Zotero and other reference managers",
}

_QUOTE_MARKS = ("\u201c", "\u2018", '"', "'", "\u00ab")

# CSL item types (https://docs.citationstyles.org) for each `source_kind`.
_CSL_TYPE = {
    "interview": "interview",
    "review": "review",
    "news": "article-newspaper",
    "feature": "article",
    "transcript": "document",
    "other": "document",
}


@dataclass(frozen=True, slots=True)
class Citation:
    """`quote` is exactly `text[start:end]` of the source; `line` and `last_line` are where it
    starts and ends (1-based)."""

    source: Source
    start: int
    end: int
    line: int
    last_line: int
    quote: str

    @property
    def lines(self) -> str:
        return f"line {self.line}" if self.line == self.last_line else f"lines {self.line}\u2013{self.last_line}"


def cite(catalog: Catalog, source_id: str, span: Span) -> Citation:
    """The citation of `[start, end)` of a source. KeyError for an unknown or unreadable source,
    ValueError for a span outside its text."""
    source = catalog.sources[source_id]
    text = catalog.texts[source_id]
    start, end = span
    if not 0 <= start <= end <= len(text.text):
        raise ValueError(f"span {start}-{end} is outside {source_id!r} ({len(text.text)} characters)")
    last = text.line_of(max(start, end - 1))
    return Citation(source, start, end, text.line_of(start), last, text.text[start:end])


def passage_citations(catalog: Catalog, entry_id: str) -> list[Citation]:
    """The citation of each anchored passage of an entry, in the order `imnation show` lists them."""
    return [cite(catalog, a.source_id, a.span) for a in catalog.anchors_of(entry_id)]


def reference(source: Source, *, markdown: bool = False) -> list[str]:
    """What the source states about itself, in citation order: title, outlet, author, date (the
    title in italics in Markdown)."""
    line = markdown_line if markdown else one_line
    parts = [f"*{line(source.name)}*" if markdown else line(source.name)]
    parts += [line(source.outlet)] if source.outlet else []
    parts += [f"by {line(source.author)}"] if source.author else []
    parts += [line(source.published)] if source.published else []
    return parts


def format_citation(citation: Citation, fmt: CitationFormat) -> str:
    """The quote and its reference in one of CITATION_FORMATS (ValueError for another)."""
    if fmt == "plain":
        where = ", ".join([*reference(citation.source), citation.lines])
        quote = one_line(citation.quote)
        if not quote.startswith(_QUOTE_MARKS):  # a quote that opens with one reads as quoted already
            quote = f"\u201c{quote}\u201d"
        return f"{quote}\n\u2014 {where}\n"
    if fmt == "markdown":
        where = ", ".join([*reference(citation.source, markdown=True), citation.lines])
        quoted = [f"> {line}" if line else ">" for line in markdown_text(citation.quote).split("\n")]
        return "\n".join([*quoted, "", f"\u2014 {where}", ""])
    return format_reference(citation.source, fmt)


def format_reference(source: Source, fmt: CitationFormat) -> str:
    """The source alone, without a quote (what CSL-JSON holds, and what a source cited as a whole is)."""
    if fmt == "csl":
        return json_text([csl_item(source)]) + "\n"
    if fmt in ("plain", "markdown"):
        return ", ".join(reference(source, markdown=fmt == "markdown")) + "\n"
    raise ValueError(f"unknown citation format {fmt!r}; choose one of {', '.join(CITATION_FORMATS)}")


def csl_item(source: Source) -> dict[str, Any]:
    """The source as a CSL-JSON item: only what the source states, nothing guessed (an author is
    a `literal` name, since splitting it into family and given names would be a guess)."""
    item: dict[str, Any] = {"id": source.id, "type": _CSL_TYPE[source.source_kind], "title": source.name}
    if source.outlet:
        item["container-title"] = source.outlet
    if source.author:
        item["author"] = [{"literal": source.author}]
    if source.published:
        item["issued"] = {"date-parts": [[int(part) for part in source.published.split("-")]]}
    return item


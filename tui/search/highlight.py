"""Which characters of a matched field to highlight, and the snippet shown around them."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from tui.search.query import Mode

SNIPPET_WIDTH = 100
_SPACE = re.compile(r"\s")


def aligned(term: str, mode: Mode, word: str) -> range | list[int]:
    """Indices in the folded `word` of the characters the folded query `term` matched."""
    if word.startswith(term):
        return range(len(term))
    if mode is Mode.SUFFIX and word.endswith(term):
        return range(len(word) - len(term), len(word))
    at = word.find(term)
    if at >= 0:
        return range(at, at + len(term))
    opcodes = Levenshtein.opcodes(term, word)
    return [j for op in opcodes if op.tag == "equal" for j in range(op.dest_start, op.dest_end)]


def snippet(text: str, positions: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """About SNIPPET_WIDTH characters of `text` around its first highlighted character, on one line
    (each whitespace character becomes one space, so offsets only shift by the leading `…`)."""
    first = positions[0] if positions else 0
    start = max(0, first - SNIPPET_WIDTH // 3)
    if start > 0:
        space = text.find(" ", start, first)
        if space != -1 and space - start < 15:
            start = space + 1
    end = min(len(text), start + SNIPPET_WIDTH)
    if end < len(text):
        space = text.rfind(" ", end - 15, end)
        if space > first:
            end = space
    lead = "…" if start > 0 else ""
    trail = "…" if end < len(text) else ""
    shift = len(lead) - start
    body = _SPACE.sub(" ", text[start:end])
    return lead + body + trail, tuple(p + shift for p in positions if start <= p < end)

"""Fold text to search keys: case, accents and punctuation ignored.

`José`, `JOSE` and `jose` fold to `jose`; `287(g)` to `287g`; `D.C.` to `dc`; `ICE's` to `ice`.
Separators (whitespace, hyphens, slashes, dashes) split words. The index folds every field once with
the fast `fold_words` / `fold_many`; highlighting re-folds the few fields it shows with
`words_with_origin`, which yields the same words with the offset of the original character behind
each folded one.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATOR = " "
_APOSTROPHE = "\x01"  # kept through the table so a possessive `'s` can be dropped afterwards
_APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4"
_SEPARATORS = "-/\\|_+&~\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2026"


class _FoldTable(dict[int, str]):
    """`str.translate` table, filled lazily: code point -> its folded replacement."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace() or char in _SEPARATORS:
            folded = _SEPARATOR
        elif char in _APOSTROPHES:
            folded = _APOSTROPHE
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            folded = "".join(c for c in base if c.isalnum())
        self[code] = folded
        return folded


_UNIT = "\x1f"  # joins the texts of a batch; only the batch tables keep it
_POSSESSIVE = re.compile(_APOSTROPHE + "s(?=[ " + _UNIT + "]|$)")
_ASCII_POSSESSIVE = re.compile(_POSSESSIVE.pattern.encode("ascii"))


class _Folder:
    """The fold table, plus the same table for ASCII text as a bytes translation (several times
    faster than `str.translate`)."""

    def __init__(self, keep_unit: bool) -> None:
        self.table = _FoldTable()
        if keep_unit:
            self.table[ord(_UNIT)] = _UNIT
        kept = bytes((self.table[c] or "\0").encode("ascii")[0] for c in range(128))
        self.ascii_map = kept + bytes(range(128, 256))
        self.ascii_delete = bytes(c for c in range(128) if not self.table[c])

    def __call__(self, text: str) -> str:
        """`text` folded; words separated by whitespace."""
        if text.isascii():
            data = text.encode("ascii").translate(self.ascii_map, self.ascii_delete)
            if b"\x01" in data:
                data = _ASCII_POSSESSIVE.sub(b"", data).replace(b"\x01", b"")
            return data.decode("ascii")
        folded = text.translate(self.table)
        if _APOSTROPHE in folded:
            folded = _POSSESSIVE.sub("", folded).replace(_APOSTROPHE, "")
        return folded


_fold = _Folder(keep_unit=False)
_fold_batch = _Folder(keep_unit=True)
_TABLE = _fold.table


def fold_words(text: str) -> list[str]:
    """The folded words of `text`."""
    return _fold(text).split()


def fold_many(texts: list[str]) -> list[list[str]]:
    """`fold_words` of each text, in one translation of them all (an index folds ~400k strings)."""
    joined = _UNIT.join(texts)
    if joined.count(_UNIT) != len(texts) - 1:  # some text holds the separator itself (or none given)
        return [fold_words(text) for text in texts]
    return [piece.split() for piece in _fold_batch(joined).split(_UNIT)]


def fold(text: str) -> str:
    """The folded words of `text` joined by single spaces."""
    return " ".join(fold_words(text))


PIECE_CHARS = 4000


def text_pieces(text: str) -> list[tuple[int, int]]:
    """`text` as `(start, end)` pieces of about `PIECE_CHARS`, each cut after a space (mid-word
    only where no space comes for as long): what highlighting re-folds of a long field, a piece
    at a time, instead of a 5 MB summary character by character (5 s a hit)."""
    pieces, start = [], 0
    while len(text) - start > PIECE_CHARS:
        space = text.find(" ", start + PIECE_CHARS, start + 2 * PIECE_CHARS)
        end = space + 1 if space >= 0 else start + PIECE_CHARS
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def words_with_origin(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """`fold_words(text)` with, for each word, the offset in `text` of each folded character."""
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        for folded in _TABLE[ord(char)]:
            chars.append(folded)
            origin.append(offset)
    words: list[tuple[str, tuple[int, ...]]] = []
    word: list[str] = []
    where: list[int] = []

    def close() -> None:
        # A possessive `'s` ends a word: drop it with its apostrophe; drop other apostrophes.
        if len(word) >= 2 and word[-2] == _APOSTROPHE and word[-1] == "s":
            del word[-2:], where[-2:]
        kept = [(c, o) for c, o in zip(word, where, strict=True) if c != _APOSTROPHE]
        if kept:
            words.append(("".join(c for c, _ in kept), tuple(o for _, o in kept)))
        word.clear()
        where.clear()

    for char, offset in zip(chars, origin, strict=True):
        if char == _SEPARATOR:
            close()
        else:
            word.append(char)
            where.append(offset)
    close()
    return words

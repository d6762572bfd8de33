"""Span edits of `catalog.yaml`: cite a passage, add an entry, an alias or a note, replace a quote.

Every edit splices the text of one node (or inserts whole lines next to one) at the offsets the
YAML reader marked, so every other byte of the file stays as the curator wrote it: comments, blank
lines, quoting, flow lists, CRLF line ends, a BOM, a missing final newline. New text follows the
indentation of its neighbours and writes free text as double-quoted YAML (escaped where needed),
ids plain when YAML would read them back as the same string.

A plan is computed from the file's bytes on disk (refused if they are not those the catalog was
loaded from), then validated by loading the new bytes with the normal loader (and, for a passage,
checking that it anchors); nothing is written until `write(plan)`, which refuses if the file
changed meanwhile and replaces it atomically. `undo(written)` puts the old bytes back, refusing
likewise.

The API: `plan_cite(catalog, entry_id, source_id, quote, *, note=None, at=None)`,
`plan_new_entry(catalog, kind, entry_id, *, name, summary=None)`, `plan_add_alias(catalog,
entry_id, alias)`, `plan_set_note(catalog, entry_id, passage_index, note)`,
`plan_replace_quote(catalog, entry_id, passage_index, quote, *, at=None)` (passage indexes as
`Anchor.index`), each returning an `EditPlan` or raising `EditError`; `write(plan) -> Written`,
`undo(written)`; `derive_id(name)`. New values are written by `tui.catalog.yamlwrite`.

Beyond the signatures first agreed: `at` is an offset in the source text inside the occurrence
meant (the app's selection, repair's closest match); without it a quote that occurs several times
is refused. A new entry without a summary gets `PLACEHOLDER_SUMMARY` (the schema requires one);
kinds that need more than a name and a summary are refused. Notes are set, not removed.
`EditPlan.inserted` includes a blank line that separates a new entry from the one before.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.catalog.anchor import Found, NotFound, SourceText, fold
from tui.catalog.loader import decode, display_name, is_packaged, load_catalog_bytes, read_bytes
from tui.catalog.model import Catalog
from tui.catalog.problems import CatalogError, Problem
from tui.catalog.schema import MODEL_OF_KIND, SECTION_OF_KIND, Discrepancy
from tui.catalog.yamlload import KEY, MAX_CATALOG_BYTES, Marked, NodeSpan, read_yaml
from tui.catalog.yamlload import Path as YamlPath
from tui.catalog.yamlwrite import block_item, flow_mapping, id_scalar, quoted

PLACEHOLDER_SUMMARY = "To be written from the passages."
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class EditError(Exception):
    """An edit refused, with where and why (`file:line:col: message`)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True)
class EditPlan:
    """One span edit, computed and validated, not yet written."""

    path: Path  # the catalog file
    before_sha256: str  # hash of the bytes the plan was computed from (Catalog.file_sha256)
    before: bytes
    after: bytes
    line: int  # 1-based first line of the inserted or replaced text in `after`
    inserted: str  # exactly those lines, as they will appear (joined by "\n", no final line break;
    # a blank line that separates a new entry from the one before is one of them)
    description: str  # what and where: `file:LINE` of its first line that is not blank


@dataclass(frozen=True)
class Written:
    """A plan written to disk; `undo` needs it."""

    plan: EditPlan
    after_sha256: str


# -- the file as text --------------------------------------------------------------------------


@dataclass
class _Text:
    """The catalog file's text with every node's span, and how to write new lines into it."""

    catalog: Catalog
    data: bytes
    text: str
    marked: Marked
    shown: str

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def span(self, path: YamlPath) -> NodeSpan:
        return self.marked.spans[path]

    def value(self, path: YamlPath) -> Any:
        node = self.marked.data
        for part in path:
            node = node[part]
        return node

    def problem(self, path: YamlPath, message: str) -> EditError:
        line, col = self.marked.position(path)
        return EditError(Problem(self.shown, line, col, message))

    def entry_path(self, entry_id: str) -> YamlPath:
        for section in SECTION_OF_KIND.values():
            for index, item in enumerate(self.value((section,)) if section in self.marked.data else ()):
                if isinstance(item, dict) and item.get("id") == entry_id:
                    return (section, index)
        raise EditError(Problem(self.shown, 1, 1, f"unknown entry {entry_id!r}"))

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def column(self, offset: int) -> int:
        """0-based column of an offset (in characters)."""
        return offset - self.line_start(offset)

    def content_end(self, path: YamlPath) -> int:
        """Offset just after the last character written for the node at `path` (a block
        collection's last leaf; a block scalar's last non-blank character)."""
        span = self.span(path)
        if span.style == "block":
            value = self.value(path)
            last = list(value)[-1] if isinstance(value, dict) else len(value) - 1
            return self.content_end((*path, last))
        written = self.text[span.start:span.end]
        return span.start + len(written.rstrip())

    def after_line(self, offset: int) -> int:
        """Where whole lines go after the line that holds `offset - 1`: the start of the next line,
        or the end of the text if that line is the last one."""
        found = self.text.find("\n", offset)
        return len(self.text) if found == -1 else found + 1

    def dash_column(self, item: YamlPath) -> int:
        """Column of the `-` that introduces a block sequence item."""
        start = self.span(item).start
        dash = self.text.rfind("-", self.line_start(start), start)
        return self.column(dash if dash != -1 else start)

    def entries_blank_separated(self, section: str) -> bool:
        """Whether the section's entries are separated by blank lines (then so is a new one)."""
        items = self.value((section,))
        if len(items) > 1:
            return self._blank_before((section, len(items) - 1))
        for other in SECTION_OF_KIND.values():  # a lone entry: do as the other sections do
            found = self.marked.data.get(other)
            if isinstance(found, list) and len(found) > 1 and self.span((other,)).style == "block":
                return self._blank_before((other, len(found) - 1))
        return False

    def _blank_before(self, item: YamlPath) -> bool:
        start = self.line_start(self.span(item).start)
        previous = self.text.rfind("\n", 0, max(0, start - 1)) + 1
        return not self.text[previous:start].strip()


def _load_text(catalog: Catalog) -> _Text:
    shown = display_name(catalog.path)
    if is_packaged(catalog.path):
        raise EditError(Problem(shown, 1, 1, "this is the catalog shipped inside the installed package (an upgrade "
                                "replaces it): make your own copy with `imnation init DIR` and edit that"))
    try:
        data = read_bytes(catalog.path, shown, MAX_CATALOG_BYTES)
        if hashlib.sha256(data).hexdigest() != catalog.file_sha256:
            raise EditError(
                Problem(shown, 1, 1, "the file changed on disk since the catalog was loaded; reload it first")
            )
        text = decode(data, shown)
        marked = read_yaml(text, shown, spans=True)
    except CatalogError as exc:
        raise EditError(exc.problems[0]) from None
    return _Text(catalog, data, text, marked, shown)


# -- making a plan -----------------------------------------------------------------------------


def _plan(doc: _Text, start: int, end: int, new: str, description: str, check: Any = None) -> EditPlan:
    """Replace `[start, end)` of the text with `new`, validate the result, describe it."""
    after_text = doc.text[:start] + new + doc.text[end:]
    bom = codecs.BOM_UTF8 if doc.data.startswith(codecs.BOM_UTF8) else b""
    after = bom + after_text.encode("utf-8")
    try:
        loaded = load_catalog_bytes(doc.catalog.path, after, reuse=doc.catalog)
    except CatalogError as exc:
        raise EditError(exc.problems[0]) from None
    if check is not None:
        check(loaded)
    nl = doc.newline
    if start == 0 or after_text[start - 1] == "\n":
        begin = start  # whole lines inserted here
    elif start == len(doc.text) and new.startswith(nl):
        begin = start + len(nl)  # after a last line that had no line break
    else:
        begin = after_text.rfind("\n", 0, start) + 1  # within a line: that whole line
    stop = start + len(new)
    if stop > begin and after_text[stop - 1] == "\n":
        stop -= 1
    else:
        line_end = after_text.find("\n", stop)
        stop = len(after_text) if line_end == -1 else line_end
    inserted = "\n".join(part.removesuffix("\r") for part in after_text[begin:stop].split("\n"))
    line = after_text.count("\n", 0, begin) + 1
    content_line = line + len(inserted) - len(inserted.lstrip("\n")) if inserted.strip() else line
    return EditPlan(
        path=doc.catalog.path,
        before_sha256=doc.catalog.file_sha256,
        before=doc.data,
        after=after,
        line=line,
        inserted=inserted,
        description=f"{description} at {doc.shown}:{content_line}",
    )


def _insert_lines(doc: _Text, offset: int, lines: list[str], *, blank_first: bool = False) -> tuple[int, str]:
    """`lines` as text to insert after the line holding `offset - 1`, in the file's line ends; a
    file without a final newline keeps having none."""
    nl = doc.newline
    at = doc.after_line(offset)
    body = ([""] if blank_first else []) + lines
    if at == len(doc.text) and doc.text and not doc.text.endswith("\n"):
        return at, nl + nl.join(body)
    return at, "".join(line + nl for line in body)


def _append_to_sequence(doc: _Text, path: YamlPath, flow_item: str, block_item: list[str] | None,
                        *, blank_first: bool = False) -> tuple[int, int, str]:
    """Splice an item at the end of the sequence at `path`: after its last item in a flow list,
    as lines after its last item's last line in a block list."""
    span = doc.span(path)
    items = doc.value(path)
    if span.style == "flow":
        if items:
            at = doc.content_end((*path, len(items) - 1))
            return at, at, ", " + flow_item
        at = doc.text.index("[", span.start) + 1
        return at, at, flow_item
    assert block_item is not None
    at, new = _insert_lines(doc, doc.content_end((*path, len(items) - 1)), block_item, blank_first=blank_first)
    return at, at, new


def _add_key(doc: _Text, mapping: YamlPath, after_key: str | None, key: str, flow_value: str,
             block_lines: list[str]) -> tuple[int, int, str]:
    """Add `key` to the mapping at `mapping`, after `after_key` (or its last key). `block_lines`
    are the lines of the value below `key:` (empty: `flow_value` on the key's line)."""
    value = doc.value(mapping)
    anchor_key = after_key if after_key in value else list(value)[-1]
    span = doc.span(mapping)
    if span.style == "flow":
        at = doc.content_end((*mapping, anchor_key))
        return at, at, f", {key}: {flow_value}"
    indent = doc.span((*mapping, next(iter(value)), KEY)).col - 1
    first = " " * indent + f"{key}:" + ("" if block_lines else f" {flow_value}")
    at, new = _insert_lines(doc, doc.content_end((*mapping, anchor_key)), [first, *block_lines])
    return at, at, new


def _passage_path(doc: _Text, entry_id: str, passage_index: int) -> YamlPath:
    base = doc.entry_path(entry_id)
    entry = doc.catalog.entries[entry_id]
    paths: list[YamlPath] = [(*base, "passages", i) for i in range(len(entry.passages))]
    if isinstance(entry, Discrepancy):
        for c, claim in enumerate(entry.claims):
            paths += [(*base, "claims", c, "passages", i) for i in range(len(claim.passages))]
    if not 0 <= passage_index < len(paths):
        raise doc.problem(base, f"{entry_id!r} has no passage {passage_index} (it has {len(paths)})")
    return paths[passage_index]


def _list_layout(doc: _Text, sequence: YamlPath) -> tuple[int, int, bool]:
    """Dash column, key column and whether the items are flow mappings, of a block list's last item."""
    last = (*sequence, len(doc.value(sequence)) - 1)
    return doc.dash_column(last), doc.span(last).col - 1, doc.span(last).style == "flow"


def _first_passages_layout(doc: _Text) -> tuple[int, int]:
    """Dash and key columns of a new `passages:` list, relative to its entry's keys: as in another
    entry's passage list, else two and four spaces in."""
    for path, span in doc.marked.spans.items():
        if len(path) == 3 and path[-1] == "passages" and span.style == "block":
            dash, key, _ = _list_layout(doc, path)
            parent = doc.span((*path[:-1], next(iter(doc.value(path[:-1]))), KEY)).col - 1
            return dash - parent, key - parent
    return 2, 4


# -- the edits ---------------------------------------------------------------------------------


def _source_problem(catalog: Catalog, source_id: str, line: int, message: str) -> EditError:
    return EditError(Problem(display_name(catalog.source_path(source_id)), line, 1 if line else 0, message))


def _lines(found: list[Found]) -> str:
    distinct = sorted({f.line for f in found})
    shown = ", ".join(str(n) for n in distinct[:10])
    return shown + (f" and {len(distinct) - 10:,} more" if len(distinct) > 10 else "")


def _choose(catalog: Catalog, source_id: str, quote: str, at: int | None) -> Found:
    """The occurrence of `quote` meant: the one at `at`, or the only one."""
    text = catalog.texts[source_id]
    found = text.occurrences(quote)
    if not found:
        located = text.locate(quote)
        assert isinstance(located, NotFound)
        message = f"quote not found in {source_id!r}"
        if located.closest is not None:
            closest = " ".join(located.closest.split())
            message += f"; closest match ({located.similarity:.0f}% similar): {closest[:160]!r}"
        raise _source_problem(catalog, source_id, located.line or 1, message)
    if at is not None:
        for occurrence in found:
            if occurrence.start <= at < max(occurrence.end, occurrence.start + 1):
                return occurrence
        raise _source_problem(catalog, source_id, text.line_of(at),
                              f"the quote does not occur here (it occurs at lines {_lines(found)})")
    if len(found) > 1:
        raise _source_problem(catalog, source_id, found[0].line,
                              f"quote occurs {len(found)} times in {source_id!r} (lines {_lines(found)}); "
                              "choose one by its line")
    return found[0]


def _quote_fields(catalog: Catalog, source_id: str, quote: str, at: int | None) -> tuple[str, dict[str, str]]:
    """The quote as the source writes it (straightened) and the context that anchors it there."""
    text: SourceText = catalog.texts[source_id]
    occurrence = _choose(catalog, source_id, quote, at)
    exact = fold(text.text[occurrence.start:occurrence.end])
    context = text.unique_context(exact, occurrence.start, occurrence.end)
    if context is None:
        raise _source_problem(
            catalog, source_id, occurrence.line,
            "these words occur several times and no prefix or suffix of a few words tells them apart",
        )
    return exact, context


def _anchored(entry_id: str, index: int, shown: str) -> Any:
    def check(loaded: Catalog) -> None:
        anchors = loaded.anchors.get(entry_id, ())
        if index >= len(anchors) or anchors[index] is None:
            reason = loaded.drift_reasons.get((entry_id, index))
            raise EditError(reason or Problem(shown, 1, 1, f"the new passage of {entry_id!r} would not anchor"))
    return check


def plan_cite(catalog: Catalog, entry_id: str, source_id: str, quote: str, *, note: str | None = None,
              at: int | None = None) -> EditPlan:
    """Add a passage quoting `source_id` to the end of the entry's own passages."""
    doc = _load_text(catalog)
    base = doc.entry_path(entry_id)
    if source_id not in catalog.sources:
        raise doc.problem(("sources",), f"unknown source {source_id!r}")
    if source_id not in catalog.texts:
        raise _source_problem(catalog, source_id, 0, f"source {source_id!r} could not be read")
    exact, context = _quote_fields(catalog, source_id, quote, at)
    fields = [("source", id_scalar(source_id)), ("quote", quoted(exact))]
    fields += [(key, quoted(value)) for key, value in context.items()]
    if note:
        fields.append(("note", quoted(note)))
    passages = (*base, "passages")
    own = len(catalog.entries[entry_id].passages)
    line = catalog.texts[source_id].line_of(_choose(catalog, source_id, exact, at).start)
    what = f"passage for {entry_id} ({source_id}, line {line})"
    check = _anchored(entry_id, own, doc.shown)
    entry_value = doc.value(base)
    if "passages" in entry_value and entry_value["passages"]:
        block = None
        if doc.span(passages).style == "block":
            dash, key, flow_items = _list_layout(doc, passages)
            block = [" " * dash + "- " + flow_mapping(fields)] if flow_items else block_item(fields, dash, key)
        start, end, new = _append_to_sequence(doc, passages, flow_mapping(fields), block)
        return _plan(doc, start, end, new, what, check)
    if "passages" in entry_value:  # `passages: []`
        span = doc.span(passages)
        if span.style == "flow":
            start, end, new = _append_to_sequence(doc, passages, flow_mapping(fields), None)
            return _plan(doc, start, end, new, what, check)
        raise doc.problem(passages, "passages is empty but not a list")
    if doc.span(base).style == "flow":
        start, end, new = _add_key(doc, base, None, "passages", "[" + flow_mapping(fields) + "]", [])
        return _plan(doc, start, end, new, what, check)
    dash, key = _first_passages_layout(doc)
    indent = doc.span((*base, next(iter(entry_value)), KEY)).col - 1
    start, end, new = _add_key(doc, base, None, "passages", "", block_item(fields, indent + dash, indent + key))
    return _plan(doc, start, end, new, what, check)


def derive_id(name: str) -> str:
    """A kebab-case id from a name: accents dropped, lower case, words joined by `-`
    ("Bernardo Sánchez" -> "bernardo-sanchez")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", plain.casefold())
    derived = "-".join(words)[:120].strip("-")
    return derived


def _required_fields(kind: str) -> list[str]:
    return [name for name, field in MODEL_OF_KIND[kind].model_fields.items()
            if field.is_required() and name not in ("id", "name", "summary")]


def plan_new_entry(catalog: Catalog, kind: str, entry_id: str, *, name: str,
                   summary: str | None = None) -> EditPlan:
    """Add an entry of `kind` at the end of its section (the section is added if there is none)."""
    doc = _load_text(catalog)
    if kind not in SECTION_OF_KIND:
        raise EditError(Problem(doc.shown, 1, 1, f"unknown kind {kind!r}; one of {', '.join(SECTION_OF_KIND)}"))
    if missing := _required_fields(kind):
        raise EditError(Problem(doc.shown, 1, 1, f"a new {kind} needs {', '.join(missing)}: add it by hand"))
    if not _ID.match(entry_id) or len(entry_id) > 120:
        example = derive_id(name) or "new-entry"
        raise EditError(Problem(doc.shown, 1, 1, f"id {entry_id!r} is not kebab-case (e.g. {example!r})"))
    if entry_id in catalog.entries:
        raise doc.problem(doc.entry_path(entry_id), f"duplicate id {entry_id!r}")
    for other in catalog.entries.values():
        if entry_id.casefold() in (a.casefold() for a in other.aliases):
            raise doc.problem(doc.entry_path(other.id), f"{entry_id!r} is already an alias of {other.id!r}")
    if not name.strip():
        raise EditError(Problem(doc.shown, 1, 1, "a new entry needs a name"))
    section = SECTION_OF_KIND[kind]
    fields = [("id", id_scalar(entry_id)), ("name", quoted(name)),
              ("summary", quoted(summary if summary else PLACEHOLDER_SUMMARY))]
    what = f"new {kind} {entry_id}"

    def check(loaded: Catalog) -> None:
        if entry_id not in loaded.entries:
            raise EditError(Problem(doc.shown, 1, 1, f"the new entry {entry_id!r} would not load"))

    if section in doc.marked.data and doc.value((section,)):
        path = (section,)
        last = (section, len(doc.value(path)) - 1)
        flow_items = doc.span(last).style == "flow"
        dash = doc.dash_column(last) if doc.span(path).style == "block" else 0
        key = doc.span(last).col - 1
        if flow_items:
            block = [" " * dash + "-" + " " * max(1, key - dash - 1) + flow_mapping(fields)]
        else:
            block = block_item(fields, dash, key)
        start, end, new = _append_to_sequence(doc, path, flow_mapping(fields), block,
                                              blank_first=doc.entries_blank_separated(section))
        return _plan(doc, start, end, new, what, check)
    if section in doc.marked.data and doc.span((section,)).style == "flow":  # `people: []`
        start, end, new = _append_to_sequence(doc, (section,), flow_mapping(fields), None)
        return _plan(doc, start, end, new, what, check)
    if section in doc.marked.data:
        raise doc.problem((section,), f"{section} is not a list")
    dash, key = _section_layout(doc)
    lines = [f"{section}:", *block_item(fields, dash, key)]
    nl = doc.newline
    text = doc.text
    if not text:
        return _plan(doc, 0, 0, nl.join(lines) + nl, what, check)
    if text.endswith("\n"):
        blank = [""] if text.strip() else []
        return _plan(doc, len(text), len(text), "".join(line + nl for line in blank + lines), what, check)
    return _plan(doc, len(text), len(text), nl + nl + nl.join(lines), what, check)


def _section_layout(doc: _Text) -> tuple[int, int]:
    """Dash and key columns of the entries of the first block section, else `  - key`."""
    for section in SECTION_OF_KIND.values():
        if section in doc.marked.data and doc.value((section,)) and doc.span((section,)).style == "block":
            last = (section, 0)
            if doc.span(last).style == "block":
                return doc.dash_column(last), doc.span(last).col - 1
    return 2, 4


def plan_add_alias(catalog: Catalog, entry_id: str, alias: str) -> EditPlan:
    """Add an alias to an entry (to its `aliases` list, or a new `aliases:` after its name)."""
    doc = _load_text(catalog)
    base = doc.entry_path(entry_id)
    entry = catalog.entries[entry_id]
    if not alias.strip():
        raise doc.problem(base, "an alias cannot be empty")
    wanted = alias.casefold()
    if wanted in (a.casefold() for a in (entry.name, *entry.aliases)):
        raise doc.problem(base, f"{entry_id!r} already has the name or alias {alias!r}")
    for other in catalog.entries.values():
        if other.id != entry_id and wanted in (a.casefold() for a in (other.id, *other.aliases)):
            raise doc.problem(doc.entry_path(other.id), f"{alias!r} is already the id or an alias of {other.id!r}")
    what = f"alias {alias!r} for {entry_id}"
    aliases = (*base, "aliases")

    def check(loaded: Catalog) -> None:
        if alias not in loaded.entries[entry_id].aliases:
            raise EditError(Problem(doc.shown, 1, 1, f"the alias of {entry_id!r} would not load"))

    value = quoted(alias)
    if "aliases" in doc.value(base):
        items = doc.value(aliases)
        if doc.span(aliases).style == "flow" or not items:
            start, end, new = _append_to_sequence(doc, aliases, value, None)
        else:
            last = (*aliases, len(items) - 1)
            dash = doc.dash_column(last)
            gap = doc.span(last).col - 1 - dash
            start, end, new = _append_to_sequence(doc, aliases, value, [" " * dash + "-" + " " * gap + value])
        return _plan(doc, start, end, new, what, check)
    start, end, new = _add_key(doc, base, "name", "aliases", f"[{value}]", [])
    return _plan(doc, start, end, new, what, check)


def _replace_scalar(doc: _Text, path: YamlPath, value: str) -> tuple[int, int, str]:
    """Replace a scalar node's text, keeping the line break a block scalar ends with."""
    span = doc.span(path)
    written = doc.text[span.start:span.end]
    return span.start, span.start + len(written.rstrip()), value


def plan_set_note(catalog: Catalog, entry_id: str, passage_index: int, note: str) -> EditPlan:
    """Set the note of one passage (`passage_index` as `Anchor.index`)."""
    doc = _load_text(catalog)
    path = _passage_path(doc, entry_id, passage_index)
    what = f"note on passage {passage_index + 1} of {entry_id}"
    passage = doc.value(path)
    if not isinstance(passage, dict):
        raise doc.problem(path, "this passage is not a mapping")
    if "note" in passage:
        start, end, new = _replace_scalar(doc, (*path, "note"), quoted(note))
    else:
        start, end, new = _add_key(doc, path, None, "note", quoted(note), [])
    return _plan(doc, start, end, new, what)


def plan_replace_quote(catalog: Catalog, entry_id: str, passage_index: int, quote: str, *,
                       at: int | None = None) -> EditPlan:
    """Replace one passage's quote (a repair, or an adjusted selection); its prefix and suffix are
    kept if they still pick the same place, else rewritten to the shortest that does."""
    doc = _load_text(catalog)
    path = _passage_path(doc, entry_id, passage_index)
    passage = doc.value(path)
    source_id = passage.get("source") if isinstance(passage, dict) else None
    if not isinstance(source_id, str) or source_id not in catalog.texts:
        raise doc.problem(path, f"source {source_id!r} of this passage cannot be read")
    exact, context = _quote_fields(catalog, source_id, quote, at)
    what = f"quote of passage {passage_index + 1} of {entry_id}"
    check = _anchored(entry_id, passage_index, doc.shown)
    old_context = {k: passage[k] for k in ("prefix", "suffix") if passage.get(k)}
    text = catalog.texts[source_id]
    target = _choose(catalog, source_id, exact, at)
    kept = text.locate(exact, old_context.get("prefix"), old_context.get("suffix"))
    same_context = set(passage) & {"prefix", "suffix"} == set(old_context)  # no empty `prefix:` to drop
    if isinstance(kept, Found) and kept.start == target.start and same_context:
        start, end, new = _replace_scalar(doc, (*path, "quote"), quoted(exact))
        return _plan(doc, start, end, new, what, check)
    fields = [("source", id_scalar(source_id)), ("quote", quoted(exact))]
    fields += [(key, quoted(value)) for key, value in context.items()]
    fields += [(key, quoted(str(value))) for key, value in passage.items()
               if key not in ("source", "quote", "prefix", "suffix") and value is not None]
    span = doc.span(path)
    if span.style == "flow":
        return _plan(doc, span.start, span.end, flow_mapping(fields), what, check)
    dash = doc.dash_column(path)
    start = doc.line_start(span.start)
    end = doc.after_line(doc.content_end(path))
    lines = block_item(fields, dash, span.col - 1)
    nl = doc.newline
    new = "".join(line + nl for line in lines)
    if end == len(doc.text) and not doc.text.endswith("\n"):
        new = new[: -len(nl)]
    return _plan(doc, start, end, new, what, check)


# -- writing -----------------------------------------------------------------------------------


def _replace_file(path: Path, expected_sha256: str, data: bytes, shown: str) -> None:
    """Write `data` over `path` if its bytes still hash to `expected_sha256`: a temporary file in
    the same folder, fsynced, then `os.replace` (atomic), with the old file's mode."""
    try:
        current = read_bytes(path, shown, MAX_CATALOG_BYTES)
    except CatalogError as exc:
        raise EditError(exc.problems[0]) from None
    if hashlib.sha256(current).hexdigest() != expected_sha256:
        raise EditError(Problem(shown, 1, 1, "the file changed on disk since it was read; reload it and try again"))
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:  # the rename itself survives a crash once the folder is synced
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def write(plan: EditPlan) -> Written:
    """Write a plan; refuses (EditError) if the file on disk is no longer `plan.before`."""
    _replace_file(plan.path, hashlib.sha256(plan.before).hexdigest(), plan.after, display_name(plan.path))
    return Written(plan, hashlib.sha256(plan.after).hexdigest())


def undo(written: Written) -> None:
    """Put back the bytes a write replaced; refuses if the file changed since that write."""
    _replace_file(written.plan.path, written.after_sha256, written.plan.before, display_name(written.plan.path))

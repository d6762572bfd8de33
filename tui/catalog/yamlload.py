"""A safe YAML reader that keeps where every value came from.

PyYAML's own loaders silently keep the last of two duplicate keys, expand aliases (alias bombs) and
forget positions. This module composes the node graph itself from the safe parser's events,
refuses anchors, aliases, deep nesting, duplicate keys and non-standard tags, and builds plain
Python values together with a map from each value's path (`("subjects", 3, "name")`) to its 1-based
line and column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tui.catalog.explain import key_refused, shown_key
from tui.catalog.positions import LineStarts, needs_line_starts, position
from tui.catalog.problems import MAX_PROBLEMS_PER_FILE, CatalogError, Problem
from tui.gcpause import collector_paused

Path = tuple[Any, ...]  # keys (str) and list indices (int); `KEY` marks a key's own span

MAX_CATALOG_BYTES = 128 * 1024 * 1024  # a 100k-entry catalog is ~75 MB (docs/robustness.md)
# A catalog nests 8 levels at most (discrepancies > claims > passages > quote); anything far deeper
# is a mistake or an attack, and would exhaust Python's recursion limit while composing.
MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON-style escaped surrogate (`"\ud83d\udc4d"` is one character, in two halves): libyaml
# refuses it, PyYAML's own (pure Python, ten times slower) parser reads the halves, joined here.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
PURE_PARSER_MAX_CHARS = 512 * 1024
# Where an anchor (`&name`) or an alias (`*name`) may start: these refuse libyaml's own composer.
_MAYBE_ANCHOR = re.compile(r"[&*][^\s\[\]{},]")
_BEFORE_ANCHOR = frozenset(" \t\r\n[{,:?")
# Deeper than libyaml's nesting limit (1,000), shallow enough to compose safely without it.
LIBYAML_PROBE_DEPTH = 1_500
# A catalog has about 20 characters per `,`, `:`, `-` or line break; a text with fewer than this
# many is mostly tiny values (`[1,1,…]`), which the careful path skips rather than composes.
MIN_CHARS_PER_SEPARATOR = 6
_STR = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True, slots=True)
class NodeSpan:
    """Where one YAML node is written: 1-based start line and column, and `[start, end)` as
    character offsets of the text (what a span edit splices). A block collection ends where the
    next token begins (the start of the line after its last value); `style` is a scalar's quoting
    (None: plain, `'`, `"`, `|`, `>`) or, for a collection, `flow` (`[...]`, `{...}`) or `block`."""

    line: int
    col: int
    start: int
    end: int
    style: str | None


@dataclass
class Marked:
    """Plain data plus the position of values (by path) and mapping keys (by path).

    Read for loading, only the sections and their entries have their positions and spans kept
    (a position per value was 70 MB and a fifth of the reading time at 10,000 entries); what is
    inside an entry is read again, that entry alone, the first time a problem asks where one of its
    values is. `spans` holds the full `NodeSpan` of every value and key node (keys under
    `path + KEY`) when asked for (`read_yaml(..., spans=True)`, what a span edit needs), with every
    position recorded as it is read."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    plain_scalars: set[Path] = field(default_factory=set)
    spans: dict[Path, NodeSpan] = field(default_factory=dict)
    all_spans: bool = False
    text: str = ""  # what entries are read again from
    file: str = ""
    entry_columns: dict[Path, int] = field(default_factory=dict)  # libyaml's column of each entry
    # No line break in `text` that libyaml counts otherwise than an editor (positions.py): then a
    # reread need look for one only in what changed.
    editor_lines: bool = False
    _detailed: set[Path] = field(default_factory=set)
    _line_starts: LineStarts | None = None

    @classmethod
    def of_entries(
        cls,
        data: Any,
        spans: dict[Path, NodeSpan],
        keys: dict[Path, tuple[int, int]],
        plain_scalars: set[Path],
        entry_columns: dict[Path, int],
        text: str,
        file: str,
        editor_lines: bool,
    ) -> Marked:
        """A reading that keeps what a load needs of sections and entries (their values' positions
        are their spans'), from the cache or put together by `reread`."""
        values = {path: (span.line, span.col) for path, span in spans.items()}
        return cls(data, values, keys, plain_scalars, spans, text=text, file=file, entry_columns=entry_columns,
                   editor_lines=editor_lines)

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        self._detail(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key_position(self, path: Path) -> tuple[int, int] | None:
        """Line and column of the mapping key at the end of `path`, if it is written."""
        self._detail(path)
        return self.keys.get(path)

    def is_plain(self, path: Path) -> bool:
        """Whether the value at `path` is an unquoted scalar."""
        self._detail(path)
        return path in self.plain_scalars

    def _detail(self, path: Path) -> None:
        """Record the positions inside the entry holding `path`, if not yet: its text, read again
        alone (indented as in the file), gives the same nodes at offsets shifted by a constant.
        If that ever failed, positions would be the entry's own: never wrong by more than that."""
        entry = path[:2]
        if self.all_spans or len(path) < 3 or entry in self._detailed or entry not in self.entry_columns:
            return
        self._detailed.add(entry)
        span, column = self.spans[entry], self.entry_columns[entry]
        fragment = " " * column + self.text[span.start:span.end]
        loader = yaml.SafeLoader(fragment) if _SURROGATE_ESCAPE.search(fragment) else _Loader(fragment)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            return
        finally:
            loader.dispose()
        if node is None:
            return
        if self._line_starts is None:
            self._line_starts = LineStarts(self.text)
        where = _Shifted(self._line_starts, span.start - column)
        builder = _Builder(self.file, where, self, deep=True)
        with collector_paused():
            builder.build(node, entry)


# The last part of the path under which a mapping key's own span is kept (no real key is a tuple).
KEY = ("key",)

# libyaml's parser when PyYAML was built with it (ten times faster on a big catalog); the events,
# marks and tag resolution are the same either way.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_fast(text: str) -> Node | None:
    """The node tree as libyaml composes it (in C, several times faster than from events here),
    or None when that cannot be trusted: an anchor or alias may be written (libyaml would share
    nodes rather than refuse them), the text is mostly tiny values, or anything is wrong (the
    careful path says what). Its nesting
    limit (a thousand levels) keeps the C composer's recursion bounded; `_Builder` refuses
    anything deeper than MAX_DEPTH."""
    separators = sum(text.count(separator) for separator in ",:-\n")
    if not _libyaml_limits_nesting() or len(text) < MIN_CHARS_PER_SEPARATOR * separators or _may_have_anchors(text):
        return None
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


@functools.cache
def _libyaml_limits_nesting() -> bool:
    """Whether the libyaml PyYAML was built with refuses nesting past its limit (0.2.6 and later
    do): without that limit its recursive C composer crashes the process on a deep enough text."""
    if _Loader is yaml.SafeLoader:
        return False
    loader = _Loader("[" * LIBYAML_PROBE_DEPTH + "]" * LIBYAML_PROBE_DEPTH)
    try:
        loader.get_single_node()
    except yaml.YAMLError:
        return True
    finally:
        loader.dispose()
    return False


def _may_have_anchors(text: str) -> bool:
    """Whether `&name` or `*name` is written where a node may start (a line that is a comment
    cannot hold one; any other stretch might, a quoted one included: then the careful path)."""
    for found in _MAYBE_ANCHOR.finditer(text):
        at = found.start()
        if at and text[at - 1] not in _BEFORE_ANCHOR:
            continue
        line_start = max(text.rfind(end, 0, at) for end in "\n\r") + 1
        if not text[line_start:at].lstrip().startswith("#"):
            return True
    return False


def _compose(loader: yaml.SafeLoader) -> Node | None:
    """The single document's node tree, composed from parser events so that anchors, aliases and
    absurd nesting are refused before anything is built from them."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # document start
    root = _compose_node(loader, 0)
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        raise _Refused(_mark(loader.peek_event().start_mark), "a catalog is a single YAML document; found a second")
    return root


def _mark(mark: object) -> yaml.Mark:
    """libyaml's marks (`yaml._yaml.Mark`) have the fields of PyYAML's own (`line`, `column`,
    `index`); the type stubs tell them apart, the nodes accept either."""
    return cast(yaml.Mark, mark)


def _compose_node(loader: yaml.SafeLoader, depth: int, event: Any = None) -> Node:
    """The node that starts with `event` (by default the next one)."""
    event = event or loader.get_event()
    start = _mark(event.start_mark)
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(_mark(event.start_mark), "YAML aliases (*name) are not allowed in a catalog")
    if event.anchor is not None:
        raise _Refused(start, f"YAML anchors (&{event.anchor}) are not allowed in a catalog")
    if depth >= MAX_DEPTH:
        raise _Refused(start, f"values are nested more than {MAX_DEPTH} levels deep")
    tag = event.tag
    if isinstance(event, yaml.ScalarEvent):
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        # libyaml marks a plain scalar with style "", PyYAML's own parser with None.
        return ScalarNode(tag, event.value, start, _mark(event.end_mark), style=event.style or None)
    if isinstance(event, yaml.SequenceStartEvent):
        if tag is None or tag == "!":
            tag = loader.resolve(SequenceNode, None, event.implicit)
        items: list[Node] = []
        not_entries = 0  # items of a section that cannot be entries (see `_build`)
        while not loader.check_event(yaml.SequenceEndEvent):
            if depth == 1 and not loader.check_event(yaml.MappingStartEvent):
                not_entries += 1
                if not_entries > MAX_PROBLEMS_PER_FILE:  # only counted from here on: never shown
                    _skip_node(loader)
                    continue
            first = loader.get_event()
            if depth == 1 and isinstance(first, yaml.MappingStartEvent) and loader.check_event(yaml.MappingEndEvent):
                not_entries += 1  # `{}`
                if not_entries > MAX_PROBLEMS_PER_FILE:
                    loader.get_event()
                    continue
            items.append(_compose_node(loader, depth + 1, first))
        end = _mark(loader.get_event().end_mark)
        sequence = SequenceNode(tag, items, start, end, flow_style=event.flow_style)
        sequence.skipped = max(0, not_entries - MAX_PROBLEMS_PER_FILE)  # type: ignore[attr-defined]
        return sequence
    if tag is None or tag == "!":
        tag = loader.resolve(MappingNode, None, event.implicit)
    pairs: list[tuple[Node, Node]] = []
    while not loader.check_event(yaml.MappingEndEvent):
        key = _compose_node(loader, depth + 1)
        pairs.append((key, _compose_node(loader, depth + 1)))
    return MappingNode(tag, pairs, start, _mark(loader.get_event().end_mark), flow_style=event.flow_style)


def _skip_node(loader: yaml.SafeLoader) -> None:
    """Consume one node's events without composing it (nor following its aliases)."""
    open_collections = 0
    while True:
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_collections += 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            open_collections -= 1
        if open_collections == 0:
            return


def reread(previous: Marked, text: str, file: str) -> Marked | None:
    """What `read_yaml(text, file)` returns, from `previous` (the reading of an earlier version of
    the same file), when the change is inside consecutive entries of one block section and leaves
    the lines around it as they were: only those entries are read (a save of one entry of 10,000
    then reads a few hundred characters, not 7 MB). None when that cannot be told safely: the
    caller reads the whole text (which also says what is wrong with it, if anything is)."""
    old = previous.text
    if previous.all_spans or not old or not previous.editor_lines:
        return None
    at = _common_prefix(old, text)
    same_end = _common_prefix(old[at:][::-1], text[at:][::-1]) if at < min(len(old), len(text)) else 0
    old_end, new_end, delta = len(old) - same_end, len(text) - same_end, len(text) - len(old)
    if needs_line_starts(text[at:new_end]):
        return None
    entries = sorted((span.start, path) for path, span in previous.spans.items() if len(path) == 2)
    touched = [path for start, path in entries if start <= old_end and previous.spans[path].end >= at]
    if not touched or len({path[0] for path in touched}) != 1:
        return None
    section = touched[0][0]
    first, last = previous.spans[touched[0]], previous.spans[touched[-1]]
    section_span, root_span = previous.spans.get((section,)), previous.spans.get(())
    if section_span is None or section_span.style != "block" or root_span is None or root_span.style != "block":
        return None
    # The change must lie within those entries, and the line of what follows them be untouched.
    if at < first.start or old_end > old.rfind("\n", 0, last.end) + 1:
        return None
    if new_end > text.rfind("\n", 0, last.end + delta) + 1:
        return None
    dash = old.rfind("-", 0, first.start)
    line_start = old.rfind("\n", 0, max(dash, 0)) + 1
    if dash < 0 or old[dash + 1:first.start].strip() or old[line_start:dash].strip(" "):
        return None
    column = dash - line_start
    region = text[dash:last.end + delta]
    if not _continues_sequence(region, column) or _may_have_anchors(region):
        return None
    fragment = " " * column + region
    loader = yaml.SafeLoader(fragment) if _SURROGATE_ESCAPE.search(fragment) else _Loader(fragment)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if not isinstance(node, SequenceNode) or node.flow_style or node.end_mark.index != len(fragment):
        return None
    if not node.value or not all(isinstance(item, MappingNode) for item in node.value):
        return None  # not entries: the whole read says what is wrong
    first_index, count = touched[0][1], len(touched)
    lines = text.count("\n", dash, last.end + delta) - old.count("\n", dash, last.end)
    # No line but LF ends here: libyaml's lines are the editor's, counted from the dash's.
    builder = _Builder(file, _Fragment(old.count("\n", 0, dash) + 1), Marked(data=None), deep=False)
    items, spans, columns = [], {}, {}
    for offset, item in enumerate(node.value):
        item_path: Path = (section, first_index + offset)
        items.append(builder.build(item, item_path))
        spans[item_path] = NodeSpan(
            *builder.where(item.start_mark), item.start_mark.index + line_start, item.end_mark.index + line_start,
            "flow" if item.flow_style else "block",
        )
        columns[item_path] = item.start_mark.column
    if builder.problems:
        return None
    old_items = previous.data[section]
    data = {**previous.data, section: [*old_items[:first_index], *items, *old_items[first_index + count:]]}
    renumber, rewritten = len(items) - count, set(touched)
    for path, span in previous.spans.items():
        if path in rewritten:
            continue
        if span.start >= last.end:  # after the change: moved by `delta` characters, `lines` lines
            moved = (section, path[1] + renumber) if len(path) == 2 and path[0] == section else path
            spans[moved] = NodeSpan(span.line + lines, span.col, span.start + delta, span.end + delta, span.style)
        else:  # before it, or holding it (the root, the section): its end moves
            moved = path
            spans[path] = NodeSpan(span.line, span.col, span.start,
                                   span.end + delta if span.end >= old_end else span.end, span.style)
        if path in previous.entry_columns:
            columns[moved] = previous.entry_columns[path]
    keys = {  # the sections' keys (deeper ones are read again when asked for)
        path: (line + lines if previous.spans[path].start >= last.end else line, col)
        for path, (line, col) in previous.keys.items()
        if len(path) == 1
    }
    plain = {path for path in previous.plain_scalars if len(path) == 1}
    return Marked.of_entries(data, spans, keys, plain, columns, text, file, editor_lines=True)


def _common_prefix(one: str, other: str) -> int:
    """How many characters the two texts start with alike: by halving, each step one comparison
    in C (a character loop over 7 MB would take a second)."""
    low, high = 0, min(len(one), len(other))
    while low < high:
        middle = (low + high + 1) // 2
        if one[low:middle] == other[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _continues_sequence(region: str, column: int) -> bool:
    """Whether every line of `region` (from a sequence item's dash at `column`) after its first is
    blank, a comment, more indented than the dash, or another item's dash at that column: then,
    read alone, it is the same list items as in the whole text."""
    for line in region.split("\n")[1:]:
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if not content.strip() or content.startswith("#") or indent > column and not content.startswith("\t"):
            continue
        if indent == column and content[:1] == "-" and content[1:2] in (" ", "\r", ""):
            continue
        return False
    return True


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def read_yaml(text: str, file: str, *, spans: bool = False) -> Marked:
    """Parse `text`; raise CatalogError with `file:line:col` problems for anything refused.
    `spans`: keep the `NodeSpan` of every node, not just of sections and entries."""
    if len(text) > MAX_CATALOG_BYTES:
        raise CatalogError(
            [Problem(file, 1, 1, f"catalog is {len(text):,} characters; the limit is {MAX_CATALOG_BYTES:,}")]
        )
    if unprintable := yaml.reader.Reader.NON_PRINTABLE.search(text):
        message = (
            f"character U+{ord(unprintable.group()):04X} is not allowed in YAML; "
            "write it as an escape inside double quotes"
        )
        raise CatalogError([Problem(file, *position(text, unprintable.start()), message)])
    where = _Where(text)
    with collector_paused():
        root = _compose_fast(text)
        if root is None:
            root = _compose_carefully(text, file, where)
        if root is None:
            raise CatalogError([Problem(file, 1, 1, "the catalog is empty; expected a mapping of sections")])
        marked = Marked(data=None, all_spans=spans, text=text, file=file, editor_lines=where.starts is None)
        return _Builder(file, where, marked, deep=spans).marked_from(root)


class _Shifted:
    """Editor line and column of a mark in a piece of the text that starts `shift` characters in."""

    def __init__(self, starts: LineStarts, shift: int) -> None:
        self.starts = starts
        self.shift = shift

    def __call__(self, mark: yaml.Mark) -> tuple[int, int]:
        return self.starts.position(mark.index + self.shift)


class _Fragment:
    """Editor line and column of a mark in a piece of text that starts a line (`first_line`) of a
    text whose only line ends are LF."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line

    def __call__(self, mark: yaml.Mark) -> tuple[int, int]:
        return self.first_line + mark.line, mark.column + 1


class _Where:
    """Editor line and column of a mark: libyaml's own, unless the text has line breaks that
    libyaml and editors count differently (see `tui.catalog.positions`)."""

    def __init__(self, text: str) -> None:
        self.starts = LineStarts(text) if needs_line_starts(text) else None

    def __call__(self, mark: yaml.Mark) -> tuple[int, int]:
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        return self.starts.position(mark.index)


def _compose_carefully(text: str, file: str, where: _Where) -> Node | None:
    """The node tree composed here from the parser's events, refusing anchors, aliases and deep
    nesting before anything is built from them; the exact reason for anything libyaml refused."""
    pure = _SURROGATE_ESCAPE.search(text) is not None and len(text) <= PURE_PARSER_MAX_CHARS
    loader = yaml.SafeLoader(text) if pure else _Loader(text)
    try:
        return _compose(loader)
    except _Refused as exc:
        raise CatalogError([Problem(file, *where(exc.mark), exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = where(mark) if mark else (1, 1)
        context = exc.context
        if context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            context += f" (started at line {where(exc.context_mark)[0]})"  # often where the mistake is
        what = " ".join(str(part) for part in (context, exc.problem) if part)
        if not pure and _SURROGATE_ESCAPE.search(text):
            what += (
                f" (a \\uD83D\\uDC4D-style pair is read only in catalogs up to {PURE_PARSER_MAX_CHARS // 1024} KiB;"
                " write the character itself, or one \\U0001F44D escape)"
            )
        raise CatalogError([Problem(file, line, col, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(file, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()


_KIND_OF_NODE = {ScalarNode: "a single value", SequenceNode: "a list", MappingNode: "a mapping"}


class _Builder:
    """Plain values from a node tree, with the position of each and a problem for each refused.
    `deep`: record the position of every value and key, not only of sections and entries."""

    def __init__(self, file: str, where: _Where | _Shifted | _Fragment, marked: Marked, deep: bool) -> None:
        self.file = file
        self.where = where
        self.marked = marked
        self.deep = deep
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()  # numbers, dates, flags

    def marked_from(self, root: Node) -> Marked:
        self.marked.data = self.build(root, ())
        if self.problems:
            raise CatalogError(self.problems)
        return self.marked

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.file, *self.where(node.start_mark), message))

    def span(self, node: Node) -> NodeSpan:
        if isinstance(node, ScalarNode):
            style = node.style or None  # libyaml's composer marks a plain scalar with ""
        else:
            assert isinstance(node, (SequenceNode, MappingNode))
            style = "flow" if node.flow_style else "block"
        return NodeSpan(*self.where(node.start_mark), node.start_mark.index, node.end_mark.index, style)

    def build(self, node: Node, path: Path) -> Any:
        if len(path) == 2 and isinstance(path[0], str) and not (isinstance(node, MappingNode) and node.value):
            # An item of a section that is not an entry: say so, build nothing under it (a megabyte of
            # `[1,1,…]` or `[{},{},…]` would otherwise become a million validation errors).
            found = "an empty mapping" if isinstance(node, MappingNode) else _KIND_OF_NODE[type(node)]
            self.problem(node, f"{path[0]}.{path[1]}: an entry must be a mapping of fields, not {found}")
            return None
        if len(path) >= MAX_DEPTH:  # what libyaml's own composer let through (see `_compose_fast`)
            self.problem(node, f"values are nested more than {MAX_DEPTH} levels deep")
            return None
        marked = self.marked
        if self.deep or len(path) <= 2:
            marked.values[path] = self.where(node.start_mark)
        if isinstance(self.where, _Where) and (marked.all_spans or len(path) <= 2):  # not an entry read again
            marked.spans[path] = self.span(node)
            if len(path) == 2:
                marked.entry_columns[path] = node.start_mark.column
        if node.tag == "tag:yaml.org,2002:value":  # YAML 1.1 reads a plain `=` as a "value key"
            node.tag = _STR
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, f"YAML tag {node.tag!r} is not allowed in a catalog")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return self.sequence(node, path)
        assert isinstance(node, ScalarNode)
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        marked = self.marked
        result: dict[str, Any] = {}
        key_nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                self.problem(key_node, key_refused(key_node.tag))
                continue
            key = key_node.value
            if key in key_nodes:
                first_line = self.where(key_nodes[key].start_mark)[0]
                self.problem(key_node, f"duplicate key {shown_key(key)!r} (first at line {first_line})")
                continue
            key_nodes[key] = key_node
            if self.deep or len(path) < 2:
                marked.keys[path + (key,)] = self.where(key_node.start_mark)
            if marked.all_spans:
                marked.spans[(*path, key, KEY)] = self.span(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def sequence(self, node: SequenceNode, path: Path) -> list[Any]:
        built: list[Any] = []
        not_entries = 0
        for index, child in enumerate(node.value):
            if len(path) == 1 and not (isinstance(child, MappingNode) and child.value):
                # Past the first hundred, an item of a section that cannot be an entry is one more
                # problem, counted but never shown: no message is made for it.
                not_entries += 1
                if not_entries > MAX_PROBLEMS_PER_FILE:
                    built.append(None)
                    continue
            built.append(self.build(child, path + (index,)))
        # and those `_compose_node` skipped unseen
        skipped = max(0, not_entries - MAX_PROBLEMS_PER_FILE) + getattr(node, "skipped", 0)
        if skipped:
            unshown = Problem(self.file, *self.marked.values[path], "an item of this list is not an entry")
            self.problems.extend([unshown] * skipped)
        return built

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        if not node.style and (self.deep or len(path) <= 2):
            self.marked.plain_scalars.add(path)
        value = node.value
        if _SURROGATE.search(value):  # PyYAML's own parser reads `"\ud83d\udc4d"` as two halves
            try:
                value = node.value = value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                self.problem(node, "a \\uD800-\\uDFFF escape is not a character (lone surrogate)")
                return None
        if node.tag == _STR:
            return value
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # noqa: BLE001
            # Explicit tags (`!!int foo`, `!!int` alone, `!!timestamp x`) and 4,300-digit integers fail
            # with all sorts of plain Python exceptions inside PyYAML's constructors; only some of them
            # explain themselves.
            message = f"bad {node.tag.rsplit(':', 1)[-1]} value {node.value[:40]!r}"
            if isinstance(exc, (yaml.YAMLError, ValueError, OverflowError)):
                message += ": " + " ".join(str(exc).split())
            self.problem(node, message)
            return None

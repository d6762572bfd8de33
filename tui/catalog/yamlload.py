"""A safe YAML reader that keeps where every value came from.

PyYAML's own loaders silently keep the last of two duplicate keys, expand aliases (alias bombs) and
forget positions. This module composes the node graph itself from the safe parser's events,
refuses anchors, aliases, deep nesting, duplicate keys and non-standard tags, and builds plain
Python values together with a map from each value's path (`("subjects", 3, "name")`) to its 1-based
line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tui.catalog.problems import MAX_PROBLEMS_PER_FILE, CatalogError, Problem
from tui.gcpause import collector_paused

Path = tuple[Any, ...]  # keys (str) and list indices (int); `KEY` marks a key's own span

MAX_CATALOG_BYTES = 128 * 1024 * 1024  # a 100k-entry catalog is ~75 MB (docs/robustness.md)
# A catalog nests 8 levels at most (discrepancies > claims > passages > quote); anything far deeper
# is a mistake or an attack, and would exhaust Python's recursion limit while composing.
MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
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
    """Plain data plus the position of every value (by path) and every mapping key (by path).

    `spans` holds the full `NodeSpan` of every value and key node (keys under `path + ("<key>",)`)
    when asked for (`read_yaml(..., spans=True)`, what a span edit needs), else only those of the
    top two levels: the sections and their entries."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    plain_scalars: set[Path] = field(default_factory=set)
    spans: dict[Path, NodeSpan] = field(default_factory=dict)
    all_spans: bool = False

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


# The last part of the path under which a mapping key's own span is kept (no real key is a tuple).
KEY = ("key",)

# libyaml's parser when PyYAML was built with it (ten times faster on a big catalog); the events,
# marks and tag resolution are the same either way.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _span(node: Node) -> NodeSpan:
    if isinstance(node, ScalarNode):
        style = node.style
    else:
        assert isinstance(node, (SequenceNode, MappingNode))
        style = "flow" if node.flow_style else "block"
    start, end = node.start_mark, node.end_mark
    return NodeSpan(start.line + 1, start.column + 1, start.index, end.index, style)


def read_yaml(text: str, file: str, *, spans: bool = False) -> Marked:
    """Parse `text`; raise CatalogError with `file:line:col` problems for anything refused.
    `spans`: keep the `NodeSpan` of every node, not just of sections and entries."""
    if len(text) > MAX_CATALOG_BYTES:
        raise CatalogError(
            [Problem(file, 1, 1, f"catalog is {len(text):,} characters; the limit is {MAX_CATALOG_BYTES:,}")]
        )
    if unprintable := yaml.reader.Reader.NON_PRINTABLE.search(text):
        at = unprintable.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        message = (
            f"character U+{ord(unprintable.group()):04X} is not allowed in YAML; "
            "write it as an escape inside double quotes"
        )
        raise CatalogError([Problem(file, line, col, message)])
    loader = _Loader(text)
    with collector_paused():
        return _read(loader, file, spans)


def _read(loader: yaml.SafeLoader, file: str, spans: bool) -> Marked:
    try:
        root = _compose(loader)
    except _Refused as exc:
        raise CatalogError([Problem(file, exc.mark.line + 1, exc.mark.column + 1, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context
        if context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            context += f" (started at line {exc.context_mark.line + 1})"  # often where the mistake is
        what = " ".join(str(part) for part in (context, exc.problem) if part)
        raise CatalogError([Problem(file, line, col, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(file, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise CatalogError([Problem(file, 1, 1, "the catalog is empty; expected a mapping of sections")])
    marked = Marked(data=None, all_spans=spans)
    problems: list[Problem] = []
    marked.data = _build(root, (), marked, loader, file, problems)
    if problems:
        raise CatalogError(problems)
    return marked


_KIND_OF_NODE = {ScalarNode: "a single value", SequenceNode: "a list", MappingNode: "a mapping"}


def _build(
    node: Node, path: Path, marked: Marked, loader: yaml.SafeLoader, file: str, problems: list[Problem]
) -> Any:
    if len(path) == 2 and isinstance(path[0], str) and not (isinstance(node, MappingNode) and node.value):
        # An item of a section that is not an entry: say so, build nothing under it (a megabyte of
        # `[1,1,…]` or `[{},{},…]` would otherwise become a million validation errors).
        line, col = _pos(node)
        found = "an empty mapping" if isinstance(node, MappingNode) else _KIND_OF_NODE[type(node)]
        problems.append(
            Problem(file, line, col, f"{path[0]}.{path[1]}: an entry must be a mapping of fields, not {found}")
        )
        return None
    marked.values[path] = _pos(node)
    if marked.all_spans or len(path) <= 2:
        marked.spans[path] = _span(node)
    if node.tag == "tag:yaml.org,2002:value":  # YAML 1.1 reads a plain `=` as a "value key"
        node.tag = _STR
    if node.tag not in _STANDARD_TAGS:
        line, col = _pos(node)
        problems.append(Problem(file, line, col, f"YAML tag {node.tag!r} is not allowed in a catalog"))
        return None
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = _pos(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                problems.append(Problem(file, line, col, "mapping keys must be plain strings"))
                continue
            key = key_node.value
            if key in result:
                first_line, first_col = marked.keys[path + (key,)]
                problems.append(
                    Problem(file, line, col, f"duplicate key {key!r} (first at line {first_line})")
                )
                continue
            marked.keys[path + (key,)] = (line, col)
            if marked.all_spans:
                marked.spans[(*path, key, KEY)] = _span(key_node)
            result[key] = _build(value_node, path + (key,), marked, loader, file, problems)
        return result
    if isinstance(node, SequenceNode):
        # Items skipped unseen by `_compose_node`: each is one more problem (counted, never shown).
        built = [
            _build(child, path + (index,), marked, loader, file, problems) for index, child in enumerate(node.value)
        ]
        skipped = Problem(file, *_pos(node), "an item of this list is not an entry")
        problems.extend([skipped] * getattr(node, "skipped", 0))
        return built
    assert isinstance(node, ScalarNode)
    if node.style is None:
        marked.plain_scalars.add(path)
    line, col = marked.values[path]
    if _SURROGATE.search(node.value):  # libyaml refuses `"\ud800"`; PyYAML's own parser does not
        problems.append(Problem(file, line, col, "a \\uD800-\\uDFFF escape is not a character (lone surrogate)"))
        return None
    if node.tag == _STR:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except Exception as exc:  # noqa: BLE001
        # Explicit tags (`!!int foo`, `!!int` alone, `!!timestamp x`) and 4,300-digit integers fail
        # with all sorts of plain Python exceptions inside PyYAML's constructors; only some of them
        # explain themselves.
        message = f"bad {node.tag.rsplit(':', 1)[-1]} value {node.value[:40]!r}"
        if isinstance(exc, (yaml.YAMLError, ValueError, OverflowError)):
            message += ": " + " ".join(str(exc).split())
        problems.append(Problem(file, line, col, message))
        return None

"""A safe YAML reader that keeps where every value came from.

PyYAML's own loaders silently keep the last of two duplicate keys, expand aliases (alias bombs) and
forget positions. This module composes the node graph with `SafeLoader`, refuses anchors, aliases,
duplicate keys and non-standard tags, and builds plain Python values together with a map from each
value's path (`("subjects", 3, "name")`) to its 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tui.catalog.problems import CatalogError, Problem

Path = tuple[str | int, ...]

MAX_CATALOG_BYTES = 8 * 1024 * 1024
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class Marked:
    """Plain data plus the position of every value (by path) and every mapping key (by path)."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    plain_scalars: set[Path] = field(default_factory=set)

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class _NoAliasLoader(yaml.SafeLoader):
    """Composes nodes but refuses anchors and aliases before they can be expanded."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "YAML aliases (*name) are not allowed in a catalog")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, f"YAML anchors (&{anchor}) are not allowed in a catalog")
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_yaml(text: str, file: str) -> Marked:
    """Parse `text`; raise CatalogError with `file:line:col` problems for anything refused."""
    if len(text) > MAX_CATALOG_BYTES:
        raise CatalogError(
            [Problem(file, 1, 1, f"catalog is {len(text):,} characters; the limit is {MAX_CATALOG_BYTES:,}")]
        )
    loader = _NoAliasLoader(text)
    try:
        root = loader.get_single_node()
    except _Refused as exc:
        raise CatalogError([Problem(file, exc.mark.line + 1, exc.mark.column + 1, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise CatalogError([Problem(file, line, col, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(file, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise CatalogError([Problem(file, 1, 1, "the catalog is empty; expected a mapping of sections")])
    marked = Marked(data=None)
    problems: list[Problem] = []
    marked.data = _build(root, (), marked, loader, file, problems)
    if problems:
        raise CatalogError(problems)
    return marked


def _build(
    node: Node, path: Path, marked: Marked, loader: yaml.SafeLoader, file: str, problems: list[Problem]
) -> Any:
    marked.values[path] = _pos(node)
    if node.tag not in _STANDARD_TAGS:
        line, col = _pos(node)
        problems.append(Problem(file, line, col, f"YAML tag {node.tag!r} is not allowed in a catalog"))
        return None
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = _pos(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
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
            result[key] = _build(value_node, path + (key,), marked, loader, file, problems)
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(child, path + (index,), marked, loader, file, problems)
            for index, child in enumerate(node.value)
        ]
    assert isinstance(node, ScalarNode)
    if node.style is None:
        marked.plain_scalars.add(path)
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        line, col = _pos(node)
        problems.append(Problem(file, line, col, f"bad scalar value: {exc}"))
        return None

"""YAML values written as the catalog writes them: free text double-quoted (escaped where needed),
ids plain when YAML reads them back as the same string. What a span edit inserts and what
`suggest` drafts, so both look like the rest of `catalog.yaml`."""

from __future__ import annotations

import functools
import re

import yaml

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def quoted(value: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `value`: backslash, quote and every
    character that is not printable (line breaks, tabs, bidi and other format characters) escaped."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # most text: nothing to escape (and `quote` runs 20,000 times in `suggest`)
    out = ['"']
    for char in value:
        if char in {'"', "\\"}:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char.isprintable():  # not a control, format or separator character, but the space
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def id_scalar(value: str) -> str:
    """An id written plain when YAML reads it back as the same string (`no`, `1e3` are not)."""
    if _PLAIN_SAFE.match(value) and yaml.safe_load(value) == value:
        return value
    return quoted(value)


def flow_mapping(fields: list[tuple[str, str]]) -> str:
    """`{key: value, ...}` of already written values."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields) + "}"


def block_item(fields: list[tuple[str, str]], dash: int, key: int) -> list[str]:
    """The lines of a block sequence item of a mapping, of already written values: `- first: v`
    (the dash at column `dash`, counted from 0) then the other keys under `first` (at `key`)."""
    (first, value), *rest = fields
    lines = [" " * dash + "-" + " " * max(1, key - dash - 1) + f"{first}: {value}"]
    lines += [" " * key + f"{name}: {value}" for name, value in rest]
    return lines

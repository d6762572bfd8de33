"""Hostile input: markup, terminal control sequences and broken catalogs, in one place.

`HOSTILE` holds every string the robustness tests put into names, aliases, summaries, quotes and
source text; `hostile_catalog()` writes a valid catalog carrying all of them in every text field.
`yaml/*.yaml` are broken catalogs, each starting with the problems it must produce, one comment
line per problem, in order: `# expect: LINE:COL: MESSAGE` (the message as a prefix), or, where the
words or the column come from the YAML library (libyaml or PyYAML's own parser, whichever the
install has, in any version), `# expect-re: REGEX` matched case-insensitively at the start of
`LINE:COL: MESSAGE`. Either way only the loader's own wording is spelled out, never a library's.
`sources/` holds source files that cannot be written as Python strings (bytes that are not UTF-8).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import make_catalog

HERE = Path(__file__).parent
YAML_CASES = sorted((HERE / "yaml").glob("*.yaml"))
NOT_UTF8 = HERE / "sources" / "not_utf8.txt"

# Rich/Textual markup and actions: must appear as typed, never styled, never clicked.
MARKUP = (
    "[bold]",
    "[/",
    "[/]",
    "[$accent]",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
)
# Terminal control: clear screen, set title, OSC 52 clipboard write, a C1 CSI, NUL, backspace, DEL,
# a bare carriage return, and bidi overrides/isolates (Trojan Source).
CONTROL = (
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x9b31m",
    "\x00",
    "\x08",
    "\x7f",
    "a\rb",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
)
HOSTILE = MARKUP + CONTROL
# What must never reach a terminal raw: ESC, BEL, C1 controls, the other C0 controls but tab and
# newline, and the bidi controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def hostile(label: str) -> str:
    """A field value: a readable label followed by every hostile string."""
    return label + " " + " ".join(HOSTILE)


QUOTE = hostile("Judy") + " met the officers"
SOURCE_TEXT = (
    hostile("Headline") + "\n\n" + QUOTE + " in Charlotte.\n\nThe officers, " + hostile("again") + ", left.\n"
)


def hostile_catalog(folder: Path) -> Path:
    """A valid catalog whose names, aliases, summaries, roles, notes, quotes, questions, claims and
    source text all carry `HOSTILE`; every passage anchors."""
    # Copied into each place it is used: a shared dict would be dumped as a YAML alias.
    passage = {"source": "src", "quote": QUOTE, "note": hostile("note")}
    entries = {
        "sources": [
            {
                "id": "src",
                "name": hostile("Source"),
                "summary": hostile("A source"),
                "file": "seeds/source.txt",
                "outlet": hostile("Outlet"),
                "source_kind": "news",
            }
        ],
        "episodes": [
            {"id": "episode-1", "number": 1, "name": hostile("Episode"), "summary": hostile("First")}
        ],
        "subjects": [
            {
                "id": "judy",
                "name": hostile("Judy"),
                "aliases": [hostile("Jude"), *HOSTILE],
                "main": True,
                "role": hostile("role"),
                "summary": hostile("Met the officers"),
                "episodes": ["episode-1"],
                "locations": ["charlotte"],
                "passages": [dict(passage)],
            }
        ],
        "locations": [
            {"id": "charlotte", "name": hostile("Charlotte"), "region": hostile("NC"), "summary": hostile("A city")}
        ],
        "discrepancies": [
            {
                "id": "when",
                "name": hostile("When"),
                "summary": hostile("Sources disagree"),
                "question": hostile("When did it happen?"),
                "subjects": ["judy"],
                "claims": [
                    {"claim": hostile("First"), "passages": [dict(passage)]},
                    {"claim": hostile("Second"), "passages": [dict(passage)]},
                ],
            }
        ],
    }
    return make_catalog(folder, entries, SOURCE_TEXT)

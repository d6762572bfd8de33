"""What a message must say when the value it is about looks right: characters a reader cannot see
(a zero-width space, a soft hyphen) or cannot tell from others (a Cyrillic `а` in a Latin id), a
YAML merge key, a key too long to print whole."""

from __future__ import annotations

import re
import unicodedata

from tui.catalog.anchor import Ambiguous, Found, SourceText

# Characters that show as nothing (or as a blank) and that no quote means to contain.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
MAX_KEY_CHARS = 60  # a key longer than this is cut in messages
MERGE_TAG = "tag:yaml.org,2002:merge"


def character_name(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def escaped(value: str) -> str:
    """`value` quoted with every character outside printable ASCII escaped: what an id must be
    shown as, since `'judу'` with a Cyrillic `у` prints exactly like `'judy'`."""
    return "'" + value.encode("ascii", "backslashreplace").decode("ascii").replace("'", "\\'") + "'"


def id_hint(value: object) -> str:
    """Why an id that may look well-formed is not: its characters outside printable ASCII."""
    if not isinstance(value, str):
        return ""
    odd = [char for char in dict.fromkeys(value) if not (char.isascii() and char.isprintable())]
    if not odd:
        return ""
    named = ", ".join(character_name(char) for char in odd[:3]) + (", …" if len(odd) > 3 else "")
    return f" (the id is {escaped(value)}: {named} cannot be in an id, which is ASCII letters, digits and -)"


def invisible_in_quote(quote: str, text: SourceText) -> str | None:
    """When a quote is missing from its source only because of invisible characters: the first
    one, where it is, and what to do."""
    invisible = INVISIBLE.search(quote)
    if invisible is None or not isinstance(text.locate(INVISIBLE.sub("", quote)), (Found, Ambiguous)):
        return None
    more = len(INVISIBLE.findall(quote)) - 1
    others = f" (and {more} more)" if more else ""
    return (
        f"the quote has an invisible {character_name(invisible.group())} at character {invisible.start() + 1}"
        f"{others} that the source does not have; delete it"
    )


def shown_key(key: str) -> str:
    """A mapping key as messages print it: cut to MAX_KEY_CHARS characters."""
    return key if len(key) <= MAX_KEY_CHARS else key[:MAX_KEY_CHARS] + "…"


def key_refused(tag: str) -> str:
    """The message for a mapping key that is not a plain string."""
    if tag == MERGE_TAG:
        return "`<<` (a YAML merge key) is not supported in a catalog; write the fields out in full"
    return "mapping keys must be plain strings"

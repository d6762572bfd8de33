"""W3C Web Annotation export: a JSON-LD `AnnotationCollection` with one `Annotation` per passage.

Each annotation's body names the entry the passage supports; its target is the passage in the
source file (its path relative to the catalog's folder, percent-encoded as a relative IRI),
selected twice over, as Hypothesis does: a `TextQuoteSelector` (the exact text and 32 characters
on each side) that survives edits elsewhere in the file, and a `TextPositionSelector` (`start`,
`end` in code points of the text as decoded from UTF-8, a byte-order mark not counted) that is
exact while the file is unchanged.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from tui import __version__
from tui.catalog.model import Anchor, Catalog
from tui.text import json_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32  # characters of prefix and suffix, as Hypothesis stores them
# Annotation ids are name-based (uuid5), so the same passage keeps its id from export to export.
ANNOTATION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:imnation:annotation")


def export_w3c(catalog: Catalog, ids: list[str]) -> str:
    items = [annotation(catalog, anchor) for entry_id in ids for anchor in catalog.anchors_of(entry_id)]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"imnation catalog {catalog.path.name}: passages and the entries they support",
        "generator": {"type": "Software", "name": f"imnation {__version__}"},
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json_text(collection) + "\n"


def annotation(catalog: Catalog, anchor: Anchor) -> dict[str, Any]:
    """One passage as an Annotation: `identifying` the entry it is evidence for."""
    entry_id = anchor.entry_id
    entry = catalog.entries[entry_id]
    text = catalog.texts[anchor.source_id].text
    body: list[dict[str, Any]] = [
        {"id": f"urn:imnation:entry:{entry_id}", "type": "TextualBody", "purpose": "identifying", "value": entry.name},
        {"type": "TextualBody", "purpose": "classifying", "value": catalog.kinds[entry_id]},
    ]
    if anchor.passage.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": anchor.passage.note})
    return {
        "id": f"urn:uuid:{uuid.uuid5(ANNOTATION_NAMESPACE, f'{entry_id}/{anchor.index}')}",
        "type": "Annotation",
        "motivation": "identifying",
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": quote(anchor.file),  # a relative IRI: spaces and the like percent-encoded
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": anchor.text,
                    "prefix": text[max(0, anchor.start - QUOTE_CONTEXT) : anchor.start],
                    "suffix": text[anchor.end : anchor.end + QUOTE_CONTEXT],
                },
                {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
            ],
        },
    }

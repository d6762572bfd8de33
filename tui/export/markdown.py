"""Markdown export: one dossier per entry, every passage a block quote with its reference.

Every field that comes from the catalog or a source goes through `markdown_text`/`markdown_line`,
so a name like `<img src=x onerror=…>`, a summary line `# Injected` or a quote holding
`</blockquote><script>` renders as those characters, never as HTML or markup.
"""

from __future__ import annotations

from tui.catalog.model import Catalog, Link
from tui.catalog.relations import grouped_links
from tui.catalog.schema import Discrepancy, Entry, all_passages
from tui.text import markdown_line, markdown_text

# Kind-specific fields shown under a dossier's heading, in this order.
_DETAILS = (("number", "Episode"), ("role", "Role"), ("region", "Region"), ("outlet", "Outlet"),
            ("author", "Author"), ("published", "Published"), ("source_kind", "Kind of source"), ("file", "File"))


def export_markdown(catalog: Catalog, ids: list[str]) -> str:
    return "\n---\n\n".join(_dossier(catalog, i) for i in ids)


def _dossier(catalog: Catalog, entry_id: str) -> str:
    entry = catalog.entries[entry_id]
    kind = catalog.kinds[entry_id]
    lines = [f"# {markdown_line(entry.name)} ({kind})", "", f"`{entry_id}`", ""]
    if entry.aliases:
        lines += ["*Also:* " + ", ".join(markdown_line(a) for a in entry.aliases), ""]
    details = [
        f"*{label}:* {markdown_line(str(getattr(entry, field)))}"
        for field, label in _DETAILS
        if getattr(entry, field, None) is not None
    ]
    if details:
        lines += ["  \n".join(details), ""]
    lines += [markdown_text(entry.summary).strip(), ""]
    lines += _links_section(catalog, entry_id)
    lines += _passages_section(catalog, entry)
    return "\n".join(lines).rstrip() + "\n"


def _links_section(catalog: Catalog, entry_id: str) -> list[str]:
    groups = grouped_links(catalog, entry_id)
    if not groups:
        return []
    lines = ["## Links", ""]
    for relation, links in groups:
        names = [
            f"{markdown_line(catalog.entries[link.target_id].name)} (`{link.target_id}`){_certainty(link)}"
            for link in links
        ]
        lines.append(f"- **{relation.capitalize()}:** " + ", ".join(names))
    return [*lines, ""]


def _certainty(link: Link) -> str:
    return "" if link.certainty == "stated" else f" *({link.certainty}: {markdown_line(link.note or '')})*"


def _passages_section(catalog: Catalog, entry: Entry) -> list[str]:
    anchors = catalog.anchors.get(entry.id, ())
    if not anchors:
        return []
    lines = ["## Passages", ""]
    own = len(entry.passages)
    lines += _quotes(catalog, entry, range(own))
    if isinstance(entry, Discrepancy):
        lines = [f"**Question:** {markdown_line(entry.question)}", "", *lines]
        at = own
        for claim in entry.claims:
            lines += [f"### Claim: {markdown_line(claim.claim)}", ""]
            lines += _quotes(catalog, entry, range(at, at + len(claim.passages)))
            at += len(claim.passages)
    return lines


def _quotes(catalog: Catalog, entry: Entry, indices: range) -> list[str]:
    passages = all_passages(entry)
    anchors = catalog.anchors.get(entry.id, ())
    lines: list[str] = []
    for index in indices:
        passage, anchor = passages[index], anchors[index]
        source = catalog.sources[passage.source]
        text = anchor.text if anchor else passage.quote
        lines += [f"> {line}" if line else ">" for line in markdown_text(text.strip()).split("\n")]
        where = f"line {anchor.line}" if anchor else "quote not found (drifted)"
        lines += ["", f"\u2014 *{markdown_line(source.name)}*, {markdown_line(source.file)} {where}"]
        if passage.note:
            lines += ["", f"*Note:* {markdown_line(passage.note)}"]
        lines.append("")
    return lines

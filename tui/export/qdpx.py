"""REFI-QDA project export (`.qdpx`), for QualCoder, ATLAS.ti, MAXQDA, NVivo and other QDA tools.

A `.qdpx` is a zip holding `project.qde` (XML in the `urn:QDA-XML:project:1.0` namespace, as the
REFI-QDA Project schema of 2019 defines it) and the source texts under `sources/`. The catalog maps
onto it as a qualitative researcher would code it by hand:

- each kind is a parent code (not codable itself) and each entry a code under it, its summary the
  code's `Description`;
- each source is a `TextSource` whose text is `sources/<guid>.txt` (`plainTextPath`, never also
  `PlainTextContent`), written exactly as the catalog anchored it, so positions hold;
- each anchored passage is a `PlainTextSelection` (`startPosition`/`endPosition` in characters, i.e.
  code points) with a `Coding` that refers to its entry's code; the passage's note (and, for a
  discrepancy, the claim it supports) is the selection's `Description`.

Every GUID is name-based (uuid5), so exporting the same catalog again gives the same GUIDs and a
tool can recognise what it imported before. Timestamps are the catalog file's modification time.
"""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from xml.etree import ElementTree as ET

from tui import __version__
from tui.catalog.model import Anchor, Catalog
from tui.catalog.schema import KINDS, SECTION_OF_KIND, Discrepancy, Entry, passage_claims
from tui.text import visible

NAMESPACE = "urn:QDA-XML:project:1.0"
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:imnation:refi-qda")
# One colour per kind, so a QDA tool's code tree reads like the app's sections.
_KIND_COLOUR = {
    "episode": "#4477AA", "subject": "#EE6677", "person": "#AA3377", "location": "#228833",
    "organization": "#CCBB44", "topic": "#66CCEE", "scene": "#BBBBBB", "event": "#4477AA",
    "source": "#777777", "discrepancy": "#CC3311",
}


def guid(*name: object) -> str:
    """A stable GUID for one thing in the project (a code, a source, a selection...)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(str(part) for part in name)))


def export_qdpx(catalog: Catalog, ids: list[str]) -> bytes:
    """The project as the bytes of a `.qdpx` zip."""
    project = _Project(catalog, ids)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("project.qde", project.stamp), project.qde())
        for source_id in project.source_ids:
            text = catalog.texts[source_id].text
            archive.writestr(_entry(f"sources/{guid('source', source_id)}.txt", project.stamp), text.encode("utf-8"))
    return out.getvalue()


def _entry(name: str, stamp: datetime.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class _Project:
    """The XML of `project.qde` for the entries `ids`."""

    def __init__(self, catalog: Catalog, ids: list[str]) -> None:
        self.catalog = catalog
        self.ids = ids
        mtime = catalog.path.stat().st_mtime if catalog.path.exists() else 0.0
        zip_epoch = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)  # the earliest time a zip can record
        self.stamp = max(datetime.datetime.fromtimestamp(mtime, datetime.UTC), zip_epoch)
        self.when = self.stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.user = guid("user", "imnation")
        cited = {a.source_id for entry_id in ids for a in catalog.anchors_of(entry_id)}
        everything = len(ids) == len(catalog.entries)
        self.source_ids = [
            source.id for source in catalog.of_kind("source")
            if source.id in catalog.texts and (everything or source.id in cited)
        ]

    def qde(self) -> bytes:
        ET.register_namespace("", NAMESPACE)
        project = self._element(
            "Project", name=f"imnation: {self.catalog.path.name}", origin=f"imnation {__version__}",
            creatingUserGUID=self.user, creationDateTime=self.when,
        )
        users = self._sub(project, "Users")
        self._sub(users, "User", guid=self.user, name="imnation")
        self._codebook(self._sub(project, "CodeBook"))
        if self.source_ids:
            sources = self._sub(project, "Sources")
            for source_id in self.source_ids:
                self._text_source(sources, source_id)
        self._text(
            project, "Description",
            "Exported from the imnation catalog of Immigration Nation (2020): each entry is a code, "
            "each passage a coded selection of its source.",
        )
        ET.indent(project)
        return ET.tostring(project, encoding="utf-8", xml_declaration=True)

    # -- codes ------------------------------------------------------------------------------------
    def _codebook(self, codebook: ET.Element) -> None:
        codes = self._sub(codebook, "Codes")
        chosen = set(self.ids)
        for kind in KINDS:
            entries = [e for e in self.catalog.of_kind(kind) if e.id in chosen]
            if not entries:
                continue
            parent = self._sub(
                codes, "Code", guid=guid("kind", kind), name=SECTION_OF_KIND[kind].capitalize(),
                isCodable="false", color=_KIND_COLOUR[kind],
            )
            for entry in entries:
                self._code(parent, entry, kind)

    def _code(self, parent: ET.Element, entry: Entry, kind: str) -> None:
        code = self._sub(parent, "Code", guid=guid("code", entry.id), name=entry.name, isCodable="true",
                         color=_KIND_COLOUR[kind])
        description = entry.summary
        if isinstance(entry, Discrepancy):
            description = f"{entry.question}\n\n{entry.summary}"
        self._text(code, "Description", description)

    # -- sources ----------------------------------------------------------------------------------
    def _text_source(self, sources: ET.Element, source_id: str) -> None:
        source = self.catalog.sources[source_id]
        source_guid = guid("source", source_id)
        element = self._sub(
            sources, "TextSource", guid=source_guid, name=source.name,
            plainTextPath=f"internal://{source_guid}.txt", creatingUser=self.user, creationDateTime=self.when,
        )
        self._text(element, "Description", source.summary)
        chosen = set(self.ids)
        for anchor in self.catalog.anchors_in(source_id):
            if anchor.entry_id in chosen:
                self._selection(element, anchor)

    def _selection(self, source: ET.Element, anchor: Anchor) -> None:
        key = (anchor.entry_id, anchor.index)
        entry = self.catalog.entries[anchor.entry_id]
        selection = self._sub(
            source, "PlainTextSelection", guid=guid("selection", *key), name=f"{entry.name}: line {anchor.line}",
            startPosition=str(anchor.start), endPosition=str(anchor.end),
            creatingUser=self.user, creationDateTime=self.when,
        )
        claim = passage_claims(entry)[anchor.index]
        described = [f"Claim: {claim.claim}"] if claim else []
        described += [anchor.passage.note] if anchor.passage.note else []
        if described:
            self._text(selection, "Description", "\n".join(described))
        coding = self._sub(selection, "Coding", guid=guid("coding", *key), creatingUser=self.user,
                           creationDateTime=self.when)
        self._sub(coding, "CodeRef", targetGUID=guid("code", anchor.entry_id))

    # -- XML --------------------------------------------------------------------------------------
    # Catalog text goes through `visible`: XML 1.0 cannot hold control characters at all.
    @staticmethod
    def _element(tag: str, **attributes: str) -> ET.Element:
        return ET.Element(f"{{{NAMESPACE}}}{tag}", {k: visible(v) for k, v in attributes.items()})

    @staticmethod
    def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
        return ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", {k: visible(v) for k, v in attributes.items()})

    @staticmethod
    def _text(parent: ET.Element, tag: str, text: str) -> None:
        ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}").text = visible(text)


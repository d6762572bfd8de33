"""Build a `Catalog` from `catalog.yaml`: read, validate, link, anchor.

Problems that make the catalog meaningless (YAML, schema, ids, links, unknown or unsafe sources)
raise `CatalogError`. Problems confined to one passage or one source file (a quote not found or
ambiguous, a source missing or changed) are recorded on `Catalog.problems` and the catalog is still
built, with those passages marked as drifted: a reload then keeps working while a curator fixes them.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tui.catalog.anchor import Found, NotFound, SourceText
from tui.catalog.cache import LoadCache
from tui.catalog.explain import id_hint, invisible_in_quote, shown_key
from tui.catalog.model import Anchor, Catalog, Link, PassageHealth, PassageState
from tui.catalog.positions import position
from tui.catalog.problems import CatalogError, Problem
from tui.catalog.schema import (
    KIND_OF_SECTION,
    LINK_FIELDS,
    MODEL_OF_KIND,
    SECTION_OF_KIND,
    UNION_TAGS,
    CatalogFile,
    Certainty,
    Discrepancy,
    Entry,
    LinkSpec,
    Passage,
    Source,
    link_target,
)
from tui.catalog.yamlload import MAX_CATALOG_BYTES, Marked, NodeSpan, read_yaml, reread
from tui.catalog.yamlload import Path as YamlPath
from tui.gcpause import collector_paused

CATALOG_ENV = "IMNATION_CATALOG"
MAX_SOURCE_BYTES = 32 * 1024 * 1024


def packaged_data() -> Path:
    """Where the wheel puts the shipped catalog, its schema and sources (absent in a checkout)."""
    return Path(str(resources.files("tui") / "data"))


def packaged_catalog() -> Path:
    """The catalog shipped in the wheel, or the repository's own when running from a checkout."""
    packaged = packaged_data() / "catalog.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "catalog.yaml"


def is_packaged(path: Path) -> bool:
    """Whether `path` is inside the installed package: not a copy to edit (an upgrade replaces it)."""
    try:
        return path.resolve().is_relative_to(packaged_data().resolve())
    except OSError:
        return False


def resolve_catalog_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--catalog`, then `$IMNATION_CATALOG`, then `./catalog.yaml`, then the packaged copy."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get(CATALOG_ENV):
        return Path(env)
    local = Path.cwd() / "catalog.yaml"
    if local.is_file():
        return local
    return packaged_catalog()


def display_name(path: Path) -> str:
    """The path as the user typed it; an absolute one inside the current folder (the resolved
    `./catalog.yaml`) relative to it, never climbing out with `..`."""
    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def read_bytes(path: Path, shown: str, limit: int, *, follow: bool = True) -> bytes:
    """A regular file's bytes, at most `limit` of them; any failure becomes a located `CatalogError`.

    The file is opened once (non-blocking: a FIFO cannot hang the open; `follow=False`: a symlink
    as the last component is refused, so a file swapped for one after its path was checked is
    not read), and the size and type of what was opened are checked before anything is read: a
    FIFO or a device would otherwise block or never end, and a huge file would be read into memory
    only to be refused.
    """
    def too_big(size: str) -> CatalogError:
        return CatalogError([Problem(shown, 1, 1, f"file is {size} bytes; the limit is {limit:,}")])

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        try:
            descriptor = os.open(path, flags)
        except OSError as exc:
            if exc.errno == errno.ELOOP and not follow:
                raise CatalogError([Problem(shown, 0, 0, "is a symlink (replaced since it was checked?)")]) from None
            raise
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            os.close(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise CatalogError([Problem(shown, 0, 0, "is a directory, not a file")])
            if not stat.S_ISREG(status.st_mode):
                raise CatalogError([Problem(shown, 0, 0, "is not a regular file (a FIFO, socket or device)")])
            raise too_big(f"{status.st_size:,}")
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(status.st_size + 1)  # (read(n) allocates n bytes up front)
            if len(data) > status.st_size:  # it grew since stat(): read on, up to the limit
                data += stream.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise CatalogError([Problem(shown, 0, 0, "file not found")]) from None
    except OSError as exc:
        raise CatalogError([Problem(shown, 0, 0, f"cannot read: {exc.strerror or exc}")]) from None
    except ValueError as exc:  # e.g. a NUL character in the path
        raise CatalogError([Problem(shown, 0, 0, f"cannot read: {exc}")]) from None
    if len(data) > limit:
        raise too_big(f"more than {limit:,}")
    return data


def _utf16(data: bytes) -> str | None:
    """Which UTF-16 `data` is in, if it starts like UTF-16 text: a byte-order mark, or ASCII
    letters each beside a zero byte (which UTF-8 would read as letters and NULs)."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "little-endian" if data.startswith(codecs.BOM_UTF16_LE) else "big-endian"
    head = data[:64]
    if len(head) >= 4 and len(head) % 2 == 0:
        if not any(head[1::2]) and all(head[0::2]):
            return "little-endian"
        if not any(head[0::2]) and all(head[1::2]):
            return "big-endian"
    return None


def decode(data: bytes, shown: str) -> str:
    """UTF-8 (BOM allowed) or a `CatalogError` naming the line and column (in characters, as an
    editor counts them) and the byte offset (or that the file is UTF-16)."""
    if order := _utf16(data):
        raise CatalogError([Problem(shown, 1, 1, f"the file is UTF-16 ({order}), not UTF-8; save it as UTF-8")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        start = exc.start + bom
        before = data[bom:start].decode("utf-8")  # valid up to the bad byte
        line, col = position(before, len(before))
        raise CatalogError(
            [Problem(shown, line, col, f"not valid UTF-8 (byte offset {start}: {exc.reason})")]
        ) from None


# What a load is doing, for a progress display: (phase, done, total); total 0 while unknown.
Progress = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


def load_catalog(
    path: str | os.PathLike[str], *, reuse: Catalog | None = None, progress: Progress | None = None
) -> Catalog:
    """Load, validate and anchor a catalog. Raises `CatalogError` if it cannot be built.

    `reuse`: an earlier catalog of the same file: its source texts are kept where their bytes are
    unchanged, with the quotes already located in them, and of the catalog's YAML only the entries
    that changed are read, validated and anchored again (a reload after an edit then does only
    that, and keeps the links when no link changed).
    `progress` is called (from the loading thread) as each phase starts and as passages anchor."""
    path = Path(path)
    # The bytes go straight to `load_catalog_bytes`, which drops them once decoded: no reference
    # is kept here (the hostile-catalog memory bound counts on it).
    return load_catalog_bytes(
        path,
        read_bytes(path, display_name(path), MAX_CATALOG_BYTES),
        reuse=reuse,
        progress=progress,
        cache=LoadCache(path),
    )


def load_catalog_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    reuse: Catalog | None = None,
    progress: Progress | None = None,
    cache: LoadCache | None = None,
) -> Catalog:
    """Build a catalog from `data` as if it were the contents of `path` (its sources are read from
    `path`'s folder): what an edit validates its result with before writing anything. `cache`:
    where what an earlier load of the same bytes computed is taken from and this load's is kept
    (see `tui.catalog.cache`)."""
    path = Path(path)
    shown = display_name(path)
    file_sha256 = hashlib.sha256(data).hexdigest()
    text = decode(data, shown)
    del data  # parse with the text alone in memory
    # The whole load only creates objects (a million at 100k entries): a collection in the middle
    # of it would walk them all, again and again.
    with collector_paused():
        report = progress or _no_progress
        report("reading", 0, 0)
        marked = None
        if reuse is not None and reuse.reading is not None:
            marked = reread(reuse.reading, text, shown)  # only the entries that changed
        if marked is None and cache is not None:
            marked = cache.marked(file_sha256, text, shown)
        if marked is None:
            marked = read_yaml(text, shown)
        catalog = _Builder(path, shown, marked, file_sha256, reuse, report, cache).build()
        if cache is not None:
            cache.save(file_sha256, marked, catalog.texts)
        return catalog


class _Builder:
    def __init__(
        self,
        path: Path,
        shown: str,
        marked: Marked,
        file_sha256: str,
        previous: Catalog | None,
        progress: Progress,
        cache: LoadCache | None,
    ) -> None:
        self.path = path
        self.cache = cache
        # An earlier catalog of the file: what is unchanged since is taken from it, not redone.
        self.previous = previous
        self.progress = progress
        self.file_sha256 = file_sha256
        self.shown = shown
        self.marked = marked
        self.problems: list[Problem] = []  # blocking
        self.drift: list[Problem] = []  # non-blocking
        self.unread: dict[str, Problem] = {}  # source id -> why its file could not be read
        self.drift_reasons: dict[tuple[str, int], Problem] = {}  # (entry id, passage index) -> why
        self.health: dict[tuple[str, int], PassageHealth] = {}  # (entry id, passage index) -> state

    def at(self, path: YamlPath, message: str, *, key: bool = False) -> Problem:
        line, col = (self.marked.key_position(path) if key else None) or self.marked.position(path)
        return Problem(self.shown, line, col, message)

    def build(self) -> Catalog:
        if self.marked.data is None:  # e.g. a lone `---`
            raise CatalogError([self.at((), "the catalog is empty; expected a mapping of sections")])
        if not isinstance(self.marked.data, dict):
            found = type(self.marked.data).__name__
            raise CatalogError([self.at((), f"the catalog must be a mapping of sections, not a {found}")])
        self.progress("checking", 0, 0)
        parsed = self._revalidated()
        if parsed is None:
            try:
                parsed = CatalogFile.model_validate(self.marked.data)
            except ValidationError as exc:
                raise CatalogError(self._schema_problems(exc)) from None
        entries, kinds, positions = self._index(parsed)
        links = self._relinked(entries, kinds)
        if links is None:
            links = self._link(entries, kinds)
        sources = {e.id: e for e in parsed.sources}
        if self.problems:
            raise CatalogError(self.problems)
        texts = self._read_sources(sources)
        anchors = self._anchor(entries, sources, texts)
        if self.problems:
            raise CatalogError(self.problems)
        return Catalog(
            path=self.path,
            file_sha256=self.file_sha256,
            entries=entries,
            kinds=kinds,
            sources=sources,
            texts=texts,
            anchors=anchors,
            links=links,
            positions=positions,
            problems=tuple(self.drift),
            drift_reasons=self.drift_reasons,
            health=self.health,
            reading=self.marked,
            validated=parsed,
        )

    def _revalidated(self) -> CatalogFile | None:
        """The file validated with the previous catalog's entries kept where the reading kept their
        data (the same objects: `reread` reads again only the entries a save changed), the others
        validated alone. None when nothing is kept, or when something is wrong: a validation of the
        whole file then says what, as it would have without the previous catalog."""
        previous, data = self.previous, self.marked.data
        if previous is None or previous.reading is None or previous.validated is None:
            return None
        before = previous.reading.data
        if not isinstance(data, dict) or not isinstance(before, dict) or data.keys() != before.keys():
            return None
        changed: dict[str, tuple[int, int]] = {}  # section -> how many entries are kept at each end
        for section, items in data.items():
            old_items = before[section]
            if section not in KIND_OF_SECTION or not isinstance(items, list) or not isinstance(old_items, list):
                return None
            if items is old_items:
                continue
            limit, head, tail = min(len(items), len(old_items)), 0, 0
            while head < limit and items[head] is old_items[head]:
                head += 1
            while tail < limit - head and items[-1 - tail] is old_items[-1 - tail]:
                tail += 1
            changed[section] = head, tail
        if len(changed) == len(data) and not any(head or tail for head, tail in changed.values()):
            return None  # a reading of its own (not a reread): nothing to keep
        sections: dict[str, tuple[Entry, ...]] = {}
        for section, items in data.items():
            kept = getattr(previous.validated, section)
            if section not in changed:
                sections[section] = kept
                continue
            head, tail = changed[section]
            model = MODEL_OF_KIND[KIND_OF_SECTION[section]]
            try:
                validated = tuple(model.model_validate(item) for item in items[head:len(items) - tail])
            except ValidationError:
                return None
            sections[section] = kept[:head] + validated + kept[len(kept) - tail:]
        return CatalogFile.model_construct(None, **sections)

    # -- schema ---------------------------------------------------------------------------------
    def _schema_problems(self, exc: ValidationError) -> list[Problem]:
        problems = []
        for error in exc.errors():
            path = self._data_path(error["loc"])
            where = ".".join(shown_key(p) if isinstance(p, str) else str(p) for p in path) or "catalog"
            said = error["msg"]
            if error["type"] == "value_error":  # our own validators' messages, without pydantic's prefix
                said = str(error.get("ctx", {}).get("error", said))
            message = f"{where}: {said}"
            if error["type"] == "extra_forbidden":
                problems.append(self.at(path, f"{where}: unknown field", key=True))
                continue
            if error["type"] == "missing":
                message = f"{where}: required field is missing"
            message += self._yaml11_hint(path, error["type"])
            if error["type"] == "string_pattern_mismatch":
                message += id_hint(error.get("input"))
            problems.append(self.at(path, message))
        return sorted(problems, key=lambda p: (p.line, p.col))

    def _data_path(self, loc: tuple[Any, ...]) -> YamlPath:
        """Keep the parts of a pydantic location that exist in the data (drop union branch tags)."""
        path: YamlPath = ()
        node: Any = self.marked.data
        for part in loc:
            if part in UNION_TAGS:
                continue
            in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_mapping or in_list:
                node = node[part]
            elif isinstance(node, dict) and isinstance(part, str) and part not in node:
                path += (part,)  # a missing or unknown field: name it, position of its parent
                break
            else:
                continue
            path += (part,)
        return path

    def _yaml11_hint(self, path: YamlPath, error_type: str = "") -> str:
        """Explain YAML 1.1 surprises: an unquoted `no`, `1:30` or date is not a string, an unquoted
        `yes` is not a number, a quoted `"off"` is not a flag."""
        value: Any = self.marked.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):  # a missing field: nothing was written
                return ""
        if error_type == "bool_type" and isinstance(value, str):
            return f" (the value is the text {value!r}; write true or false, without quotes)"
        if not self.marked.is_plain(path) or isinstance(value, str):
            return ""
        if error_type == "int_type" and isinstance(value, bool):
            return f" (YAML read the unquoted value as bool {value!r}; write a number)"
        return f" (YAML read the unquoted value as {type(value).__name__} {value!r}; put it in quotes)"

    # -- ids and links --------------------------------------------------------------------------
    def _index(self, parsed: CatalogFile) -> tuple[dict[str, Entry], dict[str, str], dict[str, NodeSpan]]:
        entries: dict[str, Entry] = {}
        kinds: dict[str, str] = {}
        positions: dict[str, NodeSpan] = {}
        for section, kind in KIND_OF_SECTION.items():
            for index, entry in enumerate(getattr(parsed, section)):
                where = (section, index, "id")
                if entry.id in entries:
                    first = positions[entry.id]
                    self.problems.append(
                        self.at(where, f"duplicate id {entry.id!r} (first at line {first.line})")
                    )
                    continue
                entries[entry.id] = entry
                kinds[entry.id] = kind
                positions[entry.id] = self.marked.spans[section, index]
        self._paths = {
            entry.id: (section, index)
            for section in KIND_OF_SECTION
            for index, entry in enumerate(getattr(parsed, section))
        }
        return entries, kinds, positions

    def _relinked(self, entries: dict[str, Entry], kinds: dict[str, str]) -> dict[str, tuple[Link, ...]] | None:
        """The previous catalog's links, when the ids and kinds, in order, and every changed entry's
        links are what they were (a save that changed a summary or a passage); else None."""
        previous = self.previous
        if previous is None or list(kinds.items()) != list(previous.kinds.items()):
            return None
        for entry_id, entry in entries.items():
            before = previous.entries[entry_id]
            if entry is not before and any(getattr(entry, field) != getattr(before, field) for field in LINK_FIELDS):
                return None
        return dict(previous.links)

    def _link(self, entries: dict[str, Entry], kinds: dict[str, str]) -> dict[str, tuple[Link, ...]]:
        links: dict[str, list[Link]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for entry_id, entry in entries.items():
            back = SECTION_OF_KIND[kinds[entry_id]]
            for relation in LINK_FIELDS:
                items = getattr(entry, relation)
                if not items:
                    continue
                want = KIND_OF_SECTION[relation]
                for index, item in enumerate(items):
                    spec = isinstance(item, LinkSpec)
                    target = link_target(item)
                    if target == entry_id or kinds.get(target) != want:
                        self.problems.append(self._link_problem(entry_id, target, relation, index, kinds))
                    elif (entry_id, target) not in seen:
                        seen.add((entry_id, target))
                        seen.add((target, entry_id))
                        certainty: Certainty = item.certainty if spec else "stated"
                        note = item.note if spec else None
                        links[entry_id].append(Link(entry_id, target, relation, False, certainty, note))
                        links[target].append(Link(target, entry_id, back, True, certainty, note))
        return {entry_id: tuple(found) for entry_id, found in links.items()}

    def _link_problem(self, entry_id: str, target: str, relation: str, index: int, kinds: dict[str, str]) -> Problem:
        where = self._paths[entry_id] + (relation, index)
        if target == entry_id:
            return self.at(where, f"{entry_id!r} links to itself")
        if target not in kinds:
            return self.at(where, f"unknown id {target!r} in {relation}")
        want = KIND_OF_SECTION[relation]
        return self.at(where, f"{target!r} is a {kinds[target]}, not a {want} ({relation})")

    # -- sources and passages -------------------------------------------------------------------
    def _read_sources(self, sources: dict[str, Source]) -> dict[str, SourceText]:
        folder = self.path.parent.resolve()
        texts: dict[str, SourceText] = {}
        for source in sources.values():
            where = self._paths[source.id] + ("file",)
            relative = Path(source.file)
            if relative.is_absolute() or ".." in relative.parts or "\0" in source.file:
                self.problems.append(
                    self.at(where, f"source file {source.file!r} must be a relative path inside the catalog folder")
                )
                continue
            file = folder / relative
            try:
                real = file.resolve()  # once: resolved again, a symlink loop made meanwhile would raise
            except (OSError, RuntimeError):  # pathlib raises RuntimeError on a symlink loop
                self.problems.append(self.at(where, f"source file {source.file!r} is a symlink loop"))
                continue
            if not real.is_relative_to(folder):
                self.problems.append(
                    self.at(where, f"source file {source.file!r} leads outside the catalog folder")
                )
                continue
            try:
                data = read_bytes(real, source.file, MAX_SOURCE_BYTES, follow=False)
                digest = hashlib.sha256(data).hexdigest()
                known = self.previous.texts.get(source.id) if self.previous is not None else None
                text = "" if known is not None and known.digest == digest else decode(data, source.file)
            except CatalogError as exc:
                unread = [self.at(where, f"source {source.id!r}: {p}") for p in exc.problems]
                self.drift.extend(unread)
                self.unread[source.id] = unread[0]
                continue
            if source.sha256 and digest != source.sha256:
                self.drift.append(
                    Problem(
                        *self._line_col(where),
                        f"source {source.id!r}: {source.file} has changed since its sha256 was recorded",
                        severity="warning",
                    )
                )
            if known is not None and known.digest == digest:
                texts[source.id] = known
                continue
            texts[source.id] = SourceText(text, digest)
            if self.cache is not None:
                texts[source.id].remember(self.cache.located(digest))
        return texts

    def _line_col(self, path: YamlPath) -> tuple[str, int, int]:
        line, col = self.marked.position(path)
        return self.shown, line, col

    def _passage_paths(self, entry: Entry) -> list[tuple[YamlPath, Passage]]:
        base = self._paths[entry.id]
        found: list[tuple[YamlPath, Passage]] = [(base + ("passages", i), p) for i, p in enumerate(entry.passages)]
        if isinstance(entry, Discrepancy):
            for c, claim in enumerate(entry.claims):
                found += [(base + ("claims", c, "passages", i), p) for i, p in enumerate(claim.passages)]
        return found

    def _anchor(
        self, entries: dict[str, Entry], sources: dict[str, Source], texts: dict[str, SourceText]
    ) -> dict[str, tuple[Anchor | None, ...]]:
        anchors: dict[str, tuple[Anchor | None, ...]] = {}
        quotes: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
        kept = self._unchanged_anchors(entries, sources, texts)
        passages = {entry_id: self._passage_paths(entry) for entry_id, entry in entries.items() if entry_id not in kept}
        for found in passages.values():
            for _, passage in found:
                quotes[passage.source].append((passage.quote, passage.prefix, passage.suffix))
        total, located = sum(len(keys) for keys in quotes.values()), 0
        self.progress("anchoring", located, total)
        for source_id, keys in quotes.items():
            if (source_text := texts.get(source_id)) is not None:
                source_text.locate_all(keys)
            located += len(keys)
            self.progress("anchoring", located, total)
        for entry in entries.values():
            if entry.id in kept:
                anchors[entry.id] = kept[entry.id]
                continue
            resolved: list[Anchor | None] = []
            for index, (path, passage) in enumerate(passages[entry.id]):
                resolved.append(None)
                if passage.source not in sources:
                    self.problems.append(self.at(path + ("source",), f"unknown source {passage.source!r}"))
                    continue
                text = texts.get(passage.source)
                if text is None:  # an unreadable source (or a refused one) was reported once
                    if passage.source in self.unread:
                        self.drift_reasons[entry.id, index] = self.unread[passage.source]
                    self.health[entry.id, index] = PassageHealth(
                        entry.id, index, passage.source, passage.quote, PassageState.DRIFTED
                    )
                    continue
                result = text.locate(passage.quote, passage.prefix, passage.suffix)
                if isinstance(result, Found):
                    source = sources[passage.source]
                    resolved[index] = Anchor(
                        entry_id=entry.id,
                        index=index,
                        passage=passage,
                        source_id=source.id,
                        file=source.file,
                        start=result.start,
                        end=result.end,
                        line=result.line,
                        text=text.text[result.start:result.end],
                    )
                    continue
                quote_at = path + ("quote",)
                if isinstance(result, NotFound):
                    message = f"quote not found in {passage.source!r}"
                    if invisible := invisible_in_quote(passage.quote, text):
                        message += f"; {invisible}"
                    elif result.closest is not None:
                        closest = " ".join(result.closest.split())
                        message += (
                            f"; closest match at line {result.line} ({result.similarity:.0f}% similar): "
                            f"{closest[:160]!r}"
                        )
                    self.drift.append(self.at(quote_at, message))
                    self.drift_reasons[entry.id, index] = self.drift[-1]
                    self.health[entry.id, index] = PassageHealth(
                        entry.id, index, passage.source, passage.quote, PassageState.DRIFTED,
                        result.closest, result.start, result.end, result.line, result.similarity,
                    )
                else:
                    distinct = sorted(set(result.lines))
                    lines = ", ".join(str(n) for n in distinct[:10])
                    if len(distinct) > 10:
                        lines += f" and {len(distinct) - 10:,} more"
                    self.drift.append(
                        self.at(
                            quote_at,
                            f"quote occurs {len(result.lines)} times in {passage.source!r} "
                            f"(lines {lines}); add a prefix or suffix to choose one",
                        )
                    )
                    self.drift_reasons[entry.id, index] = self.drift[-1]
                    self.health[entry.id, index] = PassageHealth(
                        entry.id, index, passage.source, passage.quote, PassageState.AMBIGUOUS, lines=result.lines
                    )
            anchors[entry.id] = tuple(resolved)
        return anchors

    def _unchanged_anchors(
        self, entries: dict[str, Entry], sources: dict[str, Source], texts: dict[str, SourceText]
    ) -> dict[str, tuple[Anchor | None, ...]]:
        """The previous catalog's anchors of each entry that is as it was (the same object) and
        anchored exactly in source texts and files that are as they were: nothing to locate again.
        An entry with a passage that did not anchor is anchored again (its problem's line may move)."""
        previous = self.previous
        if previous is None:
            return {}
        not_exact = {entry_id for entry_id, _ in previous.health}
        kept: dict[str, tuple[Anchor | None, ...]] = {}
        for entry_id, entry in entries.items():
            if previous.entries.get(entry_id) is not entry or entry_id in not_exact:
                continue
            found = previous.anchors.get(entry_id, ())
            if all(
                anchor is not None
                and texts.get(anchor.source_id) is previous.texts.get(anchor.source_id)
                and sources.get(anchor.source_id) is previous.sources.get(anchor.source_id)
                for anchor in found
            ):
                kept[entry_id] = found
        return kept

"""What loading a catalog computed, kept for the next load of the same bytes.

Reading a 10,000-entry `catalog.yaml` takes about two seconds and locating its 27,000 quotes about
as long again; most loads (the app starting, `imnation validate` run twice) read bytes that were
read before. So each load of a catalog file leaves, in the user's cache folder, one file holding
what the YAML reader made of its text (by the text's sha256) and where each quote was located in
each source text (by the source file's sha256). A later load uses the parts whose bytes are
unchanged and computes the rest; the result is the same as without the cache.

The folder is `$IMNATION_CACHE_DIR` (set it empty to use no cache), else `$XDG_CACHE_HOME/imnation`,
else `~/.cache/imnation`: one file per catalog path, replaced atomically. A file that is missing,
unreadable, from another version of this code or not as written here is ignored (and rewritten).
It is unpickled with nothing but plain data and dates allowed, so a tampered file cannot run code.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tui import __version__
from tui.catalog.anchor import Ambiguous, Found, Located, NotFound, SourceText
from tui.catalog.yamlload import Marked, NodeSpan

CACHE_ENV = "IMNATION_CACHE_DIR"
MAX_CACHE_BYTES = 512 * 1024 * 1024
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timezone"),
            ("datetime", "timedelta")}


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where load caches live; None when `$IMNATION_CACHE_DIR` is set but empty (no cache)."""
    if CACHE_ENV in environ:
        chosen = environ[CACHE_ENV]
        return Path(chosen) if chosen else None
    base = environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "imnation"


@functools.cache
def code_version() -> str:
    """What the cached results depend on besides the bytes: this package's catalog code (its
    version, and its source where installed with it), Python, PyYAML and its libyaml (which refuse
    different things)."""
    libyaml = getattr(yaml, "__with_libyaml__", False)
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{yaml.__version__}|{libyaml}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


class _PlainUnpickler(pickle.Unpickler):
    """Plain containers, strings and numbers (which need no lookup) and dates; nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a load cache")


class LoadCache:
    """The cache file of one catalog path: `marked(sha256, text)` is the YAML reader's result for
    that text if it was cached; `located(digest)` the quotes located in a source text before;
    `save(...)` writes what this load computed, if anything is new."""

    def __init__(self, catalog: Path, environ: Mapping[str, str] = os.environ) -> None:
        folder = cache_folder(environ)
        name = hashlib.sha256(os.fsencode(os.path.abspath(catalog))).hexdigest()[:32]
        self.file = folder / f"{name}.pickle" if folder is not None else None
        self.known: dict[str, int] = {}  # source digest -> how many located quotes the file had

    @functools.cached_property
    def record(self) -> dict[str, Any]:
        """The cache file's contents, read when first asked for: a reload that reads only the
        changed entries again, from sources it already has, never needs them."""
        if self.file is None:
            return {}
        try:
            with open(self.file, "rb") as stream:
                if os.fstat(stream.fileno()).st_size > MAX_CACHE_BYTES:
                    return {}
                data = stream.read()
            record = _PlainUnpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001  # any unreadable or foreign file is no cache
            return {}
        if not isinstance(record, dict) or record.get("version") != code_version():
            return {}
        return record

    def marked(self, sha256: str, text: str, file: str) -> Marked | None:
        """What `read_yaml(text, file)` returned for this text, or None if it is not cached."""
        if self.record.get("catalog_sha256") != sha256:
            return None
        try:
            data, spans, keys, plain, columns, editor_lines = self.record["marked"]
            return Marked.of_entries(
                data, {path: NodeSpan(*span) for path, span in spans.items()}, dict(keys), set(plain), dict(columns),
                text, file, editor_lines=editor_lines is True,
            )
        except (KeyError, TypeError, ValueError):
            return None

    def located(self, digest: str) -> Located:
        """The quotes located before in the source text whose file has this sha256."""
        try:
            found = {key: _result(value) for key, value in self.record.get("located", {}).get(digest, {}).items()}
        except (AttributeError, TypeError, ValueError):
            found = {}
        self.known[digest] = len(found)
        return found

    def save(self, sha256: str, marked: Marked, texts: Mapping[str, SourceText]) -> None:
        """Keep this load's reading of the catalog and its located quotes, when any is new."""
        located = {text.digest: text.located for text in texts.values() if text.digest is not None}
        new_quotes = any(len(found) > self.known.get(digest, 0) for digest, found in located.items())
        if self.file is None:
            return
        read = "record" in self.__dict__  # (unread: the load needed nothing from it, nor knows what it holds)
        if read and self.record.get("catalog_sha256") == sha256 and not new_quotes:
            return
        record = {
            "version": code_version(),
            "catalog_sha256": sha256,
            "marked": (
                marked.data,
                {path: (span.line, span.col, span.start, span.end, span.style) for path, span in marked.spans.items()},
                {path: at for path, at in marked.keys.items() if len(path) == 1},
                {path for path in marked.plain_scalars if len(path) <= 2},
                marked.entry_columns,
                marked.editor_lines,
            ),
            "located": {digest: {key: _plain(v) for key, v in found.items()} for digest, found in located.items()},
        }
        try:
            self.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".load-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
                    pickler.fast = True  # no memo of every object written: the data shares none
                    pickler.dump(record)
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, pickle.PicklingError, RecursionError):
            pass  # a cache is a convenience: an unwritable folder is no reason to fail a load


def _plain(result: Found | NotFound | Ambiguous) -> tuple[Any, ...]:
    if isinstance(result, Found):
        return ("found", result.start, result.end, result.line)
    if isinstance(result, NotFound):
        return ("not found", result.closest, result.line, result.similarity, result.start, result.end)
    return ("ambiguous", result.lines)


def _result(plain: tuple[Any, ...]) -> Found | NotFound | Ambiguous:
    kind, *fields = plain
    if kind == "found":
        return Found(*fields)
    if kind == "not found":
        return NotFound(*fields)
    if kind == "ambiguous":
        return Ambiguous(tuple(fields[0]))
    raise ValueError(kind)

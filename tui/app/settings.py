"""What the app remembers between runs: the theme, and per catalog the last place the user was.

It lives in the user's config folder (`$XDG_CONFIG_HOME/imnation/`, else `~/.config/imnation/`),
never next to the catalog or in the repository. A missing, unreadable or malformed file is the
same as none: remembering is a convenience, never a reason not to start.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.app.places import EntryPlace, Place, SourcePlace, ViewPlace

FILE_NAME = "state.json"


def config_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CONFIG_HOME/imnation`, else `~/.config/imnation` (a relative XDG path is ignored, as
    the XDG spec says)."""
    base = environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "imnation"


def place_record(place: Place) -> dict[str, Any]:
    if isinstance(place, EntryPlace):
        return {"entry": place.entry_id}
    if isinstance(place, SourcePlace):
        return {"source": place.source_id, "start": place.start, "end": place.end}
    return {"view": place.name}


def record_place(record: Any) -> Place | None:
    """The place a record written by `place_record` names; None for anything else."""
    if not isinstance(record, dict):
        return None
    if isinstance(record.get("entry"), str):
        return EntryPlace(record["entry"])
    if isinstance(record.get("view"), str):
        return ViewPlace(record["view"])
    if isinstance(record.get("source"), str):
        start, end = record.get("start"), record.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
            return SourcePlace(record["source"], start, end)
        return SourcePlace(record["source"])
    return None


@dataclass
class Settings:
    path: Path
    theme: str | None = None
    places: dict[str, Any] = field(default_factory=dict)  # catalog (absolute path) -> place record

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_folder() / FILE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict):
            return cls(path)
        theme = data.get("theme")
        places = data.get("places")
        return cls(path, theme if isinstance(theme, str) else None, places if isinstance(places, dict) else {})

    def save(self) -> str | None:
        """Write the file (atomically); why it could not be written, or None."""
        data = {"theme": self.theme, "places": self.places}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".tmp")
            partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            partial.replace(self.path)
        except OSError as error:
            return f"{self.path}: {error.strerror or error}"
        return None

    @staticmethod
    def _key(catalog_path: Path) -> str:
        return str(catalog_path.resolve())

    def last_place(self, catalog_path: Path) -> Place | None:
        return record_place(self.places.get(self._key(catalog_path)))

    def remember_place(self, catalog_path: Path, place: Place) -> None:
        self.places[self._key(catalog_path)] = place_record(place)

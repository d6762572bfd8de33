"""One error type for every stage: `file:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the catalog, located in a file (line and col are 1-based; 0 = unknown)."""

    file: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file  # the whole file
        return f"{where}: {prefix}{self.message}"


class CatalogError(Exception):
    """Raised when a catalog cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

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


# At most this many problems per file are kept; a megabyte of `[1,1,1,…]` would otherwise be
# hundreds of thousands of lines (docs/robustness.md).
MAX_PROBLEMS_PER_FILE = 100


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first `limit` problems of each file, then one "… and N more problems" line for it."""
    kept: list[Problem] = []
    seen: dict[str, int] = {}
    for problem in problems:
        seen[problem.file] = seen.get(problem.file, 0) + 1
        if seen[problem.file] <= limit:
            kept.append(problem)
    for file, count in seen.items():
        if count > limit:
            more = count - limit
            kept.append(Problem(file, 0, 0, f"… and {more:,} more problem{'s' if more > 1 else ''}"))
    return kept


class CatalogError(Exception):
    """Raised when a catalog cannot be built; carries the problems found (not just the first), at
    most `MAX_PROBLEMS_PER_FILE` of each file and a count of the rest."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = capped(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

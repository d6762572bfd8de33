"""The import boundaries of docs/architecture.md, checked on the source (like import-linter's
contracts): the model and the search never reach the UI, the CLI imports Textual only to start it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tui"
UI = ("textual", "rich", "tui.app")


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Modules a file imports (all of them, or only those imported when the module loads)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def reaches_ui(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == ui or m.startswith(ui + ".") for ui in UI)}


@pytest.mark.parametrize(
    "path",
    sorted([*(PACKAGE / "catalog").rglob("*.py"), *(PACKAGE / "search").rglob("*.py"), PACKAGE / "text.py"]),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_model_and_the_search_never_import_the_ui(path: Path) -> None:
    assert reaches_ui(imports(path)) == set()


EXPORT_MODULES = sorted(str(path.relative_to(PACKAGE)) for path in (PACKAGE / "export").glob("*.py"))
SCRIPTABLE = ["cli.py", "serve.py", "app/reload.py", *EXPORT_MODULES]


@pytest.mark.parametrize("name", SCRIPTABLE)
def test_the_scriptable_side_and_reload_do_not_import_textual_when_loaded(name: str) -> None:
    assert reaches_ui(imports(PACKAGE / name, top_level_only=True)) == set()


def test_the_boundary_check_sees_an_import_of_the_ui(tmp_path: Path) -> None:
    """The check itself must fail on a violation (an import inside a function counts too)."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from textual.widgets import Static\n", encoding="utf-8")
    assert reaches_ui(imports(module)) == {"textual.widgets"}
    assert reaches_ui(imports(module, top_level_only=True)) == set()

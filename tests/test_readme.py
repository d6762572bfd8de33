"""README's promises are checked: the worked example validates, its error is the real one, and CI
runs the test command the README gives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tui.catalog import load_catalog
from tui.search import SearchIndex

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def worked_example() -> tuple[str, str]:
    """The YAML block and the error line of README's "Extending the catalog by hand" section."""
    section = README.split("### Extending the catalog by hand", 1)[1]
    yaml_block, error_block = re.findall(r"```(?:yaml)?\n(.*?)```", section, re.S)[:2]
    return yaml_block, error_block.strip()


def catalog_with(tmp_path: Path, topic_yaml: str) -> Path:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    text = (REPO / "catalog.yaml").read_text(encoding="utf-8").replace("\ntopics:\n", "\ntopics:\n" + topic_yaml, 1)
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_worked_example_validates_links_and_is_searchable(tmp_path: Path) -> None:
    yaml_block, _ = worked_example()
    catalog = load_catalog(catalog_with(tmp_path, yaml_block))
    assert catalog.problems == ()
    (anchor,) = catalog.anchors_of("spanish-language")
    assert anchor.text == "so usually it was in Spanish of me saying, \u2018We\u2019re independent journalists."
    assert "spanish-language" in [e.id for e in catalog.linked("shaul-schwarz", "topics")]
    assert SearchIndex(catalog).search("spanish")[0].id == "spanish-language"


def test_worked_example_error_is_what_the_validator_says(tmp_path: Path) -> None:
    yaml_block, error_line = worked_example()
    catalog = load_catalog(catalog_with(tmp_path, yaml_block.replace("in Spanish", "in spanish")))
    (problem,) = catalog.problems
    shown = str(problem)
    assert shown.split(": ", 1)[1] == error_line.split(": ", 1)[1]
    assert re.fullmatch(r"catalog\.yaml:\d+:16", error_line.split(": ", 1)[0])


def test_ci_runs_the_readme_test_command() -> None:
    command = "pip install -e '.[test]' && python -m pytest"
    assert f"```sh\n{command}\n```" in README
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")

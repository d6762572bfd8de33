"""Live reload against a file system that turns hostile while the app runs (the real watcher on
real folders): after each blow the app either keeps following the catalog or says why it cannot,
and a later edit of the catalog is shown."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.pilot import Pilot

from tests.helpers import DEFAULT_SOURCE_TEXT, make_catalog
from tests.pilot import notifications, panel_text, screen_text, until
from tui.app import ImnationApp, reload

SIZE = (120, 40)
JUDY: dict[str, Any] = {
    "id": "judy",
    "name": "Judy Smith",
    "summary": "Met the officers.",
    "passages": [{"source": "src", "quote": "Judy Smith met the officers in Charlotte."}],
}


def catalog_in(folder: Path) -> Path:
    """A catalog of one subject citing its one source `seeds/source.txt`."""
    return make_catalog(folder, {"subjects": [JUDY]})


def add_subject(path: Path, name: str) -> None:
    """Edit the catalog as a curator would: one more subject, written in place."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["subjects"].append({"id": name.lower().replace(" ", "-"), "name": name, "summary": "Added."})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def shows(app: ImnationApp, name: str) -> bool:
    """The browser lists `name` and the problems panel is empty (the edit was loaded)."""
    return name in screen_text(app) and panel_text(app) == ""


async def watching(pilot: Pilot) -> ImnationApp:
    """The app on its subjects, once its watcher is on."""
    app = pilot.app
    assert isinstance(app, ImnationApp)
    app.action_section("subject")
    await until(pilot, lambda: app.live_reload.watches >= 1)
    return app


@pytest.mark.anyio
async def test_a_source_made_a_symlink_loop_is_reported_and_reload_goes_on(tmp_path: Path) -> None:
    path = catalog_in(tmp_path / "cat")
    source = path.parent / "seeds" / "source.txt"
    async with ImnationApp(path).run_test(size=SIZE) as pilot:
        app = await watching(pilot)
        source.unlink()
        source.symlink_to(source.name)  # it names itself: resolving it never ends
        await until(pilot, lambda: "source file 'seeds/source.txt' is a symlink loop" in panel_text(app))
        source.unlink()
        source.write_text(DEFAULT_SOURCE_TEXT, encoding="utf-8")
        add_subject(path, "Rosa Afterloop")
        await until(pilot, lambda: shows(app, "Rosa Afterloop"))


@pytest.mark.anyio
@pytest.mark.parametrize("folder", ["cat", "cat/seeds"])
async def test_a_file_name_that_is_not_utf8_does_not_stop_reload(tmp_path: Path, folder: str) -> None:
    path = catalog_in(tmp_path / "cat")
    bad = os.fsencode(tmp_path / folder) + b"/name-\xff\xfe.txt"  # watchfiles cannot decode it
    async with ImnationApp(path).run_test(size=SIZE) as pilot:
        app = await watching(pilot)
        os.close(os.open(bad, os.O_CREAT | os.O_WRONLY))
        add_subject(path, "Rosa Samebatch")  # in the watcher's failing burst, or just after it
        await until(pilot, lambda: shows(app, "Rosa Samebatch"))
        with open(bad, "ab") as again:  # and again, once the watch is back on
            again.write(b"x")
        await until(pilot, lambda: app.live_reload.watches >= 2)
        add_subject(path, "Ana Later")
        await until(pilot, lambda: shows(app, "Ana Later"))


@pytest.mark.anyio
async def test_a_catalog_briefly_a_symlink_elsewhere_keeps_its_own_folder_watched(tmp_path: Path) -> None:
    path = catalog_in(tmp_path / "cat")
    home = path.read_text(encoding="utf-8")
    elsewhere = tmp_path / "elsewhere" / "catalog.yaml"
    elsewhere.parent.mkdir()
    shutil.copy(path, elsewhere)
    add_subject(elsewhere, "Elsa Elsewhere")
    async with ImnationApp(path).run_test(size=SIZE) as pilot:
        app = await watching(pilot)
        link = path.with_name(".catalog.link")
        link.symlink_to(elsewhere)
        os.replace(link, path)  # the catalog is now a symlink to a file in another folder
        await until(pilot, lambda: shows(app, "Elsa Elsewhere"))  # followed, as the loader follows it
        saved = path.with_name(".catalog.tmp")
        saved.write_text(home, encoding="utf-8")
        os.replace(saved, path)  # a regular file again (an editor's save)
        await until(pilot, lambda: "Elsa Elsewhere" not in screen_text(app))
        add_subject(path, "Rosa Athome")
        await until(pilot, lambda: shows(app, "Rosa Athome"))
        add_subject(path, "Ana Athome")
        await until(pilot, lambda: shows(app, "Ana Athome"))


@pytest.mark.anyio
async def test_the_seeds_folder_deleted_and_made_again_is_watched_again(tmp_path: Path) -> None:
    path = catalog_in(tmp_path / "cat")
    seeds = path.parent / "seeds"
    async with ImnationApp(path).run_test(size=SIZE) as pilot:
        app = await watching(pilot)
        shutil.rmtree(seeds)
        await until(pilot, lambda: "file not found" in panel_text(app))
        seeds.mkdir()
        (seeds / "source.txt").write_text(DEFAULT_SOURCE_TEXT, encoding="utf-8")
        await until(pilot, lambda: panel_text(app) == "")
        # the new folder is watched: a change to the source inside it is seen
        (seeds / "source.txt").write_text(DEFAULT_SOURCE_TEXT.replace("Charlotte", "Raleigh"), encoding="utf-8")
        await until(pilot, lambda: "quote not found" in panel_text(app))
        (seeds / "source.txt").write_text(DEFAULT_SOURCE_TEXT, encoding="utf-8")
        add_subject(path, "Rosa Newseeds")
        await until(pilot, lambda: shows(app, "Rosa Newseeds"))


@pytest.mark.anyio
@pytest.mark.parametrize("away", ["deleted", "renamed"])
async def test_the_catalog_folder_gone_and_made_again_is_watched_again(tmp_path: Path, away: str) -> None:
    path = catalog_in(tmp_path / "cat")
    async with ImnationApp(path).run_test(size=SIZE) as pilot:
        app = await watching(pilot)
        if away == "deleted":
            shutil.rmtree(path.parent)
        else:
            path.parent.rename(tmp_path / "cat.old")
        await until(pilot, lambda: "file not found" in panel_text(app))
        catalog_in(path.parent)  # the folder made again (it may get the old inode number back)
        add_subject(path, "Rosa Newfolder")
        await until(pilot, lambda: shows(app, "Rosa Newfolder"))
        add_subject(path, "Ana Later")
        await until(pilot, lambda: shows(app, "Ana Later"))


@pytest.mark.anyio
async def test_a_catalog_folder_moved_in_with_its_sources_elsewhere_is_watched_there(tmp_path: Path) -> None:
    """The catalog's folder replaced by one made elsewhere and renamed into place, whose catalog
    keeps its source in another subfolder: the reload that follows the new watch brings in that
    folder, and the watch is made again on it."""
    path = catalog_in(tmp_path / "cat")
    staged = catalog_in(tmp_path / "staged")
    (staged.parent / "seeds").rename(staged.parent / "texts")
    moved = staged.read_text(encoding="utf-8").replace("seeds/source.txt", "texts/source.txt")
    staged.write_text(moved, encoding="utf-8")
    async with ImnationApp(path).run_test(size=SIZE) as pilot:
        app = await watching(pilot)
        shutil.rmtree(path.parent)
        staged.parent.rename(path.parent)
        source = path.parent / "texts" / "source.txt"
        await until(pilot, lambda: app.catalog is not None and app.catalog.sources["src"].file == "texts/source.txt")
        source.write_text(DEFAULT_SOURCE_TEXT.replace("Charlotte", "Raleigh"), encoding="utf-8")
        await until(pilot, lambda: "quote not found" in panel_text(app))
        source.write_text(DEFAULT_SOURCE_TEXT, encoding="utf-8")
        add_subject(path, "Rosa Moved")
        await until(pilot, lambda: shows(app, "Rosa Moved"))


@pytest.mark.anyio
async def test_folders_that_cannot_be_watched_are_polled_and_the_app_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system refuses every watch (its limit on watches reached: a shared machine cannot be
    made to, so watchfiles is stood in for until the limit "lifts"): the app says so, edits still
    reload (the files are polled), and once a watch is on again it says that too."""
    path = catalog_in(tmp_path / "cat")
    real_awatch = reload.awatch
    refused = [True]

    def awatch(*folders: str, **options: Any) -> Any:
        if refused[0]:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return real_awatch(*folders, **options)

    monkeypatch.setattr(reload, "awatch", awatch)
    async with ImnationApp(path).run_test(size=SIZE, notifications=True) as pilot:
        app = pilot.app
        assert isinstance(app, ImnationApp)
        app.action_section("subject")
        why = "live reload cannot watch its folders (inotify watch limit reached); it looks at the files every 0.5 s"
        await until(pilot, lambda: f"catalog.yaml: warning: {why}" in panel_text(app))
        await until(pilot, lambda: any(m.startswith(f"catalog.yaml: {why}") for m in notifications(app)))
        add_subject(path, "Rosa Polled")
        await until(pilot, lambda: "Rosa Polled" in screen_text(app))
        assert app.live_reload.watches == 0
        refused[0] = False
        await until(pilot, lambda: "catalog.yaml: live reload watches its folders again" in notifications(app))
        await until(pilot, lambda: shows(app, "Rosa Polled"))  # the warning is gone
        add_subject(path, "Ana Watched")
        await until(pilot, lambda: shows(app, "Ana Watched"))

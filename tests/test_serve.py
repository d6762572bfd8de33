"""`imnation serve`: the app in a real browser (headless Chromium driven over the DevTools
protocol: it types a search and reads what xterm.js shows), the loopback by default, a public host
only when asked, and no editor in a browser session."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from tests.helpers import VALID, write_catalog
from tui import serve as serve_module
from tui.cli import main
from tui.serve import app_command, browser_url, is_loopback

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # The page asks for a web font; nothing may leave this machine, so no name resolves but ours.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1280,900",
]
# xterm.js keeps the terminal in a closure; this catches it as textual-serve's page assigns it
# (`this.terminal = new Terminal(...)`), so the test can read the screen from xterm's own buffer.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active && !window.__imnationTerminal) {
      window.__imnationTerminal = value;
      delete Object.prototype.terminal;
    }
  },
});
"""
READ_SCREEN = """(() => {
  const t = window.__imnationTerminal;
  if (!t) return null;
  const buffer = t.buffer.active, rows = [];
  for (let i = 0; i < t.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
})()"""


# -- the command ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False)],
)
def test_which_hosts_are_the_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_browser_url_and_the_command_each_session_runs(tmp_path: Path) -> None:
    assert browser_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert browser_url("::1", 9000) == "http://[::1]:9000"
    assert browser_url("0.0.0.0", 80) == f"http://{socket.gethostname()}:80"
    command = app_command(tmp_path / "my catalog.yaml")
    assert command.startswith(sys.executable) and "'" in command  # the path with a space is quoted


class FakeServer:
    """Stands in for textual_serve.server.Server: records how it was made instead of serving."""

    made: list[dict[str, Any]] = []

    def __init__(self, command: str, **options: Any) -> None:
        FakeServer.made.append({"command": command, **options})

    def serve(self) -> None:
        FakeServer.made[-1]["environ"] = os.environ.get(serve_module.BROWSER_SESSION)


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.delenv(serve_module.BROWSER_SESSION, raising=False)
    FakeServer.made = []
    return FakeServer.made


def test_serve_binds_to_the_loopback_by_default_and_says_so(
    tmp_path: Path, fake_server: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, VALID)
    assert main(["serve", "--catalog", str(path)]) == 0
    (made,) = fake_server
    assert made["host"] == "127.0.0.1" and made["port"] == 8000 and made["environ"] == "loopback"
    assert "--catalog" in made["command"] and str(path) in made["command"]
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out and "loopback" in out


def test_a_public_host_needs_public_and_warns_there_is_no_authentication(
    tmp_path: Path, fake_server: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, VALID)
    assert main(["serve", "--host", "0.0.0.0", "--catalog", str(path)]) == 2
    assert fake_server == [] and "--public" in capsys.readouterr().err
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--public", "--catalog", str(path)]) == 0
    (made,) = fake_server
    assert made["host"] == "0.0.0.0" and made["port"] == 8123 and made["environ"] == "public"
    err = capsys.readouterr().err
    assert "WARNING" in err and "no authentication" in err


def test_serve_without_the_web_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import fails as if not installed
    assert main(["serve", "--catalog", str(write_catalog(tmp_path, VALID))]) == 1
    assert "imnation[web]" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_serve_rejects_a_bad_port(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", port])
    assert exited.value.code == 2


# -- a real browser --------------------------------------------------------------------------------


@pytest.fixture
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it with apt)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)


@contextlib.contextmanager
def process_group(argv: list[str], **options: Any) -> Iterator[subprocess.Popen[str]]:
    """Run `argv` in its own process group and end the whole group afterwards (the server's app
    sessions, chromium's helpers)."""
    process = subprocess.Popen(argv, start_new_session=True, text=True, **options)
    try:
        yield process
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue


class DevTools:
    """A minimal Chrome DevTools protocol client for one page (over a websocket connection)."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    def screen(self) -> str:
        result = self.call("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        return str(result["result"].get("value") or "")

    def type(self, text: str) -> None:
        for character in text:
            self.call("Input.dispatchKeyEvent", type="keyDown", key=character, text=character)
            self.call("Input.dispatchKeyEvent", type="keyUp", key=character)

    def press_enter(self) -> None:
        self.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13,
                  text="\r")
        self.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)


def test_the_app_in_a_real_browser_searches_and_hides_the_editor(chromium: str, tmp_path: Path) -> None:
    path = write_catalog(tmp_path, VALID)
    port = free_port()
    server_argv = [sys.executable, "-m", "tui", "serve", "--port", str(port), "--catalog", str(path)]
    server_log = (tmp_path / "server.log").open("w")
    with process_group(server_argv, stdout=server_log, stderr=subprocess.STDOUT):
        wait_until(lambda: _accepts(port), "the server to listen")
        profile = tempfile.mkdtemp(dir=tmp_path)
        devtools_port = free_port()
        browser_argv = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--remote-debugging-port={devtools_port}", "about:blank"]
        with (
            process_group(browser_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
            connect(wait_until(lambda: _page_socket(devtools_port), "chromium's DevTools"), max_size=None) as socket,
        ):
            tab = DevTools(socket)
            tab.call("Page.enable")
            tab.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            tab.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            first = wait_until(lambda: (s := tab.screen()) and "Sections" in s and "Episodes" in s and s,
                               "the app's first screen in the page")
            footer = first.rstrip().splitlines()[-1]
            assert "Search" in footer and "Edit" not in footer  # `e` is hidden in a browser
            assert "North Carolina" not in first
            tab.call("Runtime.evaluate", expression="document.querySelector('.xterm-helper-textarea').focus()")
            tab.type("/charlote")  # a typo: the fuzzy jump forgives it
            # The keys reach the app one by one: wait for the whole query and its results.
            wait_until(lambda: (s := tab.screen()) and "charlote" in s and "results" in s and "Charlotte" in s,
                       "the search box to hold the query and its results")
            tab.press_enter()
            detail = wait_until(lambda: (s := tab.screen()) and "North Carolina" in s and "Jump to" not in s and s,
                                "Charlotte's entry")
            assert "location" in detail and "Charlotte" in detail
            tab.type("e")
            wait_until(lambda: "browser" in tab.screen(), "the notification that explains why `e` does nothing")
    server_log.close()


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _page_socket(devtools_port: int) -> str | None:
    """The DevTools websocket of chromium's page, once chromium answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json", timeout=5) as response:
            pages = json.load(response)
    except OSError:
        return None
    return next((p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page"), None)

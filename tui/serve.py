"""`imnation serve`: the same app in a web browser, through textual-serve (the `web` extra).

textual-serve runs the app as a subprocess for each browser tab; the app learns that it runs in a
browser from `BROWSER_SESSION` in its environment ("loopback" or "public") and hides what cannot
work there (`e` suspends the terminal for an editor). It binds to the loopback unless told
otherwise, since the served app has no authentication.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path

from tui.text import one_line

BROWSER_SESSION = "IMNATION_BROWSER_SESSION"
"""Environment variable set for the served app: "loopback" (only this machine can reach it) or "public"."""

_WILDCARDS = {"0.0.0.0", "::", ""}


class ServeError(Exception):
    """Why the server cannot start, and the exit code (2: a usage error)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def is_loopback(host: str) -> bool:
    """Only this machine can connect to `host` (`localhost`, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: other machines may reach it


def browser_url(host: str, port: int) -> str:
    """Where a browser finds the app: the host itself, or this machine's name for a wildcard."""
    name = socket.gethostname() if host in _WILDCARDS else host.strip("[]")
    return f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}"


def app_command(catalog_path: Path) -> str:
    """The shell command textual-serve runs for each browser session."""
    return shlex.join([sys.executable, "-m", "tui", "--catalog", str(catalog_path.resolve())])


def serve(catalog_path: Path, host: str, port: int, *, public: bool, url: str | None) -> None:
    """Serve the app until interrupted. ServeError if `host` is not the loopback and `public` is
    not given, or if textual-serve is not installed."""
    loopback = is_loopback(host)
    if not loopback and not public:
        raise ServeError(
            f"{one_line(host)} can be reached from other machines and the app has no authentication; "
            "pass --public to serve on it anyway",
            exit_code=2,
        )
    try:
        from textual_serve.server import Server
    except ImportError as error:
        raise ServeError("the web extra is not installed: pip install 'imnation[web]'") from error
    address = url or browser_url(host, port)
    os.environ[BROWSER_SESSION] = "loopback" if loopback else "public"
    if loopback:
        print(f"imnation: serving the app at {address} to this machine only (loopback); ctrl+c stops it", flush=True)
    else:
        print(
            f"imnation: WARNING: serving on {one_line(host)}:{port} with no authentication: anyone who can "
            f"reach this machine can use the app and read the catalog ({address}); ctrl+c stops it",
            file=sys.stderr,
            flush=True,
        )
    Server(app_command(catalog_path), host=host, port=port, title="imnation", public_url=address).serve()

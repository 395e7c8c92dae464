"""Headless Chromium over the Chrome DevTools Protocol, for tests that render our HTML pages.

Debian's `chromium`, driven through its DevTools websocket (`websockets`): open a page from its file,
collect console errors and every request it made, take a full-page screenshot for tests/artifacts/
(gitignored) so a person can look at it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.conftest import REPO

ARTIFACTS = REPO / "tests" / "artifacts"
WIDTH = 1280


def find_chromium() -> str:
    """Debian's chromium: installed here when missing and running as root, else the browser tests skip loudly."""
    binary = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(binary).exists():
        if os.geteuid() != 0:
            pytest.skip("SKIPPED LOUDLY: /usr/bin/chromium is missing and this is not root: "
                        "`apt-get install -y chromium` (or `make browser` as root) to run the browser tests")
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], env=env, check=True,
                       capture_output=True)
    return binary


class DevTools:
    """A minimal Chrome DevTools Protocol client for one page target: commands, and the events seen meanwhile."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.events: list[dict] = []
        self.last_id = 0

    def _receive(self, deadline: float) -> dict:
        return json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.01)))

    def call(self, method: str, timeout: float = 30, **params: object) -> dict:
        self.last_id += 1
        self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._receive(deadline))
        return next(e for e in self.events if e.get("method") == event)

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:200]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, page_file: Path) -> None:
        """Load the file in a WIDTH-wide window and wait for its load event, recording console and network."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=1000, deviceScaleFactor=1, mobile=False)
        self.call("Page.navigate", url=page_file.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def screenshot(self, path: Path) -> None:
        """The whole page, not only the window, as a PNG."""
        height = self.call("Page.getLayoutMetrics")["cssContentSize"]["height"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def errors(self) -> list[str]:
        """Console errors and assertions, uncaught exceptions and browser-logged errors (failed loads) so far."""
        return [json.dumps(e["params"])[:500] for e in self.events
                if (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                or e["method"] == "Runtime.exceptionThrown"
                or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]

    def requests(self) -> list[str]:
        """Every URL the page requested so far; data: URLs (inline images) never leave the page."""
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"
                and not e["params"]["request"]["url"].startswith("data:")]


@contextmanager
def browser_page(chromium: str, profile: Path) -> Iterator[DevTools]:
    """Start headless chromium on a free debugging port and connect to its blank page; stop it afterwards."""
    profile.mkdir(parents=True, exist_ok=True)
    log = (profile.parent / "chromium.log").open("w")
    process = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", f"--user-data-dir={profile}",
         "about:blank"], stdout=log, stderr=subprocess.STDOUT)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            assert process.poll() is None, f"chromium exited: {(profile.parent / 'chromium.log').read_text()[-2000:]}"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port in 60 s"
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=20) as response:
            targets = json.load(response)
        websocket_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(websocket_url, max_size=None, open_timeout=20) as socket:
            yield DevTools(socket)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()

"""A headless Chromium driven over the DevTools protocol, for page tests and screenshots.

Debian's `chromium` (installed by `.ci/run`) and `websocket-client` are all it needs. It
records what a person would not see: console errors, uncaught exceptions and every network
request a page makes (name resolution is disabled too, so nothing could leave anyway).

    with Browser() as browser:
        visit = browser.visit(Path("view.html"), screenshot=Path("view.png"))
        assert not visit.errors and not visit.requests
"""
from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--remote-debugging-port=0")
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# Requests a self-contained page may make: itself and inline data.
LOCAL_SCHEMES = ("file:", "data:", "about:")


def find_chromium() -> str | None:
    named = os.environ.get("CHROMIUM")
    return named if named and shutil.which(named) else next(filter(None, map(shutil.which, CANDIDATES)), None)


@dataclass
class Visit:
    """What happened while a page loaded, and what the check script returned."""

    url: str
    errors: list[str] = field(default_factory=list)    # console errors and uncaught exceptions
    requests: list[str] = field(default_factory=list)  # URLs of requests that are not the page itself
    result: object = None
    screenshot: Path | None = None


class Browser:
    def __init__(self, executable: str | None = None, *, width: int = 1280, height: int = 900, timeout: float = 30):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise RuntimeError("no chromium found (apt-get install chromium)")
        self.size, self.timeout = (width, height), timeout
        self._ids = itertools.count(1)

    def __enter__(self) -> "Browser":
        import websocket  # websocket-client

        self._profile = tempfile.mkdtemp(prefix="pm-chromium-")
        self._process = subprocess.Popen([self.executable, *FLAGS, f"--user-data-dir={self._profile}",
                                          f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            port = self._port()
            target = self._page_target(port)
            self._socket = websocket.create_connection(target, timeout=self.timeout, suppress_origin=True)
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        socket = getattr(self, "_socket", None)
        if socket is not None:
            socket.close()
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    def _port(self) -> int:
        marker = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chromium exited with code {self._process.returncode}")
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def _page_target(self, port: int) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=self.timeout) as answer:
            targets = json.load(answer)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def call(self, method: str, events: list | None = None, **params) -> dict:
        """Send one command and wait for its answer; events arriving meanwhile go to `events`."""
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if events is not None and "method" in message:
                events.append(message)

    def _wait_for(self, method: str, events: list) -> None:
        deadline = time.monotonic() + self.timeout
        while not any(e["method"] == method for e in events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {self.timeout} s")
            message = json.loads(self._socket.recv())
            if "method" in message:
                events.append(message)

    def visit(self, path: Path, *, check: str | None = None, screenshot: Path | None = None,
              full_page: bool = True, width: int | None = None, height: int | None = None) -> Visit:
        """Load a file, run `check` (a JS expression, its value returned by value), take a screenshot."""
        width, height = width or self.size[0], height or self.size[1]
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        url = Path(path).resolve().as_uri()
        events: list = []
        self.call("Page.navigate", events, url=url)
        self._wait_for("Page.loadEventFired", events)
        visit = Visit(url=url)
        if check:
            answer = self.call("Runtime.evaluate", events, expression=check, returnByValue=True)
            if "exceptionDetails" in answer:
                events.append({"method": "Runtime.exceptionThrown", "params": answer})
            visit.result = answer.get("result", {}).get("value")
        if screenshot:
            visit.screenshot = self._screenshot(Path(screenshot), events, full_page, width, height)
        self.call("Runtime.evaluate", events, expression="0")  # flush events still in flight
        visit.errors, visit.requests = _errors(events), _requests(events, url)
        return visit

    def _screenshot(self, target: Path, events: list, full_page: bool, width: int, height: int) -> Path:
        if full_page:
            size = self.call("Page.getLayoutMetrics", events)["cssContentSize"]
            height = max(height, int(size["height"]))
        shot = self.call("Page.captureScreenshot", events, format="png", captureBeyondViewport=full_page,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(shot["data"]))
        return target


def _errors(events: list) -> list[str]:
    found = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            found.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            found.append(f"log: {params['entry']['text']} {params['entry'].get('url', '')}".strip())
    return found


def _requests(events: list, page_url: str) -> list[str]:
    urls = (e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent")
    return [url for url in urls if url != page_url and not url.startswith(LOCAL_SCHEMES)]

"""A headless Chromium tab driven over the DevTools protocol, for the web app's tests: the
report tests' pipe client (tests/solver/report/cdp.py) with navigation, clicks, file
inputs, waits and screenshots; every script error of the session is kept."""

from __future__ import annotations

import base64
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "solver" / "report"))

from cdp import Pipe
from report_setup import CHROMIUM_FLAGS

ARTIFACTS = Path(__file__).parent / "artifacts"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Tab:
    def __init__(self, executable: str, profile: Path, seconds: float = 900) -> None:
        self.pipe = Pipe(executable, [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"], seconds)
        target = self.pipe.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.pipe.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Runtime", "Log", "Page", "DOM"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=1500,
            height=1000,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.errors: list[str] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.pipe.call(method, self.session, **params)

    def _collect(self) -> None:
        """Script and console errors seen so far, then the event log emptied."""
        for event in self.pipe.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                self.errors.append(str(params["exceptionDetails"]))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                self.errors.append(json.dumps(params.get("args")))
        self.pipe.events.clear()

    def _loaded(self, action: Any) -> None:
        self._collect()
        action()
        self.pipe.wait_for("Page.loadEventFired")

    def open(self, url: str) -> None:
        self._loaded(lambda: self.call("Page.navigate", url=url))

    def js(self, expression: str) -> Any:
        got = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                        awaitPromise=True)  # fmt: skip
        if "exceptionDetails" in got:
            raise AssertionError(f"{expression}: {got['exceptionDetails']}")
        return got["result"].get("value")

    def click(self, selector: str) -> None:
        """Click what submits a form or follows a link, and wait for the next page."""
        assert self.count(selector), f"nothing matches {selector}"
        self._loaded(lambda: self.js(f"document.querySelector({json.dumps(selector)}).click()"))

    def fill(self, selector: str, value: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)}")

    def upload(self, selector: str, path: Path) -> None:
        root = self.call("DOM.getDocument")["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        assert node, f"no file input {selector}"
        self.call("DOM.setFileInputFiles", files=[str(path)], nodeId=node)

    def count(self, selector: str) -> int:
        return int(self.js(f"document.querySelectorAll({json.dumps(selector)}).length"))

    def text(self, selector: str = "body") -> str:
        return str(self.js(f"document.querySelector({json.dumps(selector)}).innerText"))

    def url(self) -> str:
        return str(self.js("location.href"))

    def wait(self, expression: str, seconds: float = 120) -> None:
        """Until `expression` is true on the page (a page the page's own script reloads)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.js(expression):
                    return
            except (AssertionError, RuntimeError):
                pass  # the page is between two loads
            time.sleep(0.3)
        raise AssertionError(f"still not {expression} on {self.url()}: {self.text()[:2000]}")

    def screenshot(self, name: str) -> Path:
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> list[str]:
        self._collect()
        self.pipe.close()
        return self.errors

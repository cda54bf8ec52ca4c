"""A minimal Chrome DevTools Protocol client over --remote-debugging-pipe (stdlib only).

The pipe sees the page's own requests and console, not the browser's background traffic,
so a test can say exactly what the page asked for.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class PageLoad:
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    count: int = 0
    screenshot: bytes = b""
    values: list[Any] = field(default_factory=list)


class Pipe:
    """Chromium reads commands on its fd 3 and writes answers and events on its fd 4."""

    def __init__(self, executable: str, flags: list[str], timeout: float = 60) -> None:
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()

        def wire() -> None:  # runs in the child before exec
            os.dup2(to_child, 100)  # out of the way first: either pipe end may be fd 3 or 4
            os.dup2(from_child, 101)
            os.dup2(100, 3)
            os.dup2(101, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [executable, *flags, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,
        )
        os.close(to_child)
        os.close(from_child)
        self.deadline = time.monotonic() + timeout
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        command: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            command["sessionId"] = session
        os.write(self._write, json.dumps(command).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, method: str) -> None:
        if any(e.get("method") == method for e in self.events):
            return
        while True:
            message = self._message()
            self.events.append(message)
            if message.get("method") == method:
                return

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError, RuntimeError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)


def load(
    executable: str,
    flags: list[str],
    page: Path,
    selector: str,
    expressions: tuple[str, ...] = (),
    clip: str | None = None,
) -> PageLoad:
    """Open the page, wait for its load event, count `selector` matches, evaluate each of
    `expressions` (JavaScript, e.g. a computed style) and take a full-page screenshot at
    1600 px wide, or of the first element matching `clip` alone; report every request and
    every console or script error."""
    pipe = Pipe(executable, flags)
    try:
        target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
        session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Network", "Runtime", "Log", "Page"):
            pipe.call(f"{domain}.enable", session)
        pipe.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=1600,
            height=1200,
            deviceScaleFactor=1,
            mobile=False,
        )
        pipe.call("Page.navigate", session, url=page.resolve().as_uri())
        pipe.wait_for("Page.loadEventFired")
        count = pipe.call(
            "Runtime.evaluate",
            session,
            expression=f"document.querySelectorAll({json.dumps(selector)}).length",
            returnByValue=True,
        )["result"]["value"]
        values = [
            pipe.call("Runtime.evaluate", session, expression=e, returnByValue=True)["result"].get(
                "value"
            )
            for e in expressions
        ]
        area: dict[str, Any] = {}
        if clip is not None:
            box = pipe.call(
                "Runtime.evaluate",
                session,
                expression=f"(() => {{ const r = document.querySelector({json.dumps(clip)})"
                ".getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, "
                "r.width, r.height]; })()",
                returnByValue=True,
            )["result"]["value"]
            x, y, width, height = box
            area["clip"] = {"x": x, "y": y, "width": width, "height": height, "scale": 1}
        shot = pipe.call(
            "Page.captureScreenshot", session, format="png", captureBeyondViewport=True, **area
        )
        out = PageLoad(count=int(count), screenshot=base64.b64decode(shot["data"]), values=values)
        for event in pipe.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                out.requests.append(params["request"]["url"])
            elif method == "Runtime.exceptionThrown":
                out.errors.append(str(params["exceptionDetails"].get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.errors.append(json.dumps(params.get("args")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.errors.append(str(params["entry"].get("text")))
        return out
    finally:
        pipe.close()

"""A headless Chromium driven over the DevTools protocol, for the dashboard's browser checks.

Chromium's `--remote-debugging-pipe` speaks the protocol as NUL-terminated JSON on file
descriptors 3 (commands in) and 4 (replies and events out), so no websocket library and no
browser download is needed: only Debian's `chromium` (see .ci/chromium.sh).

The flags keep the browser from reaching any other host by itself (updates, sync, safe
browsing), and `block_outside_hosts` makes every name but 127.0.0.1 unresolvable, so a page that
needs the network shows it by breaking.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from typing import Any

QUIET_FLAGS = (
    "--headless",
    "--no-sandbox",  # root in a container has no user namespace for the sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
LOCAL_ONLY_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
BINARY_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The browser binary: $CHROMIUM if set, else the first of the usual names on PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    return next((found for name in BINARY_NAMES if (found := shutil.which(name))), None)


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One headless browser with one page. Use as a context manager; `events` collects the
    protocol's events (console calls, exceptions, requests) in arrival order."""

    def __init__(self, binary: str, *, window: tuple[int, int] = (1280, 860), local_only: bool = True):
        self.profile = tempfile.TemporaryDirectory(prefix="eventwire-chromium-")
        flags = [
            *QUIET_FLAGS,
            f"--window-size={window[0]},{window[1]}",
            f"--user-data-dir={self.profile.name}",
        ]
        if local_only:
            flags.append(LOCAL_ONLY_FLAG)
        self.process, self._to_browser, self._from_browser = _launch(
            [binary, *flags, "--remote-debugging-pipe"]
        )
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def __enter__(self) -> Chromium:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):  # already gone: nothing to close
            self.call("Browser.close", session=False, timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)
        self.profile.cleanup()

    def call(
        self, method: str, *, session: bool = True, timeout: float = 30, **params: Any
    ) -> dict[str, Any]:
        """Send one command and wait for its reply; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, *, until: str, timeout: float = 20) -> Any:
        """Load `url` and wait until the expression `until` is truthy; returns its value."""
        self.call("Page.navigate", url=url)
        return self.wait_for(until, timeout=timeout)

    def wait_for(self, expression: str, *, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        # Until the page has loaded, the expression may read what is not there yet.
        guarded = f"(() => {{ try {{ return ({expression}); }} catch (error) {{ return null; }} }})()"
        while time.monotonic() < deadline:
            value = self.evaluate(guarded)
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"timed out after {timeout} s waiting for {expression}")

    def screenshot(self, path: str) -> None:
        import base64

        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def problems(self) -> list[str]:
        """Console errors and uncaught exceptions seen so far, as text."""
        return [text for event in self.events if (text := _problem(event))]

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"
        ]

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise BrowserError("no reply from the browser in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"the browser exited (status {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed


def _launch(command: list[str]) -> tuple[subprocess.Popen[bytes], int, int]:
    """Start the browser with its protocol pipe on fds 3 (its input) and 4 (its output)."""
    to_child_read, to_child_write = os.pipe()
    from_child_read, from_child_write = os.pipe()

    def wire_pipes() -> None:
        # Move both ends out of the way before dup2, in case either already is 3 or 4.
        child_in, child_out = os.dup(to_child_read), os.dup(from_child_write)
        os.dup2(child_in, 3)
        os.dup2(child_out, 4)

    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # dbus and GPU chatter on a headless machine
        preexec_fn=wire_pipes,  # runs in the child between fork and exec
        pass_fds=(3, 4),  # else closed after preexec_fn runs
    )
    os.close(to_child_read)
    os.close(from_child_write)
    return process, to_child_write, from_child_read


def _problem(event: dict[str, Any]) -> str:
    params = event.get("params", {})
    method = event.get("method")
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        return "exception: " + str(details.get("exception", {}).get("description") or details.get("text"))
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        return "console.error: " + " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
    if method == "Log.entryAdded" and params["entry"].get("level") == "error":
        return "log: " + str(params["entry"].get("text")) + " " + str(params["entry"].get("url", ""))
    return ""

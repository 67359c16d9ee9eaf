"""App test setup: Qt on xcb when a display exists (test.sh starts Xvfb), GL 3.3 core by default,
a throwaway per-user config folder, a real venue server on a free loopback port, and a qasync loop."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HAS_DISPLAY = bool(os.environ.get("DISPLAY"))
if HAS_DISPLAY:
    os.environ["QT_QPA_PLATFORM"] = "xcb"  # the offscreen platform cannot host QOpenGLWidget
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "xcb_egl")
os.environ["PHOSPHENE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="phosphene-app-tests-")

from app.main import set_default_surface_format  # noqa: E402

set_default_surface_format()  # before any QApplication exists

needs_display = pytest.mark.skipif(not HAS_DISPLAY, reason="QOpenGLWidget needs an X display (run through ./test.sh, which starts Xvfb)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if the test process dies, so a crash leaves no server behind."""
    import ctypes
    import signal

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class VenueServer:
    """``python -m venue_server serve --dev`` on a free port with its own data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import httpx

        cmd = [sys.executable, "-m", "venue_server", "serve", "--port", str(self.port), "--data", str(self.data_dir), "--dev"]
        self.log = self.data_dir / "server.log"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:  # a file, not a pipe: a full pipe would stall the server
            self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"venue server exited: {self.log.read_text(errors='replace')[-2000:]}"
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("venue server did not come up in 60 s")

    def start_on_same_port(self) -> None:
        self.start()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@pytest.fixture(scope="session")
def venue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueServer]:
    server = VenueServer(tmp_path_factory.mktemp("venue"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_main_thread():  # type: ignore[no-untyped-def]
    """Python may collect a dead QObject on whichever thread allocates next (a preset worker, a
    thumbnail thread); a QTimer freed off its own thread stays registered and crashes the next
    event loop. Collecting here, on the GUI thread, after every test avoids that."""
    yield
    import gc

    gc.collect()


@pytest.fixture
def qloop(qapp):  # type: ignore[no-untyped-def]
    """A qasync loop over the test QApplication: ``qloop.run_until_complete(coro)`` also runs Qt."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(asyncio.sleep(0))
    asyncio.set_event_loop(None)
    loop.close()


def wait_until(loop: asyncio.AbstractEventLoop, predicate, timeout_s: float = 10.0, what: str = "condition", detail=None) -> None:  # type: ignore[no-untyped-def]
    """Run the loop (Qt included) until ``predicate()`` holds; fail naming ``what`` (and ``detail()``).

    Tasks must be started inside a run of the loop they continue in: qasync can run a task's
    first step just after ``run_until_complete`` returns, outside the running loop, where httpx
    cannot find it. Scenarios with background tasks therefore run as one coroutine (``until``)."""
    loop.run_until_complete(until(predicate, timeout_s, what, detail))


async def until(predicate, timeout_s: float = 10.0, what: str = "condition", detail=None) -> None:  # type: ignore[no-untyped-def]
    """Inside one running loop: poll ``predicate()`` (Qt keeps running) until it holds."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}" + (f": {detail()}" if detail else ""))
        await asyncio.sleep(0.05)

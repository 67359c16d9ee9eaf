"""A display for the window: on a machine without one, start Xvfb on a free display number.

QOpenGLWidget needs a real windowing system (Qt's offscreen platform has no GL widgets), so a
headless run gets its own X server. ``QT_XCB_GL_INTEGRATION=xcb_egl`` lets the window's GL and
standalone EGL contexts (thumbnails) live in one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from app.processes import stop_process


class DisplayError(Exception):
    pass


def _free_display(start: int = 90, stop: int = 600) -> int:
    for number in range(start, stop):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise DisplayError(f"no free X display number in :{start}..:{stop - 1}")


class VirtualDisplay:
    """Xvfb as a subprocess; ``stop()`` ends it by pid."""

    def __init__(self, size: tuple[int, int] = (1280, 800)) -> None:
        self.size = size
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self, timeout_s: float = 10.0) -> str:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise DisplayError("no DISPLAY and no Xvfb to start one (apt-get install xvfb)")
        for _ in range(5):
            number = _free_display()
            self.proc = subprocess.Popen(
                [xvfb, f":{number}", "-screen", "0", f"{self.size[0]}x{self.size[1]}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self.display = f":{number}"
                    return self.display
                if self.proc.poll() is not None:
                    break  # lost a race for that number; try another
                time.sleep(0.05)
            self.stop()
        raise DisplayError("Xvfb did not start")

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None


def ensure_display(size: tuple[int, int] = (1280, 800)) -> VirtualDisplay | None:
    """Set up the environment for Qt GL; returns the Xvfb we started, or None when a display exists."""
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "xcb_egl")
    if os.environ.get("DISPLAY"):
        if os.environ.get("QT_QPA_PLATFORM", "xcb") == "offscreen":
            os.environ["QT_QPA_PLATFORM"] = "xcb"  # offscreen cannot host GL widgets
        return None
    display = VirtualDisplay(size)
    os.environ["DISPLAY"] = display.start()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return display

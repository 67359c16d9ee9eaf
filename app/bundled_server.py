"""The bundled venue server: use the one answering at the URL, or start ``venue_server`` as a subprocess.

The subprocess is ours to stop (by its pid, at exit). Its output goes to a log file in the cache
folder so a failed start can be diagnosed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

from app.processes import stop_process
from app.settings import cache_dir


class VenueStartError(Exception):
    """The bundled server did not come up; the message includes the end of its log."""


def answers(base_url: str, timeout_s: float = 1.0) -> bool:
    """True when a venue health check answers at ``base_url``."""
    try:
        response = httpx.get(base_url.rstrip("/") + "/api/health", timeout=timeout_s)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and "status" in response.text


class BundledServer:
    """``start()`` returns at once if a venue already answers; ``stop()`` ends only our own process."""

    def __init__(self, base_url: str, data_dir: Path | None = None, dev: bool = True) -> None:
        self.base_url = base_url.rstrip("/")
        self.data_dir = data_dir
        self.dev = dev
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = cache_dir() / "venue-server.log"

    @property
    def started_here(self) -> bool:
        return self.proc is not None

    def command(self) -> list[str]:
        url = urlparse(self.base_url)
        cmd = [sys.executable, "-m", "venue_server", "serve", "--host", url.hostname or "127.0.0.1", "--port", str(url.port or 2328)]
        if self.data_dir is not None:
            cmd += ["--data", str(self.data_dir)]
        if self.dev:
            cmd.append("--dev")
        return cmd

    def start(self, timeout_s: float = 60.0) -> bool:
        """Make sure a venue answers; True when we started it. Raises ``VenueStartError``."""
        if answers(self.base_url):
            return False
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[1])
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise VenueStartError(f"venue server exited with {self.proc.returncode}: {self._log_tail()}")
            if answers(self.base_url, 0.5):
                return True
            time.sleep(0.2)
        self.stop()
        raise VenueStartError(f"venue server did not answer at {self.base_url} within {timeout_s:g} s: {self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-800:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None

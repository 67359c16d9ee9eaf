"""A real audio loopback on a machine without a sound card: a JACK server on its dummy backend.

The dummy backend paces its period clock in real time like a sound card (platform.md §4 option B);
JACK's port graph is the loopback: an output port of the click player is connected to the input
port the app's live input reads, so the click travels through the audio server exactly as a
line-in signal would (one JACK period later). The server gets its own name so it never meets
another JACK server on the machine; it must run before PortAudio initialises (``import
sounddevice``), which is when PortAudio looks for JACK.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from app.processes import stop_process


class LoopbackError(Exception):
    """No JACK on this machine, or the server or a connection failed (the message says which)."""


class JackLoopback:
    def __init__(self, rate: int = 48000, period: int = 256, name: str | None = None, log: Path | None = None) -> None:
        self.rate, self.period = rate, period
        self.name = name or f"phosphene-bench-{os.getpid()}"
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 10.0) -> None:
        jackd = shutil.which("jackd")
        if jackd is None or shutil.which("jack_connect") is None:
            raise LoopbackError("jackd / jack_connect not installed (apt-get install jackd2; scripts/setup.sh does)")
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115 - kept open for the server's life
        cmd = [jackd, "-n", self.name, "--no-realtime", "-d", "dummy", "-r", str(self.rate), "-p", str(self.period)]
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        os.environ["JACK_DEFAULT_SERVER"] = self.name  # PortAudio's client, jack_lsp and jack_connect find it
        os.environ["JACK_NO_START_SERVER"] = "1"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise LoopbackError(f"jackd exited with {self.proc.returncode}" + (f" (log: {self.log})" if self.log else ""))
            if any(p.startswith("system:") for p in self.ports()):
                return
            time.sleep(0.2)
        self.stop()
        raise LoopbackError(f"jackd did not come up within {timeout_s:g} s")

    def ports(self) -> list[str]:
        try:
            done = subprocess.run(["jack_lsp", "-s", self.name], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return []
        return [line.strip() for line in done.stdout.splitlines() if line.strip() and not line.startswith(" ")]

    def connect(self, source: str, destination: str) -> None:
        done = subprocess.run(["jack_connect", "-s", self.name, source, destination], capture_output=True, text=True, timeout=10)
        if done.returncode != 0:
            raise LoopbackError(f"jack_connect {source} {destination}: {(done.stderr or done.stdout).strip()}")

    def disconnect(self, source: str, destination: str) -> None:
        subprocess.run(["jack_disconnect", "-s", self.name, source, destination], capture_output=True, timeout=10)

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None

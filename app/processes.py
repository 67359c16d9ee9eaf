"""Stopping the helper processes the app and its benchmarks start (Xvfb, the venue server, jackd)."""

from __future__ import annotations

import subprocess


def stop_process(proc: subprocess.Popen | None, timeout: float = 5.0) -> None:  # type: ignore[type-arg]
    """Ask ``proc`` to terminate, kill it if it has not exited within ``timeout``, and reap it."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)

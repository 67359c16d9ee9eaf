"""Test harness: a real PostgreSQL server in a temp dir, and the real venue server as a uvicorn subprocess."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DEMO = "phosphene-first-light"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """initdb + pg_ctl into a temp dir on a free loopback port; as root, everything runs as `postgres`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="venue-pg-"))
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._databases = 0

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")

    def new_database(self) -> str:
        import psycopg

        self._databases += 1
        name = f"venue_{self._databases}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class VenueProcess:
    """The venue server as a real process: `python -m venue_server serve --dev` on a free port."""

    data_dir: Path
    database_url: str | None
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'venue.sqlite3'}"

    def start(self, timeout_s: float = 60.0) -> None:
        cmd = [sys.executable, "-m", "venue_server", "serve", "--dev", "--port", str(self.port), "--data", str(self.data_dir)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        self.log = open(self.data_dir / f"server-{self.port}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"venue server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.base_url + "/api/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"venue server did not become healthy in {timeout_s}s")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if not self.log.closed:
            self.log.close()


@dataclass
class Agent:
    username: str
    key: str
    client: httpx.Client

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def get(self, path: str, **kw: object) -> httpx.Response:
        return self.client.get(path, headers=self.headers, **kw)  # type: ignore[arg-type]

    def post(self, path: str, **kw: object) -> httpx.Response:
        return self.client.post(path, headers=self.headers, **kw)  # type: ignore[arg-type]

    def put(self, path: str, **kw: object) -> httpx.Response:
        return self.client.put(path, headers=self.headers, **kw)  # type: ignore[arg-type]


def source_client(venue: VenueProcess, ip: str) -> httpx.Client:
    """A client whose requests come from another loopback address (rate limits keyed by IP)."""
    return httpx.Client(base_url=venue.base_url, transport=httpx.HTTPTransport(local_address=ip), timeout=30)


def synth_track(seconds: float, bpm: float, seed: int, rate: int = 22050) -> np.ndarray:
    """Quiet pad, then kicks on the beat: enough structure for sections, beats and onsets."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    audio = 0.1 * np.sin(2 * np.pi * 220 * t) + 0.01 * rng.standard_normal(len(t))
    period = 60 / bpm
    half = seconds / 2
    for beat in np.arange(half, seconds, period):
        i = int(beat * rate)
        n = min(len(t) - i, int(0.15 * rate))
        tt = np.arange(n) / rate
        audio[i : i + n] += 0.8 * np.sin(2 * np.pi * (50 + 100 * np.exp(-tt * 30)) * tt) * np.exp(-tt * 12)
    return audio.astype(np.float32)

"""`phosphene bench venue`: one venue server process on loopback under N NDJSON listeners, then batch load.

NDJSON: N agents each stream the demo concert at speed 3 (30 ticks/s of wall time each). Clients are
raw asyncio sockets in separate processes (lighter than httpx, so the client costs less CPU than the
server). For every chunk received, lateness = arrival time - due time of the first tick in it, where
due = stream start + (t - start) / speed. Reported: delivered ticks/s, lateness p50/p99, server CPU % and
RSS (from /proc). Batch: C concurrent clients re-fetch full 30 s windows (immediate, no pacing): requests/s, the
server's CPU per request, and how many the server answered from memory (its fast path) or through the database.
Clients run in `--client-procs` processes with raw sockets (about 30 us of CPU per request), so the one server process
is what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TICK = re.compile(rb'\{"type":"tick","t":([0-9.]+)')
DURATION = re.compile(rb'"duration":([0-9.]+)')
SERVER_TIME = re.compile(rb'"server_time":([0-9.]+)')
SPEED = 3.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listeners", type=int, default=2000, help="concurrent NDJSON listeners (default 2000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each listener stays (default 20)")
    parser.add_argument("--client-procs", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--batch-clients", type=int, default=32, help="concurrent batch clients (default 32)")
    parser.add_argument("--batch-seconds", type=float, default=10.0, help="batch phase length (default 10)")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite in a temp dir)")


def _proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, in clock ticks of 10 ms


def _proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _listen(port: int, path: str, key: str, seconds: float, out: dict[str, list[float]]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\r\n".encode())
    await writer.drain()
    started: float | None = None
    head_ok: bool | None = None
    duration = 0.0  # the concert's length, from the meta line; ticks restart at t=0 after each loop
    loops = 0
    ticks = 0
    try:
        async with asyncio.timeout(seconds):  # one deadline per listener, not one timer per read
            while True:
                data = await reader.read(1 << 16)
                if not data:
                    out["errors"].append(1.0)
                    break
                now = time.monotonic()
                if head_ok is None:
                    head_ok = b" 200 " in data.split(b"\r\n", 1)[0]
                    if not head_ok:
                        out["errors"].append(1.0)
                        break
                if started is None:
                    found = SERVER_TIME.search(data)
                    if found is None:
                        continue  # headers only so far; the meta line carries the server's clock
                    # the server's wall clock at the stream's t = 0 (same machine, same clock)
                    started = float(found.group(1)) - time.time() + now
                    out["starts"].append(started)
                    found = DURATION.search(data)
                    duration = float(found.group(1)) if found else 0.0
                first = TICK.search(data)
                marker = data.find(b'"type":"loop"')
                if marker >= 0 and (first is None or marker < first.start()):
                    loops += 1  # the loop restarts t at 0 before this chunk's first tick
                    marker = -1
                if first:
                    due = started + (loops * duration + float(first.group(1))) / SPEED
                    out["lateness"].append(now - due)
                    out["arrivals"].append(now)
                    ticks += data.count(b'"type":"tick"')
                if marker >= 0:
                    loops += 1
    except TimeoutError:
        pass  # the listening time is over
    finally:
        if started is not None and ticks:
            out["rates"].append(ticks / max(1e-3, time.monotonic() - started))  # this listener's delivered ticks/s
        out["ticks"].append(float(ticks))
        writer.close()


def _client_proc(port: int, jobs: list[tuple[str, str]], seconds: float, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    out: dict[str, list[float]] = {"lateness": [], "arrivals": [], "starts": [], "ticks": [], "errors": [], "rates": []}

    async def main() -> None:
        tasks = []
        for path, key in jobs:
            tasks.append(asyncio.create_task(_listen(port, path, key, seconds, out)))
            await asyncio.sleep(0.002)  # stagger connects a little, like real agents arriving
        await asyncio.gather(*tasks, return_exceptions=True)

    _run(main())
    queue.put({"lateness": out["lateness"], "arrivals": out["arrivals"], "last_start": max(out["starts"] or [0.0]), "ticks": sum(out["ticks"]), "errors": len(out["errors"]), "rate": sum(out["rates"])})


def _run(coro: Any) -> None:
    """Clients use uvloop when it is installed, as the server does."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(coro)
        return
    uvloop.run(coro)


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def _batch_worker(port: int, path: str, key: str, stop_at: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 22)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\r\n".encode()
    try:
        while time.monotonic() < stop_at:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length: *(\d+)", head, re.I).group(1))  # type: ignore[union-attr]
            body = await reader.readexactly(length)
            counts[0 if head.startswith(b"HTTP/1.1 200") and body.startswith(b'{"events"') else 1] += 1
    finally:
        writer.close()


def _batch_proc(port: int, jobs: list[tuple[str, str]], seconds: float, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    counts = [0, 0]

    async def main() -> None:
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(_batch_worker(port, path, key, stop_at, counts) for path, key in jobs))

    _run(main())
    queue.put(counts)


def _batch_load(port: int, jobs: list[tuple[str, str]], seconds: float, procs: int) -> tuple[int, int, float]:
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    ctx = mp.get_context("fork")
    workers = [ctx.Process(target=_batch_proc, args=(port, jobs[i::procs], seconds, queue)) for i in range(procs)]
    started = time.monotonic()
    for w in workers:
        w.start()
    results = [queue.get(timeout=seconds + 60) for _ in workers]
    for w in workers:
        w.join(30)
    return sum(r[0] for r in results), sum(r[1] for r in results), time.monotonic() - started


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(data: Path, port: int, database_url: str | None) -> subprocess.Popen[bytes]:
    import httpx

    cmd = [sys.executable, "-m", "venue_server", "serve", "--port", str(port), "--data", str(data)]
    if database_url:
        cmd += ["--database-url", database_url]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parents[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("venue server did not start")


def _tickets(db_url: str, n: int, prefix: str) -> list[tuple[str, str]]:
    """n agents with an active ticket each for the demo concert: (ticket id, API key)."""
    from venue_server.db import Database
    from venue_server.services import accounts
    from venue_server.services.seed import DEMO_SLUG
    from venue_server.services.tickets import attend

    db = Database(db_url)
    out = []
    try:
        for i in range(n):
            user, key = accounts.create_user(db, f"{prefix}-{i}", {}, None, None)
            ticket, _created = attend(db, user, DEMO_SLUG, 0.0)
            out.append((ticket["id"], key))
    finally:
        db.dispose()
    return out


def run(args: argparse.Namespace) -> int:
    from venue_server.services.seed import DEMO_SLUG

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-venue-") as tmp:
        data = Path(tmp)
        db_url = args.database_url or f"sqlite:///{data / 'venue.sqlite3'}"
        server = _start_server(data, port, args.database_url)
        try:
            t = time.monotonic()
            listeners = _tickets(db_url, args.listeners, "listener")
            batchers = _tickets(db_url, args.batch_clients, "batcher")
            print(f"setup: {args.listeners + args.batch_clients} agents with tickets in {time.monotonic() - t:.1f} s")

            # --- NDJSON listeners
            stream = f"/api/concerts/{DEMO_SLUG}/stream?speed={SPEED:g}&mode=stream&ticket="
            jobs = [(stream + ticket, key) for ticket, key in listeners]
            queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
            ctx = mp.get_context("fork")
            procs = [ctx.Process(target=_client_proc, args=(port, jobs[i :: args.client_procs], args.seconds, queue)) for i in range(args.client_procs)]
            cpu0, wall0 = _proc_cpu_s(server.pid), time.monotonic()
            for p in procs:
                p.start()
            time.sleep(args.seconds * 0.8)
            rss = _proc_rss_mb(server.pid)
            results = [queue.get(timeout=args.seconds * 4 + 60) for _ in procs]
            for p in procs:
                p.join(30)
            wall = time.monotonic() - wall0
            cpu = (_proc_cpu_s(server.pid) - cpu0) / wall * 100
            lateness = [x for r in results for x in r["lateness"]]
            steady_from = max(r["last_start"] for r in results) + 3.0  # once every listener is connected, plus 3 s
            steady = [x for r in results for x, at in zip(r["lateness"], r["arrivals"], strict=True) if at >= steady_from]
            ticks = sum(r["ticks"] for r in results)
            errors = sum(r["errors"] for r in results)
            expected = args.listeners * SPEED * 10
            print(f"ndjson: {args.listeners} listeners at speed {SPEED:g}, {args.seconds:g} s each, {args.client_procs} client procs")
            rate = sum(r["rate"] for r in results)
            print(f"  delivered ticks/s: {rate:,.0f} while connected (ideal {expected:,.0f}); {ticks:,} ticks in all; stream errors: {errors}")
            for label, values in (("whole run", lateness), ("steady", steady)):
                print(f"  lateness {label} (arrival - due, first tick of each chunk): p50 {1000 * _pct(values, 0.5):.1f} ms, "
                      f"p99 {1000 * _pct(values, 0.99):.1f} ms, max {1000 * max(values or [0]):.1f} ms over {len(values):,} chunks")
            print(f"  server CPU {cpu:.0f} % of one core, RSS {rss:.0f} MB")
            import httpx

            server_side = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=30).json()["streams"]
            late = server_side.get("lateness_ms", {})
            print(f"  server-side write lateness (last {server_side['window_s']:g} s, {server_side['writes']:,} writes): "
                  f"p50 {late.get('p50')} ms, p99 {late.get('p99')} ms, max {late.get('max')} ms")

            # --- batch requests
            path = f"/api/concerts/{DEMO_SLUG}/stream?speed=3&window=30&start=0&ticket="
            bjobs = [(path + ticket, key) for ticket, key in batchers]
            answers0 = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=30).json()["streams"]["batch_answers"]
            cpu0, w0 = _proc_cpu_s(server.pid), time.monotonic()
            ok, bad, elapsed = _batch_load(port, bjobs, args.batch_seconds, args.client_procs)
            bcpu_s = _proc_cpu_s(server.pid) - cpu0
            bcpu = bcpu_s / (time.monotonic() - w0) * 100
            answers = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=30).json()["streams"]["batch_answers"]
            memory, database = (answers[k] - answers0[k] for k in ("memory", "database"))
            print(f"batch: {args.batch_clients} clients re-fetching 30 s windows: {ok / elapsed:,.0f} requests/s ({bad} other responses), "
                  f"server CPU {bcpu:.0f} % = {1000 * bcpu_s / max(1, ok):.3f} ms per request; answered from memory {memory:,}, from the database {database:,}")
            p99 = _pct(steady, 0.99)
            print(f"targets: 2,000 listeners steady p99 <= 100 ms: {'met' if args.listeners >= 2000 and p99 <= 0.1 and errors == 0 else 'NOT met'}; "
                  f">= 2,000 batch requests/s: {'met' if ok / elapsed >= 2000 else 'NOT met'}")
        finally:
            server.terminate()
            server.wait(15)
    return 0

"""kill -9 of the server while agents write: every acknowledged write is still there after a restart."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from venue_harness import DEMO, VenueProcess
from venue_server.db import Database
from venue_server.services import accounts

WRITERS = 6


@pytest.fixture
def fresh_venue(backend: str, request: pytest.FixtureRequest, tmp_path) -> VenueProcess:  # type: ignore[no-untyped-def]
    url = request.getfixturevalue("postgres").new_database() if backend == "postgresql" else None
    return VenueProcess(tmp_path, url)


def test_kill_9_loses_no_acknowledged_write(fresh_venue: VenueProcess) -> None:
    venue = fresh_venue
    venue.start()
    db = Database(venue.db_url)
    try:
        keys = [accounts.create_user(db, f"durable-{i}", {}, None, None)[1] for i in range(WRITERS)]
    finally:
        db.dispose()
    acked: list[int] = [-1] * WRITERS
    tickets: list[str] = []
    stop = threading.Event()

    def writer(i: int) -> None:
        headers = {"Authorization": f"Bearer {keys[i]}"}
        with httpx.Client(base_url=venue.base_url, timeout=30) as client:
            n = 0
            while not stop.is_set():
                try:
                    r = client.put("/api/me", json={"bio": f"write {n}"}, headers=headers)
                    if i == 0 and n % 5 == 0:
                        t = client.post(f"/api/concerts/{DEMO}/attend", headers=headers)
                        if t.status_code in (200, 201):
                            tickets.append(t.json()["ticket"]["id"])
                except httpx.TimeoutException:
                    if stop.is_set():
                        return
                    n += 1  # unacknowledged: it may or may not have been stored; later writes supersede it
                    continue
                except httpx.TransportError:
                    return  # the server is gone
                if r.status_code == 200 and r.json()["user"]["bio"] == f"write {n}":
                    acked[i] = n  # acknowledged: the response says it is stored
                n += 1

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while min(acked) < 5 and time.monotonic() < deadline:  # let every writer get going, however busy the machine
        time.sleep(0.05)
    time.sleep(0.2)
    venue.kill9()  # mid-flight: writers are blocked in requests right now
    stop.set()
    for t in threads:
        t.join(10)
    assert min(acked) >= 3, f"too few writes before the kill: {acked}"

    venue.start()
    try:
        for i, key in enumerate(keys):
            bio = httpx.get(venue.base_url + "/api/me", headers={"Authorization": f"Bearer {key}"}, timeout=30).json()["user"]["bio"]
            stored = int(bio.split()[1])
            # the last acknowledged write, or the one in flight at the kill (it may have committed unacknowledged)
            assert stored in (acked[i], acked[i] + 1), (i, stored, acked[i])
        for ticket in set(tickets):
            r = httpx.get(f"{venue.base_url}/api/tickets/{ticket}", headers={"Authorization": f"Bearer {keys[0]}"}, timeout=30)
            assert r.status_code == 200
        if venue.database_url is None:
            check = Database(venue.db_url)
            try:
                with check.engine.connect() as conn:
                    assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            finally:
                check.dispose()
    finally:
        venue.stop()

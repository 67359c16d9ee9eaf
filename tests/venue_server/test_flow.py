"""End to end over real HTTP, as an agent walks it: register, browse, attend, stream (batch and NDJSON,
with a dropped connection resumed from stream_position), ticket completion."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from venue_harness import DEMO, VenueProcess, source_client, synth_track


def _eventually(check: Any, timeout_s: float = 15.0) -> Any:
    """Poll until `check()` returns something truthy (the server records positions asynchronously)."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def _assert_ticks(events: list[dict[str, Any]]) -> None:
    ticks = [e for e in events if e["type"] == "tick"]
    assert ticks, "no ticks"
    for tick in ticks:
        assert set(tick["a"]) == {"b", "m", "t"}, tick  # no a.v
        assert all(0.0 <= v <= 1.0 for v in tick["a"].values()), tick
    steps = {round(b["t"] - a["t"], 3) for a, b in zip(ticks, ticks[1:]) if b["t"] > a["t"]}
    assert steps <= {0.1}, f"ticks not at 10 Hz: {sorted(steps)[:5]}"


def _read_ndjson(client: httpx.Client, url: str, headers: dict[str, str], params: dict[str, Any], until: Any) -> list[dict[str, Any]]:
    events = []
    with client.stream("GET", url, params=params, headers=headers) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("application/x-ndjson")
        for line in response.iter_lines():
            events.append(json.loads(line))
            if until(events[-1]):
                break  # leaving the block closes the connection: a dropped stream
    return events


def test_agent_walks_the_whole_flow(venue: VenueProcess) -> None:
    with source_client(venue, "127.0.0.2") as client:
        discovery = client.get("/api").json()
        assert any(a["action"] == "register" for a in discovery["actions"])
        reg = client.post("/api/auth/register", json={"username": f"flow-{venue.port}", "model_info": {"provider": "local", "model": "test"}})
        assert reg.status_code == 201, reg.text
        key = reg.json()["user"]["api_key"]
        assert key.startswith("venue_") and reg.json()["next_steps"]
        h = {"Authorization": f"Bearer {key}"}

        listing = client.get("/api/concerts").json()
        assert DEMO in [c["slug"] for c in listing["concerts"]] and listing["next_steps"]
        detail = client.get(f"/api/concerts/{DEMO}").json()
        assert detail["track_count"] == 2 and detail["mode"] == "loop" and "activity" in detail

        attend = client.post(f"/api/concerts/{DEMO}/attend", headers=h)
        assert attend.status_code == 201, attend.text
        ticket = attend.json()["ticket"]
        assert ticket["status"] == "active" and ticket["tier"] == "general"
        stream = f"/api/concerts/{DEMO}/stream"

        # --- batch mode: poll windows, honour wait_seconds, see the waiting countdown when early
        params: dict[str, Any] = {"ticket": ticket["id"], "speed": 5, "window": 10}
        first = client.get(stream, params=params, headers=h).json()
        types = [e["type"] for e in first["events"]]
        assert types[:2] == ["meta", "tier_invitation"] and "track" in types and "act" in types
        assert first["events"][0]["layer_count"] == 8 and first["events"][0]["layers_hidden"] == 21
        assert first["progress"]["position"] == 10.0 and first["next_batch"]["wait_seconds"] == 2.0
        early = client.get(first["next_batch"]["endpoint"], headers=h).json()
        assert early["waiting"] is True and 0 < early["retry_in_seconds"] <= 2.0 and early["next_steps"]
        events = list(first["events"])
        batch = first
        # The agent "crashes" here: it recovers the position from /api/me and carries on from there.
        me = client.get("/api/me", headers=h).json()
        assert me["active_ticket"]["id"] == ticket["id"] and me["active_ticket"]["stream_position"] == 10.0
        batch = {"next_batch": {"endpoint": f"{stream}?ticket={ticket['id']}&speed=50&window=10&start={me['active_ticket']['stream_position']}", "wait_seconds": 2.0}}
        while "next_batch" in batch:
            time.sleep(batch["next_batch"]["wait_seconds"])
            batch = client.get(batch["next_batch"]["endpoint"], headers=h).json()
            assert "waiting" not in batch, batch
            events += batch["events"][1:]  # each batch starts with meta
        assert batch["events"][-1]["type"] == "end" and batch["progress"]["complete"] is True
        assert batch["events"][-1]["engagement_summary"]["tier"] == "general"
        _assert_ticks(events)
        assert sum(1 for e in events if e["type"] == "tick") == 440  # 44 s at 10 Hz, no gaps or repeats
        assert [e["t"] for e in events if e["type"] == "crowd"] == [10, 20, 30, 40]
        assert client.get(f"/api/tickets/{ticket['id']}", headers=h).json()["ticket"]["status"] == "complete"
        again = client.get(stream, params=params, headers=h)
        assert again.status_code == 403 and "attend" in again.json()["suggestion"]

        # --- NDJSON mode: drop the connection mid-stream, resume from stream_position, finish one loop
        ticket2 = client.post(f"/api/concerts/{DEMO}/attend", headers=h).json()["ticket"]
        assert ticket2["id"] != ticket["id"]
        p2 = {"ticket": ticket2["id"], "speed": 50, "mode": "stream"}
        # speed 10 for the first part: the drop must come well before the loop ends, even on a busy machine
        part1 = _read_ndjson(client, stream, h, {**p2, "speed": 10}, until=lambda e: e.get("t", 0) >= 20 and e["type"] == "tick")
        assert part1[0]["type"] == "meta" and part1[0]["stream_position"] == 0
        # the server notices the disconnect and records the position
        recovery = _eventually(lambda: (a := client.get("/api/me", headers=h).json()["active_ticket"]) and a["stream_position"] >= 20 and a)
        assert recovery["id"] == ticket2["id"] and recovery["status"] == "active"
        position = recovery["stream_position"]
        assert 20.0 <= position < 44.0, position  # what was sent before the drop was noticed
        part2 = _read_ndjson(client, stream, h, {**p2, "start": position}, until=lambda e: e["type"] == "loop")
        assert part2[0]["type"] == "meta" and part2[0]["stream_position"] == position
        resumed_ticks = [e for e in part2 if e["type"] == "tick"]
        assert resumed_ticks[0]["t"] >= position and resumed_ticks[-1]["t"] == 44.0
        _assert_ticks(part1)
        _assert_ticks(part2)
        assert part2[-1]["iteration"] == 2
        done = _eventually(lambda: (tk := client.get(f"/api/tickets/{ticket2['id']}", headers=h).json()["ticket"])["status"] == "complete" and tk)
        assert done["status"] == "complete" and done["completed_at"]
        me = client.get("/api/me", headers=h).json()
        assert me["active_ticket"] is None and me["completed_concert_slugs"] == [DEMO] and me["completed_concerts"] == 1


def test_early_disconnect_does_not_complete(venue: VenueProcess, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    params = {"ticket": ticket["id"], "speed": 10, "mode": "stream"}
    events = _read_ndjson(agent.client, f"/api/concerts/{DEMO}/stream", agent.headers, params, until=lambda e: e.get("t", 0) >= 5)
    assert events[-1]["t"] >= 5
    status = _eventually(lambda: (tk := agent.get(f"/api/tickets/{ticket['id']}").json()["ticket"])["stream_position"] >= 5 and tk)
    assert status["status"] == "active" and status["stream_position"] >= 5


def test_scheduled_concert_ends_and_completes_in_ndjson(venue: VenueProcess, make_agent, make_concert) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    slug = make_concert(mode="scheduled", scheduled_at=datetime.now(UTC) - timedelta(minutes=1))
    agent = make_agent("floor")
    ticket = agent.post(f"/api/concerts/{slug}/attend").json()["ticket"]
    assert ticket["tier"] == "floor"
    events = _read_ndjson(agent.client, f"/api/concerts/{slug}/stream", agent.headers, {"ticket": ticket["id"], "speed": 50, "mode": "stream"}, until=lambda e: False)
    assert events[-1]["type"] == "end" and events[-1]["engagement_summary"]["tier"] == "floor"
    assert [e["type"] for e in events[:2]] == ["meta", "tier_reveal"]
    assert _eventually(lambda: agent.get(f"/api/tickets/{ticket['id']}").json()["ticket"]["status"] == "complete")


def test_a_track_without_analysis_is_skipped(venue: VenueProcess, make_agent, db) -> None:  # type: ignore[no-untyped-def]
    from venue_server.analysis import analyse
    from venue_server.services.hosting import TrackSpec, create_concert

    good = analyse(synth_track(6.0, 120, 3, 22050), 22050, [])
    slug = create_concert(db, f"Skip Test {venue.port}", [TrackSpec("Missing", None, None), TrackSpec("Present", None, good)], mode="scheduled")
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{slug}/attend").json()["ticket"]
    events = agent.get(f"/api/concerts/{slug}/stream", params={"ticket": ticket["id"], "speed": 50, "window": 30}).json()["events"]
    skip = next(e for e in events if e["type"] == "track_skip")
    assert skip == {"type": "track_skip", "t": 0.0, "position": 0, "reason": "Track manifest not found"}
    assert [e["title"] for e in events if e["type"] == "track"] == ["Present"] and events[-1]["type"] == "end"


def test_a_new_connection_takes_over_the_ticket(venue: VenueProcess, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    params = {"ticket": ticket["id"], "speed": 3, "mode": "stream"}
    with httpx.Client(base_url=venue.base_url, timeout=30) as first_client:
        with first_client.stream("GET", f"/api/concerts/{DEMO}/stream", params=params, headers=agent.headers) as first:
            lines = first.iter_lines()
            assert json.loads(next(lines))["type"] == "meta"
            second = _read_ndjson(agent.client, f"/api/concerts/{DEMO}/stream", agent.headers, params, until=lambda e: e["type"] == "tick")
            assert second[0]["type"] == "meta"
            rest = list(lines)  # the replaced stream ends by itself, without an end event
            assert all(json.loads(line)["type"] != "end" for line in rest if line)
    assert agent.get(f"/api/tickets/{ticket['id']}").json()["ticket"]["status"] == "active"

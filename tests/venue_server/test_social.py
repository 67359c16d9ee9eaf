"""Reactions (and their crowd events in live streams), chat, capacity, schedule/RSVP, expiry."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from venue_harness import DEMO
from venue_server.models import Ticket


def test_reactions_need_a_ticket_and_reach_live_streams(make_agent, make_concert) -> None:  # type: ignore[no-untyped-def]
    slug = make_concert()
    fan, listener = make_agent(), make_agent()
    assert fan.post(f"/api/concerts/{slug}/react", json={"reaction": "fire"}).status_code == 403
    fan.post(f"/api/concerts/{slug}/attend")
    r = fan.post(f"/api/concerts/{slug}/react", json={"reaction": "fire"})
    assert r.status_code == 201 and r.json()["counts"]["fire"] == 1 and len(r.json()["counts"]) == 20
    listing = fan.client.get(f"/api/concerts/{slug}/react").json()
    assert len(listing["reactions"]) == 20 and listing["counts"]["fire"] == 1
    ticket = listener.post(f"/api/concerts/{slug}/attend").json()["ticket"]
    crowd = None
    with listener.client.stream("GET", f"/api/concerts/{slug}/stream", params={"ticket": ticket["id"], "speed": 50, "mode": "stream"}, headers=listener.headers) as s:
        for line in s.iter_lines():
            event = json.loads(line)
            if event["type"] == "crowd":
                crowd = event
                break
    assert crowd is not None and crowd["t"] == 10 and crowd["reactions"] == {"fire": 1}
    assert fan.client.get(f"/api/concerts/{slug}").json()["reactions"] == {"fire": 1}


def test_chat_truncates_and_polls_with_since(make_agent, make_concert) -> None:  # type: ignore[no-untyped-def]
    slug = make_concert()
    a, b = make_agent(), make_agent()
    assert a.post(f"/api/concerts/{slug}/chat", json={"message": "hi"}).status_code == 403
    for agent in (a, b):
        agent.post(f"/api/concerts/{slug}/attend")
    long = ("signal " * 100).strip()
    first = a.post(f"/api/concerts/{slug}/chat", json={"message": long}).json()
    assert first["truncated_fields"] == ["message"] and len(first["chat"]["message"]) <= 500 and first["chat"]["message"].endswith("signal")
    time.sleep(0.01)
    b.post(f"/api/concerts/{slug}/chat", json={"message": "second"})
    everything = a.client.get(f"/api/concerts/{slug}/chat").json()["messages"]
    assert [m["username"] for m in everything] == [a.username, b.username]
    newer = a.client.get(f"/api/concerts/{slug}/chat", params={"since": first["chat"]["created_at"]}).json()["messages"]
    assert [m["message"] for m in newer] == ["second"]
    assert len(a.client.get(f"/api/concerts/{slug}/chat", params={"limit": 1}).json()["messages"]) == 1
    assert b.post(f"/api/concerts/{slug}/chat", json={"message": "   "}).status_code in (400, 429)


def test_capacity_counts_concurrent_active_tickets(make_agent, make_concert, db) -> None:  # type: ignore[no-untyped-def]
    slug = make_concert(capacity=2)
    agents = [make_agent() for _ in range(5)]
    with ThreadPoolExecutor(5) as pool:
        responses = list(pool.map(lambda ag: ag.post(f"/api/concerts/{slug}/attend"), agents))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 201, 409, 409, 409], codes
    sold_out = next(r for r in responses if r.status_code == 409).json()
    assert "Sold out" in sold_out["error"] and sold_out["suggestion"]
    holder = next(r for r in responses if r.status_code == 201).json()["ticket"]
    with db.write() as session:  # one seat frees up when its ticket expires
        session.execute(update(Ticket).where(Ticket.id == holder["id"]).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    waiting = [ag for ag, r in zip(agents, responses, strict=True) if r.status_code == 409]
    assert waiting[0].post(f"/api/concerts/{slug}/attend").status_code == 201
    assert waiting[1].post(f"/api/concerts/{slug}/attend").status_code == 409


def test_expired_ticket_cannot_stream(make_agent, db) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    created, expires = (datetime.fromisoformat(ticket[k]) for k in ("created_at", "expires_at"))
    assert (expires - created).total_seconds() == 3600  # max(1 h, 44 s + 0 lobby + 15 min)
    with db.write() as session:
        session.execute(update(Ticket).where(Ticket.id == ticket["id"]).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    r = agent.get(f"/api/concerts/{DEMO}/stream", params={"ticket": ticket["id"]})
    assert r.status_code == 403 and "expired" in r.json()["error"].lower()
    assert agent.get(f"/api/tickets/{ticket['id']}").json()["ticket"]["status"] == "expired"
    assert agent.post(f"/api/concerts/{DEMO}/attend").status_code == 201  # and may attend again


def test_scheduled_concert_doors_and_rsvp(make_agent, make_concert) -> None:  # type: ignore[no-untyped-def]
    start = datetime.now(UTC) + timedelta(hours=2)
    slug = make_concert(mode="scheduled", scheduled_at=start)
    agent = make_agent()
    early = agent.post(f"/api/concerts/{slug}/attend")
    assert early.status_code == 409 and "rsvp" in early.json()["suggestion"].lower()
    assert agent.post(f"/api/concerts/{slug}/rsvp").status_code == 201
    assert agent.post(f"/api/concerts/{slug}/rsvp").status_code == 200
    rsvps = agent.get("/api/me/rsvps").json()["rsvps"]
    assert [r["slug"] for r in rsvps] == [slug]
    doors = datetime.fromisoformat(rsvps[0]["doors_at"])
    assert doors == start - timedelta(minutes=10)
    assert agent.client.delete(f"/api/concerts/{slug}/rsvp", headers=agent.headers).status_code == 200
    assert agent.get("/api/me/rsvps").json()["rsvps"] == []

"""The batch fast path answers re-fetches from memory with the route's exact answers, and never serves a stale ticket."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

import httpx

from venue_harness import DEMO, Agent, VenueProcess, source_client
from venue_server.db import Database
from venue_server.services import accounts

STREAM = f"/api/concerts/{DEMO}/stream"


def _answers(http: httpx.Client) -> dict[str, int]:
    return dict(http.get("/api/health").json()["streams"]["batch_answers"])


def _timeless(body: dict[str, Any]) -> dict[str, Any]:
    """The body without what depends on the moment of the call."""
    body = json.loads(json.dumps(body))
    body.get("next_batch", {}).pop("available_at", None)
    return body


def test_a_refetch_from_memory_is_the_databases_answer(venue: VenueProcess, db: Database, http: httpx.Client) -> None:
    name, password = f"fast-{secrets.token_hex(3)}", "correct horse battery"
    _user, key = accounts.create_user(db, name, {}, password, None)
    agent = Agent(name, key, http)
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    params = {"ticket": ticket["id"], "speed": 3, "window": 30, "start": 0}
    first = agent.get(STREAM, params=params)
    assert first.status_code == 200, first.text
    before = _answers(http)
    again = agent.get(STREAM, params=params)
    after = _answers(http)
    assert after["memory"] == before["memory"] + 1 and after["database"] == before["database"], (before, after)
    assert again.headers["content-type"] == first.headers["content-type"] and again.headers["cache-control"] == "no-store"
    with source_client(venue, "127.0.0.4") as web:  # a session cookie always takes the route (and the database)
        assert web.post("/api/auth/login", json={"username": name, "password": password}).status_code == 200
        routed = web.get(STREAM, params=params)
    assert _answers(http)["database"] == after["database"] + 1
    assert routed.status_code == 200 and _timeless(routed.json()) == _timeless(again.json()) == _timeless(first.json())
    assert again.json()["events"][0]["attendees"] and [e["type"] for e in again.json()["events"][:2]] == ["meta", "tier_invitation"]

    # early for the next window: the countdown comes from memory too, and the same as the route's
    nxt = {**params, "start": 30}
    countdown = agent.get(STREAM, params=nxt).json()
    assert countdown["waiting"] is True and countdown["next_steps"][0]["action"] == "next_batch"


def test_malformed_parameters_get_the_routes_400_when_the_caller_is_cached(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]["id"]
    assert agent.get(STREAM, params={"ticket": ticket}).status_code == 200  # caches the key and the ticket
    for query in (f"ticket={ticket}&speed=abc", f"ticket={ticket}&start=-1", f"ticket={ticket}&window=5", f"ticket={ticket}&speed=51",
                  f"ticket={ticket}&start=1e9", f"ticket={ticket}&mode=bogus", "ticket=", f"ticket={ticket}&start=9999", "speed=3"):  # fmt: skip
        r = agent.get(f"{STREAM}?{query}")
        assert r.status_code == 400, (query, r.status_code, r.text)
        body = r.json()
        assert body["error"] and body["suggestion"] and body["next_steps"], query
    assert "speed must be between 1 and 50" in agent.get(f"{STREAM}?ticket={ticket}&speed=51").json()["error"]


def test_a_cached_ticket_is_still_only_its_owners(make_agent, make_concert) -> None:  # type: ignore[no-untyped-def]
    owner, thief = make_agent(), make_agent()
    ticket = owner.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]["id"]
    own = thief.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]["id"]
    assert owner.get(STREAM, params={"ticket": ticket}).status_code == 200
    assert thief.get(STREAM, params={"ticket": own}).status_code == 200  # both keys and tickets are cached now
    stolen = thief.get(STREAM, params={"ticket": ticket})
    assert stolen.status_code == 403 and "another agent" in stolen.json()["error"]
    other = make_concert()
    wrong_concert = owner.get(f"/api/concerts/{other}/stream", params={"ticket": ticket})
    assert wrong_concert.status_code == 403 and DEMO in wrong_concert.json()["error"]
    assert owner.get(f"/api/tickets/{ticket}").json()["ticket"]["stream_position"] == 30.0


def test_a_completed_ticket_is_refused_at_once(make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]["id"]
    params = {"ticket": ticket, "speed": 50, "window": 30, "start": 0}
    first = agent.get(STREAM, params=params).json()
    assert agent.get(STREAM, params=params).status_code == 200  # from memory
    time.sleep(first["next_batch"]["wait_seconds"])
    last = agent.get(first["next_batch"]["endpoint"])
    assert last.status_code == 200 and last.json()["progress"]["complete"] is True, last.text  # written, then remembered
    refused = agent.get(STREAM, params=params)
    assert refused.status_code == 403 and "complete" in refused.json()["error"]

"""Authentication and ownership: missing, malformed and invalid credentials; other agents' tickets; web sessions."""

from __future__ import annotations

import pytest

from venue_harness import DEMO, VenueProcess, source_client


@pytest.mark.parametrize("path,method", [("/api/me", "GET"), (f"/api/concerts/{DEMO}/attend", "POST"), ("/api/tickets/x", "GET"), ("/api/me/avatar", "GET")])
def test_missing_credentials_are_401_with_suggestion(http, path: str, method: str) -> None:  # type: ignore[no-untyped-def]
    r = http.request(method, path)
    assert r.status_code == 401
    body = r.json()
    assert body["error"] and "Bearer" in body["suggestion"] and body["next_steps"][0]["action"] == "register"
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer venue_not-a-real-key", "Bearer nope", "Basic abc", "Bearer", "venue_no_scheme"])
def test_invalid_or_malformed_keys_are_401(http, header: str) -> None:  # type: ignore[no-untyped-def]
    r = http.get("/api/me", headers={"Authorization": header})
    assert r.status_code == 401 and r.json()["suggestion"]


def test_api_key_is_stored_hashed(make_agent, db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from venue_server.models import User

    agent = make_agent()
    with db.read() as session:
        stored = session.scalar(select(User.api_key_hash).where(User.username == agent.username))
    assert stored and agent.key not in stored and len(stored) == 64


def test_another_agents_ticket_cannot_be_read_or_streamed(make_agent) -> None:  # type: ignore[no-untyped-def]
    owner, thief = make_agent(), make_agent()
    ticket = owner.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    assert thief.get(f"/api/tickets/{ticket['id']}").status_code == 403
    for params in ({"ticket": ticket["id"]}, {"ticket": ticket["id"], "mode": "stream"}):
        r = thief.get(f"/api/concerts/{DEMO}/stream", params=params)
        assert r.status_code == 403 and "another agent" in r.json()["error"]
    assert "active_ticket" in thief.get("/api/me").json() and thief.get("/api/me").json()["active_ticket"] is None
    # the owner's ticket was not touched by the attempts
    assert owner.get(f"/api/tickets/{ticket['id']}").json()["ticket"]["stream_position"] == 0.0
    assert thief.get("/api/tickets/00000000-0000-0000-0000-000000000000").status_code == 404


def test_ticket_only_streams_its_own_concert(make_agent, make_concert) -> None:  # type: ignore[no-untyped-def]
    other = make_concert()
    agent = make_agent()
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]
    r = agent.get(f"/api/concerts/{other}/stream", params={"ticket": ticket["id"]})
    assert r.status_code == 403 and DEMO in r.json()["suggestion"]


def test_register_login_session_cookie_logout(venue: VenueProcess) -> None:
    with source_client(venue, "127.0.0.3") as client:
        r = client.post("/api/auth/register", json={"username": f"web-{venue.port}", "password": "correct horse"})
        assert r.status_code == 201
        assert client.post("/api/auth/register", json={"username": f"WEB-{venue.port}"}).status_code == 409
        bad = client.post("/api/auth/login", json={"username": f"web-{venue.port}", "password": "wrong password"})
        assert bad.status_code == 401 and bad.json()["suggestion"]
        ok = client.post("/api/auth/login", json={"username": f"web-{venue.port}", "password": "correct horse"})
        assert ok.status_code == 200 and "venue_session" in ok.cookies
        assert client.get("/api/me").json()["user"]["username"] == f"web-{venue.port}"
        assert client.post("/api/auth/logout").status_code == 200
        client.cookies.clear()
        client.cookies.set("venue_session", ok.cookies["venue_session"])
        assert client.get("/api/me").status_code == 401  # the session is gone server-side, not just the cookie
